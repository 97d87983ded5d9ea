// SPDX-License-Identifier: MIT
/* omtd.conf values reach the control core's parameters, unit for unit. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config.h"

static void load(const char *text, struct omtd_config *c)
{
	char err[OMTD_ERR_MAX] = "";

	if (omtd_config_load_string(text, "test.conf", c, err,
				    sizeof(err)) != 0)
		ck_abort_msg("config did not load: %s", err);
}

START_TEST(defaults_give_usable_params)
{
	struct omtd_config c;
	struct omt_table_params p;
	char err[OMTD_ERR_MAX] = "";

	omtd_config_defaults(&c);
	ck_assert_int_eq(omtd_params_from_config(&c, &p, err, sizeof(err)), 0);
	ck_assert_ptr_null(omt_table_params_problem(&p));
	ck_assert_uint_eq(p.cycle_ns, 10000000ull);
	ck_assert_uint_eq(p.hold_timeout_ns, 300000000ull);
	ck_assert_uint_eq(p.idle_lock_ns, 120000000000ull);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].soft_min, 460.0);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].soft_max, 940.0);
	ck_assert_double_eq(p.limits[OMT_AXIS_TILT].max_speed, 3.0);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].stop_decel, 100.0);
	/* The default slow zone: up to 520 mm at 0.4 * 30 mm/s. */
	ck_assert_uint_eq(p.limits[OMT_AXIS_HEIGHT].n_zones, 1);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].zones[0].low, -INFINITY);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].zones[0].high, 520.0);
	ck_assert_double_eq_tol(p.limits[OMT_AXIS_HEIGHT].zones[0].speed, 12.0,
				1e-9);
	ck_assert_uint_eq(p.limits[OMT_AXIS_TILT].n_zones, 0);
	/* Every drop section gets the drops group. */
	for (int a = OMT_AXIS_CERVICAL; a < OMT_AXIS_COUNT; a++) {
		ck_assert_double_eq(p.limits[a].soft_max, 15.0);
		ck_assert_uint_eq(p.duty[a].on_ns, 60000000000ull);
	}
	ck_assert_double_eq(p.drops.cocked_position, 12.0);
	ck_assert(p.pedals.two_channel_enable);
	ck_assert_int_eq(p.pedals.function[OMT_IN_PEDAL_ENABLE_B],
			 OMT_PEDAL_ENABLE);
	ck_assert_uint_eq(p.pedals.mismatch_ns, 200000000ull);
}
END_TEST

START_TEST(configured_values_are_converted_to_core_units)
{
	struct omtd_config c;
	struct omt_table_params p;
	char err[OMTD_ERR_MAX] = "";

	load("[control]\n"
	     "period_ms = 20\n"
	     "hold_timeout_ms = 450\n"
	     "idle_lock_s = 0\n"
	     "comms_lost_ms = 90\n"
	     "drive_watchdog_ms = 300\n"
	     "[axis.height]\n"
	     "min = 620\nmax = 900\nmax_speed = 30\nmax_accel = 60\n"
	     "slow_zone_below = 660\n"
	     "stall_time_ms = 750\n"
	     "obstruction_current_ma = 3500\n"
	     "overcurrent_ma = 4200\n"
	     "duty_on_s = 30\nduty_window_s = 600\n"
	     "[axis.tilt]\n"
	     "max_speed = 2\n"
	     "[pinch.1]\n"
	     "axis = height\nfrom = 700\nto = 720\nspeed_factor = 0.5\n",
	     &c);
	ck_assert_int_eq(omtd_params_from_config(&c, &p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p.cycle_ns, 20000000ull);
	ck_assert_uint_eq(p.hold_timeout_ns, 450000000ull);
	ck_assert_uint_eq(p.idle_lock_ns, 0);
	ck_assert_uint_eq(p.fault_monitors.comms_lost_ns, 90 * 1000000ull);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].soft_min, 620.0);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].max_accel, 60.0);
	ck_assert_uint_eq(p.fault_monitors.axis[OMT_AXIS_HEIGHT].stall_ns,
			  750000000ull);
	ck_assert_double_eq(p.fault_monitors.axis[OMT_AXIS_HEIGHT].overcurrent_ma,
			    4200.0);
	ck_assert_uint_eq(p.duty[OMT_AXIS_HEIGHT].window_ns, 600000000000ull);
	/* Slow zone first, then the pinch zone at half of 30 mm/s. */
	ck_assert_uint_eq(p.limits[OMT_AXIS_HEIGHT].n_zones, 2);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].zones[1].low, 700.0);
	ck_assert_double_eq(p.limits[OMT_AXIS_HEIGHT].zones[1].high, 720.0);
	ck_assert_double_eq_tol(p.limits[OMT_AXIS_HEIGHT].zones[1].speed, 15.0,
				1e-9);
	/* The pinch zone is the height axis's only. */
	ck_assert_uint_eq(p.limits[OMT_AXIS_TILT].n_zones, 0);
	/* Pedal speed never above the axis's own speed. */
	ck_assert(p.pedal_speed[OMT_AXIS_TILT] <= 2.0);
	ck_assert(p.pedal_speed[OMT_AXIS_HEIGHT] <= 30.0);
}
END_TEST

/* Each drive's class reaches the core as the way it moves (R16). */
START_TEST(drive_classes_give_the_core_each_drives_own_ramps)
{
	struct omtd_config c;
	struct omt_table_params p;
	char err[OMTD_ERR_MAX] = "";
	unsigned int linak, cia;

	omtd_config_defaults(&c);
	linak = c.n_profiles;
	ck_assert_int_eq(regmap_builtin_find(OMT_PROFILE_LINAK_TCP_NAME,
					     &c.profiles[c.n_profiles++]), 0);
	cia = c.n_profiles;
	ck_assert_int_eq(regmap_builtin_find(OMT_PROFILE_CIA402_PP_NAME,
					     &c.profiles[c.n_profiles++]), 0);
	c.drive[OMT_AXIS_HEIGHT].present = true;
	c.drive[OMT_AXIS_HEIGHT].regmap_index = linak;
	c.drive[OMT_AXIS_TILT].present = true;
	c.drive[OMT_AXIS_TILT].regmap_index = cia;
	ck_assert_int_eq(omtd_params_from_config(&c, &p, err, sizeof(err)), 0);
	ck_assert_int_eq(p.drive[OMT_AXIS_HEIGHT].kind, OMT_DRIVE_TARGET_POSITION);
	ck_assert_double_eq(p.drive[OMT_AXIS_HEIGHT].start_s, 0.6);
	ck_assert_double_eq(p.drive[OMT_AXIS_HEIGHT].stop_s, 0.25);
	ck_assert_uint_eq(p.drive[OMT_AXIS_HEIGHT].lag_ns, 10000000ull);
	ck_assert_int_eq(p.drive[OMT_AXIS_TILT].kind, OMT_DRIVE_PROFILE_POSITION);
	ck_assert_double_eq(p.drive[OMT_AXIS_TILT].accel, 6.0);
	ck_assert_double_eq(p.drive[OMT_AXIS_TILT].decel, 24.0);
	for (int a = OMT_AXIS_CERVICAL; a < OMT_AXIS_COUNT; a++)
		ck_assert_int_eq(p.drive[a].kind, OMT_DRIVE_CYCLIC);

	/* The actuator's default soft stop, 1.5 s, is over the bound. */
	c.profiles[linak].dc.target.soft_stop_s = 1.5;
	ck_assert_int_eq(omtd_params_from_config(&c, &p, err, sizeof(err)),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "stopping bound"));
}
END_TEST

START_TEST(rules_pass_through)
{
	struct omtd_config c;
	struct omt_table_params p;
	char err[OMTD_ERR_MAX] = "";

	load("[rule.low-tilt]\n"
	     "when = height < 650\n"
	     "forbid = tilt > 10\n", &c);
	ck_assert_int_eq(omtd_params_from_config(&c, &p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p.rules.n_rules, 1);
	ck_assert_int_eq(p.rules.rule[0].when.axis, OMT_AXIS_HEIGHT);
	ck_assert_int_eq(p.rules.rule[0].when.cmp, OMT_CMP_LT);
	ck_assert_double_eq(p.rules.rule[0].forbid.value, 10.0);
}
END_TEST

START_TEST(unusable_result_is_refused_with_a_message)
{
	struct omtd_config c;
	struct omt_table_params p;
	char err[OMTD_ERR_MAX] = "";

	omtd_config_defaults(&c);
	/* Bypass the loader's own checks: the core must still refuse. */
	c.axis[OMTD_AXIS_GROUP_TILT].max_speed = 0;
	ck_assert_int_eq(omtd_params_from_config(&c, &p, err, sizeof(err)), -EINVAL);
	ck_assert_str_ne(err, "");
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("params_from_config", "params", &tc);

	tcase_add_test(tc, defaults_give_usable_params);
	tcase_add_test(tc, configured_values_are_converted_to_core_units);
	tcase_add_test(tc, rules_pass_through);
	tcase_add_test(tc, drive_classes_give_the_core_each_drives_own_ramps);
	tcase_add_test(tc, unusable_result_is_refused_with_a_message);
	return omt_check_run(s);
}
