# Benchmark programs (bench/run-all.sh runs them through their scripts).
# bench/rtu_cycle is built by sim/build.mk, the control-loop and kernel
# probes by their own scripts.
BENCH_BUS_ROUNDTRIP := $(O)/bench/bus_roundtrip
PROGRAMS += $(BENCH_BUS_ROUNDTRIP)

$(BENCH_BUS_ROUNDTRIP): $(O)/bench/bus_roundtrip.o $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SYSTEMD)

# The flood: omtd's control thread and bus service in one process (with the
# test harness that starts omt-sim), and the clients it starts.
BENCH_BUS_FLOOD := $(O)/bench/bus_flood
BENCH_BUS_FLOOD_CLIENT := $(O)/bench/bus_flood_client
PROGRAMS += $(BENCH_BUS_FLOOD) $(BENCH_BUS_FLOOD_CLIENT)
$(O)/bench/bus_flood.o: CFLAGS += $(DAEMON_INC_ALL) -Isim -Itests/lib

$(BENCH_BUS_FLOOD): $(O)/bench/bus_flood.o $(TEST_LIB_OBJS) $(DAEMON_LIBS) \
		$(SIM_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_MODBUS) $(LIBS_GPIOD) $(LIBS_SYSTEMD) \
		$(LIBS_INIH) -lm -lpthread

$(BENCH_BUS_FLOOD_CLIENT): $(O)/bench/bus_flood_client.o $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SYSTEMD)

# Records a move at the simulator (bench/bus_move_trace.sh makes the move).
BENCH_BUS_MOVE_TRACE := $(O)/bench/bus_move_trace
PROGRAMS += $(BENCH_BUS_MOVE_TRACE)

$(BENCH_BUS_MOVE_TRACE): $(O)/bench/bus_move_trace.o $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^

# The soak: SOAK_MINUTES (default 30) of the whole simulated stack under
# moves, presets, diagnostics and injected faults (bench/soak.sh).
.PHONY: soak
soak:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory all
	@bench/soak.sh $(O)
