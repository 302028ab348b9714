# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# capes: one C core, a SQLite extension and a PostgreSQL extension.
#   make            build the core and the SQLite extension
#   make test       install what is missing, build, run every suite; ends with "N passed, N failed"
#   make demo       the demo register on SQLite
#   make install    install the PostgreSQL extension (PGXS)
#   make bench      benchmarks against plain SQL (not part of make test); bench-profile: callgrind
#   make fuzz       libFuzzer targets for a set time (FUZZ_SECONDS)
#   make test-SUITE one suite (core, sqlite, pg, fdw, register-pg, matrix-sqlite...: see SUITES)
#   make deb        Debian packages postgresql-15-capes and libsqlite3-mod-capes in build/deb/
#   make dist       the release archive for PGXN, build/dist/capes-RELEASE.zip
#   make clean

# The release is written once, in the file VERSION. The PostgreSQL extension's version is its
# first two numbers (1.1.0 -> 1.1), so that a bug-fix release needs no upgrade script. The
# control file, the install script's name, capes_version(), the packages, META.json and the
# archive's name all derive from these two (docs/releasing.md).
RELEASE    := $(shell cat VERSION)
EXTVERSION := $(shell cut -d. -f1-2 VERSION)

# Called the way others build a PostgreSQL extension -- pgxn passes PG_CONFIG=..., Debian's
# pg_buildext PG_CONFIG=... USE_PGXS=1 -- make builds, installs, checks and cleans the
# PostgreSQL extension only, with what is installed, like any PGXS extension: no apt-get,
# no SQLite, no tests of ours.
ifneq ($(filter command line,$(origin PG_CONFIG) $(origin USE_PGXS)),)
PGXS_GOALS := all install uninstall installcheck clean
.PHONY: $(PGXS_GOALS)
$(PGXS_GOALS):
	$(MAKE) -C pg_ext $@
else

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
BUILD   := build
CORE_SRC := $(sort $(wildcard core/*.c))
CORE_HDR := core/capes.h
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# The system's Python: its sqlite3 module can load extensions (pyenv's often cannot). Every
# test script uses the standard library only.
PYTHON  := /usr/bin/python3
# What installs missing Debian packages before a build; debian/rules, which has its
# Build-Depends, sets INSTALL_DEPS=true.
INSTALL_DEPS ?= scripts/install-deps
# For every build that compiles core/*.c itself (core/version.c)
CORE_DEFS := -DCAPES_VERSION='"$(RELEASE)"'

# Test suites run by `make test`, in order; each is a target test-NAME printing TAP.
SUITES := core core-asan

.PHONY: all core deps test clean
all: core

deps:
	@$(INSTALL_DEPS) core

core: $(BUILD)/libcapes.a

$(BUILD)/core/%.o: core/%.c $(CORE_HDR) | $(BUILD)/core
	$(CC) $(WARN) $(CFLAGS) -fPIC -Icore -c $< -o $@

# core/version.c is the one file that needs the release (and is rebuilt when it changes).
$(BUILD)/core/version.o: core/version.c $(CORE_HDR) VERSION | $(BUILD)/core
	$(CC) $(WARN) $(CFLAGS) $(CORE_DEFS) -fPIC -Icore -c $< -o $@

$(BUILD)/core $(BUILD)/asan:
	mkdir -p $@

$(BUILD)/libcapes.a: $(patsubst core/%.c,$(BUILD)/core/%.o,$(CORE_SRC))
	rm -f $@ && ar rcs $@ $^

TEST_CORE_SRC := tests/core/test_core.c tests/core/call.c tests/core/csv.c
TEST_CORE_HDR := tests/core/call.h tests/core/csv.h $(CORE_HDR)

$(BUILD)/test_core: $(TEST_CORE_SRC) $(TEST_CORE_HDR) $(BUILD)/libcapes.a
	$(CC) $(WARN) $(CFLAGS) -Icore -Itests/core $(TEST_CORE_SRC) $(BUILD)/libcapes.a -lm -o $@

$(BUILD)/asan/test_core: $(TEST_CORE_SRC) $(TEST_CORE_HDR) $(CORE_SRC) | $(BUILD)/asan
	$(CC) $(WARN) -O1 -g $(SANITIZE) $(CORE_DEFS) -Icore -Itests/core $(TEST_CORE_SRC) $(CORE_SRC) -lm -o $@

.PHONY: test-core test-core-asan
test-core: deps $(BUILD)/test_core
	@$(BUILD)/test_core tests/vectors

test-core-asan: deps $(BUILD)/asan/test_core
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(BUILD)/asan/test_core tests/vectors

-include tests/catalog/catalog.mk
-include sqlite_ext/sqlite.mk
-include pg_ext/pg.mk
-include sql/register.mk
-include tests/fdw/fdw.mk
-include tests/fuzz/fuzz.mk
-include bench/bench.mk
-include tests/hardening/hardening.mk
-include tests/locale/locale.mk
-include tests/docs/docs.mk
-include tests/upgrade/upgrade.mk
-include tests/memory/memory.mk
-include scripts/release.mk

# When a suite fails, scripts/run-tests' summary "N passed, N failed" must stay the last
# line the user reads, and GNU make prints "make: *** [Makefile:N: test] Error 1" after any
# failing recipe. So the recipe interrupts the make that runs it instead (its parent: $$PPID
# of the recipe's shell): make dies of SIGINT silently once the shell has exited, and make test
# exits with status 130, non-zero like any failure. Only when test is the one goal of a top-level
# make, so that nothing else is interrupted: under an outer make or beside other goals the recipe
# fails as any other would.
test:
	@scripts/install-deps all
	@scripts/run-tests $(SUITES) || { [ "$(MAKELEVEL)" = 0 ] && [ "$(MAKECMDGOALS)" = test ] && \
	  { kill -INT $$PPID; exit 0; }; exit 1; }

clean:
	rm -rf $(BUILD)
	-$(MAKE) -C pg_ext clean >/dev/null 2>&1 || true

endif
