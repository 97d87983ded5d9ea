/* SPDX-License-Identifier: MIT */
/*
 * Everything on the simulated bus: the six drives, the I/O module, the
 * faults injected into them, request statistics and the log of setpoints
 * each drive received.  Time enters only through sim_world_advance(),
 * which steps the physics in fixed 1 ms steps.
 */
#ifndef SIM_WORLD_H
#define SIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "axis.h"
#include "cia402_drive.h"
#include "sim_drive_class.h"
#include "linak_actuator.h"
#include "omt_io_map.h"
#include "omt_table_types.h"
#include "request.h"

#define SIM_STEP_NS 1000000ull          /* physics step: 1 ms */
#define SIM_IO_INDEX OMT_AXIS_COUNT     /* slave index of the I/O module */
#define SIM_SLAVES (OMT_AXIS_COUNT + 1)
#define SIM_HISTORY_LEN 1024

/* Faults injected into one slave's bus behaviour. */
struct sim_bus_faults {
	bool absent;            /* not on the bus: requests are ignored */
	bool no_reply;          /* acts on requests, its replies are lost */
	bool bad_crc;           /* RTU replies carry a wrong CRC */
	uint8_t exception;      /* answer every request with this, 0 = off */
};

struct sim_slave_stats {
	uint64_t requests;      /* well-formed requests addressed to it */
	uint64_t exceptions;    /* answered with an exception */
};

/* One CONTROL/SETPOINT write as the drive received it. */
struct sim_setpoint_record {
	uint64_t t_ns;          /* CLOCK_MONOTONIC */
	int32_t setpoint;       /* raw, 0.01 unit */
	uint16_t control;
};

struct sim_history {
	struct sim_setpoint_record rec[SIM_HISTORY_LEN];
	uint64_t count;         /* records ever written; index = count % LEN */
};

struct sim_world {
	struct sim_axis axis[OMT_AXIS_COUNT];
	/* Each drive's class (omt-generic-1 unless chosen otherwise) and,
	 * for the other classes, the model that answers for it. */
	enum sim_drive_class drive_class[OMT_AXIS_COUNT];
	struct sim_linak linak[OMT_AXIS_COUNT];
	struct sim_cia402 cia402[OMT_AXIS_COUNT];
	const struct cia402_map *cia402_map[OMT_AXIS_COUNT];
	uint8_t slave_id[SIM_SLAVES];
	struct sim_bus_faults faults[SIM_SLAVES];
	struct sim_slave_stats stats[SIM_SLAVES];
	struct sim_history history[OMT_AXIS_COUNT];
	uint32_t forced_inputs;  /* pedals and e-stop copies set from outside */
	uint64_t now_ns;         /* model time, a whole number of steps */
	bool started;
	/* Bus-wide counters. */
	uint64_t unknown_slave;  /* requests for a slave that is not here */
	uint64_t malformed;      /* frames dropped as unusable */
	uint64_t crc_errors;     /* RTU frames with a bad CRC */
	uint64_t library_replies; /* requests handed to modbus_reply() */
};

void sim_world_init(struct sim_world *world);
/*
 * Makes drive `index` a drive of that class (map: the CiA 402 object map),
 * powered up where its axis stands.  Before serving only.
 */
void sim_world_set_class(struct sim_world *world, int index,
			 enum sim_drive_class drive_class,
			 const struct cia402_map *map);
/* Steps the physics up to monotonic time now_ns. */
void sim_world_advance(struct sim_world *world, uint64_t now_ns);

/* Slave index 0..SIM_SLAVES-1 for a unit id, or -1. */
int sim_world_slave_index(const struct sim_world *world, uint8_t unit_id);
const char *sim_world_slave_name(int index);
/* Slave index by name ("height", ..., "io"), or -1. */
int sim_world_slave_by_name(const char *name);

/* The I/O module's inputs, bit per enum omt_io_input. */
uint32_t sim_world_inputs(const struct sim_world *world);

/*
 * Checks a decoded request against the slave's map and, when it is
 * acceptable, performs its writes.  Returns 0 or the exception code to
 * answer; a refused request changes nothing.
 */
int sim_world_apply(struct sim_world *world, int index,
		    const struct sim_request *req, uint64_t now_ns);
/* The value of holding register addr on that slave (for replies). */
uint16_t sim_world_read_register(const struct sim_world *world, int index,
				 uint16_t addr);
/* count registers from addr, a range sim_world_apply() accepted. */
void sim_world_read_registers(const struct sim_world *world, int index,
			      uint16_t addr, uint16_t count, uint16_t *out);

#endif /* SIM_WORLD_H */
