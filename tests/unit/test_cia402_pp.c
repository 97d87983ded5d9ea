// SPDX-License-Identifier: MIT
/*
 * The cia402-profile-position class exchange by exchange: the state
 * machine walk, the new-set-point handshake, halt, quick stop, fault
 * reset, and the faults this codec latches.  The replies come from a
 * small model of a CiA 402 drive's state machine written here from the
 * device profile's transition table (a model, not a real drive: omt-sim
 * serves the full one).
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "check_run.h"
#include "cia402_pp.h"
#include "omt_regs.h"
#include "regmap.h"

static struct omt_regmap prof;
static struct cia402_pp_sm sm;
static struct drive_writes w;
static struct drive_reading rd;
static uint64_t now;

/* ---- the drive model ---- */
static struct {
	enum cia402_state state;
	uint16_t cw;                    /* last controlword received */
	bool ack;
	bool reached;
	bool following_error;
	uint16_t error_code;
	int32_t position;
	int32_t velocity;
	bool frozen;                    /* ignores commands (a stuck drive) */
	bool slow_ack;                  /* has not processed bit 4 yet */
	unsigned int setpoints;         /* rising edges of bit 4 taken */
	int32_t target;                 /* taken with the set-point */
	uint32_t speed;
	uint32_t target_obj;            /* 607Ah and 6081h as written */
	uint32_t speed_obj;
} drv;

static uint16_t model_statusword(void)
{
	static const uint16_t base[] = {
		[CIA402_NOT_READY_TO_SWITCH_ON] = 0x0000,
		[CIA402_SWITCH_ON_DISABLED] = 0x0040,
		[CIA402_READY_TO_SWITCH_ON] = 0x0021,
		[CIA402_SWITCHED_ON] = 0x0023,
		[CIA402_OPERATION_ENABLED] = 0x0027,
		[CIA402_QUICK_STOP_ACTIVE] = 0x0007,
		[CIA402_FAULT_REACTION_ACTIVE] = 0x000f,
		[CIA402_FAULT] = 0x0008,
	};
	uint16_t sw = base[drv.state];

	if (drv.ack)
		sw |= CIA402_SW_SETPOINT_ACK;
	if (drv.reached)
		sw |= CIA402_SW_TARGET_REACHED;
	if (drv.following_error)
		sw |= CIA402_SW_FOLLOWING_ERROR;
	return sw;
}

static uint32_t written32(uint16_t object, bool *found)
{
	const struct cia402_map_entry *e =
		cia402_map_entry_of(cia402_map_find("index"), object);
	/* The index map's two-word objects overlap the next object's
	 * index: find the write that starts at this one. */
	for (unsigned int i = 0; i < w.n; i++) {
		if (w.w[i].addr == e->addr && w.w[i].count >= 2) {
			*found = true;
			return ((uint32_t)w.w[i].words[0] << 16) |
			       w.w[i].words[1];
		}
	}
	*found = false;
	return 0;
}

static bool cw_written(uint16_t *cw)
{
	return drive_writes_find(&w, CIA402_OBJ_CONTROLWORD, cw) == 0;
}

static void model_apply(void)
{
	uint16_t cw, before = drv.cw;
	bool found;

	uint32_t v;

	if (drv.frozen)
		return;
	v = written32(CIA402_OBJ_TARGET_POSITION, &found);
	if (found)
		drv.target_obj = v;
	v = written32(CIA402_OBJ_PROFILE_VELOCITY, &found);
	if (found)
		drv.speed_obj = v;
	if (!cw_written(&cw))
		return;
	drv.cw = cw;
	if (drv.state == CIA402_FAULT) {
		if ((cw & CIA402_CW_FAULT_RESET) &&
		    !(before & CIA402_CW_FAULT_RESET))
			drv.state = CIA402_SWITCH_ON_DISABLED;
		return;
	}
	if ((cw & 0x0002) == 0) {                          /* disable voltage */
		if (drv.state != CIA402_NOT_READY_TO_SWITCH_ON)
			drv.state = CIA402_SWITCH_ON_DISABLED;
	} else if ((cw & 0x0006) == 0x0002) {              /* quick stop */
		drv.state = drv.state == CIA402_OPERATION_ENABLED ||
				    drv.state == CIA402_QUICK_STOP_ACTIVE ?
			CIA402_QUICK_STOP_ACTIVE : CIA402_SWITCH_ON_DISABLED;
	} else if ((cw & 0x0087) == 0x0006) {              /* shutdown */
		if (drv.state == CIA402_SWITCH_ON_DISABLED ||
		    drv.state == CIA402_SWITCHED_ON ||
		    drv.state == CIA402_OPERATION_ENABLED)
			drv.state = CIA402_READY_TO_SWITCH_ON;
	} else if ((cw & 0x008f) == 0x0007) {              /* switch on */
		if (drv.state == CIA402_READY_TO_SWITCH_ON ||
		    drv.state == CIA402_OPERATION_ENABLED)
			drv.state = CIA402_SWITCHED_ON;
	} else if ((cw & 0x008f) == 0x000f) {              /* enable op. */
		if (drv.state == CIA402_SWITCHED_ON)
			drv.state = CIA402_OPERATION_ENABLED;
	}
	if (drv.state != CIA402_OPERATION_ENABLED) {
		drv.ack = false;
		return;
	}
	if (drv.slow_ack) {
		drv.cw &= (uint16_t)~CIA402_CW_NEW_SETPOINT;
	} else if ((cw & CIA402_CW_NEW_SETPOINT) &&
	    !(before & CIA402_CW_NEW_SETPOINT)) {
		drv.setpoints++;
		drv.target = (int32_t)drv.target_obj;
		drv.speed = drv.speed_obj;
		drv.ack = true;
		drv.reached = false;
	} else if (!(cw & CIA402_CW_NEW_SETPOINT)) {
		drv.ack = false;
	}
	if (cw & CIA402_CW_HALT)
		drv.reached = true;                /* stopped at once */
}

static void model_reply(void)
{
	uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 };

	words[sm.reads.word_of[CIA402_READ_STATUSWORD]] = model_statusword();
	words[sm.reads.word_of[CIA402_READ_ERROR_CODE]] = drv.error_code;
	regmap_split32((uint32_t)drv.position, REGMAP_HIGH_WORD_FIRST,
		       &words[sm.reads.word_of[CIA402_READ_POSITION]]);
	regmap_split32((uint32_t)drv.velocity, REGMAP_HIGH_WORD_FIRST,
		       &words[sm.reads.word_of[CIA402_READ_VELOCITY]]);
	cia402_pp_decode(&sm, words, now, &rd);
}

/* One exchange: step, the drive takes the writes, its reply decoded. */
static int exchange(const struct drive_intent *in)
{
	int rc;

	now += 10;
	rc = cia402_pp_step(&sm, in, now, &w);
	model_apply();
	model_reply();
	return rc;
}

static uint16_t cw(void)
{
	uint16_t v;

	ck_assert_msg(cw_written(&v), "no controlword");
	return v;
}

static const struct drive_intent hold = { .enable = true };

static struct drive_intent go(double target, double speed)
{
	struct drive_intent in = { .enable = true, .move = true,
				   .target = target, .speed = speed };
	return in;
}

static void setup(void)
{
	regmap_builtin_cia402_pp(&prof);
	ck_assert_int_eq(cia402_pp_init(&sm, &prof), 0);
	memset(&drv, 0, sizeof(drv));
	drv.state = CIA402_SWITCH_ON_DISABLED;
	drv.reached = true;
	now = 1000;
}

static void enable(void)
{
	for (unsigned int i = 0; i < 6; i++)
		exchange(&hold);
	ck_assert_int_eq(drv.state, CIA402_OPERATION_ENABLED);
	ck_assert(rd.status & OMT_STATUS_ENABLED);
}

START_TEST(reads_follow_the_map)
{
	/* The index map: four objects apart, one request each. */
	ck_assert_uint_eq(sm.reads.n_groups, 4);
	ck_assert_uint_eq(sm.reads.words, 6);
	ck_assert_uint_eq(sm.reads.group[0].addr, CIA402_OBJ_ERROR_CODE);
	ck_assert_uint_eq(sm.reads.group[1].addr, CIA402_OBJ_STATUSWORD);
	ck_assert_uint_eq(sm.reads.group[2].addr, CIA402_OBJ_POSITION_ACTUAL);
	ck_assert_uint_eq(sm.reads.group[2].count, 2);
	ck_assert_uint_eq(sm.reads.group[3].addr, CIA402_OBJ_VELOCITY_ACTUAL);
}
END_TEST

START_TEST(startup_writes_the_mode_and_ramps_before_any_controlword)
{
	uint16_t v;
	bool found;

	now += 10;
	cia402_pp_step(&sm, &hold, now, &w);
	ck_assert(drive_writes_find(&w, CIA402_OBJ_MODES_OF_OPERATION, &v) == 0);
	ck_assert_uint_eq(v, CIA402_MODE_PROFILE_POSITION);
	/* The shipped 6 and 24 units/s^2 at 0.001 a count. */
	ck_assert_uint_eq(written32(CIA402_OBJ_PROFILE_ACCEL, &found), 6000);
	ck_assert(found);
	ck_assert_uint_eq(written32(CIA402_OBJ_PROFILE_DECEL, &found), 24000);
	ck_assert(found);
	/* The drive's state is not known yet: no controlword. */
	ck_assert(!cw_written(&v));
	model_reply();
	now += 10;
	cia402_pp_step(&sm, &hold, now, &w);
	ck_assert(drive_writes_find(&w, CIA402_OBJ_MODES_OF_OPERATION, &v) != 0);
	ck_assert_uint_eq(cw(), CIA402_CMD_SHUTDOWN);
}
END_TEST

START_TEST(the_walk_goes_shutdown_switch_on_enable_operation)
{
	static const uint16_t words[] = {
		CIA402_CMD_SHUTDOWN, CIA402_CMD_SWITCH_ON,
		CIA402_CMD_ENABLE_OPERATION | CIA402_CW_CHANGE_IMMEDIATELY |
			CIA402_CW_HALT,
	};
	static const enum cia402_state states[] = {
		CIA402_READY_TO_SWITCH_ON, CIA402_SWITCHED_ON,
		CIA402_OPERATION_ENABLED,
	};

	exchange(&hold);                       /* state read first */
	ck_assert(!(rd.status & OMT_STATUS_READY));
	for (unsigned int i = 0; i < 3; i++) {
		exchange(&hold);
		/* Operation enabled with halt: nothing left over moves. */
		ck_assert_uint_eq(cw(), i < 2 ? words[i] :
				  CIA402_CMD_ENABLE_OPERATION | CIA402_CW_HALT);
		ck_assert_int_eq(drv.state, states[i]);
		ck_assert(rd.status & OMT_STATUS_READY);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_ENABLED), i == 2);
	}
	/* Enabled and standing: halt, so nothing moves. */
	exchange(&hold);
	ck_assert_uint_eq(cw(), words[2]);
}
END_TEST

START_TEST(without_enable_the_walk_stops_at_switched_on)
{
	struct drive_intent off = { .enable = false };

	for (unsigned int i = 0; i < 10; i++)
		exchange(&off);
	ck_assert_int_eq(drv.state, CIA402_SWITCHED_ON);
	ck_assert_uint_eq(cw(), CIA402_CMD_SWITCH_ON);
	ck_assert(rd.status & OMT_STATUS_READY);
	ck_assert(!(rd.status & OMT_STATUS_ENABLED));
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
	/* And a disable from operation-enabled is disable operation. */
	enable();
	exchange(&off);
	ck_assert_uint_eq(cw(), CIA402_CMD_DISABLE_OPERATION);
	ck_assert_int_eq(drv.state, CIA402_SWITCHED_ON);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
}
END_TEST

START_TEST(a_disable_while_moving_halts_before_disabling_operation)
{
	struct drive_intent off = { .enable = false };

	enable();
	exchange(&(struct drive_intent){ .enable = true, .move = true,
					  .target = 100.0, .speed = 10.0 });
	exchange(&(struct drive_intent){ .enable = true, .move = true,
					  .target = 100.0, .speed = 10.0 });
	ck_assert(rd.status & OMT_STATUS_MOVING);
	exchange(&off);
	ck_assert_uint_eq(cw(), CIA402_CMD_ENABLE_OPERATION | CIA402_CW_HALT);
	ck_assert_int_eq(drv.state, CIA402_OPERATION_ENABLED);
	exchange(&off);                        /* stopped: now disable */
	ck_assert_uint_eq(cw(), CIA402_CMD_DISABLE_OPERATION);
	ck_assert_int_eq(drv.state, CIA402_SWITCHED_ON);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
}
END_TEST

/* The controlword for each state the statusword can show. */
START_TEST(every_state_gets_its_controlword)
{
	static const struct {
		uint16_t sw;
		uint16_t enabled, disabled, quick;
	} table[] = {
		{ 0x0000, 0x0000, 0x0000, 0x0002 },   /* not ready */
		{ 0x0040, 0x0006, 0x0006, 0x0002 },   /* switch on disabled */
		{ 0x0021, 0x0007, 0x0007, 0x0002 },   /* ready to switch on */
		{ 0x0023, 0x010f, 0x0007, 0x0002 },   /* switched on */
		{ 0x0027 | CIA402_SW_TARGET_REACHED, 0x012f, 0x0007, 0x0002 },
		{ 0x0007, 0x0000, 0x0000, 0x0002 },   /* quick stop active */
		{ 0x000f, 0x0000, 0x0000, 0x0000 },   /* fault reaction */
		{ 0x0008, 0x0000, 0x0000, 0x0000 },   /* fault */
	};

	for (unsigned int i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		for (unsigned int which = 0; which < 3; which++) {
			struct drive_intent in = {
				.enable = which != 1,
				.quick_stop = which == 2,
			};
			uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 };
			uint16_t expect = which == 0 ? table[i].enabled :
					  which == 1 ? table[i].disabled :
						       table[i].quick;

			setup();
			words[sm.reads.word_of[CIA402_READ_STATUSWORD]] =
				table[i].sw;
			cia402_pp_step(&sm, &in, now, &w);
			cia402_pp_decode(&sm, words, now, &rd);
			cia402_pp_step(&sm, &in, now + 10, &w);
			ck_assert_msg(cw() == expect,
				      "sw %04x intent %u: cw %04x, not %04x",
				      table[i].sw, which, cw(), expect);
		}
	}
}
END_TEST

START_TEST(a_setpoint_is_written_then_bit_4_held_until_acknowledged)
{
	struct drive_intent in = go(100.0, 10.0);
	bool found;

	enable();
	drv.slow_ack = true;
	now += 10;
	cia402_pp_step(&sm, &in, now, &w);
	model_apply();
	ck_assert_uint_eq(written32(CIA402_OBJ_TARGET_POSITION, &found), 100000);
	ck_assert_uint_eq(written32(CIA402_OBJ_PROFILE_VELOCITY, &found), 10000);
	ck_assert_uint_eq(cw(), 0x000f | CIA402_CW_NEW_SETPOINT |
				CIA402_CW_CHANGE_IMMEDIATELY);
	/* The objects go before the controlword that takes them. */
	ck_assert_uint_eq(w.w[w.n - 1].addr, CIA402_OBJ_CONTROLWORD);
	/* No acknowledge yet: bit 4 stays up, the objects go with it. */
	model_reply();
	for (unsigned int i = 0; i < 3; i++) {
		now += 10;
		cia402_pp_step(&sm, &in, now, &w);
		ck_assert(cw() & CIA402_CW_NEW_SETPOINT);
		ck_assert_uint_eq(written32(CIA402_OBJ_TARGET_POSITION, &found),
				  100000);
		model_apply();
		model_reply();
	}
	drv.slow_ack = false;                  /* the drive takes it now */
	exchange(&in);
	ck_assert(cw() & CIA402_CW_NEW_SETPOINT);
	ck_assert_uint_eq(drv.setpoints, 1);
	ck_assert_int_eq(drv.target, 100000);
	exchange(&in);
	ck_assert(!(cw() & CIA402_CW_NEW_SETPOINT));
	ck_assert(rd.status & OMT_STATUS_MOVING);
	/* The same target again and again: no new set-point. */
	for (unsigned int i = 0; i < 20; i++) {
		in.target = 100.0 + (i % 2 ? 0.4 : -0.4);
		exchange(&in);
		ck_assert(!(cw() & CIA402_CW_NEW_SETPOINT));
	}
	ck_assert_uint_eq(drv.setpoints, 1);
	/* A real change: a second set-point, changed immediately. */
	in.target = 150.0;
	exchange(&in);
	ck_assert_uint_eq(drv.setpoints, 2);
	ck_assert_int_eq(drv.target, 150000);
	ck_assert(cw() & CIA402_CW_CHANGE_IMMEDIATELY);
	/* So is a new speed. */
	exchange(&in);
	in.speed = 20.0;
	exchange(&in);
	ck_assert_uint_eq(drv.setpoints, 3);
	ck_assert_uint_eq(drv.speed, 20000);
	/* Arrived: in position. */
	drv.reached = true;
	exchange(&in);
	exchange(&in);
	ck_assert(rd.status & OMT_STATUS_IN_POSITION);
	ck_assert(!(rd.status & OMT_STATUS_MOVING));
}
END_TEST

START_TEST(a_setpoint_whose_exchange_failed_goes_again_with_bit_4)
{
	struct drive_intent in = go(100.0, 10.0);

	enable();
	drv.target_obj = 777;                  /* left from before */
	now += 10;
	cia402_pp_step(&sm, &in, now, &w);     /* lost: the drive saw none */
	exchange(&in);
	ck_assert_uint_eq(drv.setpoints, 1);
	ck_assert_int_eq(drv.target, 100000);  /* ours, not the stale one */
	ck_assert_uint_eq(drv.speed, 10000);
}
END_TEST

START_TEST(a_setpoint_never_acknowledged_is_a_fault)
{
	struct drive_intent in = go(100.0, 10.0);

	enable();
	drv.frozen = true;
	while (cia402_pp_fault(&sm) == DRIVE_FAULT_NONE && now < 10000)
		exchange(&in);
	ck_assert_int_eq(cia402_pp_fault(&sm),
			 DRIVE_FAULT_SETPOINT_NOT_ACKNOWLEDGED);
	ck_assert(rd.status & OMT_STATUS_FAULT);
	ck_assert_uint_eq(cw(), CIA402_CMD_ENABLE_OPERATION | CIA402_CW_HALT);
	ck_assert_uint_le(now, 1000 + 60 + 200 + 30);
}
END_TEST

/*
 * Exchanges that fail for longer than the acknowledge timeout (a slow
 * RS-485 round, a late reply) are the comms watch's to judge: the drive
 * that then answers with its acknowledge was not unacknowledging.
 */
START_TEST(a_setpoint_whose_replies_were_lost_is_no_fault)
{
	struct drive_intent in = go(100.0, 10.0);

	enable();
	now += 10;
	cia402_pp_step(&sm, &in, now, &w);     /* sent, reply lost */
	model_apply();
	for (unsigned int i = 0; i < 30; i++) {
		now += 10;                     /* 300 ms of failed exchanges */
		cia402_pp_step(&sm, &in, now, &w);
	}
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
	exchange(&in);
	exchange(&in);
	exchange(&in);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
	ck_assert_uint_eq(drv.setpoints, 1);
	ck_assert_int_eq(drv.target, 100000);
}
END_TEST

START_TEST(release_halts_from_the_next_exchange_and_resumes_with_a_new_setpoint)
{
	struct drive_intent in = go(100.0, 10.0);

	enable();
	exchange(&in);
	exchange(&in);
	ck_assert(rd.status & OMT_STATUS_MOVING);
	exchange(&hold);
	ck_assert(cw() & CIA402_CW_HALT);
	ck_assert(!(rd.status & OMT_STATUS_MOVING));
	ck_assert(!(rd.status & OMT_STATUS_IN_POSITION));
	exchange(&in);
	ck_assert(!(cw() & CIA402_CW_HALT));
	ck_assert(cw() & CIA402_CW_NEW_SETPOINT);
	ck_assert_uint_eq(drv.setpoints, 2);
}
END_TEST

START_TEST(quick_stop_is_the_quick_stop_command_then_the_walk_again)
{
	struct drive_intent in = go(100.0, 10.0);
	struct drive_intent qs = { .enable = true, .quick_stop = true };

	enable();
	exchange(&in);
	exchange(&qs);
	ck_assert_uint_eq(cw(), CIA402_CMD_QUICK_STOP);
	ck_assert_int_eq(drv.state, CIA402_QUICK_STOP_ACTIVE);
	ck_assert(rd.status & OMT_STATUS_MOVING);      /* decelerating */
	ck_assert(!(rd.status & OMT_STATUS_ENABLED));
	/* Held as long as asked, without a timeout fault. */
	for (unsigned int i = 0; i < 100; i++)
		exchange(&qs);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
	for (unsigned int i = 0; i < 6; i++)
		exchange(&hold);
	ck_assert_int_eq(drv.state, CIA402_OPERATION_ENABLED);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
}
END_TEST

START_TEST(a_drive_fault_is_reset_on_one_rising_edge_then_walked_up)
{
	struct drive_intent reset = { .enable = true, .fault_reset = true };
	unsigned int edges = 0;
	uint16_t v;

	enable();
	drv.state = CIA402_FAULT;
	drv.error_code = 0x2310;               /* continuous overcurrent */
	exchange(&hold);
	exchange(&hold);
	ck_assert(rd.status & OMT_STATUS_FAULT);
	ck_assert_uint_eq(rd.fault_code, OMT_DRIVE_FAULT_OVERCURRENT);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_OVERCURRENT);
	ck_assert_uint_eq(cw(), 0x0000);
	for (unsigned int i = 0; i < 10; i++) {
		uint16_t before = drv.cw;

		exchange(&reset);
		edges += (cw() & CIA402_CW_FAULT_RESET) &&
			 !(before & CIA402_CW_FAULT_RESET);
	}
	ck_assert_uint_eq(edges, 1);
	ck_assert_int_eq(drv.state, CIA402_OPERATION_ENABLED);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
	/* The mode and ramps were written again after the reset. */
	ck_assert(!(rd.status & OMT_STATUS_FAULT));
	drv.state = CIA402_FAULT;
	exchange(&hold);
	now += 10;
	cia402_pp_step(&sm, &reset, now, &w);
	ck_assert(drive_writes_find(&w, CIA402_OBJ_MODES_OF_OPERATION, &v) == 0);
}
END_TEST

START_TEST(leaving_operation_enabled_unasked_is_a_latched_fault)
{
	enable();
	drv.state = CIA402_SWITCH_ON_DISABLED;  /* e.g. its STO input */
	exchange(&hold);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_LEFT_OPERATION);
	ck_assert(rd.status & OMT_STATUS_FAULT);
	ck_assert_uint_ge(rd.fault_code, OMT_DRIVE_FAULT_COUNT);
	/* Latched: no walk back up until a reset. */
	for (unsigned int i = 0; i < 20; i++) {
		exchange(&hold);
		ck_assert_uint_eq(cw(), CIA402_CMD_DISABLE_VOLTAGE);
	}
	ck_assert_int_eq(drv.state, CIA402_SWITCH_ON_DISABLED);
	exchange(&(struct drive_intent){ .enable = true, .fault_reset = true });
	for (unsigned int i = 0; i < 5; i++)
		exchange(&hold);
	ck_assert_int_eq(drv.state, CIA402_OPERATION_ENABLED);
	ck_assert(!(rd.status & OMT_STATUS_FAULT));
}
END_TEST

START_TEST(a_following_error_is_a_latched_fault_that_holds_still)
{
	enable();
	exchange(&(struct drive_intent){ .enable = true, .move = true,
					  .target = 100.0, .speed = 10.0 });
	drv.following_error = true;
	exchange(&hold);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_FOLLOWING_ERROR);
	ck_assert_uint_eq(rd.fault_code, OMT_DRIVE_FAULT_FOLLOWING_ERROR);
	exchange(&(struct drive_intent){ .enable = true, .move = true,
					  .target = 100.0, .speed = 10.0 });
	ck_assert_uint_eq(cw(), CIA402_CMD_ENABLE_OPERATION | CIA402_CW_HALT);
	/* A reset while the error persists latches it again. */
	exchange(&(struct drive_intent){ .enable = true, .fault_reset = true });
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_FOLLOWING_ERROR);
	drv.following_error = false;
	exchange(&hold);
	exchange(&(struct drive_intent){ .enable = true, .fault_reset = true });
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
}
END_TEST

START_TEST(a_walk_that_does_not_progress_is_a_fault)
{
	exchange(&hold);
	drv.frozen = true;                     /* stays switch-on-disabled */
	while (cia402_pp_fault(&sm) == DRIVE_FAULT_NONE && now < 10000)
		exchange(&hold);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_STARTUP_TIMEOUT);
	ck_assert_uint_le(now, 1000 + 500 + 40);
}
END_TEST

START_TEST(enabling_after_a_long_rest_is_timed_from_the_enable)
{
	struct drive_intent off = { .enable = false };

	for (unsigned int i = 0; i < 300; i++)       /* 3 s switched on */
		exchange(&off);
	exchange(&hold);
	ck_assert_int_eq(cia402_pp_fault(&sm), DRIVE_FAULT_NONE);
	ck_assert_int_eq(drv.state, CIA402_OPERATION_ENABLED);
}
END_TEST

START_TEST(error_codes_map_by_their_groups)
{
	static const struct { uint16_t code; enum drive_named_fault f; } t[] = {
		{ 0x0000, DRIVE_FAULT_NONE },
		{ 0x2310, DRIVE_FAULT_OVERCURRENT },
		{ 0x3210, DRIVE_FAULT_OVERVOLTAGE },
		{ 0x3220, DRIVE_FAULT_UNDERVOLTAGE },
		{ 0x4310, DRIVE_FAULT_OVERTEMPERATURE },
		{ 0x7305, DRIVE_FAULT_SENSOR },
		{ 0x8611, DRIVE_FAULT_FOLLOWING_ERROR },
		{ 0x5530, DRIVE_FAULT_DRIVE_FAULT_STATE },
		{ 0xff00, DRIVE_FAULT_DRIVE_FAULT_STATE },
	};

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_int_eq(cia402_error_fault(t[i].code), t[i].f);
}
END_TEST

/*
 * Every statusword a drive could send, on a fresh codec: every
 * combination of the bits the codec reads (0-7, 10, 12, 13), with the
 * others (8, 9, 11, 14, 15) all clear and all set.
 */
START_TEST(every_statusword_decodes_consistently)
{
	static const uint16_t read_bits[] = {
		0, 1, 2, 3, 4, 5, 6, 7, 10, 12, 13,
	};
	struct cia402_pp_sm fresh;

	exchange(&hold);
	fresh = sm;
	for (uint32_t combo = 0; combo < (2u << 11); combo++) {
		uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 };
		uint32_t sw = combo & 0x800 ? 0xcb00 : 0;
		enum cia402_state s;

		for (unsigned int b = 0; b < 11; b++)
			if (combo & (1u << b))
				sw |= 1u << read_bits[b];
		s = cia402_state_of((uint16_t)sw);
		bool op = s == CIA402_OPERATION_ENABLED;
		bool ferr = op && (sw & CIA402_SW_FOLLOWING_ERROR);
		bool fault = s == CIA402_FAULT ||
			     s == CIA402_FAULT_REACTION_ACTIVE || ferr;

		sm = fresh;
		words[sm.reads.word_of[CIA402_READ_STATUSWORD]] = (uint16_t)sw;
		cia402_pp_decode(&sm, words, now, &rd);
		ck_assert_uint_eq(rd.status_raw, sw);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_FAULT), fault);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_ENABLED),
				 op && !fault);
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_READY),
				 !fault && (op || s == CIA402_SWITCHED_ON ||
					    s == CIA402_READY_TO_SWITCH_ON));
		ck_assert_int_eq(!!(rd.status & OMT_STATUS_MOVING),
				 (op || s == CIA402_QUICK_STOP_ACTIVE) &&
				 !(sw & CIA402_SW_TARGET_REACHED));
		/* Never in position without a set-point of ours. */
		ck_assert(!(rd.status & OMT_STATUS_IN_POSITION));
	}
}
END_TEST

START_TEST(position_and_velocity_are_signed_and_scaled)
{
	drv.position = -1000;
	drv.velocity = 2500;
	exchange(&hold);
	ck_assert_int_eq(rd.position_counts, -1000);
	ck_assert(fabs(rd.position - -1.0) < 1e-12);
	ck_assert(fabs(rd.velocity - 2.5) < 1e-12);
}
END_TEST

START_TEST(targets_and_speeds_that_cannot_be_sent_halt_instead)
{
	static const struct { double target, speed; int rc; } cases[] = {
		{ 3e6, 10.0, -ERANGE }, { NAN, 10.0, -EINVAL },
		{ 100.0, 0.0, -EINVAL }, { 100.0, 5e6, -ERANGE },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct drive_intent in = go(cases[i].target, cases[i].speed);

		setup();
		enable();
		ck_assert_int_eq(exchange(&in), cases[i].rc);
		ck_assert(cw() & CIA402_CW_HALT);
		ck_assert_uint_eq(drv.setpoints, 0);
	}
}
END_TEST

START_TEST(init_refuses_other_classes)
{
	struct omt_regmap g;

	regmap_builtin_generic1(&g);
	ck_assert_int_eq(cia402_pp_init(&sm, &g), -EINVAL);
	regmap_builtin_linak_techline_tcp(&g);
	ck_assert_int_eq(cia402_pp_init(&sm, &g), -EINVAL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cia402-profile-position");
	TCase *tc = tcase_create("exchanges");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, reads_follow_the_map);
	tcase_add_test(tc, startup_writes_the_mode_and_ramps_before_any_controlword);
	tcase_add_test(tc, the_walk_goes_shutdown_switch_on_enable_operation);
	tcase_add_test(tc, without_enable_the_walk_stops_at_switched_on);
	tcase_add_test(tc, a_disable_while_moving_halts_before_disabling_operation);
	tcase_add_test(tc, every_state_gets_its_controlword);
	tcase_add_test(tc, a_setpoint_is_written_then_bit_4_held_until_acknowledged);
	tcase_add_test(tc, a_setpoint_whose_exchange_failed_goes_again_with_bit_4);
	tcase_add_test(tc, a_setpoint_never_acknowledged_is_a_fault);
	tcase_add_test(tc, a_setpoint_whose_replies_were_lost_is_no_fault);
	tcase_add_test(tc, release_halts_from_the_next_exchange_and_resumes_with_a_new_setpoint);
	tcase_add_test(tc, quick_stop_is_the_quick_stop_command_then_the_walk_again);
	tcase_add_test(tc, a_drive_fault_is_reset_on_one_rising_edge_then_walked_up);
	tcase_add_test(tc, leaving_operation_enabled_unasked_is_a_latched_fault);
	tcase_add_test(tc, a_following_error_is_a_latched_fault_that_holds_still);
	tcase_add_test(tc, a_walk_that_does_not_progress_is_a_fault);
	tcase_add_test(tc, enabling_after_a_long_rest_is_timed_from_the_enable);
	tcase_add_test(tc, error_codes_map_by_their_groups);
	tcase_add_test(tc, every_statusword_decodes_consistently);
	tcase_add_test(tc, position_and_velocity_are_signed_and_scaled);
	tcase_add_test(tc, targets_and_speeds_that_cannot_be_sent_halt_instead);
	tcase_add_test(tc, init_refuses_other_classes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
