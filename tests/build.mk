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
