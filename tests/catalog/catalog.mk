# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# The core's catalog of the SQL interface as JSON (build/catalog.json), included by the root
# Makefile: the PostgreSQL, SQLite and docs suites check the glues, the install scripts and
# the README against it.

$(BUILD)/catalog/catalog: tests/catalog/catalog.c $(BUILD)/libcapes.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -Icore $< $(BUILD)/libcapes.a -o $@

$(BUILD)/catalog.json: $(BUILD)/catalog/catalog
	$< >$@
