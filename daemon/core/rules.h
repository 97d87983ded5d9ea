/* SPDX-License-Identifier: MIT */
/*
 * Combination rules between height and tilt, e.g. "no tilt beyond 10
 * degrees while height is below 650 mm": while `when` holds, positions
 * where `forbid` also holds are not allowed.
 *
 * Each rule's forbidden set is the intersection of two half-lines on the
 * height and tilt axes, so it is an axis-aligned box (possibly unbounded).
 * A straight move of one axis, or any move whose bounding box misses every
 * forbidden box, cannot cross one.  That is the whole planning method:
 *   - a target inside a forbidden box is refused (OUT_OF_RANGE);
 *   - if the bounding box of start and target is clear, both axes move
 *     together;
 *   - otherwise one axis moves first, then the other, in the order whose
 *     two straight legs are both clear; if neither order is, refused.
 * Pure, no I/O.
 */
#ifndef OMT_RULES_H
#define OMT_RULES_H

#include <stdbool.h>

#include "omt_table_types.h"

#define OMT_MAX_RULES 8

enum omt_cmp {
	OMT_CMP_LT = 0,
	OMT_CMP_LE,
	OMT_CMP_GT,
	OMT_CMP_GE,
};

struct omt_condition {
	enum omt_axis axis;             /* OMT_AXIS_HEIGHT or OMT_AXIS_TILT */
	enum omt_cmp cmp;
	double value;                   /* mm or degrees */
};

struct omt_combo_rule {
	struct omt_condition when;
	struct omt_condition forbid;
};

struct omt_rules {
	unsigned int n_rules;
	struct omt_combo_rule rule[OMT_MAX_RULES];
};

/* A point in (height, tilt). */
struct omt_pose {
	double pos[OMT_MOTION_AXES];
};

/* NULL when every rule names a motion axis and a known comparison. */
const char *omt_rules_problem(const struct omt_rules *rules);

/* Index of the first rule the pose breaks, or -1. */
int omt_rules_violated(const struct omt_rules *rules,
		       const struct omt_pose *pose);

/* Whether the box spanned by a and b touches no forbidden set. */
bool omt_rules_box_clear(const struct omt_rules *rules,
			 const struct omt_pose *a, const struct omt_pose *b);

enum omt_path_plan {
	OMT_PATH_REFUSED = 0,
	OMT_PATH_TOGETHER,              /* both axes at once */
	OMT_PATH_HEIGHT_FIRST,          /* height leg, then tilt leg */
	OMT_PATH_TILT_FIRST,
};

/* How to get from start to target without crossing a forbidden set. */
enum omt_path_plan omt_rules_plan(const struct omt_rules *rules,
				  const struct omt_pose *start,
				  const struct omt_pose *target);

/*
 * The same from a table that may be moving: now is where the axes are,
 * stop where each would come to rest if braked (the caller errs long),
 * target where they are going (an axis not asked to move: its stop).  Each
 * leg's box covers every point the axes can pass: an axis braking sweeps
 * now..stop, one re-targeted sweeps now..stop..target.  With the table at
 * rest (stop == now) this is omt_rules_plan().
 */
enum omt_path_plan omt_rules_plan_moving(const struct omt_rules *rules,
					 const struct omt_pose *now,
					 const struct omt_pose *stop,
					 const struct omt_pose *target);

/*
 * The same with each axis's actual position beside its setpoint (now):
 * an axis held back (jammed within its following error's give) is not
 * where it was told to be, and every leg's box covers where it really is
 * too.  With actual == now this is omt_rules_plan_moving().
 */
enum omt_path_plan omt_rules_plan_lagging(const struct omt_rules *rules,
					  const struct omt_pose *now,
					  const struct omt_pose *actual,
					  const struct omt_pose *stop,
					  const struct omt_pose *target);

/*
 * How far one axis may travel from pose with the other axis held: the
 * allowed interval around pose->pos[axis], clipped to [*low, *high] (which
 * the caller fills with the soft limits).  For hold-to-run pedal motion,
 * which has no target to check in advance.
 */
void omt_rules_axis_range(const struct omt_rules *rules,
			  const struct omt_pose *pose, enum omt_axis axis,
			  double *low, double *high);

#endif /* OMT_RULES_H */
