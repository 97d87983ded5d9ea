// SPDX-License-Identifier: MIT
/*
 * Drive classes as profile data: the class key and its default, the keys
 * of the target-position and cia402-profile-position classes, the checks
 * of a complete profile, the shipped linak-techline-tcp and cia402-pp
 * profiles, the stopping-distance rule, and how omtd.conf names them.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config.h"
#include "linak_regs.h"
#include "omt_regs.h"
#include "regmap.h"
#include "target_position.h"

static char err[256];
static char bad_key[64];

/* A complete target-position profile, LINAK's layout, as config text. */
static const char *const target_keys[][2] = {
	{ "class", "target-position" },
	{ "position_scale", "0.1" },
	{ "velocity_scale", "0.1" },
	{ "current_scale", "1" },
	{ "target.addr.heartbeat", "0x2001" },
	{ "target.addr.command", "0x2002" },
	{ "target.addr.speed", "0x2004" },
	{ "target.addr.soft_start", "0x2005" },
	{ "target.addr.soft_stop", "0x2006" },
	{ "target.addr.position", "0x2101" },
	{ "target.addr.status", "0x2103" },
	{ "target.addr.error", "0x2104" },
	{ "target.bit.running_out", "3" },
	{ "target.bit.running_in", "4" },
	{ "target.position_max", "64255" },
	{ "target.position_lost", "65024" },
	{ "target.cmd.stop", "64259" },
	{ "target.cmd.clear_error", "64256" },
	{ "target.speed_full", "200" },
	{ "target.full_speed", "30" },
	{ "target.soft_start_s", "0.6" },
	{ "target.soft_stop_s", "0.25" },
	{ "target.soft_s_per_count", "0.05" },
	{ "target.retarget", "1" },
	{ "target.heartbeat_ms", "500" },
	{ "target.stop_timeout_ms", "1000" },
};
#define N_TARGET (sizeof(target_keys) / sizeof(target_keys[0]))

static const char *const cia402_keys[][2] = {
	{ "class", "cia402-profile-position" },
	{ "position_scale", "0.001" },
	{ "velocity_scale", "0.001" },
	{ "current_scale", "1" },
	{ "map", "index" },
	{ "cia402.acceleration", "100" },
	{ "cia402.deceleration", "100" },
	{ "cia402.acceleration_scale", "0.001" },
	{ "cia402.retarget", "0.5" },
	{ "cia402.state_timeout_ms", "500" },
	{ "cia402.ack_timeout_ms", "200" },
};
#define N_CIA402 (sizeof(cia402_keys) / sizeof(cia402_keys[0]))

static void build(struct omt_regmap *p, const char *const (*keys)[2],
		  unsigned int n, int skip)
{
	regmap_init_unset(p, "custom");
	for (unsigned int i = 0; i < n; i++) {
		if ((int)i == skip)
			continue;
		ck_assert_msg(regmap_set_key(p, keys[i][0], keys[i][1], err,
					      sizeof(err)) == 0,
			      "%s: %s", keys[i][0], err);
	}
}

static int validate(const struct omt_regmap *p)
{
	bad_key[0] = '\0';
	err[0] = '\0';
	return regmap_validate(p, bad_key, sizeof(bad_key), err, sizeof(err));
}

START_TEST(class_names_round_trip_and_bad_names_are_refused)
{
	enum drive_class c;

	for (unsigned int i = 0; i < DRIVE_CLASS_COUNT; i++) {
		ck_assert_int_eq(drive_class_parse(drive_class_name(i), &c, err,
						   sizeof(err)), 0);
		ck_assert_int_eq(c, i);
	}
	c = DRIVE_CLASS_CIA402_PP;
	ck_assert_int_eq(drive_class_parse("target", &c, err, sizeof(err)),
			 -EINVAL);
	ck_assert_int_eq(c, DRIVE_CLASS_CIA402_PP);
	ck_assert_ptr_nonnull(strstr(err, "cyclic-position, target-position, cia402-profile-position"));
	ck_assert_str_eq(drive_class_name(DRIVE_CLASS_COUNT), "unknown");
}
END_TEST

START_TEST(every_profile_is_cyclic_position_unless_it_says_otherwise)
{
	struct omt_regmap p;

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(p.dc.cls, DRIVE_CLASS_CYCLIC_POSITION);
	regmap_init_unset(&p, "x");
	ck_assert_int_eq(p.dc.cls, DRIVE_CLASS_CYCLIC_POSITION);
	ck_assert(regmap_set_key(&p, "class", "cyclic-position", err,
				 sizeof(err)) == 0);
	ck_assert_int_eq(p.dc.cls, DRIVE_CLASS_CYCLIC_POSITION);
}
END_TEST

START_TEST(shipped_profiles_are_valid_and_found_by_name)
{
	static const char *const names[] = {
		OMT_PROFILE_BUILTIN_NAME, OMT_PROFILE_LINAK_TCP_NAME,
		OMT_PROFILE_CIA402_PP_NAME,
	};
	static const enum drive_class classes[] = {
		DRIVE_CLASS_CYCLIC_POSITION, DRIVE_CLASS_TARGET_POSITION,
		DRIVE_CLASS_CIA402_PP,
	};
	struct omt_regmap p, sentinel;

	for (unsigned int i = 0; i < 3; i++) {
		ck_assert(regmap_builtin_name(names[i]));
		ck_assert_int_eq(regmap_builtin_find(names[i], &p), 0);
		ck_assert_str_eq(p.name, names[i]);
		ck_assert_int_eq(p.dc.cls, classes[i]);
		ck_assert_msg(validate(&p) == 0, "%s: %s: %s", names[i],
			      bad_key, err);
	}
	memset(&sentinel, 0x5a, sizeof(sentinel));
	memcpy(&p, &sentinel, sizeof(p));
	ck_assert_int_eq(regmap_builtin_find("acme-9", &p), -ENOENT);
	ck_assert_int_eq(memcmp(&p, &sentinel, sizeof(p)), 0);
	ck_assert(!regmap_builtin_name("acme-9"));
}
END_TEST

START_TEST(linak_profile_carries_the_manuals_figures)
{
	struct omt_regmap p;
	const struct target_position_params *t = &p.dc.target;
	static const struct {
		uint16_t code;
		enum drive_named_fault fault;
	} table[] = {
		{ LINAK_ERR_NEED_STOP, DRIVE_FAULT_NEED_STOP },
		{ LINAK_ERR_HALL, DRIVE_FAULT_HALL_SENSOR },
		{ LINAK_ERR_OVERVOLTAGE, DRIVE_FAULT_OVERVOLTAGE },
		{ LINAK_ERR_UNDERVOLTAGE, DRIVE_FAULT_UNDERVOLTAGE },
		{ LINAK_ERR_HEARTBEAT_LOST, DRIVE_FAULT_HEARTBEAT_LOST },
		{ LINAK_ERR_TEMPERATURE, DRIVE_FAULT_OVERTEMPERATURE },
	};

	regmap_builtin_linak_techline_tcp(&p);
	ck_assert_int_eq(t->addr[TARGET_REG_HEARTBEAT], LINAK_REG_HEARTBEAT);
	ck_assert_int_eq(t->addr[TARGET_REG_COMMAND], LINAK_REG_COMMAND);
	ck_assert_int_eq(t->addr[TARGET_REG_CURRENT_LIMIT], LINAK_REG_CURRENT_LIMIT);
	ck_assert_int_eq(t->addr[TARGET_REG_SPEED], LINAK_REG_SPEED);
	ck_assert_int_eq(t->addr[TARGET_REG_SOFT_START], LINAK_REG_SOFT_START);
	ck_assert_int_eq(t->addr[TARGET_REG_SOFT_STOP], LINAK_REG_SOFT_STOP);
	ck_assert_int_eq(t->addr[TARGET_REG_POSITION], LINAK_REG_POSITION);
	ck_assert_int_eq(t->addr[TARGET_REG_CURRENT], LINAK_REG_CURRENT);
	ck_assert_int_eq(t->addr[TARGET_REG_STATUS], LINAK_REG_STATUS);
	ck_assert_int_eq(t->addr[TARGET_REG_ERROR], LINAK_REG_ERROR);
	ck_assert_int_eq(t->addr[TARGET_REG_SPEED_ACTUAL], LINAK_REG_SPEED_ACTUAL);
	ck_assert_int_eq(1u << t->bit[TARGET_BIT_END_IN], LINAK_STATUS_END_IN);
	ck_assert_int_eq(1u << t->bit[TARGET_BIT_END_OUT], LINAK_STATUS_END_OUT);
	ck_assert_int_eq(1u << t->bit[TARGET_BIT_OVERCURRENT], LINAK_STATUS_OVERCURRENT);
	ck_assert_int_eq(1u << t->bit[TARGET_BIT_RUNNING_OUT], LINAK_STATUS_RUNNING_OUT);
	ck_assert_int_eq(1u << t->bit[TARGET_BIT_RUNNING_IN], LINAK_STATUS_RUNNING_IN);
	ck_assert_uint_eq(t->position_max, LINAK_POSITION_MAX);
	ck_assert_uint_eq(t->position_lost, LINAK_POSITION_LOST);
	ck_assert_uint_eq(t->cmd_stop, LINAK_CMD_STOP);
	ck_assert_uint_eq(t->cmd_clear_error, LINAK_CMD_CLEAR_ERROR);
	ck_assert_uint_eq(t->heartbeat_ms, LINAK_HEARTBEAT_TIMEOUT_MS);
	ck_assert(t->soft_s_per_count == LINAK_SOFT_SECONDS_PER_COUNT);
	ck_assert(p.position_scale == 0.1);
	/* Every code of the table, and a code outside it. */
	for (unsigned int i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		ck_assert_int_eq(target_position_error_fault(&p, table[i].code),
				 table[i].fault);
	ck_assert_int_eq(target_position_error_fault(&p, 0), DRIVE_FAULT_NONE);
	ck_assert_int_eq(target_position_error_fault(&p, 6),
			 DRIVE_FAULT_DRIVE_ERROR);
	/* The shipped soft stop is not the actuator's default 1.5 s. */
	ck_assert(t->soft_stop_s < LINAK_SOFT_STOP_DEFAULT_S);
}
END_TEST

START_TEST(cia402_profile_names_the_index_map)
{
	struct omt_regmap p;

	regmap_builtin_cia402_pp(&p);
	ck_assert_str_eq(p.dc.cia402.map, "index");
	ck_assert_ptr_eq(cia402_map_find(p.dc.cia402.map),
			 cia402_map_find("index"));
}
END_TEST

START_TEST(complete_class_profiles_from_keys_are_valid)
{
	struct omt_regmap p;

	build(&p, target_keys, N_TARGET, -1);
	ck_assert_msg(validate(&p) == 0, "%s: %s", bad_key, err);
	build(&p, cia402_keys, N_CIA402, -1);
	ck_assert_msg(validate(&p) == 0, "%s: %s", bad_key, err);
}
END_TEST

/* Keys whose absence is not an error: a class's defaults or "class". */
static bool optional_key(const char *key)
{
	return strcmp(key, "class") == 0;
}

START_TEST(each_missing_target_key_is_named)
{
	struct omt_regmap p;

	if (optional_key(target_keys[_i][0]))
		return;
	build(&p, target_keys, N_TARGET, (int)_i);
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, target_keys[_i][0]);
}
END_TEST

START_TEST(each_missing_cia402_key_is_named)
{
	struct omt_regmap p;

	if (optional_key(cia402_keys[_i][0]))
		return;
	build(&p, cia402_keys, N_CIA402, (int)_i);
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, cia402_keys[_i][0]);
}
END_TEST

START_TEST(without_the_class_key_class_keys_are_refused)
{
	struct omt_regmap p;

	/* The class line left out: target.* keys on a cyclic profile. */
	build(&p, target_keys, N_TARGET, 0);
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "belongs to class target-position, not cyclic-position"));
}
END_TEST

START_TEST(cyclic_keys_on_a_newer_class_are_refused)
{
	static const char *const cyclic[][2] = {
		{ "addr.status", "0x10" },
		{ "addr.velocity_limit", "0x13" },
		{ "status_bit.ready", "0" },
		{ "status_bit.homed", "7" },
		{ "control_bit.enable", "0" },
	};
	struct omt_regmap p;

	for (unsigned int i = 0; i < sizeof(cyclic) / sizeof(cyclic[0]); i++) {
		build(&p, target_keys, N_TARGET, -1);
		ck_assert(regmap_set_key(&p, cyclic[i][0], cyclic[i][1], err,
					 sizeof(err)) == 0);
		ck_assert_int_eq(validate(&p), -EINVAL);
		ck_assert_str_eq(bad_key, cyclic[i][0]);
		ck_assert_str_eq(err, "not used by class target-position");
	}
	build(&p, cia402_keys, N_CIA402, -1);
	ck_assert(regmap_set_key(&p, "word_order", "low-first", err,
				 sizeof(err)) == 0);
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "word_order");
	ck_assert_str_eq(err, "comes from the map");
	/* And a key of the other newer class. */
	build(&p, cia402_keys, N_CIA402, -1);
	ck_assert(regmap_set_key(&p, "target.retarget", "1", err,
				 sizeof(err)) == 0);
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "target.retarget");
	build(&p, cia402_keys, N_CIA402, -1);
	ck_assert(regmap_set_key(&p, "target.error.9", "overcurrent", err,
				 sizeof(err)) == 0);
	ck_assert_int_eq(validate(&p), -EINVAL);
	ck_assert_str_eq(bad_key, "target.error");
}
END_TEST

static const char *const bad_values[][2] = {
	{ "class", "linak" },
	{ "class", "" },
	{ "map", "kinco-typo" },
	{ "map", "" },
	{ "target.addr.heartbeat", "0x10000" },
	{ "target.addr.heartbeat", "none" },      /* required */
	{ "target.addr.command", "-1" },
	{ "target.bit.running_in", "16" },
	{ "target.bit.running_out", "none" },     /* required */
	{ "target.position_max", "65536" },
	{ "target.full_speed", "0" },
	{ "target.full_speed", "nan" },
	{ "target.soft_stop_s", "-0.1" },
	{ "target.soft_stop_s", "61" },
	{ "target.soft_s_per_count", "0" },
	{ "target.heartbeat_ms", "0" },
	{ "target.stop_timeout_ms", "60001" },
	{ "target.retarget", "fast" },
	{ "target.error.0", "overcurrent" },
	{ "target.error.x", "overcurrent" },
	{ "target.error.70000", "overcurrent" },
	{ "target.error.9", "on-fire" },
	{ "target.error.9", "none" },
	{ "cia402.acceleration", "0" },
	{ "cia402.deceleration", "1e9" },
	{ "cia402.ack_timeout_ms", "0" },
};
#define N_BAD (sizeof(bad_values) / sizeof(bad_values[0]))

START_TEST(bad_class_values_are_refused_and_change_nothing)
{
	struct omt_regmap p, before;

	build(&p, target_keys, N_TARGET, -1);
	before = p;
	err[0] = '\0';
	ck_assert_int_eq(regmap_set_key(&p, bad_values[_i][0],
					 bad_values[_i][1], err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(err[0] != '\0', "%s: no message", bad_values[_i][0]);
	ck_assert_int_eq(memcmp(&p, &before, sizeof(p)), 0);
}
END_TEST

START_TEST(an_unknown_map_is_named_with_the_known_ones)
{
	struct omt_regmap p;

	regmap_init_unset(&p, "x");
	ck_assert_int_eq(regmap_set_key(&p, "map", "acme", err, sizeof(err)),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "no CiA 402 map 'acme' (known: index"));
}
END_TEST

START_TEST(error_table_entries_replace_and_are_bounded)
{
	struct omt_regmap p;
	char key[32];

	build(&p, target_keys, N_TARGET, -1);
	ck_assert(regmap_set_key(&p, "target.error.9", "overcurrent", err,
				 sizeof(err)) == 0);
	ck_assert(regmap_set_key(&p, "target.error.9", "sensor", err,
				 sizeof(err)) == 0);
	ck_assert_uint_eq(p.dc.target.n_errors, 1);
	ck_assert_int_eq(target_position_error_fault(&p, 9), DRIVE_FAULT_SENSOR);
	for (unsigned int code = 100; p.dc.target.n_errors <
	     TARGET_ERROR_TABLE_MAX; code++) {
		snprintf(key, sizeof(key), "target.error.%u", code);
		ck_assert(regmap_set_key(&p, key, "drive-error", err,
					 sizeof(err)) == 0);
	}
	ck_assert_int_eq(regmap_set_key(&p, "target.error.999", "sensor", err,
					 sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "more than 16 error codes");
	ck_assert_int_eq(validate(&p), 0);
}
END_TEST

START_TEST(incoherent_target_profiles_are_refused)
{
	static const struct {
		const char *key, *value, *bad_key;
	} cases[] = {
		{ "target.cmd.stop", "100", "target.cmd.stop" },
		{ "target.cmd.clear_error", "64259", "target.cmd.clear_error" },
		{ "target.position_lost", "5", "target.position_lost" },
		{ "target.speed_full", "0", "target.speed_full" },
		{ "target.soft_stop_s", "12.6", "target.soft_stop_s" },
		{ "target.soft_start_s", "13", "target.soft_start_s" },
		{ "target.addr.speed", "0x2001", "target.addr.speed" },
		{ "target.bit.running_in", "3", "target.bit.running_in" },
		{ "target.current_limit_a", "2", "target.current_limit_a" },
		{ "target.stop_timeout_ms", "100", "target.stop_timeout_ms" },
	};
	struct omt_regmap p;

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		build(&p, target_keys, N_TARGET, -1);
		ck_assert_msg(regmap_set_key(&p, cases[i].key, cases[i].value,
					      err, sizeof(err)) == 0,
			      "%s: %s", cases[i].key, err);
		ck_assert_int_eq(validate(&p), -EINVAL);
		ck_assert_str_eq(bad_key, cases[i].bad_key);
	}
	/* 250 counts is the largest explicit ramp (251: "default"). */
	build(&p, target_keys, N_TARGET, -1);
	ck_assert(regmap_set_key(&p, "target.soft_start_s", "12.5", err,
				 sizeof(err)) == 0);
	ck_assert_int_eq(validate(&p), 0);
}
END_TEST

START_TEST(class_keys_are_known)
{
	for (unsigned int i = 0; i < N_TARGET; i++)
		ck_assert_msg(regmap_key_known(target_keys[i][0]), "%s",
			      target_keys[i][0]);
	for (unsigned int i = 0; i < N_CIA402; i++)
		ck_assert_msg(regmap_key_known(cia402_keys[i][0]), "%s",
			      cia402_keys[i][0]);
	ck_assert(regmap_key_known("target.error.5"));
	ck_assert(!regmap_key_known("target.bogus"));
	ck_assert(!regmap_key_known("cia402.map"));
	/* Not a class key: left to the cyclic keys, profile untouched. */
	{
		struct omt_regmap p, before;

		regmap_init_unset(&p, "x");
		before = p;
		ck_assert_int_eq(drive_class_set_key(&p, "addr.status", "0",
						     err, sizeof(err)),
				 -ENOENT);
		ck_assert_int_eq(memcmp(&p, &before, sizeof(p)), 0);
	}
}
END_TEST

START_TEST(named_faults_have_names_and_canonical_codes)
{
	enum drive_named_fault f;

	for (unsigned int i = 0; i < DRIVE_NAMED_FAULT_COUNT; i++) {
		const char *name = drive_named_fault_name(i);

		ck_assert_int_eq(drive_named_fault_parse(name, &f), 0);
		ck_assert_int_eq(f, i);
		/* Every fault but "none" is a fault to the core. */
		ck_assert_int_eq(drive_named_fault_canonical(i) ==
				 OMT_DRIVE_FAULT_NONE, i == DRIVE_FAULT_NONE);
	}
	ck_assert_uint_eq(drive_named_fault_canonical(DRIVE_FAULT_HEARTBEAT_LOST),
			  OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	ck_assert_uint_eq(drive_named_fault_canonical(DRIVE_FAULT_FOLLOWING_ERROR),
			  OMT_DRIVE_FAULT_FOLLOWING_ERROR);
	ck_assert_uint_eq(drive_named_fault_canonical(DRIVE_FAULT_POSITION_LOST),
			  OMT_DRIVE_FAULT_ENCODER);
	ck_assert_uint_eq(drive_named_fault_canonical(DRIVE_FAULT_OVERCURRENT),
			  OMT_DRIVE_FAULT_OVERCURRENT);
	ck_assert_uint_ge(drive_named_fault_canonical(DRIVE_FAULT_LEFT_OPERATION),
			  OMT_DRIVE_FAULT_COUNT);
	ck_assert_str_eq(drive_named_fault_name(DRIVE_NAMED_FAULT_COUNT),
			 "unknown");
}
END_TEST

START_TEST(target_stopping_distance_is_the_linear_ramp_plus_one_period)
{
	struct omt_regmap p;

	regmap_builtin_linak_techline_tcp(&p);
	/* 30 mm/s x 0.25 s / 2 + 30 mm/s x 0.01 s */
	ck_assert(fabs(drive_class_stopping_distance(&p, 30.0, 100.0, 0.01) -
		       4.05) < 1e-9);
	/* Sweep every soft stop the register holds: accepted exactly when
	 * soft_stop <= speed / stop_decel (0.3 s here). */
	for (unsigned int counts = 0; counts <= 250; counts++) {
		p.dc.target.soft_stop_s = counts * 0.05;
		int rc = drive_class_check_stopping(&p, 30.0, 100.0, 0.01, err,
						    sizeof(err));

		ck_assert_int_eq(rc, counts <= 6 ? 0 : -ERANGE);
		if (rc)
			ck_assert_ptr_nonnull(strstr(err, "at most 0.30 s"));
	}
	/* The actuator's default 1.5 s from 30 mm/s: 22.8 mm. */
	p.dc.target.soft_stop_s = LINAK_SOFT_STOP_DEFAULT_S;
	ck_assert_int_eq(drive_class_check_stopping(&p, 30.0, 100.0, 0.01, err,
						    sizeof(err)), -ERANGE);
	ck_assert_ptr_nonnull(strstr(err, "stops in 22.8"));
}
END_TEST

START_TEST(cia402_stopping_needs_at_least_the_axis_deceleration)
{
	struct omt_regmap p;

	regmap_builtin_cia402_pp(&p);
	for (unsigned int d = 10; d <= 200; d += 10) {
		p.dc.cia402.deceleration = d;
		ck_assert_int_eq(drive_class_check_stopping(&p, 30.0, 100.0,
							    0.01, err,
							    sizeof(err)),
				 d >= 100 ? 0 : -ERANGE);
	}
	ck_assert_ptr_nonnull(strstr(err, "at least 100.0") ? err : NULL);
}
END_TEST

START_TEST(cyclic_stopping_is_the_axis_bound_and_bad_figures_are_refused)
{
	struct omt_regmap p;

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(drive_class_check_stopping(&p, 30.0, 100.0, 0.01, err,
						    sizeof(err)), 0);
	ck_assert_int_eq(drive_class_check_stopping(&p, 0.0, 100.0, 0.01, err,
						    sizeof(err)), -EINVAL);
	ck_assert_int_eq(drive_class_check_stopping(&p, 30.0, NAN, 0.01, err,
						    sizeof(err)), -EINVAL);
}
END_TEST

/* ---- omtd.conf ---- */

static int load(const char *text, struct omtd_config *c, char *e, size_t n)
{
	return omtd_config_load_string(text, "t.conf", c, e, n);
}

START_TEST(config_refuses_redefining_a_shipped_profile)
{
	struct omtd_config c;
	char e[OMTD_ERR_MAX];

	ck_assert_int_eq(load("[profile.linak-techline-tcp]\nclass = target-position\n",
			      &c, e, sizeof(e)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e, "linak-techline-tcp is built in and cannot be redefined"));
	ck_assert_int_eq(load("[profile.cia402-pp]\n", &c, e, sizeof(e)),
			 -EINVAL);
}
END_TEST

START_TEST(config_names_a_shipped_profile_for_an_absent_drive)
{
	struct omtd_config c;
	char e[OMTD_ERR_MAX];
	const struct omt_regmap *p;

	ck_assert_msg(load("[drive.pelvic]\npresent = no\nprofile = linak-techline-tcp\n"
			   "[drive.thoracic]\npresent = no\nprofile = cia402-pp\n",
			   &c, e, sizeof(e)) == 0, "%s", e);
	p = &c.profiles[c.drive[OMT_AXIS_PELVIC].regmap_index];
	ck_assert_str_eq(p->name, "linak-techline-tcp");
	ck_assert_int_eq(p->dc.cls, DRIVE_CLASS_TARGET_POSITION);
	p = &c.profiles[c.drive[OMT_AXIS_THORACIC].regmap_index];
	ck_assert_int_eq(p->dc.cls, DRIVE_CLASS_CIA402_PP);
	ck_assert_uint_eq(c.n_profiles, 3);
}
END_TEST

START_TEST(config_accepts_a_present_drive_of_a_newer_class)
{
	struct omtd_config c, before;
	char e[OMTD_ERR_MAX];
	const struct omt_regmap *p;

	ck_assert_msg(load("[drive.height]\nprofile = linak-techline-tcp\n"
			   "[drive.tilt]\nprofile = cia402-pp\n",
			   &c, e, sizeof(e)) == 0, "%s", e);
	p = &c.profiles[c.drive[OMT_AXIS_HEIGHT].regmap_index];
	ck_assert_int_eq(p->dc.cls, DRIVE_CLASS_TARGET_POSITION);
	p = &c.profiles[c.drive[OMT_AXIS_TILT].regmap_index];
	ck_assert_int_eq(p->dc.cls, DRIVE_CLASS_CIA402_PP);
	/* Checked like any drive: a slave another drive has is refused. */
	memset(&c, 0xa5, sizeof(c));
	before = c;
	ck_assert_int_eq(load("[drive.height]\nprofile = linak-techline-tcp\n"
			      "slave = 2\n", &c, e, sizeof(e)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e, "[drive.tilt] slave: 2 is also the slave of [drive.height]"));
	ck_assert_int_eq(memcmp(&c, &before, sizeof(c)), 0);
}
END_TEST

START_TEST(config_refuses_a_soft_stop_too_long_for_the_axis)
{
	char text[2048];
	size_t used = 0;
	struct omtd_config c;
	char e[OMTD_ERR_MAX];

	used += (size_t)snprintf(text + used, sizeof(text) - used,
				 "[profile.slowstop]\n");
	for (unsigned int i = 0; i < N_TARGET; i++) {
		const char *key = target_keys[i][0], *value = target_keys[i][1];

		/* The actuator's default soft stop, and time to wait for it. */
		if (strcmp(key, "target.soft_stop_s") == 0)
			value = "1.5";
		if (strcmp(key, "target.stop_timeout_ms") == 0)
			value = "2500";
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s = %s\n", key, value);
	}
	snprintf(text + used, sizeof(text) - used,
		 "[drive.height]\nprofile = slowstop\n");
	ck_assert_int_eq(load(text, &c, e, sizeof(e)), -EINVAL);
	ck_assert_msg(strstr(e, "[drive.height] profile: slowstop: soft stop 1.50 s stops in 22.8") != NULL,
		      "%s", e);
}
END_TEST

START_TEST(config_refuses_a_heartbeat_the_control_period_cannot_keep)
{
	char text[2048];
	size_t used = 0;
	struct omtd_config c;
	char e[OMTD_ERR_MAX];

	used += (size_t)snprintf(text + used, sizeof(text) - used,
				 "[profile.quick-watchdog]\n");
	for (unsigned int i = 0; i < N_TARGET; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s = %s\n", target_keys[i][0],
					 strcmp(target_keys[i][0],
						"target.heartbeat_ms") == 0 ?
						"30" : target_keys[i][1]);
	snprintf(text + used, sizeof(text) - used,
		 "[drive.height]\nprofile = quick-watchdog\n");
	ck_assert_int_eq(load(text, &c, e, sizeof(e)), -EINVAL);
	ck_assert_msg(strstr(e, "[drive.height] profile: quick-watchdog: an exchange every 10 ms is not well within the drive's 30 ms heartbeat") != NULL,
		      "%s", e);
}
END_TEST

START_TEST(config_reports_a_bad_class_key_with_its_line)
{
	struct omtd_config c;
	char e[OMTD_ERR_MAX];

	ck_assert_int_eq(load("[profile.x]\nclass = stepper\n", &c, e,
			      sizeof(e)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e, "2: [profile.x] class: 'stepper' is not a drive class"));
	ck_assert_int_eq(load("[profile.x]\nmap = acme\n", &c, e, sizeof(e)),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(e, "map: no CiA 402 map 'acme'"));
}
END_TEST

/* The class example of docs/register-profiles.md is valid as written. */
START_TEST(documented_class_example_loads)
{
	static char doc[65536], text[4096];
	const char *unit = strstr(__FILE__, "tests/unit/");
	char path[512], e[OMTD_ERR_MAX];
	struct omtd_config c;
	const struct omt_regmap *p;
	char *start, *end;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%.*sdocs/register-profiles.md",
		 unit ? (int)(unit - __FILE__) : 0, __FILE__);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s", path);
	n = fread(doc, 1, sizeof(doc) - 1, f);
	doc[n] = '\0';
	fclose(f);
	start = strstr(doc, "```ini\n[profile.");
	ck_assert_ptr_nonnull(start);
	start += 7;
	end = strstr(start, "```");
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	snprintf(text, sizeof(text),
		 "%s[drive.pelvic]\npresent = no\nprofile = la36-bench\n", start);
	ck_assert_msg(load(text, &c, e, sizeof(e)) == 0, "%s", e);
	p = &c.profiles[c.drive[OMT_AXIS_PELVIC].regmap_index];
	ck_assert_str_eq(p->name, "la36-bench");
	ck_assert_int_eq(p->dc.cls, DRIVE_CLASS_TARGET_POSITION);
	ck_assert_int_eq(target_position_error_fault(p, 5),
			 DRIVE_FAULT_HEARTBEAT_LOST);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("drive classes");
	TCase *tc = tcase_create("profiles");

	tcase_add_test(tc, class_names_round_trip_and_bad_names_are_refused);
	tcase_add_test(tc, every_profile_is_cyclic_position_unless_it_says_otherwise);
	tcase_add_test(tc, shipped_profiles_are_valid_and_found_by_name);
	tcase_add_test(tc, linak_profile_carries_the_manuals_figures);
	tcase_add_test(tc, cia402_profile_names_the_index_map);
	tcase_add_test(tc, complete_class_profiles_from_keys_are_valid);
	tcase_add_loop_test(tc, each_missing_target_key_is_named, 0, N_TARGET);
	tcase_add_loop_test(tc, each_missing_cia402_key_is_named, 0, N_CIA402);
	tcase_add_test(tc, without_the_class_key_class_keys_are_refused);
	tcase_add_test(tc, cyclic_keys_on_a_newer_class_are_refused);
	tcase_add_loop_test(tc, bad_class_values_are_refused_and_change_nothing,
			    0, N_BAD);
	tcase_add_test(tc, an_unknown_map_is_named_with_the_known_ones);
	tcase_add_test(tc, error_table_entries_replace_and_are_bounded);
	tcase_add_test(tc, incoherent_target_profiles_are_refused);
	tcase_add_test(tc, class_keys_are_known);
	tcase_add_test(tc, named_faults_have_names_and_canonical_codes);
	tcase_add_test(tc, target_stopping_distance_is_the_linear_ramp_plus_one_period);
	tcase_add_test(tc, cia402_stopping_needs_at_least_the_axis_deceleration);
	tcase_add_test(tc, cyclic_stopping_is_the_axis_bound_and_bad_figures_are_refused);
	tcase_add_test(tc, config_refuses_redefining_a_shipped_profile);
	tcase_add_test(tc, config_names_a_shipped_profile_for_an_absent_drive);
	tcase_add_test(tc, config_accepts_a_present_drive_of_a_newer_class);
	tcase_add_test(tc, config_refuses_a_soft_stop_too_long_for_the_axis);
	tcase_add_test(tc, config_refuses_a_heartbeat_the_control_period_cannot_keep);
	tcase_add_test(tc, config_reports_a_bad_class_key_with_its_line);
	tcase_add_test(tc, documented_class_example_loads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
