// SPDX-License-Identifier: MIT
/*
 * Combination rules: each forbidden set is a box in (height, tilt), so
 * every question here is an interval intersection.
 */
#include <math.h>
#include <stddef.h>

#include "rules.h"

/* Clearance kept from a closed forbidden edge when stopping before it. */
#define EDGE_CLEARANCE 1e-6

/* An interval with open or closed ends. */
struct span {
	double low, high;
	bool low_open, high_open;
};

static bool span_empty(const struct span *s)
{
	return s->low > s->high ||
	       (s->low == s->high && (s->low_open || s->high_open));
}

/* Narrow s to the points meeting the condition's comparison. */
static void span_apply(struct span *s, enum omt_cmp cmp, double value)
{
	switch (cmp) {
	case OMT_CMP_LT:
		if (value < s->high || (value == s->high && !s->high_open)) {
			s->high = value;
			s->high_open = true;
		}
		break;
	case OMT_CMP_LE:
		if (value < s->high) {
			s->high = value;
			s->high_open = false;
		}
		break;
	case OMT_CMP_GT:
		if (value > s->low || (value == s->low && !s->low_open)) {
			s->low = value;
			s->low_open = true;
		}
		break;
	case OMT_CMP_GE:
		if (value > s->low) {
			s->low = value;
			s->low_open = false;
		}
		break;
	}
}

/* The rule's forbidden values along one axis, within s. */
static void rule_narrow(const struct omt_combo_rule *rule, enum omt_axis axis,
			struct span *s)
{
	if (rule->when.axis == axis)
		span_apply(s, rule->when.cmp, rule->when.value);
	if (rule->forbid.axis == axis)
		span_apply(s, rule->forbid.cmp, rule->forbid.value);
}

static struct span closed(double a, double b)
{
	return (struct span){ .low = fmin(a, b), .high = fmax(a, b) };
}

static bool rule_hits_box(const struct omt_combo_rule *rule,
			  const struct omt_pose *a, const struct omt_pose *b)
{
	for (int axis = 0; axis < OMT_MOTION_AXES; axis++) {
		struct span s = closed(a->pos[axis], b->pos[axis]);

		rule_narrow(rule, (enum omt_axis)axis, &s);
		if (span_empty(&s))
			return false;
	}
	return true;
}

static bool condition_ok(const struct omt_condition *c)
{
	return (c->axis == OMT_AXIS_HEIGHT || c->axis == OMT_AXIS_TILT) &&
	       c->cmp >= OMT_CMP_LT && c->cmp <= OMT_CMP_GE &&
	       isfinite(c->value);
}

const char *omt_rules_problem(const struct omt_rules *rules)
{
	if (rules->n_rules > OMT_MAX_RULES)
		return "too many combination rules";
	for (unsigned int i = 0; i < rules->n_rules; i++)
		if (!condition_ok(&rules->rule[i].when) ||
		    !condition_ok(&rules->rule[i].forbid))
			return "a rule's condition must name height or tilt, "
			       "a comparison and a finite value";
	return NULL;
}

int omt_rules_violated(const struct omt_rules *rules,
		       const struct omt_pose *pose)
{
	for (unsigned int i = 0; i < rules->n_rules; i++)
		if (rule_hits_box(&rules->rule[i], pose, pose))
			return (int)i;
	return -1;
}

bool omt_rules_box_clear(const struct omt_rules *rules,
			 const struct omt_pose *a, const struct omt_pose *b)
{
	for (unsigned int i = 0; i < rules->n_rules; i++)
		if (rule_hits_box(&rules->rule[i], a, b))
			return false;
	return true;
}

enum omt_path_plan omt_rules_plan(const struct omt_rules *rules,
				  const struct omt_pose *start,
				  const struct omt_pose *target)
{
	struct omt_pose corner;

	if (omt_rules_violated(rules, target) >= 0)
		return OMT_PATH_REFUSED;
	if (omt_rules_box_clear(rules, start, target))
		return OMT_PATH_TOGETHER;
	/* Height first: straight up or down, then tilt at the new height. */
	corner = (struct omt_pose){
		.pos = { target->pos[OMT_AXIS_HEIGHT], start->pos[OMT_AXIS_TILT] },
	};
	if (omt_rules_box_clear(rules, start, &corner) &&
	    omt_rules_box_clear(rules, &corner, target))
		return OMT_PATH_HEIGHT_FIRST;
	corner = (struct omt_pose){
		.pos = { start->pos[OMT_AXIS_HEIGHT], target->pos[OMT_AXIS_TILT] },
	};
	if (omt_rules_box_clear(rules, start, &corner) &&
	    omt_rules_box_clear(rules, &corner, target))
		return OMT_PATH_TILT_FIRST;
	return OMT_PATH_REFUSED;
}

/* Whether the box around every pose in p[0..n) touches no forbidden set. */
static bool hull_clear(const struct omt_rules *rules,
		       const struct omt_pose *p, int n)
{
	struct omt_pose low = p[0], high = p[0];

	for (int i = 1; i < n; i++) {
		for (int a = 0; a < OMT_MOTION_AXES; a++) {
			low.pos[a] = fmin(low.pos[a], p[i].pos[a]);
			high.pos[a] = fmax(high.pos[a], p[i].pos[a]);
		}
	}
	return omt_rules_box_clear(rules, &low, &high);
}

enum omt_path_plan omt_rules_plan_moving(const struct omt_rules *rules,
					 const struct omt_pose *now,
					 const struct omt_pose *stop,
					 const struct omt_pose *target)
{
	return omt_rules_plan_lagging(rules, now, now, stop, target);
}

enum omt_path_plan omt_rules_plan_lagging(const struct omt_rules *rules,
					  const struct omt_pose *now,
					  const struct omt_pose *actual,
					  const struct omt_pose *stop,
					  const struct omt_pose *target)
{
	const int h = OMT_AXIS_HEIGHT, t = OMT_AXIS_TILT;
	struct omt_pose together[4] = { *now, *actual, *stop, *target };
	/* Height first: height sweeps now..stop..target while tilt brakes
	 * now..stop; then tilt from its stop to target at the new height.
	 * Wherever a setpoint is named, the axis may still be where it
	 * actually is. */
	struct omt_pose height_leg[5] = {
		*now, *actual, *stop,
		{ .pos = { target->pos[h], now->pos[t] } },
		{ .pos = { target->pos[h], actual->pos[t] } } };
	struct omt_pose height_then[3] = {
		{ .pos = { target->pos[h], stop->pos[t] } },
		{ .pos = { target->pos[h], actual->pos[t] } }, *target };
	struct omt_pose tilt_leg[5] = {
		*now, *actual, *stop,
		{ .pos = { now->pos[h], target->pos[t] } },
		{ .pos = { actual->pos[h], target->pos[t] } } };
	struct omt_pose tilt_then[3] = {
		{ .pos = { stop->pos[h], target->pos[t] } },
		{ .pos = { actual->pos[h], target->pos[t] } }, *target };

	if (omt_rules_violated(rules, target) >= 0)
		return OMT_PATH_REFUSED;
	if (hull_clear(rules, together, 4))
		return OMT_PATH_TOGETHER;
	if (hull_clear(rules, height_leg, 5) && hull_clear(rules, height_then, 3))
		return OMT_PATH_HEIGHT_FIRST;
	if (hull_clear(rules, tilt_leg, 5) && hull_clear(rules, tilt_then, 3))
		return OMT_PATH_TILT_FIRST;
	return OMT_PATH_REFUSED;
}

void omt_rules_axis_range(const struct omt_rules *rules,
			  const struct omt_pose *pose, enum omt_axis axis,
			  double *low, double *high)
{
	enum omt_axis other = axis == OMT_AXIS_HEIGHT ? OMT_AXIS_TILT
						      : OMT_AXIS_HEIGHT;
	double here = pose->pos[axis];

	for (unsigned int i = 0; i < rules->n_rules; i++) {
		const struct omt_combo_rule *rule = &rules->rule[i];
		struct span across = closed(pose->pos[other], pose->pos[other]);
		struct span along = { .low = -INFINITY, .high = INFINITY };

		/* Does the rule apply at the other axis's position? */
		rule_narrow(rule, other, &across);
		if (span_empty(&across))
			continue;
		rule_narrow(rule, axis, &along);
		if (span_empty(&along))
			continue;
		if (here > along.high || (here == along.high && along.high_open)) {
			double edge = along.high_open ? along.high
						      : along.high + EDGE_CLEARANCE;
			*low = fmax(*low, fmin(edge, here));
		} else if (here < along.low ||
			   (here == along.low && along.low_open)) {
			double edge = along.low_open ? along.low
						     : along.low - EDGE_CLEARANCE;
			*high = fmin(*high, fmax(edge, here));
		} else {
			/* Inside a forbidden set already: no way to tell which
			 * way is out, so this axis does not move. */
			*low = *high = here;
		}
	}
}
