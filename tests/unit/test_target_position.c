// SPDX-License-Identifier: MIT
/*
 * The target-position class (LINAK TECHLINE style) exchange by exchange:
 * what is written for each wish of the loop in each phase, and how the
 * actuator's replies decode.  Replies are register words as the
 * actuator's manual lays them out (common/linak_regs.h).
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "check_run.h"
#include "linak_regs.h"
#include "omt_regs.h"
#include "regmap.h"
#include "target_position.h"

static struct omt_regmap prof;
static struct target_position_sm sm;
static struct drive_writes w;
static struct drive_reading rd;
static uint64_t now;

struct reply {
	uint16_t pos;           /* 0.1 mm */
	uint16_t status;        /* LINAK_STATUS_* */
	uint16_t error;
	uint16_t speed;         /* 0.1 mm/s */
	uint16_t current;
};

static void setup(void)
{
	regmap_builtin_linak_techline_tcp(&prof);
	/* The codec's arithmetic on round figures: an actuator of 30 mm/s
	 * at full PWM, ramps of 0.5 s and 0.25 s. */
	prof.dc.target.full_speed = 30.0;
	prof.dc.target.soft_start_s = 0.5;
	ck_assert_int_eq(target_position_init(&sm, &prof), 0);
	now = 1000;
}

static const struct drive_intent hold = { .enable = true };

static struct drive_intent go(double target, double speed)
{
	struct drive_intent in = { .enable = true, .move = true,
				   .target = target, .speed = speed };
	return in;
}

static int step(const struct drive_intent *in)
{
	now += 10;
	return target_position_step(&sm, in, now, &w);
}

static void reply(struct reply r)
{
	uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 };

	words[sm.reads.word_of[TARGET_READ_POSITION]] = r.pos;
	words[sm.reads.word_of[TARGET_READ_STATUS]] = r.status;
	words[sm.reads.word_of[TARGET_READ_ERROR]] = r.error;
	words[sm.reads.word_of[TARGET_READ_SPEED_ACTUAL]] = r.speed;
	words[sm.reads.word_of[TARGET_READ_CURRENT]] = r.current;
	target_position_decode(&sm, words, now, &rd);
}

static bool written(uint16_t addr, uint16_t *value)
{
	uint16_t v;

	if (drive_writes_find(&w, addr, &v))
		return false;
	if (value)
		*value = v;
	return true;
}

static uint16_t command(void)
{
	uint16_t v;

	ck_assert_msg(written(LINAK_REG_COMMAND, &v), "no command written");
	return v;
}

/* Power-up: need stop until stopped, then idle at pos. */
static void start_at(uint16_t pos)
{
	step(&hold);
	reply((struct reply){ .pos = pos, .error = LINAK_ERR_NEED_STOP });
	step(&hold);
	reply((struct reply){ .pos = pos });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
}

START_TEST(reads_are_one_request_in_the_manuals_layout)
{
	ck_assert_uint_eq(sm.reads.n_groups, 1);
	ck_assert_uint_eq(sm.reads.group[0].addr, LINAK_REG_POSITION);
	ck_assert_uint_eq(sm.reads.group[0].count, 5);
}
END_TEST

START_TEST(startup_writes_stop_and_the_ramps_first)
{
	uint16_t v;

	ck_assert_int_eq(step(&hold), 0);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	ck_assert(written(LINAK_REG_SOFT_START, &v));
	ck_assert_uint_eq(v, 10);              /* 0.5 s / 0.05 s */
	ck_assert(written(LINAK_REG_SOFT_STOP, &v));
	ck_assert_uint_eq(v, 5);               /* 0.25 s */
	ck_assert(!written(LINAK_REG_CURRENT_LIMIT, NULL));
	ck_assert(written(LINAK_REG_HEARTBEAT, NULL));
	/* Speed, soft start and soft stop in one request, then heartbeat
	 * and command in another. */
	ck_assert_uint_eq(w.n, 2);
	ck_assert_uint_eq(w.w[1].addr, LINAK_REG_HEARTBEAT);
	ck_assert_uint_eq(w.w[1].count, 2);
}
END_TEST

START_TEST(no_motion_before_the_startup_is_done)
{
	struct drive_intent in = go(200.0, 10.0);

	/* However long the actuator keeps asking for a stop. */
	for (unsigned int i = 0; i < 50; i++) {
		step(&in);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
		reply((struct reply){ .pos = 1000,
				      .error = LINAK_ERR_NEED_STOP });
		ck_assert(!(rd.status & OMT_STATUS_READY));
		ck_assert(!(rd.status & OMT_STATUS_ENABLED));
		ck_assert(!(rd.status & OMT_STATUS_FAULT));
	}
	step(&in);
	reply((struct reply){ .pos = 1000 });
	ck_assert(rd.status & OMT_STATUS_READY);
	step(&in);
	ck_assert_uint_eq(command(), 2000);
}
END_TEST

START_TEST(startup_waits_for_a_still_actuator)
{
	step(&hold);
	reply((struct reply){ .pos = 1000,
			      .status = LINAK_STATUS_RUNNING_IN });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_STARTUP);
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	reply((struct reply){ .pos = 990 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
	ck_assert_uint_eq(rd.status & (OMT_STATUS_READY | OMT_STATUS_ENABLED |
				       OMT_STATUS_HOMED),
			  OMT_STATUS_READY | OMT_STATUS_ENABLED |
			  OMT_STATUS_HOMED);
}
END_TEST

START_TEST(a_startup_that_never_ends_is_a_fault)
{
	while (sm.phase == TARGET_PHASE_STARTUP && now < 10000) {
		step(&hold);
		reply((struct reply){ .pos = 1000,
				      .error = LINAK_ERR_NEED_STOP });
	}
	ck_assert_int_eq(target_position_fault(&sm),
			 DRIVE_FAULT_STARTUP_TIMEOUT);
	ck_assert(rd.status & OMT_STATUS_FAULT);
	/* Within the stop timeout (1 s) and a step. */
	ck_assert_uint_le(now, 1000 + 1000 + 20);
}
END_TEST

START_TEST(the_heartbeat_changes_every_exchange)
{
	struct drive_intent in[] = { hold, go(300.0, 20.0), go(100.0, 5.0),
				     { .enable = false }, { .quick_stop = true } };
	uint16_t before = 0xffff, v;

	for (unsigned int i = 0; i < 2000; i++) {
		step(&in[(i / 37) % 5]);
		ck_assert(written(LINAK_REG_HEARTBEAT, &v));
		ck_assert_uint_le(v, 255);
		ck_assert_uint_ne(v, before);
		before = v;
		reply((struct reply){ .pos = 1000,
				      .status = (i / 11) % 2 ?
					LINAK_STATUS_RUNNING_OUT : 0,
				      .error = i % 500 == 499 ? 5 : 0 });
		if (i % 500 == 499)
			step(&(struct drive_intent){ .fault_reset = true });
	}
}
END_TEST

START_TEST(a_run_is_sent_once_and_again_only_for_a_real_change)
{
	uint16_t v;
	struct drive_intent in = go(200.0, 15.0);

	start_at(1000);
	step(&in);
	ck_assert_uint_eq(command(), 2000);
	ck_assert(written(LINAK_REG_SPEED, &v));
	ck_assert_uint_eq(v, 100);             /* 15 of 30 mm/s: 50 % */
	for (unsigned int i = 0; i < 20; i++) {
		reply((struct reply){ .pos = (uint16_t)(1000 + 10 * i),
				      .status = LINAK_STATUS_RUNNING_OUT,
				      .speed = 150 });
		ck_assert(rd.status & OMT_STATUS_MOVING);
		ck_assert(fabs(rd.velocity - 15.0) < 1e-9);
		/* Within the dead band: heartbeat only. */
		in.target = 200.0 + (i % 2 ? 0.5 : -0.9);
		step(&in);
		ck_assert(!written(LINAK_REG_COMMAND, NULL));
		ck_assert(!written(LINAK_REG_SPEED, NULL));
		ck_assert(written(LINAK_REG_HEARTBEAT, NULL));
	}
	in.target = 202.0;
	step(&in);
	ck_assert_uint_eq(command(), 2020);
	ck_assert(!written(LINAK_REG_SPEED, NULL));
	reply((struct reply){ .pos = 1200, .status = LINAK_STATUS_RUNNING_OUT });
	/* A new speed alone is the speed register alone. */
	in.speed = 30.0;
	step(&in);
	ck_assert(!written(LINAK_REG_COMMAND, NULL));
	ck_assert(written(LINAK_REG_SPEED, &v));
	ck_assert_uint_eq(v, 200);
}
END_TEST

START_TEST(speed_is_a_share_of_full_speed_within_the_register)
{
	static const struct { double speed; uint16_t counts; } cases[] = {
		{ 30.0, 200 }, { 300.0, 200 }, { 0.01, 1 }, { 7.5, 50 },
		/* 166.7 counts: 166, never a count faster than asked. */
		{ 25.0, 166 },
	};

	for (unsigned int i = 0; i < 5; i++) {
		struct drive_intent in = go(200.0, cases[i].speed);
		uint16_t v;

		setup();
		start_at(1000);
		step(&in);
		ck_assert(written(LINAK_REG_SPEED, &v));
		ck_assert_uint_eq(v, cases[i].counts);
	}
}
END_TEST

START_TEST(release_stops_from_the_next_exchange)
{
	start_at(1000);
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 200.0, .speed = 10.0 });
	reply((struct reply){ .pos = 1050, .status = LINAK_STATUS_RUNNING_OUT });
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	for (unsigned int i = 0; i < 5; i++) {
		reply((struct reply){ .pos = 1060,
				      .status = LINAK_STATUS_RUNNING_OUT });
		ck_assert_int_eq(sm.phase, TARGET_PHASE_STOPPING);
		step(&hold);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	}
	reply((struct reply){ .pos = 1062 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
	ck_assert(!(rd.status & OMT_STATUS_MOVING));
	ck_assert(!(rd.status & OMT_STATUS_IN_POSITION));
	/* Standing still: STOP is repeated, never a run. */
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
}
END_TEST

START_TEST(quick_stop_and_disable_stop_too)
{
	struct drive_intent stops[] = {
		{ .enable = true, .move = true, .quick_stop = true,
		  .target = 200.0, .speed = 10.0 },
		{ .enable = false, .move = true, .target = 200.0, .speed = 10.0 },
	};

	for (unsigned int i = 0; i < 2; i++) {
		setup();
		start_at(1000);
		step(&(struct drive_intent){ .enable = true, .move = true,
					      .target = 200.0, .speed = 10.0 });
		reply((struct reply){ .pos = 1050,
				      .status = LINAK_STATUS_RUNNING_OUT });
		step(&stops[i]);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
		ck_assert_int_eq(sm.phase, TARGET_PHASE_STOPPING);
	}
}
END_TEST

START_TEST(a_reversal_stops_first_and_waits_for_a_still_actuator)
{
	struct drive_intent in = go(200.0, 10.0);

	start_at(1000);
	step(&in);
	ck_assert_uint_eq(command(), 2000);
	reply((struct reply){ .pos = 1500, .status = LINAK_STATUS_RUNNING_OUT });
	in.target = 120.0;                     /* behind: a reversal */
	for (unsigned int i = 0; i < 10; i++) {
		step(&in);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
		reply((struct reply){ .pos = (uint16_t)(1500 + i),
				      .status = LINAK_STATUS_RUNNING_OUT });
	}
	reply((struct reply){ .pos = 1510 });
	step(&in);
	ck_assert_uint_eq(command(), 1200);
	ck_assert_int_eq(sm.phase, TARGET_PHASE_RUNNING);
	ck_assert_int_eq(sm.target_dir, -1);
}
END_TEST

START_TEST(a_new_goal_where_the_actuator_is_stops_it_there)
{
	struct drive_intent in = go(200.0, 10.0);

	start_at(1000);
	step(&in);
	reply((struct reply){ .pos = 1500, .status = LINAK_STATUS_RUNNING_OUT });
	in.target = 150.05;                    /* within retarget of 150.0 */
	step(&in);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	ck_assert_int_eq(sm.phase, TARGET_PHASE_STOPPING);
}
END_TEST

START_TEST(an_overshoot_of_the_same_target_is_left_to_the_actuator)
{
	struct drive_intent in = go(200.0, 10.0);

	start_at(1000);
	step(&in);
	/* Past the target and still running: its own positioning. */
	reply((struct reply){ .pos = 2030, .status = LINAK_STATUS_RUNNING_OUT });
	step(&in);
	ck_assert(!written(LINAK_REG_COMMAND, NULL));
	ck_assert_int_eq(sm.phase, TARGET_PHASE_RUNNING);
	/* Stopped beyond the band: the way back starts from standstill. */
	reply((struct reply){ .pos = 2030 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
	step(&in);
	ck_assert_uint_eq(command(), 2000);
	ck_assert_int_eq(sm.target_dir, -1);
}
END_TEST

START_TEST(a_stop_that_does_not_end_is_a_fault)
{
	start_at(1000);
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 200.0, .speed = 10.0 });
	reply((struct reply){ .pos = 1050, .status = LINAK_STATUS_RUNNING_OUT });
	while (target_position_fault(&sm) == DRIVE_FAULT_NONE && now < 10000) {
		step(&hold);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
		reply((struct reply){ .pos = 1050,
				      .status = LINAK_STATUS_RUNNING_OUT });
	}
	ck_assert_int_eq(target_position_fault(&sm), DRIVE_FAULT_STOP_TIMEOUT);
	ck_assert(rd.status & OMT_STATUS_FAULT);
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
}
END_TEST

START_TEST(position_lost_is_a_fault_that_blocks_motion)
{
	start_at(1000);
	reply((struct reply){ .pos = LINAK_POSITION_LOST });
	ck_assert_int_eq(target_position_fault(&sm), DRIVE_FAULT_POSITION_LOST);
	ck_assert(rd.status & OMT_STATUS_FAULT);
	ck_assert(!(rd.status & OMT_STATUS_HOMED));
	ck_assert(!(rd.status & OMT_STATUS_READY));
	ck_assert_uint_eq(rd.fault_code, OMT_DRIVE_FAULT_ENCODER);
	/* The last known position, never the sentinel as millimetres. */
	ck_assert(fabs(rd.position - 100.0) < 1e-9);
	for (unsigned int i = 0; i < 20; i++) {
		step(&(struct drive_intent){ .enable = true, .move = true,
					      .target = 200.0, .speed = 10.0 });
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
		reply((struct reply){ .pos = LINAK_POSITION_LOST });
	}
	/* A reset while still lost: cleared, started again, lost again. */
	step(&(struct drive_intent){ .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_CLEAR_ERROR);
	reply((struct reply){ .pos = LINAK_POSITION_LOST });
	ck_assert_int_eq(target_position_fault(&sm), DRIVE_FAULT_POSITION_LOST);
	/* A position past the travel is no position either. */
	setup();
	start_at(1000);
	reply((struct reply){ .pos = LINAK_POSITION_MAX + 1 });
	ck_assert_int_eq(target_position_fault(&sm), DRIVE_FAULT_POSITION_LOST);
}
END_TEST

START_TEST(every_error_code_latches_its_named_fault)
{
	for (uint16_t code = 1; code <= 12; code++) {
		enum drive_named_fault f = target_position_error_fault(&prof,
								       code);

		setup();
		start_at(1000);
		reply((struct reply){ .pos = 1000, .error = code });
		ck_assert_int_eq(target_position_fault(&sm), f);
		ck_assert(rd.status & OMT_STATUS_FAULT);
		ck_assert_uint_eq(rd.fault_code, drive_named_fault_canonical(f));
		/* Latched: the error register clearing does not clear it. */
		step(&hold);
		reply((struct reply){ .pos = 1000 });
		ck_assert_int_eq(target_position_fault(&sm), f);
	}
	/* "Need stop" once started means the actuator restarted. */
	ck_assert_int_eq(target_position_error_fault(&prof, 1),
			 DRIVE_FAULT_NEED_STOP);
}
END_TEST

START_TEST(fault_reset_acts_on_the_rising_edge_only)
{
	unsigned int clears = 0;

	start_at(1000);
	reply((struct reply){ .pos = 1000, .error = LINAK_ERR_HEARTBEAT_LOST });
	for (unsigned int i = 0; i < 10; i++) {
		step(&(struct drive_intent){ .fault_reset = true });
		clears += command() == LINAK_CMD_CLEAR_ERROR;
		/* The reply of the clearing exchange may predate it. */
		reply((struct reply){ .pos = 1000,
				      .error = i == 0 ?
					LINAK_ERR_HEARTBEAT_LOST : 0 });
	}
	ck_assert_uint_eq(clears, 1);
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
	ck_assert_int_eq(target_position_fault(&sm), DRIVE_FAULT_NONE);
	/* A cause that persists past the clear latches again. */
	reply((struct reply){ .pos = 1000, .error = LINAK_ERR_HEARTBEAT_LOST });
	step(&(struct drive_intent){ .fault_reset = false });
	step(&(struct drive_intent){ .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_CLEAR_ERROR);
	reply((struct reply){ .pos = 1000, .error = LINAK_ERR_HEARTBEAT_LOST });
	step(&hold);
	reply((struct reply){ .pos = 1000, .error = LINAK_ERR_HEARTBEAT_LOST });
	ck_assert_int_eq(target_position_fault(&sm),
			 DRIVE_FAULT_HEARTBEAT_LOST);
}
END_TEST

/*
 * The overcurrent flag of a standing actuator is its record of a current
 * cut-off, kept until CLEAR ERROR: a recorded obstruction, left as it is
 * until a fault reset, which sends CLEAR ERROR and runs nothing, however
 * the loop wishes.  (Before, a reset sent CLEAR ERROR only to an actuator
 * latched in its own fault, and the flag stood for ever.)
 */
START_TEST(an_overcurrent_record_is_reset_by_clear_error_on_a_fault_reset)
{
	const struct reply flagged = { .pos = 1000,
				       .status = LINAK_STATUS_OVERCURRENT };

	start_at(1000);
	for (int i = 0; i < 5; i++) {
		step(&hold);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
		reply(flagged);
		ck_assert(rd.status & OMT_STATUS_OBSTRUCTION);
		ck_assert(rd.obstruction_recorded);
		ck_assert(!(rd.status & OMT_STATUS_FAULT));
	}
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 200.0, .speed = 10.0,
				      .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_CLEAR_ERROR);
	ck_assert(!written(LINAK_REG_SPEED, NULL));
	/* The reply of the clearing exchange may predate it. */
	reply(flagged);
	ck_assert(!(rd.status & OMT_STATUS_OBSTRUCTION));
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	reply((struct reply){ .pos = 1000 });
	ck_assert(!(rd.status & OMT_STATUS_OBSTRUCTION));
	ck_assert(!rd.obstruction_recorded);
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
}
END_TEST

/* A flag still there after CLEAR ERROR is reported again, and the next
 * reset clears again; a reset without the flag sends no CLEAR ERROR. */
START_TEST(an_overcurrent_flag_left_after_clear_error_is_reported_again)
{
	const struct reply flagged = { .pos = 1000,
				       .status = LINAK_STATUS_OVERCURRENT };

	start_at(1000);
	step(&(struct drive_intent){ .enable = true, .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	reply(flagged);
	step(&hold);
	reply(flagged);
	step(&(struct drive_intent){ .enable = true, .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_CLEAR_ERROR);
	reply(flagged);
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	reply(flagged);
	ck_assert(rd.status & OMT_STATUS_OBSTRUCTION);
	ck_assert(rd.obstruction_recorded);
	step(&(struct drive_intent){ .enable = true, .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_CLEAR_ERROR);
}
END_TEST

START_TEST(a_reset_restarts_with_stop_and_ramps)
{
	uint16_t v;

	start_at(1000);
	reply((struct reply){ .pos = 1000, .error = LINAK_ERR_UNDERVOLTAGE });
	step(&(struct drive_intent){ .fault_reset = true });
	ck_assert_uint_eq(command(), LINAK_CMD_CLEAR_ERROR);
	/* The ramps go again with the clear (a power cycle loses them). */
	ck_assert(written(LINAK_REG_SOFT_STOP, &v));
	ck_assert_uint_eq(v, 5);
	reply((struct reply){ .pos = 1000 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_STARTUP);
	step(&hold);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	reply((struct reply){ .pos = 1000 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
}
END_TEST

START_TEST(targets_and_speeds_that_cannot_be_sent_stop_instead)
{
	static const struct { double target, speed; int rc; } cases[] = {
		{ -0.1, 10.0, -ERANGE }, { 6425.6, 10.0, -ERANGE },
		{ NAN, 10.0, -EINVAL }, { 100.0, 0.0, -EINVAL },
		{ 100.0, -1.0, -EINVAL }, { 100.0, INFINITY, -EINVAL },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct drive_intent in = go(cases[i].target, cases[i].speed);

		setup();
		start_at(1000);
		step(&(struct drive_intent){ .enable = true, .move = true,
					      .target = 200.0, .speed = 10.0 });
		reply((struct reply){ .pos = 1050,
				      .status = LINAK_STATUS_RUNNING_OUT });
		ck_assert_int_eq(step(&in), cases[i].rc);
		ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	}
}
END_TEST

START_TEST(status_flags_decode_in_every_combination)
{
	for (uint16_t s = 0; s < 128; s++) {
		bool out = s & LINAK_STATUS_RUNNING_OUT;
		bool in = s & LINAK_STATUS_RUNNING_IN;
		bool ends = (s & LINAK_STATUS_END_IN) &&
			    (s & LINAK_STATUS_END_OUT);
		bool nonsense = (out && in) || ends;

		setup();
		start_at(1000);
		step(&hold);
		reply((struct reply){ .pos = 1000, .status = s, .speed = 42,
				      .current = 7 });
		ck_assert_uint_eq(rd.status_raw, s);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_LIMIT_LOW),
				 !!(s & LINAK_STATUS_END_IN));
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_LIMIT_HIGH),
				 !!(s & LINAK_STATUS_END_OUT));
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_OBSTRUCTION),
				 !!(s & LINAK_STATUS_OVERCURRENT));
		/* Running with it, the current is live: no record. */
		ck_assert_int_eq(rd.obstruction_recorded,
				 (s & LINAK_STATUS_OVERCURRENT) && !out && !in);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_MOVING), out || in);
		ck_assert(fabs(rd.velocity -
			       (out ? 4.2 : in ? -4.2 : 0.0)) < 1e-9);
		ck_assert(fabs(rd.current_ma - 7.0) < 1e-9);
		/* Running both ways or at both ends cannot be believed. */
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_FAULT), nonsense);
		ck_assert_int_eq(target_position_fault(&sm),
				 nonsense ? DRIVE_FAULT_DRIVE_ERROR :
					    DRIVE_FAULT_NONE);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_READY), !nonsense);
	}
}
END_TEST

START_TEST(the_exchange_period_must_be_well_within_the_heartbeat)
{
	struct omt_regmap g;
	char err[160];

	for (uint32_t period = 1; period <= 300; period++)
		ck_assert_int_eq(drive_class_check_heartbeat(&prof, period, err,
							     sizeof(err)),
				 period <= 125 ? 0 : -ERANGE);
	ck_assert_str_eq(err, "an exchange every 300 ms is not well within the drive's 500 ms heartbeat (at most 125 ms)");
	regmap_builtin_generic1(&g);
	ck_assert_int_eq(drive_class_check_heartbeat(&g, 1000, err,
						     sizeof(err)), 0);
	regmap_builtin_cia402_pp(&g);
	ck_assert_int_eq(drive_class_check_heartbeat(&g, 1000, err,
						     sizeof(err)), 0);
}
END_TEST

START_TEST(arrival_is_in_position)
{
	start_at(1000);
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 200.0, .speed = 10.0 });
	reply((struct reply){ .pos = 1500, .status = LINAK_STATUS_RUNNING_OUT });
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 200.0, .speed = 10.0 });
	reply((struct reply){ .pos = 1998 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
	ck_assert(rd.status & OMT_STATUS_IN_POSITION);
	/* Already there: no new run. */
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 200.0, .speed = 10.0 });
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
}
END_TEST

START_TEST(a_run_that_never_starts_is_resent_at_the_stop_timeout_only)
{
	unsigned int runs = 0;
	struct drive_intent in = go(200.0, 10.0);

	start_at(1000);
	for (unsigned int i = 0; i < 250; i++) {       /* 2.5 s */
		step(&in);
		runs += written(LINAK_REG_COMMAND, NULL);
		reply((struct reply){ .pos = 1000 });
	}
	/* Once at the start and once a stop timeout (1 s) later, each. */
	ck_assert_uint_ge(runs, 2);
	ck_assert_uint_le(runs, 3);
}
END_TEST

START_TEST(an_exchange_without_reply_sends_its_writes_again)
{
	step(&hold);
	ck_assert(written(LINAK_REG_SOFT_START, NULL));
	/* No reply: the ramps are not known to be written. */
	step(&hold);
	ck_assert(written(LINAK_REG_SOFT_START, NULL));
	reply((struct reply){ .pos = 1000 });
	step(&hold);
	ck_assert(!written(LINAK_REG_SOFT_START, NULL));
	/* A reconnection starts over. */
	target_position_restart(&sm);
	step(&hold);
	ck_assert(written(LINAK_REG_SOFT_START, NULL));
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	ck_assert_int_eq(sm.phase, TARGET_PHASE_STARTUP);
}
END_TEST

START_TEST(a_run_or_speed_without_a_reply_goes_again)
{
	struct drive_intent in = go(200.0, 15.0);
	uint16_t v;

	start_at(1000);
	/* A faster run earlier: the actuator holds speed 200. */
	step(&(struct drive_intent){ .enable = true, .move = true,
				      .target = 300.0, .speed = 30.0 });
	reply((struct reply){ .pos = 1000, .status = LINAK_STATUS_RUNNING_OUT });
	step(&hold);
	reply((struct reply){ .pos = 1010 });
	ck_assert_int_eq(sm.phase, TARGET_PHASE_IDLE);
	/* This run's exchange fails (no reply): speed and run again. */
	step(&in);
	ck_assert_uint_eq(command(), 2000);
	ck_assert(written(LINAK_REG_SPEED, &v));
	ck_assert_uint_eq(v, 100);
	step(&in);
	ck_assert_uint_eq(command(), 2000);
	ck_assert(written(LINAK_REG_SPEED, &v));
	ck_assert_uint_eq(v, 100);
	/* Answered: neither is repeated. */
	reply((struct reply){ .pos = 1010, .status = LINAK_STATUS_RUNNING_OUT });
	step(&in);
	ck_assert(!written(LINAK_REG_COMMAND, NULL));
	ck_assert(!written(LINAK_REG_SPEED, NULL));
}
END_TEST

START_TEST(a_current_limit_is_written_at_startup_when_given)
{
	uint16_t v;

	prof.dc.target.current_limit_a = 5.0;
	ck_assert_int_eq(target_position_init(&sm, &prof), 0);
	step(&hold);
	ck_assert(written(LINAK_REG_CURRENT_LIMIT, &v));
	ck_assert_uint_eq(v, 20);              /* 0.25 A a count */
}
END_TEST

START_TEST(init_refuses_another_class)
{
	struct omt_regmap g;

	regmap_builtin_generic1(&g);
	ck_assert_int_eq(target_position_init(&sm, &g), -EINVAL);
}
END_TEST

START_TEST(the_origin_shifts_targets_and_positions_alike)
{
	char err[64];

	/* The table's height at the actuator's fully-in end. */
	ck_assert_int_eq(drive_class_set_key(&prof, "target.origin", "450",
					     err, sizeof(err)), 0);
	ck_assert_double_eq(prof.dc.target.origin, 450.0);
	ck_assert_int_eq(target_position_init(&sm, &prof), 0);
	start_at(2500);
	ck_assert_double_eq_tol(rd.position, 700.0, 1e-9);
	ck_assert_int_eq(step(&(struct drive_intent){ .enable = true,
			.move = true, .target = 740.0, .speed = 15.0 }), 0);
	ck_assert_uint_eq(command(), 2900);
	/* Below the origin is beyond the actuator: stopped, not run. */
	target_position_init(&sm, &prof);
	start_at(2500);
	ck_assert_int_eq(step(&(struct drive_intent){ .enable = true,
			.move = true, .target = 449.0, .speed = 15.0 }),
			 -ERANGE);
	ck_assert_uint_eq(command(), LINAK_CMD_STOP);
	/* Any finite figure within the key's range; others refused. */
	ck_assert_int_eq(drive_class_set_key(&prof, "target.origin", "-12.5",
					     err, sizeof(err)), 0);
	ck_assert_int_eq(drive_class_set_key(&prof, "target.origin", "nan",
					     err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(drive_class_set_key(&prof, "target.origin", "1e6",
					     err, sizeof(err)), -EINVAL);
	ck_assert_double_eq(prof.dc.target.origin, -12.5);
}
END_TEST

START_TEST(a_run_too_slow_to_count_still_says_its_way)
{
	start_at(3000);
	step(&(struct drive_intent){ .enable = true, .move = true,
				     .target = 250.0, .speed = 15.0 });
	/* The first reply of a soft start: running, speed 0. */
	reply((struct reply){ .pos = 3000, .status = LINAK_STATUS_RUNNING_OUT });
	ck_assert(rd.status & OMT_STATUS_MOVING);
	ck_assert_double_eq_tol(rd.velocity, 0.05, 1e-12);
	reply((struct reply){ .pos = 3000, .status = LINAK_STATUS_RUNNING_IN });
	ck_assert_double_eq_tol(rd.velocity, -0.05, 1e-12);
	/* Standing: 0. */
	reply((struct reply){ .pos = 3000 });
	ck_assert_double_eq(rd.velocity, 0.0);
	ck_assert(!(rd.status & OMT_STATUS_MOVING));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("target-position");
	TCase *tc = tcase_create("exchanges");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, reads_are_one_request_in_the_manuals_layout);
	tcase_add_test(tc, startup_writes_stop_and_the_ramps_first);
	tcase_add_test(tc, no_motion_before_the_startup_is_done);
	tcase_add_test(tc, startup_waits_for_a_still_actuator);
	tcase_add_test(tc, a_startup_that_never_ends_is_a_fault);
	tcase_add_test(tc, the_heartbeat_changes_every_exchange);
	tcase_add_test(tc, a_run_is_sent_once_and_again_only_for_a_real_change);
	tcase_add_test(tc, speed_is_a_share_of_full_speed_within_the_register);
	tcase_add_test(tc, release_stops_from_the_next_exchange);
	tcase_add_test(tc, quick_stop_and_disable_stop_too);
	tcase_add_test(tc, a_reversal_stops_first_and_waits_for_a_still_actuator);
	tcase_add_test(tc, a_new_goal_where_the_actuator_is_stops_it_there);
	tcase_add_test(tc, an_overshoot_of_the_same_target_is_left_to_the_actuator);
	tcase_add_test(tc, a_stop_that_does_not_end_is_a_fault);
	tcase_add_test(tc, position_lost_is_a_fault_that_blocks_motion);
	tcase_add_test(tc, every_error_code_latches_its_named_fault);
	tcase_add_test(tc, fault_reset_acts_on_the_rising_edge_only);
	tcase_add_test(tc, an_overcurrent_record_is_reset_by_clear_error_on_a_fault_reset);
	tcase_add_test(tc, an_overcurrent_flag_left_after_clear_error_is_reported_again);
	tcase_add_test(tc, a_reset_restarts_with_stop_and_ramps);
	tcase_add_test(tc, targets_and_speeds_that_cannot_be_sent_stop_instead);
	tcase_add_test(tc, status_flags_decode_in_every_combination);
	tcase_add_test(tc, the_exchange_period_must_be_well_within_the_heartbeat);
	tcase_add_test(tc, arrival_is_in_position);
	tcase_add_test(tc, a_run_that_never_starts_is_resent_at_the_stop_timeout_only);
	tcase_add_test(tc, an_exchange_without_reply_sends_its_writes_again);
	tcase_add_test(tc, a_run_or_speed_without_a_reply_goes_again);
	tcase_add_test(tc, a_current_limit_is_written_at_startup_when_given);
	tcase_add_test(tc, init_refuses_another_class);
	tcase_add_test(tc, the_origin_shifts_targets_and_positions_alike);
	tcase_add_test(tc, a_run_too_slow_to_count_still_says_its_way);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
