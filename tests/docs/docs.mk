# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The docs suite, included by the root Makefile:
#   make test-docs   docs/rules.md against the core's tables (TAP): capes_sources[],
#                    capes_interpretations[], states, transitions, deadline kinds, codes,
#                    the penalty table; and every docs/rules.md anchor cited in the
#                    repository names a heading (tests/docs/check.py)

DOCS_BUILD  := $(BUILD)/docs

SUITES += docs

.PHONY: test-docs

$(DOCS_BUILD):
	mkdir -p $@

# The core's tables, printed one tab-separated line each.
$(DOCS_BUILD)/tables: tests/docs/tables.c $(BUILD)/libcapes.a | $(DOCS_BUILD)
	$(CC) $(WARN) $(CFLAGS) -Icore $< $(BUILD)/libcapes.a -lm -o $@

test-docs: deps $(DOCS_BUILD)/tables $(BUILD)/catalog.json
	@$(DOCS_BUILD)/tables >$(DOCS_BUILD)/tables.tsv
	@$(PYTHON) tests/docs/check.py $(DOCS_BUILD)/tables.tsv docs/rules.md --root . \
	  --catalog $(BUILD)/catalog.json --readme README.md
