// SPDX-License-Identifier: GPL-2.0
/*
 * The interlock's decisions (kernel/omt_table_rules.h), checked over every
 * combination of faults, inputs and owner state.  The header is the one
 * the module compiles; here it runs in user space.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "check_run.h"
#include "../../kernel/omt_table_rules.h"

#define ALL_INPUTS 0x1fU
#define ALL_LINES (OMT_TABLE_LINE_ESTOP_B | OMT_TABLE_LINE_LIMIT_LOW | \
		   OMT_TABLE_LINE_LIMIT_HIGH | OMT_TABLE_LINE_OBSTRUCTION)

static bool any_trip_input(__u32 inputs)
{
	return inputs & (OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B |
			 OMT_TABLE_INPUT_OBSTRUCTION);
}

START_TEST(enable_needs_every_condition)
{
	int allowed = 0;

	for (__u32 faults = 0; faults <= OMT_TABLE_FAULT_ALL; faults++)
	for (__u32 inputs = 0; inputs <= ALL_INPUTS; inputs++)
	for (int flags = 0; flags < 8; flags++) {
		struct omt_rules_state s = {
			.faults = faults,
			.inputs = inputs,
			.owner_present = flags & 1,
			.requested = flags & 2,
			.heartbeat_fresh = flags & 4,
		};
		bool on = omt_rules_enable_allowed(&s);

		if (!s.owner_present || !s.requested || !s.heartbeat_fresh)
			ck_assert_msg(!on, "enabled without owner/request/heartbeat");
		if (faults)
			ck_assert_msg(!on, "enabled with faults 0x%x", faults);
		if (any_trip_input(inputs))
			ck_assert_msg(!on, "enabled with trip inputs 0x%x", inputs);
		allowed += on;
	}
	/* Exactly the fault-free, trip-free states with all three flags:
	 * limit switches (4 combinations) do not forbid enable. */
	ck_assert_int_eq(allowed, 4);
}
END_TEST

START_TEST(limit_switches_do_not_block_enable)
{
	struct omt_rules_state s = {
		.inputs = OMT_TABLE_INPUT_LIMIT_LOW | OMT_TABLE_INPUT_LIMIT_HIGH,
		.owner_present = true, .requested = true, .heartbeat_fresh = true,
	};

	ck_assert(omt_rules_enable_allowed(&s));
	ck_assert(!omt_rules_enable_refused(0, s.inputs));
}
END_TEST

START_TEST(enable_request_refused_by_fault_or_trip)
{
	for (__u32 faults = 0; faults <= OMT_TABLE_FAULT_ALL; faults++)
		for (__u32 inputs = 0; inputs <= ALL_INPUTS; inputs++)
			ck_assert_int_eq(omt_rules_enable_refused(faults, inputs),
					 faults != 0 || any_trip_input(inputs));
}
END_TEST

START_TEST(fault_causes_follow_inputs)
{
	for (__u32 inputs = 0; inputs <= ALL_INPUTS; inputs++) {
		bool a = inputs & OMT_TABLE_INPUT_ESTOP_A;
		bool b = inputs & OMT_TABLE_INPUT_ESTOP_B;
		__u32 two = omt_rules_fault_causes(inputs, ALL_LINES);
		__u32 one = omt_rules_fault_causes(inputs, 0);

		ck_assert_int_eq(!!(two & OMT_TABLE_FAULT_ESTOP), a || b);
		ck_assert_int_eq(!!(two & OMT_TABLE_FAULT_ESTOP_DISAGREE), a != b);
		ck_assert_int_eq(!!(one & OMT_TABLE_FAULT_ESTOP_DISAGREE), 0);
		ck_assert_int_eq(!!(two & OMT_TABLE_FAULT_OBSTRUCTION),
				 !!(inputs & OMT_TABLE_INPUT_OBSTRUCTION));
		/* A watchdog expiry has no lasting cause. */
		ck_assert_int_eq(two & OMT_TABLE_FAULT_WATCHDOG, 0);
		ck_assert_int_eq(one & OMT_TABLE_FAULT_WATCHDOG, 0);
	}
}
END_TEST

START_TEST(clear_rejects_bad_masks)
{
	static const __u32 bad[] = { 0, OMT_TABLE_FAULT_ALL + 1, 0x80000000U,
				     0xffffffffU, OMT_TABLE_FAULT_ESTOP | 0x100 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(omt_rules_clear_check(OMT_TABLE_FAULT_ALL, 0, bad[i]),
				 -EINVAL);
}
END_TEST

START_TEST(clear_refused_exactly_while_a_named_cause_lasts)
{
	for (__u32 faults = 0; faults <= OMT_TABLE_FAULT_ALL; faults++)
	for (__u32 causes = 0; causes <= OMT_TABLE_FAULT_ALL; causes++)
	for (__u32 mask = 1; mask <= OMT_TABLE_FAULT_ALL; mask++) {
		int want = 0;

		for (__u32 bit = 1; bit <= OMT_TABLE_FAULT_ALL; bit <<= 1)
			if ((mask & bit) && (faults & bit) && (causes & bit))
				want = -EBUSY;
		ck_assert_int_eq(omt_rules_clear_check(faults, causes, mask), want);
	}
}
END_TEST

START_TEST(trip_inputs_latch_their_fault)
{
	ck_assert_uint_eq(omt_rules_trip_fault(OMT_TABLE_INPUT_ESTOP_A), OMT_TABLE_FAULT_ESTOP);
	ck_assert_uint_eq(omt_rules_trip_fault(OMT_TABLE_INPUT_ESTOP_B), OMT_TABLE_FAULT_ESTOP);
	ck_assert_uint_eq(omt_rules_trip_fault(OMT_TABLE_INPUT_OBSTRUCTION),
			  OMT_TABLE_FAULT_OBSTRUCTION);
	ck_assert_uint_eq(omt_rules_trip_fault(OMT_TABLE_INPUT_LIMIT_LOW), 0);
	ck_assert_uint_eq(omt_rules_trip_fault(OMT_TABLE_INPUT_LIMIT_HIGH), 0);
}
END_TEST

START_TEST(timeout_bounds)
{
	for (__u32 ms = 0; ms <= 2 * OMT_TABLE_TIMEOUT_MAX_MS; ms++)
		ck_assert_int_eq(omt_rules_timeout_valid(ms),
				 ms >= OMT_TABLE_TIMEOUT_MIN_MS &&
				 ms <= OMT_TABLE_TIMEOUT_MAX_MS);
	ck_assert(!omt_rules_timeout_valid(0xffffffffU));
	ck_assert(omt_rules_timeout_valid(OMT_TABLE_TIMEOUT_DEFAULT_MS));
}
END_TEST

START_TEST(disable_reason)
{
	struct omt_rules_state s = { .owner_present = true };

	ck_assert_uint_eq(omt_rules_disable_reason(&s), OMT_TABLE_REASON_REQUEST);
	s.owner_present = false;
	ck_assert_uint_eq(omt_rules_disable_reason(&s), OMT_TABLE_REASON_CLOSE);
	s.faults = OMT_TABLE_FAULT_WATCHDOG;
	ck_assert_uint_eq(omt_rules_disable_reason(&s), OMT_TABLE_REASON_FAULT);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("kernel_rules", "rules", &tc);

	tcase_add_test(tc, enable_needs_every_condition);
	tcase_add_test(tc, limit_switches_do_not_block_enable);
	tcase_add_test(tc, enable_request_refused_by_fault_or_trip);
	tcase_add_test(tc, fault_causes_follow_inputs);
	tcase_add_test(tc, clear_rejects_bad_masks);
	tcase_add_test(tc, clear_refused_exactly_while_a_named_cause_lasts);
	tcase_add_test(tc, trip_inputs_latch_their_fault);
	tcase_add_test(tc, timeout_bounds);
	tcase_add_test(tc, disable_reason);
	return omt_check_run(s);
}
