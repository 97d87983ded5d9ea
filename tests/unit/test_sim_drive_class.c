// SPDX-License-Identifier: MIT
/*
 * omt-sim's --drive-class SLAVE=CLASS: drives by name and by slave
 * number, every class and CiA 402 map, and refusal of anything else.
 */
#include <check.h>
#include <errno.h>

#include "check_run.h"
#include "sim_drive_class.h"
#include "omt_table_types.h"

START_TEST(names_and_numbers_choose_a_drive)
{
	struct sim_class_choice c;
	const char *why = NULL;

	ck_assert_int_eq(sim_drive_class_parse("height=linak", &c, &why), 0);
	ck_assert_int_eq(c.index, OMT_AXIS_HEIGHT);
	ck_assert_int_eq(c.drive_class, SIM_CLASS_LINAK);
	ck_assert_ptr_null(c.map);
	ck_assert_int_eq(sim_drive_class_parse("2=cia402", &c, &why), 0);
	ck_assert_int_eq(c.index, OMT_AXIS_TILT);
	ck_assert_int_eq(c.drive_class, SIM_CLASS_CIA402);
	ck_assert_str_eq(c.map->name, "index");
	ck_assert_int_eq(sim_drive_class_parse("pelvic=cia402:kinco", &c, &why), 0);
	ck_assert_int_eq(c.index, OMT_AXIS_PELVIC);
	ck_assert_str_eq(c.map->name, "kinco");
	ck_assert_int_eq(sim_drive_class_parse("6=generic", &c, &why), 0);
	ck_assert_int_eq(c.index, OMT_AXIS_PELVIC);
	ck_assert_int_eq(c.drive_class, SIM_CLASS_GENERIC);
	ck_assert_str_eq(sim_drive_class_name(SIM_CLASS_CIA402), "cia402");
}
END_TEST

static const char *const bad[] = {
	"", "height", "=linak", "io=linak", "10=linak", "0=linak", "7=linak",
	"height=", "height=LINAK", "height=cia402:", "height=cia402:nope",
	"height=cia402kinco", "heightheightheight=linak", "1 =linak",
};

START_TEST(anything_else_is_refused_with_a_reason)
{
	struct sim_class_choice c = { .index = -7 };
	const char *why = NULL;

	ck_assert_int_eq(sim_drive_class_parse(bad[_i], &c, &why), -EINVAL);
	ck_assert_ptr_nonnull(why);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim_drive_class", "parse", &tc);

	tcase_add_test(tc, names_and_numbers_choose_a_drive);
	tcase_add_loop_test(tc, anything_else_is_refused_with_a_reason, 0,
			    (int)(sizeof(bad) / sizeof(bad[0])));
	return omt_check_run(s);
}
