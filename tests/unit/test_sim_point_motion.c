// SPDX-License-Identifier: MIT
/*
 * Point-to-point motion shared by the target-position and CiA 402
 * models: over a grid of distances, cruise speeds and ramps, a move
 * arrives and stands on its target, never overshoots, never exceeds its
 * cruise speed, accelerates and brakes no harder than its ramps allow;
 * zero-length ramps act at once; braking distance is v^2 / 2a.
 */
#include <check.h>
#include <math.h>

#include "check_run.h"
#include "point_motion.h"

#define DT 0.001

static const double distances[] = { -60.0, -12.5, -1.0, -0.01, 0.004, 0.3,
				     2.0, 47.0 };
static const double speeds[] = { 2.0, 4.0, 40.0 };
static const double ramps[] = { 0.0, 5.0, 26.7, 150.0 };
#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(arrives_without_overshoot_within_limits)
{
	double dist = distances[_i];

	for (size_t s = 0; s < N(speeds); s++)
		for (size_t a = 0; a < N(ramps); a++)
			for (size_t d = 0; d < N(ramps); d++) {
				struct sim_motion m = { 100.0, 0.0 };
				double target = 100.0 + dist, dir = dist > 0 ? 1 : -1;
				double vmax = speeds[s], acc = ramps[a], dec = ramps[d];
				double v_prev = 0.0, limit_s;
				bool done = false;
				int i;

				limit_s = fabs(dist) / vmax + 2.0 * vmax / 5.0 + 5.0;
				for (i = 0; i < (int)(limit_s / DT) && !done; i++) {
					done = sim_motion_step_to(&m, target, vmax, acc,
								  dec, DT);
					ck_assert_double_le(fabs(m.velocity), vmax + 1e-9);
					ck_assert_double_le(dir * (m.position - target), 1e-9);
					if (acc > 0.0 && fabs(m.velocity) > fabs(v_prev))
						ck_assert_double_le(fabs(m.velocity) -
								    fabs(v_prev),
								    acc * DT + 1e-9);
					if (dec > 0.0 && !done &&
					    fabs(m.velocity) < fabs(v_prev))
						ck_assert_double_le(fabs(v_prev) -
								    fabs(m.velocity),
								    dec * DT + 1e-9);
					v_prev = m.velocity;
				}
				ck_assert_msg(done, "%g at %g, ramps %g/%g: not arrived",
					      dist, vmax, acc, dec);
				ck_assert_double_eq(m.position, target);
				ck_assert_double_eq(m.velocity, 0.0);
				/* Standing there, it stays. */
				ck_assert(sim_motion_step_to(&m, target, vmax, acc,
							     dec, DT));
				ck_assert_double_eq(m.position, target);
			}
}
END_TEST

START_TEST(moving_away_brakes_before_turning)
{
	struct sim_motion m = { 0.0, 10.0 };
	double peak = 0.0;

	for (int i = 0; i < 10000; i++) {
		if (sim_motion_step_to(&m, -5.0, 10.0, 20.0, 20.0, DT))
			break;
		if (m.position > peak)
			peak = m.position;
	}
	/* 10 mm/s braked at 20 mm/s^2: 2.5 mm further on first. */
	ck_assert_double_eq_tol(peak, 2.5, 0.02);
	ck_assert_double_eq(m.position, -5.0);
}
END_TEST

START_TEST(braking_distance_matches_the_ramp)
{
	struct sim_motion m = { 0.0, 40.0 };
	int steps = 0;

	while (!sim_motion_brake(&m, 26.7, DT))
		steps++;
	ck_assert_double_eq_tol(m.position, sim_motion_braking_distance(40.0, 26.7),
				0.03);
	ck_assert_double_eq_tol(steps * DT, 40.0 / 26.7, 0.002);
	m.velocity = -3.0;
	ck_assert(sim_motion_brake(&m, 0.0, DT));
	ck_assert_double_eq(m.velocity, 0.0);
	ck_assert_double_eq(sim_motion_braking_distance(5.0, 0.0), 0.0);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim_point_motion", "motion", &tc);

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, arrives_without_overshoot_within_limits, 0,
			    (int)N(distances));
	tcase_add_test(tc, moving_away_brakes_before_turning);
	tcase_add_test(tc, braking_distance_matches_the_ramp);
	return omt_check_run(s);
}
