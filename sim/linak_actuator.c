// SPDX-License-Identifier: MIT
/* The LINAK-class target-position actuator; see linak_actuator.h. */
#include <math.h>
#include <string.h>

#include "linak_actuator.h"
#include "point_motion.h"

double sim_linak_stroke(const struct sim_linak *a)
{
	return a->spec.max - a->spec.min;
}

static uint16_t limit_counts_max(const struct sim_axis_spec *spec)
{
	return (uint16_t)floor(spec->current_limit_ma /
			       SIM_LINAK_MA_PER_LIMIT_COUNT);
}

void sim_linak_init(struct sim_linak *a, const struct sim_axis_spec *spec,
		    double position)
{
	memset(a, 0, sizeof(*a));
	a->spec = *spec;
	a->position = position;
	a->command = LINAK_CMD_STOP;
	a->current_limit = limit_counts_max(spec);
	a->speed = SIM_LINAK_SPEED_MAX;
	a->soft_start = LINAK_SOFT_DEFAULT;
	a->soft_stop = LINAK_SOFT_DEFAULT;
	a->error = LINAK_ERR_NEED_STOP;
	a->current_ma = spec->idle_ma;
}

void sim_linak_power_cycle(struct sim_linak *a)
{
	/* Without supply the motor stops where it is; the settings written
	 * before are gone with it. */
	struct sim_axis_spec spec = a->spec;
	double position = a->position, load = a->load_kg;
	bool stalled = a->stalled;

	sim_linak_init(a, &spec, position);
	a->position_lost = true;
	a->load_kg = load;
	a->stalled = stalled;
}

bool sim_linak_running(const struct sim_linak *a)
{
	return a->run == SIM_LINAK_RUN_TARGET || a->run == SIM_LINAK_RUN_OUT ||
	       a->run == SIM_LINAK_RUN_IN;
}

double sim_linak_cruise_speed(const struct sim_linak *a)
{
	return a->spec.max_speed * a->speed / (double)SIM_LINAK_SPEED_MAX;
}

static double ramp_seconds(uint16_t counts, double default_s)
{
	return counts == LINAK_SOFT_DEFAULT ? default_s
					    : counts * LINAK_SOFT_SECONDS_PER_COUNT;
}

/* A ramp takes its time from standstill to the commanded speed. */
double sim_linak_start_accel(const struct sim_linak *a)
{
	double t = ramp_seconds(a->soft_start, SIM_LINAK_SOFT_START_DEFAULT_S);

	return t > 0.0 ? sim_linak_cruise_speed(a) / t : 0.0;
}

double sim_linak_stop_decel(const struct sim_linak *a)
{
	double t = ramp_seconds(a->soft_stop, LINAK_SOFT_STOP_DEFAULT_S);

	return t > 0.0 ? sim_linak_cruise_speed(a) / t : 0.0;
}

void sim_linak_heartbeat(struct sim_linak *a, uint16_t value)
{
	if (value != a->heartbeat)
		a->since_heartbeat_s = 0.0;
	a->heartbeat = value;
}

static void begin_stop(struct sim_linak *a)
{
	a->run = a->velocity != 0.0 ? SIM_LINAK_STOPPING : SIM_LINAK_STANDING;
	if (a->run == SIM_LINAK_STANDING)
		a->direction = 0;
}

static enum sim_linak_verdict take_stop(struct sim_linak *a)
{
	if (a->error == LINAK_ERR_NEED_STOP)
		a->error = LINAK_ERR_NONE;
	if (a->run != SIM_LINAK_STANDING && a->run != SIM_LINAK_STOPPING)
		begin_stop(a);
	a->command = LINAK_CMD_STOP;
	return SIM_LINAK_TAKEN;
}

static enum sim_linak_verdict take_clear(struct sim_linak *a)
{
	/* Power-up's need-stop is cleared by STOP alone. */
	if (a->error == LINAK_ERR_NEED_STOP)
		return SIM_LINAK_REFUSED_NEED_STOP;
	a->error = LINAK_ERR_NONE;
	a->overcurrent = false;
	return SIM_LINAK_TAKEN;
}

enum sim_linak_verdict sim_linak_command(struct sim_linak *a, uint16_t value)
{
	double target = 0.0;
	enum sim_linak_run run;
	int dir;

	if (value == LINAK_CMD_STOP)
		return take_stop(a);
	if (value == LINAK_CMD_CLEAR_ERROR)
		return take_clear(a);
	if (a->error == LINAK_ERR_NEED_STOP)
		return SIM_LINAK_REFUSED_NEED_STOP;
	if (a->error != LINAK_ERR_NONE)
		return SIM_LINAK_REFUSED_ERROR;
	if (value == LINAK_CMD_RUN_OUT || value == LINAK_CMD_RECOVERY_OUT) {
		run = SIM_LINAK_RUN_OUT;
		dir = 1;
	} else if (value == LINAK_CMD_RUN_IN || value == LINAK_CMD_RECOVERY_IN) {
		run = SIM_LINAK_RUN_IN;
		dir = -1;
	} else {
		if (a->position_lost)
			return SIM_LINAK_REFUSED_POSITION_LOST;
		target = value / 10.0;
		if (target > sim_linak_stroke(a))
			target = sim_linak_stroke(a);
		run = SIM_LINAK_RUN_TARGET;
		dir = target > a->position ? 1 : (target < a->position ? -1 : 0);
	}
	/* Still moving, even on the stop ramp: the other way needs a stop
	 * to have ended first. */
	if (a->direction != 0 && dir != 0 && dir != a->direction)
		return SIM_LINAK_REFUSED_REVERSE;
	/* A run taken while not running (standing, or on the stop ramp)
	 * opens a fresh heartbeat window; one taken while running does not
	 * extend it: only HEARTBEAT does. */
	if (!sim_linak_running(a))
		a->since_heartbeat_s = 0.0;
	a->command = value;
	a->overcurrent = false;
	a->target = target;
	if (dir == 0 && a->direction == 0) {
		a->run = SIM_LINAK_STANDING;
		return SIM_LINAK_TAKEN;
	}
	a->run = run;
	if (dir != 0)
		a->direction = dir;
	return SIM_LINAK_TAKEN;
}

static double limit_ma(const struct sim_linak *a)
{
	return a->current_limit * SIM_LINAK_MA_PER_LIMIT_COUNT;
}

static void trip_overcurrent(struct sim_linak *a)
{
	/* A current cut-off: the motor stops dead, no ramp. */
	a->overcurrent = true;
	a->run = SIM_LINAK_STANDING;
	a->direction = 0;
	a->velocity = 0.0;
}

static void update_current(struct sim_linak *a)
{
	const struct sim_axis_spec *s = &a->spec;

	if (a->run == SIM_LINAK_STANDING) {
		a->current_ma = s->idle_ma;
		return;
	}
	a->current_ma = s->hold_ma + s->ma_per_kg * a->load_kg +
			s->ma_per_speed * fabs(a->velocity);
	if (a->current_ma > limit_ma(a))
		trip_overcurrent(a);
}

static void arrive(struct sim_linak *a)
{
	if (a->run == SIM_LINAK_RUN_OUT || a->run == SIM_LINAK_RUN_IN)
		a->position_lost = false;
	a->run = SIM_LINAK_STANDING;
	a->direction = 0;
	a->velocity = 0.0;
}

static void move(struct sim_linak *a, double dt)
{
	struct sim_motion m = { a->position, a->velocity };
	double stroke = sim_linak_stroke(a), cruise = sim_linak_cruise_speed(a);
	double accel = sim_linak_start_accel(a), decel = sim_linak_stop_decel(a);

	switch (a->run) {
	case SIM_LINAK_RUN_TARGET:
		if ((a->target - a->position) * a->direction < 0.0) {
			/* Overran a target set too close ahead: it stops past
			 * it rather than turn back on its own. */
			begin_stop(a);
			move(a, dt);
			return;
		}
		if (sim_motion_step_to(&m, a->target, cruise, accel, decel, dt))
			a->run = SIM_LINAK_STANDING;
		break;
	case SIM_LINAK_RUN_OUT:
	case SIM_LINAK_RUN_IN:
		/* The end-of-stroke switch stops it where it sits. */
		sim_motion_step_to(&m, a->run == SIM_LINAK_RUN_OUT ? stroke : 0.0,
				   cruise, accel, 0.0, dt);
		break;
	case SIM_LINAK_STOPPING:
		if (sim_motion_brake(&m, decel, dt))
			a->run = SIM_LINAK_STANDING;
		break;
	case SIM_LINAK_STANDING:
		break;
	}
	a->position = m.position;
	a->velocity = m.velocity;
	if (a->position <= 0.0 || a->position >= stroke) {
		a->position = a->position <= 0.0 ? 0.0 : stroke;
		arrive(a);
	} else if (a->run == SIM_LINAK_STANDING) {
		a->direction = 0;
		a->velocity = 0.0;
	}
}

void sim_linak_step(struct sim_linak *a, double dt)
{
	a->since_heartbeat_s += dt;
	if (sim_linak_running(a) &&
	    a->since_heartbeat_s * 1000.0 > LINAK_HEARTBEAT_TIMEOUT_MS) {
		a->error = LINAK_ERR_HEARTBEAT_LOST;
		begin_stop(a);
	}
	if (a->stalled && sim_linak_running(a)) {
		/* Blocked: nothing moves, the motor pulls harder until the
		 * current limit cuts it off. */
		a->velocity = 0.0;
		if (a->current_ma < a->spec.hold_ma)
			a->current_ma = a->spec.hold_ma;
		a->current_ma += SIM_STALL_CURRENT_RATE * dt;
		if (a->current_ma > limit_ma(a))
			trip_overcurrent(a);
		return;
	}
	move(a, dt);
	update_current(a);
}

uint16_t sim_linak_status(const struct sim_linak *a)
{
	uint16_t status = 0;

	if (a->position <= SIM_LINAK_END_BAND)
		status |= LINAK_STATUS_END_IN;
	if (a->position >= sim_linak_stroke(a) - SIM_LINAK_END_BAND)
		status |= LINAK_STATUS_END_OUT;
	if (a->overcurrent)
		status |= LINAK_STATUS_OVERCURRENT;
	if (a->run != SIM_LINAK_STANDING && a->direction > 0)
		status |= LINAK_STATUS_RUNNING_OUT;
	if (a->run != SIM_LINAK_STANDING && a->direction < 0)
		status |= LINAK_STATUS_RUNNING_IN;
	if (sim_linak_running(a))
		status |= LINAK_STATUS_HEARTBEAT_NEEDED;
	return status;
}

uint16_t sim_linak_position_register(const struct sim_linak *a)
{
	long counts;

	if (a->position_lost)
		return LINAK_POSITION_LOST;
	counts = lround(a->position * 10.0);
	return (uint16_t)(counts < 0 ? 0 : (counts > LINAK_POSITION_MAX ?
					     LINAK_POSITION_MAX : counts));
}

void sim_linak_inject_overcurrent(struct sim_linak *a)
{
	trip_overcurrent(a);
	a->current_ma = 1.25 * limit_ma(a);
}

bool sim_linak_inject_error(struct sim_linak *a, uint16_t code)
{
	if (code == LINAK_ERR_NONE || code == LINAK_ERR_NEED_STOP || code > 255)
		return false;
	a->error = code;
	a->run = SIM_LINAK_STANDING;
	a->direction = 0;
	a->velocity = 0.0;
	return true;
}

void sim_linak_inject_jump(struct sim_linak *a, double delta)
{
	double p = a->position + delta, stroke = sim_linak_stroke(a);

	a->position = p < 0.0 ? 0.0 : (p > stroke ? stroke : p);
}
