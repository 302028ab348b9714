# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The docs suite, included by the root Makefile:
#   make test-docs   docs/rules.md against the core's tables (TAP): capes_sources[],
#                    capes_interpretations[], states, transitions, deadline kinds, codes,
#                    the penalty table; and every docs/rules.md anchor cited in the
#                    repository names a heading (tests/docs/check.py); every example of the
#                    README run and its output compared (tests/docs/examples.py; PostgreSQL's
#                    in a throwaway cluster, tests/docs/run-pg, so it installs capes first)

DOCS_BUILD  := $(BUILD)/docs

SUITES += docs

.PHONY: test-docs

$(DOCS_BUILD):
	mkdir -p $@

# The core's tables, printed one tab-separated line each.
$(DOCS_BUILD)/tables: tests/docs/tables.c $(BUILD)/libcapes.a | $(DOCS_BUILD)
	$(CC) $(WARN) $(CFLAGS) -Icore $< $(BUILD)/libcapes.a -lm -o $@

# The README's examples (tests/docs/examples.py): SQLite's and the shell sessions with
# build/capes.so, then PostgreSQL's in a throwaway cluster, with capes installed (as test-pg).
test-docs: deps install $(DOCS_BUILD)/tables $(BUILD)/catalog.json $(BUILD)/capes.so
	@$(DOCS_BUILD)/tables >$(DOCS_BUILD)/tables.tsv
	@status=0; \
	  $(PYTHON) tests/docs/check.py $(DOCS_BUILD)/tables.tsv docs/rules.md --root . \
	    --catalog $(BUILD)/catalog.json --readme README.md || status=1; \
	  $(PYTHON) tests/docs/examples.py --engine sqlite --readme README.md --root . \
	    --extension $(BUILD)/capes || status=1; \
	  pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' tests/docs/run-pg || status=1; \
	  exit $$status
