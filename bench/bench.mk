# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Benchmarks against plain SQL and against the floors, included by the root Makefile; not part
# of `make test`.
#   make bench          install what is missing, build and install both extensions, time capes
#                       against plain SQL in SQLite (build/bench/bench.sqlite) and PostgreSQL (a
#                       throwaway pg_virtualenv cluster); count every capes scalar against its
#                       floor (bench/floor/: the same arguments and result, nothing else) with
#                       callgrind in both engines and time it in PostgreSQL; time a bulk load of the
#                       case register with and without its trigger; print the ratios, write
#                       bench/results.md
#   make bench-profile  callgrind profiles of the hot paths (SQLite CLI and a single-user
#                       PostgreSQL backend, 100k rows each), for when a ratio misses its target
# BENCH_REPS=N (default 5) sets the number of timed runs of each query.
#
# The floors are built here only: build/bench/floor.so for SQLite, and the PostgreSQL extension
# capes_floor (bench/floor/, PGXS), installed into the system's PostgreSQL 15 for the bench's
# throwaway cluster and uninstalled after it, whatever its outcome. make install never installs
# them, and no package holds them.

BENCH_DIR    := $(BUILD)/bench
BENCH_DATA   := $(BENCH_DIR)/penalty_rows.csv $(BENCH_DIR)/contract_risks.csv $(BENCH_DIR)/holidays.csv \
                $(BENCH_DIR)/steps.csv $(BENCH_DIR)/histories.csv $(BENCH_DIR)/histories_1m.csv
BENCH_FLOOR  := $(BENCH_DIR)/floor.so

.PHONY: bench bench-deps bench-profile
bench-deps:
	@scripts/install-deps all
	@$(MAKE) --no-print-directory sqlite install

# Deterministic (fixed seed): generated once, kept until the generators change (the steps take
# the transition table from the vectors' model).
$(BENCH_DATA) &: bench/gen.py bench/holidays.py tests/vectors/oracle.py
	$(PYTHON) bench/gen.py $(BENCH_DIR)

$(BENCH_FLOOR): bench/floor/floor_sqlite.c | bench-deps
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -fPIC -shared -fvisibility=hidden $< -o $@

bench: bench-deps $(BENCH_DATA) $(BENCH_FLOOR) $(BUILD)/catalog.json
	$(PYTHON) bench/bench.py sqlite $(BENCH_DIR) $(BUILD)/capes.so
	$(PYTHON) bench/bench.py floor-sqlite $(BENCH_DIR) $(BUILD)/capes.so $(BENCH_FLOOR) $(BUILD)/catalog.json
	$(MAKE) --no-print-directory -C bench/floor
	$(PG_SUDO) $(MAKE) --no-print-directory -C bench/floor install
	rc=0; $(PYTHON) bench/bench.py floor-pg $(BENCH_DIR) && \
	  pg_virtualenv -v 15 -o shared_buffers=1GB -o max_wal_size=8GB -o checkpoint_timeout=1h \
	    $(PYTHON) bench/bench.py pg $(abspath $(BENCH_DIR)) $(abspath $(BUILD)/catalog.json) || rc=$$?; \
	  $(PG_SUDO) $(MAKE) --no-print-directory -C bench/floor uninstall; exit $$rc
	BENCH_COMMAND='make bench$(if $(BENCH_REPS), BENCH_REPS=$(BENCH_REPS))' \
	  $(PYTHON) bench/bench.py report $(BENCH_DIR) bench/results.md $(BUILD)/catalog.json

bench-profile: bench-deps $(BENCH_DATA)
	$(PYTHON) bench/bench.py sqlite-db $(BENCH_DIR)
	bench/profile $(BENCH_DIR) $(BUILD)/capes.so

# The PostgreSQL floor's PGXS objects are built in bench/floor/, as pg_ext's are in pg_ext/.
.PHONY: bench-floor-clean
clean: bench-floor-clean
bench-floor-clean:
	-$(MAKE) -C bench/floor clean >/dev/null 2>&1 || true
