/* SPDX-License-Identifier: MIT */
/*
 * A simulated LINAK-class "target-position" actuator (common/linak_regs.h):
 * it runs to a target or to an end on command, stops on STOP with its
 * soft-stop ramp, watches a heartbeat register while it runs, refuses to
 * run after power-up until it has been sent STOP, refuses to reverse
 * while running, and forgets its position on a power cycle until it has
 * run to an end.  docs/simulator.md lists every rule and which of them
 * are this model's choices where the maker's manual is silent.
 *
 * Pure logic: no clock, no I/O; time advances only through
 * sim_linak_step().  Positions are millimetres from the fully-in end.
 */
#ifndef SIM_LINAK_ACTUATOR_H
#define SIM_LINAK_ACTUATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "axis.h"
#include "linak_regs.h"

/* SOFT_START = LINAK_SOFT_DEFAULT: the manual gives no figure for the
 * default soft start; the simulated actuator uses this one. */
#define SIM_LINAK_SOFT_START_DEFAULT_S 0.5
/* SPEED: 0.5 % of the actuator's top speed a count, 1..this. */
#define SIM_LINAK_SPEED_MAX 200u
/* CURRENT_LIMIT: 0.25 A a count. */
#define SIM_LINAK_MA_PER_LIMIT_COUNT 250.0
/* SOFT_START / SOFT_STOP: 0..this counts, or LINAK_SOFT_DEFAULT. */
#define SIM_LINAK_SOFT_MAX 250u
/* Closer than this to an end of the stroke reads as at the end, mm. */
#define SIM_LINAK_END_BAND 0.05

enum sim_linak_run {
	SIM_LINAK_STANDING = 0,
	SIM_LINAK_RUN_TARGET,   /* to `target` */
	SIM_LINAK_RUN_OUT,      /* to the fully-out end */
	SIM_LINAK_RUN_IN,       /* to the fully-in end */
	SIM_LINAK_STOPPING,     /* on the soft-stop ramp */
};

/* What became of a COMMAND write. */
enum sim_linak_verdict {
	SIM_LINAK_TAKEN = 0,
	SIM_LINAK_REFUSED_NEED_STOP,     /* power-up: STOP first */
	SIM_LINAK_REFUSED_ERROR,         /* an error stands: CLEAR_ERROR */
	SIM_LINAK_REFUSED_REVERSE,       /* running the other way: STOP first */
	SIM_LINAK_REFUSED_POSITION_LOST, /* only RUN_IN/RUN_OUT find an end */
};

struct sim_linak {
	struct sim_axis_spec spec;  /* stroke = max - min; speeds; currents */
	/* Registers the controller writes. */
	uint16_t heartbeat;
	uint16_t command;           /* the last command taken */
	uint16_t current_limit;     /* 0.25 A counts */
	uint16_t speed;             /* 0.5 % counts */
	uint16_t soft_start;
	uint16_t soft_stop;
	/* State. */
	enum sim_linak_run run;
	double target;              /* mm, for SIM_LINAK_RUN_TARGET */
	int direction;              /* +1 out, -1 in, 0 standing */
	double position;            /* mm from the fully-in end */
	double velocity;            /* mm/s, + outwards */
	double current_ma;
	uint16_t error;             /* LINAK_ERR_* */
	bool position_lost;
	bool overcurrent;           /* tripped; cleared by the next run */
	double since_heartbeat_s;   /* since it changed or a run started */
	/* The world around it. */
	double load_kg;
	bool stalled;               /* injected: the mechanism is blocked */
};

double sim_linak_stroke(const struct sim_linak *a);

/* Power-up with a known position (mm from the in end): ERROR NEED_STOP. */
void sim_linak_init(struct sim_linak *a, const struct sim_axis_spec *spec,
		    double position);
/* Supply lost and back: motion ends at once, ERROR NEED_STOP, and the
 * position is unknown until the actuator has run to an end. */
void sim_linak_power_cycle(struct sim_linak *a);

/* COMMAND: a position 0..LINAK_POSITION_MAX or a LINAK_CMD_*.  The caller
 * has checked the value is one of those. */
enum sim_linak_verdict sim_linak_command(struct sim_linak *a, uint16_t value);
/* HEARTBEAT: a new value restarts the heartbeat timer, the same value
 * does not. */
void sim_linak_heartbeat(struct sim_linak *a, uint16_t value);

void sim_linak_step(struct sim_linak *a, double dt);

uint16_t sim_linak_status(const struct sim_linak *a);
/* POSITION as the register reads: 0.1 mm, or LINAK_POSITION_LOST. */
uint16_t sim_linak_position_register(const struct sim_linak *a);
/* Commanded cruise speed, mm/s, and the ramps' rates, mm/s^2 (0: none). */
double sim_linak_cruise_speed(const struct sim_linak *a);
double sim_linak_start_accel(const struct sim_linak *a);
double sim_linak_stop_decel(const struct sim_linak *a);
bool sim_linak_running(const struct sim_linak *a);

/* Fault injection. */
void sim_linak_inject_overcurrent(struct sim_linak *a);
/* An error the actuator detects itself (LINAK_ERR_HALL, _OVERVOLTAGE,
 * _UNDERVOLTAGE, _TEMPERATURE, ...): the motor stops at once and ERROR
 * holds the code until CLEAR_ERROR.  Returns false for a code the model
 * does not raise this way (0, need-stop). */
bool sim_linak_inject_error(struct sim_linak *a, uint16_t code);
void sim_linak_inject_jump(struct sim_linak *a, double delta);

#endif /* SIM_LINAK_ACTUATOR_H */
