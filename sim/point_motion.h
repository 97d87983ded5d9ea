/* SPDX-License-Identifier: MIT */
/*
 * Point-to-point motion along one line, as drives that run to a target
 * on their own do it: accelerate at one rate up to a cruise speed, brake
 * at another so as to come to rest on the target.  Shared by the
 * target-position (LINAK-class) and CiA 402 profile-position models.
 *
 * Pure logic: the caller passes the time step.  A rate of 0 or less means
 * "at once" (a ramp of zero length).
 */
#ifndef SIM_POINT_MOTION_H
#define SIM_POINT_MOTION_H

#include <stdbool.h>

struct sim_motion {
	double position;
	double velocity;        /* signed, units/s */
};

/*
 * One step of dt toward target, cruising at no more than vmax (> 0).
 * Returns true once standing on the target.  A motion heading away from
 * the target (a target changed behind a moving axis) brakes at decel
 * before it turns.
 */
bool sim_motion_step_to(struct sim_motion *m, double target, double vmax,
			double accel, double decel, double dt);

/* One step of braking to rest at decel.  Returns true once at rest. */
bool sim_motion_brake(struct sim_motion *m, double decel, double dt);

/* Distance covered braking from speed v to rest at decel (0: at once). */
double sim_motion_braking_distance(double v, double decel);

#endif /* SIM_POINT_MOTION_H */
