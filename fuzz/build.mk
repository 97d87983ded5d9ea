# Fuzz harnesses: fuzz/<name>.c, each defining LLVMFuzzerTestOneInput,
# with its corpus in fuzz/corpus/<name>/ (kept in the repository) and, if
# need be, fuzz/<name>.ignore (environment the harness reads, see the
# harness).  Two builds of each:
#   $(O)/fuzz/replay_<name>  with the project's compiler and flags, which
#                           tests/run-all.sh runs on the corpus (make check);
#   $(O)/fuzz/run_<name>     with clang's libFuzzer, for `make fuzz` only
#                           (FUZZING=1, built in $(O)/fuzz-clang).
FUZZ_SRCS    := $(filter-out fuzz/replay_main.c,$(wildcard fuzz/*.c))
FUZZ_NAMES   := $(FUZZ_SRCS:fuzz/%.c=%)
FUZZ_REPLAYS := $(FUZZ_NAMES:%=$(O)/fuzz/replay_%)
FUZZ_RUNS    := $(FUZZ_NAMES:%=$(O)/fuzz/run_%)
TEST_PROGRAMS += $(FUZZ_REPLAYS)

$(O)/fuzz/%.o: CFLAGS += $(DAEMON_INC_ALL) -Isim -Itests/lib -Itests/explore

$(FUZZ_REPLAYS): $(O)/fuzz/replay_%: $(O)/fuzz/%.o $(O)/fuzz/replay_main.o $(TEST_LINK_LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(O)/fuzz/replay_main.o $(TEST_LINK_LIBS) $(TEST_LDLIBS)

$(FUZZ_RUNS): $(O)/fuzz/run_%: $(O)/fuzz/%.o $(TEST_LINK_LIBS)
	$(CC) -fsanitize=fuzzer,address,undefined -o $@ $< $(TEST_LINK_LIBS) $(TEST_LDLIBS)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_RUNS)
