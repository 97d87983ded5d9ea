// SPDX-License-Identifier: MIT
/*
 * The scenarios the explorer (tests/explore) found against the control
 * core, each shrunk by it and pasted here as printed, one per defect.
 * They fail until the defect is fixed: tests/pending/ is built with
 * everything but run only by `make check-pending`; a test moves to
 * tests/unit/test_explore_regressions.c once it passes.
 * docs/explorer.md lists what each one found and after how many cycles.
 */
#include <check.h>

#include "check_run.h"
#include "explore.h"

/*
 * not in issue 10: with a drive fault already latched on height, an obstruction is never latched, and ClearFaults is accepted with it present.
 * Found by the scenario explorer, seed 70, shrunk to 5 events:
 * clear_refused_while_cause at cycle 2159: ClearFaults accepted with height obstructed
 */
START_TEST(new_a_latched_fault_hides_a_later_obstruction)
{
	static const struct explore_event events[] = {
		{ 28, EX_DRIVE_FAULT, OMT_AXIS_HEIGHT, 6, 1, 0, 0 },
		{ 43, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 43, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1994, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2159, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 2160, 758.66538846494359, -2.0198042808818211,
					   INV_CLEAR_REFUSED_WHILE_CAUSE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: ClearFaults with nothing latched stops a two-leg motion's first leg where it is, and the second leg then crosses the forbidden box.
 * Found by the scenario explorer, seed 1794, shrunk to 4 events:
 * combination_boxes_avoided at cycle 181: setpoints 799.76 mm, 20.63 deg lie in a forbidden box
 */
START_TEST(new_clear_faults_mid_motion_cuts_a_first_leg_short)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 26, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 714.91941515729627, -6.9965542926459978 },
		{ 26, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 117, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 182, 815.95889828688769, 24.789524116399267,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: ClearFaults with nothing latched resyncs every profile, so a running motion's setpoint jumps back to the lagging axis.
 * Found by the scenario explorer, seed 1, shrunk to 3 events:
 * setpoint_within_limits at cycle 251: height at 803.36: acceleration 3363.7/s^2 over 80.0/s^2
 */
START_TEST(new_clear_faults_mid_motion_steps_the_setpoint_back)
{
	static const struct explore_event events[] = {
		{ 5, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 239, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 885.37270417883497, 7.5055248371082657 },
		{ 251, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 252, 802.97162529651587, 17.373452717881033,
					   INV_SETPOINT_WITHIN_LIMITS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found on the core with its fixes): lowered onto an
 * obstruction that persists, then four invalid I/O samples; the unknown
 * e-stop is taken as pressed and latches, which forbids the escape,
 * while ClearFaults is refused for the obstruction: trapped.
 * Found by the scenario explorer, seed 205 (614,556 cycles into a run
 * on the safety-edges branch), shrunk to 4 events:
 * nobody_trapped at cycle 2555: obstruction under the table at 813.8 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(new_lost_samples_on_an_obstruction_trap_the_table)
{
	static const struct explore_event events[] = {
		{ 2230, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2346, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 2446, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2533, EX_IO_FAIL, 0, 2, 4, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 2556, 828.42884576435176, 10.394980519970094,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

static Suite *explore_regressions_suite(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("explore_regressions", "found", &tc);

	tcase_add_test(tc, new_a_latched_fault_hides_a_later_obstruction);
	tcase_add_test(tc, new_clear_faults_mid_motion_cuts_a_first_leg_short);
	tcase_add_test(tc, new_clear_faults_mid_motion_steps_the_setpoint_back);
	tcase_add_test(tc, new_lost_samples_on_an_obstruction_trap_the_table);
	return s;
}

int main(void)
{
	return omt_check_run(explore_regressions_suite());
}
