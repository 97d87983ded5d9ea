# omt-sim: the Modbus actuator and I/O simulator.
SIM_SRCS := $(filter-out sim/main.c,$(wildcard sim/*.c))
SIM_OBJS := $(SIM_SRCS:%.c=$(O)/%.o)
SIM_LIB  := $(O)/libomtsim.a
SIM_BIN  := $(O)/omt-sim
PROGRAMS += $(if $(wildcard sim/main.c),$(SIM_BIN))

$(SIM_LIB): $(SIM_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(SIM_BIN): $(O)/sim/main.o $(SIM_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_MODBUS) -lm -lpthread

# The RTU cycle benchmark's master (bench/rtu_cycle.sh runs it).
BENCH_RTU_CYCLE := $(O)/bench/rtu_cycle
PROGRAMS += $(BENCH_RTU_CYCLE)
$(O)/bench/rtu_cycle.o: CFLAGS += -Isim

$(BENCH_RTU_CYCLE): $(O)/bench/rtu_cycle.o $(SIM_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_MODBUS) -lm
