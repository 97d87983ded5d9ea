/* SPDX-License-Identifier: MIT */
/*
 * A drive that runs to a target on its own ramps, as the explorer's world
 * and the core's class tests model it: the canonical behaviour of the two
 * newer drive classes (docs/register-profiles.md) as the control core
 * sees it through a codec, not their registers.
 *
 * Each exchange it acts on the core's move, target and speed of lag - 1
 * exchanges before (a lag of one: the command of the cycle before, as
 * the explorer's streamed drives), and runs:
 * told to move, towards target at that speed, starting and braking on
 * its own ramps (a ramp of fixed time, speed / soft start or soft stop,
 * for target-position; of fixed rate for profile-position); told not to,
 * it brakes to rest on its stop ramp.  Told to run the other way while
 * it still runs, it refuses and stops (LINAK-class actuators do; for a
 * CiA 402 drive it is the core's rule all the same), and counts the
 * refusal.  Disabled, quick-stopped or faulted it stands at once (its
 * brake).  Pure: the caller passes the time step.
 */
#ifndef OMT_EXPLORE_CLASS_DRIVE_H
#define OMT_EXPLORE_CLASS_DRIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "drive_model.h"

#define CLASS_DRIVE_LAG_MAX 8

struct class_drive_cmd {
	bool move;
	double target, speed;
};

struct class_drive {
	struct omt_drive_model model;
	unsigned int lag;               /* exchanges, 1..CLASS_DRIVE_LAG_MAX */
	/*
	 * Faults to inject: its ramps really faster than the model says
	 * (a soft start not applied: ramp_factor > 1), or its speed lower
	 * than told (speed_factor < 1).  1 for a healthy drive.
	 */
	double ramp_factor;
	double speed_factor;
	struct class_drive_cmd queue[CLASS_DRIVE_LAG_MAX];
	unsigned int head;
	double pos, vel;
	double run_speed;               /* the speed of its run (its ramps') */
	uint32_t reversals_refused;
};

/* At rest at pos, nothing heard yet. */
void class_drive_init(struct class_drive *d, const struct omt_drive_model *model,
		      unsigned int lag, double pos);

/*
 * One exchange of dt seconds: the core's last command goes in, the one
 * of lag - 1 exchanges before it acts.  powered: enabled, no quick stop,
 * no fault; jammed: held mechanically where it is.
 */
void class_drive_step(struct class_drive *d, const struct class_drive_cmd *cmd,
		      bool powered, bool jammed, double dt);

/* Whether it runs (what its status reports). */
bool class_drive_running(const struct class_drive *d);

#endif /* OMT_EXPLORE_CLASS_DRIVE_H */
