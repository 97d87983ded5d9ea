// SPDX-License-Identifier: MIT
/*
 * The tables the control harness runs (tests/lib/control_harness.h), as
 * make run TABLE= takes them: generic is no file and no drive class; a
 * file of etc/tables/ gives its text and the drive classes of its
 * "# omt-sim:" line; a name that is not a table's, or that would leave
 * etc/tables/, is refused with a reason.
 */
#include <check.h>
#include <string.h>

#include "check_run.h"
#include "control_harness.h"

static char text[CONTROL_HARNESS_TABLE_TEXT];
static const char *classes[SIM_HARNESS_CLASSES_MAX + 1];
static char err[256];

static int table(const char *name)
{
	err[0] = '\0';
	return control_harness_table(name, text, sizeof(text), classes,
				     SIM_HARNESS_CLASSES_MAX + 1, err,
				     sizeof(err));
}

START_TEST(generic_is_no_file_and_no_class)
{
	ck_assert_int_eq(table(NULL), 0);
	ck_assert_ptr_null(classes[0]);
	ck_assert_str_eq(text, "");
	ck_assert_int_eq(table("generic"), 0);
	ck_assert_ptr_null(classes[0]);
	ck_assert_str_eq(text, "");
}
END_TEST

START_TEST(mixed_gives_its_sections_and_the_classes_omt_sim_plays)
{
	ck_assert_int_eq(table("mixed"), 0);
	ck_assert_ptr_nonnull(classes[0]);
	ck_assert_str_eq(classes[0], "height=linak");
	ck_assert_ptr_nonnull(classes[1]);
	ck_assert_str_eq(classes[1], "tilt=cia402:index");
	ck_assert_ptr_null(classes[2]);
	ck_assert_ptr_nonnull(strstr(text, "[drive.height]"));
	ck_assert_ptr_nonnull(strstr(text, "profile = cia402-pp"));
	/* The whole line stays in the text (a comment to the config). */
	ck_assert_ptr_nonnull(strstr(text, "# omt-sim: height=linak tilt=cia402:index\n"));
}
END_TEST

START_TEST(a_name_that_is_no_table_is_refused_with_a_reason)
{
	static const char *const bad[] = {
		"bogus", "../etc/omtd", "Mixed", "mixed.conf", "", "a/b",
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(table(bad[i]) == -1, "'%s' taken", bad[i]);
		ck_assert_msg(strstr(err, "table '") != NULL, "'%s': %s",
			      bad[i], err);
		ck_assert_ptr_null(classes[0]);
	}
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("control_harness_table", "tables", &tc);

	tcase_add_test(tc, generic_is_no_file_and_no_class);
	tcase_add_test(tc, mixed_gives_its_sections_and_the_classes_omt_sim_plays);
	tcase_add_test(tc, a_name_that_is_no_table_is_refused_with_a_reason);
	return omt_check_run(s);
}
