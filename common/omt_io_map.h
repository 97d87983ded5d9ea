/* SPDX-License-Identifier: MIT */
/*
 * The I/O module of the simulated table (and of any table wired the same
 * way): a Modbus slave whose discrete inputs are the operator's pedals and
 * the table's sensors.  Discrete input N is also bit N of holding register
 * OMT_IO_REG_INPUTS, for masters that only speak function 3.
 */
#ifndef OMT_IO_MAP_H
#define OMT_IO_MAP_H

/*
 * The inputs, X(NAME, "word"), in the order of their numbers from 0 (an
 * input's number is its place in the list): the enum below and the names
 * of omt_io_map.c are generated from this one list.
 */
#define OMT_IO_INPUT_LIST(X)                                    \
	X(PEDAL_HEIGHT_UP, "pedal-height-up")                   \
	X(PEDAL_HEIGHT_DOWN, "pedal-height-down")               \
	X(PEDAL_TILT_UP, "pedal-tilt-up")                       \
	X(PEDAL_TILT_DOWN, "pedal-tilt-down")                   \
	/* the two-channel enable pedal */                      \
	X(PEDAL_ENABLE_A, "pedal-enable-a")                     \
	X(PEDAL_ENABLE_B, "pedal-enable-b")                     \
	X(PEDAL_ARM_DROPS, "pedal-arm-drops")                   \
	X(PEDAL_PRESET, "pedal-preset")                         \
	X(DROP_FIRED_CERVICAL, "drop-fired-cervical")           \
	X(DROP_FIRED_THORACIC, "drop-fired-thoracic")           \
	X(DROP_FIRED_LUMBAR, "drop-fired-lumbar")               \
	X(DROP_FIRED_PELVIC, "drop-fired-pelvic")               \
	/* a copy of the e-stop contacts, for display */        \
	X(ESTOP_A, "estop-a")                                   \
	X(ESTOP_B, "estop-b")

#define OMT_IO_MAP_INPUT(name, word) OMT_IN_##name,
enum omt_io_input {
	OMT_IO_INPUT_LIST(OMT_IO_MAP_INPUT)
	OMT_IN_COUNT,
};
#undef OMT_IO_MAP_INPUT

#define OMT_IO_REG_INPUTS 0x0000

/* "pedal-height-up", ...; "unknown" out of range. */
const char *omt_io_input_name(enum omt_io_input in);
/* Returns OMT_IN_COUNT when the name is unknown. */
enum omt_io_input omt_io_input_from_name(const char *name);

/*
 * Default slave addresses on the bus (configurable in omtd.conf): the
 * drives answer at 1..6 in the order of enum omt_axis (height, tilt,
 * cervical .. pelvic), the I/O module at 10.
 */
#define OMT_DEFAULT_SLAVE(axis) ((axis) + 1)
#define OMT_SLAVE_IO 10

#endif /* OMT_IO_MAP_H */
