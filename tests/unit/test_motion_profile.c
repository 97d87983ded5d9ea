// SPDX-License-Identifier: MIT
/*
 * The setpoint generator: limits it must never break, checked over 100,000
 * randomised cases (deterministic PRNG), plus the behaviours named one by
 * one.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "check_run.h"
#include "motion_profile.h"

#define CASES 100000
#define REL_EPS 1e-9
#define ABS_EPS 1e-9

/* xorshift64*: a fixed seed makes every run check the same cases. */
static uint64_t prng_state;

static uint64_t prng_next(void)
{
	prng_state ^= prng_state >> 12;
	prng_state ^= prng_state << 25;
	prng_state ^= prng_state >> 27;
	return prng_state * 2685821657736338717ull;
}

static double uniform(double low, double high)
{
	return low + (high - low) * (double)(prng_next() >> 11) / 9007199254740992.0;
}

static void random_limits(struct omt_axis_limits *l, double *cycle_s)
{
	static const double cycles[] = { 0.002, 0.005, 0.01, 0.02 };
	double span;

	*l = (struct omt_axis_limits){ 0 };
	*cycle_s = cycles[prng_next() % 4];
	l->max_speed = uniform(0.5, 100.0);
	l->max_accel = l->max_speed / uniform(0.03, 1.0);
	/* Half the cases stop at max_accel (0), half up to three times harder. */
	l->stop_decel = prng_next() % 2 ? 0.0 : l->max_accel * uniform(1.0, 3.0);
	span = l->max_speed * uniform(0.05, 3.0);
	l->soft_min = uniform(-500.0, 500.0);
	l->soft_max = l->soft_min + span;
	l->n_zones = (unsigned int)(prng_next() % 4);
	for (unsigned int i = 0; i < l->n_zones; i++) {
		double a = uniform(l->soft_min - 0.2 * span, l->soft_max);
		double b = uniform(a, a + 0.5 * span);

		/* Now and then a zone open to one side, as the bottom zone. */
		if (prng_next() % 8 == 0)
			a = -INFINITY;
		l->zones[i] = (struct omt_speed_zone){
			.low = a, .high = b,
			.speed = l->max_speed * uniform(0.2, 1.0),
		};
	}
}

static double slowest(const struct omt_axis_limits *l, double speed_limit)
{
	double v = speed_limit;

	for (unsigned int i = 0; i < l->n_zones; i++)
		v = fmin(v, l->zones[i].speed);
	return v;
}

/* Check one generator step against every limit; returns a reason or NULL. */
static const char *step_problem(const struct omt_motion_profile *p,
				double p0, double v0, double speed_limit,
				double accel)
{
	const struct omt_axis_limits *l = &p->limits;
	double p1 = p->position, v1 = p->velocity;
	double lo = fmin(p0, p1), hi = fmax(p0, p1);

	if (fabs(v1 - v0) > accel * p->cycle_s * (1 + REL_EPS) + ABS_EPS)
		return "acceleration above the limit";
	if (fabs(v1) > speed_limit * (1 + REL_EPS) + ABS_EPS)
		return "speed above the motion's limit";
	if (p1 < l->soft_min - ABS_EPS || p1 > l->soft_max + ABS_EPS)
		return "setpoint outside the soft limits";
	for (unsigned int i = 0; i < l->n_zones; i++) {
		const struct omt_speed_zone *z = &l->zones[i];
		double overlap = fmin(hi, z->high) - fmax(lo, z->low);

		if (overlap > 1e-7 && fabs(v1) > z->speed * (1 + REL_EPS) + ABS_EPS)
			return "speed above a slow zone's cap";
	}
	return NULL;
}

START_TEST(random_cases_never_break_a_limit)
{
	unsigned long steps = 0;

	prng_state = 0x9e3779b97f4a7c15ull;
	for (int c = 0; c < CASES; c++) {
		struct omt_axis_limits l;
		struct omt_motion_profile p;
		double dt, speed_limit, start, target, bound_s;
		long max_cycles, retarget_at, stop_at = -1;
		int mode = (int)(prng_next() % 4); /* 0,1 plain, 2 retarget, 3 stop */
		long n;

		random_limits(&l, &dt);
		speed_limit = prng_next() % 2 ? l.max_speed
					      : l.max_speed * uniform(0.1, 1.0);
		start = uniform(l.soft_min, l.soft_max);
		target = uniform(l.soft_min, l.soft_max);
		omt_profile_init(&p, &l, dt, start);
		if (omt_profile_move_to(&p, target, speed_limit) != OMT_CMD_OK)
			ck_abort_msg("case %d: move refused", c);
		/* Travel at the slowest cap, plus braking and a possible
		 * overshoot after a re-target, in cycles. */
		bound_s = 2.0 * (l.soft_max - l.soft_min) /
				  slowest(&l, speed_limit) +
			  4.0 * l.max_speed / (0.8 * l.max_accel);
		max_cycles = (long)ceil(bound_s / dt) + 10;
		retarget_at = mode == 2 ? (long)(prng_next() % 200) : -1;
		if (mode == 3)
			stop_at = (long)(prng_next() % 200);

		for (n = 0; n < 3 * max_cycles; n++) {
			double p0 = p.position, v0 = p.velocity;
			const char *why;

			if (n == retarget_at && !omt_profile_at_rest(&p)) {
				target = uniform(l.soft_min, l.soft_max);
				if (omt_profile_move_to(&p, target, speed_limit) != OMT_CMD_OK)
					ck_abort_msg("case %d: re-target refused", c);
				n = 0;
				retarget_at = -1;
			}
			if (n == stop_at && !omt_profile_at_rest(&p)) {
				double v = fabs(p.velocity);
				double from = p.position;
				long k;

				omt_profile_stop(&p);
				for (k = 0; !omt_profile_at_rest(&p) && k < 100000; k++) {
					double q0 = p.position, w0 = p.velocity;

					omt_profile_step(&p);
					steps++;
					why = step_problem(&p, q0, w0, speed_limit,
							   omt_axis_limits_stop_decel(&l));
					if (why)
						ck_abort_msg("case %d stop: %s", c, why);
				}
				double a_stop = omt_axis_limits_stop_decel(&l);

				if (k > (long)ceil(v / (a_stop * dt)) + 2)
					ck_abort_msg("case %d: stop took %ld cycles", c, k);
				if (fabs(p.position - from) >
				    v * v / (2 * a_stop) + v * dt + ABS_EPS)
					ck_abort_msg("case %d: stopping distance %g from %g",
						     c, fabs(p.position - from), v);
				if (p.reached && p.position != target)
					ck_abort_msg("case %d: reached off target", c);
				break;
			}
			if (omt_profile_at_rest(&p))
				break;
			omt_profile_step(&p);
			steps++;
			why = step_problem(&p, p0, v0, speed_limit, l.max_accel);
			/* Not ck_assert: it reports every pass to the parent. */
			if (why)
				ck_abort_msg("case %d cycle %ld: %s (p %g -> %g, v %g -> %g)",
					     c, n, why, p0, p.position, v0, p.velocity);
		}
		if (!omt_profile_at_rest(&p))
			ck_abort_msg("case %d did not finish", c);
		if (n > max_cycles)
			ck_abort_msg("case %d took %ld cycles, bound %ld",
				     c, n, max_cycles);
		if (p.reached ? p.position != target : mode != 3)
			ck_abort_msg("case %d ended off target", c);
	}
	/* The cases must really exercise the generator. */
	ck_assert_uint_gt(steps, 100ul * CASES);
}
END_TEST

/*
 * A drive that runs to a target brakes at its own rate (brake_decel),
 * gentler or harder than it starts: random cases keep every limit,
 * speed up at max_accel at most, slow down at brake_decel at most (a
 * stop too), stop within v^2 / (2 brake_decel) plus a cycle, and end on
 * target.
 */
START_TEST(a_drive_s_own_braking_rate_is_kept)
{
	unsigned long steps = 0;

	prng_state = 0x2545f4914f6cdd1dull;
	for (int c = 0; c < CASES / 5; c++) {
		struct omt_axis_limits l;
		struct omt_motion_profile p;
		double dt, speed_limit, target, brake, rate, bound_s;
		long max_cycles, stop_at, n;

		random_limits(&l, &dt);
		l.stop_decel = 0.0;
		l.brake_decel = brake = l.max_accel * uniform(0.3, 3.0);
		rate = fmax(l.max_accel, brake);
		speed_limit = l.max_speed * uniform(0.1, 1.0);
		target = uniform(l.soft_min, l.soft_max);
		omt_profile_init(&p, &l, dt, uniform(l.soft_min, l.soft_max));
		ck_assert_ptr_null(omt_axis_limits_problem(&l));
		if (omt_profile_move_to(&p, target, speed_limit) != OMT_CMD_OK)
			ck_abort_msg("case %d: move refused", c);
		bound_s = 2.0 * (l.soft_max - l.soft_min) / slowest(&l, speed_limit) +
			  4.0 * l.max_speed / (0.8 * fmin(l.max_accel, brake));
		max_cycles = (long)ceil(bound_s / dt) + 10;
		stop_at = prng_next() % 2 ? (long)(prng_next() % 200) : -1;
		for (n = 0; n < 3 * max_cycles && !omt_profile_at_rest(&p); n++) {
			double p0 = p.position, v0 = p.velocity, from = p0;
			const char *why;

			if (n == stop_at) {
				double v = fabs(v0);

				omt_profile_stop(&p);
				while (!omt_profile_at_rest(&p)) {
					double w0 = p.velocity;

					omt_profile_step(&p);
					steps++;
					if (fabs(w0) - fabs(p.velocity) >
					    brake * dt * (1 + REL_EPS) + ABS_EPS)
						ck_abort_msg("case %d: a stop above brake_decel", c);
				}
				if (fabs(p.position - from) >
				    v * v / (2 * brake) + v * dt + ABS_EPS)
					ck_abort_msg("case %d: stopping distance %g from %g",
						     c, fabs(p.position - from), v);
				break;
			}
			omt_profile_step(&p);
			steps++;
			why = step_problem(&p, p0, v0, speed_limit, rate);
			if (!why && v0 * p.velocity >= 0.0 &&
			    fabs(p.velocity) - fabs(v0) >
				    l.max_accel * dt * (1 + REL_EPS) + ABS_EPS)
				why = "speeding up above max_accel";
			if (!why && v0 * p.velocity >= 0.0 &&
			    fabs(v0) - fabs(p.velocity) >
				    brake * dt * (1 + REL_EPS) + ABS_EPS)
				why = "slowing down above brake_decel";
			if (why)
				ck_abort_msg("case %d cycle %ld: %s (v %g -> %g)",
					     c, n, why, v0, p.velocity);
		}
		if (!omt_profile_at_rest(&p))
			ck_abort_msg("case %d did not finish", c);
		if (stop_at < 0 && p.position != target)
			ck_abort_msg("case %d ended off target", c);
	}
	ck_assert_uint_gt(steps, 100ul * (CASES / 5));
}
END_TEST

START_TEST(target_outside_soft_limits_is_refused_and_changes_nothing)
{
	struct omt_axis_limits l;
	struct omt_motion_profile p;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	omt_profile_init(&p, &l, 0.01, 700.0);
	ck_assert_int_eq(omt_profile_move_to(&p, 800.0, 0), OMT_CMD_OK);
	for (int i = 0; i < 20; i++)
		omt_profile_step(&p);
	struct omt_motion_profile before = p;

	ck_assert_int_eq(omt_profile_move_to(&p, l.soft_max + 0.01, 0),
			 OMT_CMD_OUT_OF_RANGE);
	ck_assert_int_eq(omt_profile_move_to(&p, l.soft_min - 0.01, 0),
			 OMT_CMD_OUT_OF_RANGE);
	ck_assert_int_eq(omt_profile_move_to(&p, NAN, 0), OMT_CMD_OUT_OF_RANGE);
	ck_assert_int_eq(omt_profile_move_to(&p, INFINITY, 0),
			 OMT_CMD_OUT_OF_RANGE);
	ck_assert(p.target == before.target && p.mode == before.mode &&
		  p.position == before.position);
	ck_assert_int_eq(omt_profile_move_to(&p, l.soft_max, 0), OMT_CMD_OK);
}
END_TEST

START_TEST(bottom_zone_is_entered_slowly_but_travel_above_is_fast)
{
	struct omt_axis_limits l;
	struct omt_motion_profile p;
	double fastest_above = 0, fastest_inside = 0;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	omt_profile_init(&p, &l, 0.01, 900.0);
	ck_assert_int_eq(omt_profile_move_to(&p, 600.0, 0), OMT_CMD_OK);
	for (int i = 0; i < 10000 && !omt_profile_at_rest(&p); i++) {
		double from = p.position;

		omt_profile_step(&p);
		if (fmin(from, p.position) < 650.0 - 1e-9)
			fastest_inside = fmax(fastest_inside, fabs(p.velocity));
		else
			fastest_above = fmax(fastest_above, fabs(p.velocity));
	}
	ck_assert(p.reached && p.position == 600.0);
	ck_assert_double_le_tol(fastest_inside, 15.0, 1e-9);
	ck_assert_double_eq_tol(fastest_above, 40.0, 1e-9);
}
END_TEST

START_TEST(retarget_in_flight_reverses_without_a_jump)
{
	struct omt_axis_limits l;
	struct omt_motion_profile p;
	double peak = 0;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	omt_profile_init(&p, &l, 0.01, 700.0);
	omt_profile_move_to(&p, 900.0, 0);
	for (int i = 0; i < 100; i++)
		omt_profile_step(&p);
	ck_assert(p.velocity > 30.0);
	omt_profile_move_to(&p, 700.0, 0);
	for (int i = 0; i < 10000 && !omt_profile_at_rest(&p); i++) {
		double v0 = p.velocity;

		omt_profile_step(&p);
		ck_assert(fabs(p.velocity - v0) <= 80.0 * 0.01 + 1e-9);
		peak = fmax(peak, p.position);
	}
	ck_assert(p.reached && p.position == 700.0);
	/* It carried on upwards while braking: no instant reversal. */
	ck_assert(peak > 710.0);
}
END_TEST

START_TEST(stop_brakes_at_full_deceleration)
{
	struct omt_axis_limits l;
	struct omt_motion_profile p;
	int cycles = 0;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	omt_profile_init(&p, &l, 0.01, 700.0);
	omt_profile_move_to(&p, 940.0, 0);
	for (int i = 0; i < 200; i++)
		omt_profile_step(&p);
	ck_assert_double_eq_tol(p.velocity, 40.0, 1e-9);
	omt_profile_stop(&p);
	while (!omt_profile_at_rest(&p)) {
		omt_profile_step(&p);
		cycles++;
	}
	/* 40 mm/s at 80 mm/s^2 is 0.5 s: 50 cycles, not the gentler
	 * planning deceleration's 63. */
	ck_assert_int_eq(cycles, 50);
	ck_assert(!p.reached);
}
END_TEST

START_TEST(stop_brakes_at_stop_decel_when_harder)
{
	struct omt_axis_limits l;
	struct omt_motion_profile p;
	double v_before;
	int cycles = 0;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	l.stop_decel = 2.0 * l.max_accel;
	ck_assert_ptr_null(omt_axis_limits_problem(&l));
	omt_profile_init(&p, &l, 0.01, 700.0);
	omt_profile_move_to(&p, 940.0, 0);
	for (int i = 0; i < 200; i++)
		omt_profile_step(&p);
	v_before = p.velocity;
	omt_profile_stop(&p);
	omt_profile_step(&p);
	/* The first step of the stop already sheds 160 mm/s^2 * 10 ms. */
	ck_assert_double_eq_tol(v_before - p.velocity, 1.6, 1e-9);
	cycles = 1;
	while (!omt_profile_at_rest(&p)) {
		omt_profile_step(&p);
		cycles++;
	}
	/* 40 mm/s at 160 mm/s^2: 25 cycles instead of 50. */
	ck_assert_int_eq(cycles, 25);

	/* Below max_accel is refused: a stop never brakes gentler than a start. */
	l.stop_decel = 0.5 * l.max_accel;
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
	l.stop_decel = NAN;
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
}
END_TEST

START_TEST(soft_limits_fit_inside_hardware_travel)
{
	struct omt_axis_limits l;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	ck_assert(omt_axis_limits_fit_travel(&l, 620.0, 900.0, 2.0));
	ck_assert_double_eq(l.soft_min, 622.0);
	ck_assert_double_eq(l.soft_max, 898.0);
	ck_assert(!omt_axis_limits_fit_travel(&l, 950.0, 1000.0, 2.0));
	ck_assert_double_eq(l.soft_min, 622.0);
	ck_assert(!omt_axis_limits_fit_travel(&l, NAN, 1000.0, 2.0));
}
END_TEST

START_TEST(limits_problems_are_named)
{
	struct omt_axis_limits l;

	omt_axis_limits_default(&l, OMT_AXIS_TILT);
	ck_assert_ptr_null(omt_axis_limits_problem(&l));
	l.soft_min = l.soft_max;
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
	omt_axis_limits_default(&l, OMT_AXIS_TILT);
	l.max_accel = 0;
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
	omt_axis_limits_default(&l, OMT_AXIS_TILT);
	l.max_speed = NAN;
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
	omt_axis_limits_default(&l, OMT_AXIS_TILT);
	l.n_zones = 1;
	l.zones[0] = (struct omt_speed_zone){ .low = 5, .high = 1, .speed = 1 };
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
	l.zones[0] = (struct omt_speed_zone){ .low = 1, .high = 5, .speed = 0 };
	ck_assert_ptr_nonnull(omt_axis_limits_problem(&l));
}
END_TEST

START_TEST(estimate_is_the_trapezoid_time)
{
	struct omt_axis_limits l;

	omt_axis_limits_default(&l, OMT_AXIS_HEIGHT);
	/* 200 mm at 40 mm/s, 80 mm/s^2: 5 s cruising + 0.5 s ramps. */
	ck_assert_double_eq_tol(omt_profile_estimate_s(&l, 200.0, 0), 5.5, 1e-9);
	/* 5 mm: a triangle, 2 * sqrt(5 / 80) s. */
	ck_assert_double_eq_tol(omt_profile_estimate_s(&l, -5.0, 0), 0.5, 1e-9);
}
END_TEST

/*
 * A setpoint resynced to a reading a crumb off its target (4e-22 above a
 * drop section's down position) asked for a step the profile zeroes as a
 * rounding crumb: the move never ended, and the section stayed lowering
 * for ever (explorer seed 19054777).  It lands on the target at once.
 */
START_TEST(a_target_a_crumb_away_is_reached_in_one_step)
{
	static const struct {
		double from, to;
	} moves[] = {
		{ 4.18415496e-22, 0.0 }, { 1e-13, 0.0 }, { 10.0 - 1e-12, 10.0 },
	};
	struct omt_axis_limits l;
	struct omt_motion_profile p;

	omt_axis_limits_default(&l, OMT_AXIS_LUMBAR);
	for (unsigned int i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		ck_assert(moves[i].from != moves[i].to);
		omt_profile_init(&p, &l, 0.01, moves[i].from);
		ck_assert_int_eq(omt_profile_move_to(&p, moves[i].to, 0),
				 OMT_CMD_OK);
		omt_profile_step(&p);
		ck_assert_msg(omt_profile_at_rest(&p), "from %g: still moving",
			      moves[i].from);
		ck_assert(p.reached && p.position == moves[i].to &&
			  p.velocity == 0.0);
	}
}
END_TEST

static Suite *motion_suite(void)
{
	Suite *s = suite_create("motion_profile");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, random_cases_never_break_a_limit);
	tcase_add_test(tc, a_drive_s_own_braking_rate_is_kept);
	tcase_add_test(tc, target_outside_soft_limits_is_refused_and_changes_nothing);
	tcase_add_test(tc, bottom_zone_is_entered_slowly_but_travel_above_is_fast);
	tcase_add_test(tc, retarget_in_flight_reverses_without_a_jump);
	tcase_add_test(tc, stop_brakes_at_full_deceleration);
	tcase_add_test(tc, stop_brakes_at_stop_decel_when_harder);
	tcase_add_test(tc, soft_limits_fit_inside_hardware_travel);
	tcase_add_test(tc, limits_problems_are_named);
	tcase_add_test(tc, estimate_is_the_trapezoid_time);
	tcase_add_test(tc, a_target_a_crumb_away_is_reached_in_one_step);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(motion_suite());
}
