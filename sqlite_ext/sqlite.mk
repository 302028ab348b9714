# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# capes for SQLite, included by the root Makefile.
#   make sqlite         build/capes.so, the loadable extension (.load build/capes)
#   make test-sqlite    the SQLite suite (TAP): every shared vector through capes.so from
#                       Python, SQLite-only checks, and the static build's driver (also
#                       under valgrind)

SQLITE_SRC := $(sort $(wildcard sqlite_ext/*.c))
SQLITE_HDR := sqlite_ext/glue.h $(CORE_HDR)
SQLITE_STATIC_TEST := $(BUILD)/sqlite/static_test

SUITES += sqlite
all: sqlite

.PHONY: sqlite sqlite-deps test-sqlite
sqlite: $(BUILD)/capes.so

sqlite-deps:
	@$(INSTALL_DEPS) sqlite

$(BUILD)/sqlite:
	mkdir -p $@

# The core's archive is linked in and its symbols kept private to the extension;
# only sqlite3_capes_init is exported.
$(BUILD)/capes.so: $(SQLITE_SRC) $(SQLITE_HDR) $(BUILD)/libcapes.a | sqlite-deps
	$(CC) $(WARN) $(CFLAGS) -fPIC -shared -fvisibility=hidden -Icore -Isqlite_ext $(SQLITE_SRC) \
	  $(BUILD)/libcapes.a -Wl,--exclude-libs,ALL -lm -o $@

# The same glue compiled into a program (-DSQLITE_CORE) and registered with
# sqlite3_auto_extension.
$(SQLITE_STATIC_TEST): tests/sqlite/static_test.c $(SQLITE_SRC) $(SQLITE_HDR) $(BUILD)/libcapes.a \
                       | sqlite-deps $(BUILD)/sqlite
	$(CC) $(WARN) $(CFLAGS) -DSQLITE_CORE -Icore -Isqlite_ext tests/sqlite/static_test.c $(SQLITE_SRC) \
	  $(BUILD)/libcapes.a -lsqlite3 -lm -o $@

test-sqlite: $(BUILD)/capes.so $(SQLITE_STATIC_TEST) $(BUILD)/catalog.json
	@$(PYTHON) tests/sqlite/run.py --extension $(BUILD)/capes --vectors tests/vectors \
	  --static $(SQLITE_STATIC_TEST) --catalog $(BUILD)/catalog.json
