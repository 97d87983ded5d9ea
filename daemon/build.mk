# omtd: the table daemon.  Everything but main.c goes into a library the
# tests link against.
DAEMON_SRCS := $(filter-out daemon/main.c,$(wildcard daemon/*.c))
DAEMON_OBJS := $(DAEMON_SRCS:%.c=$(O)/%.o)
DAEMON_LIB  := $(O)/libomtd.a
DAEMON_BIN  := $(O)/omtd
PROGRAMS += $(if $(wildcard daemon/main.c),$(DAEMON_BIN))

$(DAEMON_LIB): $(DAEMON_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(DAEMON_BIN): $(O)/daemon/main.o $(DAEMON_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_MODBUS) $(LIBS_GPIOD) $(LIBS_SYSTEMD) \
		$(LIBS_INIH) -lm -lpthread
