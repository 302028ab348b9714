# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The memory suite, included by the root Makefile:
#   make test-memory   every table function called N and 10 x N times in one query, in a
#                      throwaway cluster (pg_virtualenv): the backend's memory at the end of
#                      the calls must not grow with their number (TAP; tests/memory/run)

SUITES += memory

.PHONY: test-memory
test-memory: install
	@pg_virtualenv -t -v 15 tests/memory/run
