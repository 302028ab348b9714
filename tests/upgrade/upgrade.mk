# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The upgrade suite, included by the root Makefile:
#   make test-upgrade   every released version updated to this one with objects built on
#                       capes in place, against a fresh install (TAP; tests/upgrade/run)

SUITES += upgrade

.PHONY: test-upgrade
test-upgrade: install
	@mkdir -p $(BUILD)/upgrade
	@pg_virtualenv -t -v 15 tests/upgrade/run
