// SPDX-License-Identifier: MIT
/*
 * core_replay - the control core through a fixed set of scenarios, for
 * comparing architectures
 *
 *   core_replay            one line per scenario: name, cycles, digest
 *   core_replay NAME       that scenario's whole trace, one line a cycle
 *
 * Links only the core (daemon/core/) and common/omt_table_types.c, so it
 * builds for any architecture with a C library; tests/cross/run.sh builds
 * it natively and for arm64 (static, run under qemu-aarch64) and fails
 * when the two print different things.  Each scenario drives the core
 * cycle by cycle, as the real-time thread does, against a plant model that
 * follows the setpoints (the drives of the unit tests).  A trace line
 * holds everything the core decides that cycle: state, lock, e-stop,
 * faults, the outputs of every axis (setpoints to 1e-6 of a unit, so that
 * a last-bit difference of a fused multiply-add is not a behaviour) and
 * the events with their messages.  The digest is FNV-1a over the trace.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "table_logic.h"

#define MS 1000000ull
#define CYCLE_NS (10 * MS)
#define BIT(n) (1u << (n))
#define ENABLE_BOTH (BIT(OMT_IN_PEDAL_ENABLE_A) | BIT(OMT_IN_PEDAL_ENABLE_B))
#define OWNER 7u
#define H BIT(OMT_AXIS_HEIGHT)
#define T BIT(OMT_AXIS_TILT)

struct replay {
	struct omt_table_logic logic;
	struct omt_cycle_inputs in;
	struct omt_cycle_outputs out;
	uint64_t now;
	bool frozen[OMT_AXIS_COUNT];
	uint32_t motion_id;
	/* The trace: printed (one scenario) or digested (all). */
	FILE *trace;
	uint64_t digest;
	unsigned int cycles;
};

static void emit(struct replay *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void emit(struct replay *r, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (r->trace)
		fputs(line, r->trace);
	for (const char *c = line; *c; c++) {
		r->digest ^= (unsigned char)*c;
		r->digest *= 0x100000001b3ull;
	}
}

static void drain_events(struct replay *r)
{
	struct omt_event ev;

	while (omt_table_logic_next_event(&r->logic, &ev))
		emit(r, "  event %d result %d motion %" PRIu32 " outcome %d fault %d axis %d"
		     " regs %u \"%s\"\n", (int)ev.kind, (int)ev.result, ev.motion_id,
		     (int)ev.outcome, (int)ev.fault, (int)ev.axis, ev.n_registers,
		     ev.message);
}

static void start(struct replay *r, FILE *trace)
{
	static const double position[OMT_AXIS_COUNT] = { 700.0, 0.0, 0, 0, 0, 0 };
	struct omt_table_params params;

	memset(r, 0, sizeof(*r));
	r->trace = trace;
	r->digest = 0xcbf29ce484222325ull;
	r->now = 1000 * MS;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_axis_reading *rd = &r->in.axis[a];

		rd->present = true;
		rd->comm = OMT_COMM_OK;
		rd->position = position[a];
		rd->ready = rd->enabled = true;
	}
	r->in.io_comm = OMT_COMM_OK;
	r->in.interlock = OMT_INTERLOCK_ENABLED;
	omt_table_params_default(&params);
	omt_table_logic_init(&r->logic, &params, r->now);
	drain_events(r);
}

/* One cycle: the plant follows last cycle's setpoints, then the core runs. */
static void step(struct replay *r)
{
	struct omt_snapshot snap;

	r->now += CYCLE_NS;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_axis_reading *rd = &r->in.axis[a];

		if (r->frozen[a] || !r->out.axis[a].enable)
			continue;
		rd->velocity = (r->out.axis[a].setpoint - rd->position) / 0.01;
		rd->position = r->out.axis[a].setpoint;
	}
	omt_table_logic_step(&r->logic, &r->in, r->now, &r->out);
	memset(&snap, 0, sizeof(snap));
	omt_table_logic_snapshot(&r->logic, &snap);
	emit(r, "%u state %d locked %d estop %d faults %u kernel %d rest 0x%" PRIx32
	     " motion %" PRIu32 "\n", r->cycles, (int)snap.state, snap.locked, snap.estop, snap.n_faults,
	     r->out.kernel_enable, r->out.at_rest, snap.active_motion_id);
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omt_axis_output *o = &r->out.axis[a];

		emit(r, "  %s en %d qs %d rst %d sp %.6f vl %.6f\n", omt_axis_name(a),
		     o->enable, o->quick_stop, o->fault_reset, o->setpoint, o->velocity_limit);
	}
	drain_events(r);
	r->cycles++;
}

static void steps(struct replay *r, int n)
{
	while (n-- > 0)
		step(r);
}

static enum omt_cmd_result command(struct replay *r, struct omt_command c)
{
	enum omt_cmd_result res;
	uint32_t id = 0;

	c.owner = c.owner ? c.owner : OWNER;
	c.may_clear_hardware_faults = true;
	res = omt_table_logic_command(&r->logic, &c, r->now, &id);
	emit(r, "command %d -> %d id %" PRIu32 "\n", (int)c.kind, (int)res, id);
	if (id)
		r->motion_id = id;
	drain_events(r);
	return res;
}

static void simple(struct replay *r, enum omt_command_kind kind)
{
	command(r, (struct omt_command){ .kind = kind });
}

static void move(struct replay *r, uint32_t mask, double height, double tilt)
{
	command(r, (struct omt_command){ .kind = OMT_CMD_MOVE_TO, .target_mask = mask,
					 .target = { height, tilt } });
}

/* n cycles with a keep-alive every 100 ms. */
static void steps_held(struct replay *r, int n)
{
	for (int i = 0; i < n; i++) {
		if (i % 10 == 0)
			command(r, (struct omt_command){ .kind = OMT_CMD_HOLD,
							 .motion_id = r->motion_id });
		step(r);
	}
}

static void unlocked(struct replay *r)
{
	steps(r, 2);
	simple(r, OMT_CMD_UNLOCK);
	step(r);
}

/* ---- the scenarios ---- */

static void move_height_held(struct replay *r)
{
	unlocked(r);
	move(r, H, 760.5, 0);
	steps_held(r, 600);
}

static void move_both_axes_held(struct replay *r)
{
	unlocked(r);
	move(r, H | T, 650.25, 7.5);
	steps_held(r, 800);
	move(r, T, 0, -3.0);
	steps_held(r, 400);
}

static void move_released_without_hold(struct replay *r)
{
	unlocked(r);
	move(r, H, 800, 0);
	steps(r, 100);
}

static void refused_commands(struct replay *r)
{
	steps(r, 2);
	move(r, H, 800, 0);                     /* locked */
	simple(r, OMT_CMD_UNLOCK);
	move(r, H, 100000, 0);                  /* beyond travel */
	command(r, (struct omt_command){ .kind = OMT_CMD_SET_TENSION,
					 .section = OMT_AXIS_LUMBAR, .level = 11 });
	command(r, (struct omt_command){ .kind = OMT_CMD_HOLD, .motion_id = 12345 });
	steps(r, 5);
}

static void estop_mid_motion(struct replay *r)
{
	unlocked(r);
	move(r, H, 780, 0);
	steps_held(r, 60);
	r->in.estop = true;
	steps_held(r, 30);
	simple(r, OMT_CMD_CLEAR_FAULTS);        /* refused: still pressed */
	r->in.estop = false;
	steps(r, 10);
	simple(r, OMT_CMD_CLEAR_FAULTS);
	steps(r, 20);
}

static void interlock_drops_mid_motion(struct replay *r)
{
	unlocked(r);
	move(r, H, 650, 0);
	steps_held(r, 50);
	r->in.interlock = OMT_INTERLOCK_DROPPED;
	steps_held(r, 30);
	r->in.interlock = OMT_INTERLOCK_ENABLED;
	steps(r, 5);
	simple(r, OMT_CMD_CLEAR_FAULTS);
	steps(r, 20);
}

static void pedals_raise_and_release(struct replay *r)
{
	steps(r, 2);
	/* Double press of the enable pedal unlocks. */
	r->in.inputs = ENABLE_BOTH;
	steps(r, 10);
	r->in.inputs = 0;
	steps(r, 20);
	r->in.inputs = ENABLE_BOTH;
	steps(r, 10);
	r->in.inputs = ENABLE_BOTH | BIT(OMT_IN_PEDAL_HEIGHT_UP);
	steps(r, 150);
	r->in.inputs = 0;
	steps(r, 100);
	/* One enable channel alone: a pedal mismatch. */
	r->in.inputs = BIT(OMT_IN_PEDAL_ENABLE_A) | BIT(OMT_IN_PEDAL_TILT_DOWN);
	steps(r, 100);
	r->in.inputs = 0;
	steps(r, 20);
}

static void drive_times_out_mid_motion(struct replay *r)
{
	unlocked(r);
	move(r, H, 720, 0);
	steps_held(r, 40);
	r->in.axis[OMT_AXIS_HEIGHT].comm = OMT_COMM_TIMEOUT;
	steps_held(r, 40);
	r->in.axis[OMT_AXIS_HEIGHT].comm = OMT_COMM_OK;
	steps(r, 10);
	simple(r, OMT_CMD_CLEAR_FAULTS);
	steps(r, 20);
}

static void stalled_axis_following_error(struct replay *r)
{
	unlocked(r);
	move(r, H, 790, 0);
	steps_held(r, 30);
	r->frozen[OMT_AXIS_HEIGHT] = true;
	steps_held(r, 300);
	r->frozen[OMT_AXIS_HEIGHT] = false;
	simple(r, OMT_CMD_CLEAR_FAULTS);
	steps(r, 20);
}

static void drop_arm_and_disarm(struct replay *r)
{
	unlocked(r);
	command(r, (struct omt_command){ .kind = OMT_CMD_SET_TENSION,
					 .section = OMT_AXIS_THORACIC, .level = 6 });
	command(r, (struct omt_command){ .kind = OMT_CMD_ARM_DROP,
					 .section = OMT_AXIS_THORACIC });
	steps(r, 200);
	move(r, H, 720, 0);                     /* refused while armed */
	command(r, (struct omt_command){ .kind = OMT_CMD_DISARM_DROP,
					 .section = OMT_AXIS_THORACIC });
	steps(r, 200);
}

static void stop_and_owner_gone(struct replay *r)
{
	unlocked(r);
	move(r, H, 640, 0);
	steps_held(r, 40);
	simple(r, OMT_CMD_STOP);
	steps(r, 100);
	move(r, T, 0, 4.0);
	steps_held(r, 30);
	simple(r, OMT_CMD_OWNER_GONE);
	steps(r, 100);
	simple(r, OMT_CMD_ESTOP);
	steps(r, 10);
	simple(r, OMT_CMD_CLEAR_FAULTS);
	simple(r, OMT_CMD_LOCK);
	steps(r, 10);
}

static const struct scenario {
	const char *name;
	void (*run)(struct replay *r);
} scenarios[] = {
	{ "move-height-held", move_height_held },
	{ "move-both-axes-held", move_both_axes_held },
	{ "move-released-without-hold", move_released_without_hold },
	{ "refused-commands", refused_commands },
	{ "estop-mid-motion", estop_mid_motion },
	{ "interlock-drops-mid-motion", interlock_drops_mid_motion },
	{ "pedals-raise-and-release", pedals_raise_and_release },
	{ "drive-times-out-mid-motion", drive_times_out_mid_motion },
	{ "stalled-axis-following-error", stalled_axis_following_error },
	{ "drop-arm-and-disarm", drop_arm_and_disarm },
	{ "stop-and-owner-gone", stop_and_owner_gone },
};

int main(int argc, char **argv)
{
	static struct replay r;
	size_t i;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [SCENARIO]\n", argv[0]);
		return 2;
	}
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		if (argc == 2 && strcmp(argv[1], scenarios[i].name))
			continue;
		start(&r, argc == 2 ? stdout : NULL);
		scenarios[i].run(&r);
		if (argc == 2)
			return 0;
		printf("%s cycles %u digest %016" PRIx64 "\n", scenarios[i].name,
		       r.cycles, r.digest);
	}
	if (argc == 2) {
		fprintf(stderr, "core_replay: no scenario '%s'\n", argv[1]);
		return 2;
	}
	return 0;
}
