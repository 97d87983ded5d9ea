// SPDX-License-Identifier: MIT
/*
 * How far a drive of a profile travels after a stop, by its class, and
 * the check that keeps it within the axis's bound; the check that its
 * own start is no harder than the axis allows; and the check that a
 * drive which stops on silence hears from omtd often enough (regmap.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>

#include "regmap.h"

double drive_class_stopping_distance(const struct omt_regmap *p, double speed,
				     double stop_decel, double period_s)
{
	double late = speed * period_s;   /* the stop leaves one period late */

	switch (p->dc.cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		/* A linear ramp from speed to 0 over soft_stop_s. */
		return speed * p->dc.target.soft_stop_s / 2.0 + late;
	case DRIVE_CLASS_CIA402_PP:
		return speed * speed / (2.0 * p->dc.cia402.deceleration) + late;
	default:
		return speed * speed / (2.0 * stop_decel) + late;
	}
}

int drive_class_check_stopping(const struct omt_regmap *p, double max_speed,
			       double stop_decel, double period_s, char *err,
			       size_t errlen)
{
	double bound, distance;

	if (!(max_speed > 0.0) || !(stop_decel > 0.0) || !(period_s >= 0.0) ||
	    !isfinite(max_speed) || !isfinite(stop_decel) ||
	    !isfinite(period_s)) {
		snprintf(err, errlen, "speed, deceleration and period must be positive");
		return -EINVAL;
	}
	bound = max_speed * max_speed / (2.0 * stop_decel) + max_speed * period_s;
	distance = drive_class_stopping_distance(p, max_speed, stop_decel,
						 period_s);
	/* A relative margin for rounding: equal figures are within bound. */
	if (distance <= bound * (1.0 + 1e-9))
		return 0;
	if (p->dc.cls == DRIVE_CLASS_TARGET_POSITION)
		snprintf(err, errlen,
			 "soft stop %.2f s stops in %.1f from %.1f/s, over the axis bound %.1f; at most %.2f s",
			 p->dc.target.soft_stop_s, distance, max_speed, bound,
			 max_speed / stop_decel);
	else
		snprintf(err, errlen,
			 "deceleration %.1f stops in %.1f from %.1f/s, over the axis bound %.1f; at least %.1f",
			 p->dc.cia402.deceleration, distance, max_speed, bound,
			 stop_decel);
	return -ERANGE;
}

/* A relative margin for rounding: equal figures fit. */
#define FIT_MARGIN (1.0 + 1e-9)

int drive_class_check_start(const struct omt_regmap *p, double max_speed,
			    double max_accel, char *err, size_t errlen)
{
	const struct target_position_params *t = &p->dc.target;
	double accel;

	if (p->dc.cls == DRIVE_CLASS_CYCLIC_POSITION)
		return 0;
	if (!(max_speed > 0.0) || !(max_accel > 0.0) || !isfinite(max_speed) ||
	    !isfinite(max_accel)) {
		snprintf(err, errlen, "speed and acceleration must be positive");
		return -EINVAL;
	}
	if (p->dc.cls == DRIVE_CLASS_CIA402_PP) {
		if (p->dc.cia402.acceleration <= max_accel * FIT_MARGIN)
			return 0;
		snprintf(err, errlen,
			 "acceleration %.1f starts harder than the axis's max_accel %.1f; at most %.1f",
			 p->dc.cia402.acceleration, max_accel, max_accel);
		return -ERANGE;
	}
	if (t->full_speed * FIT_MARGIN < max_speed) {
		snprintf(err, errlen,
			 "full speed %.1f/s is below the axis's max_speed %.1f/s: the actuator could not run as fast as asked",
			 t->full_speed, max_speed);
		return -ERANGE;
	}
	accel = t->soft_start_s > 0.0 ? max_speed / t->soft_start_s : INFINITY;
	if (accel <= max_accel * FIT_MARGIN)
		return 0;
	snprintf(err, errlen,
		 "soft start %.2f s reaches %.1f/s at %.1f/s^2, harder than the axis's max_accel %.1f; at least %.2f s",
		 t->soft_start_s, max_speed, accel, max_accel,
		 max_speed / max_accel);
	return -ERANGE;
}

int drive_class_check_heartbeat(const struct omt_regmap *p,
				uint32_t exchange_period_ms, char *err,
				size_t errlen)
{
	uint32_t timeout = p->dc.target.heartbeat_ms;

	if (p->dc.cls != DRIVE_CLASS_TARGET_POSITION)
		return 0;
	if ((uint64_t)exchange_period_ms * 4 <= timeout)
		return 0;
	snprintf(err, errlen,
		 "an exchange every %u ms is not well within the drive's %u ms heartbeat (at most %u ms)",
		 exchange_period_ms, timeout, timeout / 4);
	return -ERANGE;
}
