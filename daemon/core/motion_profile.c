// SPDX-License-Identifier: MIT
/*
 * Trapezoidal setpoint generator.  Each cycle picks the velocity for the
 * next step, then moves the setpoint by velocity * cycle.
 *
 * Every speed limit ahead of the axis (the target, the start of a slower
 * zone, the soft limit) is turned into a braking curve: the highest speed
 * from which braking by a fixed amount per cycle still arrives there no
 * faster than allowed.  The curve is solved for the discrete steps the
 * generator really takes, not for continuous motion, so the setpoint never
 * overshoots a limit because of cycle rounding.
 */
#include <math.h>
#include <stddef.h>

#include "motion_profile.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void omt_axis_limits_default(struct omt_axis_limits *limits,
			     enum omt_axis axis)
{
	*limits = (struct omt_axis_limits){ 0 };
	switch (axis) {
	case OMT_AXIS_HEIGHT:
		limits->soft_min = 600.0;
		limits->soft_max = 950.0;
		limits->max_speed = 40.0;
		limits->max_accel = 80.0;
		/* The last 50 mm above the floor, where feet and hands get
		 * caught, at creeping speed. */
		limits->n_zones = 1;
		limits->zones[0] = (struct omt_speed_zone){
			.low = -INFINITY, .high = 650.0, .speed = 15.0,
		};
		break;
	case OMT_AXIS_TILT:
		limits->soft_min = -10.0;
		limits->soft_max = 30.0;
		limits->max_speed = 4.0;
		limits->max_accel = 8.0;
		break;
	default:
		limits->soft_min = 0.0;
		limits->soft_max = 25.0;
		limits->max_speed = 10.0;
		limits->max_accel = 40.0;
		break;
	}
}

const char *omt_axis_limits_problem(const struct omt_axis_limits *limits)
{
	if (!isfinite(limits->soft_min) || !isfinite(limits->soft_max))
		return "soft limits must be finite";
	if (limits->soft_min >= limits->soft_max)
		return "soft_min must be below soft_max";
	if (!isfinite(limits->max_speed) || limits->max_speed <= 0.0)
		return "max_speed must be positive";
	if (!isfinite(limits->max_accel) || limits->max_accel <= 0.0)
		return "max_accel must be positive";
	if (!isfinite(limits->stop_decel) ||
	    (limits->stop_decel != 0.0 && limits->stop_decel < limits->max_accel))
		return "stop_decel must be 0 or at least max_accel";
	if (!isfinite(limits->brake_decel) || limits->brake_decel < 0.0)
		return "brake_decel must be 0 or positive";
	if (limits->n_zones > OMT_MAX_SPEED_ZONES)
		return "too many speed zones";
	for (unsigned int i = 0; i < limits->n_zones; i++) {
		const struct omt_speed_zone *z = &limits->zones[i];

		if (isnan(z->low) || isnan(z->high) || z->low > z->high)
			return "a speed zone's low end must not exceed its high end";
		if (!isfinite(z->speed) || z->speed <= 0.0)
			return "a speed zone's speed must be positive";
	}
	return NULL;
}

bool omt_axis_limits_fit_travel(struct omt_axis_limits *limits,
				double travel_min, double travel_max,
				double margin)
{
	double low, high;

	if (!isfinite(travel_min) || !isfinite(travel_max) || !isfinite(margin))
		return false;
	low = fmax(limits->soft_min, travel_min + margin);
	high = fmin(limits->soft_max, travel_max - margin);
	if (!isfinite(low) || !isfinite(high) || !(low < high))
		return false;
	limits->soft_min = low;
	limits->soft_max = high;
	return true;
}

double omt_axis_limits_stop_decel(const struct omt_axis_limits *limits)
{
	if (limits->brake_decel > 0.0)
		return limits->brake_decel;
	return limits->stop_decel > limits->max_accel ? limits->stop_decel
						       : limits->max_accel;
}

static bool zone_holds(const struct omt_speed_zone *zone, double position)
{
	return position >= zone->low && position <= zone->high;
}

double omt_axis_limits_speed_cap(const struct omt_axis_limits *limits,
				 double position)
{
	double cap = limits->max_speed;

	for (unsigned int i = 0; i < limits->n_zones; i++)
		if (zone_holds(&limits->zones[i], position))
			cap = fmin(cap, limits->zones[i].speed);
	return cap;
}

void omt_profile_init(struct omt_motion_profile *profile,
		      const struct omt_axis_limits *limits, double cycle_s,
		      double position)
{
	*profile = (struct omt_motion_profile){
		.limits = *limits,
		.cycle_s = cycle_s,
	};
	omt_profile_resync(profile, position);
}

void omt_profile_resync(struct omt_motion_profile *profile, double position)
{
	/* The setpoint must equal the real position, even one outside the
	 * soft limits, or the drive would jump to it. */
	profile->position = position;
	profile->velocity = 0.0;
	profile->target = position;
	profile->speed_limit = profile->limits.max_speed;
	profile->mode = OMT_PROFILE_IDLE;
	profile->reached = false;
}

enum omt_cmd_result omt_profile_move_to(struct omt_motion_profile *profile,
					double target, double speed_limit)
{
	const struct omt_axis_limits *l = &profile->limits;

	if (!isfinite(target) || target < l->soft_min || target > l->soft_max)
		return OMT_CMD_OUT_OF_RANGE;
	if (!(speed_limit > 0.0) || speed_limit > l->max_speed)
		speed_limit = l->max_speed;
	profile->target = target;
	profile->speed_limit = speed_limit;
	profile->mode = OMT_PROFILE_MOVING;
	profile->reached = false;
	return OMT_CMD_OK;
}

void omt_profile_stop(struct omt_motion_profile *profile)
{
	if (profile->mode == OMT_PROFILE_MOVING)
		profile->mode = OMT_PROFILE_STOPPING;
}

/*
 * Highest speed from which braking by accel * dt per cycle, moving
 * speed * dt each cycle, passes a point `distance` ahead no faster than
 * edge_speed.  m braking cycles from edge + m * accel * dt cover
 * m * edge * dt + accel * dt^2 * m(m+1)/2; m is rounded down to whole
 * cycles so that one cycle later the allowed speed is at most one
 * cycle's braking lower, which is what keeps |dv| within the limit.
 */
static double braking_speed(double distance, double edge_speed, double accel,
			    double dt)
{
	double step = accel * dt;
	double b = edge_speed * dt + step * dt / 2.0;
	double cycles;

	if (distance <= 0.0)
		return edge_speed;
	cycles = (-b + sqrt(b * b + 2.0 * step * dt * distance)) / (step * dt);
	return edge_speed + floor(cycles) * step;
}

/*
 * The same towards a point where the axis must be at rest (target, soft
 * limit).  Within the last cycle's braking the step lands exactly on it.
 */
static double braking_speed_to_rest(double distance, double accel, double dt)
{
	double tail = fmin(distance / dt, accel * dt);

	return fmax(braking_speed(distance, 0.0, accel, dt), fmax(tail, 0.0));
}

/* What braking towards a point is planned at (see the header). */
static double planning_accel(const struct omt_axis_limits *l)
{
	return (l->brake_decel > 0.0 ? l->brake_decel : l->max_accel) *
	       OMT_PROFILE_PLANNING_ACCEL_FRACTION;
}

/*
 * The speed cap, as a magnitude, for a step in direction dir (+1 or -1)
 * from position: zones holding the position, and braking curves into the
 * slower zones and the soft limit ahead.
 */
static double speed_cap_ahead(const struct omt_motion_profile *profile,
			      double position, int dir)
{
	const struct omt_axis_limits *l = &profile->limits;
	double accel = planning_accel(l);
	double dt = profile->cycle_s;
	double cap = omt_axis_limits_speed_cap(l, position);
	double to_limit = dir > 0 ? l->soft_max - position
				  : position - l->soft_min;

	for (unsigned int i = 0; i < l->n_zones; i++) {
		const struct omt_speed_zone *z = &l->zones[i];
		double edge = dir > 0 ? z->low - position : position - z->high;

		if (z->speed >= cap || zone_holds(z, position) || edge <= 0.0)
			continue;
		cap = fmin(cap, braking_speed(edge, z->speed, accel, dt));
	}
	if (to_limit <= 0.0)
		return 0.0;
	return fmin(cap, braking_speed_to_rest(to_limit, accel, dt));
}

static double clamp(double x, double low, double high)
{
	return x < low ? low : (x > high ? high : x);
}

void omt_profile_step(struct omt_motion_profile *profile)
{
	const struct omt_axis_limits *l = &profile->limits;
	double dt = profile->cycle_s;
	/*
	 * Speeding up at max_accel; slowing down at the stop's deceleration
	 * while stopping, else at the braking rate (max_accel, or a drive's
	 * own brake_decel).  Both are max_accel for a streamed drive in
	 * motion, so its steps are as they always were.
	 */
	double up = l->max_accel * dt;
	double down = (profile->mode == OMT_PROFILE_STOPPING
			       ? omt_axis_limits_stop_decel(l)
			       : (l->brake_decel > 0.0 ? l->brake_decel
						       : l->max_accel)) * dt;
	double accel = planning_accel(l);
	double p = profile->position;
	double v = profile->velocity;
	double lo = v > 0.0 ? v - down : v - up;
	double hi = v < 0.0 ? v + down : v + up;
	double want = 0.0;
	double next;
	double cap;
	bool snap = false;

	if (profile->mode == OMT_PROFILE_IDLE) {
		profile->velocity = 0.0;
		return;
	}
	if (profile->mode == OMT_PROFILE_MOVING) {
		double d = profile->target - p;
		double speed = fmin(profile->speed_limit,
				    braking_speed_to_rest(fabs(d), accel, dt));

		want = d > 0.0 ? speed : (d < 0.0 ? -speed : 0.0);
	}
	/* Braking to rest: the last step must not leave a rounding crumb. */
	if (want == 0.0 && fabs(v) <= down * (1.0 + 1e-9))
		next = 0.0;
	else
		next = clamp(want, lo, hi);
	if (next != 0.0) {
		cap = speed_cap_ahead(profile, p, next > 0.0 ? 1 : -1);
		/* The curves never ask for more than one cycle's braking
		 * (see braking_speed); should rounding ever ask for more,
		 * the acceleration limit wins by that rounding. */
		next = clamp(clamp(next, -cap, cap), lo, hi);
	}
	/*
	 * Turning round, v + dv can leave a crumb of the old direction
	 * (-1e-16): no motion, but read as "lowering" it would start an
	 * obstruction back-off from a table at rest.
	 */
	if (fabs(next) <= down * 1e-9)
		next = 0.0;
	if (profile->mode == OMT_PROFILE_MOVING) {
		double d = profile->target - p;

		/* Land exactly on the target when this step reaches it and
		 * slowing to do so stays within the acceleration limit. */
		if (d != 0.0 && next * d > 0.0 && fabs(next) * dt >= fabs(d) &&
		    d / dt >= lo && d / dt <= hi) {
			next = d / dt;
			snap = true;
		}
		/*
		 * A target a crumb away (a setpoint resynced to a reading of
		 * 4e-22, the target 0) asks for a step the crumb rule above
		 * zeroes, cycle after cycle: the motion never ended.  A
		 * section disarmed so stayed lowering (table motion blocked)
		 * and unwatched for uncommanded motion until an e-stop ended
		 * it; a push after that stop went unreported (explorer seed
		 * 19054777).  The setpoint is there already.
		 */
		if (d != 0.0 && next == 0.0 && fabs(d) <= down * 1e-9 * dt)
			snap = true;
	}
	profile->velocity = next;
	profile->position = snap ? profile->target : p + next * dt;
	/* Last line of defence; the caps above keep it from acting. */
	if (profile->position > l->soft_max && next > 0.0)
		profile->position = fmax(l->soft_max, p);
	else if (profile->position < l->soft_min && next < 0.0)
		profile->position = fmin(l->soft_min, p);
	if (profile->mode == OMT_PROFILE_MOVING && next == 0.0 &&
	    profile->position == profile->target) {
		profile->mode = OMT_PROFILE_IDLE;
		profile->reached = true;
	} else if (profile->mode == OMT_PROFILE_STOPPING && next == 0.0) {
		profile->mode = OMT_PROFILE_IDLE;
		profile->reached = false;
	}
}

double omt_profile_estimate_s(const struct omt_axis_limits *limits,
			      double distance, double speed)
{
	double a = limits->max_accel;

	distance = fabs(distance);
	if (!(speed > 0.0) || speed > limits->max_speed)
		speed = limits->max_speed;
	if (distance >= speed * speed / a)
		return distance / speed + speed / a;
	return 2.0 * sqrt(distance / a);
}
