// SPDX-License-Identifier: MIT
/*
 * The scenario explorer's own machinery (tests/explore): scenarios replay
 * exactly, fuzzer bytes always make a valid scenario, the shrinker keeps
 * the violation, and each invariant catches the breach it names.  The
 * breaches are made by hand in the world after a real core step (the
 * core's own defects are tests/pending/test_explore_regressions.c), so
 * these tests hold whether or not the core has them.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "check_run.h"
#include "explore_internal.h"

static struct explore_world w;
static struct explore_result res;
static struct explore_scenario sc;

/* A plain session: unlocked by command, a held move, a pedal move. */
static void plain_session(struct explore_scenario *s)
{
	static const struct explore_event events[] = {
		{ 2, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 10, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 880.0, 15.0 },
		{ 10, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 600, EX_HOLDER, 1, 0, 0, 0, 0 },
		{ 650, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 700, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 720, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
	};

	memset(s, 0, sizeof(*s));
	memcpy(s->event, events, sizeof(events));
	s->n_events = sizeof(events) / sizeof(events[0]);
	s->cycles = 800;
	s->start_height = 820.0;
	s->start_tilt = 5.0;
}

/* Run sc up to (not including) cycle n, leaving the world for a test. */
static void run_until(uint32_t n)
{
	explore_world_start(&w, &sc, &res, 0);
	for (w.cycle = 0; w.cycle < n; w.cycle++)
		explore_world_cycle(&w);
	w.cycle = n - 1;
}

/* Run up to cycle n, then forget what was found: a breach follows. */
static void run_then_breach(uint32_t n)
{
	run_until(n);
	res.violated = 0;
}

static bool violated(enum explore_invariant inv)
{
	return res.violated & EX_BIT(inv);
}

START_TEST(same_seed_gives_the_same_scenario_and_verdict)
{
	static struct explore_scenario a, b;
	static struct explore_result ra, rb;

	explore_generate(42, 3000, &a);
	explore_generate(42, 3000, &b);
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
	ck_assert_uint_gt(a.n_events, 10);
	explore_run(&a, 0, &ra);
	explore_run(&b, 0, &rb);
	ck_assert_uint_eq(ra.violated, rb.violated);
	ck_assert_int_eq(memcmp(ra.first_cycle, rb.first_cycle,
				sizeof(ra.first_cycle)), 0);
	ck_assert_uint_eq(ra.cycles_run, 3000);
	explore_generate(43, 3000, &b);
	ck_assert_int_ne(memcmp(&a, &b, sizeof(a)), 0);
}
END_TEST

START_TEST(generated_events_are_in_cycle_order_within_the_scenario)
{
	for (uint64_t seed = 1; seed < 50; seed++) {
		explore_generate(seed, 3000, &sc);
		for (unsigned int i = 1; i < sc.n_events; i++)
			ck_assert_uint_le(sc.event[i - 1].cycle, sc.event[i].cycle);
		ck_assert_uint_lt(sc.event[sc.n_events - 1].cycle, 3000);
	}
}
END_TEST

START_TEST(any_bytes_make_a_bounded_scenario)
{
	uint8_t bytes[4096];
	uint64_t x = 88172645463325252ull;

	for (int round = 0; round < 20; round++) {
		for (size_t i = 0; i < sizeof(bytes); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			bytes[i] = (uint8_t)x;
		}
		explore_from_bytes(bytes, (size_t)(round * 200), &sc);
		ck_assert_uint_le(sc.n_events, EXPLORE_MAX_EVENTS);
		ck_assert_uint_le(sc.cycles, 3000);
		ck_assert(sc.start_height >= 650.0 && sc.start_height <= 920.0);
		for (unsigned int i = 0; i < sc.n_events; i++) {
			ck_assert_uint_lt(sc.event[i].kind, EX_KIND_COUNT);
			ck_assert_uint_lt(sc.event[i].cycle, sc.cycles);
		}
		explore_run(&sc, 0, &res);
		ck_assert_uint_eq(res.cycles_run, sc.cycles);
	}
}
END_TEST

START_TEST(a_plain_session_breaks_no_invariant_about_motion)
{
	uint32_t motion = EX_BIT(INV_RELEASED_HOLD_BRAKES) |
			  EX_BIT(INV_COMBINATION_BOXES_AVOIDED) |
			  EX_BIT(INV_SETPOINT_WITHIN_LIMITS) |
			  EX_BIT(INV_NO_MOTION_WHILE_FAULTED) |
			  EX_BIT(INV_FAULTS_REPORTED) |
			  EX_BIT(INV_NO_EDGE_FROM_INVALID_SAMPLE);

	plain_session(&sc);
	run_until(sc.cycles);
	ck_assert_msg(!(res.violated & motion), "%s / %s",
		      res.message[INV_RELEASED_HOLD_BRAKES],
		      res.message[INV_SETPOINT_WITHIN_LIMITS]);
	/* The plant really moved: up to 880 mm, then down on the pedal. */
	ck_assert(w.plant[OMT_AXIS_HEIGHT].pos > 850.0 &&
		  w.plant[OMT_AXIS_HEIGHT].pos < 879.0);
	ck_assert(fabs(w.plant[OMT_AXIS_TILT].pos - 15.0) < 0.1);
}
END_TEST

START_TEST(estop_cuts_power_catches_an_enabled_drive)
{
	plain_session(&sc);
	run_then_breach(100);
	w.estop_button = true;
	w.out.axis[OMT_AXIS_TILT].enable = true;
	w.out.kernel_enable = false;
	explore_check_cycle(&w);
	ck_assert(violated(INV_ESTOP_CUTS_POWER));
}
END_TEST

/*
 * R13 as the core can meet it: with no kernel module, a press while the
 * I/O samples fail is in no input the core has.  The check waits for the
 * next valid sample or the comms-lost window's end (60 ms: the seventh
 * failed sample), and no longer; with the kernel module it never waits.
 */
static void estop_breach(bool sample_valid, enum omt_interlock_state kernel)
{
	w.cycle++;
	w.estop_button = true;
	w.in.interlock = kernel;
	w.in.io_comm = sample_valid ? OMT_COMM_OK : OMT_COMM_TIMEOUT;
	w.in.inputs = sample_valid ? EX_BIT(OMT_IN_ESTOP_A) | EX_BIT(OMT_IN_ESTOP_B)
				   : w.ck.last_valid_lines;
	w.out.axis[OMT_AXIS_TILT].enable = true;
	w.out.kernel_enable = false;
	explore_check_cycle(&w);
}

START_TEST(estop_cuts_power_waits_for_a_valid_sample_only_without_the_module)
{
	plain_session(&sc);
	run_then_breach(100);
	ck_assert(!w.logic.estop_latched);
	for (int i = 0; i < 6; i++) {
		estop_breach(false, OMT_INTERLOCK_ABSENT);
		ck_assert_msg(!violated(INV_ESTOP_CUTS_POWER), "failed sample %d: %s",
			      i + 1, res.message[INV_ESTOP_CUTS_POWER]);
	}
	/* The window has run out: unknown counts as pressed. */
	estop_breach(false, OMT_INTERLOCK_ABSENT);
	ck_assert(violated(INV_ESTOP_CUTS_POWER));

	/* The next valid sample shows the press. */
	run_then_breach(100);
	estop_breach(false, OMT_INTERLOCK_ABSENT);
	ck_assert(!violated(INV_ESTOP_CUTS_POWER));
	estop_breach(true, OMT_INTERLOCK_ABSENT);
	ck_assert(violated(INV_ESTOP_CUTS_POWER));

	/* The kernel module reports the press whatever the I/O module does. */
	run_then_breach(100);
	estop_breach(false, OMT_INTERLOCK_ENABLED);
	ck_assert(violated(INV_ESTOP_CUTS_POWER));
}
END_TEST

START_TEST(setpoint_limits_catch_a_jump)
{
	plain_session(&sc);
	run_then_breach(100);
	ck_assert(!violated(INV_SETPOINT_WITHIN_LIMITS));
	w.out.axis[OMT_AXIS_HEIGHT].enable = true;
	w.out.axis[OMT_AXIS_HEIGHT].setpoint = w.ck.sp_prev[OMT_AXIS_HEIGHT] + 5.0;
	explore_check_cycle(&w);
	ck_assert(violated(INV_SETPOINT_WITHIN_LIMITS));
}
END_TEST

/*
 * A moving setpoint that passes the axis (here a motion pre-empted by one
 * the other way, reversing through the lagging axis) is no held setpoint:
 * its next step is judged against its real last step.  The checker once
 * took the cycle it met the reading for a hold and saw 2.4 times the
 * stop deceleration in the step after (seed 10, 27,642 cycles in).
 */
START_TEST(setpoint_limits_judge_a_reversal_through_the_reading_by_its_steps)
{
	static const struct explore_event events[] = {
		{ 5, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 224, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 454, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 800.8791016271573, 16.677517798773756 },
		{ 589, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 660.94611975188786, 26.436389585270746 },
		{ 589, EX_HOLDER, 2, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 700, 658.99398451808611,
					   6.0155072951349862,
					   INV_SETPOINT_WITHIN_LIMITS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The same for braking: Stop while a motion turns round, its setpoint
 * meeting the reading the cycle before; the stop's first step (0.006 after
 * 0.016) is braking, not motion nobody holds (seed 100622, 1.9 million
 * cycles in).
 */
START_TEST(brakes_judges_a_stop_after_the_setpoint_met_the_reading_by_its_steps)
{
	static const struct explore_event events[] = {
		{ 345, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 346, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 349, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 350, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 373, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 373, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 996, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, 9.613531093710094, 0 },
		{ 1146, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1290, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1300, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1325, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 824.25083684877802, 19.262868786198567 },
		{ 1325, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1403, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 918.8069422459273, 7.3520031312147713 },
		{ 1455, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 14, 1500, 850.96102086391545,
					   1.1561434997252507,
					   INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * An axis pushed beyond its soft limit (4.25 degrees, past 30) and driven
 * back in by the pedal has its setpoint outside the limits on the way:
 * no breach, since it heads back in (seed 2482, 7.4 million cycles in).
 */
START_TEST(setpoint_limits_let_an_axis_pushed_out_be_driven_back_in)
{
	static const struct explore_event events[] = {
		{ 437, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 453, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 812.40255701318893, 27.910008885015131 },
		{ 453, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 1245, EX_PUSH, OMT_AXIS_TILT, 0, 0, 4.2518551329385641, 0 },
		{ 1345, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1494, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1600, 814.62961636489979,
					   24.69974402975188,
					   INV_SETPOINT_WITHIN_LIMITS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A pedal seen released before a failed sample and pressed after it is
 * one press between two valid samples (docs/safety.md R14), not an edge
 * made by the invalid one (seed 100733, 2.2 million cycles in).
 */
START_TEST(no_edge_takes_a_press_across_a_failed_sample_as_clean)
{
	static const struct explore_event events[] = {
		{ 5, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 25, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 25, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 71, EX_IO_FAIL, 0, 3, 1, 0, 0 },
		{ 71, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 200, 715.48302220525727,
					   8.7787755482021055,
					   INV_NO_EDGE_FROM_INVALID_SAMPLE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The same for the unlock gesture: the enable pedal released before two
 * failed samples and pressed after them is the gesture's first press
 * (seed 102108, 6.3 million cycles in).
 */
START_TEST(no_edge_takes_a_gesture_press_across_failed_samples_as_clean)
{
	static const struct explore_event events[] = {
		{ 2160, EX_IO_FAIL, 0, 1, 2, 0, 0 },
		{ 2162, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 2162, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 2167, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 2167, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 2170, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 2170, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 7, 2200, 718.03555566908381,
					   2.5942610678147942,
					   INV_NO_EDGE_FROM_INVALID_SAMPLE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

START_TEST(combination_boxes_catch_a_setpoint_inside)
{
	plain_session(&sc);
	run_then_breach(100);
	w.out.axis[OMT_AXIS_HEIGHT].setpoint = 790.0;
	w.out.axis[OMT_AXIS_TILT].setpoint = 15.0;
	explore_check_cycle(&w);
	ck_assert(violated(INV_COMBINATION_BOXES_AVOIDED));
}
END_TEST

START_TEST(released_hold_brakes_catches_motion_nobody_holds)
{
	plain_session(&sc);
	run_then_breach(640);         /* the holder stopped at 600 */
	ck_assert(!violated(INV_RELEASED_HOLD_BRAKES));
	w.out.axis[OMT_AXIS_HEIGHT].enable = true;
	w.out.axis[OMT_AXIS_HEIGHT].setpoint = w.ck.sp_prev[OMT_AXIS_HEIGHT] + 0.3;
	explore_check_cycle(&w);
	ck_assert(violated(INV_RELEASED_HOLD_BRAKES));
}
END_TEST

/* The same session with the height and the tilt on drives that run to a
 * target (each class, lags 2 and 3): nothing is broken, and the drives
 * went where they were sent. */
START_TEST(a_plain_session_on_class_drives_breaks_no_invariant)
{
	plain_session(&sc);
	sc.drive[OMT_AXIS_HEIGHT] = EXPLORE_DRIVE(OMT_DRIVE_TARGET_POSITION, 2, 0);
	sc.drive[OMT_AXIS_TILT] = EXPLORE_DRIVE(OMT_DRIVE_PROFILE_POSITION, 3, 1);
	run_until(sc.cycles);
	ck_assert_msg(res.violated == 0, "%s / %s / %s",
		      res.message[INV_CLASS_DRIVE_BOUNDED],
		      res.message[INV_RELEASED_HOLD_BRAKES],
		      res.message[INV_FAULTS_REPORTED]);
	ck_assert(explore_class_axis(&w, OMT_AXIS_HEIGHT));
	ck_assert(explore_class_axis(&w, OMT_AXIS_TILT));
	ck_assert(w.plant[OMT_AXIS_HEIGHT].pos > 850.0 &&
		  w.plant[OMT_AXIS_HEIGHT].pos < 879.0);
	ck_assert(fabs(w.plant[OMT_AXIS_TILT].pos - 15.0) < 0.6);
}
END_TEST

/* A drive that runs to a target brakes when, and only when, it is told
 * not to move: a move nobody holds is caught, whatever its setpoint. */
START_TEST(released_hold_brakes_judges_a_class_drive_by_its_move)
{
	plain_session(&sc);
	sc.drive[OMT_AXIS_HEIGHT] = EXPLORE_DRIVE(OMT_DRIVE_TARGET_POSITION, 1, 0);
	run_then_breach(640);         /* the holder stopped at 600 */
	ck_assert(!violated(INV_RELEASED_HOLD_BRAKES));
	w.out.axis[OMT_AXIS_HEIGHT].enable = true;
	w.out.axis[OMT_AXIS_HEIGHT].move = true;
	w.out.axis[OMT_AXIS_HEIGHT].target = 900.0;
	w.out.axis[OMT_AXIS_HEIGHT].speed = 10.0;
	explore_check_cycle(&w);
	ck_assert(violated(INV_RELEASED_HOLD_BRAKES));
}
END_TEST

/* class_drive_bounded catches each breach it names. */
START_TEST(class_drive_bounded_catches_each_breach)
{
	plain_session(&sc);
	sc.drive[OMT_AXIS_HEIGHT] = EXPLORE_DRIVE(OMT_DRIVE_PROFILE_POSITION, 2, 0);
	/* Told faster than the axis may go. */
	run_then_breach(100);
	ck_assert(w.out.axis[OMT_AXIS_HEIGHT].move);
	w.out.axis[OMT_AXIS_HEIGHT].speed = 100.0;
	explore_check_cycle(&w);
	ck_assert(violated(INV_CLASS_DRIVE_BOUNDED));
	/* Told to run the other way while it ran: the drive refused. */
	run_then_breach(100);
	w.class_drive[OMT_AXIS_HEIGHT].reversals_refused++;
	explore_check_cycle(&w);
	ck_assert(violated(INV_CLASS_DRIVE_BOUNDED));
	/* Told to stop, and running on beyond its stopping distance. */
	run_then_breach(100);
	w.out.axis[OMT_AXIS_HEIGHT].move = false;
	explore_check_cycle(&w);
	ck_assert(!violated(INV_CLASS_DRIVE_BOUNDED));
	ck_assert(w.ck.stopping[OMT_AXIS_HEIGHT]);
	w.plant[OMT_AXIS_HEIGHT].pos += 20.0;
	w.cycle++;
	explore_check_cycle(&w);
	ck_assert(violated(INV_CLASS_DRIVE_BOUNDED));
}
END_TEST

/*
 * False alarms of the checks on drives that run to a target, each a
 * scenario that broke the check as it first was.  A push carried the
 * tilt past the target it ran to; the runs told before the core could
 * see it (a lag of 3) pointed behind it, and the drive refused them: the
 * push's doing, not a reversal the core told (seed 100071).
 */
START_TEST(class_drive_bounded_leaves_a_refusal_after_a_push_to_the_push)
{
	static const struct explore_event events[] = {
		{ 5, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 386, EX_CMD, OMT_CMD_MOVE_TO, 1, 2, 801.43199713077843, 4.0769227713222591 },
		{ 400, EX_PUSH, OMT_AXIS_TILT, 0, 0, 3.9055023625388525, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 3, 401, 897.23812332806472, 1.6447957719977211,
						 0x15, 0x09, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The escape pedal away from a lasting obstruction, with a following
 * error latched by a push before it: the escape is a supervised motion
 * for a drive that runs to a target as for a streamed one (R15; seed
 * 103527).
 */
START_TEST(faulted_drive_not_pushing_lets_a_class_drive_escape)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 188, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 210, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 384, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 595, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 735, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 737, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 785, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, 11.531541646652011, 0 },
		{ 912, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 9, 913, 845.3607432795053, -0.38416654289773433,
						 0x32, 0x00, INV_FAULTED_DRIVE_NOT_PUSHING, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A late cycle (62 ms) while the tilt's drive stopped: the stop reached
 * it that much later, and it ran on that much further (seed 113456).
 */
START_TEST(class_drive_bounded_allows_a_late_cycle_s_travel)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 68, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 68, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 68, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 156, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 0, 0, 0, 0 },
		{ 158, EX_LATE, 0, 0, 62, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 6, 170, 767.52009470047665, 4.0444605611519968,
						 0x02, 0x0a, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * An obstruction met as a MoveTo turned the height round: its setpoint,
 * starting down, met the reading in the cycle before (a step that counts
 * as held), and the core backs off upwards, away from it.  The way it was
 * going is the setpoint's real step, so the back-off is the escape
 * (seed 2024968; 2059996 alike).
 */
START_TEST(no_motion_while_faulted_knows_the_way_of_a_setpoint_passing_the_axis)
{
	static const struct explore_event events[] = {
		{ 1427, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1427, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1432, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1432, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1436, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1436, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 2229, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 2286, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 932.07189594991632, 13.116423633681624 },
		{ 2396, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 684.5086638133065, 14.687062778637765 },
		{ 2448, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 10, 2700, 692.59755450306898, -0.26734461219891692,
					   INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
	ck_assert_msg(explore_replay_holds(events, 10, 2700, 692.59755450306898, -0.26734461219891692,
					   INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A drive that runs to a target (CiA 402 profile position, a lag of one
 * exchange) ran up exactly on its expected motion, its setpoint on the
 * reading every cycle, when it met an obstruction.  The checker took
 * that for an axis at rest and knew no way out, so the supervised escape
 * down (a MoveTo away from it) read as motion while faulted (seed
 * 16039515).  It now takes the way from the drive's reading.
 */
START_TEST(no_motion_while_faulted_knows_the_way_of_a_drive_on_its_expected_motion)
{
	static const struct explore_event events[] = {
		{ 7, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 641, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 945.92832919731211, 28.737004356362611 },
		{ 641, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 940, EX_LATE, 0, 0, 10, 0, 0 },
		{ 966, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 1339, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 823.84154209958865, 13.416117225885612 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 6, 1500, 744.14126987549037, 0.79250839803937545,
						 0x22, 0x2a, INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
	ck_assert_msg(explore_replay_drives_hold(events, 6, 1500, 744.14126987549037, 0.79250839803937545,
						 0x22, 0x2a, INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A drive that runs to a target met an obstruction in the last creep of
 * its own stop, its expected motion at rest on the reading: 0.2 mm/s,
 * below 1 % of the axis's top speed, its running flag still set.  The
 * core counts it running (R4, R16): a target-position height finishing
 * a run up (a lag of two) may be escaped from downwards; a CiA 402
 * height braking down (a lag of two) backs off upwards.  The checker
 * knew no way for it, and took the escape, then the back-off, for motion
 * while faulted and nobody holding it (seeds 19032499, 19198125).  It
 * now counts the running flag as the core does.
 */
START_TEST(no_motion_while_faulted_knows_the_way_of_a_drive_creeping_to_rest)
{
	static const struct explore_event escape[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 24, EX_CMD, OMT_CMD_ARM_DROP, 3, 0, 0, 0 },
		{ 85, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 221, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 1, 0, 0, 0 },
		{ 308, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 354, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 0, 0, 0, 0 },
		{ 389, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 400, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 424, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 903.61669058304597, 22.11647000391747 },
		{ 470, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 809.9075938285863, 0.70757160635506722 },
		{ 722, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 784.9025976847214, 9.4697183891365242 },
		{ 722, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 786, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 959, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 782.95586866113968, 10.775424790823289 },
	};
	static const struct explore_event back_off[] = {
		{ 251, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 251, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 256, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 256, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 278, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 278, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 283, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 283, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 775, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 726.29443865655537, -2.1995849717477967 },
		{ 775, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 786, EX_HOLDER, 1, 0, 0, 0, 0 },
		{ 821, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(escape, 14, 1200, 751.8620540313384, -1.3918688903678964,
						 0x05, 0x00, INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
	ck_assert_msg(explore_replay_drives_hold(back_off, 12, 1200, 799.90433183723349, -2.7075841521286481,
						 0x36, 0x26, INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
	ck_assert_msg(explore_replay_drives_hold(back_off, 12, 1200, 799.90433183723349, -2.7075841521286481,
						 0x36, 0x26, INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
		      "%s", why);
}
END_TEST

START_TEST(no_edge_catches_an_unlock_without_presses)
{
	plain_session(&sc);
	sc.n_events = 0;        /* nobody unlocks */
	run_then_breach(50);
	ck_assert(w.logic.locked);
	w.locked_before = true;
	w.logic.locked = false;
	explore_check_cycle(&w);
	ck_assert(violated(INV_NO_EDGE_FROM_INVALID_SAMPLE));
}
END_TEST

START_TEST(faults_reported_catches_a_silent_fault)
{
	plain_session(&sc);
	run_then_breach(50);
	omt_fault_set_raise(&w.logic.faults, OMT_FAULT_STALL, OMT_AXIS_TILT, false);
	explore_check_cycle(&w);
	ck_assert(violated(INV_FAULTS_REPORTED));
}
END_TEST

START_TEST(a_clear_answered_with_faults_left_is_caught)
{
	struct omt_command clear = { .kind = OMT_CMD_CLEAR_FAULTS };
	struct omt_motion none = { 0 };

	plain_session(&sc);
	run_then_breach(50);
	omt_fault_set_raise(&w.logic.faults, OMT_FAULT_STALL, OMT_AXIS_TILT, false);
	explore_check_command(&w, &clear, &none, OMT_CMD_OK);
	ck_assert(violated(INV_CLEARED_FAULT_STAYS_CLEARED));
}
END_TEST

START_TEST(pedal_outranks_bus_catches_a_move_over_a_pedal)
{
	struct omt_command move = { .kind = OMT_CMD_MOVE_TO, .owner = 1 };
	struct omt_motion pedal = { .source = OMT_SOURCE_PEDAL };

	plain_session(&sc);
	run_then_breach(50);
	explore_check_command(&w, &move, &pedal, OMT_CMD_OK);
	ck_assert(violated(INV_PEDAL_OUTRANKS_BUS));
	res.violated = 0;
	explore_check_command(&w, &move, &pedal, OMT_CMD_BUSY);
	ck_assert(!violated(INV_PEDAL_OUTRANKS_BUS));
}
END_TEST

START_TEST(faulted_drive_not_pushing_catches_a_setpoint_ahead)
{
	plain_session(&sc);
	run_then_breach(50);
	omt_fault_set_raise(&w.logic.faults, OMT_FAULT_FOLLOWING_ERROR,
			    OMT_AXIS_HEIGHT, false);
	omt_fault_set_raise(&w.ck.reported, OMT_FAULT_FOLLOWING_ERROR,
			    OMT_AXIS_HEIGHT, false);
	w.out.axis[OMT_AXIS_HEIGHT].enable = true;
	w.out.axis[OMT_AXIS_HEIGHT].setpoint = w.logic.reading[OMT_AXIS_HEIGHT].position + 9.0;
	explore_check_cycle(&w);
	ck_assert(violated(INV_FAULTED_DRIVE_NOT_PUSHING));
}
END_TEST

/*
 * A failure made of three events among many: an e-stop pressed after the
 * kernel module went away and while the I/O module is silent (the
 * failure is "the scenario holds those three, in that order", so the
 * test does not depend on the core).
 */
static bool has_three(const struct explore_scenario *s, void *arg,
		      uint32_t *at)
{
	uint32_t kernel = 0, silent = 0;

	for (unsigned int i = 0; i < s->n_events; i++) {
		const struct explore_event *e = &s->event[i];

		if (e->kind == EX_KERNEL && e->b == OMT_INTERLOCK_ABSENT)
			kernel = e->cycle + 1;
		else if (e->kind == EX_IO_FAIL && e->n == 60 && kernel)
			silent = e->cycle + 1;
		else if (e->kind == EX_ESTOP && e->b && silent) {
			*at = e->cycle;
			return true;
		}
	}
	return false;
}

START_TEST(shrinking_keeps_the_failure_and_drops_the_rest)
{
	static struct explore_scenario big;
	uint32_t at;

	explore_generate(7, 600, &big);
	big.event[big.n_events++] = (struct explore_event){
		500, EX_KERNEL, 0, OMT_INTERLOCK_ABSENT, 0, 0, 0 };
	big.event[big.n_events++] = (struct explore_event){
		550, EX_IO_FAIL, 0, 1, 60, 0, 0 };
	big.event[big.n_events++] = (struct explore_event){
		560, EX_ESTOP, 0, 1, 0, 0, 0 };
	explore_sort(&big);
	ck_assert(has_three(&big, NULL, &at));
	ck_assert_uint_gt(big.n_events, 20);
	explore_shrink_by(&big, has_three, NULL);
	ck_assert(has_three(&big, NULL, &at));
	ck_assert_uint_eq(big.n_events, 3);
	ck_assert_uint_eq(big.cycles, 561);
	ck_assert_uint_eq(big.event[2].kind, EX_ESTOP);
}
END_TEST

/*
 * A section resting down sits at the lower end of its travel: a push
 * further down moves nothing, so no fault is owed (the check once
 * expected one from the push's size alone; the core_step corpus met it).
 */
START_TEST(a_push_stopped_by_the_travel_end_owes_no_fault)
{
	static const struct explore_event events[] = {
		{ 113, EX_PUSH, OMT_AXIS_LUMBAR, 0, 0, -13.88, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 1, 118, 661.6, -4.4,
					   INV_FAULTS_REPORTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A height stopped by its pedal at the rule's open edge (800 mm) rests a
 * hundred-thousandth below it, as any plant settles; Lock then switches
 * its drive off and its setpoint follows the reading, while the tilt
 * still brakes from a motion above 10 degrees.  A disabled drive's
 * setpoint commands nothing: it is judged, as the actual pose is, with
 * the plant's settling (the check once read it as a setpoint inside the
 * box: explorer seed 3004012).
 */
START_TEST(combination_boxes_judge_a_disabled_drive_by_where_its_axis_stands)
{
	static const struct explore_event events[] = {
		{ 10, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 30, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 184, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 245, EX_LATE, 0, 0, 37, 0, 0 },
		{ 358, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 771.21097829922087, 7.374595330642471 },
		{ 358, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 713, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 7, 800, 827.33384935826598, 23.909997696839994,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
	/* Disabled or not, a setpoint deep inside is still one. */
	plain_session(&sc);
	run_then_breach(100);
	w.out.axis[OMT_AXIS_HEIGHT].enable = false;
	w.out.axis[OMT_AXIS_HEIGHT].setpoint = 790.0;
	w.out.axis[OMT_AXIS_TILT].setpoint = 15.0;
	explore_check_cycle(&w);
	ck_assert(violated(INV_COMBINATION_BOXES_AVOIDED));
}
END_TEST

/*
 * The arm-drops pedal chattering beside a table lowered onto a lasting
 * obstruction: chatter is a cause for the chatter window past its last
 * change (R14), and ClearFaults is refused until then.  The probe once
 * ran within that window and read the refusal as a trap (explorer seed
 * 7006524); it now waits until the input lines have been still, and
 * the probes after the window find the way out.
 */
START_TEST(nobody_trapped_waits_out_a_chattering_input)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 26, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 46, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 1317, EX_ESTOP, 0, 1, 0, 0, 0 },
		{ 1563, EX_ESTOP, 0, 0, 0, 0, 0 },
		{ 2665, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 2666, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 2667, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 2673, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 2674, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 10, 2900, 874.59713457097246, 0.60676825019947245,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A section falling while its drive's exchanges fail: below the comms
 * limit the last good reading stands (R5) and the core cannot see the
 * fall; the comms fault then disables the drive.  The check once judged
 * the setpoint against the plant in the very cycle of the fall (explorer
 * seed 9005915); it judges an axis by what its exchange showed.
 */
START_TEST(faulted_drive_not_pushing_judges_what_the_exchange_showed)
{
	static const struct explore_event events[] = {
		{ 2, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 230, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 342, EX_IO_FAIL, 0, 1, 3, 0, 0 },
		{ 436, EX_AXIS_FAIL, OMT_AXIS_THORACIC, 2, 4, 0, 0 },
		{ 437, EX_FIRE, OMT_AXIS_THORACIC, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 700, 862.12008209568251, 23.714591869166494,
					   INV_FAULTED_DRIVE_NOT_PUSHING, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A section that fired drops onto its stop within one cycle, and the
 * core supervises it again a settle time later, from a rest point taken
 * once it has settled.  The check counted its rest from before the fall
 * (the step and the velocity stayed nought) and expected a push 0.7 s
 * after the firing to latch a fault (explorer seed 2001531); a change
 * of position ends a rest now.
 */
START_TEST(faults_reported_counts_a_fired_section_s_rest_from_its_fall)
{
	static const struct explore_event events[] = {
		{ 1086, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1315, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1632, EX_ESTOP, 0, 1, 0, 0, 0 },
		{ 2201, EX_FIRE, OMT_AXIS_LUMBAR, 0, 0, 0, 0 },
		{ 2201, EX_INPUT, OMT_IN_DROP_FIRED_LUMBAR, 1, 0, 0, 0 },
		{ 2275, EX_PUSH, OMT_AXIS_LUMBAR, 0, 0, 12.279121137045346, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 2400, 821.24152829356035, 24.218236068821788,
					   INV_FAULTS_REPORTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The same for a drive held at its reading: the tilt jammed on the
 * rule's open edge (10 degrees, read 2e-15 above it), a MoveTo away from
 * it latches a stall, and the tilt's setpoint is taken to its reading
 * while the height still brakes.  A setpoint held where the axis is
 * stands where the axis does (the check read it as one inside the box:
 * explorer seed 4004518).
 */
START_TEST(combination_boxes_judge_a_setpoint_held_at_its_reading_as_the_axis)
{
	static const struct explore_event events[] = {
		{ 8, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 204, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 735.071278755869, 7.2869285028637911 },
		{ 320, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 469, EX_LATE, 0, 0, 73, 0, 0 },
		{ 1058, EX_JAM, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 1154, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 1230, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 763.13604497195638, 8.8252302210885532 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 7, 1400, 667.59820594333019, 6.1605117283766528,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The table lowered onto a lasting obstruction backs off, jams, and is
 * let go: it overshoots its setpoint by a millimetre and turns.  At the
 * turn it is still for an instant and the probe runs; the escape pedal
 * raises the setpoint from below the axis, which the check, wanting a
 * setpoint above the reading within eight cycles, read as a trap
 * (explorer seed 8002125).  A setpoint rising from where it was moves
 * the table up.
 */
START_TEST(nobody_trapped_counts_a_setpoint_rising_from_below_the_axis)
{
	static const struct explore_event events[] = {
		{ 1901, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2320, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 2349, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2420, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2455, EX_JAM, OMT_AXIS_HEIGHT, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 2700, 800.28250739025657, -1.1157022449845675,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo drives the height up into a jam: its following error brings
 * the setpoint back onto the axis, 5.06 mm down in one cycle, and in the
 * next the drive reports an obstruction.  The check took that jump for
 * the way the height went, an obstruction met lowering, and read the
 * core's way out (down, away from the push) as a trap (explorer seed
 * 25090514).  The way it was driven is the step before the jump: up.
 * The escape down then is no motion while faulted either.
 */
START_TEST(nobody_trapped_reads_the_way_before_a_fault_s_setpoint_jump)
{
	static const struct explore_event events[] = {
		{ 418, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 465, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 611, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 879.85801305394273, 21.803591869735484 },
		{ 648, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 749, EX_JAM, OMT_AXIS_HEIGHT, 0, 0, 0, 0 },
		{ 800, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 672.0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1000, 678.12099309761379, -1.5934449983848498,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
	ck_assert_msg(explore_replay_holds(events, 6, 1000, 678.12099309761379, -1.5934449983848498,
					   INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

static Suite *explorer_suite(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("explorer", "machinery", &tc);

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, same_seed_gives_the_same_scenario_and_verdict);
	tcase_add_test(tc, generated_events_are_in_cycle_order_within_the_scenario);
	tcase_add_test(tc, any_bytes_make_a_bounded_scenario);
	tcase_add_test(tc, a_plain_session_breaks_no_invariant_about_motion);
	tcase_add_test(tc, estop_cuts_power_catches_an_enabled_drive);
	tcase_add_test(tc, estop_cuts_power_waits_for_a_valid_sample_only_without_the_module);
	tcase_add_test(tc, setpoint_limits_catch_a_jump);
	tcase_add_test(tc, setpoint_limits_judge_a_reversal_through_the_reading_by_its_steps);
	tcase_add_test(tc, setpoint_limits_let_an_axis_pushed_out_be_driven_back_in);
	tcase_add_test(tc, brakes_judges_a_stop_after_the_setpoint_met_the_reading_by_its_steps);
	tcase_add_test(tc, no_edge_takes_a_press_across_a_failed_sample_as_clean);
	tcase_add_test(tc, no_edge_takes_a_gesture_press_across_failed_samples_as_clean);
	tcase_add_test(tc, combination_boxes_catch_a_setpoint_inside);
	tcase_add_test(tc, released_hold_brakes_catches_motion_nobody_holds);
	tcase_add_test(tc, no_edge_catches_an_unlock_without_presses);
	tcase_add_test(tc, faults_reported_catches_a_silent_fault);
	tcase_add_test(tc, a_clear_answered_with_faults_left_is_caught);
	tcase_add_test(tc, pedal_outranks_bus_catches_a_move_over_a_pedal);
	tcase_add_test(tc, faulted_drive_not_pushing_catches_a_setpoint_ahead);
	tcase_add_test(tc, shrinking_keeps_the_failure_and_drops_the_rest);
	tcase_add_test(tc, a_push_stopped_by_the_travel_end_owes_no_fault);
	tcase_add_test(tc, combination_boxes_judge_a_disabled_drive_by_where_its_axis_stands);
	tcase_add_test(tc, nobody_trapped_waits_out_a_chattering_input);
	tcase_add_test(tc, faulted_drive_not_pushing_judges_what_the_exchange_showed);
	tcase_add_test(tc, faults_reported_counts_a_fired_section_s_rest_from_its_fall);
	tcase_add_test(tc, combination_boxes_judge_a_setpoint_held_at_its_reading_as_the_axis);
	tcase_add_test(tc, nobody_trapped_counts_a_setpoint_rising_from_below_the_axis);
	tcase_add_test(tc, a_plain_session_on_class_drives_breaks_no_invariant);
	tcase_add_test(tc, released_hold_brakes_judges_a_class_drive_by_its_move);
	tcase_add_test(tc, class_drive_bounded_catches_each_breach);
	tcase_add_test(tc, class_drive_bounded_leaves_a_refusal_after_a_push_to_the_push);
	tcase_add_test(tc, faulted_drive_not_pushing_lets_a_class_drive_escape);
	tcase_add_test(tc, class_drive_bounded_allows_a_late_cycle_s_travel);
	tcase_add_test(tc, no_motion_while_faulted_knows_the_way_of_a_setpoint_passing_the_axis);
	tcase_add_test(tc, no_motion_while_faulted_knows_the_way_of_a_drive_on_its_expected_motion);
	tcase_add_test(tc, no_motion_while_faulted_knows_the_way_of_a_drive_creeping_to_rest);
	tcase_add_test(tc, nobody_trapped_reads_the_way_before_a_fault_s_setpoint_jump);
	return s;
}

int main(void)
{
	return omt_check_run(explorer_suite());
}
