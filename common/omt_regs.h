/* SPDX-License-Identifier: MIT */
/*
 * Register profile omt-generic-1: the holding-register map every simulated
 * drive serves and the daemon's built-in default profile.  Other drives are
 * described by profiles in the daemon's config, not by code; these constants
 * exist so the simulator and the built-in profile share one definition.
 *
 * 32-bit values are two registers, high word first.  Units: 0.01 mm for
 * linear axes, 0.01 degree for rotary ones.
 */
#ifndef OMT_REGS_H
#define OMT_REGS_H

#define OMT_REG_STATUS          0x0000
#define OMT_REG_FAULT_CODE      0x0001
#define OMT_REG_POSITION        0x0002 /* int32, two registers */
#define OMT_REG_VELOCITY        0x0004 /* int16, 0.1 unit/s */
#define OMT_REG_CURRENT         0x0005 /* uint16, mA */
#define OMT_REG_CONTROL         0x0010
#define OMT_REG_SETPOINT        0x0011 /* int32, two registers */
#define OMT_REG_VELOCITY_LIMIT  0x0013 /* uint16, 0.1 unit/s */
#define OMT_REG_WATCHDOG_MS     0x0014
#define OMT_REG_AXIS_KIND       0x0020
#define OMT_REG_MIN_POSITION    0x0021 /* int32, two registers */
#define OMT_REG_MAX_POSITION    0x0023 /* int32, two registers */
/* Drop sections only: tension level 1..10 (an extension of the table). */
#define OMT_REG_TENSION         0x0030
/*
 * Optional identity (an extension of the table, read at each connection):
 * ASCII text, two characters a register, the first in the high byte,
 * padded with NUL or spaces.  A drive without them answers exception 2.
 */
#define OMT_REG_SERIAL_NUMBER     0x0040 /* 8 registers, 16 characters */
#define OMT_REG_FIRMWARE_VERSION  0x0048 /* 8 registers, 16 characters */
#define OMT_REG_TEXT_WORDS        8
#define OMT_DRIVE_TEXT_MAX        (2 * OMT_REG_TEXT_WORDS) /* characters */

/* The block read and written by one function-23 cycle. */
#define OMT_REG_READ_BLOCK_START   OMT_REG_STATUS
#define OMT_REG_READ_BLOCK_COUNT   6      /* 0x0000..0x0005 */
#define OMT_REG_WRITE_BLOCK_START  OMT_REG_CONTROL
#define OMT_REG_WRITE_BLOCK_COUNT  3      /* 0x0010..0x0012 */

/*
 * The registers' coded values, each stated once with its word: the
 * enums below and the names of omt_regs.c are generated from these
 * lists.  STATUS and FAULT_CODE: X(NAME, "word"), in the order of their
 * values from 0 (a value is its place in the list; test_register_words
 * holds each to the profile's number).
 */

/* STATUS bits: bit 0, 1, ... (the masks are OMT_STATUS_READY ...). */
#define OMT_STATUS_BIT_LIST(X)          \
	X(READY, "ready")               \
	X(ENABLED, "enabled")           \
	X(MOVING, "moving")             \
	X(IN_POSITION, "in-position")   \
	X(FAULT, "fault")               \
	X(LIMIT_LOW, "limit-low")       \
	X(LIMIT_HIGH, "limit-high")     \
	X(HOMED, "homed")               \
	X(OBSTRUCTION, "obstruction")   \
	X(COMMS_TIMEOUT, "comms-timeout")

/* FAULT_CODE values: 0, 1, ... */
#define OMT_DRIVE_FAULT_LIST(X)                 \
	X(NONE, "none")                         \
	X(OVERCURRENT, "overcurrent")           \
	X(OVERTEMPERATURE, "overtemperature")   \
	X(FOLLOWING_ERROR, "following-error")   \
	X(COMMS_WATCHDOG, "comms-watchdog")     \
	X(LIMIT, "limit")                       \
	X(ENCODER, "encoder")                   \
	X(SUPPLY, "supply")

#define OMT_REGS_STATUS_BIT(name, word) OMT_STATUS_BIT_##name,
#define OMT_REGS_STATUS_MASK(name, word) \
	OMT_STATUS_##name = 1u << OMT_STATUS_BIT_##name,
#define OMT_REGS_DRIVE_FAULT(name, word) OMT_DRIVE_FAULT_##name,
enum omt_status_bit {
	OMT_STATUS_BIT_LIST(OMT_REGS_STATUS_BIT)
	OMT_STATUS_NAMED,       /* the bits the profile defines */
};
enum omt_status_mask { OMT_STATUS_BIT_LIST(OMT_REGS_STATUS_MASK) };
enum omt_drive_fault {
	OMT_DRIVE_FAULT_LIST(OMT_REGS_DRIVE_FAULT)
	OMT_DRIVE_FAULT_COUNT,
};
#undef OMT_REGS_STATUS_BIT
#undef OMT_REGS_STATUS_MASK
#undef OMT_REGS_DRIVE_FAULT

/* AXIS_KIND values (from 1): the enum and the names of omt_regs.c. */
#define OMT_AXIS_KIND_LIST(X)           \
	X(LINEAR, 1, "linear")          \
	X(ROTARY, 2, "rotary")          \
	X(DROP, 3, "drop section")

#define OMT_REGS_AXIS_KIND(name, kind, word) OMT_AXIS_KIND_##name = (kind),
enum omt_axis_kind { OMT_AXIS_KIND_LIST(OMT_REGS_AXIS_KIND) };
#undef OMT_REGS_AXIS_KIND

/* "ready" for bit 0, ...; NULL for a bit the profile does not define. */
const char *omt_status_bit_name(unsigned int bit);
/* "overcurrent" for FAULT_CODE 1, ...; "none" for 0; "unknown" past 7. */
const char *omt_drive_fault_name(unsigned int code);
/* "linear", "rotary", "drop section"; "unknown" for any other value. */
const char *omt_axis_kind_name(unsigned int kind);

/* CONTROL bits */
#define OMT_CONTROL_ENABLE       (1u << 0)
#define OMT_CONTROL_QUICK_STOP   (1u << 1)
#define OMT_CONTROL_FAULT_RESET  (1u << 2) /* acts on the rising edge */

#endif /* OMT_REGS_H */
