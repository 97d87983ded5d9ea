// SPDX-License-Identifier: MIT
/*
 * Combination rules: exact cases, then randomised rule sets and moves
 * (deterministic PRNG) checked by sampling every path the planner allows.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "check_run.h"
#include "rules.h"

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

static struct omt_pose pose(double h, double t)
{
	return (struct omt_pose){ .pos = { h, t } };
}

/* No tilt beyond 10 degrees while height is below 650 mm. */
static const struct omt_rules low_no_tilt = {
	.n_rules = 1,
	.rule = { {
		.when = { OMT_AXIS_HEIGHT, OMT_CMP_LT, 650.0 },
		.forbid = { OMT_AXIS_TILT, OMT_CMP_GT, 10.0 },
	} },
};

START_TEST(comparisons_keep_their_edges)
{
	struct omt_rules r = low_no_tilt;

	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 649.9, 10.1 } }), 0);
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 650.0, 10.1 } }), -1);
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 600.0, 10.0 } }), -1);
	r.rule[0].when.cmp = OMT_CMP_LE;
	r.rule[0].forbid.cmp = OMT_CMP_GE;
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 650.0, 10.0 } }), 0);
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 650.1, 10.0 } }), -1);
	/* Both conditions on one axis: a band. */
	r.rule[0] = (struct omt_combo_rule){
		.when = { OMT_AXIS_TILT, OMT_CMP_GT, 5.0 },
		.forbid = { OMT_AXIS_TILT, OMT_CMP_LT, 8.0 },
	};
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 0, 6.0 } }), 0);
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 0, 8.0 } }), -1);
	ck_assert_int_eq(omt_rules_violated(&r, &(struct omt_pose){ { 0, 5.0 } }), -1);
}
END_TEST

START_TEST(plans_for_the_documented_example)
{
	struct omt_pose a = pose(700, 0), b = pose(620, 5), c = pose(620, 20);
	struct omt_pose d = pose(700, 20);

	ck_assert_int_eq(omt_rules_plan(&low_no_tilt, &a, &b), OMT_PATH_TOGETHER);
	ck_assert_int_eq(omt_rules_plan(&low_no_tilt, &a, &c), OMT_PATH_REFUSED);
	/* Up first, then tilt; and the way back: tilt down first. */
	ck_assert_int_eq(omt_rules_plan(&low_no_tilt, &b, &d), OMT_PATH_HEIGHT_FIRST);
	ck_assert_int_eq(omt_rules_plan(&low_no_tilt, &d, &b), OMT_PATH_TILT_FIRST);
}
END_TEST

START_TEST(malformed_rules_are_named)
{
	struct omt_rules r = low_no_tilt;

	ck_assert_ptr_null(omt_rules_problem(&r));
	r.rule[0].when.axis = OMT_AXIS_LUMBAR;
	ck_assert_ptr_nonnull(omt_rules_problem(&r));
	r = low_no_tilt;
	r.rule[0].forbid.value = NAN;
	ck_assert_ptr_nonnull(omt_rules_problem(&r));
	r = low_no_tilt;
	r.rule[0].forbid.cmp = (enum omt_cmp)7;
	ck_assert_ptr_nonnull(omt_rules_problem(&r));
	r = low_no_tilt;
	r.n_rules = OMT_MAX_RULES + 1;
	ck_assert_ptr_nonnull(omt_rules_problem(&r));
}
END_TEST

static void random_rules(struct omt_rules *r)
{
	r->n_rules = 1 + (unsigned int)(prng_next() % 3);
	for (unsigned int i = 0; i < r->n_rules; i++) {
		struct omt_condition *c[2] = { &r->rule[i].when, &r->rule[i].forbid };

		for (int k = 0; k < 2; k++) {
			c[k]->axis = (enum omt_axis)(prng_next() % 2);
			c[k]->cmp = (enum omt_cmp)(prng_next() % 4);
			c[k]->value = c[k]->axis == OMT_AXIS_HEIGHT
				? uniform(600, 950) : uniform(-10, 30);
		}
	}
}

static struct omt_pose random_pose(void)
{
	return pose(uniform(600, 950), uniform(-10, 30));
}

/* A point of the leg a -> b (one axis moving) forbidden? */
static bool leg_point_forbidden(const struct omt_rules *r, struct omt_pose a,
				struct omt_pose b, int axis, double x)
{
	struct omt_pose p = a;

	if (x < fmin(a.pos[axis], b.pos[axis]) || x > fmax(a.pos[axis], b.pos[axis]))
		return false;
	p.pos[axis] = x;
	return omt_rules_violated(r, &p) >= 0;
}

/*
 * Whether the straight one-axis leg a -> b meets a forbidden point:
 * sampled, plus every rule edge on the moving axis and its neighbours,
 * so thin forbidden bands are not missed.
 */
static bool leg_crosses(const struct omt_rules *r, struct omt_pose a,
			struct omt_pose b)
{
	int axis = a.pos[0] != b.pos[0] ? 0 : 1;

	for (int i = 0; i <= 400; i++) {
		double x = i == 400 ? b.pos[axis]
			: a.pos[axis] + i / 400.0 * (b.pos[axis] - a.pos[axis]);

		if (leg_point_forbidden(r, a, b, axis, x))
			return true;
	}
	for (unsigned int i = 0; i < r->n_rules; i++) {
		const struct omt_condition *c[2] = { &r->rule[i].when,
						     &r->rule[i].forbid };

		for (int k = 0; k < 2; k++) {
			double v = c[k]->value;

			if ((int)c[k]->axis != axis)
				continue;
			if (leg_point_forbidden(r, a, b, axis, v) ||
			    leg_point_forbidden(r, a, b, axis, nextafter(v, INFINITY)) ||
			    leg_point_forbidden(r, a, b, axis, nextafter(v, -INFINITY)))
				return true;
		}
	}
	return false;
}

/* Any sampled point of the box spanned by a and b forbidden. */
static bool box_crosses(const struct omt_rules *r, struct omt_pose a,
			struct omt_pose b)
{
	for (int i = 0; i <= 40; i++)
		for (int j = 0; j <= 40; j++) {
			struct omt_pose p = pose(
				a.pos[0] + i / 40.0 * (b.pos[0] - a.pos[0]),
				a.pos[1] + j / 40.0 * (b.pos[1] - a.pos[1]));

			if (omt_rules_violated(r, &p) >= 0)
				return true;
		}
	return false;
}

START_TEST(planned_paths_never_cross_a_forbidden_set)
{
	int planned = 0, sequenced = 0, refused = 0;

	prng_state = 0x853c49e6748fea9bull;
	for (int c = 0; c < 20000; c++) {
		struct omt_rules r;
		struct omt_pose start, target, corner;
		enum omt_path_plan plan;

		random_rules(&r);
		start = random_pose();
		target = random_pose();
		if (omt_rules_violated(&r, &start) >= 0)
			continue;
		plan = omt_rules_plan(&r, &start, &target);
		if (omt_rules_violated(&r, &target) >= 0) {
			ck_assert_int_eq(plan, OMT_PATH_REFUSED);
			continue;
		}
		switch (plan) {
		case OMT_PATH_TOGETHER:
			/* Any mix of the two axes' progress stays in the box. */
			if (box_crosses(&r, start, target) ||
			    leg_crosses(&r, start, pose(target.pos[0], start.pos[1])) ||
			    leg_crosses(&r, start, pose(start.pos[0], target.pos[1])) ||
			    leg_crosses(&r, pose(target.pos[0], start.pos[1]), target) ||
			    leg_crosses(&r, pose(start.pos[0], target.pos[1]), target))
				ck_abort_msg("case %d: together crosses", c);
			planned++;
			break;
		case OMT_PATH_HEIGHT_FIRST:
		case OMT_PATH_TILT_FIRST:
			corner = plan == OMT_PATH_HEIGHT_FIRST
				? pose(target.pos[0], start.pos[1])
				: pose(start.pos[0], target.pos[1]);
			if (leg_crosses(&r, start, corner) ||
			    leg_crosses(&r, corner, target))
				ck_abort_msg("case %d: sequence crosses", c);
			planned++;
			sequenced++;
			break;
		default:
			/* Refused with an allowed target: no order was clear. */
			corner = pose(target.pos[0], start.pos[1]);
			if (!leg_crosses(&r, start, corner) &&
			    !leg_crosses(&r, corner, target))
				ck_abort_msg("case %d: height first was clear", c);
			corner = pose(start.pos[0], target.pos[1]);
			if (!leg_crosses(&r, start, corner) &&
			    !leg_crosses(&r, corner, target))
				ck_abort_msg("case %d: tilt first was clear", c);
			refused++;
			break;
		}
	}
	/* The cases must exercise both kinds of plan. */
	ck_assert_int_gt(planned, 5000);
	ck_assert_int_gt(sequenced, 100);
	ck_assert_int_gt(refused, 100);
}
END_TEST

/* Any sampled point of [h0, h1] x [t0, t1] forbidden. */
static bool area_crosses(const struct omt_rules *r, double h0, double h1,
			 double t0, double t1)
{
	for (int i = 0; i <= 20; i++)
		for (int j = 0; j <= 20; j++) {
			struct omt_pose p = pose(h0 + i / 20.0 * (h1 - h0),
						 t0 + j / 20.0 * (t1 - t0));

			if (omt_rules_violated(r, &p) >= 0)
				return true;
		}
	return false;
}

static double lo3(double a, double b, double c) { return fmin(a, fmin(b, c)); }
static double hi3(double a, double b, double c) { return fmax(a, fmax(b, c)); }

/*
 * A plan from a moving table: every pose the axes can pass is allowed.
 * An axis braking is anywhere between now and its stop, one re-targeted
 * anywhere between now, stop and target; the second leg starts wherever
 * the other axis came to rest.  At rest (stop == now) the plan is the
 * plain one.
 */
START_TEST(plans_from_motion_keep_every_reachable_pose_allowed)
{
	int planned = 0, refused = 0;

	prng_state = 0x2545f4914f6cdd1dull;
	for (int c = 0; c < 5000; c++) {
		struct omt_rules r;
		struct omt_pose now, stop, target;
		enum omt_path_plan plan;
		double h0, h1, t0, t1;

		random_rules(&r);
		now = random_pose();
		target = random_pose();
		stop = now;
		if (c % 3) {
			stop.pos[0] += uniform(-15, 15);
			stop.pos[1] += uniform(-2, 2);
		}
		if (omt_rules_violated(&r, &now) >= 0)
			continue;
		plan = omt_rules_plan_moving(&r, &now, &stop, &target);
		if (c % 3 == 0)
			ck_assert_int_eq(plan, omt_rules_plan(&r, &now, &target));
		h0 = lo3(now.pos[0], stop.pos[0], target.pos[0]);
		h1 = hi3(now.pos[0], stop.pos[0], target.pos[0]);
		t0 = lo3(now.pos[1], stop.pos[1], target.pos[1]);
		t1 = hi3(now.pos[1], stop.pos[1], target.pos[1]);
		switch (plan) {
		case OMT_PATH_TOGETHER:
			if (area_crosses(&r, h0, h1, t0, t1))
				ck_abort_msg("case %d: together crosses", c);
			planned++;
			break;
		case OMT_PATH_HEIGHT_FIRST:
			if (area_crosses(&r, h0, h1, fmin(now.pos[1], stop.pos[1]),
					 fmax(now.pos[1], stop.pos[1])) ||
			    area_crosses(&r, target.pos[0], target.pos[0], t0, t1))
				ck_abort_msg("case %d: height first crosses", c);
			planned++;
			break;
		case OMT_PATH_TILT_FIRST:
			if (area_crosses(&r, fmin(now.pos[0], stop.pos[0]),
					 fmax(now.pos[0], stop.pos[0]), t0, t1) ||
			    area_crosses(&r, h0, h1, target.pos[1], target.pos[1]))
				ck_abort_msg("case %d: tilt first crosses", c);
			planned++;
			break;
		default:
			refused++;
			break;
		}
	}
	ck_assert_int_gt(planned, 1000);
	ck_assert_int_gt(refused, 100);
}
END_TEST

START_TEST(axis_range_is_allowed_and_tight)
{
	int tight = 0;

	prng_state = 0x1d8e4e27c47d124full;
	for (int c = 0; c < 20000; c++) {
		struct omt_rules r;
		struct omt_pose p;
		enum omt_axis axis = (enum omt_axis)(prng_next() % 2);
		double soft_low = axis == OMT_AXIS_HEIGHT ? 600 : -10;
		double soft_high = axis == OMT_AXIS_HEIGHT ? 950 : 30;
		double low = soft_low, high = soft_high;

		random_rules(&r);
		p = random_pose();
		if (omt_rules_violated(&r, &p) >= 0)
			continue;
		omt_rules_axis_range(&r, &p, axis, &low, &high);
		ck_assert(low <= p.pos[axis] && p.pos[axis] <= high);
		for (int i = 0; i <= 200; i++) {
			struct omt_pose q = p;

			q.pos[axis] = i == 200 ? high : low + i / 200.0 * (high - low);
			if (omt_rules_violated(&r, &q) >= 0)
				ck_abort_msg("case %d: %g inside the range is forbidden",
					     c, q.pos[axis]);
		}
		/* Just past an end that is not a soft limit is forbidden. */
		if (high < soft_high) {
			struct omt_pose q = p;

			q.pos[axis] = high + 1e-3;
			ck_assert_int_ge(omt_rules_violated(&r, &q), 0);
			tight++;
		}
		if (low > soft_low) {
			struct omt_pose q = p;

			q.pos[axis] = low - 1e-3;
			ck_assert_int_ge(omt_rules_violated(&r, &q), 0);
			tight++;
		}
	}
	ck_assert_int_gt(tight, 1000);
}
END_TEST

/*
 * A tilt jammed at 10.6 degrees, its setpoint at 9.7 (within the
 * following error's give): a height move below 650 mm is clear from the
 * setpoints, not from where the tilt is.  Planned with the actual pose
 * beside the setpoints, the two cannot move together.
 */
START_TEST(a_lagging_axis_is_planned_where_it_really_is)
{
	struct omt_pose now = pose(700, 9.7), actual = pose(700, 10.6);
	struct omt_pose target = pose(620, 9.7);

	ck_assert_int_eq(omt_rules_plan_moving(&low_no_tilt, &now, &now, &target),
			 OMT_PATH_TOGETHER);
	ck_assert_int_eq(omt_rules_plan_lagging(&low_no_tilt, &now, &now, &now, &target),
			 OMT_PATH_TOGETHER);
	ck_assert_int_eq(omt_rules_plan_lagging(&low_no_tilt, &now, &actual, &now, &target),
			 OMT_PATH_TILT_FIRST);
	/* Lagging on the side away from the box changes nothing. */
	actual = pose(700, 9.2);
	ck_assert_int_eq(omt_rules_plan_lagging(&low_no_tilt, &now, &actual, &now, &target),
			 OMT_PATH_TOGETHER);
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("plan");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, comparisons_keep_their_edges);
	tcase_add_test(tc, plans_for_the_documented_example);
	tcase_add_test(tc, malformed_rules_are_named);
	tcase_add_test(tc, planned_paths_never_cross_a_forbidden_set);
	tcase_add_test(tc, plans_from_motion_keep_every_reachable_pose_allowed);
	tcase_add_test(tc, axis_range_is_allowed_and_tight);
	tcase_add_test(tc, a_lagging_axis_is_planned_where_it_really_is);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(rules_suite());
}
