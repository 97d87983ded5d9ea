# omtd: the table daemon, built as one static library per layer.  Layers
# in their order, each above the ones before it:
#
#   core    pure control logic (no clock, no I/O, no allocation)
#   link    the Modbus link and the drives' register maps
#   config  omtd.conf: loading, validation, the settings of the layers below
#   store   presets and the event log on disk
#   rt      the real-time control thread and its I/O
#   bus     the org.omt.Table1 service
#   (main)  main.c and logging in daemon/ make the program
#
# A layer includes its own headers and, of each layer below it, only the
# one seam header in DAEMON_SEAM_<layer>; nothing from a layer above it or
# beside it.  tests/layers.sh checks this on every #include, and that the
# core library calls nothing outside DAEMON_CORE_SYMBOLS_OK (no clock, no
# allocation, no I/O).  Logging (daemon/log.h) serves every layer but the
# core.  Tests link the same libraries.
DAEMON_LAYERS := core link config store rt bus

DAEMON_SEAM_core   := table_logic.h
DAEMON_SEAM_link   := link.h
DAEMON_SEAM_config := config.h
DAEMON_SEAM_store  := store.h
DAEMON_SEAM_rt     := control_port.h
DAEMON_SEAM_bus    := bus.h

# The directories each layer's compiler sees: its own, every layer's below
# (a seam header includes its own layer's other headers), and daemon/ for
# logging.  The core sees none but its own and no library's flags at all.
DAEMON_INC_core   :=
DAEMON_INC_link   := core
DAEMON_INC_config := core link
DAEMON_INC_store  := core link config
DAEMON_INC_rt     := core link config store
DAEMON_INC_bus    := core link config store rt
DAEMON_INC_ALL    := $(addprefix -Idaemon/,$(DAEMON_LAYERS)) -Idaemon

define daemon_layer
DAEMON_SRCS_$(1) := $$(wildcard daemon/$(1)/*.c)
DAEMON_LIB_$(1)  := $$(O)/daemon/libomt-$(1).a
$$(DAEMON_LIB_$(1)): $$(DAEMON_SRCS_$(1):%.c=$$(O)/%.o)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
$$(O)/daemon/$(1)/%.o: CFLAGS += -Idaemon/$(1) \
	$$(addprefix -Idaemon/,$$(DAEMON_INC_$(1))) $$(if $$(filter core,$(1)),,-Idaemon)
endef
$(foreach l,$(DAEMON_LAYERS),$(eval $(call daemon_layer,$(l))))

# No libmodbus, libgpiod or libsystemd headers reachable from the core.
$(O)/daemon/core/%.o: CFLAGS := $(filter-out $(PKG_CFLAGS),$(CFLAGS)) -Idaemon/core

# The include rules hold before any daemon object is compiled: a breach
# (say <modbus.h> in the core) stops the build with the rule it breaks,
# not with the compiler's "no such file" for a header out of reach.
DAEMON_LAYERS_OK := $(O)/daemon/layers.ok
$(DAEMON_LAYERS_OK): $(wildcard daemon/*.[ch] daemon/*/*.[ch]) daemon/build.mk \
		tools/check-layers.sh
	@mkdir -p $(dir $@)
	@tools/check-layers.sh includes . && touch $@
$(foreach l,$(DAEMON_LAYERS),$(DAEMON_SRCS_$(l):%.c=$(O)/%.o)): | $(DAEMON_LAYERS_OK)

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
