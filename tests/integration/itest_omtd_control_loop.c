// SPDX-License-Identifier: MIT
/*
 * The control thread against a real omt-sim over Modbus TCP: it cycles,
 * publishes snapshots, answers commands through the port, moves the table
 * while a pedal is held and brakes in the cycle that sees the release,
 * ends every injected bus or drive fault stopped with the fault's code,
 * disables the drives when it stops, and makes no heap allocation on its
 * thread after start-up.
 *
 * Waits are counted in control cycles (the snapshot's cycle counter),
 * never in wall-clock time.
 */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "../../bench/control_loop_alloc_counter.h"
#include "control_harness.h"
#include "omt_regs.h"
#include "fault_monitors.h"

static struct control_harness h;

static void on_thread_ready(void *arg)
{
	alloc_counter_watch_this_thread();
}

static void start(void)
{
	struct control_harness_options opt = {
		.period_ms = 10,
		.rt_priority = 10,
		.on_thread_ready = on_thread_ready,
	};

	alloc_counter_install();
	ck_assert_msg(control_harness_start(&h, &opt) == 0, "%s", h.error);
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

static void input(const char *name, int value)
{
	ck_assert_msg(control_harness_input(&h, name, value) == 0, "%s",
		      h.error);
}

static bool is_moving_up(const struct omt_snapshot *s, void *arg)
{
	return s->state == OMT_STATE_MOVING &&
	       s->axis[OMT_AXIS_HEIGHT].setpoint > *(double *)arg + 1.0;
}

static bool is_at_rest(const struct omt_snapshot *s, void *arg)
{
	return s->state != OMT_STATE_MOVING && s->state != OMT_STATE_STOPPING;
}

/* Hold enable and height-up until the table is moving up. */
static void start_pedal_motion(void)
{
	double from = snapshot().axis[OMT_AXIS_HEIGHT].setpoint;

	ck_assert_msg(control_harness_unlock(&h), "%s", h.error);
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
	input("pedal-height-up", 1);
	if (!control_harness_wait(&h, is_moving_up, &from, 300)) {
		struct omt_snapshot now = snapshot();

		ck_abort_msg("the held pedal did not move the table: state %s, %u faults, height %s",
			     omt_table_state_name(now.state), now.n_faults,
			     omt_verify_state_name(now.axis[OMT_AXIS_HEIGHT].verify));
	}
}

static void release_pedals(void)
{
	input("pedal-height-up", 0);
	ck_assert(control_harness_enable_pedal(&h, 0) == 0);
}

static const struct omt_event *find_event(enum omt_event_kind kind,
					  uint64_t cookie)
{
	for (unsigned int i = 0; i < h.n_events; i++)
		if (h.events[i].kind == kind &&
		    (kind != OMT_EV_REPLY || h.events[i].cookie == cookie))
			return &h.events[i];
	return NULL;
}

static void *allocate_once(void *arg)
{
	void *volatile p;

	alloc_counter_watch_this_thread();
	p = malloc(64);
	free(p);
	return NULL;
}

/* The allocation check below means something only if the counter counts. */
START_TEST(the_allocation_counter_sees_a_watched_thread)
{
	uint64_t before = alloc_counter_total();
	pthread_t thread;

	ck_assert_int_eq(pthread_create(&thread, NULL, allocate_once, NULL), 0);
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	ck_assert_uint_eq(alloc_counter_total(), before + 1);
}
END_TEST

START_TEST(loop_cycles_publishes_and_never_allocates)
{
	struct omt_snapshot s;
	struct omt_loop_stats stats;

	wait_cycles(100);
	s = snapshot();
	ck_assert_uint_ge(s.cycle, 100);
	/* healthy_ns marks a recent cycle of this very loop. */
	ck_assert_uint_ne(s.healthy_ns, 0);
	ck_assert_uint_le(s.healthy_ns, s.monotonic_ns);
	ck_assert(!s.kernel_interlock);
	ck_assert(s.locked);
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		ck_assert_msg(s.axis[a].online, "%s offline",
			      omt_axis_name((enum omt_axis)a));
	ck_assert_double_eq_tol(s.axis[OMT_AXIS_HEIGHT].position,
				sim_harness_get(&h.sim, "height", "position"),
				0.5);
	omt_control_loop_stats(h.control, &stats);
	ck_assert_uint_ge(stats.lateness.count, 100);
	ck_assert_uint_eq(stats.events_dropped, 0);
	/* Whatever scheduling it got, the snapshot says so. */
	ck_assert_int_eq(s.realtime, stats.realtime);
	ck_assert_msg(alloc_counter_total() == 0,
		      "the control thread allocated %llu times",
		      (unsigned long long)alloc_counter_total());
}
END_TEST

START_TEST(commands_are_answered_through_the_port)
{
	struct omt_command cmd;
	const struct omt_event *reply;

	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = OMT_CMD_UNLOCK;
	cmd.cookie = 0xfeed;
	cmd.owner = 7;
	ck_assert(omt_control_submit(h.control, &cmd));
	wait_cycles(5);
	reply = find_event(OMT_EV_REPLY, 0xfeed);
	ck_assert_msg(reply != NULL, "no reply to the unlock command");
	ck_assert_int_eq(reply->result, OMT_CMD_OK);
	ck_assert(!snapshot().locked);

	/* A MoveTo out of range is refused and changes nothing. */
	cmd.kind = OMT_CMD_MOVE_TO;
	cmd.cookie = 0xbad;
	cmd.target_mask = 1u << OMT_AXIS_HEIGHT;
	cmd.target[OMT_AXIS_HEIGHT] = 5000.0;
	ck_assert(omt_control_submit(h.control, &cmd));
	wait_cycles(5);
	reply = find_event(OMT_EV_REPLY, 0xbad);
	ck_assert(reply != NULL);
	ck_assert_int_eq(reply->result, OMT_CMD_OUT_OF_RANGE);
	ck_assert_int_ne(snapshot().state, OMT_STATE_MOVING);
}
END_TEST

START_TEST(pedal_moves_the_table_and_release_brakes_within_a_cycle)
{
	static struct control_harness_record rec[400];
	uint64_t released_ns;
	unsigned int n, first_after = 0, braking;
	double steady;

	start_pedal_motion();
	wait_cycles(30);        /* reach pedal speed */
	released_ns = control_harness_now_ns();
	release_pedals();
	ck_assert_msg(control_harness_wait(&h, is_at_rest, NULL, 300),
		      "the table did not stop");
	wait_cycles(20);
	ck_assert_double_lt(fabs(sim_harness_get(&h.sim, "height", "velocity")),
			    0.5);

	n = control_harness_history(&h, "height", rec, 400);
	ck_assert_uint_gt(n, 40);
	while (first_after < n && rec[first_after].t_ns <= released_ns)
		first_after++;
	ck_assert_uint_ge(first_after, 3);
	ck_assert_uint_lt(first_after, n);
	/* The step per cycle while the pedal was held. */
	steady = rec[first_after - 1].setpoint - rec[first_after - 2].setpoint;
	ck_assert_double_gt(steady, 0.05);
	/* The first write whose step is smaller: braking has begun. */
	for (braking = first_after; braking < n; braking++)
		if (rec[braking].setpoint - rec[braking - 1].setpoint <
		    steady - 0.005)
			break;
	ck_assert_uint_lt(braking, n);
	/*
	 * The release is read at the start of a cycle and written in that
	 * cycle: at worst the first write after the release was decided
	 * just before it, so the second one brakes.
	 */
	ck_assert_msg(braking - first_after <= 1,
		      "braking began %u writes after the release",
		      braking - first_after + 1);
}
END_TEST

static void submit(enum omt_command_kind kind, uint64_t cookie)
{
	struct omt_command cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = kind;
	cmd.cookie = cookie;
	cmd.owner = 7;
	cmd.section = OMT_AXIS_CERVICAL;
	ck_assert(omt_control_submit(h.control, &cmd));
}

static enum omt_cmd_result reply_to(uint64_t cookie)
{
	const struct omt_event *reply;

	wait_cycles(5);
	reply = find_event(OMT_EV_REPLY, cookie);
	ck_assert_msg(reply != NULL, "no reply to command %llx",
		      (unsigned long long)cookie);
	return reply->result;
}

static double sim_height(void)
{
	return sim_harness_get(&h.sim, "height", "position");
}

/* Held pedals on a locked table move nothing, for as long as they are held. */
START_TEST(lockout_holds_against_pedals)
{
	double before = sim_height();
	struct control_harness_record rec[100];
	unsigned int n;

	ck_assert(snapshot().locked);
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
	input("pedal-height-up", 1);
	wait_cycles(100);
	ck_assert(snapshot().locked);
	ck_assert_int_ne(snapshot().state, OMT_STATE_MOVING);
	ck_assert_double_eq_tol(sim_height(), before, 0.05);
	/* Every setpoint written in that time was the same. */
	n = control_harness_history(&h, "height", rec, 100);
	ck_assert_uint_gt(n, 50);
	for (unsigned int i = 1; i < n; i++)
		ck_assert_msg(rec[i].setpoint == rec[0].setpoint,
			      "setpoint moved from %.2f to %.2f while locked",
			      rec[0].setpoint, rec[i].setpoint);
	release_pedals();
	/* And a command is refused too. */
	submit(OMT_CMD_ARM_DROP, 0x10c);
	ck_assert_int_eq(reply_to(0x10c), OMT_CMD_LOCKED);
}
END_TEST

static bool cervical_armed(const struct omt_snapshot *s, void *arg)
{
	return s->drop[0] == OMT_DROP_ARMED;
}

/* While a drop section is armed, neither a pedal nor a command moves. */
START_TEST(armed_drop_blocks_motion)
{
	struct omt_command move;
	double before;

	submit(OMT_CMD_UNLOCK, 0x1);
	ck_assert_int_eq(reply_to(0x1), OMT_CMD_OK);
	submit(OMT_CMD_ARM_DROP, 0x2);
	ck_assert_int_eq(reply_to(0x2), OMT_CMD_OK);
	ck_assert_msg(control_harness_wait(&h, cervical_armed, NULL, 500),
		      "the cervical section never armed");

	before = sim_height();
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
	input("pedal-height-up", 1);
	wait_cycles(60);
	ck_assert_int_ne(snapshot().state, OMT_STATE_MOVING);
	ck_assert_double_eq_tol(sim_height(), before, 0.05);
	release_pedals();

	memset(&move, 0, sizeof(move));
	move.kind = OMT_CMD_MOVE_TO;
	move.cookie = 0x3;
	move.owner = 7;
	move.target_mask = 1u << OMT_AXIS_HEIGHT;
	move.target[OMT_AXIS_HEIGHT] = before + 20.0;
	ck_assert(omt_control_submit(h.control, &move));
	ck_assert_int_eq(reply_to(0x3), OMT_CMD_INTERLOCK);
	wait_cycles(20);
	ck_assert_double_eq_tol(sim_height(), before, 0.05);
}
END_TEST

/*
 * Inject a fault into the height drive while it moves; the table must end
 * stopped, in state fault, with one of the fault kinds named (some
 * injections have two honest readings: a silent drive is a timeout, or
 * comms lost once the failures pile up).
 */
static void inject_while_moving(const char *fault, enum omt_fault_kind want1,
				enum omt_fault_kind want2,
				enum omt_fault_kind want3)
{
	char command[64], reply[128];
	const struct omt_event *ev = NULL;

	start_pedal_motion();
	snprintf(command, sizeof(command), "fault height %s", fault);
	ck_assert_msg(sim_harness_command(&h.sim, command, reply,
					  sizeof(reply)) == 0, "%s", reply);
	ck_assert_msg(control_harness_wait(&h, is_at_rest, NULL, 300),
		      "still moving after '%s'", fault);
	wait_cycles(20);
	release_pedals();
	for (unsigned int i = 0; i < h.n_events && !ev; i++)
		if (h.events[i].kind == OMT_EV_FAULT_RAISED &&
		    h.events[i].axis == OMT_AXIS_HEIGHT)
			ev = &h.events[i];
	ck_assert_msg(ev != NULL, "no height fault raised for '%s'", fault);
	ck_assert_msg(ev->fault == want1 || ev->fault == want2 ||
		      ev->fault == want3,
		      "'%s' raised %s", fault, omt_fault_kind_name(ev->fault));
	ck_assert_int_eq(snapshot().state, OMT_STATE_FAULT);
	ck_assert_uint_gt(snapshot().n_faults, 0);
}

START_TEST(no_reply_ends_stopped_with_a_timeout_fault)
{
	inject_while_moving("no-reply", OMT_FAULT_MODBUS_TIMEOUT,
			    OMT_FAULT_COMMS_LOST, OMT_FAULT_COMMS_LOST);
}
END_TEST

START_TEST(absent_slave_ends_stopped_with_a_timeout_fault)
{
	inject_while_moving("absent", OMT_FAULT_MODBUS_TIMEOUT,
			    OMT_FAULT_COMMS_LOST, OMT_FAULT_COMMS_LOST);
}
END_TEST

START_TEST(exception_ends_stopped_with_an_exception_fault)
{
	inject_while_moving("exception 4", OMT_FAULT_MODBUS_EXCEPTION,
			    OMT_FAULT_MODBUS_EXCEPTION, OMT_FAULT_MODBUS_EXCEPTION);
}
END_TEST

/* A stalled motor draws current: the obstruction watch may see it first. */
START_TEST(stall_ends_stopped_with_a_stall_fault)
{
	inject_while_moving("stall", OMT_FAULT_STALL, OMT_FAULT_OBSTRUCTION,
			    OMT_FAULT_FOLLOWING_ERROR);
}
END_TEST

START_TEST(overcurrent_ends_stopped_with_an_overcurrent_fault)
{
	inject_while_moving("overcurrent", OMT_FAULT_OVERCURRENT,
			    OMT_FAULT_DRIVE, OMT_FAULT_DRIVE);
}
END_TEST

START_TEST(jump_ends_stopped_with_a_position_jump_fault)
{
	inject_while_moving("jump 30", OMT_FAULT_POSITION_JUMP,
			    OMT_FAULT_POSITION_JUMP, OMT_FAULT_POSITION_JUMP);
}
END_TEST

START_TEST(stop_disables_every_drive)
{
	char reply[512];
	double control_word;

	wait_cycles(10);
	omt_control_stop(h.control);
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		char command[32];

		snprintf(command, sizeof(command), "get %s",
			 omt_axis_name((enum omt_axis)a));
		ck_assert(sim_harness_command(&h.sim, command, reply,
					      sizeof(reply)) == 0);
		ck_assert(sim_harness_field(reply, "control", &control_word));
		ck_assert_msg(((unsigned int)control_word & OMT_CONTROL_ENABLE) == 0,
			      "%s still enabled", omt_axis_name((enum omt_axis)a));
	}
}
END_TEST

static void start_rtu(void)
{
	struct control_harness_options opt = {
		.period_ms = 20,
		.rt_priority = 10,
		.rtu_baud = 115200,
		/* omtd's default: every enabled drive fed within 100 ms. */
		.drive_watchdog_ms = 100,
		/*
		 * A pseudo-terminal's bytes pass through kernel workers that
		 * a test machine busy with other tests delays far more than
		 * a UART's would (stalls near 200 ms, docs/modbus-link.md):
		 * a longer comms-lost window than omtd's default, the longest
		 * the drives' watchdog allows.  The drives' own watchdogs
		 * (comms-lost) get no such allowance.
		 */
		.comms_lost_ms = 200,
	};

	ck_assert_msg(control_harness_start(&h, &opt) == 0, "%s", h.error);
}

/*
 * The first latched fault's code, for a failure message; with one, the
 * loop's and the link's figures go to stderr beside it.
 */
static const char *first_fault(const struct omt_snapshot *s)
{
	static char code[64];

	if (s->n_faults == 0)
		return "none";
	control_harness_report_loop(&h, stderr);
	omt_fault_code(s->faults[0].kind, s->faults[0].axis, code,
		       sizeof(code));
	return code;
}

static bool any_fault(const struct omt_snapshot *s, void *arg)
{
	return s->n_faults != 0;
}

/*
 * RTU with omtd's defaults (115200 baud, 20 ms, WATCHDOG_MS 100) on a
 * line omt-sim paces at 115200 baud: the I/O module and one drive fill
 * most of a cycle, so the moving axis goes every cycle, the others are
 * parked at rest, and no drive's comms watchdog or the table's comms
 * supervision ever trips.  The table moves.  (Before, each idle drive was
 * fed every 120 ms and all six latched comms-lost.)
 */
START_TEST(rtu_cycle_fits_the_bus_without_faults)
{
	struct omt_snapshot s;
	double start_height;

	if (control_harness_wait(&h, any_fault, NULL, 100)) {
		char code[64];

		s = snapshot();
		omt_fault_code(s.faults[0].kind, s.faults[0].axis, code,
			       sizeof(code));
		control_harness_report_loop(&h, stderr);
		ck_abort_msg("fault %s raised on the RTU bus", code);
	}
	start_height = snapshot().axis[OMT_AXIS_HEIGHT].position;
	start_pedal_motion();
	wait_cycles(25);
	release_pedals();
	ck_assert(control_harness_wait(&h, is_at_rest, NULL, 300));
	s = snapshot();
	ck_assert_msg(s.n_faults == 0, "fault %s", first_fault(&s));
	ck_assert_msg(s.axis[OMT_AXIS_HEIGHT].position > start_height + 5.0,
		      "height %.1f -> %.1f: the table did not move",
		      start_height, s.axis[OMT_AXIS_HEIGHT].position);
	/* Parked at rest for long enough: no drive lost (a parked drive's
	 * single lost reply is no fault below the limit). */
	wait_cycles(100);
	s = snapshot();
	ck_assert_msg(s.n_faults == 0, "fault %s", first_fault(&s));
}
END_TEST

static unsigned int replies_with(uint64_t first, uint64_t last,
				 enum omt_cmd_result result)
{
	unsigned int n = 0;

	control_harness_drain(&h);
	for (unsigned int i = 0; i < h.n_events; i++)
		if (h.events[i].kind == OMT_EV_REPLY &&
		    h.events[i].cookie >= first && h.events[i].cookie <= last &&
		    h.events[i].result == result)
			n++;
	return n;
}

/*
 * A technician's flood of register reads on the RS-485 bus while the
 * table moves: they take the cycles' spare room, one a cycle at most, the
 * ones beyond the queue are answered Busy at once, and the motion goes on
 * and stops on release as ever.  (Before, every queued read ran inside
 * one cycle, ahead of the drives.)
 */
START_TEST(rtu_diagnostics_take_one_exchange_a_cycle)
{
	struct omt_command read = { .kind = OMT_CMD_RAW_READ,
				    .unit = OMT_AXIS_TILT, .reg_count = 6 };
	uint64_t from, cycles;
	unsigned int ok, busy;

	start_pedal_motion();
	from = snapshot().cycle;
	for (int i = 0; i < 60; i++) {
		read.cookie = 0x500 + (uint64_t)i;
		ck_assert(omt_control_submit(h.control, &read));
	}
	wait_cycles(8);
	cycles = snapshot().cycle - from;
	ok = replies_with(0x500, 0x500 + 59, OMT_CMD_OK);
	busy = replies_with(0x500, 0x500 + 59, OMT_CMD_BUSY);
	ck_assert_msg(ok <= cycles, "%u reads answered in %llu cycles", ok,
		      (unsigned long long)cycles);
	ck_assert_uint_eq(busy, 60 - 16);
	{
		struct omt_snapshot now = snapshot();

		ck_assert_msg(now.state == OMT_STATE_MOVING, "state %s, fault %s",
			      omt_table_state_name(now.state), first_fault(&now));
	}
	release_pedals();
	ck_assert(control_harness_wait(&h, is_at_rest, NULL, 300));
	/* The queued ones are all answered in the end. */
	for (int i = 0; i < 1000 && replies_with(0x500, 0x500 + 59,
						  OMT_CMD_OK) < 16; i++)
		wait_cycles(1);
	ck_assert_uint_eq(replies_with(0x500, 0x500 + 59, OMT_CMD_OK), 16);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

static bool in_estop(const struct omt_snapshot *s, void *arg)
{
	return s->state == OMT_STATE_ESTOP;
}

/*
 * The command ring full (a flood of calls): an emergency stop still gets
 * through, by its flag.
 */
START_TEST(an_emergency_stop_needs_no_room_in_the_ring)
{
	struct omt_command hold = { .kind = OMT_CMD_HOLD, .owner = 7,
				    .motion_id = 99 };
	bool full = false;

	wait_cycles(5);
	for (int i = 0; i < 10000 && !full; i++)
		full = !omt_control_submit(h.control, &hold);
	ck_assert_msg(full, "the command ring never filled");
	omt_control_request_stop(h.control, true);
	ck_assert(control_harness_wait(&h, in_estop, NULL, 50));
}
END_TEST

/*
 * E-stop pressed on the I/O module while the height pedal moves the table
 * up: the drive quick-stops and slides to rest.  Released and cleared,
 * the table stays where it came to rest, as the simulator measures it
 * (a guest run once reported it 0.36 mm away after the clear).
 */
START_TEST(an_estop_cleared_after_a_pedal_motion_moves_nothing)
{
	double rest;

	start_pedal_motion();
	wait_cycles(30);
	input("estop-a", 1);
	input("estop-b", 1);
	ck_assert(control_harness_wait(&h, in_estop, NULL, 50));
	wait_cycles(30);
	ck_assert_double_lt(fabs(sim_harness_get(&h.sim, "height", "velocity")),
			    1e-6);
	rest = sim_height();
	release_pedals();
	input("estop-a", 0);
	input("estop-b", 0);
	wait_cycles(10);
	submit(OMT_CMD_CLEAR_FAULTS, 0xc1ea5);
	ck_assert_int_eq(reply_to(0xc1ea5), OMT_CMD_OK);
	for (int i = 0; i < 10; i++) {
		wait_cycles(10);
		ck_assert_msg(fabs(sim_height() - rest) < 0.01,
			      "the table moved from %.3f to %.3f after the clear",
			      rest, sim_height());
	}
}
END_TEST

static bool both_judged(const struct omt_snapshot *s, void *arg)
{
	return s->axis[OMT_AXIS_HEIGHT].verify == OMT_VERIFY_WRONG_KIND &&
	       s->axis[OMT_AXIS_TILT].verify == OMT_VERIFY_WRONG_KIND;
}

static bool has_fault(const struct omt_snapshot *s, enum omt_fault_kind kind,
		      enum omt_axis axis)
{
	for (unsigned int i = 0; i < s->n_faults; i++)
		if (s->faults[i].kind == kind && s->faults[i].axis == axis)
			return true;
	return false;
}

static unsigned int sim_control_word(const char *axis)
{
	return (unsigned int)sim_harness_get(&h.sim, axis, "control");
}

/*
 * Height and tilt slave addresses swapped, and the bus up only after the
 * loop started (omtd started before the drives' power): each drive is
 * checked once the link comes up, found the wrong kind, latched as
 * drive-identity, and never written: the height pedal moves nothing.
 */
START_TEST(swapped_drives_on_a_late_bus_are_never_enabled)
{
	struct control_harness_options opt = {
		.period_ms = 10,
		.sim_late_ms = 200,
		.extra_config = "[drive.height]\nslave = 2\n"
				"[drive.tilt]\nslave = 1\n",
	};
	struct omt_snapshot s;
	double height, tilt;

	ck_assert_msg(control_harness_start(&h, &opt) == 0, "%s", h.error);
	ck_assert_msg(control_harness_wait(&h, both_judged, NULL, 500),
		      "the drives were not checked after the bus came up");
	wait_cycles(3);
	s = snapshot();
	ck_assert_uint_eq(s.axis[OMT_AXIS_HEIGHT].verify_detail,
			  OMT_AXIS_KIND_ROTARY);
	ck_assert_uint_eq(s.axis[OMT_AXIS_TILT].verify_detail,
			  OMT_AXIS_KIND_LINEAR);
	ck_assert(has_fault(&s, OMT_FAULT_DRIVE_IDENTITY, OMT_AXIS_HEIGHT));
	ck_assert(has_fault(&s, OMT_FAULT_DRIVE_IDENTITY, OMT_AXIS_TILT));
	/* The other drives are what they should be. */
	ck_assert_uint_eq(s.axis[OMT_AXIS_LUMBAR].verify, OMT_VERIFY_OK);

	height = sim_harness_get(&h.sim, "height", "position");
	tilt = sim_harness_get(&h.sim, "tilt", "position");
	submit(OMT_CMD_CLEAR_FAULTS, 0x301);
	submit(OMT_CMD_UNLOCK, 0x302);
	ck_assert(control_harness_enable_pedal(&h, 1) == 0);
	input("pedal-height-up", 1);
	wait_cycles(100);
	input("pedal-height-up", 0);
	ck_assert(control_harness_enable_pedal(&h, 0) == 0);
	ck_assert_double_eq_tol(sim_harness_get(&h.sim, "height", "position"),
				height, 0.05);
	ck_assert_double_eq_tol(sim_harness_get(&h.sim, "tilt", "position"),
				tilt, 0.05);
	ck_assert_uint_eq(sim_control_word("height") & OMT_CONTROL_ENABLE, 0);
	ck_assert_uint_eq(sim_control_word("tilt") & OMT_CONTROL_ENABLE, 0);
	/* The cause lasts: the fault stays. */
	s = snapshot();
	ck_assert(has_fault(&s, OMT_FAULT_DRIVE_IDENTITY, OMT_AXIS_HEIGHT));
}
END_TEST

/* The right drives on a late bus: checked, then the table moves. */
START_TEST(drives_on_a_late_bus_are_verified_then_move)
{
	struct control_harness_options opt = {
		.period_ms = 10,
		.sim_late_ms = 200,
	};

	ck_assert_msg(control_harness_start(&h, &opt) == 0, "%s", h.error);
	for (int i = 0; i < 500; i++) {
		struct omt_snapshot s = snapshot();
		bool all = true;

		for (int a = 0; a < OMT_AXIS_COUNT; a++)
			all &= s.axis[a].verify == OMT_VERIFY_OK;
		if (all)
			break;
		wait_cycles(1);
	}
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		ck_assert_msg(snapshot().axis[a].verify == OMT_VERIFY_OK,
			      "%s not verified",
			      omt_axis_name((enum omt_axis)a));
	/* The link faults of the time before are over: clear them. */
	wait_cycles(5);
	submit(OMT_CMD_CLEAR_FAULTS, 0x303);
	wait_cycles(5);
	ck_assert_uint_eq(snapshot().n_faults, 0);
	start_pedal_motion();
	release_pedals();
	ck_assert(control_harness_wait(&h, is_at_rest, NULL, 300));
}
END_TEST

static void stop_late(void)
{
	control_harness_stop(&h);
}

int main(void)
{
	Suite *s = suite_create("omtd_control_loop");
	TCase *tc = tcase_create("loop");
	TCase *faults = tcase_create("faults");
	TCase *rtu = tcase_create("rtu");

	tcase_add_checked_fixture(tc, start, stop);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, the_allocation_counter_sees_a_watched_thread);
	tcase_add_test(tc, loop_cycles_publishes_and_never_allocates);
	tcase_add_test(tc, commands_are_answered_through_the_port);
	tcase_add_test(tc, pedal_moves_the_table_and_release_brakes_within_a_cycle);
	tcase_add_test(tc, stop_disables_every_drive);
	tcase_add_test(tc, lockout_holds_against_pedals);
	tcase_add_test(tc, armed_drop_blocks_motion);
	tcase_add_test(tc, an_emergency_stop_needs_no_room_in_the_ring);
	tcase_add_test(tc, an_estop_cleared_after_a_pedal_motion_moves_nothing);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(faults, start, stop);
	tcase_set_timeout(faults, 60);
	tcase_add_test(faults, no_reply_ends_stopped_with_a_timeout_fault);
	tcase_add_test(faults, absent_slave_ends_stopped_with_a_timeout_fault);
	tcase_add_test(faults, exception_ends_stopped_with_an_exception_fault);
	tcase_add_test(faults, stall_ends_stopped_with_a_stall_fault);
	tcase_add_test(faults, overcurrent_ends_stopped_with_an_overcurrent_fault);
	tcase_add_test(faults, jump_ends_stopped_with_a_position_jump_fault);
	suite_add_tcase(s, faults);

	tcase_add_checked_fixture(rtu, start_rtu, stop);
	tcase_set_timeout(rtu, 60);
	tcase_add_test(rtu, rtu_cycle_fits_the_bus_without_faults);
	tcase_add_test(rtu, rtu_diagnostics_take_one_exchange_a_cycle);
	suite_add_tcase(s, rtu);

	{
		TCase *late = tcase_create("verify");

		tcase_add_checked_fixture(late, NULL, stop_late);
		tcase_set_timeout(late, 60);
		tcase_add_test(late, swapped_drives_on_a_late_bus_are_never_enabled);
		tcase_add_test(late, drives_on_a_late_bus_are_verified_then_move);
		suite_add_tcase(s, late);
	}
	return omt_check_run(s);
}
