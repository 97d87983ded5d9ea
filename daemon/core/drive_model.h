/* SPDX-License-Identifier: MIT */
/*
 * What the control core knows of how an axis's drive moves, by its class
 * (docs/register-profiles.md, "Daemon side: drive classes"):
 *
 *   cyclic             follows the setpoint the core streams every cycle:
 *                      the core's profile is the motion itself;
 *   target-position    runs to a target at a speed on its own ramps, each
 *                      a fixed time from standstill to the commanded
 *                      speed (LINAK soft start and soft stop);
 *   profile-position   the same with ramps of fixed rate (CiA 402 profile
 *                      acceleration 6083h and deceleration 6084h).
 *
 * For the two that run to a target the core's profile is the motion it
 * expects of the drive (table_logic.c): it ramps at the drive's own rates
 * for the speed it commands, and the supervision compares the readings
 * with it, allowing for the time a command takes to reach the drive.
 * Pure: no I/O, no clock, no allocation.
 */
#ifndef OMT_DRIVE_MODEL_H
#define OMT_DRIVE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "motion_profile.h"

enum omt_drive_kind {
	OMT_DRIVE_CYCLIC = 0,
	OMT_DRIVE_TARGET_POSITION,
	OMT_DRIVE_PROFILE_POSITION,
	OMT_DRIVE_KIND_COUNT,
};

struct omt_drive_model {
	enum omt_drive_kind kind;
	/* target-position: soft start and soft stop, s (0: at once, within
	 * one cycle). */
	double start_s;
	double stop_s;
	/* profile-position: acceleration and deceleration, units/s^2. */
	double accel;
	double decel;
	/*
	 * From the core's decision to the drive acting on it: the exchange
	 * period, or a polling round on a shared line (ns, at most 1 s).
	 */
	uint64_t lag_ns;
	/*
	 * profile-position: how far the target the drive holds may be
	 * behind the one told before it is told again (the codec's
	 * cia402.retarget band), units; 0 when every change goes out.
	 */
	double retarget;
};

/* "cyclic", "target-position", "profile-position"; "unknown" past them. */
const char *omt_drive_kind_name(enum omt_drive_kind kind);

/* Whether the drive runs to a target on its own (not cyclic). */
bool omt_drive_runs_to_target(const struct omt_drive_model *model);

/*
 * NULL when the model is usable for an axis of these limits at this
 * cycle, else a static message.  A drive's own stop must keep within the
 * bound the axis promises at its top speed, v^2 / (2 stop_decel) plus the
 * lag's travel (docs/safety.md R16), as drive_stopping.c checks the
 * profile it came from.
 */
const char *omt_drive_model_problem(const struct omt_drive_model *model,
				    const struct omt_axis_limits *limits,
				    double cycle_s);

/*
 * The drive's own acceleration and deceleration (units/s^2) while it
 * runs at speed (units/s, > 0): a ramp of fixed time is speed / time.
 */
void omt_drive_model_ramps(const struct omt_drive_model *model, double speed,
			   double cycle_s, double *accel, double *decel);

/*
 * How far the drive travels from speed after the core decides to stop
 * it: the lag at speed, then its own ramp to rest.
 */
double omt_drive_stopping_distance(const struct omt_drive_model *model,
				   double speed, double cycle_s);

/*
 * A drive that runs to a target keeps one speed per command: the lowest
 * speed cap (max_speed, every slow zone) anywhere between from and to.
 */
double omt_drive_leg_cap(const struct omt_axis_limits *limits, double from,
			 double to);

/*
 * Whether the drive runs on to the last target it heard when its link
 * falls silent: a CiA 402 drive over Modbus has no standard
 * communication watchdog (a target-position actuator stops on its
 * heartbeat's silence, a streaming drive on its watchdog).
 */
bool omt_drive_runs_on_when_silent(const struct omt_drive_model *model);

/*
 * How far ahead of where it stands such a drive is told its target
 * while it runs at speed: its stopping distance, the travel of the
 * exchanges a new set-point takes to reach it (the handshake, the
 * reading's age) and the retarget band, so that it never brakes short
 * of the motion expected of it.  0 for any other drive.
 */
double omt_drive_leash(const struct omt_drive_model *model, double speed,
		       double cycle_s);

/*
 * What to tell a drive running from position towards target at speed:
 * for one that runs on when silent, the target cut to the leash ahead of
 * where it stands, renewed every cycle as it runs, so a link cut
 * mid-run leaves it the leash (and at the end a retarget band) to go at
 * most, not the rest of the way (docs/safety.md R16); the target itself
 * once it lies within the leash and a retarget band, and for any other
 * drive.  A position
 * that is not a number leashes it to that (its codec refuses it and
 * halts).
 */
double omt_drive_leashed_target(const struct omt_drive_model *model,
				double position, double target, double speed,
				double cycle_s);

/* The lag as seconds. */
double omt_drive_lag_s(const struct omt_drive_model *model);

#endif /* OMT_DRIVE_MODEL_H */
