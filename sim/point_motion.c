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
	double along = m->velocity * dir, want, v, step;

	if (err == 0.0 && m->velocity == 0.0)
		return true;
	if (along < 0.0) {
		/* Moving away from the target: brake first, then turn. */
		sim_motion_brake(m, decel, dt);
		return false;
	}
	/* The fastest speed from which braking still ends on the target. */
	want = decel > 0.0 ? sqrt(2.0 * decel * fabs(err)) : vmax;
	if (want > vmax)
		want = vmax;
	if (along < want)
		v = accel > 0.0 && want - along > accel * dt ? along + accel * dt
							     : want;
	else
		v = decel > 0.0 && along - want > decel * dt ? along - decel * dt
							     : want;
	step = 0.5 * (along + v) * dt;
	if (step >= fabs(err) && v <= vmax) {
		/* This step reaches the target: it stands there. */
		if (decel <= 0.0 || v <= 2.0 * decel * dt + sqrt(2.0 * decel * fabs(err))) {
			m->position = target;
			m->velocity = 0.0;
			return true;
		}
	}
	m->position += dir * step;
	m->velocity = dir * v;
	return false;
}
