# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# Scaling out with postgres_fdw (TAP), included by the root Makefile (and by bench/bench.mk,
# hence the guard against a second inclusion).
#   make test-fdw   install the PostgreSQL extension, then tests/fdw/run in a throwaway
#                   cluster (pg_virtualenv) that creates and removes a second one
ifndef CAPES_FDW_MK
CAPES_FDW_MK := 1

SUITES += fdw

.PHONY: test-fdw
test-fdw: install
	@pg_virtualenv -t -v 15 tests/fdw/run
endif
