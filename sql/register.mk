# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The case register (sql/register-*.sql) and the demo, included by the root Makefile.
#   make demo                   the demo register on SQLite: build capes.so, load the register
#                               and sql/demo.sql into build/demo.db, print the report, show a
#                               refused step, then sql/demo-explain.sql: a maximum, a deadline and
#                               the refused step explained
#   make test-register-sqlite   the register on SQLite (TAP, Python's sqlite3 + capes.so)
#   make test-register-pg       the register on PostgreSQL 15 (TAP: pgTAP, then concurrent
#                               clients with pgbench) in a throwaway cluster (pg_virtualenv)

DEMO_DB := $(BUILD)/demo.db

SUITES += register-sqlite register-pg

.PHONY: demo test-register-sqlite test-register-pg

# sqlite3 -bail: the demo stops at its first error. The refused step is a second run on
# the same file, which must fail, with the trigger's message: it is shown as the report's
# last section, the step and capes' message, without the shell's "Runtime error near line
# N:" and "(19)" around it, so that the intended refusal does not read as the demo failing,
# folded to fit an 80-column terminal.
# Only the demo set is installed (no valgrind, no Python), and -o sqlite-deps keeps the
# extension's rule from asking for the whole SQLite test set again.
demo:
	@$(INSTALL_DEPS) demo
	@$(MAKE) -s --no-print-directory -f $(firstword $(MAKEFILE_LIST)) -o sqlite-deps $(BUILD)/capes.so
	@rm -f $(DEMO_DB)
	@sqlite3 -bail $(DEMO_DB) '.load $(BUILD)/capes' '.read sql/register-sqlite.sql' '.read sql/demo.sql'
	@echo
	@echo 'A step the law does not allow, refused as intended (sql/demo-refused.sql):'
	@grep -v -e '^--' -e '^[.]' sql/demo-refused.sql | sed 's/^/  /'
	@out=$$(sqlite3 $(DEMO_DB) '.load $(BUILD)/capes' '.read sql/demo-refused.sql' 2>&1); \
	  msg=$$(printf '%s\n' "$$out" | sed -n 's/^Runtime error near line [0-9]*: \(capes_history_check: .* refused.*\) (19)$$/\1/p'); \
	  if [ -n "$$msg" ]; then \
	    echo "The trigger's capes_history_check refuses it (SQLITE_CONSTRAINT), with the"; \
	    echo 'reason and the article:'; \
	    printf '%s\n' "$$msg" | fold -s -w 76 | sed 's/ *$$//; s/^/  /'; \
	  else \
	    printf '%s\n' "$$out"; echo 'demo: sqlite3 did not answer with the refusal of capes_history_check (its output is above)' >&2; exit 1; \
	  fi
	@echo
	@sqlite3 -bail $(DEMO_DB) '.load $(BUILD)/capes' '.read sql/demo-explain.sql'
	@echo
	@echo "The register is in $(DEMO_DB): sqlite3 -cmd '.load $(BUILD)/capes' $(DEMO_DB)"

test-register-sqlite: $(BUILD)/capes.so
	@$(PYTHON) tests/register/test_register_sqlite.py --extension $(BUILD)/capes \
	  --register sql/register-sqlite.sql --demo sql/demo.sql \
	  --register-1-0 tests/upgrade/register-sqlite-1.0.sql --migration sql/register-sqlite--1.0--1.1.sql

# UTF8 and C.UTF-8 whatever the caller's locale (tests/register/run-pg creates its databases
# the same way).
test-register-pg: install
	@pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' tests/register/run-pg
