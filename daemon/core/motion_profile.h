/* SPDX-License-Identifier: MIT */
/*
 * Setpoint generator for one axis: a trapezoidal velocity profile that
 * streams one position setpoint per control cycle.
 *
 * Pure and deterministic: no I/O, no clock (the cycle length is fixed at
 * init), no allocation.  Units are the axis's engineering units (mm for
 * height and drop sections, degrees for tilt), seconds for time.
 *
 * Guarantees, for any sequence of move_to/stop calls (checked by the
 * randomised property test in tests/unit/test_motion_profile.c):
 *   - |v| never exceeds the speed cap of any point the cycle's step
 *     touches (max_speed, the per-motion speed limit, and every slow zone);
 *   - |dv| per cycle never exceeds max_accel * cycle;
 *   - the setpoint never leaves [soft_min, soft_max];
 *   - a target is reached in a bounded number of cycles;
 *   - after stop() the axis comes to rest within v^2/(2a) plus one cycle's
 *     travel.
 * Braking towards a target, a slow zone or a soft limit is planned at
 * OMT_PROFILE_PLANNING_ACCEL_FRACTION of max_accel (of brake_decel when
 * set), a margin for rounding; a controlled stop brakes at the full
 * stop deceleration.
 */
#ifndef OMT_MOTION_PROFILE_H
#define OMT_MOTION_PROFILE_H

#include <stdbool.h>

#include "omt_table_types.h"

#define OMT_MAX_SPEED_ZONES 8
#define OMT_PROFILE_PLANNING_ACCEL_FRACTION 0.9

/*
 * A stretch of travel with a lower speed cap: the slow zone near the bottom
 * of height travel, a pinch zone.  Inclusive on both ends.
 */
struct omt_speed_zone {
	double low;
	double high;
	double speed;                   /* units/s, > 0 */
};

struct omt_axis_limits {
	double soft_min;                /* units; inside the hardware travel */
	double soft_max;
	double max_speed;               /* units/s, > 0 */
	double max_accel;               /* units/s^2, > 0 */
	/*
	 * Deceleration of a stop (hold-to-run released, Stop, a fault):
	 * units/s^2, at least max_accel; 0 means max_accel.  Stopping
	 * harder than starting bounds the stopping distance, and makes the
	 * stop show in the very first setpoint after the decision.
	 */
	double stop_decel;
	/*
	 * A drive that runs to a target on its own ramp (drive_model.h)
	 * brakes at its own deceleration, towards its target and on a stop
	 * alike: units/s^2, > 0 for such a drive, and then it replaces both
	 * max_accel (braking) and stop_decel.  0 (every streamed drive): as
	 * above.  The core sets it on the profile's own copy of the limits.
	 */
	double brake_decel;
	unsigned int n_zones;
	struct omt_speed_zone zones[OMT_MAX_SPEED_ZONES];
};

/*
 * Defaults per axis (height: 600..950 mm, 40 mm/s, 80 mm/s^2, 15 mm/s below
 * 650 mm; tilt: -10..30 deg, 4 deg/s, 8 deg/s^2; drop sections: 0..25 mm,
 * 10 mm/s, 40 mm/s^2).
 */
void omt_axis_limits_default(struct omt_axis_limits *limits,
			     enum omt_axis axis);

/*
 * Check a set of limits: ordered soft limits, positive finite speeds and
 * acceleration, zones ordered with positive speed.  Returns NULL when valid,
 * else a static message saying what is wrong.
 */
const char *omt_axis_limits_problem(const struct omt_axis_limits *limits);

/*
 * Narrow the soft limits to the hardware travel the drive reports, less a
 * margin (units).  Returns false and changes nothing when the result would
 * be empty.
 */
bool omt_axis_limits_fit_travel(struct omt_axis_limits *limits,
				double travel_min, double travel_max,
				double margin);

/* The deceleration a stop uses: brake_decel when set, else stop_decel,
 * or max_accel when unset. */
double omt_axis_limits_stop_decel(const struct omt_axis_limits *limits);

/* The speed cap at one position: max_speed and every zone holding it. */
double omt_axis_limits_speed_cap(const struct omt_axis_limits *limits,
				 double position);

enum omt_profile_mode {
	OMT_PROFILE_IDLE = 0,           /* at rest, holding the setpoint */
	OMT_PROFILE_MOVING,             /* heading for target */
	OMT_PROFILE_STOPPING,           /* braking at stop_decel to rest */
};

struct omt_motion_profile {
	struct omt_axis_limits limits;
	double cycle_s;
	double position;                /* the setpoint, units */
	double velocity;                /* units/s over the last cycle */
	double target;
	double speed_limit;             /* this motion's cap, <= max_speed */
	enum omt_profile_mode mode;
	bool reached;                   /* the last motion ended on target */
};

/* Start at rest at position (which may lie outside the soft limits). */
void omt_profile_init(struct omt_motion_profile *profile,
		      const struct omt_axis_limits *limits, double cycle_s,
		      double position);

/*
 * Forget any motion and sit at rest at position: used while the drive is
 * disabled or after a fault, so the next motion starts from where the axis
 * really is.
 */
void omt_profile_resync(struct omt_motion_profile *profile, double position);

/*
 * Head for target at up to speed_limit (<= 0 or above max_speed means
 * max_speed); re-targets a motion in flight.  A target outside the soft
 * limits or not finite is OMT_CMD_OUT_OF_RANGE and changes nothing.
 */
enum omt_cmd_result omt_profile_move_to(struct omt_motion_profile *profile,
					double target, double speed_limit);

/* Brake at max_accel to rest; no-op when already at rest. */
void omt_profile_stop(struct omt_motion_profile *profile);

/* Advance one cycle: updates position (the setpoint) and velocity. */
void omt_profile_step(struct omt_motion_profile *profile);

static inline bool omt_profile_at_rest(const struct omt_motion_profile *p)
{
	return p->mode == OMT_PROFILE_IDLE;
}

/*
 * Time (s) a motion from rest over distance would take at speed, ignoring
 * slow zones: a lower bound used for duty-cycle admission.
 */
double omt_profile_estimate_s(const struct omt_axis_limits *limits,
			      double distance, double speed);

#endif /* OMT_MOTION_PROFILE_H */
