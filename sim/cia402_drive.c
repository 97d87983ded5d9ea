// SPDX-License-Identifier: MIT
/* The CiA 402 profile-position drive; see cia402_drive.h. */
#include <math.h>
#include <string.h>

#include <modbus.h>

#include "cia402_drive.h"
#include "point_motion.h"

/* Closer than half a count reads as on the travel end. */
#define END_EPSILON (0.5 / SIM_CIA402_COUNTS_PER_UNIT)

int32_t sim_cia402_units_to_counts(double units)
{
	return (int32_t)lround(units * SIM_CIA402_COUNTS_PER_UNIT);
}

static double counts_to_units(double counts)
{
	return counts / SIM_CIA402_COUNTS_PER_UNIT;
}

static uint32_t rate_counts(double units)
{
	return (uint32_t)lround(units * SIM_CIA402_COUNTS_PER_UNIT);
}

void sim_cia402_init(struct sim_cia402 *d, const struct sim_axis_spec *spec,
		     double position)
{
	memset(d, 0, sizeof(*d));
	d->spec = *spec;
	/* Not-ready-to-switch-on passes by itself once the drive has
	 * initialised; the model starts after it. */
	d->state = CIA402_SWITCH_ON_DISABLED;
	d->quick_stop_option = SIM_CIA402_QUICK_STOP_OPTION_DEFAULT;
	d->target = sim_cia402_units_to_counts(position);
	d->profile_velocity = rate_counts(spec->max_speed);
	d->profile_accel = rate_counts(spec->accel);
	d->profile_decel = rate_counts(spec->accel);
	d->quick_stop_decel = rate_counts(spec->quick_stop_decel);
	d->following_window = SIM_CIA402_FOLLOWING_WINDOW_DEFAULT;
	d->demand = d->position = position;
	d->target_reached = true;
	d->current_ma = spec->idle_ma;
}

void sim_cia402_power_cycle(struct sim_cia402 *d)
{
	struct sim_axis_spec spec = d->spec;
	double position = d->position, load = d->load_kg;
	bool stalled = d->stalled;

	sim_cia402_init(d, &spec, position);
	d->load_kg = load;
	d->stalled = stalled;
}

/* Leaving operation-enabled other than by quick stop: the power stage
 * goes off and the holding brake stops the axis where it is. */
static void stand_still(struct sim_cia402 *d)
{
	d->demand = d->position;
	d->demand_velocity = 0.0;
	d->velocity = 0.0;
	d->has_setpoint = false;
	d->has_buffered = false;
	d->target_reached = true;
}

static void enter(struct sim_cia402 *d, enum cia402_state next)
{
	bool was_moving_state = d->state == CIA402_OPERATION_ENABLED ||
				d->state == CIA402_QUICK_STOP_ACTIVE;

	if (next == CIA402_OPERATION_ENABLED && d->state != next) {
		/* A fresh start: no set-point until the handshake gives one. */
		d->demand = d->position;
		d->demand_velocity = 0.0;
		d->has_setpoint = false;
		d->has_buffered = false;
		d->target_reached = true;
	} else if (was_moving_state && next != CIA402_OPERATION_ENABLED &&
		   next != CIA402_QUICK_STOP_ACTIVE &&
		   next != CIA402_FAULT_REACTION_ACTIVE) {
		stand_still(d);
	}
	d->state = next;
}

/* The device-control commands of the controlword's low bits. */
static void device_control(struct sim_cia402 *d, uint16_t cw)
{
	enum cia402_state s = d->state;

	if (!(cw & CIA402_CW_ENABLE_VOLTAGE)) {
		/* Disable voltage. */
		if (s != CIA402_NOT_READY_TO_SWITCH_ON)
			enter(d, CIA402_SWITCH_ON_DISABLED);
	} else if (!(cw & CIA402_CW_QUICK_STOP_N)) {
		if (s == CIA402_OPERATION_ENABLED) {
			d->has_buffered = false;
			enter(d, CIA402_QUICK_STOP_ACTIVE);
		} else if (s == CIA402_READY_TO_SWITCH_ON ||
			   s == CIA402_SWITCHED_ON) {
			enter(d, CIA402_SWITCH_ON_DISABLED);
		}
	} else if (s == CIA402_QUICK_STOP_ACTIVE) {
		/* Only enable operation leaves it (options 5 and 6, once
		 * standing); disable voltage is handled above. */
		if ((cw & 0x000f) == CIA402_CMD_ENABLE_OPERATION &&
		    (d->quick_stop_option == 5 || d->quick_stop_option == 6) &&
		    d->demand_velocity == 0.0)
			enter(d, CIA402_OPERATION_ENABLED);
	} else if (!(cw & CIA402_CW_SWITCH_ON)) {
		/* Shutdown. */
		if (s == CIA402_SWITCH_ON_DISABLED || s == CIA402_SWITCHED_ON ||
		    s == CIA402_OPERATION_ENABLED)
			enter(d, CIA402_READY_TO_SWITCH_ON);
	} else if (!(cw & CIA402_CW_ENABLE_OPERATION)) {
		/* Switch on, or disable operation. */
		if (s == CIA402_READY_TO_SWITCH_ON ||
		    s == CIA402_OPERATION_ENABLED)
			enter(d, CIA402_SWITCHED_ON);
	} else {
		/* Enable operation; from ready-to-switch-on it passes
		 * switched-on on the way, as the profile allows. */
		if (s == CIA402_READY_TO_SWITCH_ON || s == CIA402_SWITCHED_ON)
			enter(d, CIA402_OPERATION_ENABLED);
	}
}

static bool within_travel(const struct sim_cia402 *d, double units)
{
	return units >= d->spec.min && units <= d->spec.max;
}

/* Bit 4's rising edge in profile position: take 607Ah. */
static void new_setpoint(struct sim_cia402 *d, uint16_t cw)
{
	double next = counts_to_units(d->target);
	bool moving = d->has_setpoint;

	if (cw & CIA402_CW_RELATIVE)
		next += moving ? d->setpoint : d->demand;
	if (!within_travel(d, next))
		return;                 /* not acknowledged */
	if ((cw & CIA402_CW_CHANGE_IMMEDIATELY) || !moving) {
		d->setpoint = next;
		d->has_setpoint = true;
		d->has_buffered = false;
	} else if (!d->has_buffered) {
		d->buffered = next;
		d->has_buffered = true;
	} else {
		return;                 /* buffer full: not acknowledged */
	}
	d->ack = true;
	d->target_reached = false;
}

void sim_cia402_write_controlword(struct sim_cia402 *d, uint16_t cw)
{
	uint16_t old = d->controlword;

	d->controlword = cw;
	if (d->state == CIA402_FAULT) {
		if ((cw & CIA402_CW_FAULT_RESET) &&
		    !(old & CIA402_CW_FAULT_RESET)) {
			d->error_code = 0;
			d->following_error = false;
			enter(d, CIA402_SWITCH_ON_DISABLED);
		}
	} else if (d->state != CIA402_FAULT_REACTION_ACTIVE) {
		device_control(d, cw);
	}
	if (!(cw & CIA402_CW_NEW_SETPOINT))
		d->ack = false;
	else if (!(old & CIA402_CW_NEW_SETPOINT) &&
		 d->state == CIA402_OPERATION_ENABLED &&
		 d->mode == CIA402_MODE_PROFILE_POSITION)
		new_setpoint(d, cw);
}

uint16_t sim_cia402_statusword(const struct sim_cia402 *d)
{
	uint16_t sw = CIA402_SW_REMOTE;

	switch (d->state) {
	case CIA402_NOT_READY_TO_SWITCH_ON: break;
	case CIA402_SWITCH_ON_DISABLED: sw |= 0x0040; break;
	case CIA402_READY_TO_SWITCH_ON: sw |= 0x0021; break;
	case CIA402_SWITCHED_ON: sw |= 0x0023; break;
	case CIA402_OPERATION_ENABLED: sw |= 0x0027; break;
	case CIA402_QUICK_STOP_ACTIVE: sw |= 0x0007; break;
	case CIA402_FAULT_REACTION_ACTIVE: sw |= 0x000f; break;
	case CIA402_FAULT: sw |= 0x0008; break;
	case CIA402_STATE_UNKNOWN: break;
	}
	if (d->state != CIA402_NOT_READY_TO_SWITCH_ON &&
	    d->state != CIA402_SWITCH_ON_DISABLED && d->state != CIA402_FAULT)
		sw |= CIA402_SW_VOLTAGE_ENABLED;
	if (d->target_reached)
		sw |= CIA402_SW_TARGET_REACHED;
	if (d->position <= d->spec.min + END_EPSILON ||
	    d->position >= d->spec.max - END_EPSILON)
		sw |= CIA402_SW_LIMIT_ACTIVE;
	if (d->ack || d->has_buffered)
		sw |= CIA402_SW_SETPOINT_ACK;
	if (d->following_error)
		sw |= CIA402_SW_FOLLOWING_ERROR;
	return sw;
}

void sim_cia402_inject_fault(struct sim_cia402 *d, uint16_t error_code)
{
	if (d->state == CIA402_FAULT ||
	    d->state == CIA402_FAULT_REACTION_ACTIVE)
		return;                 /* the first fault's code stays */
	d->error_code = error_code;
	d->has_setpoint = false;
	d->has_buffered = false;
	if (d->state == CIA402_OPERATION_ENABLED ||
	    d->state == CIA402_QUICK_STOP_ACTIVE)
		d->state = CIA402_FAULT_REACTION_ACTIVE;
	else
		enter(d, CIA402_FAULT);
}

void sim_cia402_inject_jump(struct sim_cia402 *d, double delta)
{
	double p = d->position + delta;

	d->position = p < d->spec.min ? d->spec.min :
		      (p > d->spec.max ? d->spec.max : p);
}

static double profile_speed(const struct sim_cia402 *d)
{
	double v = counts_to_units(d->profile_velocity);

	return v < d->spec.max_speed ? v : d->spec.max_speed;
}

/* Moves the profile generator one step. */
static void generate(struct sim_cia402 *d, double dt)
{
	struct sim_motion m = { d->demand, d->demand_velocity };
	double accel = counts_to_units(d->profile_accel);
	double decel = counts_to_units(d->profile_decel);
	double qs = counts_to_units(d->quick_stop_decel);
	bool halt = d->controlword & CIA402_CW_HALT;

	switch (d->state) {
	case CIA402_OPERATION_ENABLED:
		if (d->mode == CIA402_MODE_PROFILE_POSITION && d->has_setpoint &&
		    !halt) {
			d->target_reached = false;
			if (sim_motion_step_to(&m, d->setpoint, profile_speed(d),
					       accel, decel, dt)) {
				if (d->has_buffered) {
					d->setpoint = d->buffered;
					d->has_buffered = false;
				} else {
					d->has_setpoint = false;
					d->target_reached = true;
				}
			}
		} else {
			/* Halt keeps the target; it resumes when released. */
			if (sim_motion_brake(&m, decel, dt) && halt)
				d->target_reached = true;
		}
		break;
	case CIA402_QUICK_STOP_ACTIVE:
		if (sim_motion_brake(&m, d->quick_stop_option == 1 ||
				     d->quick_stop_option == 5 ? decel : qs, dt)) {
			d->target_reached = true;
			if (d->quick_stop_option == 1 || d->quick_stop_option == 2) {
				d->demand = m.position;
				d->demand_velocity = 0.0;
				enter(d, CIA402_SWITCH_ON_DISABLED);
				return;
			}
		}
		break;
	case CIA402_FAULT_REACTION_ACTIVE:
		if (sim_motion_brake(&m, qs, dt)) {
			d->demand = m.position;
			d->demand_velocity = 0.0;
			enter(d, CIA402_FAULT);
			stand_still(d);
			return;
		}
		break;
	default:
		m.velocity = 0.0;
		break;
	}
	if (m.position < d->spec.min || m.position > d->spec.max) {
		m.position = m.position < d->spec.min ? d->spec.min : d->spec.max;
		m.velocity = 0.0;
	}
	d->demand = m.position;
	d->demand_velocity = m.velocity;
}

static bool power_stage_on(const struct sim_cia402 *d)
{
	return d->state == CIA402_OPERATION_ENABLED ||
	       d->state == CIA402_QUICK_STOP_ACTIVE ||
	       d->state == CIA402_FAULT_REACTION_ACTIVE;
}

static void follow(struct sim_cia402 *d, double dt)
{
	const struct sim_axis_spec *s = &d->spec;
	double cap = 0.95 * s->current_limit_ma;

	if (!power_stage_on(d)) {
		d->velocity = 0.0;
		d->demand = d->position;
		d->current_ma = s->idle_ma;
		return;
	}
	if (d->stalled && d->demand != d->position) {
		/* Blocked: the axis stays, the motor fights harder. */
		d->velocity = 0.0;
		if (d->current_ma < cap)
			d->current_ma += SIM_STALL_CURRENT_RATE * dt;
		if (d->current_ma > cap)
			d->current_ma = cap;
	} else {
		d->position = d->demand;
		d->velocity = d->demand_velocity;
		d->current_ma = s->hold_ma + s->ma_per_kg * d->load_kg +
				s->ma_per_speed * fabs(d->velocity);
	}
	d->following_error = fabs(d->demand - d->position) *
			     SIM_CIA402_COUNTS_PER_UNIT > d->following_window;
	if (d->current_ma > s->current_limit_ma)
		sim_cia402_inject_fault(d, SIM_CIA402_ERR_OVERCURRENT);
	else if (d->following_error)
		sim_cia402_inject_fault(d, SIM_CIA402_ERR_FOLLOWING_ERROR);
}

void sim_cia402_step(struct sim_cia402 *d, double dt)
{
	generate(d, dt);
	follow(d, dt);
}

static bool read_only(uint16_t object)
{
	return object == CIA402_OBJ_ERROR_CODE ||
	       object == CIA402_OBJ_STATUSWORD ||
	       object == CIA402_OBJ_MODES_DISPLAY ||
	       object == CIA402_OBJ_POSITION_ACTUAL ||
	       object == CIA402_OBJ_VELOCITY_ACTUAL;
}

uint32_t sim_cia402_read_object(const struct sim_cia402 *d, uint16_t object)
{
	switch (object) {
	case CIA402_OBJ_ERROR_CODE: return d->error_code;
	case CIA402_OBJ_CONTROLWORD: return d->controlword;
	case CIA402_OBJ_STATUSWORD: return sim_cia402_statusword(d);
	case CIA402_OBJ_QUICK_STOP_OPTION: return (uint16_t)d->quick_stop_option;
	case CIA402_OBJ_MODES_OF_OPERATION:
	case CIA402_OBJ_MODES_DISPLAY: return (uint16_t)d->mode;
	case CIA402_OBJ_POSITION_ACTUAL:
		return (uint32_t)sim_cia402_units_to_counts(d->position);
	case CIA402_OBJ_FOLLOWING_WINDOW: return d->following_window;
	case CIA402_OBJ_VELOCITY_ACTUAL:
		return (uint32_t)sim_cia402_units_to_counts(d->velocity);
	case CIA402_OBJ_TARGET_POSITION: return (uint32_t)d->target;
	case CIA402_OBJ_PROFILE_VELOCITY: return d->profile_velocity;
	case CIA402_OBJ_PROFILE_ACCEL: return d->profile_accel;
	case CIA402_OBJ_PROFILE_DECEL: return d->profile_decel;
	case CIA402_OBJ_QUICK_STOP_DECEL: return d->quick_stop_decel;
	default: return 0;
	}
}

int sim_cia402_check_object(const struct sim_cia402 *d, uint16_t object,
			    uint32_t value)
{
	int16_t word = (int16_t)(uint16_t)value;

	if (read_only(object))
		return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	switch (object) {
	case CIA402_OBJ_CONTROLWORD:
		return value & ~SIM_CIA402_CW_KNOWN ?
			MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE : 0;
	case CIA402_OBJ_MODES_OF_OPERATION:
		/* The model has profile position only (0: no mode). */
		return word == 0 || word == CIA402_MODE_PROFILE_POSITION ? 0 :
			MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	case CIA402_OBJ_QUICK_STOP_OPTION:
		return word == 1 || word == 2 || word == 5 || word == 6 ? 0 :
			MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	case CIA402_OBJ_TARGET_POSITION:
		return within_travel(d, counts_to_units((int32_t)value)) ? 0 :
			MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	case CIA402_OBJ_PROFILE_VELOCITY:
	case CIA402_OBJ_PROFILE_ACCEL:
	case CIA402_OBJ_PROFILE_DECEL:
	case CIA402_OBJ_QUICK_STOP_DECEL:
	case CIA402_OBJ_FOLLOWING_WINDOW:
		return value >= 1 && value <= INT32_MAX ? 0 :
			MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	default:
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	}
}

void sim_cia402_write_object(struct sim_cia402 *d, uint16_t object,
			     uint32_t value)
{
	switch (object) {
	case CIA402_OBJ_CONTROLWORD:
		sim_cia402_write_controlword(d, (uint16_t)value);
		break;
	case CIA402_OBJ_MODES_OF_OPERATION:
		d->mode = (int16_t)(uint16_t)value;
		break;
	case CIA402_OBJ_QUICK_STOP_OPTION:
		d->quick_stop_option = (int16_t)(uint16_t)value;
		break;
	case CIA402_OBJ_TARGET_POSITION:
		d->target = (int32_t)value;
		break;
	case CIA402_OBJ_PROFILE_VELOCITY:
		d->profile_velocity = value;
		break;
	case CIA402_OBJ_PROFILE_ACCEL:
		d->profile_accel = value;
		break;
	case CIA402_OBJ_PROFILE_DECEL:
		d->profile_decel = value;
		break;
	case CIA402_OBJ_QUICK_STOP_DECEL:
		d->quick_stop_decel = value;
		break;
	case CIA402_OBJ_FOLLOWING_WINDOW:
		d->following_window = value;
		break;
	default:
		break;
	}
}
