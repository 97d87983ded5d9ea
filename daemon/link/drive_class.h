/* SPDX-License-Identifier: MIT */
/*
 * Drive classes: how a kind of drive is commanded, as data of its register
 * profile (struct omt_regmap, regmap.h).
 *
 *   cyclic-position          the controller streams a position setpoint
 *                            every cycle (omt-generic-1; the default)
 *   target-position          run to a target, explicit stop, a heartbeat
 *                            register (LINAK TECHLINE class)
 *   cia402-profile-position  the CiA 402 state machine and the new-set-point
 *                            handshake of profile position mode
 *
 * The parameters of the two newer classes live here, each class in its own
 * struct; the keys that fill them are in drive_class_keys.c.  Pure data:
 * no I/O, no allocation.
 */
#ifndef OMT_DRIVE_CLASS_H
#define OMT_DRIVE_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cia402_maps.h"

enum drive_class {
	DRIVE_CLASS_CYCLIC_POSITION = 0,
	DRIVE_CLASS_TARGET_POSITION,
	DRIVE_CLASS_CIA402_PP,
	DRIVE_CLASS_COUNT,
};

/* "cyclic-position", ...; "unknown" past the list. */
const char *drive_class_name(enum drive_class c);
/* 0 with *out, or -EINVAL with the accepted names in err. */
int drive_class_parse(const char *name, enum drive_class *out, char *err,
		      size_t errlen);

/*
 * Faults the newer classes name.  The control core sees them as the
 * FAULT status bit with the nearest canonical FAULT_CODE
 * (drive_named_fault_canonical()); logs and diagnostics use the name.
 */
#define DRIVE_NAMED_FAULT_LIST(X)                                   \
	X(NONE, "none")                                             \
	X(NEED_STOP, "need-stop")              /* power cycled */   \
	X(HALL_SENSOR, "hall-sensor")                               \
	X(SENSOR, "sensor")                    /* position sensor */ \
	X(OVERVOLTAGE, "overvoltage")                               \
	X(UNDERVOLTAGE, "undervoltage")                             \
	X(HEARTBEAT_LOST, "heartbeat-lost")                         \
	X(OVERTEMPERATURE, "overtemperature")                       \
	X(OVERCURRENT, "overcurrent")                               \
	X(POSITION_LOST, "position-lost")                           \
	X(DRIVE_ERROR, "drive-error")          /* code not in the table */ \
	X(STOP_TIMEOUT, "stop-timeout")        /* still running after stop */ \
	X(STARTUP_TIMEOUT, "startup-timeout")                       \
	X(LEFT_OPERATION, "left-operation-enabled")                 \
	X(FOLLOWING_ERROR, "following-error")                       \
	X(SETPOINT_NOT_ACKNOWLEDGED, "setpoint-not-acknowledged")   \
	X(DRIVE_FAULT_STATE, "drive-fault-state")

#define DRIVE_NAMED_FAULT_ENUM(name, word) DRIVE_FAULT_##name,
enum drive_named_fault {
	DRIVE_NAMED_FAULT_LIST(DRIVE_NAMED_FAULT_ENUM)
	DRIVE_NAMED_FAULT_COUNT,
};
#undef DRIVE_NAMED_FAULT_ENUM

/* "heartbeat-lost", ...; "unknown" past the list. */
const char *drive_named_fault_name(enum drive_named_fault f);
/* 0 with *out for a name of the list, else -EINVAL. */
int drive_named_fault_parse(const char *name, enum drive_named_fault *out);
/*
 * The canonical FAULT_CODE (enum omt_drive_fault, omt_regs.h) the core
 * sees for a named fault; OMT_DRIVE_FAULT_COUNT + f for those without a
 * canonical counterpart (the core names them "unknown" and treats them as
 * a drive fault: they stop and latch the same way).
 */
uint16_t drive_named_fault_canonical(enum drive_named_fault f);

/* ---- target-position ---- */

enum target_reg {
	/* written */
	TARGET_REG_HEARTBEAT = 0,
	TARGET_REG_COMMAND,
	TARGET_REG_CURRENT_LIMIT,       /* optional */
	TARGET_REG_SPEED,
	TARGET_REG_SOFT_START,
	TARGET_REG_SOFT_STOP,
	/* read */
	TARGET_REG_POSITION,
	TARGET_REG_CURRENT,             /* optional */
	TARGET_REG_STATUS,
	TARGET_REG_ERROR,
	TARGET_REG_SPEED_ACTUAL,        /* optional */
	TARGET_REG_COUNT,
};

enum target_bit {
	TARGET_BIT_END_IN = 0,          /* optional */
	TARGET_BIT_END_OUT,             /* optional */
	TARGET_BIT_OVERCURRENT,         /* optional */
	TARGET_BIT_RUNNING_OUT,
	TARGET_BIT_RUNNING_IN,
	TARGET_BIT_COUNT,
};

#define TARGET_ERROR_TABLE_MAX 16

struct target_error_entry {
	uint16_t code;
	uint8_t fault;                  /* enum drive_named_fault */
};

struct target_position_params {
	int32_t addr[TARGET_REG_COUNT]; /* 0..65535 or REGMAP_ADDR_NONE */
	int8_t bit[TARGET_BIT_COUNT];   /* 0..15 or REGMAP_BIT_NONE */
	uint16_t position_max;          /* COMMAND 0..this: run to position */
	uint16_t position_lost;         /* POSITION's "unknown" sentinel */
	uint16_t cmd_stop;
	uint16_t cmd_clear_error;
	uint16_t speed_full;            /* SPEED count at full speed */
	double full_speed;              /* units/s at speed_full */
	double soft_start_s;            /* written at start-up */
	double soft_stop_s;             /* written at start-up */
	double soft_s_per_count;
	double current_limit_a;         /* written at start-up; 0: not written */
	double current_limit_a_per_count;
	double retarget;                /* units: smaller target changes ignored */
	/*
	 * The axis position (units) at POSITION count 0: an actuator counts
	 * from its fully-in end, the table from the floor.  0 unless given.
	 */
	double origin;
	uint32_t heartbeat_ms;          /* the drive's silence timeout */
	uint32_t stop_timeout_ms;       /* running after STOP for longer: fault */
	unsigned int n_errors;
	struct target_error_entry error[TARGET_ERROR_TABLE_MAX];
};

/* ---- cia402-profile-position ---- */

struct cia402_pp_params {
	char map[CIA402_MAP_NAME_MAX];  /* cia402_map_find() name */
	double acceleration;            /* units/s^2, written at start-up */
	double deceleration;            /* units/s^2, written at start-up */
	double acceleration_scale;      /* units/s^2 per count */
	double retarget;                /* units: smaller target changes ignored */
	uint32_t state_timeout_ms;      /* a state-machine step, at most */
	uint32_t ack_timeout_ms;        /* set-point acknowledge, at most */
};

struct drive_class_params {
	enum drive_class cls;
	uint64_t keys_set;              /* bit i: class key i was given */
	struct target_position_params target;
	struct cia402_pp_params cia402;
};

/* cyclic-position, no class key given, every optional register absent. */
void drive_class_params_init(struct drive_class_params *dc);

#endif /* OMT_DRIVE_CLASS_H */
