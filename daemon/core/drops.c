// SPDX-License-Identifier: MIT
/* Drop sections: cocking, firing and lowering, as a state machine. */
#include <math.h>
#include <string.h>

#include "drops.h"

void omt_drop_params_default(struct omt_drop_params *params)
{
	params->cocked_position = 15.0;
	params->down_position = 0.0;
	params->position_tolerance = 0.5;
	params->default_tension = 5;
	params->fall_travel = 2.0;
}

bool omt_drop_fallen(const struct omt_drop_params *params, double position)
{
	return position < params->cocked_position - params->fall_travel;
}

bool omt_drop_raised(const struct omt_drop_params *params, double position)
{
	return position > params->down_position + params->fall_travel;
}

void omt_drop_init(struct omt_drop_section *drop,
		   const struct omt_drop_params *params)
{
	memset(drop, 0, sizeof(*drop));
	drop->state = OMT_DROP_DOWN;
	drop->tension = params->default_tension;
}

bool omt_drop_blocks_motion(const struct omt_drop_section *drop)
{
	/* A section moving under the patient (a fired one being lowered
	 * too) is not combined with table motion. */
	return drop->state == OMT_DROP_ARMING || drop->state == OMT_DROP_ARMED ||
	       drop->lowering;
}

enum omt_cmd_result omt_drop_set_tension(struct omt_drop_section *drop,
					 uint32_t level)
{
	if (level < OMT_DROP_TENSION_MIN || level > OMT_DROP_TENSION_MAX)
		return OMT_CMD_OUT_OF_RANGE;
	drop->tension = level;
	return OMT_CMD_OK;
}

double omt_drop_arm(struct omt_drop_section *drop,
		    const struct omt_drop_params *params)
{
	if (drop->state != OMT_DROP_ARMED || drop->lowering)
		drop->state = OMT_DROP_ARMING;
	drop->lowering = false;
	drop->halted = false;
	drop->fire_seen = false;
	return params->cocked_position;
}

double omt_drop_disarm(struct omt_drop_section *drop,
		       const struct omt_drop_params *params)
{
	/* The state stays as it is (armed blocks motion) until the section
	 * is really down. */
	drop->lowering = true;
	drop->halted = false;
	drop->fire_seen = false;
	return params->down_position;
}

bool omt_drop_update(struct omt_drop_section *drop,
		     const struct omt_drop_params *params, double position,
		     bool at_rest, bool sensor)
{
	bool rising = sensor && !drop->sensor_was_set;
	double tol = params->position_tolerance;

	drop->sensor_was_set = sensor;
	if (drop->lowering) {
		if (at_rest && fabs(position - params->down_position) <= tol) {
			drop->lowering = false;
			drop->state = OMT_DROP_DOWN;
		}
		return false;
	}
	if (drop->state == OMT_DROP_ARMED) {
		/*
		 * The edge is remembered: the sensor and the position come
		 * from different exchanges and may show the drop a few
		 * cycles apart.  Neither alone is a firing.
		 */
		drop->fire_seen |= rising;
		if (!drop->fire_seen || !omt_drop_fallen(params, position))
			return false;
		drop->state = OMT_DROP_FIRED;
		drop->fire_seen = false;
		drop->fired_count++;
		return true;
	}
	if (drop->state == OMT_DROP_ARMING && at_rest && !drop->halted &&
	    fabs(position - params->cocked_position) <= tol)
		drop->state = OMT_DROP_ARMED;
	return false;
}

void omt_drop_halt(struct omt_drop_section *drop)
{
	if (drop->state == OMT_DROP_ARMING && !drop->lowering)
		drop->halted = true;
}
