# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Benchmarks against plain SQL, included by the root Makefile; not part of `make test`.
#   make bench          install what is missing, build and install both extensions, time capes
#                       against plain SQL in SQLite (build/bench/bench.sqlite) and PostgreSQL (a
#                       throwaway pg_virtualenv cluster), print the ratios, write bench/results.md
#   make bench-profile  callgrind profiles of the hot paths (SQLite CLI and a single-user
#                       PostgreSQL backend, 100k rows each), for when a ratio misses its target
# BENCH_REPS=N (default 5) sets the number of timed runs of each query.

BENCH_DIR    := $(BUILD)/bench
BENCH_DATA   := $(BENCH_DIR)/penalty_rows.csv $(BENCH_DIR)/contract_risks.csv $(BENCH_DIR)/holidays.csv

.PHONY: bench bench-deps bench-profile
bench-deps:
	@scripts/install-deps all
	@$(MAKE) --no-print-directory sqlite install

# Deterministic (fixed seed): generated once, kept until bench/gen.py or bench/holidays.py change.
$(BENCH_DATA) &: bench/gen.py bench/holidays.py
	$(PYTHON) bench/gen.py $(BENCH_DIR)

bench: bench-deps $(BENCH_DATA)
	$(PYTHON) bench/bench.py sqlite $(BENCH_DIR) $(BUILD)/capes.so
	pg_virtualenv -v 15 -o shared_buffers=1GB -o max_wal_size=8GB -o checkpoint_timeout=1h \
	  $(PYTHON) bench/bench.py pg $(abspath $(BENCH_DIR))
	$(PYTHON) bench/bench.py report $(BENCH_DIR) bench/results.md

bench-profile: bench-deps $(BENCH_DATA)
	$(PYTHON) bench/bench.py sqlite-db $(BENCH_DIR)
	bench/profile $(BENCH_DIR) $(BUILD)/capes.so
