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
		ck_assert_uint_eq(cycle_clock_advance(&c, c.deadline_ns,
						      c.deadline_ns + MS), 0);
		ck_assert_uint_eq(c.deadline_ns, 5 * MS + (n + 1) * 10 * MS);
	}
	ck_assert_uint_eq(c.overruns, 0);
	ck_assert_uint_eq(c.late_wakeups, 0);
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
	ck_assert_uint_eq(cycle_clock_advance(&c, 10 * MS, 43 * MS), 3);
	ck_assert_uint_eq(c.deadline_ns, 50 * MS);
	ck_assert_uint_eq(c.overruns, 3);
	ck_assert_uint_eq(c.cycles, 4);
	/* Finishing exactly on the next deadline counts that one missed too. */
	ck_assert_uint_eq(cycle_clock_advance(&c, 50 * MS, 60 * MS), 1);
	ck_assert_uint_eq(c.deadline_ns, 70 * MS);
	ck_assert_uint_eq(c.overruns, 4);
	ck_assert_uint_eq(c.late_wakeups, 0);
}
END_TEST

START_TEST(periods_gone_before_the_wakeup_are_late_wakeups_not_overruns)
{
	struct cycle_clock c;

	cycle_clock_init(&c, 10 * MS, 0);          /* deadline 10 ms */
	/* Woke at 33 ms for the 10 ms deadline, done at 34: 20 and 30 were
	 * gone before the cycle began, its own work passed none. */
	ck_assert_uint_eq(cycle_clock_advance(&c, 33 * MS, 34 * MS), 2);
	ck_assert_uint_eq(c.deadline_ns, 40 * MS);
	ck_assert_uint_eq(c.late_wakeups, 2);
	ck_assert_uint_eq(c.overruns, 0);
	ck_assert_uint_eq(c.cycles, 3);
	/* Woke at 49 for 40 (on time), ran to 61: 50 and 60 are the work's. */
	ck_assert_uint_eq(cycle_clock_advance(&c, 49 * MS, 61 * MS), 2);
	ck_assert_uint_eq(c.late_wakeups, 2);
	ck_assert_uint_eq(c.overruns, 2);
	/* Woke exactly on the next deadline (80 for 70) and ran past 90:
	 * 80 is the wake-up's, 90 the work's. */
	ck_assert_uint_eq(c.deadline_ns, 70 * MS);
	ck_assert_uint_eq(cycle_clock_advance(&c, 80 * MS, 95 * MS), 2);
	ck_assert_uint_eq(c.late_wakeups, 3);
	ck_assert_uint_eq(c.overruns, 3);
	ck_assert_uint_eq(c.deadline_ns, 100 * MS);
}
END_TEST

START_TEST(every_skipped_period_is_either_a_late_wakeup_or_an_overrun)
{
	for (uint64_t period = 1; period <= 6; period++)
		for (uint64_t woke = 0; woke < 40; woke++)
			for (uint64_t done = 0; done < 50; done++) {
				struct cycle_clock c;
				uint64_t skipped, late;

				cycle_clock_init(&c, period, 2);
				skipped = cycle_clock_advance(&c, woke, done);
				late = woke < done ? woke : done;
				/* Boundaries after the woken-for deadline
				 * reached by the wake-up, then by the end. */
				late = late >= 2 + 2 * period ?
				       (late - 2 - 2 * period) / period + 1 : 0;
				ck_assert_uint_eq(c.late_wakeups, late);
				ck_assert_uint_eq(c.overruns + c.late_wakeups,
						  skipped);
				ck_assert_uint_gt(c.deadline_ns, done);
			}
}
END_TEST

START_TEST(the_work_must_meet_the_first_boundary_after_the_wakeup)
{
	for (uint64_t period = 1; period <= 6; period++)
		for (uint64_t woke = 0; woke < 40; woke++) {
			struct cycle_clock c;
			uint64_t limit, next;

			cycle_clock_init(&c, period, 2);
			next = c.deadline_ns + period;
			limit = cycle_clock_work_deadline(&c, woke);
			/* On the phase grid, after the wake-up, the first. */
			ck_assert_uint_ge(limit, next);
			ck_assert_uint_eq((limit - next) % period, 0);
			ck_assert_uint_gt(limit, woke);
			ck_assert(limit == next || limit - period <= woke);
			/* Done just before it: late wake-ups, no overrun. */
			cycle_clock_advance(&c, woke, limit - 1);
			ck_assert_uint_eq(c.overruns, 0);
			/* Done at it: one overrun, the work's. */
			cycle_clock_init(&c, period, 2);
			cycle_clock_advance(&c, woke, limit);
			ck_assert_uint_eq(c.overruns, 1);
		}
}
END_TEST

START_TEST(the_phase_past_the_deadline_is_the_first_to_end_at_or_after_it)
{
	uint64_t end[CYCLE_PHASES] = { 100, 200, 300, 400, 500, 600 };

	ck_assert_uint_eq(cycle_phase_past(end, 601), CYCLE_PHASES);
	ck_assert_uint_eq(cycle_phase_past(end, 600), CYCLE_PHASE_PUBLISH);
	ck_assert_uint_eq(cycle_phase_past(end, 350), CYCLE_PHASE_DRIVES);
	ck_assert_uint_eq(cycle_phase_past(end, 201), CYCLE_PHASE_STEP);
	ck_assert_uint_eq(cycle_phase_past(end, 150), CYCLE_PHASE_INPUTS);
	ck_assert_uint_eq(cycle_phase_past(end, 100), CYCLE_PHASE_WAKEUP);
	ck_assert_uint_eq(cycle_phase_past(end, 0), CYCLE_PHASE_WAKEUP);
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
			skipped = cycle_clock_advance(&c, 3, finish);
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
	tcase_add_test(tc, periods_gone_before_the_wakeup_are_late_wakeups_not_overruns);
	tcase_add_test(tc, every_skipped_period_is_either_a_late_wakeup_or_an_overrun);
	tcase_add_test(tc, the_work_must_meet_the_first_boundary_after_the_wakeup);
	tcase_add_test(tc, the_phase_past_the_deadline_is_the_first_to_end_at_or_after_it);
	tcase_add_test(tc, deadline_never_lands_in_the_past_for_any_finish_time);
	tcase_add_test(tc, lateness_buckets_are_quarter_octaves_of_microseconds);
	tcase_add_test(tc, percentiles_bound_the_recorded_values);
	tcase_add_test(tc, woke_records_only_positive_lateness);
	return omt_check_run(s);
}
