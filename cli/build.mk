# omtctl: the command-line tool.  Everything but main.c goes into a
# library, so the pure parts (argument parsing, error mapping, JSON) are
# unit-tested by tests/unit/test_cli_*.c.
CLI_SRCS := $(wildcard cli/*.c)
CLI_LIB_SRCS := $(filter-out cli/main.c,$(CLI_SRCS))
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
CLI_LIB_OBJS := $(CLI_LIB_SRCS:%.c=$(O)/%.o)
CLI_LIB  := $(O)/libomtctl.a
CLI_BIN  := $(O)/omtctl
PROGRAMS += $(if $(CLI_SRCS),$(CLI_BIN))

# The CLI shares the D-Bus error names with the daemon (include/omt_bus_errors.h).

$(CLI_LIB): $(CLI_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CLI_BIN): $(O)/cli/main.o $(CLI_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SYSTEMD) -lm

# CLI unit tests link the CLI library too (tests/build.mk links the rest).
CLI_TESTS := $(patsubst %.c,$(O)/%,$(wildcard tests/unit/test_cli_*.c))
$(CLI_TESTS): $(CLI_LIB)
$(CLI_TESTS): TEST_LINK_LIBS += $(CLI_LIB) $(COMMON_LIB)
$(O)/tests/unit/test_cli_%.o: CFLAGS += -Icli
