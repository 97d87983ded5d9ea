/* SPDX-License-Identifier: MIT */
/*
 * The table's domain vocabulary, shared by the control core, the bus
 * service, the CLI and the tests: axes, states, drop sections, faults and
 * motion outcomes, with the exact strings the public contract uses.
 */
#ifndef OMT_TABLE_TYPES_H
#define OMT_TABLE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Axes in a fixed order; the drop sections follow the two motion axes. */
enum omt_axis {
	OMT_AXIS_HEIGHT = 0,
	OMT_AXIS_TILT,
	OMT_AXIS_CERVICAL,
	OMT_AXIS_THORACIC,
	OMT_AXIS_LUMBAR,
	OMT_AXIS_PELVIC,
	OMT_AXIS_COUNT,
};
#define OMT_MOTION_AXES 2               /* height, tilt */
#define OMT_DROP_SECTIONS 4             /* cervical .. pelvic */
#define OMT_AXIS_IS_DROP(a) ((a) >= OMT_AXIS_CERVICAL && (a) < OMT_AXIS_COUNT)

enum omt_table_state {
	OMT_STATE_LOCKED = 0,
	OMT_STATE_IDLE,
	OMT_STATE_MOVING,
	OMT_STATE_STOPPING,
	OMT_STATE_FAULT,
	OMT_STATE_ESTOP,
};

enum omt_drop_state {
	OMT_DROP_DOWN = 0,
	OMT_DROP_ARMING,
	OMT_DROP_ARMED,
	OMT_DROP_FIRED,
};

enum omt_motion_outcome {
	OMT_OUTCOME_REACHED = 0,
	OMT_OUTCOME_STOPPED,
	OMT_OUTCOME_RELEASED,
	OMT_OUTCOME_PREEMPTED,
	OMT_OUTCOME_FAULT,
};

/*
 * Fault kinds.  A fault's public code is "<kind>" or "<kind>:<axis>", e.g.
 * "modbus-timeout:height".
 */
enum omt_fault_kind {
	OMT_FAULT_MODBUS_TIMEOUT = 0,
	OMT_FAULT_MODBUS_CRC,
	OMT_FAULT_MODBUS_EXCEPTION,
	OMT_FAULT_MODBUS_FRAME,
	OMT_FAULT_COMMS_LOST,         /* consecutive failures past the limit */
	OMT_FAULT_FOLLOWING_ERROR,
	OMT_FAULT_STALL,
	OMT_FAULT_OBSTRUCTION,
	OMT_FAULT_OVERCURRENT,
	OMT_FAULT_DRIVE,              /* the drive reports FAULT_CODE != 0 */
	OMT_FAULT_LIMIT,              /* hardware limit switch reached */
	OMT_FAULT_UNCOMMANDED_MOTION,
	OMT_FAULT_POSITION_JUMP,
	OMT_FAULT_PEDAL_MISMATCH,     /* two pedal channels disagree */
	OMT_FAULT_ESTOP,
	OMT_FAULT_INTERLOCK,          /* the kernel interlock dropped enable */
	OMT_FAULT_DRIVE_DISABLED,     /* a drive dropped READY/ENABLED itself */
	OMT_FAULT_DRIVE_IDENTITY,     /* a drive failed its verification */
	OMT_FAULT_INPUT_CHATTER,      /* an operator input changes too often */
	OMT_FAULT_OVERFLOW,           /* the latched fault set is full */
	OMT_FAULT_KIND_COUNT,
};

/*
 * Where omtd's check of a drive stands on the present connection: its
 * identity (axis kind), its travel against the configured soft limits,
 * its WATCHDOG_MS written and read back.  Only a verified drive is ever
 * enabled or written a setpoint.
 */
enum omt_verify_state {
	OMT_VERIFY_PENDING = 0,         /* not yet checked on this connection */
	OMT_VERIFY_OK,
	OMT_VERIFY_NO_ANSWER,           /* it did not answer the check; retried */
	OMT_VERIFY_WRONG_KIND,          /* detail: the AXIS_KIND it reports */
	OMT_VERIFY_TRAVEL,              /* soft limits outside its travel */
	OMT_VERIFY_WATCHDOG,            /* detail: WATCHDOG_MS read back */
	/* A drive of a newer class that does not answer as its class:
	 * detail: the exception code, or the word it read (a CiA 402
	 * statusword that is no state). */
	OMT_VERIFY_CLASS,
	OMT_VERIFY_STATE_COUNT,
};

/* Result of a command, as the bus maps it onto the contract's errors. */
enum omt_cmd_result {
	OMT_CMD_OK = 0,
	OMT_CMD_OUT_OF_RANGE,
	OMT_CMD_LOCKED,
	OMT_CMD_FAULTED,
	OMT_CMD_INTERLOCK,
	OMT_CMD_NOT_FOUND,
	OMT_CMD_INVALID,
	OMT_CMD_BUSY,                 /* e.g. duty cycle exhausted */
};

const char *omt_axis_name(enum omt_axis axis);
/* Returns OMT_AXIS_COUNT when the name is unknown. */
enum omt_axis omt_axis_from_name(const char *name);
const char *omt_table_state_name(enum omt_table_state state);
const char *omt_drop_state_name(enum omt_drop_state state);
const char *omt_outcome_name(enum omt_motion_outcome outcome);
const char *omt_fault_kind_name(enum omt_fault_kind kind);
/* "verified", "pending", "no-answer", "wrong-kind", "travel", "watchdog" */
const char *omt_verify_state_name(enum omt_verify_state state);
/* The state with why, for people: "wrong-kind (reports axis kind 2)". */
void omt_verify_describe(enum omt_verify_state state, unsigned int detail,
			 char *buf, unsigned int len);
/* Returns OMT_FAULT_KIND_COUNT when the name is unknown. */
enum omt_fault_kind omt_fault_kind_from_name(const char *name);

/*
 * A fault's public code: "kind", or "kind:axis" for a fault of one axis
 * (axis < OMT_AXIS_COUNT), e.g. "modbus-timeout:height".
 */
void omt_fault_code(enum omt_fault_kind kind, enum omt_axis axis, char *buf,
		    size_t len);

#endif /* OMT_TABLE_TYPES_H */
