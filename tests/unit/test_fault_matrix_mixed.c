// SPDX-License-Identifier: MIT
/*
 * The fault matrix on the mixed table of etc/tables/mixed.conf: height on
 * a LINAK-class actuator (target position), tilt on a CiA 402 drive
 * (profile position, the index map), the drop sections on omt-generic-1;
 * omt-sim plays each class (--drive-class height=linak tilt=cia402:index).
 * The faults of test_fault_matrix.c, and the classes' own: an error code
 * (LINAK 2 Hall sensor; CiA 402 4310h temperature) and a power cycle
 * (LINAK: need-stop and the position lost, which stays latched until a
 * recovery run; CiA 402: back to switch-on-disabled).  On the LINAK
 * actuator `absent` is the heartbeat lost.  What each cell asserts:
 * tests/lib/fault_matrix.h.
 *
 * Left out here:
 *   - the cells of known defects, run by
 *     tests/pending/test_fault_matrix_mixed_pending.c until fixed
 *     (fault_matrix_mixed_defect, below);
 *   - for make check's time, the states locked (for the drives the same
 *     as idle: nothing is written differently to a standing drive) and
 *     both (height up and tilt up, each with the fault on its moving
 *     class drive, are rows of their own): 80 cells, about four minutes.
 */
#include <check.h>
#include <string.h>

#include "check_run.h"
#include "fault_matrix.h"
#include "fault_matrix_mixed_defects.h"

static const char *subset(const char *state, const char *fault)
{
	if (fault_matrix_mixed_defect(state, fault))
		return "(pending)";
	if (strcmp(state, "locked") == 0 || strcmp(state, "both") == 0)
		return "(subset)";
	return NULL;
}

START_TEST(every_fault_in_every_state_of_the_mixed_table_ends_stopped_latched_and_clearable)
{
	struct fault_matrix_result r;

	ck_assert_int_eq(fault_matrix_run("mixed", subset, &r), 0);
	ck_assert_uint_eq(r.held, r.cells);
}
END_TEST

static Suite *fault_matrix_mixed_suite(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("fault_matrix_mixed", "matrix", &tc);

	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, every_fault_in_every_state_of_the_mixed_table_ends_stopped_latched_and_clearable);
	return s;
}

int main(void)
{
	return omt_check_run(fault_matrix_mixed_suite());
}
