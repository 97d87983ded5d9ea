# Unit tests (Check) in tests/unit/test_*.c and C integration tests in
# tests/integration/itest_*.c.  Each links the parts' libraries, so a new
# test needs only its source file.
UNIT_TEST_SRCS  := $(wildcard tests/unit/test_*.c)
ITEST_SRCS      := $(wildcard tests/integration/itest_*.c)
TEST_LIB_SRCS   := $(wildcard tests/lib/*.c)
TEST_LIB_OBJS   := $(TEST_LIB_SRCS:%.c=$(O)/%.o)
UNIT_TESTS      := $(UNIT_TEST_SRCS:%.c=$(O)/%)
ITESTS          := $(ITEST_SRCS:%.c=$(O)/%)
TEST_PROGRAMS   += $(UNIT_TESTS) $(ITESTS)

TEST_LINK_LIBS = $(DAEMON_LIBS) $(SIM_LIB) $(COMMON_LIB)
TEST_LDLIBS = $(LIBS_CHECK) $(LIBS_MODBUS) $(LIBS_GPIOD) $(LIBS_SYSTEMD) \
	$(LIBS_INIH) -lm -lpthread

$(O)/tests/%: $(O)/tests/%.o $(TEST_LIB_OBJS) $(TEST_LINK_LIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(TEST_LIB_OBJS) $(TEST_LINK_LIBS) $(TEST_LDLIBS)

# Tests reach into the parts' own headers (daemon/*/, sim/, tests/lib/).
$(O)/tests/%.o: CFLAGS += $(DAEMON_INC_ALL) -Isim -Itests/lib

# Helper programs the integration scripts run (not tests themselves).
TEST_HELPER_SRCS := $(wildcard tests/helpers/*.c)
TEST_PROGRAMS    += $(TEST_HELPER_SRCS:%.c=$(O)/%)
# The scenario explorer (tests/explore): a library over the pure core, the
# omt-explore program (make explore), and tests that link it.  Tests in
# tests/pending/ are built with everything but run only by
# `make check-pending`: they fail until the defects they show are fixed.
EXPLORE_SRCS := $(wildcard tests/explore/explore_*.c)
EXPLORE_LIB  := $(O)/tests/explore/libomt-explore.a
EXPLORE_BIN  := $(O)/tests/explore/omt-explore
PENDING_TESTS := $(patsubst %.c,$(O)/%,$(wildcard tests/pending/test_*.c))
TEST_PROGRAMS += $(EXPLORE_BIN) $(PENDING_TESTS)
TEST_LINK_LIBS := $(EXPLORE_LIB) $(TEST_LINK_LIBS)

$(EXPLORE_LIB): $(EXPLORE_SRCS:%.c=$(O)/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(EXPLORE_BIN): $(O)/tests/explore/main.o $(EXPLORE_LIB) $(DAEMON_LIB_core) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

$(O)/tests/%.o: CFLAGS += -Itests/explore
# (The pattern rule above took its prerequisites before the library was
# named.)
$(UNIT_TESTS) $(ITESTS) $(PENDING_TESTS): $(EXPLORE_LIB)
