# digindex — build, run and test.
#
#   make          build ./digindex
#   make run      build, then generate Länder and Kreise of every edition into out/
#   make run-all  the same with the Gemeinden (digindex build --levels all)
#   make test     build and run every test (closing line: "tests: N passed, N failed")
#   make check    the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make golden   regenerate golden files under tests/ for review (git diff)
#
# Missing Debian packages are installed when run as root, otherwise the exact
# apt-get line is printed (see .ci/deps).
#
# On a bare machine the compiler flags come from pkg-config, which only knows
# the libraries once .ci/deps has installed them. So make runs in two steps:
# this first make parses nothing that needs a library, runs .ci/deps and then
# starts itself again with DIGINDEX_DEPS_DONE=1 for the real targets, whose
# flags are evaluated only then (tests/suites/make.sh checks the order).

DEPS ?= sh .ci/deps
ifndef DIGINDEX_DEPS_DONE

BUILD_GOALS := all digindex run golden fuzz fuzz-build valgrind deps
TEST_GOALS  := test check deps-test
.PHONY: $(BUILD_GOALS) $(TEST_GOALS) bench clean
all:

$(BUILD_GOALS):
	@$(DEPS) build && $(MAKE) --no-print-directory DIGINDEX_DEPS_DONE=1 $@
# make bench compares with the Python peer: its packages too (.ci/deps bench).
bench:
	@$(DEPS) build && $(DEPS) bench && $(MAKE) --no-print-directory DIGINDEX_DEPS_DONE=1 $@
$(TEST_GOALS):
	@$(DEPS) build && $(DEPS) test && $(MAKE) --no-print-directory DIGINDEX_DEPS_DONE=1 $@

clean:
	rm -rf .build .build-san .build-fuzz digindex

# Any other target (a single object, one test binary): the same two steps.
Makefile: ;
.PHONY: FORCE
FORCE: ;
%: FORCE
	@$(DEPS) build && $(MAKE) --no-print-directory DIGINDEX_DEPS_DONE=1 $@

else

CC      ?= cc
BUILD   ?= .build
PKGS    := cairo jansson freetype2 libdeflate xlsxwriter
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla
CPPFLAGS_ALL := -D_GNU_SOURCE -Igen -Icharts $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Debian's libhpdf-dev ships no pkg-config file; fall back to -lhpdf.
HPDF_LIBS := $(shell pkg-config --libs libhpdf 2>/dev/null || echo -lhpdf)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(HPDF_LIBS) -lm -lpthread
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

LIB_SRC := $(sort $(filter-out gen/main.c,$(wildcard gen/*.c)) $(wildcard charts/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libdigindex.a
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run run-all test check golden bench clean deps deps-test FORCE fuzz
all: digindex

# Done by the first make (above); kept as targets for `make deps`.
deps:
	@$(DEPS) build
deps-test:
	@$(DEPS) test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS_ALL) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

digindex: $(BUILD)/gen/main.o $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS_ALL) $(CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LIBS) $(TEST_LIBS)

run: all
	./digindex build

# Every level, the 10,790 Gemeinden included (minutes; a progress line on a
# terminal). --restate: an edition `make run` published is rebuilt with them.
run-all: all
	./digindex build --levels all --restate

test: digindex $(TEST_BIN)
	@sh tests/run "$(BUILD)/tests" ./digindex

# Sanitizer build in its own tree so it never mixes with the normal objects.
check:
	$(MAKE) --no-print-directory BUILD=.build-san OPT=-O1 \
	  CFLAGS="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  DIGINDEX_BIN=.build-san/digindex san-test

san-test: .build-san/digindex $(TEST_BIN)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run "$(BUILD)/tests" .build-san/digindex

.build-san/digindex: $(BUILD)/gen/main.o $(LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

golden: digindex
	@DIGINDEX_GOLDEN_UPDATE=1 sh tests/run "$(BUILD)/tests" ./digindex

bench: all $(BUILD)/bench
	@sh bench/run ./digindex $(BUILD)/bench

clean:
	rm -rf $(BUILD) .build-san digindex

-include $(LIB_OBJ:.o=.d) $(BUILD)/gen/main.d

$(BUILD)/bench: bench/bench.c $(LIB)
	$(CC) $(WARN) $(CPPFLAGS_ALL) $(CFLAGS) -o $@ $< $(LIB) $(LIBS)

# ---- hardening: fuzzing and valgrind (docs/hardening.md) ---------------------
#
#   make fuzz              build the libFuzzer targets (clang, ASan + UBSan) and
#                          run each for FUZZ_SECONDS (default 60) in turn
#   make fuzz FUZZ_SECONDS=600 FUZZ_TARGETS=fuzz_load
#   make valgrind          one full build of tests/fixtures/mini and of data/
#                          (--only 09,09162) under valgrind; not part of `make test`
#
# Findings are written to .build-fuzz/findings/<target>/; keep each one (after
# fixing it) in tests/fuzz/regressions/<target>/, where test_fuzz_replay runs it
# on every `make test` and `make check`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= fuzz_load fuzz_template fuzz_aux
FUZZ_FLAGS   ?=
FUZZ_BUILD   := .build-fuzz
FUZZ_CFLAGS  := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
.PHONY: fuzz fuzz-build fuzz-bins valgrind

fuzz: fuzz-build
	@sh tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS) "$(FUZZ_FLAGS)" $(FUZZ_TARGETS)

fuzz-build:
	@sh tests/fuzz/need clang libclang-rt-14-dev
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS)" fuzz-bins

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CPPFLAGS_ALL) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LIBS)

VALGRIND := valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
            --error-exitcode=1 --track-fds=no
valgrind: all
	@sh tests/fuzz/need valgrind
	@rm -rf $(BUILD)/valgrind && mkdir -p $(BUILD)/valgrind
	@for run in "mini:--data tests/fixtures/mini" "data:--only 09,09162"; do \
	  name=$${run%%:*}; args=$${run#*:}; \
	  echo "valgrind: ./digindex build $$args"; \
	  $(VALGRIND) --log-file=$(BUILD)/valgrind/$$name.log ./digindex build $$args \
	    --out $(BUILD)/valgrind/$$name --jobs 2 2>/dev/null; rc=$$?; \
	  grep -h "ERROR SUMMARY\|definitely lost\|indirectly lost\|possibly lost\|still reachable\|All heap blocks" \
	    $(BUILD)/valgrind/$$name.log | sed 's/^==[0-9]*== */  /'; \
	  [ $$rc -eq 0 ] || { echo "valgrind: FAILED (see $(BUILD)/valgrind/$$name.log)"; exit 1; }; \
	done
	@echo "valgrind: 0 errors, no definite or indirect leaks"

# The replay test compiles the fuzz targets in; rebuild it when they change.
$(BUILD)/tests/test_fuzz_replay: tests/fuzz/fuzz_load.c tests/fuzz/fuzz_template.c \
                                 tests/fuzz/fuzz_aux.c tests/fuzz/fuzz_common.h

endif
