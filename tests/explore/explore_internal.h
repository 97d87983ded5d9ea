/* SPDX-License-Identifier: MIT */
/*
 * Shared by the explorer's files: the world a scenario runs in (the plant
 * model, the emulated runtime) and the invariant checker's state.  Not for
 * use outside tests/explore and fuzz/.
 */
#ifndef OMT_EXPLORE_INTERNAL_H
#define OMT_EXPLORE_INTERNAL_H

#include "explore.h"
#include "explore_class_drive.h"

#define EX_BIT(n) (1u << (n))
#define EX_HISTORY 128                  /* cycles of input history kept */
#define EX_HOLD_EVERY_NS 100000000ull   /* a client's keep-alive period */

/* One drive as the plant model sees it. */
struct plant_axis {
	double pos, vel, current;
	bool jam;                       /* held mechanically where it is */
	bool obstruct;                  /* the drive reports an obstruction */
	uint16_t drive_fault;           /* latched in the drive until reset */
	bool fault_lasts;               /* a reset does not end it */
	uint32_t fail_left;             /* exchanges still to fail */
	enum omt_comm_result fail_kind;
	double travel_min, travel_max;
};

/* One cycle's input sample as the I/O module delivered it. */
struct sample {
	bool valid;
	uint32_t lines;
};

/* What the invariant checker remembers between cycles. */
struct checker {
	double sp_prev[OMT_AXIS_COUNT];
	double speed_prev[OMT_AXIS_COUNT];      /* last step, units a cycle */
	double raw_step_prev[OMT_AXIS_COUNT];   /* the same, a hold included */
	double raw_step_before[OMT_AXIS_COUNT]; /* raw_step_prev a cycle before */
	bool have_prev[OMT_AXIS_COUNT];
	uint32_t rest_cycles[OMT_AXIS_COUNT];   /* setpoint and axis still */
	double plant_prev[OMT_AXIS_COUNT];      /* the axis last cycle */
	struct sample hist[EX_HISTORY];         /* by cycle % EX_HISTORY */
	uint32_t invalid_streak;
	uint32_t last_valid_lines;
	bool have_valid;
	/* The last valid sample before this cycle's. */
	uint32_t valid_lines_before;
	bool had_valid_before;
	/* The fault set as FAULT_RAISED / FAULT_CLEARED events tell it. */
	struct omt_fault_set reported;
	/* A successful clear with every cause gone, being watched. */
	bool watch_clear;
	uint32_t watch_clear_until;
	bool injected;                  /* something injected this cycle */
	uint32_t injected_cycle;
	/* An injected cause that must show as a fault by then (per axis). */
	uint32_t expect_fault_by[OMT_AXIS_COUNT];
	char expect_why[OMT_AXIS_COUNT][48];
	uint32_t last_trap_probe;
	uint32_t last_other_cause;              /* cycle a cause last lasted */
	uint32_t trap_lines;                    /* the input lines last cycle */
	int obstructed_dir[OMT_AXIS_COUNT];     /* way it met an obstruction */
	/* A clean edge of the section's sensor seen while it was armed. */
	bool fire_edge_seen[OMT_DROP_SECTIONS];
	/* A drive that runs to a target (class_drive_bounded): the stop
	 * being watched, from where, how far it may go, which way. */
	bool was_move[OMT_MOTION_AXES];
	double speed_told[OMT_MOTION_AXES];
	bool stopping[OMT_MOTION_AXES];
	double stop_from[OMT_MOTION_AXES];
	double stop_allowed[OMT_MOTION_AXES];
	int stop_dir[OMT_MOTION_AXES];
	uint32_t refused_seen[OMT_MOTION_AXES];
	uint32_t pushed_cycle[OMT_MOTION_AXES]; /* the last push's, + 1 */
	double stop_speed[OMT_MOTION_AXES];     /* when told to stop */
};

struct explore_world {
	const struct explore_scenario *sc;
	unsigned int next_event;
	struct omt_table_params params;
	struct omt_table_logic logic;
	struct omt_cycle_inputs in;
	struct omt_cycle_outputs out;           /* the last cycle's */
	uint64_t now;
	uint32_t cycle;
	struct plant_axis plant[OMT_AXIS_COUNT];
	/* The height's and the tilt's drive when it runs to a target. */
	struct class_drive class_drive[OMT_MOTION_AXES];
	uint32_t pushed_axes;                   /* bit per axis, this cycle */
	uint64_t late_ns;                       /* this cycle came late by */
	uint32_t lines;                         /* the input lines, physically */
	uint32_t last_good_lines;               /* what the runtime passes on */
	uint32_t io_fail_left;
	enum omt_comm_result io_fail_kind;
	bool estop_button;
	bool pushed_table;                      /* height or tilt, by a push */
	enum omt_interlock_state kernel;
	bool holder[EXPLORE_OWNERS];
	uint32_t motion_id[EXPLORE_OWNERS];
	uint64_t hold_sent_ns[EXPLORE_OWNERS];
	uint64_t hold_ok_ns[EXPLORE_OWNERS];    /* last accepted keep-alive */
	/* This cycle, before the step: what the commands did. */
	bool unlock_cmd, arm_cmd[OMT_DROP_SECTIONS];
	bool locked_before;
	struct omt_motion motion_before;
	enum omt_drop_state drop_before[OMT_DROP_SECTIONS];
	struct checker ck;
	struct explore_result *res;
	uint32_t stop_on;
	bool stopped;
};

/* Whether the axis's drive runs to a target (sc->drive[] not cyclic). */
bool explore_class_axis(const struct explore_world *w, int a);

/* explore_world.c: a run cycle by cycle (explore_run does it all);
 * the caller counts w->cycle up after each cycle. */
void explore_world_start(struct explore_world *w,
			 const struct explore_scenario *sc,
			 struct explore_result *res, uint32_t stop_on);
void explore_world_cycle(struct explore_world *w);
void explore_cmd(struct explore_world *w, const struct omt_command *cmd);
/* Whether some condition the table must see as a fault lasts now. */
bool explore_cause_present(const struct explore_world *w, bool with_jam);

/* explore_generate.c: order the events by cycle, stably. */
void explore_sort(struct explore_scenario *sc);

/* explore_shrink.c: shrink by any failure (explore_shrink: an
 * invariant's); fails() says whether a scenario still fails, and at
 * which cycle. */
typedef bool (*explore_fails_fn)(const struct explore_scenario *sc,
				 void *arg, uint32_t *at);
void explore_shrink_by(struct explore_scenario *sc, explore_fails_fn fails,
		       void *arg);

/* explore_invariants.c */
void explore_check_init(struct explore_world *w);
/* After every command: its result. */
void explore_check_command(struct explore_world *w,
			   const struct omt_command *cmd,
			   const struct omt_motion *motion_before,
			   enum omt_cmd_result result);
/* After every event the core queued. */
void explore_check_event(struct explore_world *w, const struct omt_event *ev);
/* After every cycle. */
void explore_check_cycle(struct explore_world *w);
/* An injected cause (for cleared_fault_stays_cleared and faults_reported). */
void explore_check_injection(struct explore_world *w,
			     const struct explore_event *ev);
void explore_violation(struct explore_world *w, enum explore_invariant inv,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* OMT_EXPLORE_INTERNAL_H */
