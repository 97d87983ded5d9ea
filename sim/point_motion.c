// SPDX-License-Identifier: MIT
/* Point-to-point motion; see point_motion.h. */
#include <math.h>

#include "point_motion.h"

double sim_motion_braking_distance(double v, double decel)
{
	return decel > 0.0 ? v * v / (2.0 * decel) : 0.0;
}

bool sim_motion_brake(struct sim_motion *m, double decel, double dt)
{
	double v0 = m->velocity, v;

	if (decel <= 0.0 || fabs(v0) <= decel * dt)
		v = 0.0;
	else
		v = v0 - copysign(decel * dt, v0);
	m->position += 0.5 * (v0 + v) * dt;
	m->velocity = v;
	return v == 0.0;
}

bool sim_motion_step_to(struct sim_motion *m, double target, double vmax,
			double accel, double decel, double dt)
{
	double err = target - m->position, dir = err >= 0.0 ? 1.0 : -1.0;
	double along = m->velocity * dir, want, v, step, room;

	if (err == 0.0 && m->velocity == 0.0)
		return true;
	if (along < 0.0) {
		/* Moving away from the target: brake first, then turn. */
		sim_motion_brake(m, decel, dt);
		return false;
	}
	/*
	 * The fastest speed at the end of this step from which braking
	 * still ends on the target, the step's own distance counted:
	 * v^2 / 2d + (along + v) dt / 2 = |err|, solved for v.
	 */
	if (decel > 0.0) {
		room = decel * decel * dt * dt / 4.0 +
		       2.0 * decel * (fabs(err) - along * dt / 2.0);
		want = room > 0.0 ? sqrt(room) - decel * dt / 2.0 : 0.0;
		if (want < 0.0)
			want = 0.0;
	} else {
		want = vmax;
	}
	if (want > vmax)
		want = vmax;
	if (along < want)
		v = accel > 0.0 && want - along > accel * dt ? along + accel * dt
							     : want;
	else
		v = decel > 0.0 && along - want > decel * dt ? along - decel * dt
							     : want;
	step = 0.5 * (along + v) * dt;
	if (step >= fabs(err) - 1e-9 &&
	    (decel <= 0.0 || v <= 2.0 * decel * dt)) {
		/* This step reaches the target at creeping speed (or the
		 * ramp is of zero length): it stands there. */
		m->position = target;
		m->velocity = 0.0;
		return true;
	}
	m->position += dir * step;
	m->velocity = dir * v;
	return false;
}
