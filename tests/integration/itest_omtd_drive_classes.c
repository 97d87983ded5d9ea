// SPDX-License-Identifier: MIT
/*
 * omtd's control thread and link driving the newer drive classes on a
 * real omt-sim over Modbus TCP: height as a LINAK-class target-position
 * actuator, tilt as a CiA 402 drive in profile position mode (the
 * "index" map; a second fixture puts it behind the Kinco table).
 *
 * Each test drives the table through the control port and the
 * simulator's inputs, and judges what reached the drive from the
 * simulator's side: its command log (history), its state (get), its
 * error codes.  Waits are counted in control cycles, never in wall-clock
 * time; the one ordering of times compared is of the simulator's and
 * the loop's CLOCK_MONOTONIC stamps (which cycle a write fell in).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_run.h"
#include "cia402_regs.h"
#include "control_harness.h"
#include "linak_regs.h"

/*
 * The simulator's LINAK actuator: the shipped linak-techline-tcp layout,
 * with its top speed (40 mm/s at SPEED 200) as full_speed, a soft start
 * within the height axis's max_accel (0.6 s) and its
 * fully-in end at 450 mm of table height (target.origin), so the height
 * axis keeps its usual figures.
 */
#define ORIGIN 450.0
#define LINAK_PROFILE                                                  \
	"[profile.la36-sim]\n"                                         \
	"class = target-position\n"                                    \
	"position_scale = 0.1\nvelocity_scale = 0.1\ncurrent_scale = 1\n" \
	"target.addr.heartbeat = 0x2001\ntarget.addr.command = 0x2002\n" \
	"target.addr.speed = 0x2004\ntarget.addr.soft_start = 0x2005\n" \
	"target.addr.soft_stop = 0x2006\ntarget.addr.position = 0x2101\n" \
	"target.addr.current = 0x2102\ntarget.addr.status = 0x2103\n"  \
	"target.addr.error = 0x2104\ntarget.addr.speed_actual = 0x2105\n" \
	"target.bit.end_in = 0\ntarget.bit.end_out = 1\n"              \
	"target.bit.overcurrent = 2\ntarget.bit.running_out = 3\n"     \
	"target.bit.running_in = 4\n"                                  \
	"target.position_max = 64255\ntarget.position_lost = 65024\n"  \
	"target.cmd.stop = 64259\ntarget.cmd.clear_error = 64256\n"    \
	"target.speed_full = 200\ntarget.full_speed = 40\n"            \
	"target.soft_start_s = 0.6\ntarget.soft_stop_s = 0.25\n"       \
	"target.soft_s_per_count = 0.05\ntarget.retarget = 1\n"        \
	"target.origin = 450\n"                                        \
	"target.heartbeat_ms = 500\ntarget.stop_timeout_ms = 1000\n"   \
	"target.error.1 = need-stop\ntarget.error.2 = hall-sensor\n"   \
	"target.error.3 = overvoltage\ntarget.error.4 = undervoltage\n" \
	"target.error.5 = heartbeat-lost\n"                            \
	"target.error.7 = overtemperature\n"

/*
 * The core supervises a class drive against its own ramp (docs/safety.md
 * R16): every axis keeps its default following-error band and stall time.
 */
#define AXES ""

#define CIA402_KINCO_PROFILE                                           \
	"[profile.cia402-kinco]\n"                                     \
	"class = cia402-profile-position\nmap = kinco\n"               \
	"position_scale = 0.001\nvelocity_scale = 0.001\ncurrent_scale = 1\n" \
	"cia402.acceleration = 6\ncia402.deceleration = 24\n"         \
	"cia402.acceleration_scale = 0.001\ncia402.retarget = 0.5\n"   \
	"cia402.state_timeout_ms = 500\ncia402.ack_timeout_ms = 200\n"

static const char *const index_classes[] = {
	"height=linak", "tilt=cia402", NULL,
};
static const char *const kinco_classes[] = {
	"height=linak", "tilt=cia402:kinco", NULL,
};

static struct control_harness h;
static char reply[4096];
static uint64_t next_cookie = 0x1000;

static void start_with(const char *const *classes, const char *tilt_profile,
		       const char *extra)
{
	static char config[4096];
	struct control_harness_options opt = {
		.period_ms = 10,
		.rt_priority = 10,
		.drive_classes = classes,
		.extra_config = config,
	};

	snprintf(config, sizeof(config),
		 "[drive.height]\nprofile = la36-sim\n"
		 "[drive.tilt]\nprofile = %s\n%s%s%s%s",
		 tilt_profile, LINAK_PROFILE, CIA402_KINCO_PROFILE, AXES,
		 extra ? extra : "");
	ck_assert_msg(control_harness_start(&h, &opt) == 0, "%s", h.error);
}

static void start_rtu(void)
{
	static char config[4096];
	struct control_harness_options opt = {
		.period_ms = 80,
		.rt_priority = 10,
		.rtu_baud = 115200,
		.comms_lost_ms = 400,
		.drive_classes = index_classes,
		.extra_config = config,
	};

	snprintf(config, sizeof(config),
		 "[drive.height]\nprofile = la36-sim\n"
		 "[drive.tilt]\nprofile = cia402-pp\n%s%s",
		 LINAK_PROFILE, AXES);
	ck_assert_msg(control_harness_start(&h, &opt) == 0, "%s", h.error);
}

static void start_index(void)
{
	start_with(index_classes, "cia402-pp", NULL);
}

static void start_kinco(void)
{
	start_with(kinco_classes, "cia402-kinco", NULL);
}

static void stop(void)
{
	control_harness_stop(&h);
}

static struct omt_snapshot snapshot(void)
{
	return control_harness_snapshot(&h);
}

static void wait_cycles(uint64_t n)
{
	ck_assert(control_harness_wait_cycles(&h, n));
}

static void sim_ok(const char *command)
{
	ck_assert_msg(sim_harness_command(&h.sim, command, reply,
					  sizeof(reply)) == 0,
		      "%s: %s", command, reply);
}

/* Whether a drive's `get` answer says state=STATE (CiA 402). */
static bool sim_state_is(const char *drive, const char *state)
{
	char cmd[64], want[64];

	snprintf(cmd, sizeof(cmd), "get %s", drive);
	snprintf(want, sizeof(want), " state=%s ", state);
	sim_ok(cmd);
	return strstr(reply, want) != NULL;
}

static double sim_get(const char *drive, const char *field)
{
	return sim_harness_get(&h.sim, drive, field);
}

/* The actuator's position as table height (it counts from its in end). */
static double sim_height(void)
{
	return sim_get("height", "position") + ORIGIN;
}

static void input(const char *name, int value)
{
	ck_assert_msg(control_harness_input(&h, name, value) == 0, "%s",
		      h.error);
}

static const struct omt_event *find_event(enum omt_event_kind kind,
					  uint64_t cookie, uint32_t motion)
{
	for (unsigned int i = 0; i < h.n_events; i++) {
		const struct omt_event *e = &h.events[i];

		if (e->kind != kind)
			continue;
		if (kind == OMT_EV_REPLY && e->cookie != cookie)
			continue;
		if (kind == OMT_EV_MOTION_FINISHED && e->motion_id != motion)
			continue;
		return e;
	}
	return NULL;
}

static enum omt_cmd_result command(enum omt_command_kind kind,
				   const struct omt_command *with,
				   uint32_t *motion_id)
{
	struct omt_command cmd;
	uint64_t cookie = next_cookie++;
	const struct omt_event *r = NULL;

	if (with)
		cmd = *with;
	else
		memset(&cmd, 0, sizeof(cmd));
	cmd.kind = kind;
	cmd.cookie = cookie;
	cmd.owner = 7;
	ck_assert(omt_control_submit(h.control, &cmd));
	for (int i = 0; i < 100 && !r; i++) {
		wait_cycles(1);
		r = find_event(OMT_EV_REPLY, cookie, 0);
	}
	ck_assert_msg(r != NULL, "no reply to command %d", kind);
	if (motion_id)
		*motion_id = r->motion_id;
	return r->result;
}

static bool has_fault(const struct omt_snapshot *s, enum omt_fault_kind kind,
		      enum omt_axis axis)
{
	for (unsigned int i = 0; i < s->n_faults; i++)
		if (s->faults[i].kind == kind && s->faults[i].axis == axis)
			return true;
	return false;
}

static void describe(const char *what)
{
	struct omt_snapshot s = snapshot();
	char line[512];

	fprintf(stderr, "%s: state %s, %u faults:", what,
		omt_table_state_name(s.state), s.n_faults);
	for (unsigned int i = 0; i < s.n_faults; i++) {
		omt_fault_code(s.faults[i].kind, s.faults[i].axis, line,
			       sizeof(line));
		fprintf(stderr, " %s", line);
	}
	fprintf(stderr, "; height %s %.2f, tilt %s %.3f\n",
		omt_verify_state_name(s.axis[OMT_AXIS_HEIGHT].verify),
		s.axis[OMT_AXIS_HEIGHT].position,
		omt_verify_state_name(s.axis[OMT_AXIS_TILT].verify),
		s.axis[OMT_AXIS_TILT].position);
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		fprintf(stderr, "  %s: status 0x%04x velocity %.4f setpoint %.3f motion %u\n",
			omt_axis_name((enum omt_axis)a), s.axis[a].status,
			s.axis[a].velocity, s.axis[a].setpoint, s.axis[a].motion);
	if (sim_harness_command(&h.sim, "get tilt", line, sizeof(line)) >= 0)
		fprintf(stderr, "  sim tilt: %s\n", line);
	if (sim_harness_command(&h.sim, "get height", line, sizeof(line)) >= 0)
		fprintf(stderr, "  sim height: %s\n", line);
	for (unsigned int i = 0; i < h.n_events; i++)
		if (h.events[i].kind == OMT_EV_LOG)
			fprintf(stderr, "  log: %s\n", h.events[i].message);
}

static bool both_ready(const struct omt_snapshot *s, void *arg)
{
	return s->axis[OMT_AXIS_HEIGHT].verify == OMT_VERIFY_OK &&
	       s->axis[OMT_AXIS_TILT].verify == OMT_VERIFY_OK &&
	       s->n_faults == 0 &&
	       (s->state == OMT_STATE_IDLE || s->state == OMT_STATE_LOCKED);
}

/* Verified, no fault, unlocked, the enable pedal held (a motion's keep-alive). */
static void ready_to_move(void)
{
	if (!control_harness_wait(&h, both_ready, NULL, 300)) {
		describe("not ready");
		ck_abort_msg("the class drives did not come up verified and idle");
	}
	/* Unlocked by command: the pedal gesture's timing is not what these
	 * tests are about (and a slow RS-485 cycle stretches it). */
	ck_assert_int_eq(command(OMT_CMD_UNLOCK, NULL, NULL), OMT_CMD_OK);
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
}

static uint32_t move_to(enum omt_axis axis, double target)
{
	struct omt_command cmd;
	uint32_t id = 0;
	enum omt_cmd_result r;

	memset(&cmd, 0, sizeof(cmd));
	cmd.target_mask = 1u << axis;
	cmd.target[axis] = target;
	r = command(OMT_CMD_MOVE_TO, &cmd, &id);
	if (r != OMT_CMD_OK)
		describe("move refused");
	ck_assert_int_eq(r, OMT_CMD_OK);
	return id;
}

static const struct omt_event *wait_finished(uint32_t id, uint64_t cycles)
{
	const struct omt_event *e = NULL;

	for (uint64_t i = 0; i < cycles && !e; i++) {
		wait_cycles(1);
		e = find_event(OMT_EV_MOTION_FINISHED, 0, id);
	}
	return e;
}

/*
 * The control cycles that began between two moments (CLOCK_MONOTONIC):
 * sampled from the snapshots while waiting, so the caller can tell in
 * which cycle after a release the drive was told to stop.
 */
#define CYCLE_MARKS 512
static uint64_t mark_ns[CYCLE_MARKS];
static unsigned int n_marks;

static void mark_cycles(uint64_t cycles)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 200000 };
	uint64_t last = 0, until = snapshot().cycle + cycles;

	for (;;) {
		struct omt_snapshot s = snapshot();

		control_harness_drain(&h);
		if (s.cycle != last && n_marks < CYCLE_MARKS) {
			mark_ns[n_marks++] = s.monotonic_ns;
			last = s.cycle;
		}
		if (s.cycle >= until)
			return;
		nanosleep(&pause, NULL);
	}
}

static unsigned int cycles_begun_between(uint64_t from_ns, uint64_t to_ns)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < n_marks; i++)
		if (mark_ns[i] > from_ns && mark_ns[i] <= to_ns)
			n++;
	return n;
}


/* Poll until a simulator field reads want (within tol); false after max cycles. */
static bool wait_sim(const char *drive, const char *field, double want,
		     double tol, uint64_t cycles)
{
	for (uint64_t i = 0; i < cycles; i++) {
		double v = sim_get(drive, field);

		if (!isnan(v) && fabs(v - want) <= tol)
			return true;
		wait_cycles(1);
	}
	return false;
}

static bool faulted_on(const struct omt_snapshot *s, void *arg)
{
	const enum omt_fault_kind *kinds = arg;

	return has_fault(s, kinds[0], (enum omt_axis)kinds[1]);
}

/* Wait for a latched fault of a kind on an axis. */
static void wait_fault(enum omt_fault_kind kind, enum omt_axis axis,
		       uint64_t cycles)
{
	enum omt_fault_kind arg[2] = { kind, (enum omt_fault_kind)axis };
	char code[48];

	if (control_harness_wait(&h, faulted_on, arg, cycles))
		return;
	omt_fault_code(kind, axis, code, sizeof(code));
	describe(code);
	ck_abort_msg("%s was not latched", code);
}

static bool logged(const char *text)
{
	control_harness_drain(&h);
	for (unsigned int i = 0; i < h.n_events; i++)
		if (h.events[i].kind == OMT_EV_LOG &&
		    strstr(h.events[i].message, text))
			return true;
	return false;
}

static enum omt_cmd_result clear_faults(void)
{
	struct omt_command cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.may_clear_hardware_faults = true;
	return command(OMT_CMD_CLEAR_FAULTS, &cmd, NULL);
}

/* ClearFaults until it takes (a drive's reset may take a few cycles). */
static void clear_faults_until_clear(uint64_t tries)
{
	for (uint64_t i = 0; i < tries; i++) {
		if (clear_faults() == OMT_CMD_OK && snapshot().n_faults == 0)
			return;
		wait_cycles(5);
	}
	describe("ClearFaults");
	ck_abort_msg("the faults were not cleared");
}

/* The index of the first record after t_ns (n when none). */
static unsigned int first_after(const struct control_harness_record *rec,
				unsigned int n, uint64_t t_ns)
{
	unsigned int i = 0;

	while (i < n && rec[i].t_ns <= t_ns)
		i++;
	return i;
}

/* For a failure's message: a drive's last commands as the simulator saw them. */
static void dump_history(const char *drive, const struct control_harness_record *rec,
			 unsigned int n, uint64_t since_ns)
{
	for (unsigned int i = 0; i < n; i++)
		if (rec[i].t_ns + 1500000000ull > since_ns &&
		    rec[i].t_ns < since_ns + 100000000ull)
			fprintf(stderr, "  %s %+.1f ms: %.2f 0x%04x\n", drive,
			((double)rec[i].t_ns - (double)since_ns) / 1e6,
			rec[i].setpoint, rec[i].control);
}

/* ---------------- LINAK-class height ---------------- */

START_TEST(linak_start_up_sends_stop_before_anything_else)
{
	static struct control_harness_record rec[64];
	unsigned int n;

	ready_to_move();
	/* Powered up with "need stop": the first command omtd sent is
	 * STOP, the actuator took it, and no fault was latched for it. */
	ck_assert_double_eq(sim_get("height", "error"), 0);
	n = control_harness_history(&h, "height", rec, 64);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_eq(rec[0].control, LINAK_CMD_STOP);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

START_TEST(linak_move_to_a_target_ends_there)
{
	double from, target;
	const struct omt_event *done;
	uint32_t id;

	ready_to_move();
	from = snapshot().axis[OMT_AXIS_HEIGHT].position;
	ck_assert_double_eq_tol(from, 700.0, 0.2);
	target = from + 40.0;
	id = move_to(OMT_AXIS_HEIGHT, target);
	done = wait_finished(id, 600);
	if (!done || done->outcome != OMT_OUTCOME_REACHED)
		describe("move to target");
	ck_assert_msg(done != NULL, "the motion never finished");
	ck_assert_int_eq(done->outcome, OMT_OUTCOME_REACHED);
	wait_cycles(30);
	/* The actuator stands on the target, within the class's retarget. */
	ck_assert_double_eq_tol(sim_height(), target, 1.0);
	ck_assert_double_eq(sim_get("height", "running"), 0);
	ck_assert_double_eq_tol(snapshot().axis[OMT_AXIS_HEIGHT].position,
				target, 1.0);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

START_TEST(linak_release_stops_from_the_next_exchange)
{
	static struct control_harness_record rec[256];
	uint64_t released_ns;
	unsigned int n, i, stop_at;
	double at_release;

	ready_to_move();
	input("pedal-height-up", 1);
	mark_cycles(80);
	ck_assert_msg(sim_get("height", "running") == 1,
		      "the held pedal did not run the actuator");
	at_release = sim_get("height", "position");
	released_ns = control_harness_now_ns();
	input("pedal-height-up", 0);
	mark_cycles(60);

	n = control_harness_history(&h, "height", rec, 256);
	for (i = 0; i < n && rec[i].t_ns <= released_ns; i++)
		;
	ck_assert_msg(i < n, "no command reached the actuator after the release");
	/* Before it, the run the pedal asked for (STOP was re-sent while
	 * it stood: repeated, so one lost write is repaired). */
	ck_assert_uint_gt(i, 0);
	if (rec[i - 1].control > LINAK_POSITION_MAX) {
		describe("release");
		dump_history("height", rec, n, released_ns);
	}
	ck_assert_uint_le(rec[i - 1].control, LINAK_POSITION_MAX);
	stop_at = i;
	/* The first command after the release is STOP ... */
	ck_assert_uint_eq(rec[stop_at].control, LINAK_CMD_STOP);
	/* ... in the cycle that read the release, or the one after it
	 * (the input may change just after a cycle read it). */
	ck_assert_msg(cycles_begun_between(released_ns, rec[stop_at].t_ns) <= 2,
		      "STOP reached the actuator %u cycles after the release",
		      cycles_begun_between(released_ns, rec[stop_at].t_ns));
	/* Nothing but STOP afterwards: no run went out again. */
	for (i = stop_at; i < n; i++)
		ck_assert_uint_eq(rec[i].control, LINAK_CMD_STOP);
	ck_assert_double_eq(sim_get("height", "running"), 0);
	/* It stopped on its 0.25 s soft stop, not at a travel end. */
	ck_assert_double_lt(sim_get("height", "position"), at_release + 15.0);
}
END_TEST


START_TEST(linak_heartbeat_loss_stops_the_actuator_and_latches)
{
	uint32_t id;

	ready_to_move();
	id = move_to(OMT_AXIS_HEIGHT, 850.0);
	ck_assert_msg(wait_sim("height", "running", 1, 0, 200),
		      "the move did not run the actuator");
	/* The link goes silent mid-run: no more heartbeat. */
	sim_ok("fault height absent");
	/* The actuator stops on its own with error 5 ... */
	ck_assert_msg(wait_sim("height", "error", LINAK_ERR_HEARTBEAT_LOST, 0,
			       300), "no heartbeat-lost at the actuator");
	ck_assert(wait_sim("height", "running", 0, 0, 300));
	ck_assert_double_lt(sim_height(), 849.0);
	/* ... and omtd stopped and latched the drive's silence. */
	wait_fault(OMT_FAULT_MODBUS_TIMEOUT, OMT_AXIS_HEIGHT, 300);
	ck_assert_int_eq(snapshot().state, OMT_STATE_FAULT);
	/* Back on the bus, the actuator's own error is read and named. */
	sim_ok("fault height clear");
	for (int i = 0; i < 300 && !logged("fault heartbeat-lost"); i++)
		wait_cycles(1);
	ck_assert_msg(logged("fault heartbeat-lost"),
		      "the actuator's heartbeat-lost was not reported");
	/* Its own watchdog's stop, as the core names a drive's. */
	wait_fault(OMT_FAULT_COMMS_LOST, OMT_AXIS_HEIGHT, 100);
	/* The motion ended short of its target (the core decides once it
	 * sees the drive stand). */
	if (!wait_finished(id, 300))
		describe("heartbeat loss: the motion did not end");
	ck_assert_ptr_nonnull(wait_finished(id, 1));
	ck_assert_int_ne(wait_finished(id, 1)->outcome, OMT_OUTCOME_REACHED);
	/* Cleared by ClearFaults (CLEAR ERROR on the wire), it moves again. */
	clear_faults_until_clear(40);
	ck_assert(wait_sim("height", "error", 0, 0, 100));
	ck_assert(control_harness_enable_pedal(&h, 0) == 0);
	wait_cycles(3);
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
	id = move_to(OMT_AXIS_HEIGHT, sim_height() - 20.0);
	ck_assert_ptr_nonnull(wait_finished(id, 600));
	ck_assert_int_eq(wait_finished(id, 1)->outcome, OMT_OUTCOME_REACHED);
}
END_TEST

START_TEST(linak_reversal_goes_through_stop)
{
	static struct control_harness_record rec[512];
	const struct omt_event *done;
	unsigned int n, i, up = 0, stop = 0, down = 0;
	uint32_t id;
	double target;

	ready_to_move();
	move_to(OMT_AXIS_HEIGHT, 870.0);
	ck_assert(wait_sim("height", "running", 1, 0, 200));
	wait_cycles(60);
	/* While it runs out, a new target behind it. */
	/* A whole count (0.1 mm): the actuator stands on what it is sent. */
	target = round((sim_height() - 60.0) * 10.0) / 10.0;
	id = move_to(OMT_AXIS_HEIGHT, target);
	done = wait_finished(id, 900);
	if (!done || done->outcome != OMT_OUTCOME_REACHED)
		describe("reversal");
	ck_assert_ptr_nonnull(done);
	ck_assert_int_eq(done->outcome, OMT_OUTCOME_REACHED);
	wait_cycles(30);
	ck_assert_double_eq_tol(sim_height(), target, 1.0);
	ck_assert_double_eq(sim_get("height", "error"), 0);

	/* On the wire: the run out, then STOP, then the run in; never the
	 * run in while the run out stood. */
	n = control_harness_history(&h, "height", rec, 512);
	for (i = 0; i < n; i++) {
		unsigned int c = rec[i].control;

		if (c == 4200 && !up)
			up = i + 1;
		else if (up && !down && c == LINAK_CMD_STOP && !stop)
			stop = i + 1;
		else if (c <= LINAK_POSITION_MAX && c < 4200 && up) {
			down = i + 1;
			break;
		}
	}
	ck_assert_msg(up && down, "the two runs were not both sent");
	ck_assert_msg(stop && stop < down, "no STOP between the two runs");
}
END_TEST

START_TEST(linak_error_is_latched_and_cleared_by_clear_faults)
{
	static struct control_harness_record rec[512];
	unsigned int n, i;
	uint64_t cleared_ns;
	bool clear_sent = false;

	ready_to_move();
	sim_ok("fault height error 3");
	wait_fault(OMT_FAULT_DRIVE, OMT_AXIS_HEIGHT, 200);
	ck_assert(logged("fault overvoltage"));
	/* A latched fault refuses motion. */
	{
		struct omt_command cmd;

		memset(&cmd, 0, sizeof(cmd));
		cmd.target_mask = 1u << OMT_AXIS_HEIGHT;
		cmd.target[OMT_AXIS_HEIGHT] = 750.0;
		ck_assert_int_ne(command(OMT_CMD_MOVE_TO, &cmd, NULL),
				 OMT_CMD_OK);
	}
	ck_assert_double_eq(sim_get("height", "error"), 3);
	cleared_ns = control_harness_now_ns();
	clear_faults_until_clear(40);
	ck_assert(wait_sim("height", "error", 0, 0, 100));
	n = control_harness_history(&h, "height", rec, 512);
	for (i = first_after(rec, n, cleared_ns); i < n; i++)
		clear_sent |= rec[i].control == LINAK_CMD_CLEAR_ERROR;
	ck_assert_msg(clear_sent, "ClearFaults sent no CLEAR ERROR");
	ck_assert(logged("overvoltage cleared"));
}
END_TEST

/* The actuator's overcurrent flag, as omt-sim reports it. */
static bool linak_overcurrent_flag(void)
{
	double status = sim_get("height", "status");

	return !isnan(status) && ((unsigned int)status & LINAK_STATUS_OVERCURRENT);
}

/*
 * An overcurrent on the standing LINAK height: the actuator keeps its
 * flag, the record of its current cut-off, until CLEAR ERROR or a run.
 * omtd latches the obstruction; ClearFaults is accepted (before, it was
 * refused for ever: the record read as a lasting obstruction, and only an
 * accepted clear sends CLEAR ERROR), sends CLEAR ERROR, which ends the
 * record, and runs nothing: the height stays where it stood.
 */
START_TEST(linak_overcurrent_record_is_cleared_by_clear_faults_without_motion)
{
	static struct control_harness_record rec[512];
	unsigned int n, i;
	uint64_t cleared_ns;
	bool clear_sent = false;
	double at;

	ready_to_move();
	at = sim_height();
	sim_ok("fault height overcurrent");
	wait_fault(OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT, 200);
	/* Nothing but a reset ends the record. */
	wait_cycles(30);
	ck_assert(linak_overcurrent_flag());
	{
		struct omt_snapshot s = snapshot();

		ck_assert(has_fault(&s, OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT));
	}
	cleared_ns = control_harness_now_ns();
	clear_faults_until_clear(40);
	for (i = 0; i < 100 && linak_overcurrent_flag(); i++)
		wait_cycles(1);
	ck_assert_msg(!linak_overcurrent_flag(), "the flag outlived the clear");
	wait_cycles(30);
	ck_assert_uint_eq(snapshot().n_faults, 0);
	n = control_harness_history(&h, "height", rec, 512);
	for (i = first_after(rec, n, cleared_ns); i < n; i++) {
		clear_sent |= rec[i].control == LINAK_CMD_CLEAR_ERROR;
		ck_assert_msg(rec[i].control == LINAK_CMD_CLEAR_ERROR ||
			      rec[i].control == LINAK_CMD_STOP,
			      "command %u after the clear", rec[i].control);
	}
	ck_assert_msg(clear_sent, "ClearFaults sent no CLEAR ERROR");
	ck_assert_double_eq_tol(sim_height(), at, 0.1);
}
END_TEST

START_TEST(linak_power_cycle_latches_and_is_never_driven_blindly)
{
	static struct control_harness_record rec[512];
	unsigned int n, i;
	uint64_t cycled_ns;
	struct omt_command cmd;

	ready_to_move();
	cycled_ns = control_harness_now_ns();
	sim_ok("power-cycle height");
	wait_fault(OMT_FAULT_DRIVE, OMT_AXIS_HEIGHT, 200);
	ck_assert_double_eq(sim_get("height", "position"), -1);
	/* Refused while latched, and still after a clear: the position is
	 * lost until a recovery run (outside omtd) finds it. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.target_mask = 1u << OMT_AXIS_HEIGHT;
	cmd.target[OMT_AXIS_HEIGHT] = 750.0;
	ck_assert_int_ne(command(OMT_CMD_MOVE_TO, &cmd, NULL), OMT_CMD_OK);
	(void)clear_faults();
	wait_cycles(30);
	wait_fault(OMT_FAULT_DRIVE, OMT_AXIS_HEIGHT, 100);
	ck_assert(logged("fault position-lost"));
	ck_assert_int_ne(command(OMT_CMD_MOVE_TO, &cmd, NULL), OMT_CMD_OK);
	wait_cycles(20);
	/* Nothing but STOP and CLEAR ERROR went to it since. */
	n = control_harness_history(&h, "height", rec, 512);
	for (i = first_after(rec, n, cycled_ns); i < n; i++)
		ck_assert_msg(rec[i].control == LINAK_CMD_STOP ||
			      rec[i].control == LINAK_CMD_CLEAR_ERROR,
			      "command %u sent after the power cycle",
			      rec[i].control);
	ck_assert_double_eq(sim_get("height", "running"), 0);
}
END_TEST

START_TEST(linak_estop_stops_the_run)
{
	static struct control_harness_record rec[512];
	unsigned int n, i;
	uint64_t pressed_ns;

	ready_to_move();
	move_to(OMT_AXIS_HEIGHT, 870.0);
	ck_assert(wait_sim("height", "running", 1, 0, 200));
	wait_cycles(20);
	pressed_ns = control_harness_now_ns();
	input("estop-a", 1);
	input("estop-b", 1);
	ck_assert(wait_sim("height", "running", 0, 0, 200));
	ck_assert_double_lt(sim_height(), 869.0);
	n = control_harness_history(&h, "height", rec, 512);
	i = first_after(rec, n, pressed_ns);
	ck_assert_uint_lt(i, n);
	ck_assert_uint_eq(rec[i].control, LINAK_CMD_STOP);
	ck_assert_int_eq(snapshot().state, OMT_STATE_ESTOP);
}
END_TEST

/* ---------------- CiA 402 tilt ---------------- */

static void cia402_moves_to_a_target(void)
{
	const struct omt_event *done;
	uint32_t id;
	double target;

	ready_to_move();
	/* Parked at rest: walked up to switched-on, not enabled. */
	for (int i = 0; i < 100 && !sim_state_is("tilt", "switched-on"); i++)
		wait_cycles(1);
	ck_assert_msg(sim_state_is("tilt", "switched-on"), "%s", reply);
	target = snapshot().axis[OMT_AXIS_TILT].position + 5.0;
	id = move_to(OMT_AXIS_TILT, target);
	done = wait_finished(id, 800);
	if (!done || done->outcome != OMT_OUTCOME_REACHED)
		describe("tilt move");
	ck_assert_msg(done != NULL, "the motion never finished");
	ck_assert_int_eq(done->outcome, OMT_OUTCOME_REACHED);
	wait_cycles(20);
	ck_assert_double_eq_tol(sim_get("tilt", "position"), target, 0.5);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}

START_TEST(cia402_move_to_a_target_ends_there)
{
	cia402_moves_to_a_target();
}
END_TEST

START_TEST(cia402_kinco_move_to_a_target_ends_there)
{
	cia402_moves_to_a_target();
}
END_TEST


START_TEST(cia402_release_halts_in_the_next_exchange)
{
	static struct control_harness_record rec[512];
	uint64_t released_ns;
	unsigned int n, i;

	ready_to_move();
	input("pedal-tilt-up", 1);
	mark_cycles(80);
	ck_assert_msg(fabs(sim_get("tilt", "velocity")) > 0.1,
		      "the held pedal did not move the drive");
	released_ns = control_harness_now_ns();
	input("pedal-tilt-up", 0);
	mark_cycles(80);
	n = control_harness_history(&h, "tilt", rec, 512);
	i = first_after(rec, n, released_ns);
	ck_assert_msg(i < n, "no controlword after the release");
	/* The first controlword after the release halts (bit 8, the
	 * drive's own deceleration) ... */
	ck_assert_msg(rec[i].control & CIA402_CW_HALT,
		      "controlword 0x%04x after the release", rec[i].control);
	ck_assert_msg(cycles_begun_between(released_ns, rec[i].t_ns) <= 2,
		      "the halt reached the drive %u cycles after the release",
		      cycles_begun_between(released_ns, rec[i].t_ns));
	/* ... and it came to rest. */
	ck_assert_double_lt(fabs(sim_get("tilt", "velocity")), 0.01);
}
END_TEST

START_TEST(cia402_estop_quick_stops)
{
	static struct control_harness_record rec[512];
	uint64_t pressed_ns;
	unsigned int n, i;
	bool quick = false;

	ready_to_move();
	move_to(OMT_AXIS_TILT, 20.0);
	ck_assert(wait_sim("tilt", "velocity", 3.0, 2.9, 200));
	wait_cycles(20);
	pressed_ns = control_harness_now_ns();
	input("estop-a", 1);
	input("estop-b", 1);
	wait_cycles(60);
	ck_assert_double_lt(fabs(sim_get("tilt", "velocity")), 0.01);
	ck_assert_double_lt(sim_get("tilt", "position"), 19.0);
	n = control_harness_history(&h, "tilt", rec, 512);
	for (i = first_after(rec, n, pressed_ns); i < n && !quick; i++)
		quick = (rec[i].control & 0x0006u) == CIA402_CMD_QUICK_STOP;
	ck_assert_msg(quick, "no quick stop command reached the drive");
	ck_assert(!sim_state_is("tilt", "operation-enabled"));
	ck_assert_int_eq(snapshot().state, OMT_STATE_ESTOP);
}
END_TEST

/*
 * The link to the CiA 402 drive cut while it runs to a target far ahead
 * (it stops answering; omtd runs on): the drive has no watchdog of its
 * own and runs to the last target it heard, which was at most its
 * leash ahead (docs/safety.md R16): it stops within the leash of where
 * it was, not at 20 degrees, and omtd latches the silence.
 */
START_TEST(cia402_link_cut_mid_run_stops_within_its_leash)
{
	const struct omt_drive_model *m = &h.params.drive[OMT_AXIS_TILT];
	double cycle_s = (double)h.params.cycle_ns / 1e9, at_cut, leash;
	struct omt_snapshot s;

	ready_to_move();
	move_to(OMT_AXIS_TILT, 20.0);
	ck_assert(wait_sim("tilt", "velocity", 3.0, 2.9, 200));
	wait_cycles(20);
	leash = omt_drive_leash(m, 3.0, cycle_s);
	/* Under a degree at cia402-pp's 24 degrees/s^2 (0.2 stopping, 0.1
	 * four exchanges, 0.5 the retarget band): a small part of the run
	 * to 20 degrees the drive would make without it. */
	ck_assert_double_gt(leash, 0.0);
	ck_assert_double_lt(leash, 1.5);
	at_cut = sim_get("tilt", "position");
	ck_assert_double_lt(at_cut, 20.0 - 5.0 * leash);
	sim_ok("fault tilt no-reply");
	wait_cycles(150);
	ck_assert_double_lt(fabs(sim_get("tilt", "velocity")), 0.01);
	ck_assert_msg(sim_get("tilt", "position") - at_cut <= leash,
		      "cut at %.3f, ran on to %.3f (leash %.3f)", at_cut,
		      sim_get("tilt", "position"), leash);
	s = snapshot();
	ck_assert(has_fault(&s, OMT_FAULT_MODBUS_TIMEOUT, OMT_AXIS_TILT) ||
		  has_fault(&s, OMT_FAULT_COMMS_LOST, OMT_AXIS_TILT));
}
END_TEST

START_TEST(cia402_fault_is_reset_by_clear_faults)
{
	static struct control_harness_record rec[512];
	uint64_t cleared_ns;
	unsigned int n, i;
	bool reset = false;
	uint32_t id;

	ready_to_move();
	sim_ok("fault tilt error 0x2310");
	wait_fault(OMT_FAULT_OVERCURRENT, OMT_AXIS_TILT, 200);
	ck_assert(logged("fault overcurrent"));
	ck_assert(sim_state_is("tilt", "fault"));
	cleared_ns = control_harness_now_ns();
	clear_faults_until_clear(40);
	n = control_harness_history(&h, "tilt", rec, 512);
	for (i = first_after(rec, n, cleared_ns); i < n; i++)
		reset |= (rec[i].control & CIA402_CW_FAULT_RESET) != 0;
	ck_assert_msg(reset, "no fault reset edge reached the drive");
	ck_assert(!sim_state_is("tilt", "fault"));
	/* It moves again. */
	ck_assert(control_harness_enable_pedal(&h, 0) == 0);
	wait_cycles(3);
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
	id = move_to(OMT_AXIS_TILT, 3.0);
	if (!wait_finished(id, 800))
		describe("tilt move after the reset");
	ck_assert_ptr_nonnull(wait_finished(id, 1));
	ck_assert_int_eq(wait_finished(id, 1)->outcome, OMT_OUTCOME_REACHED);
}
END_TEST

/*
 * On RS-485, where an exchange of a class drive is several requests: a
 * move of each class ends at its target with nothing latched.  The
 * period is 80 ms: a CiA 402 exchange on the index map is up to eight
 * requests (start-up objects, set-point, controlword, four reads), about
 * 5 ms each at 115200 baud, and at 60 ms it does not fit beside the I/O
 * module's read (the drive is cut off and latched modbus-timeout).
 */
START_TEST(rtu_each_class_moves_to_its_target)
{
	const struct omt_event *done;
	uint32_t id;
	double height, tilt;

	ready_to_move();
	height = snapshot().axis[OMT_AXIS_HEIGHT].position + 30.0;
	id = move_to(OMT_AXIS_HEIGHT, height);
	done = wait_finished(id, 400);
	if (!done || done->outcome != OMT_OUTCOME_REACHED)
		describe("rtu height");
	ck_assert_ptr_nonnull(done);
	ck_assert_int_eq(done->outcome, OMT_OUTCOME_REACHED);
	tilt = snapshot().axis[OMT_AXIS_TILT].position + 4.0;
	id = move_to(OMT_AXIS_TILT, tilt);
	done = wait_finished(id, 400);
	if (!done || done->outcome != OMT_OUTCOME_REACHED)
		describe("rtu tilt");
	ck_assert_ptr_nonnull(done);
	ck_assert_int_eq(done->outcome, OMT_OUTCOME_REACHED);
	wait_cycles(20);
	ck_assert_double_eq_tol(sim_height(), height, 1.0);
	ck_assert_double_eq_tol(sim_get("tilt", "position"), tilt, 0.5);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

static Suite *suite(void)
{
	TCase *rtu = tcase_create("rtu");
	Suite *s = suite_create("omtd drive classes");
	TCase *tc = tcase_create("index map");
	TCase *kinco = tcase_create("kinco map");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, start_index, stop);
	tcase_add_test(tc, linak_start_up_sends_stop_before_anything_else);
	tcase_add_test(tc, linak_move_to_a_target_ends_there);
	tcase_add_test(tc, linak_release_stops_from_the_next_exchange);
	tcase_add_test(tc, linak_heartbeat_loss_stops_the_actuator_and_latches);
	tcase_add_test(tc, linak_reversal_goes_through_stop);
	tcase_add_test(tc, linak_error_is_latched_and_cleared_by_clear_faults);
	tcase_add_test(tc, linak_overcurrent_record_is_cleared_by_clear_faults_without_motion);
	tcase_add_test(tc, linak_power_cycle_latches_and_is_never_driven_blindly);
	tcase_add_test(tc, linak_estop_stops_the_run);
	tcase_add_test(tc, cia402_move_to_a_target_ends_there);
	tcase_add_test(tc, cia402_release_halts_in_the_next_exchange);
	tcase_add_test(tc, cia402_estop_quick_stops);
	tcase_add_test(tc, cia402_fault_is_reset_by_clear_faults);
	tcase_add_test(tc, cia402_link_cut_mid_run_stops_within_its_leash);
	suite_add_tcase(s, tc);
	tcase_set_timeout(kinco, 120);
	tcase_add_checked_fixture(kinco, start_kinco, stop);
	tcase_add_test(kinco, cia402_kinco_move_to_a_target_ends_there);
	suite_add_tcase(s, kinco);
	tcase_set_timeout(rtu, 120);
	tcase_add_checked_fixture(rtu, start_rtu, stop);
	tcase_add_test(rtu, rtu_each_class_moves_to_its_target);
	suite_add_tcase(s, rtu);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
