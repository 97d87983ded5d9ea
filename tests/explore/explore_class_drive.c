// SPDX-License-Identifier: MIT
/* A drive that runs to a target on its own ramps (explore_class_drive.h). */
#include <math.h>
#include <string.h>

#include "explore_class_drive.h"

void class_drive_init(struct class_drive *d, const struct omt_drive_model *model,
		      unsigned int lag, double pos)
{
	memset(d, 0, sizeof(*d));
	d->model = *model;
	d->lag = lag < 1 ? 1 : (lag > CLASS_DRIVE_LAG_MAX ? CLASS_DRIVE_LAG_MAX : lag);
	d->ramp_factor = 1.0;
	d->speed_factor = 1.0;
	d->pos = pos;
}

bool class_drive_running(const struct class_drive *d)
{
	return d->vel != 0.0;
}

/* Towards want (signed), speeding up at accel, slowing down at decel. */
static double ramp_to(double v, double want, double accel, double decel,
		      double dt)
{
	bool slower = fabs(want) < fabs(v) || want * v < 0.0;
	double dv = (slower ? decel : accel) * dt;

	double next = want > v ? fmin(want, v + dv) : fmax(want, v - dv);

	/* Braking to rest leaves no rounding crumb of speed. */
	return fabs(next) < 1e-9 ? 0.0 : next;
}

void class_drive_step(struct class_drive *d, const struct class_drive_cmd *cmd,
		      bool powered, bool jammed, double dt)
{
	struct class_drive_cmd now;
	double accel, decel, want = 0.0, next;
	double to;
	int dir;

	/* The command of lag - 1 exchanges before this one reaches it now
	 * (a lag of one: this exchange's, as a streamed drive's). */
	d->queue[d->head] = *cmd;
	d->head = (d->head + 1) % d->lag;
	now = d->queue[d->head];
	if (!powered || jammed) {
		d->vel = 0.0;
		d->run_speed = 0.0;
		return;
	}
	to = now.target - d->pos;
	dir = to > 0.0 ? 1 : (to < 0.0 ? -1 : 0);
	if (now.move && dir && d->vel * dir < 0.0) {
		/* Running the other way: refused, it stops first. */
		d->reversals_refused++;
		now.move = false;
	}
	if (now.move && now.speed > 0.0 && (d->vel == 0.0 || d->run_speed == 0.0 ||
					    d->vel * dir >= 0.0))
		d->run_speed = now.speed;
	omt_drive_model_ramps(&d->model, d->run_speed > 0.0 ? d->run_speed : 1.0,
			      dt, &accel, &decel);
	accel *= d->ramp_factor;
	decel *= d->ramp_factor;
	if (now.move && dir) {
		double speed = d->run_speed * d->speed_factor;
		/* Braking so as to stand on the target. */
		double brake = sqrt(2.0 * decel * fabs(to));

		want = dir * fmin(speed, brake);
	}
	next = ramp_to(d->vel, want, accel, decel, dt);
	/* Arriving this step: it stands on its target. */
	if (now.move && dir && next * dir > 0.0 && fabs(to) <= fabs(next) * dt) {
		d->pos = now.target;
		d->vel = 0.0;
		return;
	}
	d->vel = next;
	d->pos += next * dt;
	if (d->vel == 0.0 && !now.move)
		d->run_speed = 0.0;
}
