// SPDX-License-Identifier: MIT
/*
 * The mixed table's fault-matrix cells that fail on main (their causes in
 * tests/lib/fault_matrix_mixed_defects.h), run by make check-pending:
 * the rest of the matrix is tests/unit/test_fault_matrix_mixed.c.
 */
#include <check.h>

#include "check_run.h"
#include "fault_matrix.h"
#include "fault_matrix_mixed_defects.h"

static const char *only_defects(const char *state, const char *fault)
{
	return fault_matrix_mixed_defect(state, fault) ? NULL : "-";
}

START_TEST(mixed_table_overcurrent_clears_and_io_silence_stops_the_tilt)
{
	struct fault_matrix_result r;

	ck_assert_int_eq(fault_matrix_run("mixed", only_defects, &r), 0);
	ck_assert_uint_eq(r.cells, 5);
	ck_assert_uint_eq(r.held, r.cells);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("fault_matrix_mixed_pending", "defects", &tc);

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, mixed_table_overcurrent_clears_and_io_silence_stops_the_tilt);
	return omt_check_run(s);
}
