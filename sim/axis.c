// SPDX-License-Identifier: MIT
/* Physics of one simulated drive; see axis.h. */
#include <math.h>
#include <string.h>

#include "axis.h"

const struct sim_axis_spec sim_spec_height = {
	.kind = OMT_AXIS_KIND_LINEAR,
	.min = 450.0, .max = 950.0,
	.max_speed = 40.0, .accel = 150.0, .quick_stop_decel = 400.0,
	.in_position_band = 0.05,
	.idle_ma = 50.0, .hold_ma = 400.0, .ma_per_kg = 30.0,
	.ma_per_speed = 10.0, .ma_per_accel = 5.0,
	.current_limit_ma = 8000.0,
};

const struct sim_axis_spec sim_spec_tilt = {
	.kind = OMT_AXIS_KIND_ROTARY,
	.min = -10.0, .max = 25.0,
	.max_speed = 4.0, .accel = 15.0, .quick_stop_decel = 40.0,
	.in_position_band = 0.05,
	.idle_ma = 50.0, .hold_ma = 300.0, .ma_per_kg = 20.0,
	.ma_per_speed = 100.0, .ma_per_accel = 100.0,
	.current_limit_ma = 6000.0,
};

const struct sim_axis_spec sim_spec_drop = {
	.kind = OMT_AXIS_KIND_DROP,
	.min = 0.0, .max = 15.0,
	.max_speed = 20.0, .accel = 200.0, .quick_stop_decel = 2000.0,
	.in_position_band = 0.05,
	.idle_ma = 20.0, .hold_ma = 150.0, .ma_per_kg = 5.0,
	.ma_per_speed = 10.0, .ma_per_accel = 2.0,
	.current_limit_ma = 3000.0,
};

/* Half a register unit (0.01): closer than this reads as equal. */
#define AT_END_EPSILON 0.005
/* Rounding dust left by the braking curve, far below a register unit. */
#define ARRIVAL_EPSILON 1e-6

void sim_axis_init(struct sim_axis *axis, const struct sim_axis_spec *spec,
		   double position)
{
	memset(axis, 0, sizeof(*axis));
	axis->spec = *spec;
	axis->position = position;
	axis->setpoint = position;
	axis->velocity_limit = (uint16_t)lround(spec->max_speed * 10.0);
	axis->watchdog_ms = SIM_WATCHDOG_DEFAULT_MS;
	axis->tension = SIM_TENSION_DEFAULT;
	axis->current_ma = spec->idle_ma;
}

/* NUL-padded to the register block, as a drive stores short text. */
static void set_text(char *block, const char *text)
{
	size_t n = strnlen(text, OMT_DRIVE_TEXT_MAX);

	memset(block, 0, OMT_DRIVE_TEXT_MAX);
	memcpy(block, text, n);
}

void sim_axis_set_identity(struct sim_axis *axis, const char *serial,
			   const char *firmware)
{
	axis->has_identity = true;
	axis->identity_silent = false;
	if (serial)
		set_text(axis->serial, serial);
	if (firmware)
		set_text(axis->firmware, firmware);
}

bool sim_axis_drive_on(const struct sim_axis *axis)
{
	return (axis->control & OMT_CONTROL_ENABLE) &&
	       axis->fault_code == OMT_DRIVE_FAULT_NONE;
}

double sim_axis_speed_limit(const struct sim_axis *axis)
{
	double commanded = axis->velocity_limit / 10.0;

	return commanded < axis->spec.max_speed ? commanded
						: axis->spec.max_speed;
}

static bool at_low_end(const struct sim_axis *axis)
{
	return axis->position <= axis->spec.min + AT_END_EPSILON;
}

static bool at_high_end(const struct sim_axis *axis)
{
	return axis->position >= axis->spec.max - AT_END_EPSILON;
}

/*
 * A drop section's low end is its resting stop, not a limit switch: a
 * section standing down is the normal state and must not read as a limit.
 */
static bool low_limit_switch(const struct sim_axis *axis)
{
	return axis->spec.kind != OMT_AXIS_KIND_DROP && at_low_end(axis);
}

static bool in_position(const struct sim_axis *axis)
{
	return fabs(axis->setpoint - axis->position) <=
		       axis->spec.in_position_band &&
	       axis->velocity == 0.0;
}

uint16_t sim_axis_status(const struct sim_axis *axis)
{
	uint16_t status = OMT_STATUS_HOMED;

	if (axis->fault_code == OMT_DRIVE_FAULT_NONE)
		status |= OMT_STATUS_READY;
	else
		status |= OMT_STATUS_FAULT;
	if (sim_axis_drive_on(axis))
		status |= OMT_STATUS_ENABLED;
	if (axis->velocity != 0.0)
		status |= OMT_STATUS_MOVING;
	if (in_position(axis) && !axis->fired)
		status |= OMT_STATUS_IN_POSITION;
	if (low_limit_switch(axis))
		status |= OMT_STATUS_LIMIT_LOW;
	if (at_high_end(axis))
		status |= OMT_STATUS_LIMIT_HIGH;
	if (axis->obstructed)
		status |= OMT_STATUS_OBSTRUCTION;
	if (axis->comms_timeout)
		status |= OMT_STATUS_COMMS_TIMEOUT;
	return status;
}

bool sim_axis_cocked(const struct sim_axis *axis)
{
	return axis->spec.kind == OMT_AXIS_KIND_DROP && !axis->fired &&
	       axis->position >= SIM_DROP_COCKED_MIN && axis->velocity == 0.0;
}

void sim_axis_write_control(struct sim_axis *axis, uint16_t control)
{
	bool reset_edge = (control & OMT_CONTROL_FAULT_RESET) &&
			  !(axis->control & OMT_CONTROL_FAULT_RESET);

	if (reset_edge) {
		axis->fault_code = OMT_DRIVE_FAULT_NONE;
		axis->comms_timeout = false;
	}
	axis->control = control;
	axis->since_command_s = 0.0;
}

/*
 * A drive in cyclic position mode learns how fast the master streams its
 * setpoint and moves at that speed (velocity feed-forward), correcting only
 * the remaining error; without it, an axis chasing a moving setpoint trails
 * it by v^2/2a, far more than any real drive's following error.  Writes
 * bunched closer than SIM_FF_MIN_INTERVAL_S (a late master catching up)
 * keep the previous estimate; a stream that pauses longer than
 * SIM_FF_MAX_INTERVAL_S means the setpoint stands still, and so does a
 * step faster than the axis could ever follow: that is a point-to-point
 * target, which the axis approaches on its own braking curve.
 */
#define SIM_FF_MIN_INTERVAL_S 0.002
#define SIM_FF_MAX_INTERVAL_S 0.1

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

static void learn_setpoint_velocity(struct sim_axis *axis, double setpoint)
{
	double interval = axis->since_setpoint_s, limit, speed;

	if (interval > SIM_FF_MAX_INTERVAL_S) {
		axis->setpoint_velocity = 0.0;
	} else if (interval >= SIM_FF_MIN_INTERVAL_S) {
		limit = sim_axis_speed_limit(axis);
		speed = (setpoint - axis->setpoint) / interval;
		axis->setpoint_velocity = fabs(speed) <= limit ? speed : 0.0;
	}
	axis->since_setpoint_s = 0.0;
}

void sim_axis_write_setpoint(struct sim_axis *axis, double setpoint)
{
	learn_setpoint_velocity(axis, setpoint);
	axis->setpoint = setpoint;
	axis->since_command_s = 0.0;
	if (axis->fired && setpoint <= SIM_DROP_LOWERED_MAX)
		axis->fired = false;
}


static void check_watchdog(struct sim_axis *axis)
{
	/* The watchdog guards motion: it runs only while enable is set. */
	if (!(axis->control & OMT_CONTROL_ENABLE) || axis->watchdog_ms == 0)
		return;
	if (axis->since_command_s * 1000.0 <= axis->watchdog_ms)
		return;
	if (axis->fault_code == OMT_DRIVE_FAULT_NONE)
		axis->fault_code = OMT_DRIVE_FAULT_COMMS_WATCHDOG;
	axis->comms_timeout = true;
}

/*
 * The velocity the drive aims for at the end of this step, and how hard
 * it may change.  Seen from the setpoint, which moves at the streamed
 * setpoint velocity, it is the fastest speed from which the axis, having
 * covered this step, can still brake to rest exactly there:
 * v^2 / 2a + (v0 + v) dt / 2 <= distance, solved for v; the drive adds the
 * setpoint's own velocity back (feed-forward).
 */
static double wanted_velocity(const struct sim_axis *axis, double dt,
			      double *accel)
{
	double a = axis->spec.accel, err, dir, v0, room, reach, vmax, vff;

	*accel = a;
	/* An obstacle the drive senses stops it as hard as a quick-stop. */
	if (axis->fault_code != OMT_DRIVE_FAULT_NONE ||
	    (axis->control & OMT_CONTROL_QUICK_STOP) || axis->obstructed) {
		*accel = axis->spec.quick_stop_decel;
		return 0.0;
	}
	if (!(axis->control & OMT_CONTROL_ENABLE) || axis->fired)
		return 0.0;
	vff = axis->setpoint_velocity;
	err = axis->setpoint - axis->position;
	dir = err >= 0.0 ? 1.0 : -1.0;
	v0 = (axis->velocity - vff) * dir;
	room = a * a * dt * dt / 4.0 + 2.0 * a * (fabs(err) - v0 * dt / 2.0);
	reach = room > 0.0 ? sqrt(room) - a * dt / 2.0 : 0.0;
	if (reach < 0.0)
		reach = 0.0;
	vmax = sim_axis_speed_limit(axis);
	return clamp(vff + dir * reach, -vmax, vmax);
}

static void update_current(struct sim_axis *axis, double dt, bool pushing)
{
	const struct sim_axis_spec *s = &axis->spec;
	double stall_cap = 0.95 * s->current_limit_ma;

	if (axis->fault_code == OMT_DRIVE_FAULT_OVERCURRENT) {
		/* The drive reports the current that tripped it until reset. */
		return;
	}
	if (!sim_axis_drive_on(axis)) {
		axis->current_ma = s->idle_ma;
		return;
	}
	if (axis->stalled && pushing) {
		if (axis->current_ma < stall_cap)
			axis->current_ma += SIM_STALL_CURRENT_RATE * dt;
		if (axis->current_ma > stall_cap)
			axis->current_ma = stall_cap;
		return;
	}
	axis->current_ma = s->hold_ma + s->ma_per_kg * axis->load_kg +
			   s->ma_per_speed * fabs(axis->velocity) +
			   s->ma_per_accel * fabs(axis->acceleration);
}

void sim_axis_step(struct sim_axis *axis, double dt)
{
	const struct sim_axis_spec *s = &axis->spec;
	double accel, target, v_new, pos_new, err;
	bool toward_setpoint, pushing;

	axis->since_command_s += dt;
	axis->since_setpoint_s += dt;
	if (axis->since_setpoint_s > SIM_FF_MAX_INTERVAL_S)
		axis->setpoint_velocity = 0.0;
	check_watchdog(axis);

	target = wanted_velocity(axis, dt, &accel);
	err = axis->setpoint - axis->position;
	pushing = sim_axis_drive_on(axis) && !axis->fired &&
		  !(axis->control & OMT_CONTROL_QUICK_STOP) &&
		  fabs(err) > s->in_position_band;
	if (axis->stalled && pushing) {
		/* Blocked: nothing moves, the motor fights harder. */
		axis->velocity = 0.0;
		axis->acceleration = 0.0;
		update_current(axis, dt, true);
		return;
	}

	v_new = axis->velocity +
		clamp(target - axis->velocity, -accel * dt, accel * dt);
	pos_new = axis->position + 0.5 * (axis->velocity + v_new) * dt;

	/*
	 * Arriving: once the step would carry the axis onto or past the
	 * setpoint at creeping speed, it stands there.  A fast overshoot
	 * (the setpoint jumped right in front of a moving axis) is left to
	 * the physics: the axis brakes and comes back.
	 */
	toward_setpoint = sim_axis_drive_on(axis) && !axis->fired &&
			  !axis->obstructed &&
			  !(axis->control & OMT_CONTROL_QUICK_STOP);
	if (toward_setpoint &&
	    ((err > 0.0 && pos_new >= axis->setpoint - ARRIVAL_EPSILON) ||
	     (err < 0.0 && pos_new <= axis->setpoint + ARRIVAL_EPSILON)) &&
	    fabs(v_new) <= 2.0 * s->accel * dt) {
		pos_new = axis->setpoint;
		v_new = 0.0;
	}
	if (sim_axis_drive_on(axis) && !axis->fired && err == 0.0 &&
	    fabs(v_new) <= s->accel * dt)
		v_new = 0.0;

	/* End-of-travel switches stop the axis where they sit. */
	if (pos_new <= s->min) {
		pos_new = s->min;
		if (v_new < 0.0)
			v_new = 0.0;
	} else if (pos_new >= s->max) {
		pos_new = s->max;
		if (v_new > 0.0)
			v_new = 0.0;
	}
	/* A standing-down velocity never lingers as numeric dust. */
	if (target == 0.0 && fabs(v_new) < 1e-9)
		v_new = 0.0;

	axis->acceleration = dt > 0.0 ? (v_new - axis->velocity) / dt : 0.0;
	axis->velocity = v_new;
	axis->position = pos_new;
	update_current(axis, dt, pushing);
}

enum sim_thrust_result sim_axis_thrust(struct sim_axis *axis, double newtons)
{
	if (axis->spec.kind != OMT_AXIS_KIND_DROP)
		return SIM_THRUST_NOT_A_DROP;
	if (!sim_axis_cocked(axis))
		return SIM_THRUST_NOT_COCKED;
	if (newtons < SIM_DROP_NEWTONS_PER_TENSION * axis->tension)
		return SIM_THRUST_HELD;
	/* The section falls onto its stop in a few tens of ms: take it as one step. */
	axis->fired = true;
	axis->position = axis->spec.min;
	axis->velocity = 0.0;
	axis->acceleration = 0.0;
	return SIM_THRUST_FIRED;
}

void sim_axis_inject_overcurrent(struct sim_axis *axis)
{
	axis->fault_code = OMT_DRIVE_FAULT_OVERCURRENT;
	axis->current_ma = 1.25 * axis->spec.current_limit_ma;
}

void sim_axis_inject_jump(struct sim_axis *axis, double delta)
{
	/* The travel-end switches catch a jump that would leave the travel. */
	axis->position = clamp(axis->position + delta, axis->spec.min,
			       axis->spec.max);
}
