// SPDX-License-Identifier: MIT
/*
 * What the core expects of a drive that runs to a target on its own
 * ramps (drive_model.h).  Each figure here is what drive_stopping.c
 * computes from the drive's register profile, so the check at start and
 * the supervision in the loop agree.
 */
#include <math.h>
#include <stddef.h>

#include "drive_model.h"

#define LAG_MAX_NS 1000000000ull
/*
 * Exchanges of travel, besides its stopping distance, that a leashed
 * target leads the drive by: a new set-point goes out at most every
 * second exchange (sent, acknowledged; then bit 4 low, acknowledge
 * cleared), the position it is measured from is an exchange old, and
 * one more as margin.
 */
#define LEASH_EXCHANGES 4.0

const char *omt_drive_kind_name(enum omt_drive_kind kind)
{
	switch (kind) {
	case OMT_DRIVE_CYCLIC:
		return "cyclic";
	case OMT_DRIVE_TARGET_POSITION:
		return "target-position";
	case OMT_DRIVE_PROFILE_POSITION:
		return "profile-position";
	default:
		return "unknown";
	}
}

bool omt_drive_runs_to_target(const struct omt_drive_model *m)
{
	return m->kind == OMT_DRIVE_TARGET_POSITION ||
	       m->kind == OMT_DRIVE_PROFILE_POSITION;
}

bool omt_drive_runs_on_when_silent(const struct omt_drive_model *m)
{
	return m->kind == OMT_DRIVE_PROFILE_POSITION;
}

double omt_drive_leash(const struct omt_drive_model *m, double speed,
		       double cycle_s)
{
	double exchange_s = fmax(omt_drive_lag_s(m), cycle_s);

	if (!omt_drive_runs_on_when_silent(m))
		return 0.0;
	speed = fabs(speed);
	return omt_drive_stopping_distance(m, speed, cycle_s) +
	       LEASH_EXCHANGES * speed * exchange_s + m->retarget;
}

double omt_drive_leashed_target(const struct omt_drive_model *m,
				double position, double target, double speed,
				double cycle_s)
{
	double leash;

	if (!omt_drive_runs_on_when_silent(m))
		return target;
	if (!isfinite(position))
		return position;
	leash = omt_drive_leash(m, speed, cycle_s);
	/* Within a retarget band of the leash, the target itself: its
	 * codec would not tell a last step smaller than the band, and the
	 * drive would stop that short of it. */
	if (fabs(target - position) <= leash + m->retarget)
		return target;
	if (target > position + leash)
		return position + leash;
	if (target < position - leash)
		return position - leash;
	return target;
}

double omt_drive_lag_s(const struct omt_drive_model *m)
{
	return (double)m->lag_ns / 1e9;
}

/* A ramp of time t from or to speed: at once (0) is within one cycle. */
static double ramp_rate(double speed, double t, double cycle_s)
{
	return speed / (t > cycle_s ? t : cycle_s);
}

void omt_drive_model_ramps(const struct omt_drive_model *m, double speed,
			   double cycle_s, double *accel, double *decel)
{
	speed = fabs(speed);
	if (m->kind == OMT_DRIVE_TARGET_POSITION) {
		*accel = ramp_rate(speed, m->start_s, cycle_s);
		*decel = ramp_rate(speed, m->stop_s, cycle_s);
	} else {
		*accel = m->accel;
		*decel = m->decel;
	}
}

double omt_drive_stopping_distance(const struct omt_drive_model *m,
				   double speed, double cycle_s)
{
	double accel, decel;

	speed = fabs(speed);
	if (speed == 0.0)
		return 0.0;
	omt_drive_model_ramps(m, speed, cycle_s, &accel, &decel);
	return speed * omt_drive_lag_s(m) + speed * speed / (2.0 * decel);
}

const char *omt_drive_model_problem(const struct omt_drive_model *m,
				    const struct omt_axis_limits *l,
				    double cycle_s)
{
	double v = l->max_speed, accel, decel;

	if ((unsigned int)m->kind >= OMT_DRIVE_KIND_COUNT)
		return "unknown drive kind";
	if (m->lag_ns > LAG_MAX_NS)
		return "a drive's lag must be at most 1 s";
	if (!omt_drive_runs_to_target(m))
		return NULL;
	if (m->kind == OMT_DRIVE_TARGET_POSITION &&
	    (!isfinite(m->start_s) || m->start_s < 0.0 ||
	     !isfinite(m->stop_s) || m->stop_s < 0.0))
		return "a drive's soft start and stop must be finite and not negative";
	if (m->kind == OMT_DRIVE_PROFILE_POSITION &&
	    (!isfinite(m->accel) || !(m->accel > 0.0) ||
	     !isfinite(m->decel) || !(m->decel > 0.0)))
		return "a drive's acceleration and deceleration must be positive";
	if (m->kind == OMT_DRIVE_PROFILE_POSITION &&
	    (!isfinite(m->retarget) || m->retarget < 0.0))
		return "a drive's retarget band must be finite and not negative";
	omt_drive_model_ramps(m, v, cycle_s, &accel, &decel);
	/*
	 * At the axis's top speed the drive's own ramp must stop it within
	 * what a stop at stop_decel would (the lag's travel is on both
	 * sides).  A relative margin for rounding, as drive_stopping.c.
	 */
	if (v * v / (2.0 * decel) >
	    v * v / (2.0 * omt_axis_limits_stop_decel(l)) * (1.0 + 1e-9))
		return "a drive's own stop is longer than the axis's stopping bound";
	return NULL;
}

static bool overlaps(const struct omt_speed_zone *z, double low, double high)
{
	return z->low <= high && z->high >= low;
}

double omt_drive_leg_cap(const struct omt_axis_limits *l, double from,
			 double to)
{
	double low = fmin(from, to), high = fmax(from, to);
	double cap = l->max_speed;

	for (unsigned int i = 0; i < l->n_zones; i++)
		if (overlaps(&l->zones[i], low, high))
			cap = fmin(cap, l->zones[i].speed);
	return cap;
}
