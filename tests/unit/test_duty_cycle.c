// SPDX-License-Identifier: MIT
/*
 * Duty cycle: the slot ring against a brute-force sliding window over
 * randomised on/off patterns (deterministic PRNG).
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "check_run.h"
#include "duty_cycle.h"

#define MS 1000000ull
#define S 1000000000ull

static uint64_t prng_state;

static uint64_t prng_next(void)
{
	prng_state ^= prng_state >> 12;
	prng_state ^= prng_state << 25;
	prng_state ^= prng_state >> 27;
	return prng_state * 2685821657736338717ull;
}

START_TEST(defaults_are_25_s_in_400_s)
{
	struct omt_duty_params p;

	omt_duty_params_default(&p);
	ck_assert_uint_eq(p.on_ns, 25 * S);
	ck_assert_uint_eq(p.window_ns, 400 * S);
}
END_TEST

START_TEST(budget_runs_out_after_the_on_time)
{
	struct omt_duty_params p = { .on_ns = 25 * S, .window_ns = 400 * S };
	struct omt_duty_cycle d;
	uint64_t t = 0;

	omt_duty_init(&d, &p, t);
	ck_assert_uint_eq(omt_duty_remaining_ns(&d, t), 25 * S);
	for (int i = 0; i < 2400; i++) {       /* 24 s on */
		t += 10 * MS;
		omt_duty_account(&d, t, 10 * MS, true);
	}
	ck_assert_uint_eq(omt_duty_remaining_ns(&d, t), 1 * S);
	ck_assert(omt_duty_allows(&d, t, 1 * S));
	ck_assert(!omt_duty_allows(&d, t, 1 * S + 1));
	for (int i = 0; i < 200; i++) {
		t += 10 * MS;
		omt_duty_account(&d, t, 10 * MS, true);
	}
	ck_assert_uint_eq(omt_duty_remaining_ns(&d, t), 0);
	/* Off-time alone does not refill before the window has passed. */
	t += 300 * S;
	omt_duty_account(&d, t, 300 * S, false);
	ck_assert_uint_eq(omt_duty_remaining_ns(&d, t), 0);
	t += 110 * S;
	ck_assert_uint_eq(omt_duty_remaining_ns(&d, t), 25 * S);
}
END_TEST

START_TEST(zero_window_means_no_limit)
{
	struct omt_duty_params p = { .on_ns = 0, .window_ns = 0 };
	struct omt_duty_cycle d;

	omt_duty_init(&d, &p, 0);
	omt_duty_account(&d, 1000 * S, 1000 * S, true);
	ck_assert_uint_eq(omt_duty_remaining_ns(&d, 1000 * S), UINT64_MAX);
}
END_TEST

/*
 * Against the truth: the on-time counted is never less than the real
 * on-time of the last window (safe side) and never more than the real
 * on-time of the last window plus two slots (not needlessly strict).
 */
START_TEST(ring_count_brackets_the_true_sliding_window)
{
	enum { TICKS = 6000 };          /* 100 ms ticks: 600 s */
	static bool on[TICKS];
	const uint64_t tick = 100 * MS;
	struct omt_duty_params p = { .on_ns = 25 * S, .window_ns = 60 * S };
	uint64_t slot = p.window_ns / (OMT_DUTY_SLOTS - 1);

	prng_state = 0x2545f4914f6cdd1dull;
	for (int pattern = 0; pattern < 20; pattern++) {
		struct omt_duty_cycle d;
		uint64_t t = 5 * S;
		int run = 0;
		bool state = false;

		omt_duty_init(&d, &p, t);
		for (int i = 0; i < TICKS; i++) {
			uint64_t truth = 0, truth_wide = 0, counted;

			if (run-- <= 0) {
				state = prng_next() % 3 == 0;
				run = (int)(prng_next() % 300);
			}
			on[i] = state;
			t += tick;
			omt_duty_account(&d, t, tick, on[i]);
			for (int k = i; k >= 0 && (uint64_t)(i - k) * tick <
					 p.window_ns + 2 * slot; k--) {
				uint64_t age = (uint64_t)(i - k) * tick;

				if (age < p.window_ns && on[k])
					truth += tick;
				if (age < p.window_ns + 2 * slot && on[k])
					truth_wide += tick;
			}
			counted = p.on_ns - omt_duty_remaining_ns(&d, t);
			/* Not ck_assert: it reports every pass to the parent. */
			if (truth >= p.on_ns ? counted != p.on_ns : counted < truth)
				ck_abort_msg("pattern %d tick %d: counted %llu < true %llu",
					     pattern, i, (unsigned long long)counted,
					     (unsigned long long)truth);
			if (truth_wide < p.on_ns && counted > truth_wide)
				ck_abort_msg("pattern %d tick %d: counted %llu > %llu",
					     pattern, i, (unsigned long long)counted,
					     (unsigned long long)truth_wide);
		}
	}
}
END_TEST

/*
 * The wait a refusal quotes is exact: after it, with the motor off, the
 * move fits; a nanosecond earlier it does not.  And the const count a
 * snapshot reads agrees with the advancing one.
 */
START_TEST(wait_is_exactly_when_a_move_fits)
{
	struct omt_duty_params p = { .on_ns = 25 * S, .window_ns = 400 * S };
	static struct omt_duty_cycle d, probe;
	uint64_t t = 0, step = 100 * MS;

	prng_state = 0x9e3779b97f4a7c15ull + (uint64_t)_i;
	omt_duty_init(&d, &p, t);
	for (int i = 0; i < 6000; i++) {
		t += step;
		omt_duty_account(&d, t, step, prng_next() % 4 == 0);
		if (i % 97)
			continue;
		for (uint64_t run = 0; run <= p.on_ns; run += 5 * S / 2) {
			uint64_t used, wait = omt_duty_wait_ns(&d, t, run);

			ck_assert_uint_ne(wait, UINT64_MAX);
			probe = d;
			used = omt_duty_used_at(&probe, t + wait);
			ck_assert_uint_eq(used < p.on_ns ? used : p.on_ns,
					  p.on_ns - omt_duty_remaining_ns(&probe, t + wait));
			ck_assert(omt_duty_allows(&probe, t + wait, run));
			if (wait > 0) {
				probe = d;
				ck_assert(!omt_duty_allows(&probe, t + wait - 1,
							   run));
			}
		}
		ck_assert_uint_eq(omt_duty_wait_ns(&d, t, p.on_ns + 1),
				  UINT64_MAX);
	}
}
END_TEST

START_TEST(no_limit_never_waits)
{
	struct omt_duty_params p = { .on_ns = 25 * S, .window_ns = 0 };
	struct omt_duty_cycle d;

	omt_duty_init(&d, &p, 0);
	omt_duty_account(&d, S, S, true);
	ck_assert_uint_eq(omt_duty_wait_ns(&d, S, 100 * S), 0);
	ck_assert_uint_eq(omt_duty_used_at(&d, S), 0);
}
END_TEST

static Suite *duty_suite(void)
{
	Suite *s = suite_create("duty_cycle");
	TCase *tc = tcase_create("window");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, defaults_are_25_s_in_400_s);
	tcase_add_test(tc, budget_runs_out_after_the_on_time);
	tcase_add_test(tc, zero_window_means_no_limit);
	tcase_add_test(tc, ring_count_brackets_the_true_sliding_window);
	tcase_add_loop_test(tc, wait_is_exactly_when_a_move_fits, 0, 4);
	tcase_add_test(tc, no_limit_never_waits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(duty_suite());
}
