# libFuzzer harnesses: one file per target, fuzz/NAME.c, each with its
# corpus in fuzz/corpus/NAME/.  Generic over fuzz/*.c: a new harness needs
# only its file and a corpus directory.
#
#   every build   $(O)/fuzz/replay-NAME: the harness with a plain main()
#                 (fuzz/replay/replay_main.c), built by the project's own
#                 compiler; tests/integration/fuzz_corpora.sh replays each
#                 corpus with it, so make check does, also under ASan+UBSan
#   make fuzz     $(O)/fuzz-clang/fuzz/fuzz-NAME: libFuzzer with ASan and
#                 UBSan (clang), each run for FUZZ_SECONDS (default 60)
FUZZ_SRCS    := $(wildcard fuzz/*.c)
FUZZ_NAMES   := $(basename $(notdir $(FUZZ_SRCS)))
FUZZ_REPLAYS := $(FUZZ_NAMES:%=$(O)/fuzz/replay-%)
FUZZ_TARGETS := $(FUZZ_NAMES:%=$(O)/fuzz/fuzz-%)
FUZZ_SECONDS ?= 60
TEST_PROGRAMS += $(FUZZ_REPLAYS)

$(O)/fuzz/%.o $(O)/fuzz/replay/%.o: CFLAGS += $(DAEMON_INC_ALL) -Isim -Itests/lib \
	-Itests/explore

# The layers' libraries refer to each other both ways (the register maps
# parse with config's helpers): one group.
FUZZ_LINK = -Wl,--start-group $(TEST_LINK_LIBS) -Wl,--end-group $(TEST_LDLIBS)

$(O)/fuzz/replay-%: $(O)/fuzz/%.o $(O)/fuzz/replay/replay_main.o $(TEST_LINK_LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(O)/fuzz/replay/replay_main.o $(FUZZ_LINK)

# Built in their own tree by clang, every object instrumented for coverage.
CFLAGS += $(FUZZ_CFLAGS)
.PHONY: fuzz fuzz-targets
fuzz-targets: $(FUZZ_TARGETS)

$(O)/fuzz/fuzz-%: $(O)/fuzz/%.o $(TEST_LINK_LIBS)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LINK)

fuzz:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory O=$(O)/fuzz-clang CC=clang SAN=1 \
		FUZZ_CFLAGS=-fsanitize=fuzzer-no-link fuzz-targets
	@tools/fuzz.sh $(O)/fuzz-clang $(FUZZ_SECONDS)
