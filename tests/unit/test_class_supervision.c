// SPDX-License-Identifier: MIT
/*
 * Drives that run to a target on their own ramps (docs/safety.md R16):
 * what the core tells them (move, target, speed) and how it supervises
 * them against the motion it expects of them, for each such class.
 *
 * The height drive is the explorer's model of such a drive
 * (tests/explore/explore_class_drive.h): it hears the core's move,
 * target and speed a lag of exchanges late and runs its own ramps.
 * Every other axis follows its setpoint as in the core's rig.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "check_run.h"
#include "core_rig.h"
#include "explore_class_drive.h"
#include "omt_regs.h"

/* The two classes that run to a target; loop tests run over both. */
static const enum omt_drive_kind kinds[] = {
	OMT_DRIVE_TARGET_POSITION,
	OMT_DRIVE_PROFILE_POSITION,
};
#define N_KINDS ((int)(sizeof(kinds) / sizeof(kinds[0])))

static struct class_drive drive;
static bool jammed;
static double current_ma;
/* The resolution of the speed it reports (0: exact), units/s. */
static double speed_resolution;

/*
 * The height drive's model: a soft start of 1 s and a soft stop of
 * 0.25 s (target-position), or 20 and 160 mm/s^2 (profile-position),
 * both far gentler to start than the axis's own 80 mm/s^2, which a
 * streamed profile would ramp at; a command reaches it lag exchanges
 * late.
 */
static struct omt_drive_model model_of(enum omt_drive_kind kind,
				       unsigned int lag)
{
	struct omt_drive_model m = { .kind = kind, .lag_ns = lag * CYCLE };

	if (kind == OMT_DRIVE_TARGET_POSITION) {
		m.start_s = 1.0;
		m.stop_s = 0.25;
	} else {
		m.accel = 20.0;
		m.decel = 160.0;
	}
	return m;
}

/*
 * Powered on and unlocked with the height on a drive of that kind, its
 * pedal at pedal_speed (0: the default), the height and tilt where a
 * test wants them (rig.params as the test set them).
 */
static void start_class_model(struct omt_drive_model m, unsigned int lag,
			      double pedal_speed, double height, double tilt)
{
	rig.params.drive[OMT_AXIS_HEIGHT] = m;
	if (pedal_speed > 0.0)
		rig.params.pedal_speed[OMT_AXIS_HEIGHT] = pedal_speed;
	rig_start();
	rig.in.axis[OMT_AXIS_HEIGHT].position = height;
	rig.in.axis[OMT_AXIS_TILT].position = tilt;
	class_drive_init(&drive, &rig.params.drive[OMT_AXIS_HEIGHT], lag,
			 rig.in.axis[OMT_AXIS_HEIGHT].position);
	jammed = false;
	current_ma = 800.0;
	speed_resolution = 0.0;
	rig.frozen[OMT_AXIS_HEIGHT] = true;     /* moved here, not by the rig */
	steps(2);
	ck_assert_int_eq(simple(OMT_CMD_UNLOCK), OMT_CMD_OK);
	step();
}

static void start_class_at(enum omt_drive_kind kind, unsigned int lag,
			   double pedal_speed, double height, double tilt)
{
	start_class_model(model_of(kind, lag), lag, pedal_speed, height, tilt);
}

static void start_class_pedal(enum omt_drive_kind kind, unsigned int lag,
			      double pedal_speed)
{
	rig_params();
	start_class_at(kind, lag, pedal_speed, 700.0, 0.0);
}

static void start_class(enum omt_drive_kind kind, unsigned int lag)
{
	start_class_pedal(kind, lag, 0.0);
}

/* One cycle: the class drive acts on what it heard, then the rig's. */
static void cstep(void)
{
	const struct omt_axis_output *o = &rig.out.axis[OMT_AXIS_HEIGHT];
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	struct class_drive_cmd cmd = {
		.move = o->move, .target = o->target, .speed = o->speed,
	};

	class_drive_step(&drive, &cmd, o->enable && !o->quick_stop, jammed,
			 (double)CYCLE / 1e9);
	r->position = drive.pos;
	r->velocity = speed_resolution > 0.0
			      ? trunc(drive.vel / speed_resolution) * speed_resolution
			      : drive.vel;
	r->moving = class_drive_running(&drive);
	r->current_ma = current_ma;
	step();
}

static void csteps(int n)
{
	for (int i = 0; i < n; i++)
		cstep();
}

/* Cycle i of a command motion its caller holds (a keep-alive every
 * tenth cycle). */
static void cstep_held(uint32_t id, int i)
{
	if (i % 10 == 0)
		hold(id);
	cstep();
}

static const struct omt_axis_output *height_out(void)
{
	return &rig.out.axis[OMT_AXIS_HEIGHT];
}

/*
 * What an axis whose drive is running from pos towards end is told:
 * end itself, or, for a drive that would run on to it with its link cut
 * (profile-position), a point on the way no farther ahead than its leash
 * (and a retarget band at the end) and no nearer than it could stop from
 * the speed told (R16).
 */
static void assert_told_towards(enum omt_axis a, double end)
{
	const struct omt_axis_output *o = &rig.out.axis[a];
	const struct omt_drive_model *m = &rig.params.drive[a];
	const struct omt_axis_reading *r = &rig.in.axis[a];
	double cycle_s = (double)CYCLE / 1e9;
	double ahead = fabs(o->target - r->position);
	double whole = fabs(end - r->position);

	if (!omt_drive_runs_on_when_silent(m)) {
		ck_assert_double_eq(o->target, end);
		return;
	}
	ck_assert_msg((o->target - r->position) * (end - r->position) >= 0.0,
		      "told %.3f, not on the way from %.3f to %.3f",
		      o->target, r->position, end);
	ck_assert_double_le_tol(ahead, whole, 1e-9);
	ck_assert_double_le_tol(ahead,
				omt_drive_leash(m, fmax(o->speed, fabs(r->velocity)),
						cycle_s) + m->retarget, 1e-9);
	ck_assert_double_ge_tol(ahead,
				fmin(whole, omt_drive_stopping_distance(m, o->speed,
									cycle_s)),
				1e-9);
}

/* ---- what a drive's readings may say on the table's bus ---- */

/*
 * A drive that says it runs while its speed reading still shows nothing
 * (the reading lags the running flag, as a LINAK actuator's does in its
 * soft start) runs the way it was told: no reversal, so it is told to
 * run on, not stopped and restarted every other cycle.
 */
START_TEST(a_drive_starting_the_way_it_was_told_is_no_reversal)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	int i;

	start_class(kinds[_i], 1);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	for (i = 0; i < 5 && !height_out()->move; i++)
		cstep();
	ck_assert_msg(height_out()->move, "the pedal told no run");
	for (i = 0; i < 5; i++) {
		r->moving = true;
		r->velocity = 0.0;
		step();
		ck_assert_msg(height_out()->move,
			      "cycle %d: a start the way it was told was "
			      "taken for a reversal", i);
	}
}
END_TEST

/*
 * A drive whose speed reads a step above the speed it was told (a speed
 * register's step, a speed reading's resolution) runs at that speed: it
 * is not slowed on its stop as if told a lower speed.
 */
START_TEST(a_reading_a_step_above_the_speed_told_is_that_speed)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	double told;
	int i;

	start_class(OMT_DRIVE_TARGET_POSITION, 1);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	csteps(150);
	ck_assert(height_out()->move);
	told = height_out()->speed;
	ck_assert(told > 0.0);
	for (i = 0; i < 5; i++) {
		r->moving = true;
		r->velocity = told + 0.1;
		r->position += (told + 0.1) * (double)CYCLE / 1e9;
		step();
		ck_assert_msg(height_out()->move,
			      "cycle %d: reading %.2f for %.2f told stopped it",
			      i, told + 0.1, told);
	}
}
END_TEST

/*
 * A drive switched off by a fault and gone silent still reads as it last
 * did: running.  Its motion ends (MotionFinished, not reached) rather
 * than waiting for a reading that never comes.
 */
START_TEST(a_silent_faulted_drive_ends_its_motion)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	const struct omt_event *done = NULL;
	uint32_t id;
	int i;

	start_class(kinds[_i], 1);
	ck_assert_int_eq(move(BIT(OMT_AXIS_HEIGHT), 760.0, 0.0, &id),
			 OMT_CMD_OK);
	for (i = 0; i < 100; i++)
		cstep_held(id, i);
	ck_assert(class_drive_running(&drive));
	r->comm = OMT_COMM_TIMEOUT;
	r->moving = true;
	for (i = 0; i < steps_until_lost() + 200 && !done; i++) {
		if (i % 10 == 0)
			hold(id);
		step();
		done = find_event(OMT_EV_MOTION_FINISHED);
	}
	ck_assert(has_fault(OMT_FAULT_COMMS_LOST, OMT_AXIS_HEIGHT) ||
		  has_fault(OMT_FAULT_MODBUS_TIMEOUT, OMT_AXIS_HEIGHT));
	ck_assert_msg(done != NULL, "the motion never ended");
	ck_assert_int_ne(done->outcome, OMT_OUTCOME_REACHED);
}
END_TEST

/* ---- the expected motion ---- */

/* A pedal motion up and its stop, through lags of 1 to 3 exchanges. */
START_TEST(a_drive_on_its_own_slow_ramp_raises_no_fault)
{
	for (unsigned int lag = 1; lag <= 3; lag++) {
		start_class(kinds[_i], lag);
		rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
		csteps(200);
		ck_assert_msg(snapshot().n_faults == 0,
			      "lag %u: a fault while the drive ran its own ramp",
			      lag);
		ck_assert(height_out()->move);
		ck_assert(drive.pos > 730.0);
		rig.in.inputs = 0;
		csteps(200);
		ck_assert_msg(snapshot().n_faults == 0,
			      "lag %u: a fault while the drive stopped", lag);
		ck_assert(!drive.vel);
		/* At rest, the setpoint stands where the drive stopped. */
		ck_assert_double_eq_tol(height_out()->setpoint, drive.pos, 1e-9);
	}
}
END_TEST

/*
 * A drive that ramps faster than its own profile says (its soft start
 * not applied) runs ahead of the motion expected of it: a following
 * error, which a streamed profile at the axis's 80 mm/s^2 would not see.
 */
START_TEST(a_drive_off_its_own_ramp_is_a_following_error)
{
	start_class(kinds[_i], 1);
	drive.ramp_factor = 20.0;
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	csteps(100);
	ck_assert(has_fault(OMT_FAULT_FOLLOWING_ERROR, OMT_AXIS_HEIGHT));
	ck_assert(!height_out()->move);
}
END_TEST

/* A drive that runs slower than told trails its expected motion. */
START_TEST(a_drive_slower_than_told_is_a_following_error)
{
	start_class(kinds[_i], 2);
	drive.speed_factor = 0.5;
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	csteps(300);
	ck_assert(has_fault(OMT_FAULT_FOLLOWING_ERROR, OMT_AXIS_HEIGHT));
	ck_assert(!height_out()->move);
}
END_TEST

/*
 * At a crawl on a long soft start the drive covers less than the stall
 * window's travel while its current rises: no stall, since the motion
 * expected of it made no more progress.  Jammed, it stalls.
 */
START_TEST(a_slow_soft_start_is_no_stall_but_a_jam_is)
{
	rig_params();
	rig.params.pedal_speed[OMT_AXIS_HEIGHT] = 2.0;
	rig.params.drive[OMT_AXIS_HEIGHT] = (struct omt_drive_model){
		.kind = kinds[_i], .lag_ns = CYCLE,
		.start_s = 2.0, .stop_s = 0.25, .accel = 1.0, .decel = 80.0,
	};
	rig.params.fault_monitors.axis[OMT_AXIS_HEIGHT].following_error_max = 1000;
	rig_start();
	class_drive_init(&drive, &rig.params.drive[OMT_AXIS_HEIGHT], 1,
			 rig.in.axis[OMT_AXIS_HEIGHT].position);
	jammed = false;
	current_ma = 800.0;
	rig.frozen[OMT_AXIS_HEIGHT] = true;
	steps(2);
	ck_assert_int_eq(simple(OMT_CMD_UNLOCK), OMT_CMD_OK);
	step();
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	for (int i = 0; i < 100; i++) {
		current_ma += 5.0;
		cstep();
	}
	ck_assert(!has_fault(OMT_FAULT_STALL, OMT_AXIS_HEIGHT));
	ck_assert(height_out()->move);
	jammed = true;
	for (int i = 0; i < 150; i++) {
		current_ma += 5.0;
		cstep();
	}
	ck_assert(has_fault(OMT_FAULT_STALL, OMT_AXIS_HEIGHT));
	ck_assert(!height_out()->move);
}
END_TEST

/*
 * A run just started reads running before its speed shows (below the
 * reading's resolution): it runs the way it was told, not an unknown
 * way to be stopped first.  Taken for the other way, the drive was told
 * to stop each time it started, and never got going (omt-sim's LINAK
 * actuator through the link, 0.1 mm/s a count).
 */
START_TEST(a_run_starting_below_the_speed_resolution_goes_on)
{
	start_class(kinds[_i], 2);
	speed_resolution = 2.0;
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	cstep();
	for (int i = 0; i < 100; i++) {
		cstep();
		ck_assert_msg(height_out()->move, "cycle %d: told to stop", i);
	}
	ck_assert(drive.pos > 705.0);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

/* ---- move false from the cycle of the decision ---- */

enum stop_cause { BY_RELEASE, BY_STOP, BY_FAULT, BY_ESTOP, BY_LOCK, N_CAUSES };

START_TEST(every_stop_is_move_false_in_the_cycle_of_the_decision)
{
	enum omt_drive_kind kind = kinds[_i % N_KINDS];
	enum stop_cause cause = (enum stop_cause)(_i / N_KINDS);

	start_class(kind, 2);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	csteps(60);
	ck_assert(height_out()->move);
	ck_assert(height_out()->speed > 0.0);
	switch (cause) {
	case BY_RELEASE:
		rig.in.inputs = 0;
		break;
	case BY_STOP:
		/* The pedal still held: Stop wants it released first. */
		ck_assert_int_eq(simple(OMT_CMD_STOP), OMT_CMD_OK);
		break;
	case BY_FAULT:
		rig.in.axis[OMT_AXIS_TILT].obstruction = true;
		break;
	case BY_ESTOP:
		rig.in.estop = true;
		break;
	case BY_LOCK:
		ck_assert_int_eq(simple(OMT_CMD_LOCK), OMT_CMD_OK);
		break;
	default:
		break;
	}
	cstep();
	ck_assert_msg(!height_out()->move, "cause %d: still told to move", cause);
	ck_assert_double_eq(height_out()->speed, 0.0);
	for (int i = 0; i < 100; i++) {
		cstep();
		ck_assert(!height_out()->move);
	}
	ck_assert(drive.vel == 0.0);
}
END_TEST

/*
 * The drive's own stop from the axis's top speed keeps within the bound
 * the axis promises (v^2 / (2 stop_decel) plus the lag's travel), and a
 * drive whose soft stop or deceleration cannot is refused at start.
 */
START_TEST(a_stop_keeps_within_the_axis_bound_or_is_refused)
{
	struct omt_table_params p;
	const struct omt_axis_limits *l;
	double v, bound, from;
	uint32_t id;

	start_class(kinds[_i], 2);
	l = &rig.params.limits[OMT_AXIS_HEIGHT];
	ck_assert_int_eq(move(H, 940, 0, &id), OMT_CMD_OK);
	for (int i = 0; i < 600 && fabs(drive.vel) < l->max_speed * 0.999; i++)
		cstep_held(id, i);
	v = fabs(drive.vel);
	ck_assert(v > l->max_speed * 0.99);
	from = drive.pos;
	ck_assert_int_eq(simple(OMT_CMD_STOP), OMT_CMD_OK);
	csteps(200);
	bound = v * v / (2.0 * omt_axis_limits_stop_decel(l)) +
		v * omt_drive_lag_s(&rig.params.drive[OMT_AXIS_HEIGHT]) +
		v * (double)CYCLE / 1e9;
	ck_assert_msg(drive.pos - from <= bound + 1e-6,
		      "stopped in %.3f, bound %.3f", drive.pos - from, bound);
	ck_assert_uint_eq(snapshot().n_faults, 0);

	/* A soft stop of 1.5 s, or 10 mm/s^2: refused. */
	p = rig.params;
	p.drive[OMT_AXIS_HEIGHT].stop_s = 1.5;
	p.drive[OMT_AXIS_HEIGHT].decel = 10.0;
	ck_assert_ptr_nonnull(omt_table_params_problem(&p));
	/* Nor on a drop section, whose arming holds it by its setpoint. */
	p = rig.params;
	p.drive[OMT_AXIS_CERVICAL] = p.drive[OMT_AXIS_HEIGHT];
	ck_assert_ptr_nonnull(omt_table_params_problem(&p));
}
END_TEST

/*
 * A MoveTo at full speed taken over by the pedal at a slow speed, held a
 * moment and released.  A target-position drive is not told the lower
 * speed while it runs faster: it stops on the ramp of the speed it runs
 * at.  The motion expected of it brakes at that rate too, so it never
 * runs ahead of the drive: at the slower ramp of the pedal's speed it
 * did, by past the following error (explorer seed 13045381), and a
 * table whose drive did all it was told latched following-error.
 */
START_TEST(a_drive_slowing_on_its_stop_is_expected_at_its_own_rate)
{
	const struct omt_axis_limits *l;
	double gap = 0.0;
	uint32_t id;

	for (unsigned int lag = 1; lag <= 3; lag++) {
		start_class_pedal(OMT_DRIVE_TARGET_POSITION, lag, 10.0);
		l = &rig.params.limits[OMT_AXIS_HEIGHT];
		ck_assert_int_eq(move(H, 940, 0, &id), OMT_CMD_OK);
		for (int i = 0; i < 600 && drive.vel < l->max_speed * 0.999; i++)
			cstep_held(id, i);
		ck_assert(drive.vel > l->max_speed * 0.99);
		rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
		for (int i = 0; i < 40; i++) {
			cstep();
			gap = fmax(gap, height_out()->setpoint - drive.pos);
		}
		rig.in.inputs = 0;
		for (int i = 0; i < 200; i++) {
			cstep();
			gap = fmax(gap, height_out()->setpoint - drive.pos);
		}
		ck_assert_msg(snapshot().n_faults == 0,
			      "lag %u: a fault although the drive did as told", lag);
		ck_assert(!drive.vel);
		/* Ahead by no more than the lag's travel at full speed. */
		ck_assert_msg(gap <= l->max_speed * lag * (double)CYCLE / 1e9 + 1e-6,
			      "lag %u: expected %.3f mm ahead of the drive", lag, gap);
	}
}
END_TEST

/*
 * A drive held back (jammed) while its expected motion sped up, let go
 * within its following error's give and stopped a moment later, runs
 * far slower than expected: it stops from its own speed on its own
 * ramp, and so does the motion expected of it.  Braking from the
 * expected speed instead, the setpoint ran on past where the drive
 * stood into a following error with no cause (explorer seed 25107010).
 */
START_TEST(a_drive_held_back_stops_from_its_own_speed)
{
	const struct omt_axis_limits *l;
	double give, gap = 0.0;
	uint32_t id;
	int i;

	rig_params();
	l = &rig.params.limits[OMT_AXIS_HEIGHT];
	give = rig.params.fault_monitors.axis[OMT_AXIS_HEIGHT]
		       .following_error_max;
	rig.params.drive[OMT_AXIS_HEIGHT] = (struct omt_drive_model){
		.kind = kinds[_i], .lag_ns = 3 * CYCLE,
		.start_s = 0.5, .stop_s = 0.25,
		.accel = l->max_accel, .decel = omt_axis_limits_stop_decel(l),
	};
	rig_start();
	class_drive_init(&drive, &rig.params.drive[OMT_AXIS_HEIGHT], 3,
			 rig.in.axis[OMT_AXIS_HEIGHT].position);
	current_ma = 800.0;
	speed_resolution = 0.0;
	rig.frozen[OMT_AXIS_HEIGHT] = true;
	steps(2);
	ck_assert_int_eq(simple(OMT_CMD_UNLOCK), OMT_CMD_OK);
	step();
	ck_assert_int_eq(move(H, 600, 0, &id), OMT_CMD_OK);
	/* Held back until its expected motion is most of the give ahead. */
	jammed = true;
	for (i = 0; drive.pos - height_out()->setpoint < 0.7 * give; i++)
		cstep_held(id, i);
	jammed = false;
	for (int n = 0; n < 6; n++)
		cstep_held(id, i++);
	ck_assert(snapshot().n_faults == 0);
	ck_assert(height_out()->move);
	ck_assert_int_eq(simple(OMT_CMD_STOP), OMT_CMD_OK);
	for (int n = 0; n < 200; n++) {
		cstep();
		gap = fmax(gap, drive.pos - height_out()->setpoint);
	}
	ck_assert_msg(!has_fault(OMT_FAULT_FOLLOWING_ERROR, OMT_AXIS_HEIGHT),
		      "a following error although the drive did as told "
		      "(%.3f mm behind)", gap);
	ck_assert(snapshot().n_faults == 0);
	ck_assert(drive.vel == 0.0);
	ck_assert_double_le(gap, give);
}
END_TEST

/*
 * A pedal taking over a full-speed move in its braking, on the way to a
 * combination rule's edge just beyond the move's target (height below
 * 800 forbids tilt above 10; the tilt stands at 12).  The drive is not
 * told the pedal's lower speed, nor the new end while it would run past
 * it; the motion expected of it brakes onto the edge all the same.  At
 * the pedal speed's gentler ramp it ran on into the forbidden box
 * (explorer seed 12181199), a setpoint no drive may be given.
 */
START_TEST(a_pedal_over_a_braking_move_stops_on_the_rule_edge)
{
	static const double pedal_speeds[] = { 10.0, 25.0 };
	const double edge = 800.0, from = 860.0, tilt = 12.0;
	unsigned int lag = 1 + (unsigned int)_i % 3;
	double pedal_speed = pedal_speeds[_i / 3];
	unsigned int braking = 0, takeovers = 0;
	uint32_t id;

	/* Each cycle of the move's braking in turn, and a few before. */
	for (unsigned int at = 0;; at++) {
		double lowest = from, drive_low = from, stood;
		bool braked = false;

		rig_params();
		rig.params.rules.n_rules = 1;
		rig.params.rules.rule[0] = (struct omt_combo_rule){
			.when = { OMT_AXIS_HEIGHT, OMT_CMP_LT, edge },
			.forbid = { OMT_AXIS_TILT, OMT_CMP_GT, 10.0 },
		};
		start_class_at(OMT_DRIVE_TARGET_POSITION, lag, pedal_speed,
			       from, tilt);
		ck_assert_int_eq(move(H, edge + 0.7, tilt, &id), OMT_CMD_OK);
		for (int i = 0; i < 600; i++) {
			double v = rig.logic.profile[OMT_AXIS_HEIGHT].velocity;

			cstep_held(id, i);
			/* Braking: slower than the last cycle, near the end. */
			if (!braked && i > 0 && v < -1.0 &&
			    rig.logic.profile[OMT_AXIS_HEIGHT].velocity > v &&
			    height_out()->setpoint < edge + 10.0)
				braked = true;
			if (braked && braking++ >= at)
				break;
		}
		braking = 0;
		if (!braked || rig.logic.profile[OMT_AXIS_HEIGHT].velocity == 0.0)
			break;          /* the move has ended: every moment tried */
		takeovers++;
		rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
		for (int i = 0; i < 300; i++) {
			cstep();
			lowest = fmin(lowest, height_out()->setpoint);
			drive_low = fmin(drive_low, drive.pos);
		}
		stood = drive.pos;
		rig.in.inputs = 0;
		csteps(50);
		ck_assert_msg(lowest >= edge - 1e-9,
			      "lag %u, pedal %.0f mm/s, taken over %u cycles into the braking: expected at %.6f (the drive at %.6f), past the edge",
			      lag, pedal_speed, at, lowest, drive_low);
		ck_assert_msg(stood >= edge - 1e-3,
			      "lag %u, pedal %.0f mm/s: the drive stood at %.4f",
			      lag, pedal_speed, stood);
		ck_assert_msg(snapshot().n_faults == 0,
			      "lag %u, pedal %.0f mm/s, taken over %u cycles into the braking: a fault",
			      lag, pedal_speed, at);
	}
	ck_assert_uint_gt(takeovers, 10);
}
END_TEST

/* ---- reversal ---- */

/*
 * Up at speed, then down at once: the drive is told to stop and only
 * once it reads still to run down.  It never refuses a reversal.
 */
START_TEST(a_reversal_is_a_stop_until_the_drive_stands_still)
{
	bool saw_stop = false;

	start_class(kinds[_i], 3);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	csteps(120);
	ck_assert(drive.vel > 0.0);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	for (int i = 0; i < 300; i++) {
		cstep();
		/* What the core read this cycle: the drive as it stepped. */
		if (height_out()->move && height_out()->target < drive.pos)
			ck_assert_msg(drive.vel <= 0.0,
				      "told to run down while it ran up");
		/* Told to stop while it still ran up. */
		if (!height_out()->move && drive.vel > 0.0)
			saw_stop = true;
	}
	ck_assert(saw_stop);
	ck_assert(height_out()->move);
	ck_assert(drive.vel < 0.0);
	ck_assert_uint_eq(drive.reversals_refused, 0);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

/*
 * Told to run up, and on the next cycle to a new target a hair above
 * where the drive still reads standing: the drive, an instant start and
 * a lag of three exchanges, has run past the new target by the time it
 * hears of it.  It is told to stop first, not to turn back (explorer
 * seed 25094248: a tilt told 8.3388 while it read 8.3103, a run at 4/s
 * told the cycle before; it stood at 8.3503 when it heard, and refused).
 */
START_TEST(a_new_target_a_run_in_flight_passes_is_a_stop_first)
{
	struct omt_drive_model m = model_of(OMT_DRIVE_TARGET_POSITION, 3);
	uint32_t id;

	m.start_s = 0.0;
	m.stop_s = 0.0;
	rig_params();
	start_class_model(m, 3, 0.0, 700.0, 0.0);
	ck_assert_int_eq(move(H, 720.0, 0.0, &id), OMT_CMD_OK);
	cstep();
	ck_assert(height_out()->move);
	ck_assert_double_eq(drive.pos, 700.0);
	ck_assert_int_eq(move(H, 700.05, 0.0, &id), OMT_CMD_OK);
	for (int i = 0; i < 300; i++) {
		cstep_held(id, i);
		if (height_out()->move && height_out()->target < drive.pos)
			ck_assert_msg(drive.vel <= 0.0,
				      "told to run down to %.4f while it ran up at %.4f",
				      height_out()->target, drive.pos);
	}
	/* It stands where its stop left it, the motion over (within its
	 * band of the target, as any such drive's). */
	ck_assert_uint_eq(drive.reversals_refused, 0);
	ck_assert_double_eq(drive.vel, 0.0);
	ck_assert_int_eq(snapshot().motion_source, OMT_SOURCE_NONE);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

/* ---- speed and target ---- */

/*
 * One speed for the whole leg: a move from 700 down to 610 crosses the
 * slow zone below 650 (15 mm/s), so it runs at 15 from the start.
 */
START_TEST(a_leg_into_a_slow_zone_runs_at_the_zone_speed_throughout)
{
	uint32_t id;
	int moving = 0;

	start_class(kinds[_i], 1);
	ck_assert_int_eq(move(H, 610, 0, &id), OMT_CMD_OK);
	for (int i = 0; i < 1500 && snapshot().motion_source != OMT_SOURCE_NONE; i++) {
		cstep_held(id, i);
		if (!height_out()->move)
			continue;
		moving++;
		ck_assert_double_le(height_out()->speed, 15.0);
		assert_told_towards(OMT_AXIS_HEIGHT, 610.0);
	}
	ck_assert_int_gt(moving, 100);
	ck_assert_double_eq_tol(drive.pos, 610.0, 0.5);
	ck_assert_uint_eq(snapshot().n_faults, 0);
}
END_TEST

/*
 * A pedal's target is where the motion ends: the soft limit, or the
 * combination rule's range end (tilt above 10 degrees is forbidden below
 * 800 mm: the tilt pedal runs to 10).  Pedals hold as for any drive.
 */
START_TEST(a_pedal_targets_its_range_end)
{
	start_class(kinds[_i], 1);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	csteps(5);
	ck_assert(height_out()->move);
	assert_told_towards(OMT_AXIS_HEIGHT,
			    rig.params.limits[OMT_AXIS_HEIGHT].soft_min);
	ck_assert_double_le(height_out()->speed, 15.0);

	rig_params();
	rig.params.drive[OMT_AXIS_TILT] = model_of(kinds[_i], 1);
	rig.params.drive[OMT_AXIS_TILT].start_s = 0.5;
	rig.params.drive[OMT_AXIS_TILT].accel = 8.0;
	rig.params.drive[OMT_AXIS_TILT].decel = 8.0;
	rig.params.rules.n_rules = 1;
	rig.params.rules.rule[0] = (struct omt_combo_rule){
		.when = { OMT_AXIS_HEIGHT, OMT_CMP_LT, 800.0 },
		.forbid = { OMT_AXIS_TILT, OMT_CMP_GT, 10.0 },
	};
	start_unlocked();
	rig.in.inputs = BIT(OMT_IN_PEDAL_TILT_UP);
	steps(3);
	ck_assert(rig.out.axis[OMT_AXIS_TILT].move);
	assert_told_towards(OMT_AXIS_TILT, 10.0);
	ck_assert_double_le(rig.out.axis[OMT_AXIS_TILT].speed,
			    rig.params.pedal_speed[OMT_AXIS_TILT]);
}
END_TEST

/* ---- the obstruction back-off ---- */

/*
 * Lowered onto an obstruction, the height backs off upwards; pushed up
 * past the back-off's target while it runs (someone lifts the table
 * top), it has backed off.  It is never told to run back down to that
 * target, towards the obstruction, while the fault is latched (explorer
 * seed 3024832).
 */
START_TEST(a_back_off_pushed_past_its_target_is_not_told_back_down)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	bool pushed = false;
	int i;

	start_class(kinds[_i], 3);
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	csteps(100);
	ck_assert(drive.vel < 0.0);
	r->obstruction = true;
	rig.in.inputs = 0;
	for (i = 0; i < 600 && !pushed; i++) {
		cstep();
		/* Backing off at speed: pushed 1.5 mm past its target. */
		if (height_out()->move && height_out()->target > drive.pos &&
		    drive.vel > 5.0 && height_out()->target - drive.pos < 1.0) {
			drive.pos = height_out()->target + 1.5;
			pushed = true;
		}
	}
	ck_assert_msg(pushed, "the back-off never ran up near its target");
	ck_assert(has_fault(OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT));
	for (i = 0; i < 300; i++) {
		cstep();
		ck_assert_msg(!height_out()->move ||
				      height_out()->target >= r->position,
			      "cycle %d: faulted, at %.3f, told to run down to %.3f",
			      i, r->position, height_out()->target);
	}
	ck_assert(has_fault(OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT));
	ck_assert_double_eq_tol(drive.vel, 0.0, 1e-9);
}
END_TEST

/*
 * Lowered by the pedal and let go: the expected motion comes to rest a
 * lag before the drive, which runs on on its own stop.  An obstruction
 * met in that time was met lowering: the height backs off upwards, and
 * up is the escape.  Taken for an axis met at rest (the expected
 * motion's speed, 0), there was neither, and ClearFaults, a MoveTo up
 * and the up pedal were all refused while the obstruction lasted
 * (explorer seed 16009852).
 */
START_TEST(an_obstruction_met_while_the_drive_runs_on_its_stop_is_backed_off)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	const struct omt_axis_limits *l;
	double met;
	int i;

	start_class(kinds[_i], 3);
	l = &rig.params.limits[OMT_AXIS_HEIGHT];
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	csteps(150);
	ck_assert(drive.vel < -0.5 * rig.params.pedal_speed[OMT_AXIS_HEIGHT]);
	rig.in.inputs = 0;
	/* The expected motion at rest, the drive still running down. */
	for (i = 0; i < 200 && (!omt_profile_at_rest(&rig.logic.profile[OMT_AXIS_HEIGHT]) ||
				drive.vel == 0.0); i++)
		cstep();
	ck_assert_msg(drive.vel < -0.01 * l->max_speed,
		      "the drive stood still with its expected motion (%.3f)",
		      drive.vel);
	met = drive.pos;
	r->obstruction = true;
	csteps(300);
	ck_assert(has_fault(OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT));
	ck_assert_msg(drive.pos > met + 5.0,
		      "met at %.3f, stands at %.3f: no back-off", met, drive.pos);
	ck_assert_int_eq(rig.logic.escape.dir, 1);
}
END_TEST

/*
 * The same met by the kernel's obstruction switch, which cuts power: the
 * drive ran on down when it tripped, so up is the escape, on the
 * kernel's grant.  Taken for a switch met at rest, no escape was known
 * while it stayed pressed.
 */
START_TEST(a_kernel_obstruction_met_while_the_drive_runs_on_its_stop_has_an_escape)
{
	const struct omt_axis_limits *l;
	int i;

	start_class(kinds[_i], 3);
	l = &rig.params.limits[OMT_AXIS_HEIGHT];
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	csteps(150);
	rig.in.inputs = 0;
	for (i = 0; i < 200 && (!omt_profile_at_rest(&rig.logic.profile[OMT_AXIS_HEIGHT]) ||
				drive.vel == 0.0); i++)
		cstep();
	ck_assert_msg(drive.vel < -0.01 * l->max_speed,
		      "the drive stood still with its expected motion (%.3f)",
		      drive.vel);
	rig.in.interlock = OMT_INTERLOCK_OBSTRUCTED;
	csteps(50);
	ck_assert(has_fault(OMT_FAULT_INTERLOCK, OMT_AXIS_COUNT));
	ck_assert_int_eq(rig.logic.escape.axis, OMT_AXIS_HEIGHT);
	ck_assert_int_eq(rig.logic.escape.dir, 1);
}
END_TEST

/*
 * Lowered by the pedal, locked, and an obstruction met while the height
 * still brakes: a locked table moves for nobody, the automatic back-off
 * included.  The height brakes and stays down; after Unlock too (the
 * escape, held, is the way off).  Jammed where it stood, the drive read
 * still and was told 10 mm up at 40 mm/s on the locked table; running,
 * its back-off waited and ran at Unlock, nobody holding it (explorer
 * seed 19024431).  Loops over the kinds, jammed and not.
 */
START_TEST(an_obstruction_met_braking_after_lock_starts_no_back_off)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	double met;
	int i;

	start_class(kinds[_i % N_KINDS], 1);
	jammed = _i >= N_KINDS;
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	csteps(jammed ? 20 : 100);
	ck_assert(height_out()->move);
	ck_assert_int_eq(simple(OMT_CMD_LOCK), OMT_CMD_OK);
	rig.in.inputs = 0;
	cstep();
	/* Jammed, it reads still: the motion expected of it may have
	 * stopped with it already (a drive stops from the speed it runs
	 * at, explorer seed 25107010). */
	ck_assert(jammed ||
		  !omt_profile_at_rest(&rig.logic.profile[OMT_AXIS_HEIGHT]));
	met = drive.pos;
	r->obstruction = true;
	cstep();
	r->obstruction = false;
	ck_assert(has_fault(OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT));
	for (i = 0; i < 300; i++) {
		ck_assert_msg(!height_out()->move,
			      "cycle %d: locked, told to run to %.3f from %.3f",
			      i, height_out()->target, r->position);
		cstep();
	}
	ck_assert(snapshot().locked);
	ck_assert_double_le_tol(drive.pos, met, 1e-9);
	jammed = false;
	ck_assert_int_eq(simple(OMT_CMD_UNLOCK), OMT_CMD_OK);
	for (i = 0; i < 300; i++) {
		cstep();
		ck_assert_msg(!height_out()->move,
			      "cycle %d after Unlock: told to run to %.3f from %.3f, nobody holding it",
			      i, height_out()->target, r->position);
	}
	ck_assert_double_le_tol(drive.pos, met, 1e-9);
	ck_assert(has_fault(OMT_FAULT_OBSTRUCTION, OMT_AXIS_HEIGHT));
}
END_TEST

/* A streamed drive is told no move at all: its motion is the setpoint. */
START_TEST(a_cyclic_drive_keeps_its_streamed_setpoint)
{
	rig_params();
	start_unlocked();
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_UP);
	steps(50);
	ck_assert(rig.out.axis[OMT_AXIS_HEIGHT].setpoint > 700.0);
	ck_assert_uint_eq(snapshot().n_faults, 0);
	rig.in.inputs = 0;
	step();
	ck_assert(!rig.out.axis[OMT_AXIS_HEIGHT].move);
}
END_TEST

/* ---- a drive that runs on when its link falls silent ---- */

/*
 * A CiA 402 drive over Modbus runs on to the last target it heard when
 * its link is cut.  Held down from 700 to 600 (a pedal's range end) it
 * is told a target its leash ahead of where it stands, renewed every
 * cycle, so far ahead that it never brakes short of the expected motion
 * (no following error) and still arrives at the range's end.
 */
START_TEST(a_drive_that_runs_on_when_silent_is_told_a_leash_ahead)
{
	double end;
	int leashed = 0, i;

	for (unsigned int lag = 1; lag <= 3; lag++) {
		start_class(OMT_DRIVE_PROFILE_POSITION, lag);
		end = rig.params.limits[OMT_AXIS_HEIGHT].soft_min;
		rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
		for (i = 0; i < 3000 && fabs(drive.pos - end) > 0.5; i++) {
			cstep();
			if (!height_out()->move)
				continue;
			assert_told_towards(OMT_AXIS_HEIGHT, end);
			if (height_out()->target != end)
				leashed++;
		}
		ck_assert_double_eq_tol(drive.pos, end, 0.5);
		ck_assert_uint_eq(snapshot().n_faults, 0);
	}
	ck_assert_int_gt(leashed, 300);
}
END_TEST

/*
 * Its link cut while it runs at speed (nothing reaches it any more; it
 * acts on the last it heard), it stops within its leash of where it
 * was, not at the range's end 90 mm away, while the core latches the
 * silence.
 */
START_TEST(a_drive_cut_off_mid_run_stops_within_its_leash)
{
	struct omt_axis_reading *r = &rig.in.axis[OMT_AXIS_HEIGHT];
	double cycle_s = (double)CYCLE / 1e9, at_cut, speed, end;
	struct class_drive_cmd last;
	int i;

	start_class(OMT_DRIVE_PROFILE_POSITION, _i + 1);
	end = rig.params.limits[OMT_AXIS_HEIGHT].soft_min;
	rig.in.inputs = BIT(OMT_IN_PEDAL_HEIGHT_DOWN);
	for (i = 0; i < 300 && !(height_out()->move &&
				 fabs(drive.vel) >= height_out()->speed - 1e-9);
	     i++)
		cstep();
	csteps(10);
	ck_assert(height_out()->move);
	speed = height_out()->speed;
	ck_assert_double_eq_tol(fabs(drive.vel), speed, 1e-6);
	ck_assert_double_gt(drive.pos - end, 80.0);
	last = (struct class_drive_cmd){
		.move = height_out()->move, .target = height_out()->target,
		.speed = height_out()->speed,
	};
	at_cut = drive.pos;
	r->comm = OMT_COMM_TIMEOUT;
	for (i = 0; i < steps_until_lost() + 500; i++) {
		class_drive_step(&drive, &last, true, false, cycle_s);
		step();
	}
	ck_assert(!class_drive_running(&drive));
	ck_assert_double_le(at_cut - drive.pos,
			    omt_drive_leash(&rig.params.drive[OMT_AXIS_HEIGHT],
					    speed, cycle_s));
	ck_assert(has_fault(OMT_FAULT_COMMS_LOST, OMT_AXIS_HEIGHT) ||
		  has_fault(OMT_FAULT_MODBUS_TIMEOUT, OMT_AXIS_HEIGHT));
}
END_TEST

static Suite *class_suite(void)
{
	Suite *s = suite_create("class_supervision");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, a_drive_on_its_own_slow_ramp_raises_no_fault, 0, N_KINDS);
	tcase_add_loop_test(tc, a_drive_off_its_own_ramp_is_a_following_error, 0, N_KINDS);
	tcase_add_loop_test(tc, a_drive_slower_than_told_is_a_following_error, 0, N_KINDS);
	tcase_add_loop_test(tc, a_slow_soft_start_is_no_stall_but_a_jam_is, 0, N_KINDS);
	tcase_add_loop_test(tc, a_run_starting_below_the_speed_resolution_goes_on, 0, N_KINDS);
	tcase_add_loop_test(tc, every_stop_is_move_false_in_the_cycle_of_the_decision,
			    0, N_KINDS * N_CAUSES);
	tcase_add_loop_test(tc, a_stop_keeps_within_the_axis_bound_or_is_refused, 0, N_KINDS);
	tcase_add_test(tc, a_drive_slowing_on_its_stop_is_expected_at_its_own_rate);
	tcase_add_loop_test(tc, a_drive_held_back_stops_from_its_own_speed,
			    0, N_KINDS);
	tcase_add_loop_test(tc, a_pedal_over_a_braking_move_stops_on_the_rule_edge, 0, 6);
	tcase_add_loop_test(tc, a_reversal_is_a_stop_until_the_drive_stands_still, 0, N_KINDS);
	tcase_add_test(tc, a_new_target_a_run_in_flight_passes_is_a_stop_first);
	tcase_add_loop_test(tc, a_leg_into_a_slow_zone_runs_at_the_zone_speed_throughout,
			    0, N_KINDS);
	tcase_add_loop_test(tc, a_pedal_targets_its_range_end, 0, N_KINDS);
	tcase_add_test(tc, a_cyclic_drive_keeps_its_streamed_setpoint);
	tcase_add_loop_test(tc, a_drive_starting_the_way_it_was_told_is_no_reversal,
			    0, N_KINDS);
	tcase_add_test(tc, a_reading_a_step_above_the_speed_told_is_that_speed);
	tcase_add_loop_test(tc, a_silent_faulted_drive_ends_its_motion, 0, N_KINDS);
	tcase_add_test(tc, a_drive_that_runs_on_when_silent_is_told_a_leash_ahead);
	tcase_add_loop_test(tc, a_drive_cut_off_mid_run_stops_within_its_leash, 0, 3);
	tcase_add_loop_test(tc, a_back_off_pushed_past_its_target_is_not_told_back_down,
			    0, N_KINDS);
	tcase_add_loop_test(tc, an_obstruction_met_while_the_drive_runs_on_its_stop_is_backed_off,
			    0, N_KINDS);
	tcase_add_loop_test(tc, a_kernel_obstruction_met_while_the_drive_runs_on_its_stop_has_an_escape,
			    0, N_KINDS);
	tcase_add_loop_test(tc, an_obstruction_met_braking_after_lock_starts_no_back_off,
			    0, 2 * N_KINDS);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(class_suite());
}
