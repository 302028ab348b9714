# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# capes for PostgreSQL 15, included by the root Makefile.
#   make pg         build the extension (PGXS, in pg_ext/)
#   make install    install what PostgreSQL needs, then the extension (sudo when not root)
#   make test-pg    install, then the pgTAP suite in a throwaway cluster (pg_virtualenv):
#                   every shared vector, the catalog, parallel aggregates, a non-superuser
#                   owner, and the same inputs through SQLite and PostgreSQL (TAP)

PG_BUILD  := $(BUILD)/pg
PG_SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

SUITES += pg

.PHONY: pg pg-deps install test-pg
pg-deps:
	@$(INSTALL_DEPS) pg

pg: pg-deps
	@$(MAKE) -C pg_ext

install: pg
	@$(PG_SUDO) $(MAKE) -C pg_ext install

$(PG_BUILD):
	mkdir -p $@

# Generated at each run (tests/vectors/ may have changed): build/pg/t/*.sql, from the vectors
# and the core's catalog (build/catalog.json).
test-pg: install sqlite $(BUILD)/catalog.json
	@rm -rf $(PG_BUILD)/t && mkdir -p $(PG_BUILD)/t
	@$(PYTHON) tests/pg/gen.py $(BUILD)/catalog.json tests/vectors $(PG_BUILD)/t
	@pg_virtualenv -t -v 15 tests/pg/run $(PG_BUILD)/t
