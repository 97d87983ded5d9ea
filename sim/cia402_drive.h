/* SPDX-License-Identifier: MIT */
/*
 * A simulated CiA 402 drive in profile position mode (common/cia402_regs.h):
 * the state machine driven by the controlword and shown in the
 * statusword, the new-set-point handshake, profile velocity, acceleration
 * and deceleration, halt, quick stop with its own deceleration, and the
 * fault reaction with an error code.  A drive that is not in
 * operation-enabled never moves.  docs/simulator.md lists the rules and
 * this model's choices.
 *
 * Pure logic: no clock, no I/O; time advances only through
 * sim_cia402_step().  Objects hold drive counts: SIM_CIA402_COUNTS_PER_UNIT
 * a millimetre or degree, so the physical state is in the axis's units.
 */
#ifndef SIM_CIA402_DRIVE_H
#define SIM_CIA402_DRIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "axis.h"
#include "cia402_regs.h"

/* 1 um or 0.001 degree a count: the user unit of the daemon's shipped
 * cia402-pp profile, so that it drives the simulated drive unscaled. */
#define SIM_CIA402_COUNTS_PER_UNIT 1000.0
/* Following window at power-up, counts: one millimetre or degree. */
#define SIM_CIA402_FOLLOWING_WINDOW_DEFAULT 1000u
/* Quick stop option code at power-up: quick-stop ramp, then
 * switch-on-disabled (the profile's default). */
#define SIM_CIA402_QUICK_STOP_OPTION_DEFAULT 2

/* Error codes (603Fh) the model raises: the profile's codes. */
#define SIM_CIA402_ERR_OVERCURRENT     0x2310u
#define SIM_CIA402_ERR_FOLLOWING_ERROR 0x8611u

/* Controlword bits the model knows; any other bit is refused. */
#define SIM_CIA402_CW_KNOWN 0x01ffu

struct sim_cia402 {
	struct sim_axis_spec spec;
	enum cia402_state state;
	/* Objects the controller writes. */
	uint16_t controlword;
	int16_t mode;               /* 6060h */
	int16_t quick_stop_option;  /* 605Ah: 1, 2, 5 or 6 */
	int32_t target;             /* 607Ah, counts */
	uint32_t profile_velocity;  /* counts/s */
	uint32_t profile_accel;     /* counts/s^2 */
	uint32_t profile_decel;
	uint32_t quick_stop_decel;
	uint32_t following_window;  /* counts */
	/* Profile generator and axis. */
	double demand;              /* where the generator says to be, units */
	double demand_velocity;     /* units/s */
	double position;            /* where the axis is, units */
	double velocity;
	double current_ma;
	bool has_setpoint;          /* a target being run to */
	double setpoint;            /* units */
	bool has_buffered;          /* the next target, after this one */
	double buffered;
	bool ack;                   /* statusword bit 12 */
	bool target_reached;        /* statusword bit 10 */
	bool following_error;       /* statusword bit 13 */
	uint16_t error_code;        /* 603Fh */
	uint16_t pending_fault;     /* raised during fault reaction */
	/* The world around it. */
	double load_kg;
	bool stalled;
};

/* Power-up: switch-on-disabled, mode 0 (none), standing at position. */
void sim_cia402_init(struct sim_cia402 *d, const struct sim_axis_spec *spec,
		     double position);
void sim_cia402_power_cycle(struct sim_cia402 *d);

/* Controlword write: state transitions and the set-point handshake.
 * The caller has checked no bit outside SIM_CIA402_CW_KNOWN is set. */
void sim_cia402_write_controlword(struct sim_cia402 *d, uint16_t cw);

/* An object's value, and whether a value may be written (0, or a
 * Modbus exception code: read-only, unknown, or out of range). */
uint32_t sim_cia402_read_object(const struct sim_cia402 *d, uint16_t object);
int sim_cia402_check_object(const struct sim_cia402 *d, uint16_t object,
			    uint32_t value);
/* Writes an object that passed sim_cia402_check_object(). */
void sim_cia402_write_object(struct sim_cia402 *d, uint16_t object,
			     uint32_t value);

uint16_t sim_cia402_statusword(const struct sim_cia402 *d);
void sim_cia402_step(struct sim_cia402 *d, double dt);

/* Fault injection: the drive's fault reaction with this error code. */
void sim_cia402_inject_fault(struct sim_cia402 *d, uint16_t error_code);
void sim_cia402_inject_jump(struct sim_cia402 *d, double delta);

int32_t sim_cia402_units_to_counts(double units);

#endif /* SIM_CIA402_DRIVE_H */
