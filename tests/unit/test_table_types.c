// SPDX-License-Identifier: MIT
/* The contract's names for axes, states, outcomes and faults. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "omt_table_types.h"

START_TEST(axis_names_round_trip)
{
	static const char *const expected[] = {
		"height", "tilt", "cervical", "thoracic", "lumbar", "pelvic",
	};
	for (int i = 0; i < OMT_AXIS_COUNT; i++) {
		ck_assert_str_eq(omt_axis_name((enum omt_axis)i), expected[i]);
		ck_assert_int_eq(omt_axis_from_name(expected[i]), i);
	}
	ck_assert_int_eq(omt_axis_from_name("Height"), OMT_AXIS_COUNT);
	ck_assert_int_eq(omt_axis_from_name(""), OMT_AXIS_COUNT);
	ck_assert_int_eq(omt_axis_from_name(NULL), OMT_AXIS_COUNT);
	ck_assert_str_eq(omt_axis_name(OMT_AXIS_COUNT), "unknown");
}
END_TEST

START_TEST(contract_state_strings)
{
	ck_assert_str_eq(omt_table_state_name(OMT_STATE_LOCKED), "locked");
	ck_assert_str_eq(omt_table_state_name(OMT_STATE_IDLE), "idle");
	ck_assert_str_eq(omt_table_state_name(OMT_STATE_MOVING), "moving");
	ck_assert_str_eq(omt_table_state_name(OMT_STATE_STOPPING), "stopping");
	ck_assert_str_eq(omt_table_state_name(OMT_STATE_FAULT), "fault");
	ck_assert_str_eq(omt_table_state_name(OMT_STATE_ESTOP), "estop");
	ck_assert_str_eq(omt_drop_state_name(OMT_DROP_ARMING), "arming");
	ck_assert_str_eq(omt_outcome_name(OMT_OUTCOME_RELEASED), "released");
	ck_assert_str_eq(omt_outcome_name(OMT_OUTCOME_PREEMPTED), "preempted");
}
END_TEST

START_TEST(every_fault_kind_has_a_unique_name)
{
	for (int i = 0; i < OMT_FAULT_KIND_COUNT; i++) {
		const char *name = omt_fault_kind_name((enum omt_fault_kind)i);
		ck_assert_str_ne(name, "unknown");
		ck_assert_int_eq(omt_fault_kind_from_name(name), i);
	}
	ck_assert_str_eq(omt_fault_kind_name(OMT_FAULT_MODBUS_TIMEOUT),
			 "modbus-timeout");
	ck_assert_int_eq(omt_fault_kind_from_name("nonsense"),
			 OMT_FAULT_KIND_COUNT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("table_types");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, axis_names_round_trip);
	tcase_add_test(tc, contract_state_strings);
	tcase_add_test(tc, every_fault_kind_has_a_unique_name);
	suite_add_tcase(s, tc);
	return omt_check_run(s);
}
