# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Hardening suites of capes, included by the root Makefile:
#     -include tests/hardening/hardening.mk
# (before that line exists: make -f Makefile -f tests/hardening/hardening.mk TARGET)
#   make test-matrix-sqlite     the bad-input matrix (tests/hardening/matrix.csv) on SQLite
#   make test-matrix-pg         the same matrix on PostgreSQL 15, in one transaction, with
#                               savepoints, in a throwaway cluster (pg_virtualenv)
#   make test-sqlite-valgrind   every vector row and every matrix row through build/capes.so
#                               under valgrind: no memory error, no leak
#   make test-sqlite-asan       the same through the static build with ASan and UBSan
#   make test-search-path-pg    capes, its aggregates and the register with a hostile schema
#                               first on the search_path (tests/hardening/search_path.sql)
# Each prints TAP. tests/hardening/README.md says what each covers.

HARDENING_BUILD  := $(BUILD)/hardening
HARDENING_DRIVER := $(HARDENING_BUILD)/driver
HARDENING_ASAN   := $(HARDENING_BUILD)/driver-asan

SUITES += matrix-sqlite matrix-pg sqlite-valgrind sqlite-asan search-path-pg

.PHONY: test-matrix-sqlite test-matrix-pg test-sqlite-valgrind test-sqlite-asan test-search-path-pg

$(HARDENING_BUILD):
	mkdir -p $@

# The driver alone: capes comes in through sqlite3_load_extension.
$(HARDENING_DRIVER): tests/hardening/driver.c | sqlite-deps $(HARDENING_BUILD)
	$(CC) $(WARN) $(CFLAGS) $< -lsqlite3 -o $@

# The driver with the glue and the core compiled in (-DSQLITE_CORE, sqlite3_auto_extension),
# all under the sanitizers, so that their runtime is in the executable.
$(HARDENING_ASAN): tests/hardening/driver.c $(SQLITE_SRC) $(SQLITE_HDR) $(CORE_SRC) | sqlite-deps $(HARDENING_BUILD)
	$(CC) $(WARN) -O1 -g $(SANITIZE) $(CORE_DEFS) -DCAPES_STATIC -DSQLITE_CORE -Icore -Isqlite_ext \
	  tests/hardening/driver.c $(SQLITE_SRC) $(CORE_SRC) -lsqlite3 -lm -o $@

test-matrix-sqlite: $(BUILD)/capes.so $(HARDENING_DRIVER) $(BUILD)/catalog.json
	@HARDENING_PYTHON=$(PYTHON) tests/hardening/run-sqlite matrix $(HARDENING_DRIVER) $(BUILD)/capes \
	  $(HARDENING_BUILD)

test-sqlite-valgrind: $(BUILD)/capes.so $(HARDENING_DRIVER) $(BUILD)/catalog.json
	@HARDENING_PYTHON=$(PYTHON) tests/hardening/run-sqlite valgrind $(HARDENING_DRIVER) $(BUILD)/capes \
	  $(HARDENING_BUILD)

test-sqlite-asan: $(HARDENING_ASAN) $(BUILD)/catalog.json
	@HARDENING_PYTHON=$(PYTHON) tests/hardening/run-sqlite asan $(HARDENING_ASAN) $(HARDENING_BUILD)

test-matrix-pg: install $(BUILD)/catalog.json | $(HARDENING_BUILD)
	@$(PYTHON) tests/hardening/emit.py pg-matrix tests/hardening/matrix.csv \
	  $(HARDENING_BUILD)/matrix-pg.sql >/dev/null
	@pg_virtualenv -t -v 15 tests/hardening/run-pg matrix $(HARDENING_BUILD)/matrix-pg.sql

test-search-path-pg: install
	@pg_virtualenv -t -v 15 tests/hardening/run-pg search-path
