/* SPDX-License-Identifier: MIT */
/*
 * The rig the control core's Check programs drive the table logic with,
 * cycle by cycle, through its public calls only (table_logic.h): inputs
 * in, commands in, outputs, events and snapshots out.  The tests read the
 * table through snapshot(), rig.out and rig.events, never the logic's
 * fields.
 *
 * The drives are a plant model: each cycle every enabled axis reports
 * the setpoint it was given the cycle before, unless a test holds it
 * (rig.frozen) or moves it by hand (rig.in.axis[].position).  The core is
 * pure logic, so this is the whole world it sees; the real drives are
 * exercised by the integration tests against omt-sim.
 *
 * Operator inputs reach the core one of two ways.  By default a test
 * writes rig.in.inputs and rig.in.io_comm itself.  With rig.io_modelled
 * the I/O module is modelled as the runtime hands it over: the test sets
 * what the module really shows (rig.io_bits) and whether it answers
 * (rig.io_comm); a failed exchange comes with input bits that mean
 * nothing (all zero, the worst case), and the e-stop flag the runtime
 * derives from the module reads released then.
 *
 * Header only, like check_run.h: each program has its own rig.
 */
#ifndef OMT_TESTS_CORE_RIG_H
#define OMT_TESTS_CORE_RIG_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "omt_bits.h"
#include "table_logic.h"

#define MS 1000000ull
#define CYCLE (10 * MS)
#define ENABLE_BOTH (BIT(OMT_IN_PEDAL_ENABLE_A) | BIT(OMT_IN_PEDAL_ENABLE_B))
#define ESTOP_BITS (BIT(OMT_IN_ESTOP_A) | BIT(OMT_IN_ESTOP_B))
#define H BIT(OMT_AXIS_HEIGHT)
#define T BIT(OMT_AXIS_TILT)

#define RIG_EVENTS_MAX 512

struct core_rig {
	struct omt_table_params params;
	struct omt_table_logic logic;   /* handed to the core's calls only */
	struct omt_cycle_inputs in;
	struct omt_cycle_outputs out;
	uint64_t now;
	bool frozen[OMT_AXIS_COUNT];
	/* The I/O module, when io_modelled (kept across rig_start()). */
	bool io_modelled;
	uint32_t io_bits;
	enum omt_comm_result io_comm;
	/* Every event the core queued since rig_start(), oldest first. */
	struct omt_event events[RIG_EVENTS_MAX];
	unsigned int n_events;
};

static struct core_rig rig;

/* Every default (a test changes rig.params after this, before start). */
static inline void rig_params(void)
{
	omt_table_params_default(&rig.params);
}

/* Power on with rig.params: every axis fitted, verified, at rest. */
static inline void rig_start(void)
{
	static const double start[OMT_AXIS_COUNT] = { 700.0, 0.0, 0, 0, 0, 0 };

	memset(&rig.in, 0, sizeof(rig.in));
	memset(&rig.out, 0, sizeof(rig.out));
	rig.now = 1000 * MS;
	rig.n_events = 0;
	rig.io_bits = 0;
	rig.io_comm = OMT_COMM_OK;
	memset(rig.frozen, 0, sizeof(rig.frozen));
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_axis_reading *r = &rig.in.axis[a];

		r->present = true;
		r->comm = OMT_COMM_OK;
		r->position = start[a];
		r->ready = r->enabled = true;
		r->verified = true;
	}
	rig.in.io_comm = OMT_COMM_OK;
	rig.in.interlock = OMT_INTERLOCK_ENABLED;
	ck_assert_ptr_null(omt_table_params_problem(&rig.params));
	omt_table_logic_init(&rig.logic, &rig.params, rig.now);
}

static inline void drain(void)
{
	struct omt_event ev;

	while (omt_table_logic_next_event(&rig.logic, &ev))
		if (rig.n_events < RIG_EVENTS_MAX)
			rig.events[rig.n_events++] = ev;
}

/* The I/O module as the runtime hands it over (rig.io_modelled). */
static inline void feed_io(void)
{
	bool ok = rig.io_comm == OMT_COMM_OK;

	rig.in.io_comm = rig.io_comm;
	rig.in.inputs = ok ? rig.io_bits : 0;
	rig.in.estop = ok && (rig.io_bits & ESTOP_BITS);
}

/* One cycle: the plant follows last cycle's setpoints, then the core runs. */
static inline void step(void)
{
	rig.now += CYCLE;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_axis_reading *r = &rig.in.axis[a];

		/* What the runtime wrote with this reading's exchange. */
		r->enable_sent = rig.out.axis[a].enable;
		if (rig.frozen[a] || !rig.out.axis[a].enable)
			continue;
		r->velocity = (rig.out.axis[a].setpoint - r->position) / 0.01;
		r->position = rig.out.axis[a].setpoint;
	}
	if (rig.io_modelled)
		feed_io();
	omt_table_logic_step(&rig.logic, &rig.in, rig.now, &rig.out);
	drain();
}

static inline void steps(int n)
{
	for (int i = 0; i < n; i++)
		step();
}

/* One cycle in which the I/O module's exchange fails (rig.io_modelled). */
static inline void step_io_failed(enum omt_comm_result why)
{
	rig.io_comm = why;
	step();
	rig.io_comm = OMT_COMM_OK;
}

/* What the core publishes: the tests look at the table through this. */
static inline struct omt_snapshot snapshot(void)
{
	struct omt_snapshot s;

	memset(&s, 0, sizeof(s));
	omt_table_logic_snapshot(&rig.logic, &s);
	return s;
}

static inline enum omt_cmd_result command(struct omt_command c, uint32_t *id)
{
	enum omt_cmd_result r = omt_table_logic_command(&rig.logic, &c, rig.now, id);

	drain();
	return r;
}

/* A command of the bus peer 7, which may clear hardware faults. */
static inline enum omt_cmd_result simple(enum omt_command_kind kind)
{
	return command((struct omt_command){ .kind = kind, .owner = 7,
					     .may_clear_hardware_faults = true },
		       NULL);
}

static inline enum omt_cmd_result move(uint32_t mask, double h, double t,
				       uint32_t *id)
{
	return command((struct omt_command){
		.kind = OMT_CMD_MOVE_TO, .owner = 7, .target_mask = mask,
		.target = { h, t }, .cookie = 99 }, id);
}

/* The keep-alive of peer 7's motion id. */
static inline void hold(uint32_t id)
{
	command((struct omt_command){ .kind = OMT_CMD_HOLD, .owner = 7,
				      .motion_id = id }, NULL);
}

/*
 * Cycle i of a command motion its caller holds to run: the keep-alive
 * every tenth cycle, well inside the hold timeout.
 */
static inline void step_held(uint32_t id, int i)
{
	if (i % 10 == 0)
		hold(id);
	step();
}

/* n cycles of a held command motion. */
static inline void steps_held(uint32_t id, int n)
{
	for (int i = 0; i < n; i++)
		step_held(id, i);
}

/* A held command motion until it finishes, for max_cycles at most. */
static inline void run_held(uint32_t id, int max_cycles)
{
	for (int i = 0; i < max_cycles && snapshot().motion_source != OMT_SOURCE_NONE; i++)
		step_held(id, i);
}

static inline void start_unlocked(void)
{
	rig_start();
	steps(2);
	ck_assert_int_eq(simple(OMT_CMD_UNLOCK), OMT_CMD_OK);
	step();
}

/* The first event of that kind since rig_start(), or NULL. */
static inline const struct omt_event *find_event(enum omt_event_kind kind)
{
	for (unsigned int i = 0; i < rig.n_events; i++)
		if (rig.events[i].kind == kind)
			return &rig.events[i];
	return NULL;
}

/* The active fault of that kind on that axis, or NULL (s's own copy). */
static inline const struct omt_active_fault *
snapshot_fault(const struct omt_snapshot *s, enum omt_fault_kind kind,
	       enum omt_axis axis)
{
	for (unsigned int i = 0; i < s->n_faults && i < OMT_MAX_ACTIVE_FAULTS; i++)
		if (s->faults[i].kind == kind && s->faults[i].axis == axis)
			return &s->faults[i];
	return NULL;
}

static inline bool has_fault(enum omt_fault_kind kind, enum omt_axis axis)
{
	struct omt_snapshot s = snapshot();

	return snapshot_fault(&s, kind, axis) != NULL;
}

#endif /* OMT_TESTS_CORE_RIG_H */
