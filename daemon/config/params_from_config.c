// SPDX-License-Identifier: MIT
/* omtd.conf values into the control core's parameters. */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "config.h"
#include "omt_time.h"


/* Soft limits, speeds and speed zones of one axis. */
static int axis_limits(const struct omtd_config *config, enum omt_axis axis,
		       struct omt_axis_limits *limits, char *err,
		       size_t errlen)
{
	const struct omtd_axis_config *ac =
		&config->axis[omtd_axis_group_of(axis)];

	limits->soft_min = ac->min;
	limits->soft_max = ac->max;
	limits->max_speed = ac->max_speed;
	limits->max_accel = ac->max_accel;
	limits->stop_decel = ac->stop_decel;
	limits->n_zones = 0;
	/* The slow zone runs from the bottom of travel up to its edge. */
	if (ac->slow_zone) {
		struct omt_speed_zone *z = &limits->zones[limits->n_zones++];

		/* From below anything: a table found under its soft minimum
		 * at start-up creeps too. */
		z->low = -INFINITY;
		z->high = ac->slow_zone_below;
		z->speed = ac->max_speed * ac->slow_zone_factor;
	}
	for (unsigned int i = 0; i < config->n_pinch; i++) {
		const struct omtd_pinch_zone *p = &config->pinch[i];
		struct omt_speed_zone *z;

		if (p->axis != axis)
			continue;
		if (limits->n_zones >= OMT_MAX_SPEED_ZONES) {
			snprintf(err, errlen,
				 "%s: more than %d speed zones (slow zone and pinch zones)",
				 omt_axis_name(axis), OMT_MAX_SPEED_ZONES);
			return -EINVAL;
		}
		z = &limits->zones[limits->n_zones++];
		z->low = p->from;
		z->high = p->to;
		z->speed = ac->max_speed * p->speed_factor;
	}
	return 0;
}

static void monitor_params(const struct omtd_axis_config *ac,
			   struct omt_monitor_params *m)
{
	m->following_error_max = ac->following_error_max;
	m->stall_ns = (uint64_t)ac->stall_time_ms * NSEC_PER_MSEC;
	m->stall_min_travel = ac->stall_min_travel;
	m->obstruction_current_ma = ac->obstruction_current_ma;
	m->overcurrent_ma = ac->overcurrent_ma;
	m->uncommanded_travel = ac->uncommanded_travel;
	m->position_jump = ac->position_jump;
}

/*
 * How an axis's drive moves, from its profile's class (the core's
 * drive_model.h): a LINAK-class actuator's soft start and stop, a CiA 402
 * drive's profile acceleration and deceleration.  A command reaches it
 * one exchange later: the control period, for the link exchanges with
 * each drive once a cycle.
 */
static void drive_model(const struct omtd_config *config, enum omt_axis axis,
			struct omt_drive_model *m)
{
	const struct omtd_drive_config *d = &config->drive[axis];
	const struct omt_regmap *p;

	*m = (struct omt_drive_model){ .kind = OMT_DRIVE_CYCLIC };
	if (!d->present || d->regmap_index >= config->n_profiles)
		return;
	p = &config->profiles[d->regmap_index];
	m->lag_ns = (uint64_t)config->control.period_ms * NSEC_PER_MSEC;
	switch (p->dc.cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		m->kind = OMT_DRIVE_TARGET_POSITION;
		m->start_s = p->dc.target.soft_start_s;
		m->stop_s = p->dc.target.soft_stop_s;
		break;
	case DRIVE_CLASS_CIA402_PP:
		m->kind = OMT_DRIVE_PROFILE_POSITION;
		m->accel = p->dc.cia402.acceleration;
		m->decel = p->dc.cia402.deceleration;
		m->retarget = p->dc.cia402.retarget;
		break;
	default:
		m->lag_ns = 0;
		break;
	}
}

int omtd_params_from_config(const struct omtd_config *config,
			    struct omt_table_params *params, char *err,
			    size_t errlen)
{
	const struct omtd_axis_config *drops =
		&config->axis[OMTD_AXIS_GROUP_DROPS];
	const char *problem;

	omt_table_params_default(params);
	params->cycle_ns = (uint64_t)config->control.period_ms * NSEC_PER_MSEC;
	params->hold_timeout_ns =
		(uint64_t)config->control.hold_timeout_ms * NSEC_PER_MSEC;
	params->idle_lock_ns = (uint64_t)config->control.idle_lock_s * NSEC_PER_SEC;
	params->fault_monitors.comms_lost_ns =
		(uint64_t)config->control.comms_lost_ms * NSEC_PER_MSEC;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omtd_axis_config *ac =
			&config->axis[omtd_axis_group_of((enum omt_axis)a)];

		if (axis_limits(config, (enum omt_axis)a, &params->limits[a],
				err, errlen) != 0)
			return -EINVAL;
		monitor_params(ac, &params->fault_monitors.axis[a]);
		drive_model(config, (enum omt_axis)a, &params->drive[a]);
		params->duty[a].on_ns = (uint64_t)ac->duty_on_s * NSEC_PER_SEC;
		params->duty[a].window_ns =
			(uint64_t)ac->duty_window_s * NSEC_PER_SEC;
	}
	/* A pedal never drives an axis faster than the axis may go. */
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		if (params->pedal_speed[a] > params->limits[a].max_speed)
			params->pedal_speed[a] = params->limits[a].max_speed;

	for (int i = 0; i < OMT_PEDAL_INPUTS; i++)
		params->pedals.function[i] = config->io.pedal[i].function;
	params->pedals.two_channel_enable = config->io.two_channel_enable;
	params->pedals.mismatch_ns =
		(uint64_t)config->io.pedal_mismatch_ms * NSEC_PER_MSEC;
	params->pedals.unlock_gesture_ns =
		(uint64_t)config->io.unlock_gesture_ms * NSEC_PER_MSEC;

	params->drops.cocked_position = drops->drop_cocked_position;
	params->drops.default_tension = drops->drop_default_tension;

	params->rules = config->rules;

	problem = omt_table_params_problem(params);
	if (problem) {
		snprintf(err, errlen, "configuration unusable: %s", problem);
		return -EINVAL;
	}
	return 0;
}
