// SPDX-License-Identifier: MIT
/*
 * The fault matrix on the table of six omt-generic-1 drives: every fault
 * omt-sim can inject in every state of the table, on the real control
 * thread and link against a real omt-sim; what each cell asserts is in
 * tests/lib/fault_matrix.h (test_fault_matrix_mixed.c: the same on the
 * mixed table).
 *
 * Not covered here: the D-Bus signals and the event log on disk (the
 * stack's own tests, tests/integration/bus*.sh, show those for one cell
 * each).
 */
#include <check.h>

#include "check_run.h"
#include "fault_matrix.h"

START_TEST(every_fault_in_every_state_ends_stopped_latched_and_clearable)
{
	struct fault_matrix_result r;

	ck_assert_int_eq(fault_matrix_run(NULL, NULL, &r), 0);
	ck_assert_uint_eq(r.held, r.cells);
}
END_TEST

static Suite *fault_matrix_suite(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("fault_matrix", "matrix", &tc);

	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, every_fault_in_every_state_ends_stopped_latched_and_clearable);
	return s;
}

int main(void)
{
	return omt_check_run(fault_matrix_suite());
}
