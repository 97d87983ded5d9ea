// SPDX-License-Identifier: MIT
/*
 * The shipped profiles of the newer drive classes, as data: what a
 * [profile.NAME] section would say, written once here so an axis can name
 * them like omt-generic-1.  Figures from common/linak_regs.h and
 * common/cia402_regs.h; what a real drive's manual leaves open is listed
 * in docs/register-profiles.md ("Daemon side: drive classes").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "linak_regs.h"
#include "regmap.h"

void regmap_builtin_linak_techline_tcp(struct omt_regmap *p)
{
	static const struct target_error_entry errors[] = {
		{ LINAK_ERR_NEED_STOP, DRIVE_FAULT_NEED_STOP },
		{ LINAK_ERR_HALL, DRIVE_FAULT_HALL_SENSOR },
		{ LINAK_ERR_OVERVOLTAGE, DRIVE_FAULT_OVERVOLTAGE },
		{ LINAK_ERR_UNDERVOLTAGE, DRIVE_FAULT_UNDERVOLTAGE },
		{ LINAK_ERR_HEARTBEAT_LOST, DRIVE_FAULT_HEARTBEAT_LOST },
		{ LINAK_ERR_TEMPERATURE, DRIVE_FAULT_OVERTEMPERATURE },
	};
	struct target_position_params *t = &p->dc.target;
	char err[8];

	regmap_init_unset(p, OMT_PROFILE_LINAK_TCP_NAME);
	(void)drive_class_set_key(p, "class", "target-position", err,
				  sizeof(err));
	t->addr[TARGET_REG_HEARTBEAT] = LINAK_REG_HEARTBEAT;
	t->addr[TARGET_REG_COMMAND] = LINAK_REG_COMMAND;
	t->addr[TARGET_REG_CURRENT_LIMIT] = LINAK_REG_CURRENT_LIMIT;
	t->addr[TARGET_REG_SPEED] = LINAK_REG_SPEED;
	t->addr[TARGET_REG_SOFT_START] = LINAK_REG_SOFT_START;
	t->addr[TARGET_REG_SOFT_STOP] = LINAK_REG_SOFT_STOP;
	t->addr[TARGET_REG_POSITION] = LINAK_REG_POSITION;
	t->addr[TARGET_REG_CURRENT] = LINAK_REG_CURRENT;
	t->addr[TARGET_REG_STATUS] = LINAK_REG_STATUS;
	t->addr[TARGET_REG_ERROR] = LINAK_REG_ERROR;
	t->addr[TARGET_REG_SPEED_ACTUAL] = LINAK_REG_SPEED_ACTUAL;
	t->bit[TARGET_BIT_END_IN] = 0;       /* LINAK_STATUS_END_IN */
	t->bit[TARGET_BIT_END_OUT] = 1;      /* LINAK_STATUS_END_OUT */
	t->bit[TARGET_BIT_OVERCURRENT] = 2;  /* LINAK_STATUS_OVERCURRENT */
	t->bit[TARGET_BIT_RUNNING_OUT] = 3;  /* LINAK_STATUS_RUNNING_OUT */
	t->bit[TARGET_BIT_RUNNING_IN] = 4;   /* LINAK_STATUS_RUNNING_IN */
	t->position_max = LINAK_POSITION_MAX;
	t->position_lost = LINAK_POSITION_LOST;
	t->cmd_stop = LINAK_CMD_STOP;
	t->cmd_clear_error = LINAK_CMD_CLEAR_ERROR;
	t->speed_full = 200;                 /* 0.5 % PWM a count */
	/*
	 * Speed at full PWM: the variant's own (spindle pitch, gear, load)
	 * is not known here, so the fastest of the product line (LA36 data
	 * sheet: up to 160 mm/s).  A figure above the real one only makes the
	 * actuator slower than asked, which the supervision stops; one below
	 * would make it faster than the axis allows.  Set the actuator's own
	 * in a profile of its own (etc/tables/mixed.conf).
	 */
	t->full_speed = 160.0;
	/* Not a fact of the actuator but omtd's setting, written at start:
	 * the default height axis reaches 30 mm/s at its max_accel of
	 * 50 mm/s^2 in 0.6 s, no sooner (drive_class_check_start). */
	t->soft_start_s = 0.6;
	/* Not the default 1.5 s: 0.25 s keeps the stop within the bound of
	 * the default height axis (30 mm/s, 100 mm/s^2: at most 0.3 s). */
	t->soft_stop_s = 0.25;
	t->soft_s_per_count = LINAK_SOFT_SECONDS_PER_COUNT;
	t->current_limit_a = 0.0;            /* the actuator's own limit */
	t->current_limit_a_per_count = 0.25;
	t->retarget = 1.0;
	t->heartbeat_ms = LINAK_HEARTBEAT_TIMEOUT_MS;
	t->stop_timeout_ms = 1000;
	memcpy(t->error, errors, sizeof(errors));
	t->n_errors = sizeof(errors) / sizeof(errors[0]);
	drive_class_mark_given(&p->dc);
	p->position_scale = 0.1;             /* 0.1 mm a count */
	p->velocity_scale = 0.1;             /* 0.1 mm/s a count */
	p->current_scale = 1.0;              /* unit unconfirmed: see docs */
	p->function23 = false;
}

void regmap_builtin_cia402_pp(struct omt_regmap *p)
{
	char err[8];

	regmap_init_unset(p, OMT_PROFILE_CIA402_PP_NAME);
	(void)drive_class_set_key(p, "class", "cia402-profile-position", err,
				  sizeof(err));
	(void)drive_class_set_key(p, "map", "index", err, sizeof(err));
	/*
	 * Settings omtd writes (6083h, 6084h), not facts of a drive: for the
	 * default tilt axis, where the shipped tables put a CiA 402 drive
	 * (degrees/s^2): its max_accel, and twice its stop_decel.  At exactly
	 * stop_decel the drive's stop ran 1.07 times the axis's bound in
	 * bench class_stop (TCP, 10 ms): it takes more than the one exchange
	 * of lateness the check allows for.  Another axis needs a profile
	 * with its own figures.
	 */
	(void)drive_class_set_key(p, "cia402.acceleration", "6", err,
				  sizeof(err));
	(void)drive_class_set_key(p, "cia402.deceleration", "24", err,
				  sizeof(err));
	(void)drive_class_set_key(p, "cia402.acceleration_scale", "0.001",
				  err, sizeof(err));
	(void)drive_class_set_key(p, "cia402.retarget", "0.5", err,
				  sizeof(err));
	(void)drive_class_set_key(p, "cia402.state_timeout_ms", "500", err,
				  sizeof(err));
	(void)drive_class_set_key(p, "cia402.ack_timeout_ms", "200", err,
				  sizeof(err));
	/* User units of 1 um (a common drive setting; see docs). */
	p->position_scale = 0.001;
	p->velocity_scale = 0.001;
	p->current_scale = 1.0;
	p->function23 = false;
}

static const struct {
	const char *name;
	void (*fill)(struct omt_regmap *p);
} shipped[] = {
	{ OMT_PROFILE_BUILTIN_NAME, regmap_builtin_generic1 },
	{ OMT_PROFILE_LINAK_TCP_NAME, regmap_builtin_linak_techline_tcp },
	{ OMT_PROFILE_CIA402_PP_NAME, regmap_builtin_cia402_pp },
};

bool regmap_builtin_name(const char *name)
{
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++)
		if (strcmp(shipped[i].name, name) == 0)
			return true;
	return false;
}

int regmap_builtin_find(const char *name, struct omt_regmap *p)
{
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		if (strcmp(shipped[i].name, name) == 0) {
			shipped[i].fill(p);
			return 0;
		}
	}
	return -ENOENT;
}
