// SPDX-License-Identifier: MIT
/*
 * The leash of a drive that runs on to its last target when its link
 * falls silent (drive_model.h, docs/safety.md R16): over every kind,
 * both ways, a grid of positions, targets, speeds, lags and retarget
 * bands.
 */
#include <check.h>
#include <math.h>

#include "check_run.h"
#include "drive_model.h"

#define CYCLE_S 0.01

static struct omt_drive_model model(enum omt_drive_kind kind,
				    uint64_t lag_ms, double retarget)
{
	return (struct omt_drive_model){
		.kind = kind, .start_s = 0.5, .stop_s = 0.3,
		.accel = 40.0, .decel = 60.0,
		.lag_ns = lag_ms * 1000000ull, .retarget = retarget,
	};
}

static const double positions[] = { -50.0, 0.0, 0.25, 600.0, 949.5 };
static const double offsets[] = { -300.0, -3.0, -2.0, -0.4, -1e-9, 0.0,
				  1e-9, 0.4, 2.0, 3.0, 300.0 };
static const double speeds[] = { 0.0, 0.1, 1.5, 15.0, 40.0 };
static const uint64_t lags_ms[] = { 0, 10, 80, 1000 };
static const double retargets[] = { 0.0, 0.5, 1.0 };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Streaming and target-position drives stop on silence by themselves:
 * told their target unchanged. */
START_TEST(only_a_profile_position_drive_is_leashed)
{
	static const enum omt_drive_kind unleashed[] = {
		OMT_DRIVE_CYCLIC, OMT_DRIVE_TARGET_POSITION,
	};
	struct omt_drive_model m = model(unleashed[_i], 10, 0.5);

	ck_assert(!omt_drive_runs_on_when_silent(&m));
	ck_assert(omt_drive_runs_on_when_silent(
		&(struct omt_drive_model){ .kind = OMT_DRIVE_PROFILE_POSITION }));
	for (size_t p = 0; p < N(positions); p++)
		for (size_t o = 0; o < N(offsets); o++)
			for (size_t v = 0; v < N(speeds); v++) {
				double target = positions[p] + offsets[o];

				ck_assert_double_eq(omt_drive_leash(&m, speeds[v],
								    CYCLE_S),
						    0.0);
				ck_assert_double_eq(
					omt_drive_leashed_target(&m, positions[p],
								 target,
								 speeds[v],
								 CYCLE_S),
					target);
			}
}
END_TEST

/*
 * The target told lies on the way from where the drive stands to the
 * target, at the leash's distance, or the whole way when that is no
 * longer than the leash and a retarget band (a shorter last step its
 * codec would not tell); the leash is the drive's stopping distance,
 * four exchanges' travel and the retarget band.
 */
START_TEST(a_profile_position_target_is_cut_to_the_leash)
{
	for (size_t l = 0; l < N(lags_ms); l++)
		for (size_t b = 0; b < N(retargets); b++) {
			struct omt_drive_model m =
				model(OMT_DRIVE_PROFILE_POSITION, lags_ms[l],
				      retargets[b]);
			double exchange_s = fmax(omt_drive_lag_s(&m), CYCLE_S);

			for (size_t v = 0; v < N(speeds); v++) {
				double speed = speeds[v];
				double leash = omt_drive_leash(&m, speed, CYCLE_S);

				ck_assert_double_eq_tol(
					leash,
					omt_drive_stopping_distance(&m, speed,
								    CYCLE_S) +
						4.0 * speed * exchange_s +
						retargets[b],
					1e-12);
				ck_assert_double_eq(omt_drive_leash(&m, -speed,
								    CYCLE_S),
						    leash);
				for (size_t p = 0; p < N(positions); p++)
					for (size_t o = 0; o < N(offsets); o++) {
						double pos = positions[p];
						double target = pos + offsets[o];
						double told = omt_drive_leashed_target(
							&m, pos, target, speed,
							CYCLE_S);

						ck_assert_double_ge(
							(told - pos) * (target - pos),
							0.0);
						if (fabs(target - pos) <=
						    leash + retargets[b])
							ck_assert_double_eq(told, target);
						else
							ck_assert_double_eq_tol(
								fabs(told - pos),
								leash, 1e-9);
					}
			}
		}
}
END_TEST

/* A faster drive is given more rope: the leash grows with speed. */
START_TEST(the_leash_grows_with_speed)
{
	struct omt_drive_model m = model(OMT_DRIVE_PROFILE_POSITION, 10, 0.5);

	for (size_t v = 1; v < N(speeds); v++)
		ck_assert_double_gt(omt_drive_leash(&m, speeds[v], CYCLE_S),
				    omt_drive_leash(&m, speeds[v - 1], CYCLE_S));
	ck_assert_double_eq(omt_drive_leash(&m, 0.0, CYCLE_S), 0.5);
}
END_TEST

/* Where it stands is unknown: it is told nothing it could run to. */
START_TEST(an_unknown_position_leashes_to_nothing)
{
	struct omt_drive_model m = model(OMT_DRIVE_PROFILE_POSITION, 10, 0.5);

	ck_assert(isnan(omt_drive_leashed_target(&m, NAN, 700.0, 10.0, CYCLE_S)));
	ck_assert(!isfinite(omt_drive_leashed_target(&m, INFINITY, 700.0,
						     10.0, CYCLE_S)));
}
END_TEST

/* A retarget band that is not a finite figure of at least 0 is refused
 * at start. */
START_TEST(a_bad_retarget_band_is_refused)
{
	static const double bad[] = { -0.1, NAN, INFINITY };
	struct omt_axis_limits limits = {
		.soft_min = 0.0, .soft_max = 10.0, .max_speed = 3.0,
		.max_accel = 10.0, .stop_decel = 60.0,
	};
	struct omt_drive_model m = model(OMT_DRIVE_PROFILE_POSITION, 10, 0.5);

	ck_assert_ptr_null(omt_drive_model_problem(&m, &limits, CYCLE_S));
	for (size_t i = 0; i < N(bad); i++) {
		m.retarget = bad[i];
		ck_assert_ptr_nonnull(omt_drive_model_problem(&m, &limits,
							      CYCLE_S));
	}
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("drive_model", "leash", &tc);

	tcase_add_loop_test(tc, only_a_profile_position_drive_is_leashed, 0, 2);
	tcase_add_test(tc, a_profile_position_target_is_cut_to_the_leash);
	tcase_add_test(tc, the_leash_grows_with_speed);
	tcase_add_test(tc, an_unknown_position_leashes_to_nothing);
	tcase_add_test(tc, a_bad_retarget_band_is_refused);
	return omt_check_run(s);
}
