// SPDX-License-Identifier: GPL-2.0
/*
 * The interlock's decisions (kernel/omt_table_rules.h), checked over every
 * combination of faults, inputs and owner state.  The header is the one
 * the module compiles; here it runs in user space.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
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

/* Times around 0 and around the top of the u64 range. */
static const __u64 times[] = {
	0, 1, 2, 999, 1000, 1001, 5000000000ULL,
	UINT64_MAX / 2, UINT64_MAX - 1, UINT64_MAX,
};
#define N_TIMES (sizeof(times) / sizeof(times[0]))

/*
 * A status read whose "now" was taken before the lock, with a ping taking
 * the lock in between, sees a ping later than "now": every ordering of
 * the two times gives an age no larger than "now" allows, never a
 * wrapped one (heartbeat_age_ns read 18446744073709... before).
 */
START_TEST(heartbeat_age_never_wraps)
{
	for (size_t n = 0; n < N_TIMES; n++)
	for (size_t p = 0; p < N_TIMES; p++) {
		__u64 now = times[n], ping = times[p];
		__u64 age = omt_rules_heartbeat_age(now, ping);

		if (!ping || ping > now)
			ck_assert_msg(age == 0, "now %llu ping %llu: age %llu",
				      (unsigned long long)now, (unsigned long long)ping,
				      (unsigned long long)age);
		else
			ck_assert_uint_eq(age, now - ping);
		ck_assert(age <= now);
	}
}
END_TEST

/*
 * E-stop B's edge stamped after A's trip had lowered the line (the line
 * was low already at B's edge), a line raised again since, or no stamped
 * edge: the reported latency is 0, never a wrapped difference.  Only an
 * edge at or before the drop reports the time between them.
 */
START_TEST(trip_latency_never_wraps)
{
	for (size_t e = 0; e < N_TIMES; e++)
	for (size_t l = 0; l < N_TIMES; l++)
	for (int enabled = 0; enabled < 2; enabled++) {
		__u64 edge = times[e], lowered = times[l];
		__u64 lat = omt_rules_trip_latency(edge, lowered, enabled);

		if (enabled || !edge || lowered < edge)
			ck_assert_msg(lat == 0, "edge %llu lowered %llu enabled %d: %llu",
				      (unsigned long long)edge, (unsigned long long)lowered,
				      enabled, (unsigned long long)lat);
		else
			ck_assert_uint_eq(lat, lowered - edge);
		ck_assert(lat <= lowered);
	}
	/* The case that wrapped: A at 1000 lowers the line at 1500, B at 2000. */
	ck_assert_uint_eq(omt_rules_trip_latency(1000, 1500, false), 500);
	ck_assert_uint_eq(omt_rules_trip_latency(2000, 1500, false), 0);
}
END_TEST

/* The obstruction alone holds the line low: the one state an escape may run in. */
static bool only_obstruction(__u32 faults, __u32 inputs)
{
	return faults == OMT_TABLE_FAULT_OBSTRUCTION &&
	       (inputs & (OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B |
			  OMT_TABLE_INPUT_OBSTRUCTION)) == OMT_TABLE_INPUT_OBSTRUCTION;
}

START_TEST(escape_raises_enable_only_on_the_obstruction_alone)
{
	int escapes = 0;

	for (__u32 faults = 0; faults <= OMT_TABLE_FAULT_ALL; faults++)
	for (__u32 inputs = 0; inputs <= ALL_INPUTS; inputs++)
	for (int flags = 0; flags < 16; flags++) {
		struct omt_rules_state s = {
			.faults = faults,
			.inputs = inputs,
			.owner_present = flags & 1,
			.requested = flags & 2,
			.heartbeat_fresh = flags & 4,
			.escape = flags & 8,
		};
		struct omt_rules_state plain = s;
		bool on, escape;

		plain.escape = false;
		on = omt_rules_enable_allowed(&s);
		escape = on && !omt_rules_enable_allowed(&plain);
		ck_assert_int_eq(omt_rules_escape_holds(&s), s.escape &&
				 s.owner_present && s.heartbeat_fresh &&
				 only_obstruction(faults, inputs));
		if (!escape)
			continue;
		escapes++;
		ck_assert_msg(!(inputs & (OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B)),
			      "escape with an e-stop channel asserted");
		ck_assert_msg(faults == OMT_TABLE_FAULT_OBSTRUCTION,
			      "escape with faults 0x%x", faults);
		ck_assert_msg(inputs & OMT_TABLE_INPUT_OBSTRUCTION,
			      "escape with the obstruction released");
		ck_assert(s.owner_present && s.heartbeat_fresh && s.escape);
	}
	/* OBSTRUCTION latched, its switch on, the e-stop off, limits free
	 * (4), requested or not (2). */
	ck_assert_int_eq(escapes, 8);
}
END_TEST

START_TEST(escape_window_bounds)
{
	const __u32 bad[] = { 0, 1, OMT_TABLE_ESCAPE_MIN_MS - 1,
			      OMT_TABLE_ESCAPE_MAX_MS + 1, 100000, 0xffffffffU };

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert(!omt_rules_escape_window_valid(bad[i]));
		/* Bounds come first, whatever the state. */
		ck_assert_int_eq(omt_rules_escape_check(bad[i], OMT_TABLE_FAULT_OBSTRUCTION,
							OMT_TABLE_INPUT_OBSTRUCTION, false, 0),
				 -EINVAL);
		ck_assert_int_eq(omt_rules_escape_check(bad[i], 0, 0, true, ~0ULL),
				 -EINVAL);
	}
	for (__u32 ms = OMT_TABLE_ESCAPE_MIN_MS; ms <= OMT_TABLE_ESCAPE_MAX_MS; ms++)
		ck_assert_int_eq(omt_rules_escape_check(ms, OMT_TABLE_FAULT_OBSTRUCTION,
							OMT_TABLE_INPUT_OBSTRUCTION,
							false, 0), 0);
}
END_TEST

START_TEST(escape_refused_unless_the_obstruction_alone_holds)
{
	for (__u32 faults = 0; faults <= OMT_TABLE_FAULT_ALL; faults++)
	for (__u32 inputs = 0; inputs <= ALL_INPUTS; inputs++)
	for (int pending = 0; pending < 2; pending++) {
		int r = omt_rules_escape_check(OMT_TABLE_ESCAPE_MAX_MS, faults,
					       inputs, pending, 0);

		ck_assert_int_eq(r, only_obstruction(faults, inputs) && !pending
				 ? 0 : -EBUSY);
	}
}
END_TEST

START_TEST(escape_time_counted_against_the_total)
{
	const __u64 ns = 1000000ULL, total = OMT_TABLE_ESCAPE_TOTAL_MS * ns;
	const __u32 f = OMT_TABLE_FAULT_OBSTRUCTION, in = OMT_TABLE_INPUT_OBSTRUCTION;

	ck_assert_int_eq(omt_rules_escape_check(300, f, in, false, total - 300 * ns), 0);
	ck_assert_int_eq(omt_rules_escape_check(300, f, in, false, total - 300 * ns + 1),
			 -ENOSPC);
	ck_assert_int_eq(omt_rules_escape_check(10, f, in, false, total - 10 * ns), 0);
	ck_assert_int_eq(omt_rules_escape_check(10, f, in, false, total), -ENOSPC);
	/* Past the total (a late timer) or absurd: no wrap-around. */
	ck_assert_int_eq(omt_rules_escape_check(10, f, in, false, total + 1), -ENOSPC);
	ck_assert_int_eq(omt_rules_escape_check(10, f, in, false, ~0ULL), -ENOSPC);
	/* The state is checked before the budget. */
	ck_assert_int_eq(omt_rules_escape_check(10, f | OMT_TABLE_FAULT_ESTOP, in,
						false, ~0ULL), -EBUSY);
	/* Whole windows fit the total a bounded number of times. */
	{
		__u64 used = 0;
		unsigned int grants = 0;

		while (!omt_rules_escape_check(OMT_TABLE_ESCAPE_MAX_MS, f, in, false, used)) {
			used += OMT_TABLE_ESCAPE_MAX_MS * ns;
			grants++;
		}
		ck_assert_uint_eq(grants, OMT_TABLE_ESCAPE_TOTAL_MS / OMT_TABLE_ESCAPE_MAX_MS);
	}
}
END_TEST

START_TEST(escape_end_reason)
{
	for (__u32 faults = 0; faults <= OMT_TABLE_FAULT_ALL; faults++)
	for (__u32 inputs = 0; inputs <= ALL_INPUTS; inputs++)
	for (int flags = 0; flags < 16; flags++) {
		struct omt_rules_state s = {
			.faults = faults,
			.inputs = inputs,
			.owner_present = flags & 1,
			.requested = flags & 2,
			.heartbeat_fresh = flags & 4,
			.escape = flags & 8,
		};
		__u32 why = omt_rules_escape_end_reason(&s);

		if (!s.escape || omt_rules_escape_holds(&s)) {
			ck_assert_uint_eq(why, 0);
		} else if (!s.owner_present) {
			ck_assert_uint_eq(why, OMT_TABLE_ESCAPE_END_CLOSE);
		} else if (faults != OMT_TABLE_FAULT_OBSTRUCTION || !s.heartbeat_fresh) {
			ck_assert_uint_eq(why, OMT_TABLE_ESCAPE_END_FAULT);
		} else {
			ck_assert_uint_eq(why, OMT_TABLE_ESCAPE_END_TRIP);
			ck_assert(!only_obstruction(faults, inputs));
		}
	}
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
	tcase_add_test(tc, escape_raises_enable_only_on_the_obstruction_alone);
	tcase_add_test(tc, escape_window_bounds);
	tcase_add_test(tc, escape_refused_unless_the_obstruction_alone_holds);
	tcase_add_test(tc, escape_time_counted_against_the_total);
	tcase_add_test(tc, escape_end_reason);
	tcase_add_test(tc, heartbeat_age_never_wraps);
	tcase_add_test(tc, trip_latency_never_wraps);
	return omt_check_run(s);
}
