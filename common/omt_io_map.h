/* SPDX-License-Identifier: MIT */
/*
 * The I/O module of the simulated table (and of any table wired the same
 * way): a Modbus slave whose discrete inputs are the operator's pedals and
 * the table's sensors.  Discrete input N is also bit N of holding register
 * OMT_IO_REG_INPUTS, for masters that only speak function 3.
 */
#ifndef OMT_IO_MAP_H
#define OMT_IO_MAP_H

enum omt_io_input {
	OMT_IN_PEDAL_HEIGHT_UP = 0,
	OMT_IN_PEDAL_HEIGHT_DOWN = 1,
	OMT_IN_PEDAL_TILT_UP = 2,
	OMT_IN_PEDAL_TILT_DOWN = 3,
	OMT_IN_PEDAL_ENABLE_A = 4,    /* two-channel enable pedal */
	OMT_IN_PEDAL_ENABLE_B = 5,
	OMT_IN_PEDAL_ARM_DROPS = 6,
	OMT_IN_PEDAL_PRESET = 7,
	OMT_IN_DROP_FIRED_CERVICAL = 8,
	OMT_IN_DROP_FIRED_THORACIC = 9,
	OMT_IN_DROP_FIRED_LUMBAR = 10,
	OMT_IN_DROP_FIRED_PELVIC = 11,
	OMT_IN_ESTOP_A = 12,          /* copy of the e-stop contacts, for display */
	OMT_IN_ESTOP_B = 13,
	OMT_IN_COUNT = 14,
};

#define OMT_IO_REG_INPUTS 0x0000

/* "pedal-height-up", ...; "unknown" out of range. */
const char *omt_io_input_name(enum omt_io_input in);
/* Returns OMT_IN_COUNT when the name is unknown. */
enum omt_io_input omt_io_input_from_name(const char *name);

/* Default slave addresses on the bus (configurable in omtd.conf). */
enum omt_default_slave {
	OMT_SLAVE_HEIGHT = 1,
	OMT_SLAVE_TILT = 2,
	OMT_SLAVE_CERVICAL = 3,
	OMT_SLAVE_THORACIC = 4,
	OMT_SLAVE_LUMBAR = 5,
	OMT_SLAVE_PELVIC = 6,
	OMT_SLAVE_IO = 10,
};

#endif /* OMT_IO_MAP_H */
