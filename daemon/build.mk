# omtd: the table daemon, built as one static library per layer so that a
# layer links, and includes, only what lies below it:
#
#   core    pure control logic (no clock, no I/O, no allocation)
#   link    the Modbus link and the drives' register maps
#   config  omtd.conf: loading, validation, the core's parameters
#   store   presets and the event log on disk
#   rt      the real-time control thread and its I/O
#   bus     the org.omt.Table1 service
#
# main.c and logging stay in daemon/ and make the program.  Tests link the
# same libraries.
DAEMON_LAYERS := core link config store rt bus

# Which other layers' headers each layer may include (its own always).
DAEMON_INC_core   :=
DAEMON_INC_link   := config core
DAEMON_INC_config := core link
DAEMON_INC_store  :=
DAEMON_INC_rt     := core link config
DAEMON_INC_bus    := core link config store rt
DAEMON_INC_ALL    := $(addprefix -Idaemon/,$(DAEMON_LAYERS)) -Idaemon

define daemon_layer
DAEMON_SRCS_$(1) := $$(wildcard daemon/$(1)/*.c)
DAEMON_LIB_$(1)  := $$(O)/daemon/libomt-$(1).a
$$(DAEMON_LIB_$(1)): $$(DAEMON_SRCS_$(1):%.c=$$(O)/%.o)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
$$(O)/daemon/$(1)/%.o: CFLAGS += -Idaemon/$(1) \
	$$(addprefix -Idaemon/,$$(DAEMON_INC_$(1))) -Idaemon
endef
$(foreach l,$(DAEMON_LAYERS),$(eval $(call daemon_layer,$(l))))

DAEMON_BASE_SRCS := $(filter-out daemon/main.c,$(wildcard daemon/*.c))
DAEMON_LIB_base  := $(O)/daemon/libomt-base.a
$(DAEMON_LIB_base): $(DAEMON_BASE_SRCS:%.c=$(O)/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Highest layer first, so each archive's undefined symbols are found in
# the ones after it.
DAEMON_LIBS := $(DAEMON_LIB_bus) $(DAEMON_LIB_rt) $(DAEMON_LIB_store) \
	$(DAEMON_LIB_config) $(DAEMON_LIB_link) $(DAEMON_LIB_core) \
	$(DAEMON_LIB_base)
DAEMON_BIN  := $(O)/omtd
PROGRAMS += $(if $(wildcard daemon/main.c),$(DAEMON_BIN))

$(O)/daemon/main.o $(O)/daemon/log.o: CFLAGS += $(DAEMON_INC_ALL)

$(DAEMON_BIN): $(O)/daemon/main.o $(DAEMON_LIBS) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_MODBUS) $(LIBS_GPIOD) $(LIBS_SYSTEMD) \
		$(LIBS_INIH) -lm -lpthread
