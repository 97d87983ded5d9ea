// SPDX-License-Identifier: MIT
/*
 * The scenarios the explorer (tests/explore) found against the control
 * core, each shrunk by it and pasted here as printed, one per defect, now
 * fixed: each failed on the core before its fix and passes since.
 * Defects not fixed yet keep theirs in tests/pending/ (make
 * check-pending).  docs/explorer.md lists what each one found and after
 * how many cycles.
 */
#include <check.h>

#include "check_run.h"
#include "explore.h"

/*
 * issue 10 item 1: channel A held, channel B bouncing, unlocks without tripping the mismatch check.
 * Found by the scenario explorer, seed 160, shrunk to 4 events:
 * no_edge_from_invalid_sample at cycle 90: unlocked by a gesture that two valid presses within 100 cycles do not make
 */
START_TEST(item01_one_bouncing_enable_channel_unlocks)
{
	static const struct explore_event events[] = {
		{ 80, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 82, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 86, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 90, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 91, 803.04266672521408, 16.948992519871862,
					   INV_NO_EDGE_FROM_INVALID_SAMPLE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 1: enable held, one invalid I/O sample, and the next good sample counts as a second press.
 * Found by the scenario explorer, seed 4, shrunk to 3 events:
 * no_edge_from_invalid_sample at cycle 8: unlocked by a gesture that two valid presses within 100 cycles do not make
 */
START_TEST(item01_one_invalid_sample_completes_the_unlock_gesture)
{
	static const struct explore_event events[] = {
		{ 2, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 3, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 7, EX_IO_FAIL, 0, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 9, 766.49307079114294, 8.3861026899957753,
					   INV_NO_EDGE_FROM_INVALID_SAMPLE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 2: no kernel module, the e-stop pressed during an invalid I/O sample reads released.
 * Found by the scenario explorer, seed 8614, shrunk to 3 events:
 * estop_cuts_power at cycle 2521: e-stop pressed but height enabled
 */
START_TEST(item02_estop_during_an_invalid_sample_leaves_drives_enabled)
{
	static const struct explore_event events[] = {
		{ 2268, EX_KERNEL, 0, 0, 0, 0, 0 },
		{ 2521, EX_IO_FAIL, 0, 1, 1, 0, 0 },
		{ 2521, EX_ESTOP, 0, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 2522, 808.21908407868364, 15.980024077460179,
					   INV_ESTOP_CUTS_POWER, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 4: a height-only MoveTo while tilt still rises towards
 * 14.9 deg; tilt brakes past 10 while height goes below 800.
 * Found by the scenario explorer, seed 1400 (4,198,375 cycles) on the
 * core of cf8f52d; that scenario ran differently once the core started
 * the preset pedal's recall itself, so this is the same defect as found
 * again, seed 605 (1,814,155 cycles), shrunk to 17 events:
 * combination_boxes_avoided at cycle 2154: setpoints 799.73 mm, 10.06 deg lie in a forbidden box
 */
START_TEST(item04_axis_braking_past_a_rule_boundary_after_a_move_mid_motion)
{
	static const struct explore_event events[] = {
		{ 7, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 27, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 104, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 203, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 239, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 738, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 738, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 781, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 781, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 853, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1782, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 787.46076205326244, 5.7293302518160374 },
		{ 1782, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 1882, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 1913, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 883.08917242071038, 20.736830764087223 },
		{ 1981, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 804.51134806752202, 14.897261840694696 },
		{ 1981, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 2130, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 643.51939989613902, -7.6386116488171041 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 17, 2155, 835.88949339540557, -2.0505423062983832,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 5: the preset pedal holds a recall and a bus MoveTo is accepted over it.
 * (Unlocked by command here; the shrinker had kept an unlock by an
 * invalid sample, item 1.)  Found by the scenario explorer, seed 15, shrunk to 5 events:
 * pedal_outranks_bus at cycle 2050: a bus MoveTo was accepted over a motion the pedals hold (preset pedal)
 */
START_TEST(item05_bus_move_accepted_over_the_preset_pedal)
{
	static const struct explore_event events[] = {
		{ 1841, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2046, EX_INPUT, OMT_IN_PEDAL_PRESET, 1, 0, 0, 0 },
		{ 2050, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 749.58564475644494, 13.761570469613893 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 2051, 792.76008713789338, 6.7022914895777372,
					   INV_PEDAL_OUTRANKS_BUS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 6: a tap of the preset pedal, and the recall runs on after release.
 * Found by the scenario explorer, seed 1, shrunk to 8 events:
 * released_hold_brakes at cycle 2623: tilt: nobody holds it (motion 1, owner 0), yet its setpoint steps -0.008
 */
START_TEST(item06_preset_pedal_tap_runs_on_after_release)
{
	static const struct explore_event events[] = {
		{ 2497, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 2497, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 2502, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 2504, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 2508, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 2508, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 2613, EX_INPUT, OMT_IN_PEDAL_PRESET, 1, 0, 0, 0 },
		{ 2623, EX_INPUT, OMT_IN_PEDAL_PRESET, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 8, 2624, 802.97162529651587, 17.373452717881033,
					   INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 7: Lock while a section is cocking; it keeps rising on a locked table.
 * (Unlocked by command here; the shrinker had kept an unlock by an
 * invalid sample, item 1.)  Found by the scenario explorer, seed 18, shrunk to 5 events:
 * no_motion_while_locked at cycle 107: locked, yet thoracic setpoint steps 0.100
 */
START_TEST(item07_lock_does_not_stop_a_cocking_section)
{
	static const struct explore_event events[] = {
		{ 9, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 29, EX_CMD, OMT_CMD_ARM_DROP, 1, 0, 0, 0 },
		{ 107, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 108, 668.06441720804344, 5.7126803468010081,
					   INV_NO_MOTION_WHILE_LOCKED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 8: following error latched, the drive left enabled with its setpoint far ahead.
 * Found by the scenario explorer, seed 3, shrunk to 3 events:
 * faulted_drive_not_pushing at cycle 382: height stalled or not following, yet enabled with its setpoint 14.13 from the axis
 */
START_TEST(item08_following_error_leaves_the_drive_pushing)
{
	static const struct explore_event events[] = {
		{ 337, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 354, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 382, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, -13.523511544832377, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 383, 680.63159235543174, 5.5044027038935361,
					   INV_FAULTED_DRIVE_NOT_PUSHING, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 9: ClearFaults answers success and uncommanded-motion latches again next cycle.
 * Found by the scenario explorer, seed 5, shrunk to 2 events:
 * cleared_fault_stays_cleared at cycle 2836: uncommanded-motion:tilt latched again 0 cycles after a successful clear, no new cause
 */
START_TEST(item09_uncommanded_motion_relatches_after_a_successful_clear)
{
	static const struct explore_event events[] = {
		{ 2707, EX_PUSH, OMT_AXIS_TILT, 0, 0, 3.1972292959521238, 0 },
		{ 2836, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 2, 2837, 754.42737241566215, 6.2846052375733592,
					   INV_CLEARED_FAULT_STAYS_CLEARED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 10: the table lowered onto an obstruction that persists;
 * ClearFaults, MoveTo up and the up pedal are all refused.
 * Found by the scenario explorer, seed 249, 745678 cycles in, shrunk to
 * 6 events:
 * nobody_trapped at cycle 1677: obstruction under the table at 883.6 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(item10_persistent_obstruction_traps_the_table)
{
	static const struct explore_event events[] = {
		{ 8, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 174, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 290, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 979, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1417, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 1491, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1678, 888.29319487576299, 14.550557924240671,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 11: an obstruction while lowering; the back-off brakes
 * at the planning deceleration, not at stop_decel, and so presses
 * further down before it reverses.
 * (Unlocked by command here; the shrinker had kept an unlock by an
 * invalid sample, item 1.)  Found by the scenario explorer, seed 210,
 * 627120 cycles in.
 */
START_TEST(item11_backoff_presses_further_than_a_stop)
{
	static const struct explore_event events[] = {
		{ 10, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 30, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 820.19140110799594, 3.0035264154693877 },
		{ 30, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 119, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 130, 895.52632835468046, 8.023842166835859,
					   INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 12: a fired section pushed 8 mm up raises no fault.
 * Found by the scenario explorer (seed 1240 and others, 3.7 million
 * cycles in); the shrinker turned it into the armed case
 * (new_armed_section_pushed_up_unnoticed), so this one is written from
 * the unshrunk scenario's story: arm, fire, push.
 */
START_TEST(item12_fired_section_pushed_up_unnoticed)
{
	static const struct explore_event events[] = {
		{ 5, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 10, EX_CMD, OMT_CMD_ARM_DROP, 0, 0, 0, 0 },
		{ 400, EX_FIRE, OMT_AXIS_CERVICAL, 0, 0, 0, 0 },
		{ 400, EX_INPUT, OMT_IN_DROP_FIRED_CERVICAL, 1, 0, 0, 0 },
		{ 420, EX_INPUT, OMT_IN_DROP_FIRED_CERVICAL, 0, 0, 0, 0 },
		{ 600, EX_PUSH, OMT_AXIS_CERVICAL, 0, 0, 8.0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 700, 850.0, 5.0,
					   INV_FAULTS_REPORTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 14: locked and at rest, drives enabled.
 * Found by the scenario explorer, seed 1, shrunk to 0 events:
 * locked_drives_disabled at cycle 0: locked and at rest, yet height is enabled
 */
START_TEST(item14_locked_table_keeps_its_drives_enabled)
{
	static const struct explore_event events[] = {
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 0, 1, 802.97162529651587, 17.373452717881033,
					   INV_LOCKED_DRIVES_DISABLED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

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
 * not in issue 10 (found after the fault fixes): ClearFaults holds an axis
 * at rest "where it stands" from the reading at hand, a cycle old.  The
 * tilt, pushed 0.47 degrees (within the give) while a height obstruction
 * was latched, was being driven back by its drive: the clear stepped its
 * setpoint 0.4 degrees to where the axis had been, a motion nobody holds.
 * Found by the scenario explorer, seed 1000160 (481,074 cycles into a run
 * from seed 1000000), shrunk to 5 events:
 * released_hold_brakes at cycle 1073: tilt: nobody holds it (motion 0, owner 0), yet its setpoint steps 0.402
 */
START_TEST(new_clear_after_a_push_steps_the_setpoint_to_a_stale_reading)
{
	static const struct explore_event events[] = {
		{ 365, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 611, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 0, 0, 0, 0 },
		{ 740, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1067, EX_PUSH, OMT_AXIS_TILT, 0, 0, 0.46928664913855361, 0 },
		{ 1073, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 1074, 867.98743513816339, 15.91053423013182,
					   INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found after the fault fixes): the same with the pedal
 * mismatch latched; the pushed tilt, driven back, had overshot its
 * setpoint, and the clear stepped the setpoint 0.17 degrees in one cycle
 * to where the axis had been, four times the tilt's speed.
 * Found by the scenario explorer, seed 570, shrunk to 5 events:
 * setpoint_within_limits at cycle 410: tilt at -1.36: 17.135/s over its cap 4.000/s
 */
START_TEST(new_clear_after_a_push_steps_the_setpoint_too_fast)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 105, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 346, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 379, EX_PUSH, OMT_AXIS_TILT, 0, 0, 0.80464939258131307, 0 },
		{ 410, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 411, 831.19105015174819, -1.1854510604398962,
					   INV_SETPOINT_WITHIN_LIMITS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found after the fault fixes): a tilt MoveTo halted by a
 * following error on the jammed height; the tilt's profile at rest, the
 * axis still settling onto its setpoint: the clear stepped the setpoint
 * back to the axis's reading of the cycle before (acceleration 37/s^2).
 * Found by the scenario explorer, seed 894, shrunk to 5 events:
 * setpoint_within_limits at cycle 349: tilt at 13.85: acceleration 37.3/s^2 over 12.0/s^2
 */
START_TEST(new_clear_while_an_axis_settles_steps_its_setpoint_back)
{
	static const struct explore_event events[] = {
		{ 130, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 190, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 238, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 289, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 817.37252867741097, 12.735477008163805 },
		{ 349, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 350, 882.6149676147038, 14.664067234166165,
					   INV_SETPOINT_WITHIN_LIMITS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found after the fault fixes): raised onto an
 * obstruction that lasts, the height jams at rest; the escape pedal
 * (down, away from it) is pressed and the jam latches a following error
 * whose cause does not last, so the escape went on, its setpoint running
 * away from the jammed axis: the drive pushing into the jam.  R15: a new
 * fault ends the escape.
 * Found by the scenario explorer, seed 5007339 (22,019,454 cycles into a
 * run from seed 5000000), shrunk to 7 events:
 * faulted_drive_not_pushing at cycle 2453: height stalled or not following, yet enabled with its setpoint -2.52 from the axis
 */
START_TEST(new_escape_goes_on_after_a_new_fault)
{
	static const struct explore_event events[] = {
		{ 3, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 491, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 632, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 705, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
		{ 743, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2294, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2349, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 7, 2454, 846.53099898555683, 13.813430092390384,
					   INV_FAULTED_DRIVE_NOT_PUSHING, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found after the fault fixes): a bus motion lowering
 * the table meets an obstruction that then goes away; ClearFaults arrives
 * while the back-off (10 mm up) is still under way.  The clear ended the
 * back-off's supervision but not its motion: the height ran on to the
 * back-off's end with no fault latched and nobody holding it.
 * Found by the scenario explorer, seed 8944 (26,830,982 cycles into a run
 * from seed 1), shrunk to 13 events:
 * released_hold_brakes at cycle 1981: height: nobody holds it (motion 3, owner 1), yet its setpoint steps 0.006
 */
START_TEST(new_clear_during_the_back_off_lets_it_run_on)
{
	static const struct explore_event events[] = {
		{ 27, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 27, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 32, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 32, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 34, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 34, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 231, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 821.86314141655532, -8.5839011965624046 },
		{ 1795, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 906.77364713393797, 9.5361013451517032 },
		{ 1813, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 805.8399601596858, -9.3877386115643837 },
		{ 1813, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1880, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 1973, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 0, 0, 0, 0 },
		{ 1981, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 13, 1982, 811.35786777508588, -1.2356208402599131,
					   INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
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

/*
 * not in issue 10 (found on the core with the trap of lost samples fixed):
 * lowered onto an obstruction that persists, the e-stop pressed and
 * released; the e-stop latch forbade the escape, and ClearFaults was
 * refused for the obstruction: trapped.
 * Found by the scenario explorer, seed 1053 (3,157,802 cycles into a run
 * from seed 1), shrunk to 5 events:
 * nobody_trapped at cycle 1301: obstruction under the table at 856.1 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(new_a_released_estop_on_an_obstruction_traps_the_table)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 532, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 606, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 1098, EX_ESTOP, 0, 1, 0, 0, 0 },
		{ 1282, EX_ESTOP, 0, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 1302, 863.77649235436172, 12.626377230447371,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: lowered onto an obstruction that persists, the kernel
 * interlock drops drive power and gives it back; the core kept power off
 * until a ClearFaults the obstruction refused: trapped.
 * Found by the scenario explorer, seed 1053 (3,156,794 cycles into a run
 * from seed 1), shrunk to 5 events:
 * nobody_trapped at cycle 793: obstruction under the table at 856.1 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(new_a_kernel_drop_on_an_obstruction_traps_the_table)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 532, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 606, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 739, EX_KERNEL, 0, 2, 0, 0, 0 },
		{ 774, EX_KERNEL, 0, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 794, 863.77649235436172, 12.626377230447371,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found once ClearFaults with nothing latched stopped
 * cutting motions short, which had hidden it): a MoveTo behind a tilt
 * that had just started turns it round; the stall window, not restarted
 * at the turn, saw 0.5 s without 0.2 degrees of progress while the
 * current rose, and latched a stall no jam caused (after a clear, so
 * cleared_fault_stays_cleared caught it).
 * Found by the scenario explorer, seed 100844 (2,531,832 cycles into a
 * run from seed 100001), shrunk to 14 events:
 * cleared_fault_stays_cleared at cycle 2831: stall:tilt latched again 51 cycles after a successful clear, no new cause
 */
START_TEST(new_a_turn_within_the_stall_window_reads_as_a_stall)
{
	static const struct explore_event events[] = {
		{ 1468, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1469, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1471, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1473, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1500, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1500, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 2540, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 831.18652168039239, -4.8525543446093256 },
		{ 2540, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 2637, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 2637, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 2707, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 2780, EX_CMD, OMT_CMD_MOVE_TO, 1, 2, 800.93344857899478, 19.516042948822331 },
		{ 2780, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 2792, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 808.59201890382292, -7.4136891502614821 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 14, 2832, 841.57266778240444, 20.802409573095609,
					   INV_CLEARED_FAULT_STAYS_CLEARED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (close to item 12): an armed section pushed 7.6 mm up raises no fault.
 * Found by the scenario explorer, seed 287, shrunk to 3 events:
 * faults_reported at cycle 1507: lumbar: pushed 7.6 at rest, and no fault latched
 */
START_TEST(new_armed_section_pushed_up_unnoticed)
{
	static const struct explore_event events[] = {
		{ 1063, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1123, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1503, EX_PUSH, OMT_AXIS_LUMBAR, 0, 0, 7.6040427869311511, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 1508, 782.76373398347141, -0.430412614952429,
					   INV_FAULTS_REPORTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: the fired sensor alone makes a section "fired" while its position says it is still cocked; the table then moves.
 * Found by the scenario explorer, seed 503, shrunk to 4 events:
 * drops_and_table_exclusive at cycle 591: the table is driven while thoracic stands at 15.00 mm (fired)
 */
START_TEST(new_fired_by_sensor_alone_while_still_cocked)
{
	static const struct explore_event events[] = {
		{ 10, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 262, EX_CMD, OMT_CMD_ARM_DROP, 1, 0, 0, 0 },
		{ 509, EX_INPUT, OMT_IN_DROP_FIRED_THORACIC, 1, 0, 0, 0 },
		{ 591, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 919.12789990579961, -1.3394330168321034 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 592, 888.0549502952357, 18.455121209495122,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: an armed section falls but its sensor stays off (a
 * sensor stuck off, contradicting the position); the section's drive
 * stays enabled with the cocked setpoint and drives it back up under the
 * patient, here while another fault is latched.
 * Found by the scenario explorer, seed 24 (69,714 cycles into a run on
 * the core with the safety-edges fixes), shrunk to 4 events:
 * faulted_drive_not_pushing at cycle 713: lumbar at rest after a fault, enabled, setpoint 5.08 from the axis
 */
START_TEST(new_section_fallen_without_its_sensor_is_driven_back_up)
{
	static const struct explore_event events[] = {
		{ 572, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 592, EX_CMD, OMT_CMD_ARM_DROP, 2, 0, 0, 0 },
		{ 643, EX_DRIVE_FAULT, OMT_AXIS_THORACIC, 2, 0, 0, 0 },
		{ 713, EX_FIRE, OMT_AXIS_LUMBAR, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 714, 830.12393951432136, 14.384668849309083,
					   INV_FAULTED_DRIVE_NOT_PUSHING, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a section pushed up while down (the fault it latched
 * cleared) stays up in state "down", and the table moves over it.
 * Found by the scenario explorer, seed 22 (65,713 cycles into a run on
 * the core with the safety-edges fixes), shrunk to 11 events:
 * drops_and_table_exclusive at cycle 2712: the table is driven while cervical stands at 8.86 mm (down)
 */
START_TEST(new_section_pushed_up_while_down_lets_the_table_move)
{
	static const struct explore_event events[] = {
		{ 1352, EX_PUSH, OMT_AXIS_CERVICAL, 0, 0, 8.8620744858567164, 0 },
		{ 1817, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1817, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1820, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1822, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1854, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1854, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1859, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1859, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 2699, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 2712, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 11, 2713, 860.99467894399436, 23.078086342752322,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * Found while fixing the one above (a raised section now makes the
 * arm-drops pedal lower it): a lowering halted by a fault, from "down",
 * kept its drive on once the table was locked.  Only a section cocking
 * or cocked keeps its drive on a locked table.
 * Found by the scenario explorer, seed 72, shrunk to 6 events:
 * locked_drives_disabled at cycle 1912: locked and at rest, yet thoracic is enabled
 */
START_TEST(new_lowering_halted_from_down_keeps_its_drive_when_locked)
{
	static const struct explore_event events[] = {
		{ 3, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 58, EX_PUSH, OMT_AXIS_THORACIC, 0, 0, 7.6828798083507079, 0 },
		{ 1084, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1447, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1458, EX_DRIVE_FAULT, OMT_AXIS_HEIGHT, 1, 1, 0, 0 },
		{ 1912, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1913, 800.18069670005502, 18.972556229144686,
					   INV_LOCKED_DRIVES_DISABLED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: lowering onto an obstruction starts the back-off (brake,
 * then 10 mm up); Lock in the middle of it left it running, on a locked
 * table.  Stop and Lock now stop the back-off as they stop everything.
 * Found by the scenario explorer, seed 965 (2,894,950 cycles into a run on
 * the core with the safety-edges fixes), shrunk to 4 events:
 * no_motion_while_locked at cycle 2949: locked, yet height setpoint steps 0.187
 */
START_TEST(new_lock_leaves_the_obstruction_back_off_running)
{
	static const struct explore_event events[] = {
		{ 2646, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2851, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 911.58237706354828, 18.57281024461092 },
		{ 2895, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2949, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 3000, 918.64181308119805, 7.3579325020881345,
					   INV_NO_MOTION_WHILE_LOCKED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a section pushed 3.9 mm up while the table moves (too
 * little, too soon after rest, for uncommanded motion) stands raised, and
 * the bus motion went on.  A section found raised stops a running motion.
 * Found by the scenario explorer, seed 1001580 (4.7 million cycles into a
 * run from seed 1000000), shrunk to 3 events:
 * drops_and_table_exclusive at cycle 39: the table is driven while thoracic stands at 3.90 mm (down)
 */
START_TEST(new_section_raised_under_a_moving_table_does_not_stop_it)
{
	static const struct explore_event events[] = {
		{ 8, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 28, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 804.53923620684577, -8.8568845492644588 },
		{ 39, EX_PUSH, OMT_AXIS_THORACIC, 0, 0, 3.9126271275344155, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 3, 200, 747.80913942820132, 8.2061892604268287,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a motion pre-empted by one the other way turns round;
 * in the cycle its velocity crosses zero it kept a crumb of the old
 * direction (-1e-16).  An obstruction met right then read as lowering
 * and started a 10 mm back-off upwards from a table at rest, motion
 * nobody held.  A crumb of velocity is now zero.
 * Found by the scenario explorer, seed 1667 (5 million cycles into a run
 * from seed 1), shrunk to 9 events:
 * released_hold_brakes at cycle 131: height: nobody holds it (motion 2, owner 2), yet its setpoint steps 0.008
 */
START_TEST(new_obstruction_at_a_turn_starts_a_back_off_nobody_holds)
{
	static const struct explore_event events[] = {
		{ 5, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 6, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 8, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 10, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 37, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 37, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 69, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 645.50255560455787, 1.5991243067269245 },
		{ 104, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 679.56705135830157, 5.6765943141843476 },
		{ 130, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 9, 300, 664.73057657959839, 4.1248556868650681,
					   INV_RELEASED_HOLD_BRAKES, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (after the fix that holds a fallen section where it
 * is): an armed section that fell unreported, armed again, was cocked
 * from below while still "armed", so Lock did not halt it and it rose on
 * a locked table.  Re-arming a fallen section makes it arming.
 * Found by the scenario explorer, seed 5004199 (12.6 million cycles into
 * a run from seed 5000000), shrunk to 5 events:
 * no_motion_while_locked at cycle 2691: locked, yet lumbar setpoint steps 0.100
 */
START_TEST(new_fallen_section_rearmed_rises_on_a_locked_table)
{
	static const struct explore_event events[] = {
		{ 3, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 526, EX_CMD, OMT_CMD_ARM_DROP, 2, 0, 0, 0 },
		{ 2594, EX_FIRE, OMT_AXIS_LUMBAR, 0, 0, 0, 0 },
		{ 2604, EX_CMD, OMT_CMD_ARM_DROP, 2, 0, 0, 0 },
		{ 2691, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 2900, 769.42240771215552, -0.60731014548325124,
					   INV_NO_MOTION_WHILE_LOCKED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * Found by the scenario explorer, seed 1000905, shrunk to 9 events:
 * the table lowered onto a lasting obstruction, then the pelvic section
 * pushed up while down.  The raised section refused the escape, and
 * DisarmDrop is refused while the obstruction lasts: trapped.
 */
START_TEST(new_a_section_pushed_up_on_an_obstruction_traps_the_table)
{
	static const struct explore_event events[] = {
		{ 1846, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1847, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1850, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1851, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1864, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1864, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1908, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 1947, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2299, EX_PUSH, OMT_AXIS_PELVIC, 0, 0, 11.522864467277131, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 9, 2315, 860.11041884806218, 19.914699987982694,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a cocking halted by Lock (the section held at 1.6
 * mm), a few lost I/O samples latching a fault, then the section sagging
 * to its stop: its drive pulls it back towards its setpoint.  ClearFaults
 * held every resting axis at the reading of the cycle before, behind the
 * rising section: its setpoint stepped 0.8 mm down in one cycle and the
 * drive turned it round, on a locked table.  A clear now holds a resting
 * axis at the next cycle's fresh reading.
 * Found by the scenario explorer, seed 1000545 (1.6 million cycles into
 * a run from seed 1000000), shrunk to 6 events:
 * no_motion_while_locked at cycle 1001: locked, yet lumbar setpoint steps -0.792
 */
START_TEST(new_clear_faults_turns_a_settling_section_round_on_a_locked_table)
{
	static const struct explore_event events[] = {
		{ 219, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 805, EX_CMD, OMT_CMD_ARM_DROP, 2, 0, 0, 0 },
		{ 825, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
		{ 897, EX_IO_FAIL, 0, 3, 4, 0, 0 },
		{ 991, EX_FIRE, OMT_AXIS_LUMBAR, 0, 0, 0, 0 },
		{ 1001, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1200, 751.75572750441177, 0.91144806341464246,
					   INV_NO_MOTION_WHILE_LOCKED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10, the same defect as the one above, seen as the table
 * driven beside armed sections: the sections armed by their pedal, a
 * pedal mismatch latched, the tilt pushed 0.65 degrees and its drive
 * bringing it back; ClearFaults held it at the reading of the cycle
 * before, behind it, and turned it round while the sections stood armed.
 * Found by the scenario explorer, seed 1002550 (in a run from seed
 * 1000000), shrunk to 6 events:
 * drops_and_table_exclusive at cycle 1210: the table is driven while cervical stands at 15.00 mm (armed)
 */
START_TEST(new_clear_faults_turns_a_settling_tilt_round_beside_armed_sections)
{
	static const struct explore_event events[] = {
		{ 7, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 216, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 966, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1071, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1163, EX_PUSH, OMT_AXIS_TILT, 0, 0, 0.65026704457320961, 0 },
		{ 1210, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1400, 780.42555871465049, -0.055905761525224307,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10, the same defect again: a section pushed up 3.2 mm
 * (its fault latched), the tilt pushed and its drive bringing it back;
 * ClearFaults turned the tilt round over the raised section.
 * Found by the scenario explorer, seed 5001051 (in a run from seed
 * 5000000), shrunk to 4 events:
 * drops_and_table_exclusive at cycle 1531: the table is driven while thoracic stands at 3.20 mm (down)
 */
START_TEST(new_clear_faults_turns_a_settling_tilt_round_over_a_raised_section)
{
	static const struct explore_event events[] = {
		{ 464, EX_PUSH, OMT_AXIS_THORACIC, 0, 0, 3.1977539827004993, 0 },
		{ 1173, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1512, EX_PUSH, OMT_AXIS_TILT, 0, 0, -0.62391081535889004, 0 },
		{ 1531, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 1700, 761.69086732235348, 9.6034303722720384,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a tilt-only MoveTo accepted while the height, not
 * part of it, still rose towards 800 mm under an earlier motion.  The
 * plan took the height to rest at its stopping point erring long (past
 * 800, where tilt beyond 10 degrees is allowed): height first, then the
 * tilt.  The height, stopped at its stop deceleration, came to rest at
 * 799.5 mm, and the tilt's second leg went on to 27 degrees inside the
 * forbidden box.  The second leg now starts only if its box is clear
 * from where the table really rests; else the motion ends stopped.
 * Found by the scenario explorer, seed 8784 (26 million cycles into a
 * run from seed 1), shrunk to 4 events:
 * combination_boxes_avoided at cycle 249: setpoints 797.18 mm, 10.03 deg lie in a forbidden box
 */
START_TEST(new_second_leg_from_a_height_that_stopped_short_of_the_rule)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 26, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 802.80133239620477, 27.028766596991794 },
		{ 26, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 133, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 667.44185181701062, 26.970357151133804 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 600, 756.37714129472158, 7.930691260836662,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: the tilt obstructed while moving down; the tilt-up
 * pedal, the supervised escape, drove it up to the escape's far end (5
 * degrees) with no regard to the combination rule: past 10 degrees at
 * 738 mm.  The pedal's escape now ends where the pedal's own range does.
 * Found by the scenario explorer, seed 2006587 (in a run from seed
 * 2000000), shrunk to 6 events:
 * combination_boxes_avoided at cycle 1164: setpoints 738.41 mm, 10.00 deg lie in a forbidden box
 */
START_TEST(new_escape_pedal_tilts_into_a_forbidden_box)
{
	static const struct explore_event events[] = {
		{ 216, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 363, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 419, EX_CMD, OMT_CMD_MOVE_TO, 1, 2, 672.82709261294497, 9.5124755350779822 },
		{ 521, EX_CMD, OMT_CMD_MOVE_TO, 1, 2, 780.23563992175627, 7.2193403293806782 },
		{ 529, EX_OBSTRUCT, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 1056, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1500, 738.40618726078128, 7.9089285733549097,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: the table lowered onto an obstruction backs off
 * upwards by itself; a section pushed up 7.3 mm under it meanwhile did
 * not stop the back-off (a section standing raised stops a motion, R11,
 * but the back-off is no motion).  It stops now; the supervised escape
 * stays the way off the obstruction (R15).
 * Found by the scenario explorer, seed 2005591 (and 2008176, the same),
 * in a run from seed 2000000, shrunk to 5 events:
 * drops_and_table_exclusive at cycle 503: the table is driven while pelvic stands at 7.28 mm (down)
 */
START_TEST(new_back_off_runs_on_over_a_raised_section)
{
	static const struct explore_event events[] = {
		{ 7, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 366, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 663.03752086196721, 9.7841159107280546 },
		{ 366, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 433, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 503, EX_PUSH, OMT_AXIS_PELVIC, 0, 0, 7.2929935916394637, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 800, 702.15883164994909, -4.5686967843808981,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: the table lowered onto a lasting obstruction, the
 * escape pedal held, and the height drive latching a fault of its own
 * (not lasting) mid-escape.  A ClearFaults in that very cycle reset it,
 * but the next reading still showed the drive off, its fault masked as
 * a record until the reset lands: read as a drive that had been up and
 * switched itself off, drive-disabled latched at once and the escape
 * pedal was refused again.  A clear now gives every drive enable_ns to
 * come up afresh.
 * Found by the scenario explorer, seed 2005965 (in a run from seed
 * 2000000), shrunk to 11 events:
 * nobody_trapped at cycle 778: obstruction under the table at 704.2 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(new_a_clear_just_after_a_drive_fault_latches_drive_disabled)
{
	static const struct explore_event events[] = {
		{ 244, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 245, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 260, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 260, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 263, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 263, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 501, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 616, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 632, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 682, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 778, EX_DRIVE_FAULT, OMT_AXIS_HEIGHT, 6, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 11, 1000, 719.26010794185117, -0.59749427199413585,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10 (found after the escape pedal was held to the pedal's
 * range, above, and failing with that alone): the table lowered onto a
 * lasting obstruction, then its tilt pushed 3.7 degrees by an outside
 * force, into a forbidden combination.  Inside a box the pedal's range
 * knows no way out, so the escape pedal did not move and the patient
 * stayed on the obstruction.  The slow, held, bounded escape is not
 * refused for a table already inside a box; the range holds it only
 * from outside.
 * Found by the scenario explorer, seed 5000133 (in a run from seed
 * 5000000), shrunk to 6 events:
 * nobody_trapped at cycle 641: obstruction under the table at 696.9 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(new_escape_pedal_refused_for_a_table_pushed_into_a_forbidden_box)
{
	static const struct explore_event events[] = {
		{ 124, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 138, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 182, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 628.81179225799667, 12.3044590898838 },
		{ 323, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 420, EX_IO_FAIL, 0, 2, 3, 0, 0 },
		{ 613, EX_PUSH, OMT_AXIS_TILT, 0, 0, 3.7296197857256335, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 900, 742.2401605287854, 8.2339215384719111,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The same, with the tilt resting on the rule's open edge: after a
 * clear its setpoint is its reading, 10.000000000000002 degrees, inside
 * the box by a rounding, and the escape pedal did not move.
 * Found by the scenario explorer, seed 5001196, shrunk to 15 events:
 * nobody_trapped at cycle 2953: obstruction under the table at 679.5 mm: ClearFaults, a MoveTo up and the up pedal all refused
 */
START_TEST(new_escape_pedal_refused_for_a_tilt_resting_on_the_rule_edge)
{
	static const struct explore_event events[] = {
		{ 145, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 145, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 148, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 150, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 162, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 162, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 904, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 670.28928036290199, 9.8736279840123888 },
		{ 904, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 2169, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 2233, EX_LATE, 0, 0, 36, 0, 0 },
		{ 2299, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 2320, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 0, 0, 0, 0 },
		{ 2363, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2823, EX_INPUT, OMT_IN_PEDAL_PRESET, 1, 0, 0, 0 },
		{ 2931, EX_AXIS_FAIL, OMT_AXIS_CERVICAL, 0, 4, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 15, 3000, 679.4378348558364, 7.3236066509807625,
					   INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: an armed section held where it sagged within the
 * tolerance (14.83 mm, after a fault's resync), armed again: it rose to
 * its cocked position while still "armed", so Lock did not halt it and
 * it rose on a locked table.  Re-arming an armed section that must move
 * makes it arming, as for one that fell.
 * Found by the scenario explorer, seed 8002458 (7.4 million cycles into
 * a run from seed 8000000), shrunk to 6 events:
 * no_motion_while_locked at cycle 2829: locked, yet thoracic setpoint steps 0.018
 */
START_TEST(new_sagged_armed_section_rearmed_rises_on_a_locked_table)
{
	static const struct explore_event events[] = {
		{ 680, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 791, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 940, EX_FIRE, OMT_AXIS_PELVIC, 0, 0, 0, 0 },
		{ 2710, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 0, 0, 0 },
		{ 2822, EX_CMD, OMT_CMD_ARM_DROP, 1, 0, 0, 0 },
		{ 2829, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 2990, 872.71422585845153, 19.399391493346936,
					   INV_NO_MOTION_WHILE_LOCKED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a tilt jammed at 10.65 degrees while a motion took its
 * setpoint down to 9.73 (within the following error's give; the motion
 * ended, so no stall was timed).  A height MoveTo below 800 mm was
 * planned from the setpoints alone and drove the table into the
 * forbidden box.  Plans now cover each axis where it really is, and a
 * second leg starts only if clear from there.
 * Found by the scenario explorer, seed 8000707 (2.1 million cycles into
 * a run from seed 8000000), shrunk to 7 events:
 * combination_boxes_avoided at cycle 2202: the table stands at 799.46 mm, 10.65 deg, inside a forbidden box
 */
START_TEST(new_move_planned_from_the_setpoint_of_a_jammed_tilt)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1596, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1764, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 606.69286050253436, 12.653422204478614 },
		{ 1764, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 1978, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 811.26057381616886, 9.7320044821200202 },
		{ 2056, EX_JAM, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 2146, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 786.82479785166527, 18.875018124362288 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 7, 2600, 850.13739855131689, 8.5537313487745532,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: the height jammed at 803.76 mm while the height-down
 * pedal took its setpoint to the rule's open edge (800 mm, the tilt at
 * 16.2 degrees), 3.76 mm ahead: within the following error's give, and
 * the motion over before the stall window ran out.  Let go, the drive
 * made up the lag at the axis's full speed (48 mm/s allowed at rest) and
 * overshot its setpoint: the table stood at 799.25 mm, inside the box.
 * At rest the drive's speed cap is now the escape's creep (R10).
 * Found by the scenario explorer, seed 9002897 (from seed 9000000),
 * shrunk to 8 events:
 * combination_boxes_avoided at cycle 466: the table stands at 799.25 mm, 16.20 deg, inside a forbidden box
 */
START_TEST(new_jammed_height_let_go_overshoots_the_rule_edge)
{
	static const struct explore_event events[] = {
		{ 10, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 62, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 110, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 195, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 196, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 273, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 392, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 449, EX_JAM, OMT_AXIS_HEIGHT, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 8, 700, 814.97217576372839, 16.202054462689002,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: the same with the tilt: jammed at 8.65 degrees while
 * the tilt-up pedal took its setpoint towards the rule's edge (10
 * degrees, the height at 795.6 mm), let go with the setpoint 9.6 and
 * still moving.  The drive caught up at the motion's cap and, once the
 * setpoint rested, at the axis's full speed: it stood at 10.21 degrees.
 * Found by the scenario explorer, seed 9009355 (from seed 9000000),
 * shrunk to 6 events:
 * combination_boxes_avoided at cycle 581: the table stands at 795.59 mm, 10.21 deg, inside a forbidden box
 */
START_TEST(new_jammed_tilt_let_go_overshoots_the_rule_edge)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 263, EX_JAM, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 376, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 457, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 482, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 533, EX_JAM, OMT_AXIS_TILT, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 800, 815.05661315764314, 8.6506216362633666,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10, written by hand (the risk named beside the two above):
 * the tilt-down pedal from 15 degrees, the tilt jammed at 10.42 while its
 * setpoint ran on to 9.61 (within the following error's give; the pedal
 * released before the stall window ran out).  The height-down pedal then
 * took the rule's range from the tilt's setpoint alone (below 10: no
 * limit) and lowered the table to 600 mm with the tilt standing at
 * 10.42, inside the box.  The pedal's range now covers the other axis
 * where it really is too (R10).
 */
START_TEST(new_height_pedal_ranged_from_the_setpoint_of_a_jammed_tilt)
{
	static const struct explore_event events[] = {
		{ 2, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 10, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 1, 0, 0, 0 },
		{ 184, EX_JAM, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 196, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 0, 0, 0, 0 },
		{ 216, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 5, 800, 850.0, 15.0,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * issue 10 item 2, as R13 decides it: no kernel module, the e-stop
 * pressed in the very cycle an I/O sample fails.  That sample holds no
 * e-stop level, so the press is acted on at the next valid sample (one
 * cycle later here), not before; it must be then.  (With the kernel
 * module the kernel's report acts in the same cycle; a run of failed
 * samples counts as pressed at the comms-lost window's end.)
 * Found by the scenario explorer, seed 8614, shrunk to 4 events:
 * estop_cuts_power at cycle 2521: e-stop pressed but height enabled
 */
START_TEST(new_estop_pressed_in_a_failed_sample_cuts_power_at_the_next_valid_one)
{
	static const struct explore_event events[] = {
		{ 2268, EX_KERNEL, 0, 0, 0, 0, 0 },
		{ 2274, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2521, EX_IO_FAIL, 0, 1, 1, 0, 0 },
		{ 2521, EX_ESTOP, 0, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 4, 2600, 808.21908407868364, 15.980024077460179,
					   INV_ESTOP_CUTS_POWER, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a height-only MoveTo at 40 mm/s, the tilt at 9.72
 * degrees, taken over at 805 mm by the tilt-up pedal.  The height braked
 * on to 798.9 mm; the tilt pedal's range came from the height's setpoint,
 * still above 800 (no limit), and when it fell below, the tilt could no
 * longer stop at 10 degrees: both setpoints inside the box.  A pedal's
 * range now covers the other axis where it will come to rest too (R10).
 * Found by the scenario explorer, seed 13006066 (18.2 million cycles
 * into a run from seed 13000000), shrunk to 12 events:
 * combination_boxes_avoided at cycle 1500: setpoints 798.89 mm, 10.00 deg lie in a forbidden box
 */
START_TEST(new_tilt_pedal_ranged_from_a_height_still_braking_past_the_rule)
{
	static const struct explore_event events[] = {
		{ 5, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 204, EX_CMD, OMT_CMD_ARM_DROP, 3, 0, 0, 0 },
		{ 256, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 273, EX_CMD, OMT_CMD_DISARM_DROP, 3, 0, 0, 0 },
		{ 423, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 0, 0, 0, 0 },
		{ 501, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 813.31401918454719, -8.0342928629498331 },
		{ 501, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 599, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 673, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 0, 0, 0, 0 },
		{ 1386, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 719.29421925868087, 0.6391655500204152 },
		{ 1386, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1473, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 12, 1800, 823.59151486720407, 12.785639752555102,
					   INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: a section pushed up 14 mm while down under a table
 * moving on a bus command; the faults stopped the motion, and a
 * ClearFaults while the height still braked was accepted.  The arm-drops
 * pedal pressed then (a raised section makes it disarm) lowered the
 * section under the still-moving table.  Disarming by pedal now waits,
 * as DisarmDrop does, for the table to stand still (R11).
 * Found by the scenario explorer, seed 13004864 (14.6 million cycles
 * into a run from seed 13000000), shrunk to 6 events:
 * drops_and_table_exclusive at cycle 1205: thoracic is driven while the table moves
 */
START_TEST(new_drop_pedal_lowers_a_raised_section_under_a_braking_table)
{
	static const struct explore_event events[] = {
		{ 3, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1073, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 808.68784868642877, 11.112431324588155 },
		{ 1073, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1169, EX_PUSH, OMT_AXIS_THORACIC, 0, 0, 14.173451741901252, 0 },
		{ 1178, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1205, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 6, 1500, 673.848698320312, 1.3790962667894702,
					   INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * not in issue 10: DisarmDrop for a section resting down started a move
 * of no length; for that cycle the section counted as moving, and the
 * uncommanded-motion watch started its settle time afresh (500 ms, the
 * rest point following the reading).  The kernel interlock dropped; the
 * section pushed up 10.3 mm within that time latched no fault.  A
 * section resting down now starts no move when disarmed (R4, R11).
 * Found by the scenario explorer, seed 15003182 (9.5 million cycles into
 * a run from seed 15000000), shrunk to 9 events:
 * faults_reported at cycle 1580: thoracic: pushed 10.3 at rest (down), and no fault latched
 */
START_TEST(new_disarming_a_section_resting_down_hides_a_push)
{
	static const struct explore_event events[] = {
		{ 418, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 418, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 423, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 423, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 447, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 447, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1546, EX_CMD, OMT_CMD_DISARM_DROP, 1, 0, 0, 0 },
		{ 1547, EX_KERNEL, 0, 2, 0, 0, 0 },
		{ 1576, EX_PUSH, OMT_AXIS_THORACIC, 0, 0, 10.335243626832224, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_holds(events, 9, 1700, 676.41737917018054, 0.06193173303518229,
					   INV_FAULTS_REPORTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * Drives that run to a target (issue 15; docs/explorer.md), each found
 * by the explorer once its world had them and failing on the core
 * before its fix.  Drives: EXPLORE_DRIVE(kind, lag, ramps).
 *
 * The tilt (profile position, a lag of 3 exchanges) jammed, then let go
 * while the tilt pedal ran it to the rule's edge, 10 degrees: its
 * expected motion arrived first and the drive, told to stop, ran past
 * the edge on its stop and was then told to turn back (seed 137).
 */
START_TEST(new_class_drive_told_to_stop_short_of_its_target_runs_past_it)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 24, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 25, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 166, EX_JAM, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 264, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 272, EX_JAM, OMT_AXIS_TILT, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 6, 364, 761.84635745437549, 9.2148705591146296,
						 0x00, 0x3a, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo up, the tilt-down pedal the next cycle: the run told up had
 * not reached the drive (a lag of 2), it read still, and was told down
 * before it started up (seed 285).
 */
START_TEST(new_class_drive_reversed_before_its_last_run_showed)
{
	static const struct explore_event events[] = {
		{ 1828, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1908, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 675.56980854989263, -2.3598765454491977 },
		{ 1909, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 3, 1913, 854.74969782175958, -4.7556050806926944,
						 0x15, 0x35, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The arm-drops pedal just after the height pedals were released: the
 * expected motion was at rest, the height's drive still on its stop
 * ramp, and the sections were armed under a moving table (seed 302).
 */
START_TEST(new_sections_armed_while_a_class_drive_still_stops)
{
	static const struct explore_event events[] = {
		{ 522, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 820, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 869, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 940, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 972, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 0, 0, 0, 0 },
		{ 976, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 6, 977, 807.40334824019783, 2.393728036845352,
						 0x36, 0x00, INV_DROPS_AND_TABLE_EXCLUSIVE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo at 40 mm/s taken over by the height pedal (25 mm/s), then
 * released: the target-position drive, told the lower speed, stopped
 * from 40 on the ramp of 25, 5.7 mm where 5.66 was its due (seed 1365).
 */
START_TEST(new_class_drive_told_a_lower_speed_stops_on_its_longer_ramp)
{
	static const struct explore_event events[] = {
		{ 88, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 111, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 833.73790530370252, -7.3446961108240849 },
		{ 111, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 206, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 207, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 5, 228, 775.78093973748844, 0.50151011953655367,
						 0x01, 0x00, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo whose target lay 0.7 mm ahead of the height's drive running
 * at 40 mm/s (a lag of 3; a late cycle had put it ahead of its expected
 * motion): the drive, hearing of it a lag later, could stop only past
 * it, and the runs told to it then pointed behind it (seed 116944).
 */
START_TEST(new_class_drive_told_a_target_it_can_only_overrun)
{
	static const struct explore_event events[] = {
		{ 7, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 29, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 115, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 0, 0, 0, 0 },
		{ 161, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 188, EX_ESTOP, 0, 1, 0, 0, 0 },
		{ 584, EX_ESTOP, 0, 0, 0, 0, 0 },
		{ 1775, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1886, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 893.49325211259827, 15.675956147897192 },
		{ 1928, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 826.36258859976226, 21.252892704963582 },
		{ 1928, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 2020, EX_LATE, 0, 0, 70, 0, 0 },
		{ 2071, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 763.88504890552008, -4.9846366095582928 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 12, 2075, 706.7277626963396, -0.32770696428820756,
						 0x1a, 0x00, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The tilt pushed past its soft limit (to 31.8 degrees of a range up to
 * 30), then a MoveTo back to 10: its CiA 402 drive, leashed (R16), is
 * told back in a leash at a time, first to a point still outside the
 * range but on the way in, never farther than its leash (seed 6010905).
 */
START_TEST(new_leashed_drive_pushed_out_of_range_is_told_back_in)
{
	static const struct explore_event events[] = {
		{ 1191, EX_PUSH, OMT_AXIS_TILT, 0, 0, 2.9367449572866362, 0 },
		{ 1378, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1510, EX_PUSH, OMT_AXIS_TILT, 0, 0, 4.2765835652492221, 0 },
		{ 1829, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1849, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 810.48171358012303, 10.067614066180852 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 5, 2400, 825.58635352110809, 24.55148561424437,
						 0x00, 0x22, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The height on a target-position drive (a lag of 3) lowered onto an
 * obstruction backs off upwards; pushed 1.2 mm up past the back-off's
 * target while it ran, it was told, once standing, to run back down to
 * that target, towards the obstruction, with the fault latched (seed
 * 3024832).  Fixed: the back-off ends where the axis stands past it.
 */
START_TEST(new_class_back_off_pushed_past_its_target_runs_back_down)
{
	static const struct explore_event events[] = {
		{ 207, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 208, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 210, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 212, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 221, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 221, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 586, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 686, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 0, 0, 0, 0 },
		{ 688, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 770, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 822, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, 1.2111937434687561, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 11, 1000, 817.98314272722655, 20.840371736841526,
						 0x19, 0x26, INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The height on a target-position drive stopped by an obstruction going
 * up; the supervised escape (a held MoveTo down, away from it) ran, and a
 * push carried the table 2.6 mm past the escape's target: once standing,
 * the drive was told to run back up to that target, towards the
 * obstruction, with the fault latched (seed 7002101).  Fixed: the escape
 * ends where the axis stands past its target, as the back-off does.
 */
START_TEST(new_escape_pushed_past_its_target_runs_back_towards_the_obstruction)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 83, EX_INPUT, OMT_IN_PEDAL_HEIGHT_UP, 1, 0, 0, 0 },
		{ 98, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 326, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 502, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 703.68632882373299, 20.197649191033882 },
		{ 502, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 552, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, -3.6511667414760094, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 7, 1200, 705.01664767453565, -0.99219384576938818,
						 0x25, 0x00, INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo down at 40 mm/s on a target-position height, taken over by
 * the down pedal (15 mm/s) and released.  The drive, not told the lower
 * speed while faster, stopped on its own ramp; the expected motion
 * braked at the slower ramp of 15 mm/s and ran 5.4 mm ahead of it:
 * following-error with no cause, after a ClearFaults too (seed
 * 13045381).  It now brakes at the drive's rate.
 */
START_TEST(new_class_drive_slowing_on_its_stop_expected_at_the_pedal_ramp)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 385, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 386, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 579, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1054, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 809.3666394904468, 14.279215641687742 },
		{ 1054, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 1166, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 1176, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 1193, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 9, 1202, 904.68336414841281, 3.1941053854505999,
						 0x05, 0x00, INV_CLEARED_FAULT_STAYS_CLEARED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A thoracic section cocking when the interlock cut power, pushed up
 * 12.8 mm (uncommanded motion), then fallen onto its stop: position-jump,
 * its reading refused.  Judged over the time since the last believable
 * reading, the fallen position came within reach after 0.35 s and was
 * taken; the clear in that cycle was followed by position-jump and
 * uncommanded-motion again (seed 12091785).
 */
START_TEST(new_fallen_section_refused_then_taken_relatches_at_the_clear)
{
	static const struct explore_event events[] = {
		{ 9, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 693, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 815, EX_KERNEL, 0, 2, 0, 0, 0 },
		{ 893, EX_PUSH, OMT_AXIS_THORACIC, 0, 0, 12.78350565598392, 0 },
		{ 1049, EX_KERNEL, 0, 1, 0, 0, 0 },
		{ 1325, EX_FIRE, OMT_AXIS_THORACIC, 0, 0, 0, 0 },
		{ 1359, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 7, 1460, 689.72345621890747, 3.087596107137875,
						 0x39, 0x00, INV_CLEARED_FAULT_STAYS_CLEARED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo down of a LINAK-class height (a lag of three exchanges),
 * stopped; the drive ran on on its own stop after the motion expected of
 * it had come to rest, and met an obstruction then.  Taken for one met
 * at rest: no back-off, no escape; ClearFaults, a MoveTo up and the up
 * pedal all refused while it lasted (seed 16009852).
 */
START_TEST(new_obstruction_met_while_a_class_drive_runs_on_its_stop_traps)
{
	static const struct explore_event events[] = {
		{ 4, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 24, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 24, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 116, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 926.61132469501604, 12.613946992382022 },
		{ 846, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 768.97704023153824, 27.343336375366931 },
		{ 934, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 959, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 7, 1400, 729.85358359956251, -3.8446212379353284,
						 0x09, 0x39, INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
	ck_assert_msg(explore_replay_drives_hold(events, 7, 1400, 729.85358359956251, -3.8446212379353284,
						 0x09, 0x39, INV_NO_MOTION_WHILE_FAULTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A MoveTo of both axes met an obstruction on the tilt, then one under
 * the lowering height; the tilt's went away.  The escape led away from
 * the first (the tilt's) only: refused for the height's lasting cause,
 * and ClearFaults refused for it too, a MoveTo up and the up pedal as
 * well: the patient stayed pressed with no way out (seed 7033462).
 * Fixed: the escape turns to the obstruction that lasts.
 */
START_TEST(new_second_obstruction_outlasting_the_first_traps_the_table)
{
	static const struct explore_event events[] = {
		{ 795, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 795, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 800, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 800, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 804, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 805, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1364, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 811.25758222801039, 0.30482421840481422 },
		{ 1364, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1412, EX_OBSTRUCT, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 1431, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 1606, EX_OBSTRUCT, OMT_AXIS_TILT, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 11, 2400, 842.31458168248662, 17.695838549768585,
						 0x0a, 0x36, INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The streamed height lowered onto an obstruction braked to rest, its
 * back-off about to turn; pushed up 9.3 mm in that cycle, it latched a
 * following error and the back-off started from where the push left it:
 * 10 mm more up, the setpoint jumping 9.3 mm in one cycle (seed
 * 12085067).  Fixed: a following error or stall ends the back-off.
 */
START_TEST(new_push_while_the_back_off_turns_restarts_it_from_the_pushed_height)
{
	static const struct explore_event events[] = {
		{ 2, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 1705, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 820.50819510460224, 17.993923415959181 },
		{ 1705, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 1773, EX_CMD, OMT_CMD_OWNER_GONE, 1, 0, 0, 0 },
		{ 1785, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 1813, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, 9.2706892430122281, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 6, 2400, 864.63272801582502, 2.623111375151808,
						 0x00, 0x39, INV_SETPOINT_WITHIN_LIMITS, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The height on a target-position actuator stopped by a pedal's release
 * met an obstruction while its soft stop, as the core expects it, still
 * ran; the actuator stood still against it.  The back-off waited for the
 * expected ramp to end, refusing the escape and ClearFaults meanwhile
 * (seed 11190561).  Fixed: an actuator that reads still is where it
 * stands, and the back-off starts from there.
 */
START_TEST(new_back_off_waits_out_a_stop_ramp_the_obstruction_ended)
{
	static const struct explore_event events[] = {
		{ 3, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 23, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 343, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 816.65307816874167, 0.073980541113702003 },
		{ 431, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 432, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 460, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 6, 1200, 861.68909174120802, 1.9916316137205943,
						 0x21, 0x1a, INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A pedal taking over a bus move that ran at 40 mm/s and was braking onto
 * 800.7 mm, its range end the combination rule's edge at 800 mm.  The
 * drive, told to stop (it would overrun the new end), stood at 800.0001;
 * the expected motion braked on at the pedal speed's gentler ramp and
 * passed the edge to 799.75 mm (seed 12181199).  It now brakes as hard as
 * landing on the edge takes.
 */
START_TEST(new_pedal_over_a_braking_move_expected_past_the_rule_edge)
{
	static const struct explore_event events[] = {
		{ 171, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 171, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 176, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 176, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 223, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 224, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 289, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 821.2393558196012, 16.168598372752818 },
		{ 289, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 535, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 535, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 554, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 800.69105047487437, 1.1269209525719646 },
		{ 626, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 12, 700, 885.40741490085065, 19.585417474677087,
						 0x01, 0x09, INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The tilt-up pedal on a target-position tilt (a lag of one), its range
 * end the rule's edge at 10 degrees, released in the last of its braking
 * onto it.  With the expected motion braking harder than the drive's
 * ramp wherever the discrete curve asked a hair more, it came so close
 * that the stop at the ramp passed the edge by 0.0007 degrees (seed
 * 23008437, found on the first form of the fix for 12181199).  The ramp
 * is now raised only when it cannot stop the motion in time, a stop on
 * the way included.
 */
START_TEST(new_pedal_released_braking_onto_the_rule_edge_stops_past_it)
{
	static const struct explore_event events[] = {
		{ 64, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 800, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 938, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 0, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 3, 1000, 735.85404474974951, 7.6263615137006102,
						 0x00, 0x21, INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The tilt-up pedal on a target-position tilt (a lag of two) braking onto
 * the rule's edge at 10 degrees, reversed by the down pedal in the cycle
 * it landed: with the ramp raised wherever the discrete braking curve
 * asked a hair more, it landed at 0.36 degrees/s, and braking for the
 * reversal at the plain ramp carried it 0.0006 degrees past the edge
 * (seed 25000919, on the second form of the fix for 12181199).  A ramp
 * that does not fall is now never raised.
 */
START_TEST(new_pedal_reversed_landing_on_the_rule_edge_passes_it)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 26, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 86, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 89, EX_DRIVE_FAULT, OMT_AXIS_TILT, 1, 0, 0, 0 },
		{ 919, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1189, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1340, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 1492, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 0, 0, 0, 0 },
		{ 1492, EX_INPUT, OMT_IN_PEDAL_TILT_DOWN, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 9, 1600, 683.34157989613129, 6.0269754270839737,
						 0x22, 0x15, INV_COMBINATION_BOXES_AVOIDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A held MoveTo down of a streamed height; pushed up 9.6 mm on the way
 * (a following error), the axis coasted on down, its setpoint following
 * it, and met an obstruction before it stopped, at 711.5 mm.  Taken for
 * one met at rest (the setpoint's speed, 0): no way out known, and with
 * the obstruction lasting ClearFaults, a MoveTo up and the up pedal were
 * all refused (seed 19259044).
 */
START_TEST(new_obstruction_met_while_coasting_after_a_push_traps)
{
	static const struct explore_event events[] = {
		{ 209, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 235, EX_CMD, OMT_CMD_MOVE_TO, 2, 1, 627.25174385160835, 14.735959023421398 },
		{ 235, EX_HOLDER, 2, 1, 0, 0, 0 },
		{ 324, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, 9.6024612743767879, 0 },
		{ 332, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 5, 700, 729.64365595012328, 1.8766060386111754,
						 0x00, 0x12, INV_NOBODY_TRAPPED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A Stop in the cycle enable channel A closed to join B (seed 19193456):
 * the Stop saw B held and not yet A, so B had to be let go first and that
 * press did not count.  B then bounced open for 40 ms with A held; its
 * closing again read as a press, the gesture's second (the first 160 ms
 * before), and the table unlocked though the pedal was never released.
 * The pair closing is now the one press until both channels open.
 */
START_TEST(new_bounce_after_a_stop_completes_the_unlock_gesture)
{
	static const struct explore_event events[] = {
		{ 1381, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1391, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1394, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1395, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1399, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1401, EX_CMD, OMT_CMD_STOP, 2, 0, 0, 0 },
		{ 1401, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1403, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1407, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 9, 1408, 671.73760554302271, -3.52969690202104,
						 0x25, 0x19, INV_NO_EDGE_FROM_INVALID_SAMPLE, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * A lumbar section resting down had its setpoint resynced, while locked,
 * to a reading 4e-22 mm above down.  DisarmDrop asked for a move to 0 a
 * crumb long; the setpoint generator zeroed that step as a rounding
 * crumb every cycle, and the move never ended: the section stayed
 * lowering (height and tilt refused) and, counted as moving, unwatched
 * for uncommanded motion, for 3.2 s until an e-stop ended the move.  The
 * watch then took its settle time afresh; pushed up 13.9 mm 0.49 s after
 * the stop, the section latched no fault (seed 19054777).  A move a
 * crumb long now lands on its target in its first step.
 */
START_TEST(new_disarm_a_crumb_above_down_lowers_for_ever_and_hides_a_push)
{
	static const struct explore_event events[] = {
		{ 6, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 680, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 688, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, 13.026588006336254, 0 },
		{ 1654, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 0, 0, 0, 0 },
		{ 1721, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1858, EX_INPUT, OMT_IN_PEDAL_ARM_DROPS, 1, 0, 0, 0 },
		{ 1986, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
		{ 2077, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2377, EX_CMD, OMT_CMD_DISARM_DROP, 2, 0, 0, 0 },
		{ 2696, EX_ESTOP, 0, 1, 0, 0, 0 },
		{ 2745, EX_PUSH, OMT_AXIS_LUMBAR, 0, 0, 13.918589638427907, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 11, 2750, 740.28868323065797, -0.30634504978672172,
						 0x00, 0x16, INV_FAULTS_REPORTED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The height (a CiA 402 profile-position drive) jammed where it stood,
 * lowered by the pedal, locked, and an obstruction met 5 cycles later
 * while the expected motion still braked: the core started the
 * obstruction back-off on the locked table, the jammed drive read still,
 * and was told 10 mm up at 40 mm/s, the setpoint stepping 3.3 mm onto
 * the reading (seed 19024431).  A locked table starts no back-off.
 */
START_TEST(new_obstruction_braking_after_lock_starts_a_back_off)
{
	static const struct explore_event events[] = {
		{ 2332, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2552, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 2598, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 2620, EX_CMD, OMT_CMD_LOCK, 1, 0, 0, 0 },
		{ 2625, EX_OBSTRUCT, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 5, 2626, 748.54744568464184, 3.5293044993101592,
						 0x22, 0x25, INV_NO_MOTION_WHILE_LOCKED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The height (a CiA 402 profile-position drive, lag 3) jammed, told by a
 * MoveTo to go down, let go 25 cycles on and stopped 6 cycles later as
 * the MoveTo's hold lapsed: the drive read 5.6 mm/s, 3.98 mm behind its
 * expected motion, which braked from 23.8 mm/s and so ran 2.7 mm on
 * while the drive stopped in 0.4.  A ClearFaults at rest (nothing
 * latched) was followed 4 cycles on by a following error with no cause,
 * 6.28 mm against a give of 6.2 (seed 25107010).  A drive told to stop
 * is expected to stop from the speed it runs at.
 */
START_TEST(new_class_drive_held_back_then_stopped_is_a_following_error)
{
	static const struct explore_event events[] = {
		{ 1605, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1605, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1609, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1610, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 1641, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 1, 0, 0, 0 },
		{ 1641, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 1, 0, 0, 0 },
		{ 1646, EX_INPUT, OMT_IN_PEDAL_ENABLE_A, 0, 0, 0, 0 },
		{ 1646, EX_INPUT, OMT_IN_PEDAL_ENABLE_B, 0, 0, 0, 0 },
		{ 2455, EX_JAM, OMT_AXIS_HEIGHT, 1, 0, 0, 0 },
		{ 2502, EX_CMD, OMT_CMD_MOVE_TO, 2, 3, 825.7874730476783, 15.422391299423367 },
		{ 2527, EX_JAM, OMT_AXIS_HEIGHT, 0, 0, 0, 0 },
		{ 2549, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 12, 2554, 883.30770632809163, 16.88187596708616,
						 0x0a, 0x11, INV_CLEARED_FAULT_STAYS_CLEARED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

/*
 * The tilt (a LINAK-class drive, instant ramps, a lag of three
 * exchanges) told a MoveTo up at 4 deg/s, and the cycle after, by a new
 * MoveTo, 8.3388 while it still read standing at 8.3103: the core took
 * the new target for one ahead and told it at once.  The run told the
 * cycle before reached the drive first; at 8.3503, running up, it heard
 * of a target behind it and refused to turn (seed 25094248).  A run told
 * but not yet seen in the readings counts as running at its speed: the
 * drive is stopped first.
 */
START_TEST(new_class_drive_told_a_target_its_unseen_run_passes)
{
	static const struct explore_event events[] = {
		{ 10, EX_CMD, OMT_CMD_UNLOCK, 1, 0, 0, 0 },
		{ 135, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 213, EX_KERNEL, 0, 2, 0, 0, 0 },
		{ 299, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 579, EX_KERNEL, 0, 1, 0, 0, 0 },
		{ 1870, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 1941, EX_INPUT, OMT_IN_PEDAL_TILT_UP, 1, 0, 0, 0 },
		{ 1994, EX_CMD, OMT_CMD_STOP, 1, 0, 0, 0 },
		{ 2090, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 1, 0, 0, 0 },
		{ 2113, EX_INPUT, OMT_IN_PEDAL_HEIGHT_DOWN, 0, 0, 0, 0 },
		{ 2319, EX_PUSH, OMT_AXIS_HEIGHT, 0, 0, -13.250589400684429, 0 },
		{ 2407, EX_CMD, OMT_CMD_CLEAR_FAULTS, 1, 1, 0, 0 },
		{ 2655, EX_CMD, OMT_CMD_MOVE_TO, 1, 1, 798.29206544411159, -2.844307653291569 },
		{ 2686, EX_CMD, OMT_CMD_MOVE_TO, 1, 3, 803.95915513105354, 17.751205399100584 },
		{ 2686, EX_HOLDER, 1, 1, 0, 0, 0 },
		{ 2749, EX_CMD, OMT_CMD_MOVE_TO, 2, 2, 872.33630776096561, 8.3387637055523527 },
	};
	char why[200];

	ck_assert_msg(explore_replay_drives_hold(events, 16, 2753, 831.81039462111198, 6.7202634701274633,
						 0x26, 0x39, INV_CLASS_DRIVE_BOUNDED, why, sizeof(why)),
		      "%s", why);
}
END_TEST

static Suite *explore_regressions_suite(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("explore_regressions", "found", &tc);

	tcase_add_test(tc, item01_one_bouncing_enable_channel_unlocks);
	tcase_add_test(tc, item01_one_invalid_sample_completes_the_unlock_gesture);
	tcase_add_test(tc, item02_estop_during_an_invalid_sample_leaves_drives_enabled);
	tcase_add_test(tc, item04_axis_braking_past_a_rule_boundary_after_a_move_mid_motion);
	tcase_add_test(tc, item05_bus_move_accepted_over_the_preset_pedal);
	tcase_add_test(tc, item06_preset_pedal_tap_runs_on_after_release);
	tcase_add_test(tc, item07_lock_does_not_stop_a_cocking_section);
	tcase_add_test(tc, item08_following_error_leaves_the_drive_pushing);
	tcase_add_test(tc, item09_uncommanded_motion_relatches_after_a_successful_clear);
	tcase_add_test(tc, item10_persistent_obstruction_traps_the_table);
	tcase_add_test(tc, item11_backoff_presses_further_than_a_stop);
	tcase_add_test(tc, item12_fired_section_pushed_up_unnoticed);
	tcase_add_test(tc, item14_locked_table_keeps_its_drives_enabled);
	tcase_add_test(tc, new_a_latched_fault_hides_a_later_obstruction);
	tcase_add_test(tc, new_clear_faults_mid_motion_cuts_a_first_leg_short);
	tcase_add_test(tc, new_clear_faults_mid_motion_steps_the_setpoint_back);
	tcase_add_test(tc, new_clear_after_a_push_steps_the_setpoint_to_a_stale_reading);
	tcase_add_test(tc, new_clear_after_a_push_steps_the_setpoint_too_fast);
	tcase_add_test(tc, new_clear_while_an_axis_settles_steps_its_setpoint_back);
	tcase_add_test(tc, new_escape_goes_on_after_a_new_fault);
	tcase_add_test(tc, new_clear_during_the_back_off_lets_it_run_on);
	tcase_add_test(tc, new_lost_samples_on_an_obstruction_trap_the_table);
	tcase_add_test(tc, new_a_released_estop_on_an_obstruction_traps_the_table);
	tcase_add_test(tc, new_a_kernel_drop_on_an_obstruction_traps_the_table);
	tcase_add_test(tc, new_a_turn_within_the_stall_window_reads_as_a_stall);
	tcase_add_test(tc, new_armed_section_pushed_up_unnoticed);
	tcase_add_test(tc, new_fired_by_sensor_alone_while_still_cocked);
	tcase_add_test(tc, new_section_fallen_without_its_sensor_is_driven_back_up);
	tcase_add_test(tc, new_section_pushed_up_while_down_lets_the_table_move);
	tcase_add_test(tc, new_lowering_halted_from_down_keeps_its_drive_when_locked);
	tcase_add_test(tc, new_lock_leaves_the_obstruction_back_off_running);
	tcase_add_test(tc, new_section_raised_under_a_moving_table_does_not_stop_it);
	tcase_add_test(tc, new_obstruction_at_a_turn_starts_a_back_off_nobody_holds);
	tcase_add_test(tc, new_fallen_section_rearmed_rises_on_a_locked_table);
	tcase_add_test(tc, new_a_section_pushed_up_on_an_obstruction_traps_the_table);
	tcase_add_test(tc, new_clear_faults_turns_a_settling_section_round_on_a_locked_table);
	tcase_add_test(tc, new_clear_faults_turns_a_settling_tilt_round_beside_armed_sections);
	tcase_add_test(tc, new_clear_faults_turns_a_settling_tilt_round_over_a_raised_section);
	tcase_add_test(tc, new_second_leg_from_a_height_that_stopped_short_of_the_rule);
	tcase_add_test(tc, new_escape_pedal_tilts_into_a_forbidden_box);
	tcase_add_test(tc, new_back_off_runs_on_over_a_raised_section);
	tcase_add_test(tc, new_a_clear_just_after_a_drive_fault_latches_drive_disabled);
	tcase_add_test(tc, new_escape_pedal_refused_for_a_table_pushed_into_a_forbidden_box);
	tcase_add_test(tc, new_escape_pedal_refused_for_a_tilt_resting_on_the_rule_edge);
	tcase_add_test(tc, new_sagged_armed_section_rearmed_rises_on_a_locked_table);
	tcase_add_test(tc, new_move_planned_from_the_setpoint_of_a_jammed_tilt);
	tcase_add_test(tc, new_jammed_height_let_go_overshoots_the_rule_edge);
	tcase_add_test(tc, new_jammed_tilt_let_go_overshoots_the_rule_edge);
	tcase_add_test(tc, new_height_pedal_ranged_from_the_setpoint_of_a_jammed_tilt);
	tcase_add_test(tc, new_tilt_pedal_ranged_from_a_height_still_braking_past_the_rule);
	tcase_add_test(tc, new_drop_pedal_lowers_a_raised_section_under_a_braking_table);
	tcase_add_test(tc, new_disarming_a_section_resting_down_hides_a_push);
	tcase_add_test(tc, new_estop_pressed_in_a_failed_sample_cuts_power_at_the_next_valid_one);
	tcase_add_test(tc, new_class_drive_told_to_stop_short_of_its_target_runs_past_it);
	tcase_add_test(tc, new_class_drive_reversed_before_its_last_run_showed);
	tcase_add_test(tc, new_sections_armed_while_a_class_drive_still_stops);
	tcase_add_test(tc, new_class_drive_told_a_lower_speed_stops_on_its_longer_ramp);
	tcase_add_test(tc, new_class_drive_told_a_target_it_can_only_overrun);
	tcase_add_test(tc, new_leashed_drive_pushed_out_of_range_is_told_back_in);
	tcase_add_test(tc, new_class_back_off_pushed_past_its_target_runs_back_down);
	tcase_add_test(tc, new_escape_pushed_past_its_target_runs_back_towards_the_obstruction);
	tcase_add_test(tc, new_second_obstruction_outlasting_the_first_traps_the_table);
	tcase_add_test(tc, new_class_drive_slowing_on_its_stop_expected_at_the_pedal_ramp);
	tcase_add_test(tc, new_fallen_section_refused_then_taken_relatches_at_the_clear);
	tcase_add_test(tc, new_obstruction_met_while_a_class_drive_runs_on_its_stop_traps);
	tcase_add_test(tc, new_push_while_the_back_off_turns_restarts_it_from_the_pushed_height);
	tcase_add_test(tc, new_back_off_waits_out_a_stop_ramp_the_obstruction_ended);
	tcase_add_test(tc, new_pedal_over_a_braking_move_expected_past_the_rule_edge);
	tcase_add_test(tc, new_pedal_released_braking_onto_the_rule_edge_stops_past_it);
	tcase_add_test(tc, new_pedal_reversed_landing_on_the_rule_edge_passes_it);
	tcase_add_test(tc, new_obstruction_met_while_coasting_after_a_push_traps);
	tcase_add_test(tc, new_bounce_after_a_stop_completes_the_unlock_gesture);
	tcase_add_test(tc, new_disarm_a_crumb_above_down_lowers_for_ever_and_hides_a_push);
	tcase_add_test(tc, new_obstruction_braking_after_lock_starts_a_back_off);
	tcase_add_test(tc, new_class_drive_held_back_then_stopped_is_a_following_error);
	tcase_add_test(tc, new_class_drive_told_a_target_its_unseen_run_passes);
	return s;
}

int main(void)
{
	return omt_check_run(explore_regressions_suite());
}
