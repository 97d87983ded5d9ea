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

/* STATUS bits */
#define OMT_STATUS_READY          (1u << 0)
#define OMT_STATUS_ENABLED        (1u << 1)
#define OMT_STATUS_MOVING         (1u << 2)
#define OMT_STATUS_IN_POSITION    (1u << 3)
#define OMT_STATUS_FAULT          (1u << 4)
#define OMT_STATUS_LIMIT_LOW      (1u << 5)
#define OMT_STATUS_LIMIT_HIGH     (1u << 6)
#define OMT_STATUS_HOMED          (1u << 7)
#define OMT_STATUS_OBSTRUCTION    (1u << 8)
#define OMT_STATUS_COMMS_TIMEOUT  (1u << 9)

/* FAULT_CODE values */
enum omt_drive_fault {
	OMT_DRIVE_FAULT_NONE = 0,
	OMT_DRIVE_FAULT_OVERCURRENT = 1,
	OMT_DRIVE_FAULT_OVERTEMPERATURE = 2,
	OMT_DRIVE_FAULT_FOLLOWING_ERROR = 3,
	OMT_DRIVE_FAULT_COMMS_WATCHDOG = 4,
	OMT_DRIVE_FAULT_LIMIT = 5,
	OMT_DRIVE_FAULT_ENCODER = 6,
	OMT_DRIVE_FAULT_SUPPLY = 7,
};

/* CONTROL bits */
#define OMT_CONTROL_ENABLE       (1u << 0)
#define OMT_CONTROL_QUICK_STOP   (1u << 1)
#define OMT_CONTROL_FAULT_RESET  (1u << 2) /* acts on the rising edge */

/* AXIS_KIND values */
enum omt_axis_kind {
	OMT_AXIS_KIND_LINEAR = 1,
	OMT_AXIS_KIND_ROTARY = 2,
	OMT_AXIS_KIND_DROP = 3,
};

#endif /* OMT_REGS_H */
