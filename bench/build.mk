# Benchmark programs (bench/run-all.sh runs them through their scripts).
# bench/rtu_cycle is built by sim/build.mk, the control-loop and kernel
# probes by their own scripts.
BENCH_BUS_ROUNDTRIP := $(O)/bench/bus_roundtrip
PROGRAMS += $(BENCH_BUS_ROUNDTRIP)

$(BENCH_BUS_ROUNDTRIP): $(O)/bench/bus_roundtrip.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SYSTEMD)
