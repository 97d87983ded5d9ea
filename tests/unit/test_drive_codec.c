// SPDX-License-Identifier: MIT
/*
 * One codec per drive whatever its class: the cyclic-position class writes
 * exactly what the register codec always wrote, the writes and reads of an
 * exchange are grouped as the wire needs them, and the dispatch reaches
 * each class.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "drive_codec.h"
#include "linak_regs.h"
#include "omt_regs.h"
#include "regmap.h"

/* Scattered: CONTROL apart from SETPOINT, low word first. */
static void scattered(struct omt_regmap *p)
{
	regmap_builtin_generic1(p);
	p->addr[REGMAP_REG_CONTROL] = 0x100;
	p->addr[REGMAP_REG_SETPOINT] = 0x200;
	p->word_order = REGMAP_LOW_WORD_FIRST;
	p->function23 = false;
}

/* What the link wrote before drive classes: regmap_encode_command() into
 * the plan's groups. */
static void check_same_as_regmap(const struct omt_regmap *p)
{
	struct cyclic_position_codec c;
	struct regmap_plan plan;
	struct drive_writes w;

	ck_assert_int_eq(cyclic_position_init(&c, p), 0);
	regmap_plan_build(p, &plan);
	for (unsigned int bits = 0; bits < 8; bits++) {
		for (int sp = -3000; sp <= 3000; sp += 7) {
			struct drive_intent in = {
				.enable = bits & 1, .quick_stop = bits & 2,
				.fault_reset = bits & 4,
				.move = true, .target = 999.0, .speed = 1.0,
				.setpoint = sp * 0.37,
			};
			struct drive_command cmd = {
				.enable = in.enable,
				.quick_stop = in.quick_stop,
				.fault_reset = in.fault_reset,
				.setpoint = in.setpoint,
			};
			uint16_t words[REGMAP_WRITE_WORDS];

			ck_assert_int_eq(regmap_encode_command(p, &plan, &cmd,
							       words), 0);
			ck_assert_int_eq(cyclic_position_step(&c, &in, &w), 0);
			ck_assert_uint_eq(w.n, plan.n_write);
			for (unsigned int g = 0; g < plan.n_write; g++) {
				ck_assert_uint_eq(w.w[g].addr,
						  plan.write[g].addr);
				ck_assert_uint_eq(w.w[g].count,
						  plan.write[g].count);
				ck_assert_int_eq(memcmp(w.w[g].words,
					&words[plan.write[g].offset],
					plan.write[g].count * 2), 0);
			}
		}
	}
}

START_TEST(cyclic_writes_exactly_what_the_register_codec_writes)
{
	struct omt_regmap p;

	regmap_builtin_generic1(&p);
	check_same_as_regmap(&p);
	scattered(&p);
	check_same_as_regmap(&p);
}
END_TEST

START_TEST(cyclic_reads_and_decodes_as_before)
{
	struct omt_regmap p;
	struct cyclic_position_codec c;
	struct regmap_plan plan;
	struct drive_reading a, b;
	uint16_t words[REGMAP_READ_WORDS] = { 0x001b, 3, 0xffff, 0xfc18, 25, 700 };

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(cyclic_position_init(&c, &p), 0);
	regmap_plan_build(&p, &plan);
	ck_assert_uint_eq(c.reads.n_groups, plan.n_read);
	ck_assert_int_eq(memcmp(c.reads.group, plan.read,
				plan.n_read * sizeof(plan.read[0])), 0);
	memset(&a, 0, sizeof(a));              /* padding compared too */
	memset(&b, 0, sizeof(b));
	regmap_decode_reading(&p, &plan, words, &a);
	cyclic_position_decode(&c, words, &b);
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
}
END_TEST

START_TEST(cyclic_refuses_a_setpoint_it_cannot_encode)
{
	struct omt_regmap p;
	struct cyclic_position_codec c;
	struct drive_writes w;
	struct drive_intent in = { .enable = true, .setpoint = NAN };

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(cyclic_position_init(&c, &p), 0);
	ck_assert_int_eq(cyclic_position_step(&c, &in, &w), -EINVAL);
	ck_assert_uint_eq(w.n, 0);
	in.setpoint = 1e12;
	ck_assert_int_eq(cyclic_position_step(&c, &in, &w), -ERANGE);
	ck_assert_uint_eq(w.n, 0);
}
END_TEST

START_TEST(writes_join_neighbours_in_order_and_are_bounded)
{
	struct drive_writes w, before;
	uint16_t v;

	drive_writes_clear(&w);
	ck_assert_int_eq(drive_writes_add(&w, 10, 1), 0);
	ck_assert_int_eq(drive_writes_add(&w, 11, 2), 0);
	ck_assert_int_eq(drive_writes_add(&w, 9, 3), 0);   /* not joined */
	ck_assert_uint_eq(w.n, 2);
	ck_assert_uint_eq(w.w[0].count, 2);
	ck_assert_int_eq(drive_writes_add32(&w, 10, 0x12345678, false), 0);
	ck_assert_uint_eq(w.n, 2);                          /* 9, 10, 11 */
	ck_assert_int_eq(drive_writes_find(&w, 10, &v), 0);
	ck_assert_uint_eq(v, 0x5678);                       /* the last */
	ck_assert_int_eq(drive_writes_find(&w, 12, &v), -ENOENT);
	/* A write holds at most DRIVE_WRITE_WORDS_MAX words. */
	drive_writes_clear(&w);
	for (unsigned int i = 0; i < DRIVE_WRITE_WORDS_MAX + 1; i++)
		ck_assert_int_eq(drive_writes_add(&w, (uint16_t)(100 + i), 0), 0);
	ck_assert_uint_eq(w.n, 2);
	/* Full: refused, unchanged, a 32-bit value all or nothing. */
	drive_writes_clear(&w);
	for (unsigned int i = 0; i < DRIVE_WRITES_MAX; i++)
		ck_assert_int_eq(drive_writes_add(&w, (uint16_t)(i * 10), 0), 0);
	ck_assert_int_eq(drive_writes_add(&w, 1000, 0), -ENOSPC);
	w.w[DRIVE_WRITES_MAX - 1].count = DRIVE_WRITE_WORDS_MAX - 1;
	before = w;
	ck_assert_int_eq(drive_writes_add32(&w, 50 + DRIVE_WRITE_WORDS_MAX - 1,
					    7, true), -ENOSPC);
	ck_assert_int_eq(memcmp(&w, &before, sizeof(w)), 0);
}
END_TEST

START_TEST(reads_group_neighbours_skip_absent_and_bound)
{
	struct drive_reads r;
	const int32_t addr[] = { 0x20, 0x10, -1, 0x11, 0x22 };
	const uint8_t width[] = { 2, 1, 1, 1, 1 };
	int32_t many[DRIVE_READ_REGS_MAX + 1];
	uint8_t wide[DRIVE_READ_REGS_MAX + 1];

	ck_assert_int_eq(drive_reads_plan(&r, addr, width, 5), 0);
	ck_assert_uint_eq(r.n_groups, 2);
	ck_assert_uint_eq(r.group[0].addr, 0x10);
	ck_assert_uint_eq(r.group[0].count, 2);
	ck_assert_uint_eq(r.group[1].addr, 0x20);
	ck_assert_uint_eq(r.group[1].count, 3);
	ck_assert_uint_eq(r.group[1].offset, 2);
	ck_assert_uint_eq(r.words, 5);
	ck_assert_uint_eq(r.word_of[1], 0);
	ck_assert_uint_eq(r.word_of[3], 1);
	ck_assert_uint_eq(r.word_of[0], 2);
	ck_assert_uint_eq(r.word_of[4], 4);
	for (unsigned int i = 0; i <= DRIVE_READ_REGS_MAX; i++) {
		many[i] = (int32_t)(i * 100);
		wide[i] = 1;
	}
	ck_assert_int_eq(drive_reads_plan(&r, many, wide,
					  DRIVE_READ_REGS_MAX + 1), -EINVAL);
	for (unsigned int i = 0; i < DRIVE_READ_REGS_MAX; i++)
		wide[i] = 4;
	ck_assert_int_eq(drive_reads_plan(&r, many, wide,
					  DRIVE_READ_REGS_MAX), -EINVAL);
}
END_TEST

START_TEST(the_cyclic_plan_of_a_newer_class_is_empty)
{
	struct omt_regmap p;
	struct regmap_plan plan;

	regmap_builtin_linak_techline_tcp(&p);
	memset(&plan, 0x5a, sizeof(plan));
	regmap_plan_build(&p, &plan);
	ck_assert_uint_eq(plan.n_read, 0);
	ck_assert_uint_eq(plan.n_write, 0);
	ck_assert(!plan.combined);
}
END_TEST

START_TEST(the_codec_reaches_each_class)
{
	struct omt_regmap p;
	struct drive_codec c;
	struct drive_writes w;
	struct drive_intent hold = { .enable = true };
	uint16_t v;

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	ck_assert_int_eq(drive_codec_step(&c, &hold, 0, &w), 0);
	ck_assert_uint_eq(w.w[0].addr, OMT_REG_CONTROL);
	ck_assert_uint_eq(drive_codec_reads(&c)->group[0].addr, OMT_REG_STATUS);
	ck_assert_int_eq(drive_codec_fault(&c), DRIVE_FAULT_NONE);

	regmap_builtin_linak_techline_tcp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	ck_assert_int_eq(drive_codec_step(&c, &hold, 0, &w), 0);
	ck_assert_int_eq(drive_writes_find(&w, LINAK_REG_COMMAND, &v), 0);
	ck_assert_uint_eq(v, LINAK_CMD_STOP);
	ck_assert_uint_eq(drive_codec_reads(&c)->group[0].addr,
			  LINAK_REG_POSITION);

	regmap_builtin_cia402_pp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	ck_assert_int_eq(drive_codec_step(&c, &hold, 0, &w), 0);
	ck_assert_int_eq(drive_writes_find(&w, CIA402_OBJ_MODES_OF_OPERATION,
					   &v), 0);
	ck_assert_uint_eq(v, 1);

	p.dc.cls = DRIVE_CLASS_COUNT;
	ck_assert_int_eq(drive_codec_init(&c, &p), -EINVAL);
}
END_TEST

START_TEST(a_restart_goes_back_to_the_startup_sequence)
{
	struct omt_regmap p;
	struct drive_codec c;
	struct drive_writes w;
	struct drive_reading rd;
	struct drive_intent hold = { .enable = true };
	uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 }, v;

	regmap_builtin_cia402_pp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	drive_codec_step(&c, &hold, 0, &w);
	drive_codec_decode(&c, words, 0, &rd);
	drive_codec_step(&c, &hold, 10, &w);
	ck_assert_int_ne(drive_writes_find(&w, CIA402_OBJ_MODES_OF_OPERATION,
					   &v), 0);
	drive_codec_restart(&c);
	drive_codec_step(&c, &hold, 20, &w);
	ck_assert_int_eq(drive_writes_find(&w, CIA402_OBJ_MODES_OF_OPERATION,
					   &v), 0);
	/* No controlword before the state is read again. */
	ck_assert_int_ne(drive_writes_find(&w, CIA402_OBJ_CONTROLWORD, &v), 0);
}
END_TEST


/* A LINAK-layout reply: position, current, status, error, speed. */
static void linak_reply(struct drive_codec *c, uint16_t pos, uint16_t status,
			uint16_t error, uint64_t now_ms)
{
	const struct drive_reads *r = drive_codec_reads(c);
	uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 };
	struct drive_reading rd;

	words[r->word_of[TARGET_READ_POSITION]] = pos;
	words[r->word_of[TARGET_READ_STATUS]] = status;
	words[r->word_of[TARGET_READ_ERROR]] = error;
	drive_codec_decode(c, words, now_ms, &rd);
}

START_TEST(a_target_position_codec_settles_only_when_nothing_is_under_way)
{
	struct omt_regmap p;
	struct drive_codec c;
	struct drive_writes w;
	struct drive_intent hold = { .enable = true };
	struct drive_intent run = { .enable = true, .move = true,
				    .target = 300.0, .speed = 20.0 };

	regmap_builtin_linak_techline_tcp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	/* Start-up: STOP and the ramps under way. */
	ck_assert(!drive_codec_settled(&c));
	drive_codec_step(&c, &hold, 0, &w);
	ck_assert(!drive_codec_settled(&c));
	linak_reply(&c, 2500, 0, LINAK_ERR_NONE, 10);
	ck_assert(drive_codec_settled(&c));
	/* A run: not settled until it has ended. */
	drive_codec_step(&c, &run, 20, &w);
	ck_assert(!drive_codec_settled(&c));
	linak_reply(&c, 2510, LINAK_STATUS_RUNNING_OUT, 0, 30);
	ck_assert(!drive_codec_settled(&c));
	/* Released: STOP until it stands. */
	drive_codec_step(&c, &hold, 40, &w);
	ck_assert(!drive_codec_settled(&c));
	linak_reply(&c, 2520, LINAK_STATUS_RUNNING_OUT, 0, 50);
	ck_assert(!drive_codec_settled(&c));
	drive_codec_step(&c, &hold, 60, &w);
	linak_reply(&c, 2521, 0, 0, 70);
	ck_assert(drive_codec_settled(&c));
	/* A latched fault with the actuator standing: settled (STOP is
	 * sent whenever it is asked). */
	drive_codec_step(&c, &hold, 80, &w);
	linak_reply(&c, 2521, 0, LINAK_ERR_OVERVOLTAGE, 90);
	ck_assert_int_eq(drive_codec_fault(&c), DRIVE_FAULT_OVERVOLTAGE);
	ck_assert(drive_codec_settled(&c));
	/* Still running in the fault: not settled. */
	linak_reply(&c, 2521, LINAK_STATUS_RUNNING_IN, LINAK_ERR_OVERVOLTAGE,
		    100);
	ck_assert(!drive_codec_settled(&c));
}
END_TEST

static void cia402_reply(struct drive_codec *c, uint16_t sw, uint64_t now_ms)
{
	const struct drive_reads *r = drive_codec_reads(c);
	uint16_t words[DRIVE_READ_WORDS_MAX] = { 0 };
	struct drive_reading rd;

	words[r->word_of[CIA402_READ_STATUSWORD]] = sw;
	drive_codec_decode(c, words, now_ms, &rd);
}

START_TEST(a_cia402_codec_settles_only_in_the_state_it_aims_at)
{
	struct omt_regmap p;
	struct drive_codec c;
	struct drive_writes w;
	struct drive_intent off = { .enable = false };

	regmap_builtin_cia402_pp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	/* Nothing read yet, set-up pending. */
	ck_assert(!drive_codec_settled(&c));
	drive_codec_step(&c, &off, 0, &w);
	cia402_reply(&c, 0x0040, 10);          /* switch-on-disabled */
	ck_assert(!drive_codec_settled(&c));   /* aims at switched-on */
	drive_codec_step(&c, &off, 20, &w);
	cia402_reply(&c, 0x0021, 30);          /* ready to switch on */
	ck_assert(!drive_codec_settled(&c));
	drive_codec_step(&c, &off, 40, &w);
	cia402_reply(&c, 0x0023, 50);          /* switched on */
	ck_assert(drive_codec_settled(&c));
	/* In fault: settled once latched, nothing pending to send. */
	drive_codec_step(&c, &off, 60, &w);
	cia402_reply(&c, 0x0008, 70);          /* fault */
	ck_assert(drive_codec_fault(&c) != DRIVE_FAULT_NONE);
	ck_assert(drive_codec_settled(&c));
}
END_TEST

START_TEST(only_a_heartbeat_class_needs_a_keepalive)
{
	struct omt_regmap p;
	struct drive_codec c;

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	ck_assert_uint_eq(drive_codec_keepalive_ms(&c), 0);
	ck_assert(drive_codec_settled(&c));
	regmap_builtin_cia402_pp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	ck_assert_uint_eq(drive_codec_keepalive_ms(&c), 0);
	regmap_builtin_linak_techline_tcp(&p);
	ck_assert_int_eq(drive_codec_init(&c, &p), 0);
	ck_assert_uint_eq(drive_codec_keepalive_ms(&c),
			  LINAK_HEARTBEAT_TIMEOUT_MS / 4);
}
END_TEST

START_TEST(the_registers_a_class_writes_are_named)
{
	struct omt_regmap p;
	unsigned int n = 0;

	regmap_builtin_linak_techline_tcp(&p);
	for (uint32_t a = 0; a <= 0xffff; a++)
		n += drive_class_writes_register(&p, (uint16_t)a);
	/* heartbeat, command, current limit, speed, soft start, soft stop */
	ck_assert_uint_eq(n, 6);
	ck_assert(drive_class_writes_register(&p, LINAK_REG_HEARTBEAT));
	ck_assert(drive_class_writes_register(&p, LINAK_REG_SOFT_STOP));
	ck_assert(!drive_class_writes_register(&p, LINAK_REG_POSITION));

	regmap_builtin_cia402_pp(&p);          /* index map */
	ck_assert(drive_class_writes_register(&p, CIA402_OBJ_CONTROLWORD));
	ck_assert(drive_class_writes_register(&p, CIA402_OBJ_TARGET_POSITION));
	ck_assert(drive_class_writes_register(&p,
					      CIA402_OBJ_TARGET_POSITION + 1));
	ck_assert(!drive_class_writes_register(&p, CIA402_OBJ_STATUSWORD));
	ck_assert(!drive_class_writes_register(&p,
					       CIA402_OBJ_POSITION_ACTUAL));
	snprintf(p.dc.cia402.map, sizeof(p.dc.cia402.map), "kinco");
	ck_assert(drive_class_writes_register(&p, 0x3100));
	ck_assert(!drive_class_writes_register(&p, 0x3200));
	ck_assert(drive_class_writes_register(&p, 0x4001));

	regmap_builtin_generic1(&p);
	n = 0;
	for (uint32_t a = 0; a <= 0xffff; a++)
		n += drive_class_writes_register(&p, (uint16_t)a);
	ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("drive codec");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, cyclic_writes_exactly_what_the_register_codec_writes);
	tcase_add_test(tc, cyclic_reads_and_decodes_as_before);
	tcase_add_test(tc, cyclic_refuses_a_setpoint_it_cannot_encode);
	tcase_add_test(tc, writes_join_neighbours_in_order_and_are_bounded);
	tcase_add_test(tc, reads_group_neighbours_skip_absent_and_bound);
	tcase_add_test(tc, the_cyclic_plan_of_a_newer_class_is_empty);
	tcase_add_test(tc, the_codec_reaches_each_class);
	tcase_add_test(tc, a_restart_goes_back_to_the_startup_sequence);
	tcase_add_test(tc, a_target_position_codec_settles_only_when_nothing_is_under_way);
	tcase_add_test(tc, a_cia402_codec_settles_only_in_the_state_it_aims_at);
	tcase_add_test(tc, only_a_heartbeat_class_needs_a_keepalive);
	tcase_add_test(tc, the_registers_a_class_writes_are_named);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
