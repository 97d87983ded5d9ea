// SPDX-License-Identifier: MIT
/*
 * A drive of a newer class starts on its own ramp: drive_class_check_start()
 * refuses a start harder than the axis's max_accel and a target-position
 * actuator slower at full PWM than the axis's max_speed, over every soft
 * start the register can hold and a grid of axes; the shipped profiles
 * fit the axes the shipped tables put them on; and the simulated mixed
 * table (etc/tables/mixed.conf) matches the drives omt-sim plays.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axis.h"
#include "check_run.h"
#include "config.h"
#include "control_harness.h"
#include "sim_harness.h"

static struct omt_regmap shipped(const char *name)
{
	struct omt_regmap p;

	ck_assert_int_eq(regmap_builtin_find(name, &p), 0);
	return p;
}

static const double speeds[] = { 0.5, 3, 10, 30, 40, 160 };
static const double accels[] = { 1, 6, 12, 40, 50, 100, 400 };

/* Every soft start the register holds (0..250 counts of 0.05 s). */
START_TEST(soft_start_fits_exactly_when_it_is_no_harder_than_max_accel)
{
	struct omt_regmap p = shipped(OMT_PROFILE_LINAK_TCP_NAME);
	char err[160];

	for (size_t s = 0; s < sizeof(speeds) / sizeof(speeds[0]); s++)
		for (size_t a = 0; a < sizeof(accels) / sizeof(accels[0]); a++)
			for (unsigned int n = 0; n <= 250; n++) {
				double v = speeds[s], amax = accels[a];
				bool fits;
				int rc;

				p.dc.target.full_speed = 160.0;
				p.dc.target.soft_start_s = n * 0.05;
				/* Reaching v in soft_start_s: v / t at most amax. */
				fits = n > 0 && v / (n * 0.05) <= amax * (1 + 1e-9);
				err[0] = '\0';
				rc = drive_class_check_start(&p, v, amax, err,
							     sizeof(err));
				ck_assert_int_eq(rc, fits ? 0 : -ERANGE);
				if (!fits)
					ck_assert_msg(strstr(err, "soft start") &&
						      strstr(err, "max_accel") &&
						      strstr(err, "at least"),
						      "%s", err);
			}
}
END_TEST

START_TEST(full_speed_below_the_axis_max_speed_is_refused)
{
	struct omt_regmap p = shipped(OMT_PROFILE_LINAK_TCP_NAME);
	char err[160];

	p.dc.target.soft_start_s = 10.0;
	for (size_t s = 0; s < sizeof(speeds) / sizeof(speeds[0]); s++) {
		double v = speeds[s];

		p.dc.target.full_speed = v;
		ck_assert_int_eq(drive_class_check_start(&p, v, 50, err,
							 sizeof(err)), 0);
		p.dc.target.full_speed = v * 0.99;
		ck_assert_int_eq(drive_class_check_start(&p, v, 50, err,
							 sizeof(err)), -ERANGE);
		ck_assert_msg(strstr(err, "below the axis's max_speed"), "%s",
			      err);
	}
}
END_TEST

START_TEST(cia402_acceleration_fits_exactly_up_to_max_accel)
{
	struct omt_regmap p = shipped(OMT_PROFILE_CIA402_PP_NAME);
	char err[160];

	for (size_t a = 0; a < sizeof(accels) / sizeof(accels[0]); a++)
		for (unsigned int k = 1; k <= 400; k++) {
			double accel = k * 0.5, amax = accels[a];
			int rc;

			p.dc.cia402.acceleration = accel;
			rc = drive_class_check_start(&p, 3, amax, err,
						     sizeof(err));
			ck_assert_int_eq(rc, accel <= amax ? 0 : -ERANGE);
			if (rc)
				ck_assert_msg(strstr(err, "starts harder") &&
					      strstr(err, "at most"), "%s",
					      err);
		}
}
END_TEST

START_TEST(cyclic_drives_follow_the_controller_and_bad_axes_are_refused)
{
	struct omt_regmap p = shipped(OMT_PROFILE_BUILTIN_NAME);
	char err[160];

	ck_assert_int_eq(drive_class_check_start(&p, 1e6, 1e-6, err,
						 sizeof(err)), 0);
	p = shipped(OMT_PROFILE_CIA402_PP_NAME);
	ck_assert_int_eq(drive_class_check_start(&p, 0, 6, err, sizeof(err)),
			 -EINVAL);
	ck_assert_int_eq(drive_class_check_start(&p, 3, NAN, err,
						 sizeof(err)), -EINVAL);
	ck_assert_int_eq(drive_class_check_start(&p, INFINITY, 6, err,
						 sizeof(err)), -EINVAL);
}
END_TEST

/*
 * The shipped profiles on the default axes the shipped tables put them
 * on: LINAK on height, CiA 402 on tilt, where the drive starts at the
 * axis's max_accel (6 degrees/s^2) and stops at twice its stop_decel
 * (24: at 12 exactly the measured stop ran past the bound).  On the
 * height axis the CiA 402 profile's stop is too gentle: another axis
 * needs its own profile.
 */
START_TEST(shipped_profiles_fit_the_default_axes_they_are_for)
{
	struct omtd_config c;
	struct omt_regmap linak = shipped(OMT_PROFILE_LINAK_TCP_NAME);
	struct omt_regmap cia = shipped(OMT_PROFILE_CIA402_PP_NAME);
	const struct omtd_axis_config *h, *t;
	double period = 0.01;
	char err[160];

	omtd_config_defaults(&c);
	h = &c.axis[OMTD_AXIS_GROUP_HEIGHT];
	t = &c.axis[OMTD_AXIS_GROUP_TILT];
	ck_assert_int_eq(drive_class_check_start(&linak, h->max_speed,
						 h->max_accel, err,
						 sizeof(err)), 0);
	ck_assert_int_eq(drive_class_check_stopping(&linak, h->max_speed,
						    h->stop_decel, period, err,
						    sizeof(err)), 0);
	ck_assert_int_eq(drive_class_check_start(&cia, t->max_speed,
						 t->max_accel, err,
						 sizeof(err)), 0);
	ck_assert_int_eq(drive_class_check_stopping(&cia, t->max_speed,
						    t->stop_decel, period, err,
						    sizeof(err)), 0);
	ck_assert_double_eq(cia.dc.cia402.acceleration, t->max_accel);
	ck_assert_double_eq(cia.dc.cia402.deceleration, 2 * t->stop_decel);
	ck_assert_int_eq(drive_class_check_stopping(&cia, h->max_speed,
						    h->stop_decel, period, err,
						    sizeof(err)), -ERANGE);
	/* Full PWM: the fastest of the product line, never below an axis's
	 * speed. */
	ck_assert_double_eq(linak.dc.target.full_speed, 160.0);
}
END_TEST

static int load(const char *text, char *err, size_t errlen)
{
	struct omtd_config c;

	return omtd_config_load_string(text, "t.conf", &c, err, errlen);
}

START_TEST(config_refuses_a_start_harder_than_the_axis_naming_drive_and_figure)
{
	const char *classes[SIM_HARNESS_CLASSES_MAX + 1];
	char err[OMTD_ERR_MAX];
	char text[8192];

	/* The old shipped figure: 100 degrees/s^2 on a 6 degrees/s^2 axis. */
	ck_assert_int_eq(load("[drive.tilt]\nprofile = fast\n"
			      "[profile.fast]\nclass = cia402-profile-position\n"
			      "map = index\nposition_scale = 0.001\n"
			      "velocity_scale = 0.001\ncurrent_scale = 1\n"
			      "cia402.acceleration = 100\ncia402.deceleration = 100\n"
			      "cia402.acceleration_scale = 0.001\n"
			      "cia402.retarget = 0.5\ncia402.state_timeout_ms = 500\n"
			      "cia402.ack_timeout_ms = 200\n", err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(strstr(err, "[drive.tilt] profile: fast: acceleration 100.0 starts harder than the axis's max_accel 6.0; at most 6.0"),
		      "%s", err);
	/* The mixed table's actuator with a 0.5 s soft start. */
	ck_assert_int_eq(control_harness_table("mixed", text, sizeof(text),
					       classes,
					       SIM_HARNESS_CLASSES_MAX + 1,
					       err, sizeof(err)), 0);
	{
		char *at = strstr(text, "target.soft_start_s = 0.6");

		ck_assert_ptr_nonnull(at);
		at[strlen("target.soft_start_s = 0.")] = '5';
	}
	ck_assert_int_eq(load(text, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "[drive.height] profile: la36-height: soft start 0.50 s reaches 30.0/s at 60.0/s^2, harder than the axis's max_accel 50.0; at least 0.60 s"),
		      "%s", err);
}
END_TEST

/*
 * etc/tables/mixed.conf is the simulated table: its figures are those of
 * the drives omt-sim plays (sim/axis.c), and it loads.
 */
START_TEST(the_mixed_table_matches_what_omt_sim_plays)
{
	struct omtd_config c;
	const char *classes[SIM_HARNESS_CLASSES_MAX + 1];
	const struct omt_regmap *height, *tilt;
	char text[8192], err[OMTD_ERR_MAX];

	ck_assert_int_eq(control_harness_table("mixed", text, sizeof(text),
					       classes,
					       SIM_HARNESS_CLASSES_MAX + 1,
					       err, sizeof(err)), 0);
	ck_assert_msg(omtd_config_load_string(text, "mixed.conf", &c, err,
					      sizeof(err)) == 0, "%s", err);
	height = &c.profiles[c.drive[OMT_AXIS_HEIGHT].regmap_index];
	tilt = &c.profiles[c.drive[OMT_AXIS_TILT].regmap_index];
	ck_assert_int_eq(height->dc.cls, DRIVE_CLASS_TARGET_POSITION);
	/* The simulated actuator: its speed at full PWM and its fully-in
	 * end. */
	ck_assert_double_eq(height->dc.target.full_speed,
			    sim_spec_height.max_speed);
	ck_assert_double_eq(height->dc.target.origin, sim_spec_height.min);
	/* The simulated CiA 402 drive runs the ramps omtd writes: the tilt
	 * axis's start, and a stop within its bound. */
	ck_assert_int_eq(tilt->dc.cls, DRIVE_CLASS_CIA402_PP);
	ck_assert_double_eq(tilt->dc.cia402.acceleration,
			    c.axis[OMTD_AXIS_GROUP_TILT].max_accel);
	ck_assert_double_eq(tilt->dc.cia402.deceleration,
			    2 * c.axis[OMTD_AXIS_GROUP_TILT].stop_decel);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("drive_class_start", "start", &tc);

	tcase_add_test(tc, soft_start_fits_exactly_when_it_is_no_harder_than_max_accel);
	tcase_add_test(tc, full_speed_below_the_axis_max_speed_is_refused);
	tcase_add_test(tc, cia402_acceleration_fits_exactly_up_to_max_accel);
	tcase_add_test(tc, cyclic_drives_follow_the_controller_and_bad_axes_are_refused);
	tcase_add_test(tc, shipped_profiles_fit_the_default_axes_they_are_for);
	tcase_add_test(tc, config_refuses_a_start_harder_than_the_axis_naming_drive_and_figure);
	tcase_add_test(tc, the_mixed_table_matches_what_omt_sim_plays);
	return omt_check_run(s);
}
