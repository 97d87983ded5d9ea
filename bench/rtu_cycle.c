// SPDX-License-Identifier: MIT
/*
 * rtu_cycle DEVICE BAUD CYCLES: times the function-23 cycle the daemon
 * runs against every drive (write CONTROL and SETPOINT at 0x0010-0x0012,
 * read STATUS..CURRENT at 0x0000-0x0005) over Modbus RTU, with libmodbus
 * as the master, and compares the median with the wire-time lower bound
 * of the same frames at BAUD.  The drives are left disabled: the bench
 * measures the bus, not motion.
 *
 * Prints: rtu_f23_cycle: measured p50 X us, p99 X us, wire bound Y us,
 *         ratio Z (target <= 1.25)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <modbus.h>

#include "omt_io_map.h"
#include "omt_regs.h"
#include "rtu_frame.h"

#include "omt_time.h"
#include "samples.h"

/* Frame sizes on the wire: address, PDU, CRC. */
#define F23_REQUEST_BYTES (1 + 10 + 2 * OMT_REG_WRITE_BLOCK_COUNT + 2)
#define F23_REPLY_BYTES (1 + 2 + 2 * OMT_REG_READ_BLOCK_COUNT + 2)
#define TARGET_RATIO 1.25

/* The drives, at their default slave addresses 1..DRIVES. */
#define DRIVES 6
#define HEIGHT_SLAVE OMT_DEFAULT_SLAVE(0)

/* A setpoint inside each drive's travel: where the simulator starts it. */
static int32_t resting_setpoint(int slave)
{
	return slave == HEIGHT_SLAVE ? 70000 : 0;
}

int main(int argc, char **argv)
{
	uint16_t w[OMT_REG_WRITE_BLOCK_COUNT], r[OMT_REG_READ_BLOCK_COUNT];
	uint64_t *samples, t0, bound_ns;
	unsigned long baud, cycles, n = 0, failures = 0, c;
	modbus_t *mb;
	size_t d;
	int32_t sp;
	double p50, p99, bound;

	if (argc != 4 || !(baud = strtoul(argv[2], NULL, 10)) ||
	    !(cycles = strtoul(argv[3], NULL, 10))) {
		fprintf(stderr, "usage: rtu_cycle DEVICE BAUD CYCLES\n");
		return 2;
	}
	mb = modbus_new_rtu(argv[1], (int)baud, 'N', 8, 1);
	if (!mb || modbus_connect(mb) < 0) {
		fprintf(stderr, "rtu_cycle: %s: %s\n", argv[1], modbus_strerror(errno));
		return 1;
	}
	/* Short and explicit: a lost frame must not stall the bench. */
	modbus_set_response_timeout(mb, 0, 100000);
	samples = calloc(cycles * DRIVES,
			 sizeof(*samples));
	if (!samples)
		return 1;
	for (c = 0; c < cycles; c++) {
		for (d = 0; d < DRIVES; d++) {
			sp = resting_setpoint(OMT_DEFAULT_SLAVE((int)d));
			w[0] = 0;
			w[1] = (uint16_t)((uint32_t)sp >> 16);
			w[2] = (uint16_t)(sp & 0xffff);
			modbus_set_slave(mb, OMT_DEFAULT_SLAVE((int)d));
			t0 = monotonic_ns();
			if (modbus_write_and_read_registers(mb,
					OMT_REG_WRITE_BLOCK_START, OMT_REG_WRITE_BLOCK_COUNT, w,
					OMT_REG_READ_BLOCK_START, OMT_REG_READ_BLOCK_COUNT, r) !=
			    OMT_REG_READ_BLOCK_COUNT) {
				/*
				 * A late reply would answer the next request:
				 * let the line fall quiet and drop what came.
				 */
				failures++;
				usleep(20000);
				modbus_flush(mb);
				continue;
			}
			samples[n++] = monotonic_ns() - t0;
		}
	}
	modbus_close(mb);
	modbus_free(mb);
	if (n == 0) {
		fprintf(stderr, "rtu_cycle: no cycle succeeded\n");
		return 1;
	}
	bench_sort_samples(samples, n);
	p50 = samples[n / 2] / 1000.0;
	p99 = samples[(n * 99) / 100] / 1000.0;
	/* Request, turnaround silence, reply, and the silence before the next. */
	bound_ns = sim_rtu_frame_ns((unsigned int)baud, F23_REQUEST_BYTES) +
		   sim_rtu_frame_ns((unsigned int)baud, F23_REPLY_BYTES) +
		   2 * sim_rtu_gap_ns((unsigned int)baud);
	bound = bound_ns / 1000.0;
	printf("rtu_f23_cycle: measured p50 %.0f us, p99 %.0f us, wire bound %.0f us, "
	       "ratio %.2f (target <= %.2f)%s\n", p50, p99, bound, p50 / bound,
	       TARGET_RATIO, p50 / bound <= TARGET_RATIO ? "" : " MISSED");
	/* The same figures for bench/run-all.sh (docs/benchmarks.md). */
	printf("RESULT name=rtu_f23_cycle_p50 value=%.0f unit=us baseline=%.0f "
	       "baseline_name=wire_bound ratio=%.2f target=<=%.2f\n", p50, bound,
	       p50 / bound, TARGET_RATIO);
	printf("RESULT name=rtu_f23_cycle_p99 value=%.0f unit=us baseline=%.0f "
	       "baseline_name=wire_bound ratio=%.2f target=none\n", p99, bound,
	       p99 / bound);
	if (failures)
		printf("rtu_f23_cycle: %lu of %lu cycles failed\n", failures,
		       failures + n);
	free(samples);
	return 0;
}
