/* SPDX-License-Identifier: MIT */
/*
 * The control core: everything the table knows and decides, as pure
 * logic.  The real-time thread owns one struct omt_table_logic and, every
 * cycle:
 *
 *   1. hands it each queued bus command: omt_table_logic_command();
 *   2. gives it the cycle's readings and writes out what it says:
 *      omt_table_logic_step(logic, &inputs, now, &outputs) (a preset
 *      pedal's recall starts here, from params.pedal_preset);
 *   3. drains its events (replies, motion finished, faults, drops, state
 *      changes, log lines): omt_table_logic_next_event() until false;
 *   4. publishes omt_table_logic_snapshot() (the runtime adds loop
 *      statistics and its own flags).
 * The runtime reads the core only through these calls, the outputs and
 * the two accessors below, never the struct's fields.
 *
 * Deterministic (time is the now_ns argument, CLOCK_MONOTONIC), no I/O,
 * no allocation after init, no locks: it can be driven cycle by cycle from
 * a test exactly as from the real-time thread.
 *
 * Priority of motion sources: e-stop > kernel interlock > faults > pedals
 * > bus.  See docs/safety.md for every rule.
 */
#ifndef OMT_TABLE_LOGIC_H
#define OMT_TABLE_LOGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "control_api.h"
#include "drive_model.h"
#include "drops.h"
#include "duty_cycle.h"
#include "motion_profile.h"
#include "omt_table_types.h"
#include "pedals.h"
#include "rules.h"
#include "fault_monitors.h"

/* Where a preset pedal takes the table: its preset, read at start. */
struct omt_pedal_preset {
	bool valid;                             /* false: preset not found */
	double target[OMT_MOTION_AXES];         /* mm, degrees */
};

struct omt_table_params {
	uint64_t cycle_ns;                      /* default 10 ms */
	struct omt_axis_limits limits[OMT_AXIS_COUNT];
	double travel_margin;                   /* soft limits stay this far
						   inside hardware travel;
						   default 2 (units) */
	double pedal_speed[OMT_MOTION_AXES];    /* units/s; default 25, 3 */
	/*
	 * The supervised escape from a persistent obstruction: its speed
	 * (units/s; default 5, 0.5) and how far from where the obstruction
	 * was met it may go (units; default 50, 5; 0 = no escape).
	 */
	double escape_speed[OMT_MOTION_AXES];
	double escape_travel[OMT_MOTION_AXES];
	uint64_t hold_timeout_ns;               /* default 300 ms */
	uint64_t idle_lock_ns;                  /* default 120 s; 0 = never */
	struct omt_fault_monitor_params fault_monitors;
	struct omt_pedal_params pedals;
	struct omt_duty_params duty[OMT_AXIS_COUNT];
	struct omt_drop_params drops;
	struct omt_rules rules;
	/*
	 * Per pedal input wired as a preset pedal: its target.  A press
	 * starts the local recall there, held to run by that pedal.
	 */
	struct omt_pedal_preset pedal_preset[OMT_PEDAL_INPUTS];
	/*
	 * How each axis's drive moves (drive_model.h); default cyclic.  For
	 * a drive that runs to a target the profile is the motion expected
	 * of it (table_logic_class.c, docs/safety.md R16).
	 */
	struct omt_drive_model drive[OMT_AXIS_COUNT];
};

/* Every default above (no combination rules). */
void omt_table_params_default(struct omt_table_params *params);

/* NULL when usable, else a static message naming the problem. */
const char *omt_table_params_problem(const struct omt_table_params *params);

/* What the kernel interlock (/dev/omt_table) reports. */
enum omt_interlock_state {
	OMT_INTERLOCK_ABSENT = 0,       /* no module: software interlock only */
	OMT_INTERLOCK_ENABLED,          /* drive power may be on */
	OMT_INTERLOCK_DROPPED,          /* the kernel cut drive enable */
	/*
	 * The kernel cut drive enable for its obstruction switch alone
	 * (OBSTRUCTION its only latched fault, the switch still pressed, no
	 * e-stop): as DROPPED, except that the supervised escape may run,
	 * powered by the kernel's bounded grant (kernel_escape).
	 */
	OMT_INTERLOCK_OBSTRUCTED,
};

struct omt_cycle_inputs {
	struct omt_axis_reading axis[OMT_AXIS_COUNT];
	enum omt_comm_result io_comm;   /* the I/O module's exchange */
	bool io_stale;                  /* not read this cycle: io_comm and
					   inputs are the last read's */
	uint32_t inputs;                /* bit per enum omt_io_input */
	/*
	 * E-stop asserted on a channel the runtime reads (the kernel's, the
	 * I/O module's).  The core also reads the I/O module's e-stop bits in
	 * inputs itself, keeping the last valid level through a failed
	 * exchange and counting an unknown e-stop as pressed.
	 */
	bool estop;
	enum omt_interlock_state interlock;
	/*
	 * The kernel's limit switches (OMT_TABLE_INPUT_LIMIT_LOW/_HIGH of
	 * /dev/omt_table), at the ends of the height travel.
	 */
	bool limit_low;
	bool limit_high;
};

struct omt_axis_output {
	bool enable;                    /* CONTROL bit0 */
	bool quick_stop;                /* CONTROL bit1 */
	bool fault_reset;               /* CONTROL bit2 (held one cycle) */
	double setpoint;                /* units */
	double velocity_limit;          /* units/s */
	uint32_t tension;               /* drop sections: level 1..10; else 0 */
	/*
	 * The same cycle said to a drive that runs to a target on its own
	 * ramp instead of following the setpoint (docs/safety.md R16): move
	 * is true only while the profile heads for target (never while it
	 * brakes, turns, rests, waits for the drive to stand still before a
	 * reversal, or the axis is off), at speed (units/s, > 0 while move:
	 * one speed for the whole leg, the lowest cap between the position
	 * and target).  False is a stop at the drive's own deceleration,
	 * from the very cycle of the decision (release, Stop, a fault,
	 * e-stop, Lock).  Target is where the motion ends (a pedal's: its
	 * soft limit, or the combination rule's range end); the setpoint
	 * when not moving.
	 */
	bool move;
	double target;                  /* units */
	double speed;                   /* units/s */
};

struct omt_cycle_outputs {
	struct omt_axis_output axis[OMT_AXIS_COUNT];
	bool kernel_enable;             /* ask the interlock for drive power */
	/*
	 * Ask the interlock for (or to renew) its escape grant: a supervised
	 * escape moves this cycle while the kernel holds power off for its
	 * obstruction switch.  False ends the grant.
	 */
	bool kernel_escape;
	uint32_t at_rest;               /* bit per axis: its profile is at rest */
};

#define OMT_LOGIC_EVENT_QUEUE 64

enum omt_motion_source {
	OMT_SOURCE_NONE = 0,
	OMT_SOURCE_PEDAL,               /* a motion pedal held */
	OMT_SOURCE_COMMAND,             /* MOVE_TO (bus or local preset) */
};

struct omt_motion {
	enum omt_motion_source source;
	uint32_t id;                    /* COMMAND only */
	uint32_t owner;
	uint64_t last_hold_ns;
	enum omt_path_plan plan;
	bool second_leg_pending;
	double target[OMT_MOTION_AXES];
	uint32_t axis_mask;             /* axes this motion drives */
	bool ending;                    /* stopping; outcome decided */
	enum omt_motion_outcome outcome;
	bool escape;                    /* a supervised escape (COMMAND) */
};

/*
 * The way out from a persistent obstruction: the axis it was met on, the
 * direction away from it, and where it was met (the escape's travel is
 * counted from there, over every escape until the fault clears).
 */
struct omt_escape_way {
	enum omt_axis axis;
	int dir;                        /* +1 up, -1 down; 0 = none */
	double from;
	/* A fault latched while escaping: it ends the escape, which stays
	 * refused until ClearFaults acknowledges that fault. */
	bool new_fault;
};

struct omt_table_logic {
	struct omt_table_params params;
	double cycle_s;
	uint64_t now_ns;                /* latest time seen (step or command) */
	uint64_t last_step_ns;          /* time of the last cycle */
	uint64_t cycle;

	struct omt_motion_profile profile[OMT_AXIS_COUNT];
	struct omt_axis_monitor monitor[OMT_AXIS_COUNT];
	struct omt_axis_reading reading[OMT_AXIS_COUNT];
	uint64_t reading_ns[OMT_AXIS_COUNT];    /* when reading[] was taken */
	bool axis_disabled[OMT_AXIS_COUNT];     /* by a fault */
	/*
	 * After a following error or a stall, an axis still carried on by
	 * its momentum: until it stops (or settle_ns at most), the setpoint
	 * follows it, so the drive neither pushes nor pulls it back.
	 */
	int8_t coast_dir[OMT_AXIS_COUNT];       /* +1, -1; 0: not coasting */
	uint64_t coast_since_ns[OMT_AXIS_COUNT];
	double coast_last[OMT_AXIS_COUNT];      /* the reading a cycle ago */
	bool axis_synced[OMT_AXIS_COUNT];       /* profile follows a reading */
	/* Switched off since its last fresh reading, or its faults just
	 * cleared: at rest, its setpoint follows the next one (table_logic.c,
	 * step_profiles). */
	bool resync_when_fresh[OMT_AXIS_COUNT];
	bool travel_fitted[OMT_AXIS_COUNT];
	/* An unbelievable reading latched position-jump (table_logic.c). */
	bool reading_refused[OMT_AXIS_COUNT];
	/* When the latest refused reading was taken: the next one is judged
	 * over the time since then, not since the last believable one. */
	uint64_t refused_ns[OMT_AXIS_COUNT];
	struct omt_duty_cycle duty[OMT_AXIS_COUNT];
	/* A motion pedal refused for a used-up duty cycle in this press: it
	 * moves nothing more until released, and was told so once (R7's log
	 * line, not one a cycle). */
	bool duty_refused[OMT_MOTION_AXES];
	/*
	 * A drive that runs to a target (table_logic_class.c): the speed it
	 * was last told to run at (0 once it stands still after a stop), and
	 * whether a motion waits this cycle for it to stand still first.
	 */
	double class_speed[OMT_AXIS_COUNT];
	bool class_wait[OMT_AXIS_COUNT];
	/* The braking rate kept from before the ramp fell, and the target
	 * only it stops the motion on (0: none kept). */
	double class_kept_decel[OMT_AXIS_COUNT];
	double class_kept_target[OMT_AXIS_COUNT];
	/* Which way it was last told to run (+1, -1), and when: a run told
	 * within its lag may not show in its readings yet. */
	int8_t class_told_dir[OMT_AXIS_COUNT];
	uint64_t class_told_ns[OMT_AXIS_COUNT];
	uint64_t class_told_cycle[OMT_AXIS_COUNT];
	double class_told_target[OMT_AXIS_COUNT];

	struct omt_pedals pedals;
	struct omt_pedal_request pedal;
	uint32_t inputs;
	struct omt_comms_watch io_comms;        /* the I/O module's */

	struct omt_drop_section drop[OMT_DROP_SECTIONS];
	uint64_t drop_fired_ns[OMT_DROP_SECTIONS];      /* when it last fired */

	struct omt_fault_set faults;
	/* Faults not latched for a full set (bit per kind, per axis and
	 * one for the table), each logged once until the next clear. */
	uint32_t faults_lost[OMT_AXIS_COUNT + 1];
	_Static_assert(OMT_FAULT_KIND_COUNT <= 32, "a fault kind is a bit");
	bool estop_latched;
	bool estop_input;               /* pressed, or unknown (below) */
	/*
	 * The I/O module lost (failing for the comms-lost window): its e-stop
	 * contacts cannot be read, and unknown counts as pressed while it
	 * lasts.  It latches the I/O module's communication fault, not the
	 * e-stop: only a press seen latches that (docs/safety.md R13).
	 */
	bool estop_unknown;
	/* The kernel holds drive power off now (its fault stays latched
	 * after it gives power back, until ClearFaults). */
	bool interlock_dropped;
	bool kernel_obstructed;         /* this cycle: OMT_INTERLOCK_OBSTRUCTED */
	bool limit_low, limit_high;     /* the kernel's height limit switches */
	bool fault_reset_pulse;
	/* Until then, the drives' own fault latches are not read: time for a
	 * fault-reset to reach them and for them to act on it. */
	uint64_t reset_grace_until_ns;
	bool reversing;                 /* obstruction back-off in progress */
	bool reverse_pending;           /* braking first; reverse at rest */
	struct omt_escape_way escape;
	/*
	 * Each motion axis's way out of the obstruction it last met while
	 * moving (dir 0: none known).  The escape is the first's; should its
	 * cause end while another axis's lasts, the escape turns to that one
	 * (repoint_escape in table_logic.c).
	 */
	struct omt_escape_way obstruction_way[OMT_MOTION_AXES];
	bool escaping;                  /* an escape moves its axis now */

	bool locked;
	uint64_t last_activity_ns;
	uint32_t next_motion_id;
	struct omt_motion motion;

	enum omt_table_state state;
	enum omt_table_state reported_state;
	bool reported_locked;
	enum omt_drop_state reported_drop[OMT_DROP_SECTIONS];
	unsigned int reported_faults;

	struct omt_event queue[OMT_LOGIC_EVENT_QUEUE];
	unsigned int queue_head;        /* next to take */
	unsigned int queue_len;
	uint64_t events_dropped;
};

/*
 * Start: locked, at rest, nothing armed.  params must satisfy
 * omt_table_params_problem() == NULL (the runtime checks at start).
 */
void omt_table_logic_init(struct omt_table_logic *logic,
			  const struct omt_table_params *params,
			  uint64_t now_ns);

/*
 * Decide one command.  A refused command changes nothing.  Queues the
 * OMT_EV_REPLY (with the command's cookie, the result, and for MOVE_TO the
 * new motion id) and returns the result; *motion_id_out (may be NULL) gets
 * the id of an accepted MOVE_TO, else 0.
 */
enum omt_cmd_result omt_table_logic_command(struct omt_table_logic *logic,
					    const struct omt_command *cmd,
					    uint64_t now_ns,
					    uint32_t *motion_id_out);

/* One control cycle. */
void omt_table_logic_step(struct omt_table_logic *logic,
			  const struct omt_cycle_inputs *inputs,
			  uint64_t now_ns, struct omt_cycle_outputs *outputs);

/* Take the oldest queued event; false when none is left. */
bool omt_table_logic_next_event(struct omt_table_logic *logic,
				struct omt_event *event);

/*
 * Fill the core's part of a snapshot: state, locked, estop,
 * active_motion_id, axis[], drop[], drop_tension[], inputs, faults.  The
 * runtime's fields (cycle, monotonic_ns, kernel_interlock, realtime, loop
 * statistics) are left as they were.
 */
void omt_table_logic_snapshot(const struct omt_table_logic *logic,
			      struct omt_snapshot *snapshot);

/* Bit per axis whose motion profile is at rest (as of now, not the cycle). */
uint32_t omt_table_logic_at_rest(const struct omt_table_logic *logic);

/*
 * Service mode: a raw register write may change what a drive does, so the
 * core allows it only while the table is locked (no motion from any source
 * can start) and every axis is at rest.  OMT_CMD_OK, or the refusal with a
 * static sentence in *why.
 */
enum omt_cmd_result omt_table_logic_service_mode(const struct omt_table_logic *logic,
						 const char **why);

#endif /* OMT_TABLE_LOGIC_H */
