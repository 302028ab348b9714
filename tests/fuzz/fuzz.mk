# SPDX-License-Identifier: PostgreSQL (capes; see LICENSE)
# libFuzzer targets over the core, included by the root Makefile.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="date money"]   fuzz each target for a while
#   make test-fuzz                                              replay the seed corpus and kept crashes (TAP)
# Targets are built with clang into build/fuzz/; see tests/fuzz/README.md.

FUZZ_CC      := clang
FUZZ_SECONDS ?= 60
FUZZ_ALL     := date money double numeric vocab deadline transition history contract call
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SAN     := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_DEFS    ?=
FUZZ_WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
FUZZ_OBJ     := $(BUILD)/fuzz/obj
# The core and the text glue are instrumented for coverage; the targets (their oracles) are
# not, so that libFuzzer steers by the core alone and the oracles run at full speed.
FUZZ_LIBOBJ  := $(patsubst core/%.c,$(FUZZ_OBJ)/%.o,$(CORE_SRC)) $(FUZZ_OBJ)/call.o
FUZZ_BINS    := $(addprefix $(BUILD)/fuzz/,$(FUZZ_ALL))

SUITES += fuzz

.PHONY: fuzz fuzz-deps fuzz-build test-fuzz
# objects made by pattern rules, kept between builds
.SECONDARY: $(FUZZ_LIBOBJ) $(patsubst %,$(FUZZ_OBJ)/fuzz_%.o,$(FUZZ_ALL))

fuzz-deps:
	@scripts/install-deps fuzz

fuzz-build: $(FUZZ_BINS)

$(FUZZ_OBJ):
	mkdir -p $@

$(FUZZ_OBJ)/%.o: core/%.c $(CORE_HDR) | $(FUZZ_OBJ)
	$(FUZZ_CC) -std=c11 $(FUZZ_SAN) $(CORE_DEFS) -fsanitize=fuzzer-no-link -Icore -c $< -o $@

$(FUZZ_OBJ)/call.o: tests/core/call.c tests/core/call.h tests/core/csv.h $(CORE_HDR) | $(FUZZ_OBJ)
	$(FUZZ_CC) -std=c11 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Icore -Itests/core -c $< -o $@

$(FUZZ_OBJ)/fuzz_%.o: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h tests/core/call.h $(CORE_HDR) | $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_WARN) $(FUZZ_SAN) $(FUZZ_DEFS) -Icore -Itests/core -c $< -o $@

$(BUILD)/fuzz/%: $(FUZZ_OBJ)/fuzz_%.o $(FUZZ_LIBOBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $^ -lm -o $@

fuzz: fuzz-deps
	@$(MAKE) -s --no-print-directory fuzz-build
	@FUZZ_BIN=$(BUILD)/fuzz tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

test-fuzz: fuzz-deps
	@$(MAKE) -s --no-print-directory fuzz-build >/dev/null
	@FUZZ_BIN=$(BUILD)/fuzz tests/fuzz/run.sh replay $(FUZZ_ALL)
