/* SPDX-License-Identifier: MIT */
/*
 * The physics of one simulated drive: an actuator that follows a streamed
 * position setpoint within its own speed and acceleration, stops on the
 * comms watchdog, at its travel ends and on faults, draws a current that
 * depends on its load and acceleration, and (for a drop section) falls
 * when thrust beats its tension.
 *
 * Pure logic: no clock, no I/O.  Time advances only through
 * sim_axis_step(), so tests can drive it exhaustively.  Positions are in
 * the axis's unit (mm or degrees), velocities in unit/s.
 */
#ifndef SIM_AXIS_H
#define SIM_AXIS_H

#include <stdbool.h>
#include <stdint.h>

#include "omt_regs.h"

struct sim_axis_spec {
	enum omt_axis_kind kind;
	double min, max;              /* hardware travel */
	double max_speed;             /* the actuator's own limit, unit/s */
	double accel;                 /* unit/s^2, starting and stopping */
	double quick_stop_decel;      /* unit/s^2, quick-stop and faults */
	double in_position_band;      /* |setpoint - position| counted as there */
	/* Current model, mA. */
	double idle_ma;               /* power stage off */
	double hold_ma;               /* enabled, standing still, no load */
	double ma_per_kg;             /* holding a load */
	double ma_per_speed;          /* per unit/s of speed */
	double ma_per_accel;          /* per unit/s^2 of acceleration */
	double current_limit_ma;      /* above this the drive trips */
};

/* The three kinds of actuator on the table. */
extern const struct sim_axis_spec sim_spec_height;
extern const struct sim_axis_spec sim_spec_tilt;
extern const struct sim_axis_spec sim_spec_drop;

/* A drop section fires when thrust reaches this many newtons per level. */
#define SIM_DROP_NEWTONS_PER_TENSION 50.0
/* A drop section is cocked when standing at or above this height, mm. */
#define SIM_DROP_COCKED_MIN 1.0
/* A setpoint at or below this acknowledges a fired section as lowered. */
#define SIM_DROP_LOWERED_MAX 0.5
#define SIM_TENSION_MIN 1
#define SIM_TENSION_MAX 10
#define SIM_TENSION_DEFAULT 5
/* The drive-side watchdog a drive starts with, ms. */
#define SIM_WATCHDOG_DEFAULT_MS 500
/* Current rises this fast while stalled, mA/s, up to 95 % of the limit. */
#define SIM_STALL_CURRENT_RATE 4000.0

/* The firmware version every simulated drive reports at first. */
#define SIM_FIRMWARE_DEFAULT "1.0.0-sim"

struct sim_axis {
	struct sim_axis_spec spec;
	/*
	 * SERIAL_NUMBER and FIRMWARE_VERSION as the registers hold them:
	 * two bytes a register, the first in the high byte, not necessarily
	 * text (tests set any bytes).  has_identity false: the drive lacks
	 * the registers and refuses them with ILLEGAL DATA ADDRESS.
	 */
	bool has_identity;
	/* Without them, and no reply at all to a request that touches
	 * them (some drives ignore addresses they lack). */
	bool identity_silent;
	char serial[OMT_DRIVE_TEXT_MAX];
	char firmware[OMT_DRIVE_TEXT_MAX];
	/* Registers the master writes. */
	uint16_t control;
	double setpoint;
	uint16_t velocity_limit;      /* 0.1 unit/s */
	uint16_t watchdog_ms;
	uint16_t tension;             /* drop sections: 1..10 */
	/* Drive state. */
	double position;
	double velocity;
	double acceleration;          /* of the last step */
	double current_ma;
	uint16_t fault_code;
	bool comms_timeout;
	double since_command_s;       /* since the last CONTROL/SETPOINT write */
	double since_setpoint_s;      /* since the last SETPOINT write */
	double setpoint_velocity;     /* of the streamed setpoint, unit/s */
	/* The world around it. */
	double load_kg;
	bool stalled;                 /* injected: the mechanism is blocked */
	bool obstructed;              /* injected: the drive senses an obstacle */
	bool fired;                   /* drop section fell, not yet lowered */
};

enum sim_thrust_result {
	SIM_THRUST_NOT_A_DROP = 0,
	SIM_THRUST_NOT_COCKED,
	SIM_THRUST_HELD,              /* force below the tension threshold */
	SIM_THRUST_FIRED,
};

void sim_axis_init(struct sim_axis *axis, const struct sim_axis_spec *spec,
		   double position);
void sim_axis_step(struct sim_axis *axis, double dt);

/* Master writes.  Both restart the drive's comms watchdog. */
void sim_axis_write_control(struct sim_axis *axis, uint16_t control);
/* The caller has checked the setpoint lies within travel. */
void sim_axis_write_setpoint(struct sim_axis *axis, double setpoint);

/*
 * Serves the identity registers with these texts (NULL: that one stays),
 * each cut to OMT_DRIVE_TEXT_MAX bytes and NUL-padded.
 */
void sim_axis_set_identity(struct sim_axis *axis, const char *serial,
			   const char *firmware);

uint16_t sim_axis_status(const struct sim_axis *axis);
bool sim_axis_drive_on(const struct sim_axis *axis);
double sim_axis_speed_limit(const struct sim_axis *axis);
bool sim_axis_cocked(const struct sim_axis *axis);

enum sim_thrust_result sim_axis_thrust(struct sim_axis *axis, double newtons);
/* Fault injection. */
void sim_axis_inject_overcurrent(struct sim_axis *axis);
void sim_axis_inject_jump(struct sim_axis *axis, double delta);

#endif /* SIM_AXIS_H */
