# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# capes: one C core, a SQLite extension and a PostgreSQL extension.
#   make            build the core and the SQLite extension
#   make test       install what is missing, build, run every suite; ends with "N passed, N failed"
#   make demo       the demo register on SQLite
#   make install    install the PostgreSQL extension (PGXS)
#   make bench      benchmarks against plain SQL (not part of make test); bench-profile: callgrind
#   make fuzz       libFuzzer targets for a set time (FUZZ_SECONDS)
#   make test-SUITE one suite (core, sqlite, pg, fdw, register-pg, matrix-sqlite...: see SUITES)
#   make clean

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
BUILD   := build
CORE_SRC := $(sort $(wildcard core/*.c))
CORE_HDR := core/capes.h
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Test suites run by `make test`, in order; each is a target test-NAME printing TAP.
SUITES := core core-asan

.PHONY: all core deps test clean
all: core

deps:
	@scripts/install-deps core

core: $(BUILD)/libcapes.a

$(BUILD)/core/%.o: core/%.c $(CORE_HDR) | $(BUILD)/core
	$(CC) $(WARN) $(CFLAGS) -fPIC -Icore -c $< -o $@

$(BUILD)/core $(BUILD)/asan:
	mkdir -p $@

$(BUILD)/libcapes.a: $(patsubst core/%.c,$(BUILD)/core/%.o,$(CORE_SRC))
	rm -f $@ && ar rcs $@ $^

TEST_CORE_SRC := tests/core/test_core.c tests/core/call.c tests/core/csv.c
TEST_CORE_HDR := tests/core/call.h tests/core/csv.h $(CORE_HDR)

$(BUILD)/test_core: $(TEST_CORE_SRC) $(TEST_CORE_HDR) $(BUILD)/libcapes.a
	$(CC) $(WARN) $(CFLAGS) -Icore -Itests/core $(TEST_CORE_SRC) $(BUILD)/libcapes.a -lm -o $@

$(BUILD)/asan/test_core: $(TEST_CORE_SRC) $(TEST_CORE_HDR) $(CORE_SRC) | $(BUILD)/asan
	$(CC) $(WARN) -O1 -g $(SANITIZE) -Icore -Itests/core $(TEST_CORE_SRC) $(CORE_SRC) -lm -o $@

.PHONY: test-core test-core-asan
test-core: deps $(BUILD)/test_core
	@$(BUILD)/test_core tests/vectors

test-core-asan: deps $(BUILD)/asan/test_core
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(BUILD)/asan/test_core tests/vectors

-include sqlite_ext/sqlite.mk
-include pg_ext/pg.mk
-include sql/register.mk
-include tests/fdw/fdw.mk
-include tests/fuzz/fuzz.mk
-include bench/bench.mk
-include tests/hardening/hardening.mk

test:
	@scripts/install-deps all
	@scripts/run-tests $(SUITES)

clean:
	rm -rf $(BUILD)
	-$(MAKE) -C pg_ext clean >/dev/null 2>&1 || true
