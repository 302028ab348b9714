# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The case register (sql/register-*.sql) and the demo, included by the root Makefile.
#   make demo                   the demo register on SQLite: build capes.so, load the register
#                               and sql/demo.sql into build/demo.db, print the report, show a
#                               refused step
#   make test-register-sqlite   the register on SQLite (TAP, Python's sqlite3 + capes.so)
#   make test-register-pg       the register on PostgreSQL 15 (TAP: pgTAP, then concurrent
#                               clients with pgbench) in a throwaway cluster (pg_virtualenv)

REGISTER_PYTHON := /usr/bin/python3
DEMO_DB := $(BUILD)/demo.db

SUITES += register-sqlite register-pg

.PHONY: demo test-register-sqlite test-register-pg

# sqlite3 -bail: the demo stops at its first error. The refused step is a second run on
# the same file, which must fail, with the trigger's message.
demo:
	@scripts/install-deps sqlite
	@$(MAKE) -s --no-print-directory -f $(firstword $(MAKEFILE_LIST)) $(BUILD)/capes.so
	@rm -f $(DEMO_DB)
	@sqlite3 -bail $(DEMO_DB) '.load $(BUILD)/capes' '.read sql/register-sqlite.sql' '.read sql/demo.sql'
	@echo
	@echo 'A step the law does not allow (sql/demo-refused.sql):'
	@grep -v -e '^--' -e '^[.]' sql/demo-refused.sql
	@echo 'is refused by the register (sqlite3 shows the error code: 19 = SQLITE_CONSTRAINT):'
	@out=$$(sqlite3 $(DEMO_DB) '.load $(BUILD)/capes' '.read sql/demo-refused.sql' 2>&1); \
	  echo "$$out"; case "$$out" in *'capes_check_transition: notified -> agency_draft refused'*) ;; \
	  *) echo 'demo: the step was not refused by capes' >&2; exit 1 ;; esac
	@echo
	@echo "The register is in $(DEMO_DB): sqlite3 -cmd '.load $(BUILD)/capes' $(DEMO_DB)"

test-register-sqlite: $(BUILD)/capes.so
	@$(REGISTER_PYTHON) tests/register/test_register_sqlite.py --extension $(BUILD)/capes \
	  --register sql/register-sqlite.sql --demo sql/demo.sql

test-register-pg: install
	@pg_virtualenv -t -v 15 tests/register/run-pg
