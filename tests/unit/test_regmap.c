// SPDX-License-Identifier: MIT
/*
 * Register profiles as data: the built-in omt-generic-1 against the
 * contract's register table, the keys of a [profile.NAME] section, the
 * checks of a complete profile, and the transaction plan of any layout.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "omt_regs.h"
#include "regmap.h"

static char err[256];
static char bad_key[64];

/* The keys of a minimal complete profile, omt-generic-1's layout. */
static const char *const minimal[][2] = {
	{ "addr.status", "0x0000" },
	{ "addr.fault_code", "0x0001" },
	{ "addr.position", "0x0002" },
	{ "addr.velocity", "0x0004" },
	{ "addr.current", "0x0005" },
	{ "addr.control", "0x0010" },
	{ "addr.setpoint", "0x0011" },
	{ "word_order", "high-first" },
	{ "position_scale", "0.01" },
	{ "velocity_scale", "0.1" },
	{ "current_scale", "1" },
	{ "status_bit.ready", "0" },
	{ "status_bit.enabled", "1" },
	{ "status_bit.fault", "4" },
	{ "control_bit.enable", "0" },
	{ "control_bit.quick_stop", "1" },
	{ "control_bit.fault_reset", "2" },
};
#define N_MINIMAL (sizeof(minimal) / sizeof(minimal[0]))

static void build_minimal(struct omt_regmap *p, int skip)
{
	regmap_init_unset(p, "custom");
	for (unsigned int i = 0; i < N_MINIMAL; i++) {
		if ((int)i == skip)
			continue;
		ck_assert_msg(regmap_set_key(p, minimal[i][0], minimal[i][1],
					      err, sizeof(err)) == 0,
			      "%s: %s", minimal[i][0], err);
	}
}

static int validate(const struct omt_regmap *p)
{
	bad_key[0] = '\0';
	err[0] = '\0';
	return regmap_validate(p, bad_key, sizeof(bad_key), err, sizeof(err));
}

START_TEST(builtin_matches_the_contract)
{
	struct omt_regmap p;

	regmap_builtin_generic1(&p);
	ck_assert_str_eq(p.name, "omt-generic-1");
	ck_assert_int_eq(p.addr[REGMAP_REG_STATUS], OMT_REG_STATUS);
	ck_assert_int_eq(p.addr[REGMAP_REG_FAULT_CODE], OMT_REG_FAULT_CODE);
	ck_assert_int_eq(p.addr[REGMAP_REG_POSITION], OMT_REG_POSITION);
	ck_assert_int_eq(p.addr[REGMAP_REG_VELOCITY], OMT_REG_VELOCITY);
	ck_assert_int_eq(p.addr[REGMAP_REG_CURRENT], OMT_REG_CURRENT);
	ck_assert_int_eq(p.addr[REGMAP_REG_CONTROL], OMT_REG_CONTROL);
	ck_assert_int_eq(p.addr[REGMAP_REG_SETPOINT], OMT_REG_SETPOINT);
	ck_assert_int_eq(p.addr[REGMAP_REG_VELOCITY_LIMIT],
			 OMT_REG_VELOCITY_LIMIT);
	ck_assert_int_eq(p.addr[REGMAP_REG_WATCHDOG_MS], OMT_REG_WATCHDOG_MS);
	ck_assert_int_eq(p.addr[REGMAP_REG_AXIS_KIND], OMT_REG_AXIS_KIND);
	ck_assert_int_eq(p.addr[REGMAP_REG_MIN_POSITION], OMT_REG_MIN_POSITION);
	ck_assert_int_eq(p.addr[REGMAP_REG_MAX_POSITION], OMT_REG_MAX_POSITION);
	ck_assert_int_eq(p.addr[REGMAP_REG_TENSION], OMT_REG_TENSION);
	ck_assert_int_eq(p.addr[REGMAP_REG_SERIAL_NUMBER], OMT_REG_SERIAL_NUMBER);
	ck_assert_int_eq(p.addr[REGMAP_REG_FIRMWARE_VERSION],
			 OMT_REG_FIRMWARE_VERSION);
	ck_assert_int_eq(REGMAP_TEXT_WORDS, OMT_REG_TEXT_WORDS);
	ck_assert_int_eq(p.word_order, REGMAP_HIGH_WORD_FIRST);
	ck_assert_double_eq(p.position_scale, 0.01);
	ck_assert_double_eq(p.velocity_scale, 0.1);
	ck_assert_double_eq(p.current_scale, 1.0);
	ck_assert(p.function23);
	ck_assert_int_eq(1 << p.status_bit[REGMAP_ST_READY], OMT_STATUS_READY);
	ck_assert_int_eq(1 << p.status_bit[REGMAP_ST_COMMS_TIMEOUT],
			 OMT_STATUS_COMMS_TIMEOUT);
	ck_assert_int_eq(1 << p.status_bit[REGMAP_ST_OBSTRUCTION],
			 OMT_STATUS_OBSTRUCTION);
	ck_assert_int_eq(1 << p.control_bit[REGMAP_CTL_QUICK_STOP],
			 OMT_CONTROL_QUICK_STOP);
	ck_assert_int_eq(validate(&p), 0);
}
END_TEST

START_TEST(builtin_cycle_is_one_function_23)
{
	struct omt_regmap p;
	struct regmap_plan plan;

	regmap_builtin_generic1(&p);
	regmap_plan_build(&p, &plan);
	ck_assert(plan.combined);
	ck_assert_uint_eq(plan.n_read, 1);
	ck_assert_uint_eq(plan.read[0].addr, OMT_REG_READ_BLOCK_START);
	ck_assert_uint_eq(plan.read[0].count, OMT_REG_READ_BLOCK_COUNT);
	ck_assert_uint_eq(plan.n_write, 1);
	ck_assert_uint_eq(plan.write[0].addr, OMT_REG_WRITE_BLOCK_START);
	ck_assert_uint_eq(plan.write[0].count, OMT_REG_WRITE_BLOCK_COUNT);
	ck_assert_uint_eq(plan.word[REGMAP_REG_POSITION], 2);
	ck_assert_uint_eq(plan.word[REGMAP_REG_CURRENT], 5);
	ck_assert_uint_eq(plan.word[REGMAP_REG_SETPOINT], 1);
}
END_TEST

START_TEST(minimal_profile_is_valid_and_optional_registers_absent)
{
	struct omt_regmap p;

	build_minimal(&p, -1);
	ck_assert_msg(validate(&p) == 0, "%s: %s", bad_key, err);
	ck_assert_int_eq(p.addr[REGMAP_REG_TENSION], REGMAP_ADDR_NONE);
	ck_assert_int_eq(p.addr[REGMAP_REG_MIN_POSITION], REGMAP_ADDR_NONE);
	ck_assert_int_eq(p.status_bit[REGMAP_ST_HOMED], REGMAP_BIT_NONE);
	ck_assert(!p.function23);
}
END_TEST

START_TEST(each_missing_required_key_is_named)
{
	struct omt_regmap p;

	for (unsigned int i = 0; i < N_MINIMAL; i++) {
		build_minimal(&p, (int)i);
		ck_assert_int_eq(validate(&p), -EINVAL);
		ck_assert_str_eq(bad_key, minimal[i][0]);
		ck_assert_msg(strstr(err, "missing") != NULL, "%s", err);
	}
}
END_TEST

START_TEST(bad_values_are_refused_and_change_nothing)
{
	static const char *const bad[][3] = {
		{ "addr.status", "0x10000", "out of range" },
		{ "addr.position", "0xffff", "out of range" },
		{ "addr.status", "-1", "not a whole number" },
		{ "addr.status", "status", "not a whole number" },
		{ "addr.status", "none", "required" },
		{ "addr.setpoint", "", "not a whole number" },
		{ "addr.status", "0x", "not a whole number" },
		{ "addr.status", " 1", "not a whole number" },
		{ "status_bit.ready", "16", "out of range" },
		{ "status_bit.fault", "none", "required" },
		{ "control_bit.enable", "none", "required" },
		{ "control_bit.enable", "1.5", "not a whole number" },
		{ "position_scale", "0", "greater than 0" },
		{ "position_scale", "-0.01", "out of range" },
		{ "velocity_scale", "nan", "not a number" },
		{ "current_scale", "inf", "not a number" },
		{ "current_scale", "1e999", "out of range" },
		{ "word_order", "middle-endian", "not one of high-first, low-first" },
		{ "function23", "maybe", "not yes or no" },
		{ "addr.colour", "1", "unknown key" },
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct omt_regmap p, before;

		build_minimal(&p, -1);
		before = p;
		err[0] = '\0';
		ck_assert_int_eq(regmap_set_key(&p, bad[i][0], bad[i][1], err,
						 sizeof(err)), -EINVAL);
		ck_assert_msg(strstr(err, bad[i][2]) != NULL,
			      "%s = '%s': %s", bad[i][0], bad[i][1], err);
		ck_assert_int_eq(memcmp(&p, &before, sizeof(p)), 0);
	}
}
END_TEST

START_TEST(optional_registers_accept_none)
{
	struct omt_regmap p;

	build_minimal(&p, -1);
	ck_assert_int_eq(regmap_set_key(&p, "addr.tension", "0x0030", err,
					 sizeof(err)), 0);
	ck_assert_int_eq(p.addr[REGMAP_REG_TENSION], 0x30);
	ck_assert_int_eq(regmap_set_key(&p, "addr.tension", "none", err,
					 sizeof(err)), 0);
	ck_assert_int_eq(p.addr[REGMAP_REG_TENSION], REGMAP_ADDR_NONE);
	ck_assert_int_eq(regmap_set_key(&p, "status_bit.homed", "none", err,
					 sizeof(err)), 0);
	/* Decimal addresses are decimal: 010 is ten, not eight. */
	ck_assert_int_eq(regmap_set_key(&p, "addr.watchdog_ms", "010", err,
					 sizeof(err)), 0);
	ck_assert_int_eq(p.addr[REGMAP_REG_WATCHDOG_MS], 10);
}
END_TEST

START_TEST(overlapping_registers_are_refused)
{
	struct omt_regmap p;

	build_minimal(&p, -1);
	/* FAULT_CODE on POSITION's low word. */
	p.addr[REGMAP_REG_FAULT_CODE] = 0x0003;
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "addr.position");
	ck_assert_msg(strstr(err, "overlaps addr.fault_code"), "%s", err);

	build_minimal(&p, -1);
	p.addr[REGMAP_REG_TENSION] = 0x0012;   /* SETPOINT's low word */
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "addr.tension");

	/* A text register is eight words: its last one counts too. */
	build_minimal(&p, -1);
	p.addr[REGMAP_REG_SERIAL_NUMBER] = 0x0040;
	p.addr[REGMAP_REG_FIRMWARE_VERSION] = 0x0047;
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "addr.firmware_version");
	ck_assert_msg(strstr(err, "overlaps addr.serial_number"), "%s", err);
	p.addr[REGMAP_REG_FIRMWARE_VERSION] = 0x0048;
	ck_assert_int_eq(validate(&p), 0);
}
END_TEST

START_TEST(identity_registers_are_optional_and_bounded)
{
	struct omt_regmap p;

	build_minimal(&p, -1);
	ck_assert_int_eq(p.addr[REGMAP_REG_SERIAL_NUMBER], REGMAP_ADDR_NONE);
	ck_assert_int_eq(p.addr[REGMAP_REG_FIRMWARE_VERSION], REGMAP_ADDR_NONE);
	ck_assert_int_eq(regmap_set_key(&p, "addr.serial_number", "0x1000",
					 err, sizeof(err)), 0);
	ck_assert_int_eq(p.addr[REGMAP_REG_SERIAL_NUMBER], 0x1000);
	/* All eight words must lie below 0x10000. */
	ck_assert_int_eq(regmap_set_key(&p, "addr.firmware_version", "0xfff8",
					 err, sizeof(err)), 0);
	ck_assert_int_eq(regmap_set_key(&p, "addr.firmware_version", "0xfff9",
					 err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(p.addr[REGMAP_REG_FIRMWARE_VERSION], 0xfff8);
	ck_assert_int_eq(regmap_set_key(&p, "addr.serial_number", "none",
					 err, sizeof(err)), 0);
	ck_assert_int_eq(p.addr[REGMAP_REG_SERIAL_NUMBER], REGMAP_ADDR_NONE);
	ck_assert_int_eq(validate(&p), 0);
}
END_TEST

START_TEST(every_status_bit_collision_is_refused)
{
	for (unsigned int a = 0; a < REGMAP_ST_COUNT; a++) {
		for (unsigned int b = a + 1; b < REGMAP_ST_COUNT; b++) {
			struct omt_regmap p;
			char expect[64];

			regmap_builtin_generic1(&p);
			p.status_bit[b] = p.status_bit[a];
			ck_assert_int_eq(validate(&p), -EINVAL);
			ck_assert_msg(strncmp(bad_key, "status_bit.", 11) == 0,
				      "%s", bad_key);
			snprintf(expect, sizeof(expect), "same bit as");
			ck_assert_msg(strstr(err, expect), "%s", err);
		}
	}
}
END_TEST

START_TEST(every_control_bit_collision_is_refused)
{
	for (unsigned int a = 0; a < REGMAP_CTL_COUNT; a++) {
		for (unsigned int b = a + 1; b < REGMAP_CTL_COUNT; b++) {
			struct omt_regmap p;

			regmap_builtin_generic1(&p);
			p.control_bit[b] = p.control_bit[a];
			ck_assert_int_eq(validate(&p), -EINVAL);
			ck_assert_msg(strncmp(bad_key, "control_bit.", 12) == 0,
				      "%s", bad_key);
		}
	}
}
END_TEST

START_TEST(travel_registers_come_in_pairs)
{
	struct omt_regmap p;

	build_minimal(&p, -1);
	p.addr[REGMAP_REG_MIN_POSITION] = 0x20;
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "addr.max_position");
	p.addr[REGMAP_REG_MAX_POSITION] = 0x22;
	ck_assert_int_eq(validate(&p), 0);
}
END_TEST

START_TEST(plan_of_a_scattered_layout)
{
	struct omt_regmap p;
	struct regmap_plan plan;

	build_minimal(&p, -1);
	/* Reverse order and gaps: CURRENT first, STATUS last. */
	p.addr[REGMAP_REG_CURRENT] = 0x0100;
	p.addr[REGMAP_REG_VELOCITY] = 0x0101;
	p.addr[REGMAP_REG_POSITION] = 0x0200;
	p.addr[REGMAP_REG_FAULT_CODE] = 0x0202;
	p.addr[REGMAP_REG_STATUS] = 0x0300;
	/* SETPOINT before CONTROL, adjacent: still one write. */
	p.addr[REGMAP_REG_SETPOINT] = 0x0400;
	p.addr[REGMAP_REG_CONTROL] = 0x0402;
	p.function23 = true;
	ck_assert_int_eq(validate(&p), 0);
	regmap_plan_build(&p, &plan);
	ck_assert_uint_eq(plan.n_read, 3);
	ck_assert_uint_eq(plan.read[0].addr, 0x0100);
	ck_assert_uint_eq(plan.read[0].count, 2);
	ck_assert_uint_eq(plan.read[0].offset, 0);
	ck_assert_uint_eq(plan.read[1].addr, 0x0200);
	ck_assert_uint_eq(plan.read[1].count, 3);
	ck_assert_uint_eq(plan.read[1].offset, 2);
	ck_assert_uint_eq(plan.read[2].addr, 0x0300);
	ck_assert_uint_eq(plan.read[2].count, 1);
	ck_assert_uint_eq(plan.read[2].offset, 5);
	ck_assert_uint_eq(plan.word[REGMAP_REG_CURRENT], 0);
	ck_assert_uint_eq(plan.word[REGMAP_REG_VELOCITY], 1);
	ck_assert_uint_eq(plan.word[REGMAP_REG_POSITION], 2);
	ck_assert_uint_eq(plan.word[REGMAP_REG_FAULT_CODE], 4);
	ck_assert_uint_eq(plan.word[REGMAP_REG_STATUS], 5);
	ck_assert_uint_eq(plan.n_write, 1);
	ck_assert_uint_eq(plan.write[0].addr, 0x0400);
	ck_assert_uint_eq(plan.write[0].count, 3);
	ck_assert_uint_eq(plan.word[REGMAP_REG_SETPOINT], 0);
	ck_assert_uint_eq(plan.word[REGMAP_REG_CONTROL], 2);
	ck_assert(plan.combined);
}
END_TEST

START_TEST(plan_with_every_register_apart)
{
	struct omt_regmap p;
	struct regmap_plan plan;
	unsigned int words = 0;

	build_minimal(&p, -1);
	p.addr[REGMAP_REG_STATUS] = 0x10;
	p.addr[REGMAP_REG_FAULT_CODE] = 0x20;
	p.addr[REGMAP_REG_POSITION] = 0x30;
	p.addr[REGMAP_REG_VELOCITY] = 0x40;
	p.addr[REGMAP_REG_CURRENT] = 0x50;
	p.addr[REGMAP_REG_CONTROL] = 0x60;
	p.addr[REGMAP_REG_SETPOINT] = 0x70;
	ck_assert_int_eq(validate(&p), 0);
	regmap_plan_build(&p, &plan);
	ck_assert_uint_eq(plan.n_read, 5);
	ck_assert_uint_eq(plan.n_write, 2);
	ck_assert(!plan.combined);
	for (unsigned int i = 0; i < plan.n_read; i++) {
		ck_assert_uint_eq(plan.read[i].offset, words);
		words += plan.read[i].count;
	}
	ck_assert_uint_eq(words, REGMAP_READ_WORDS);
}
END_TEST

START_TEST(key_names_known)
{
	ck_assert(regmap_key_known("addr.status"));
	ck_assert(regmap_key_known("status_bit.comms_timeout"));
	ck_assert(regmap_key_known("control_bit.fault_reset"));
	ck_assert(regmap_key_known("function23"));
	ck_assert(!regmap_key_known("addr.Status"));
	ck_assert(!regmap_key_known("status_bit.paused"));
	ck_assert(!regmap_key_known(""));
	for (unsigned int r = 0; r < REGMAP_REG_COUNT; r++)
		ck_assert(regmap_key_known(regmap_reg_key((enum regmap_reg)r)));
}
END_TEST

static Suite *regmap_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, builtin_matches_the_contract);
	tcase_add_test(tc, builtin_cycle_is_one_function_23);
	tcase_add_test(tc, minimal_profile_is_valid_and_optional_registers_absent);
	tcase_add_test(tc, each_missing_required_key_is_named);
	tcase_add_test(tc, bad_values_are_refused_and_change_nothing);
	tcase_add_test(tc, optional_registers_accept_none);
	tcase_add_test(tc, overlapping_registers_are_refused);
	tcase_add_test(tc, every_status_bit_collision_is_refused);
	tcase_add_test(tc, every_control_bit_collision_is_refused);
	tcase_add_test(tc, travel_registers_come_in_pairs);
	tcase_add_test(tc, plan_of_a_scattered_layout);
	tcase_add_test(tc, plan_with_every_register_apart);
	tcase_add_test(tc, key_names_known);
	tcase_add_test(tc, identity_registers_are_optional_and_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(regmap_suite());
}
