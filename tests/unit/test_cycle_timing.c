// SPDX-License-Identifier: MIT
/*
 * The control loop's deadlines: one period apart, overruns skipped and
 * counted rather than caught up, lateness histogram and percentiles.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "check_run.h"
#include "cycle_timing.h"

#define MS 1000000ull

START_TEST(deadlines_are_one_period_apart_when_on_time)
{
	struct cycle_clock c;

	cycle_clock_init(&c, 10 * MS, 5 * MS);
	ck_assert_uint_eq(c.deadline_ns, 15 * MS);
	for (uint64_t n = 1; n <= 100; n++) {
		cycle_clock_woke(&c, c.deadline_ns);
		/* Work finishes well inside the period. */
		ck_assert_uint_eq(cycle_clock_advance(&c, c.deadline_ns + MS), 0);
		ck_assert_uint_eq(c.deadline_ns, 5 * MS + (n + 1) * 10 * MS);
	}
	ck_assert_uint_eq(c.overruns, 0);
	ck_assert_uint_eq(c.cycles, 100);
	ck_assert_uint_eq(c.lateness.count, 100);
	ck_assert_uint_eq(c.lateness.max_ns, 0);
}
END_TEST

START_TEST(overrun_skips_to_next_future_deadline_keeping_phase)
{
	struct cycle_clock c;

	cycle_clock_init(&c, 10 * MS, 0);          /* deadline 10 ms */
	/* The cycle that woke at 10 ms ran until 43 ms: 20, 30, 40 missed. */
	ck_assert_uint_eq(cycle_clock_advance(&c, 43 * MS), 3);
	ck_assert_uint_eq(c.deadline_ns, 50 * MS);
	ck_assert_uint_eq(c.overruns, 3);
	ck_assert_uint_eq(c.cycles, 4);
	/* Finishing exactly on the next deadline counts that one missed too. */
	ck_assert_uint_eq(cycle_clock_advance(&c, 60 * MS), 1);
	ck_assert_uint_eq(c.deadline_ns, 70 * MS);
	ck_assert_uint_eq(c.overruns, 4);
}
END_TEST

START_TEST(deadline_never_lands_in_the_past_for_any_finish_time)
{
	for (uint64_t period = 1; period <= 7; period++) {
		for (uint64_t finish = 0; finish < 60; finish++) {
			struct cycle_clock c;
			uint64_t before, skipped;

			cycle_clock_init(&c, period, 3);
			before = c.deadline_ns;
			skipped = cycle_clock_advance(&c, finish);
			ck_assert_uint_gt(c.deadline_ns, finish);
			ck_assert_uint_eq(c.deadline_ns,
					  before + (skipped + 1) * period);
			/* Never more than one period ahead of now. */
			ck_assert_uint_le(c.deadline_ns - finish,
					  period + (before > finish ?
						    before - finish : 0));
		}
	}
}
END_TEST

START_TEST(lateness_buckets_are_quarter_octaves_of_microseconds)
{
	ck_assert_uint_eq(cycle_lateness_bucket(0), 0);
	ck_assert_uint_eq(cycle_lateness_bucket(999), 0);
	ck_assert_uint_eq(cycle_lateness_bucket(1000), 1);
	ck_assert_uint_eq(cycle_lateness_bucket(3999), 3);
	ck_assert_uint_eq(cycle_lateness_bucket(4000), 4);
	ck_assert_uint_eq(cycle_lateness_bucket(7999), 7);
	/* 8..15 us: four buckets of 2 us. */
	ck_assert_uint_eq(cycle_lateness_bucket(8000), 8);
	ck_assert_uint_eq(cycle_lateness_bucket(9999), 8);
	ck_assert_uint_eq(cycle_lateness_bucket(10000), 9);
	ck_assert_uint_eq(cycle_lateness_bucket(15999), 11);
	ck_assert_uint_eq(cycle_lateness_bucket(16000), 12);
	ck_assert_uint_eq(cycle_lateness_bucket(UINT64_MAX),
			  CYCLE_LATENESS_BUCKETS - 1);
	/* Limits are contiguous, increasing, and at most 25% apart. */
	for (unsigned int i = 0; i + 1 < CYCLE_LATENESS_BUCKETS; i++) {
		uint64_t limit = cycle_lateness_bucket_limit_ns(i);

		ck_assert_uint_eq(cycle_lateness_bucket(limit - 1), i);
		ck_assert_uint_eq(cycle_lateness_bucket(limit), i + 1);
		if (i >= 4 && i + 2 < CYCLE_LATENESS_BUCKETS)
			ck_assert_uint_le(cycle_lateness_bucket_limit_ns(i + 1) * 4,
					  limit * 5);
	}
	ck_assert_uint_eq(cycle_lateness_bucket_limit_ns(CYCLE_LATENESS_BUCKETS - 1),
			  UINT64_MAX);
	/* The overflow bucket starts beyond 3.5 s. */
	ck_assert_uint_gt(cycle_lateness_bucket_limit_ns(CYCLE_LATENESS_BUCKETS - 2),
			  3500000000ull);
}
END_TEST

START_TEST(percentiles_bound_the_recorded_values)
{
	struct cycle_lateness h = { 0 };

	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 99), 0);
	/* 98 wake-ups 1.5 us late, one 50 us, one 3 ms. */
	for (int i = 0; i < 98; i++)
		cycle_lateness_record(&h, 1500);
	cycle_lateness_record(&h, 50000);
	cycle_lateness_record(&h, 3000000);
	ck_assert_uint_eq(h.count, 100);
	ck_assert_uint_eq(h.max_ns, 3000000);
	ck_assert_uint_eq(h.sum_ns, 98 * 1500 + 50000 + 3000000);
	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 50), 2000);
	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 98), 2000);
	/* 50 us lies in [48, 56) us. */
	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 99), 56000);
	/* The top percentile is capped at the true maximum. */
	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 100), 3000000);
	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 250), 3000000);
	ck_assert_uint_eq(cycle_lateness_percentile_ns(&h, 0), 2000);
}
END_TEST

START_TEST(woke_records_only_positive_lateness)
{
	struct cycle_clock c;

	cycle_clock_init(&c, 10 * MS, 0);
	cycle_clock_woke(&c, 9 * MS);            /* early: counts as 0 */
	cycle_clock_woke(&c, 10 * MS + 12345);
	ck_assert_uint_eq(c.lateness.count, 2);
	ck_assert_uint_eq(c.lateness.max_ns, 12345);
	ck_assert_uint_eq(c.lateness.bucket[0], 1);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("cycle_timing", "timing", &tc);

	tcase_add_test(tc, deadlines_are_one_period_apart_when_on_time);
	tcase_add_test(tc, overrun_skips_to_next_future_deadline_keeping_phase);
	tcase_add_test(tc, deadline_never_lands_in_the_past_for_any_finish_time);
	tcase_add_test(tc, lateness_buckets_are_quarter_octaves_of_microseconds);
	tcase_add_test(tc, percentiles_bound_the_recorded_values);
	tcase_add_test(tc, woke_records_only_positive_lateness);
	return omt_check_run(s);
}
