# omtctl: the command-line tool.
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
CLI_BIN  := $(O)/omtctl
PROGRAMS += $(if $(CLI_SRCS),$(CLI_BIN))

$(CLI_BIN): $(CLI_OBJS) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SYSTEMD) -lm
