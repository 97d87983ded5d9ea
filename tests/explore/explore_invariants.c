// SPDX-License-Identifier: MIT
/*
 * The invariants the explorer checks every cycle, one function each;
 * docs/explorer.md states each one, its tolerance and why.
 *
 * "Brakes" below means: an axis's setpoint step this cycle is no longer
 * than the last one less half the axis's acceleration (or a creep of at
 * most half that), in the same direction.  A setpoint equal to the
 * reading is a drive told to stay where it is: never motion.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "explore_internal.h"
#include "omt_regs.h"

static const char *const invariant_names[INV_COUNT] = {
	[INV_ESTOP_CUTS_POWER] = "estop_cuts_power",
	[INV_NO_MOTION_WHILE_LOCKED] = "no_motion_while_locked",
	[INV_NO_MOTION_WHILE_FAULTED] = "no_motion_while_faulted",
	[INV_RELEASED_HOLD_BRAKES] = "released_hold_brakes",
	[INV_COMBINATION_BOXES_AVOIDED] = "combination_boxes_avoided",
	[INV_SETPOINT_WITHIN_LIMITS] = "setpoint_within_limits",
	[INV_DROPS_AND_TABLE_EXCLUSIVE] = "drops_and_table_exclusive",
	[INV_NO_EDGE_FROM_INVALID_SAMPLE] = "no_edge_from_invalid_sample",
	[INV_FAULTS_REPORTED] = "faults_reported",
	[INV_CLEAR_REFUSED_WHILE_CAUSE] = "clear_refused_while_cause",
	[INV_CLEARED_FAULT_STAYS_CLEARED] = "cleared_fault_stays_cleared",
	[INV_FAULTED_DRIVE_NOT_PUSHING] = "faulted_drive_not_pushing",
	[INV_LOCKED_DRIVES_DISABLED] = "locked_drives_disabled",
	[INV_PEDAL_OUTRANKS_BUS] = "pedal_outranks_bus",
	[INV_NOBODY_TRAPPED] = "nobody_trapped",
	[INV_CLASS_DRIVE_BOUNDED] = "class_drive_bounded",
};

const char *explore_invariant_name(enum explore_invariant inv)
{
	return inv < INV_COUNT ? invariant_names[inv] : "unknown";
}

enum explore_invariant explore_invariant_from_name(const char *name)
{
	for (int i = 0; i < INV_COUNT; i++)
		if (strcmp(name, invariant_names[i]) == 0)
			return (enum explore_invariant)i;
	return INV_COUNT;
}

void explore_violation(struct explore_world *w, enum explore_invariant inv,
		       const char *fmt, ...)
{
	struct explore_result *res = w->res;
	va_list ap;

	if (res->violated & EX_BIT(inv))
		return;
	res->violated |= EX_BIT(inv);
	res->first_cycle[inv] = w->cycle;
	va_start(ap, fmt);
	vsnprintf(res->message[inv], sizeof(res->message[inv]), fmt, ap);
	va_end(ap);
	if (w->stop_on & EX_BIT(inv))
		w->stopped = true;
}

void explore_check_init(struct explore_world *w)
{
	memset(&w->ck, 0, sizeof(w->ck));
}

/* ---- what the checks share ---- */

static double cycle_s(const struct explore_world *w)
{
	return (double)EXPLORE_CYCLE_NS / 1e9;
}

static const struct sample *sample_at(const struct explore_world *w,
				      int64_t cycle)
{
	static const struct sample none = { 0 };

	if (cycle < 0 || cycle > (int64_t)w->cycle ||
	    (int64_t)w->cycle - cycle >= EX_HISTORY)
		return &none;
	return &w->ck.hist[cycle % EX_HISTORY];
}

/*
 * A line may be held as far as the core can know: held in this valid
 * sample, or held in the last valid one while the samples since are
 * invalid for less than the comms-lost window (they may stand for it):
 * the window runs from the first invalid one, one cycle per sample.
 */
static bool maybe_held(const struct explore_world *w, unsigned int line)
{
	const struct checker *ck = &w->ck;

	if (ck->invalid_streak == 0)
		return w->in.inputs & EX_BIT(line);
	return ck->have_valid &&
	       (uint64_t)(ck->invalid_streak - 1) * EXPLORE_CYCLE_NS <
		       w->params.fault_monitors.comms_lost_ns &&
	       (ck->last_valid_lines & EX_BIT(line));
}

/* The setpoint's step this cycle, in units per cycle (0: holds). */
static double step_of(const struct explore_world *w, int a)
{
	const struct checker *ck = &w->ck;
	double sp = w->out.axis[a].setpoint;

	if (!ck->have_prev[a] || fabs(sp - w->logic.reading[a].position) < 1e-9)
		return 0.0;
	return sp - ck->sp_prev[a];
}

/*
 * A drive that runs to a target brakes (on its own ramp) when it is told
 * not to move: its setpoint is the motion expected of it, not a command.
 */
static bool brakes(const struct explore_world *w, int a)
{
	const struct omt_axis_limits *l = &w->params.limits[a];
	double dt = cycle_s(w);
	double creep = 0.5 * l->max_accel * dt * dt;
	double decel = 0.99 * omt_axis_limits_stop_decel(l) * dt * dt;
	double step = step_of(w, a), prev = w->ck.speed_prev[a];

	if (explore_class_axis(w, a))
		return !w->out.axis[a].move;
	if (fabs(step) <= creep + 1e-9)
		return true;
	/* A setpoint that met the reading last cycle counted as held; it
	 * may have been passing the axis, still moving: its real step. */
	if (prev == 0.0)
		prev = w->ck.raw_step_prev[a];
	/* Same direction as before and shorter by a stop's deceleration. */
	return prev != 0.0 && step * prev > 0.0 &&
	       fabs(step) <= fabs(prev) - decel + 1e-9;
}

static bool has_axis_fault(const struct omt_fault_set *set, int a)
{
	for (unsigned int i = 0; i < set->n; i++)
		if (set->fault[i].axis == (enum omt_axis)a)
			return true;
	return false;
}

/* ---- the invariants ---- */

/*
 * Whether the core can know the e-stop button is pressed (R13): the
 * kernel module reports it, a valid sample shows it (this one, or the
 * last valid one before failed samples), or the I/O module's failures
 * have lasted the comms-lost window (unknown counts as pressed).  Pressed
 * while the I/O samples fail, with no kernel module, the press is in no
 * input the core has: it is acted on at the next valid sample or at the
 * window's end, whichever comes first.
 */
static bool estop_press_knowable(const struct explore_world *w)
{
	const uint32_t lines = EX_BIT(OMT_IN_ESTOP_A) | EX_BIT(OMT_IN_ESTOP_B);
	const struct checker *ck = &w->ck;

	if (w->in.interlock != OMT_INTERLOCK_ABSENT || ck->invalid_streak == 0)
		return true;
	return !ck->have_valid || (ck->last_valid_lines & lines) ||
	       (uint64_t)(ck->invalid_streak - 1) * EXPLORE_CYCLE_NS >=
		       w->params.fault_monitors.comms_lost_ns;
}

static void estop_cuts_power(struct explore_world *w)
{
	if (!w->logic.estop_latched &&
	    !(w->estop_button && estop_press_knowable(w)))
		return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (w->out.axis[a].enable)
			explore_violation(w, INV_ESTOP_CUTS_POWER,
					  "e-stop %s but %s enabled",
					  w->estop_button ? "pressed" : "latched",
					  omt_axis_name((enum omt_axis)a));
	/* Without the module there is no kernel enable to ask for. */
	if (w->out.kernel_enable && w->in.interlock != OMT_INTERLOCK_ABSENT)
		explore_violation(w, INV_ESTOP_CUTS_POWER,
				  "e-stop %s but kernel enable asked for",
				  w->estop_button ? "pressed" : "latched");
}

static void no_motion_while_locked(struct explore_world *w)
{
	if (!w->locked_before || !w->logic.locked)
		return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		/* A section lowering to down (a disarm) moves towards safety. */
		if (OMT_AXIS_IS_DROP(a) &&
		    w->logic.drop[a - OMT_AXIS_CERVICAL].lowering)
			continue;
		if (w->out.axis[a].enable && !brakes(w, a))
			explore_violation(w, INV_NO_MOTION_WHILE_LOCKED,
					  "locked, yet %s setpoint steps %.3f",
					  omt_axis_name((enum omt_axis)a),
					  step_of(w, a));
	}
}

/* The documented escape: an axis moving away from an obstruction it met
 * while moving (the back-off, or a supervised escape), while that fault
 * is latched. */
static bool escape(const struct explore_world *w, int a)
{
	int away = -w->ck.obstructed_dir[a];
	/* A drive that runs to a target goes where it is told to run. */
	double way = !explore_class_axis(w, a) ? step_of(w, a) :
		     w->out.axis[a].move ?
		     w->out.axis[a].target - w->logic.reading[a].position : 0.0;

	return away != 0 && way * away > 0.0 &&
	       (w->logic.reversing ||
		omt_fault_set_has(&w->logic.faults, OMT_FAULT_OBSTRUCTION,
				  (enum omt_axis)a));
}

static void no_motion_while_faulted(struct explore_world *w)
{
	if (!w->logic.faults.n)
		return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (w->out.axis[a].enable && !brakes(w, a) && !escape(w, a))
			explore_violation(w, INV_NO_MOTION_WHILE_FAULTED,
					  "faulted, yet %s setpoint steps %.3f",
					  omt_axis_name((enum omt_axis)a),
					  step_of(w, a));
}

/* Whether the motion's owner is holding it, as far as the core knows. */
static bool command_live(const struct explore_world *w,
			 const struct omt_motion *m)
{
	bool enable = maybe_held(w, OMT_IN_PEDAL_ENABLE_A) &&
		      maybe_held(w, OMT_IN_PEDAL_ENABLE_B);

	if (enable)
		return true;
	if (m->owner == OMT_OWNER_LOCAL)
		return maybe_held(w, OMT_IN_PEDAL_PRESET);
	return m->owner < EXPLORE_OWNERS &&
	       w->now - w->hold_ok_ns[m->owner] <= w->params.hold_timeout_ns;
}

static void released_hold_brakes(struct explore_world *w)
{
	const struct omt_motion *m = &w->motion_before;
	static const unsigned int pedal[OMT_MOTION_AXES][2] = {
		{ OMT_IN_PEDAL_HEIGHT_UP, OMT_IN_PEDAL_HEIGHT_DOWN },
		{ OMT_IN_PEDAL_TILT_UP, OMT_IN_PEDAL_TILT_DOWN },
	};

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		bool driven = m->source == OMT_SOURCE_COMMAND && !m->ending &&
			      (m->axis_mask & EX_BIT(a)) && command_live(w, m);

		if (driven || maybe_held(w, pedal[a][0]) ||
		    maybe_held(w, pedal[a][1]) || escape(w, a) ||
		    !w->out.axis[a].enable || brakes(w, a))
			continue;
		explore_violation(w, INV_RELEASED_HOLD_BRAKES,
				  "%s: nobody holds it (motion %u, owner %u), yet its setpoint steps %.3f",
				  omt_axis_name((enum omt_axis)a), m->id, m->owner,
				  step_of(w, a));
	}
}

static void combination_boxes(struct explore_world *w)
{
	const struct omt_rules *rules = &w->params.rules;
	const double settle[OMT_MOTION_AXES] = { 0.5, 0.2 };
	double h = w->plant[0].pos, t = w->plant[1].pos;
	bool deep = true, inside = true;

	/* An outside force may push the table anywhere, and a table inside
	 * a box cannot be held to it. */
	if (w->pushed_table)
		return;
	/*
	 * The setpoints.  A disabled drive commands nothing, and one held
	 * at its reading is told to stay where it is: either setpoint
	 * stands where the axis does, give or take the plant's settling,
	 * as the actual pose below.
	 */
	for (int i = 0; i < 4 && inside; i++) {
		struct omt_pose sp;

		for (int a = 0; a < OMT_MOTION_AXES; a++) {
			double at = w->out.axis[a].setpoint;
			bool where_it_is = !w->out.axis[a].enable ||
					   fabs(at - w->logic.reading[a].position) < 1e-9;

			sp.pos[a] = at + (!where_it_is ? 0.0 :
					  i & (1 << a) ? settle[a] : -settle[a]);
		}
		inside = omt_rules_violated(rules, &sp) >= 0;
	}
	if ((step_of(w, 0) != 0.0 || step_of(w, 1) != 0.0) && inside)
		explore_violation(w, INV_COMBINATION_BOXES_AVOIDED,
				  "setpoints %.2f mm, %.2f deg lie in a forbidden box",
				  w->out.axis[0].setpoint, w->out.axis[1].setpoint);
	/* The actual pose, with the plant's settling tolerance. */
	for (int i = 0; i < 4 && deep; i++) {
		struct omt_pose p = { .pos = { h + (i & 1 ? settle[0] : -settle[0]),
					       t + (i & 2 ? settle[1] : -settle[1]) } };

		deep = omt_rules_violated(rules, &p) >= 0;
	}
	if (deep)
		explore_violation(w, INV_COMBINATION_BOXES_AVOIDED,
				  "the table stands at %.2f mm, %.2f deg, inside a forbidden box",
				  h, t);
}

static void setpoint_limits(struct explore_world *w)
{
	double dt = cycle_s(w);

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omt_axis_limits *l = &w->logic.profile[a].limits;
		double sp = w->out.axis[a].setpoint, step = step_of(w, a);
		double cap, accel, change;

		/* A drive that runs to a target is judged by what it is
		 * told (class_drive_bounded), not by its expected motion. */
		if (!w->out.axis[a].enable || step == 0.0 ||
		    explore_class_axis(w, a))
			continue;
		cap = fmin(omt_axis_limits_speed_cap(l, sp),
			   omt_axis_limits_speed_cap(l, w->ck.sp_prev[a]));
		accel = fmax(l->max_accel, omt_axis_limits_stop_decel(l));
		if (fabs(step) > cap * dt * (1.0 + 1e-6) + 1e-9)
			explore_violation(w, INV_SETPOINT_WITHIN_LIMITS,
					  "%s at %.2f: %.3f/s over its cap %.3f/s",
					  omt_axis_name((enum omt_axis)a), sp,
					  fabs(step) / dt, cap);
		change = fabs(step - w->ck.speed_prev[a]);
		/* A setpoint that met the reading last cycle counted as held
		 * (a resync: the profile then starts from rest), but may as
		 * well have been a moving setpoint passing the axis (a
		 * reversal, a late cycle): its real step counts too. */
		if (w->ck.speed_prev[a] == 0.0 && w->ck.have_prev[a])
			change = fmin(change, fabs(step - w->ck.raw_step_prev[a]));
		if (change > accel * dt * dt * (1.0 + 1e-6) + 1e-9)
			explore_violation(w, INV_SETPOINT_WITHIN_LIMITS,
					  "%s at %.2f: acceleration %.1f/s^2 over %.1f/s^2",
					  omt_axis_name((enum omt_axis)a), sp,
					  change / (dt * dt), accel);
		/* An axis pushed beyond them may be driven back in. */
		if ((sp < l->soft_min - 1e-9 && step < 0.0) ||
		    (sp > l->soft_max + 1e-9 && step > 0.0))
			explore_violation(w, INV_SETPOINT_WITHIN_LIMITS,
					  "%s setpoint %.3f outside %.2f..%.2f",
					  omt_axis_name((enum omt_axis)a), sp,
					  l->soft_min, l->soft_max);
	}
}

static void drops_and_table_exclusive(struct explore_world *w)
{
	/* Positions within the uncommanded-motion limit of down, plus the
	 * plant's tolerance, count as down. */
	double down_actual = w->params.drops.down_position + 3.0;
	bool table_driven = false, table_moving = false;

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		bool moves = explore_class_axis(w, a)
				     ? w->out.axis[a].move ||
					       fabs(w->plant[a].vel) > 1e-3
				     : step_of(w, a) != 0.0;

		if (!w->out.axis[a].enable || !moves)
			continue;
		table_moving = true;
		table_driven |= !brakes(w, a);
	}
	for (int a = OMT_AXIS_CERVICAL; a < OMT_AXIS_COUNT; a++) {
		bool raised = w->plant[a].pos > down_actual ||
			      w->out.axis[a].setpoint > down_actual;
		bool driven = w->out.axis[a].enable && step_of(w, a) != 0.0 &&
			      !brakes(w, a);

		/* R15: the supervised escape may run past a section that
		 * stands raised but cannot fall (not cocking, armed or
		 * being lowered). */
		bool escape_past = w->logic.escaping &&
				   !omt_drop_blocks_motion(&w->logic.drop[a - OMT_AXIS_CERVICAL]);

		if (table_driven && raised && !escape_past)
			explore_violation(w, INV_DROPS_AND_TABLE_EXCLUSIVE,
					  "the table is driven while %s stands at %.2f mm (%s)",
					  omt_axis_name((enum omt_axis)a), w->plant[a].pos,
					  omt_drop_state_name(w->logic.drop[a - OMT_AXIS_CERVICAL].state));
		if (table_moving && driven)
			explore_violation(w, INV_DROPS_AND_TABLE_EXCLUSIVE,
					  "%s is driven while the table moves",
					  omt_axis_name((enum omt_axis)a));
	}
}

/* A press of the enable pedal in cycle j: both channels on, both off
 * within the channels' mismatch window before (a pedal's two contacts
 * close a little apart) in a valid sample, and no valid sample between
 * with both on (that would be one channel bouncing on a held pedal). */
static bool enable_press_at(const struct explore_world *w, int64_t j)
{
	const uint32_t both = EX_BIT(OMT_IN_PEDAL_ENABLE_A) |
			      EX_BIT(OMT_IN_PEDAL_ENABLE_B);
	const struct sample *s = sample_at(w, j);
	int64_t skew = (int64_t)(w->params.pedals.mismatch_ns / EXPLORE_CYCLE_NS);

	if (!s->valid || (s->lines & both) != both)
		return false;
	for (int64_t i = j - 1; i >= j - skew; i--) {
		const struct sample *p = sample_at(w, i);

		/* A failed sample stands for the last valid one (R14): a
		 * pedal released before it and pressed after is a press. */
		if (!p->valid)
			continue;
		/* Already pressed in between: one channel bounced. */
		if ((p->lines & both) == both)
			return false;
		if (!(p->lines & both))
			return true;
	}
	return false;
}

static bool valid_since(const struct explore_world *w, int64_t from)
{
	for (int64_t i = from; i <= (int64_t)w->cycle; i++)
		if (!sample_at(w, i)->valid)
			return false;
	return true;
}

/*
 * A rising edge of one line between two valid samples, this cycle: on in
 * this valid sample, off in the last valid one before it (invalid samples
 * between stand for that one's level, and make no edge of their own).
 */
static bool clean_edge(const struct explore_world *w, unsigned int line)
{
	const struct sample *now = sample_at(w, w->cycle);
	const struct checker *ck = &w->ck;

	return now->valid && ck->had_valid_before &&
	       (now->lines & EX_BIT(line)) &&
	       !(ck->valid_lines_before & EX_BIT(line));
}

static void no_edge_from_invalid_sample(struct explore_world *w)
{
	int64_t k = w->cycle;
	int64_t window = (int64_t)(w->params.pedals.unlock_gesture_ns /
				   EXPLORE_CYCLE_NS);

	if (w->locked_before && !w->logic.locked) {
		bool legit = false;

		for (int64_t j2 = k; j2 >= k - 1 && !legit; j2--) {
			if (!enable_press_at(w, j2))
				continue;
			for (int64_t j1 = j2 - 1; j1 >= j2 - window && !legit; j1--)
				legit = enable_press_at(w, j1) && valid_since(w, j1);
		}
		if (!legit)
			explore_violation(w, INV_NO_EDGE_FROM_INVALID_SAMPLE,
					  "unlocked by a gesture that two valid presses within %lld cycles do not make",
					  (long long)window);
	}
	for (int i = 0; i < OMT_DROP_SECTIONS; i++) {
		enum omt_drop_state before = w->drop_before[i];
		enum omt_drop_state after = w->logic.drop[i].state;

		if ((before == OMT_DROP_DOWN || before == OMT_DROP_FIRED) &&
		    after == OMT_DROP_ARMING && !w->arm_cmd[i] &&
		    !clean_edge(w, OMT_IN_PEDAL_ARM_DROPS))
			explore_violation(w, INV_NO_EDGE_FROM_INVALID_SAMPLE,
					  "%s armed without a clean press of the arm-drops pedal",
					  omt_axis_name((enum omt_axis)(OMT_AXIS_CERVICAL + i)));
		/* The edge may come before the fall shows: any clean edge
		 * seen while armed counts. */
		if (before == OMT_DROP_ARMED &&
		    clean_edge(w, OMT_IN_DROP_FIRED_CERVICAL + i))
			w->ck.fire_edge_seen[i] = true;
		else if (before != OMT_DROP_ARMED)
			w->ck.fire_edge_seen[i] = false;
		if (before == OMT_DROP_ARMED && after == OMT_DROP_FIRED &&
		    !w->ck.fire_edge_seen[i])
			explore_violation(w, INV_NO_EDGE_FROM_INVALID_SAMPLE,
					  "%s read as fired without a clean edge of its sensor",
					  omt_axis_name((enum omt_axis)(OMT_AXIS_CERVICAL + i)));
	}
}

static void faults_reported(struct explore_world *w)
{
	const struct omt_fault_set *set = &w->logic.faults;
	struct checker *ck = &w->ck;
	char code[48];

	for (unsigned int i = 0; i < set->n; i++)
		if (!omt_fault_set_has(&ck->reported, set->fault[i].kind,
				       set->fault[i].axis)) {
			omt_fault_code(set->fault[i].kind, set->fault[i].axis,
				       code, sizeof(code));
			explore_violation(w, INV_FAULTS_REPORTED,
					  "%s latched but never announced", code);
		}
	for (unsigned int i = 0; i < ck->reported.n; i++)
		if (!omt_fault_set_has(set, ck->reported.fault[i].kind,
				       ck->reported.fault[i].axis)) {
			omt_fault_code(ck->reported.fault[i].kind,
				       ck->reported.fault[i].axis, code, sizeof(code));
			explore_violation(w, INV_FAULTS_REPORTED,
					  "%s announced but gone without a clear", code);
		}
	if (w->logic.events_dropped)
		explore_violation(w, INV_FAULTS_REPORTED, "%llu events lost",
				  (unsigned long long)w->logic.events_dropped);
	if (set->n >= OMT_MAX_ACTIVE_FAULTS)
		explore_violation(w, INV_FAULTS_REPORTED,
				  "the fault set is full (%u): a further fault would be lost unreported",
				  set->n);
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (!ck->expect_fault_by[a])
			continue;
		if (has_axis_fault(set, a)) {
			ck->expect_fault_by[a] = 0;
		} else if (w->cycle > ck->expect_fault_by[a]) {
			explore_violation(w, INV_FAULTS_REPORTED,
					  "%s: %s, and no fault latched",
					  omt_axis_name((enum omt_axis)a),
					  ck->expect_why[a]);
			ck->expect_fault_by[a] = 0;
		}
	}
}

static void faulted_drive_not_pushing(struct explore_world *w)
{
	const struct omt_fault_set *set = &w->logic.faults;

	if (!set->n)
		return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		double fe = w->params.fault_monitors.axis[a].following_error_max;
		double sp = w->out.axis[a].setpoint;
		double ahead = fabs(sp - w->plant[a].pos);

		/* An exchange that failed shows the core nothing new: below
		 * the comms limit the last good reading stands (R5). */
		if (!w->out.axis[a].enable || w->in.axis[a].comm != OMT_COMM_OK)
			continue;
		/* A drive that runs to a target pushes only when told to
		 * run: never with its own stall or following error latched
		 * (it stands where its stop left it, its setpoint there). */
		if (explore_class_axis(w, a)) {
			/* (The supervised escape excepted, as it is for a
			 * streamed drive: R15.) */
			if (w->out.axis[a].move && !escape(w, a) &&
			    (omt_fault_set_has(set, OMT_FAULT_STALL, (enum omt_axis)a) ||
			     omt_fault_set_has(set, OMT_FAULT_FOLLOWING_ERROR,
						(enum omt_axis)a)))
				explore_violation(w, INV_FAULTED_DRIVE_NOT_PUSHING,
						  "%s stalled or not following, yet told to run to %.2f",
						  omt_axis_name((enum omt_axis)a),
						  w->out.axis[a].target);
			continue;
		}
		if ((omt_fault_set_has(set, OMT_FAULT_STALL, (enum omt_axis)a) ||
		     omt_fault_set_has(set, OMT_FAULT_FOLLOWING_ERROR,
					(enum omt_axis)a)) &&
		    fabs(sp - w->logic.reading[a].position) > 0.5 * fe)
			explore_violation(w, INV_FAULTED_DRIVE_NOT_PUSHING,
					  "%s stalled or not following, yet enabled with its setpoint %.2f from the axis",
					  omt_axis_name((enum omt_axis)a),
					  sp - w->logic.reading[a].position);
		else if (w->logic.profile[a].mode == OMT_PROFILE_IDLE && ahead > fe)
			explore_violation(w, INV_FAULTED_DRIVE_NOT_PUSHING,
					  "%s at rest after a fault, enabled, setpoint %.2f from the axis",
					  omt_axis_name((enum omt_axis)a), ahead);
	}
}

static void locked_drives_disabled(struct explore_world *w)
{
	if (!w->locked_before || !w->logic.locked)
		return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (w->logic.profile[a].mode != OMT_PROFILE_IDLE)
			return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (OMT_AXIS_IS_DROP(a) &&
		    w->logic.drop[a - OMT_AXIS_CERVICAL].state != OMT_DROP_DOWN)
			continue;
		if (w->out.axis[a].enable)
			explore_violation(w, INV_LOCKED_DRIVES_DISABLED,
					  "locked and at rest, yet %s is enabled",
					  omt_axis_name((enum omt_axis)a));
	}
}

/*
 * Nobody trapped: the table lowered onto an obstruction that persists,
 * every other cause gone, the table unlocked and still.  On a copy of the
 * core, ClearFaults, then a MoveTo up or the up pedal with enable, must
 * move the table away (upwards).
 */
static bool probe_escape(const struct explore_world *w)
{
	static struct omt_table_logic copy;
	struct omt_command clear = { .kind = OMT_CMD_CLEAR_FAULTS, .owner = 1,
				     .may_clear_hardware_faults = true };
	struct omt_command up = { .kind = OMT_CMD_MOVE_TO, .owner = 1,
				  .target_mask = EX_BIT(OMT_AXIS_HEIGHT) };
	struct omt_cycle_inputs in = w->in;
	struct omt_cycle_outputs out;
	double from = w->logic.reading[OMT_AXIS_HEIGHT].position;
	/* A setpoint left below the axis (an overshoot after a jam let go)
	 * moves the table up once it rises from there. */
	double rises_from = fmin(from, w->out.axis[OMT_AXIS_HEIGHT].setpoint);
	uint64_t now = w->now;

	up.target[OMT_AXIS_HEIGHT] =
		fmin(from + 5.0, w->logic.profile[OMT_AXIS_HEIGHT].limits.soft_max);
	copy = w->logic;
	if (omt_table_logic_command(&copy, &clear, now, NULL) == OMT_CMD_OK)
		return true;
	if (omt_table_logic_command(&copy, &up, now, NULL) == OMT_CMD_OK)
		return true;
	/* The pedal after the ClearFaults tried: a refused one changed
	 * nothing, and one that acknowledged every other fault (R15) is
	 * what the person at the table does before the escape. */
	for (int i = 0; i < 8; i++) {
		now += EXPLORE_CYCLE_NS;
		in.inputs = i < 2 ? 0 : EX_BIT(OMT_IN_PEDAL_HEIGHT_UP) |
					EX_BIT(OMT_IN_PEDAL_ENABLE_A) |
					EX_BIT(OMT_IN_PEDAL_ENABLE_B);
		in.io_comm = OMT_COMM_OK;
		omt_table_logic_step(&copy, &in, now, &out);
		if (out.axis[OMT_AXIS_HEIGHT].enable &&
		    (out.axis[OMT_AXIS_HEIGHT].setpoint > rises_from + 1e-6 ||
		     (out.axis[OMT_AXIS_HEIGHT].move &&
		      out.axis[OMT_AXIS_HEIGHT].target > from)))
			return true;
		/* The drives as the plant has them: a fault that does not
		 * last ends with the reset pulse, and each reports the
		 * enable it was written. */
		for (int a = 0; a < OMT_AXIS_COUNT; a++) {
			struct omt_axis_reading *r = &in.axis[a];

			if (out.axis[a].fault_reset && !w->plant[a].fault_lasts) {
				r->fault = false;
				r->drive_fault = OMT_DRIVE_FAULT_NONE;
			}
			r->enable_sent = out.axis[a].enable;
			r->enabled = r->enable_sent && !r->fault;
		}
	}
	return false;
}

static void nobody_trapped(struct explore_world *w)
{
	struct plant_axis *h = &w->plant[OMT_AXIS_HEIGHT];
	bool saved = h->obstruct, other_cause;

	/* Every cause but this one gone, and for a while: the core may
	 * still see a cause a sample or two old. */
	h->obstruct = false;
	other_cause = explore_cause_present(w, true);
	h->obstruct = saved;
	/* An input line that changes may be chattering, a cause that lasts
	 * the chatter window past its last change (R14). */
	if (w->lines != w->ck.trap_lines) {
		w->ck.trap_lines = w->lines;
		other_cause = true;
	}
	if (other_cause)
		w->ck.last_other_cause = w->cycle;
	if (w->cycle - w->ck.last_trap_probe < 50 || !h->obstruct ||
	    w->ck.obstructed_dir[OMT_AXIS_HEIGHT] >= 0 ||
	    w->cycle - w->ck.last_other_cause < 20 ||
	    w->logic.locked || !w->logic.faults.n ||
	    w->in.axis[OMT_AXIS_HEIGHT].position >=
		    w->logic.profile[OMT_AXIS_HEIGHT].limits.soft_max - 5.0)
		return;
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (fabs(w->plant[a].vel) > 1e-3)
			return;
	w->ck.last_trap_probe = w->cycle;
	if (!probe_escape(w))
		explore_violation(w, INV_NOBODY_TRAPPED,
				  "obstruction under the table at %.1f mm: ClearFaults, a MoveTo up and the up pedal all refused",
				  h->pos);
}

/*
 * A drive that runs to a target is told safely: never to run the other
 * way while it still runs (the drive refuses, or turns hard), at a speed
 * within every cap on the way to a target within the soft limits, and,
 * once told to stop, it stands within its own stopping distance from the
 * speed it had (the lag at that speed, then its stop ramp) and within
 * the axis's bound at top speed.  A stop a push disturbs is not judged.
 */
static void class_drive_bounded(struct explore_world *w)
{
	struct checker *ck = &w->ck;
	double dt = cycle_s(w);

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		const struct class_drive *d = &w->class_drive[a];
		const struct omt_axis_output *o = &w->out.axis[a];
		const struct omt_axis_limits *l = &w->params.limits[a];
		const struct omt_drive_model *m = &w->params.drive[a];
		double here = w->plant[a].pos;

		if (!explore_class_axis(w, a))
			continue;
		if (w->pushed_axes & EX_BIT(a))
			ck->pushed_cycle[a] = w->cycle + 1;
		/*
		 * A push carries the drive past the target it runs to: the
		 * runs told before the core saw it (a lag's worth, and the
		 * cycle it needs to see it) now point behind it.  Its refusal
		 * then is the push's doing, not a reversal the core told.
		 */
		if (d->reversals_refused != ck->refused_seen[a]) {
			ck->refused_seen[a] = d->reversals_refused;
			if (!ck->pushed_cycle[a] ||
			    w->cycle + 1 > ck->pushed_cycle[a] + d->lag + 1)
				explore_violation(w, INV_CLASS_DRIVE_BOUNDED,
						  "%s: told to run the other way while it ran",
						  omt_axis_name((enum omt_axis)a));
		}
		if (o->move) {
			double cap = omt_drive_leg_cap(l, w->logic.reading[a].position,
						       o->target);
			const struct omt_axis_limits *pl = &w->logic.profile[a].limits;

			if (!(o->speed > 0.0) || o->speed > cap * (1.0 + 1e-9))
				explore_violation(w, INV_CLASS_DRIVE_BOUNDED,
						  "%s: told %.3f/s towards %.2f, its cap there %.3f/s",
						  omt_axis_name((enum omt_axis)a),
						  o->speed, o->target, cap);
			double read = w->logic.reading[a].position;
			/* Pushed out of its range, a leashed drive is told
			 * back in a leash at a time: short of the limit, but
			 * on the way in from where it reads. */
			bool back_in = (o->target > pl->soft_max && o->target < read) ||
				       (o->target < pl->soft_min && o->target > read);

			if (!back_in && (o->target < pl->soft_min - 1e-9 ||
					 o->target > pl->soft_max + 1e-9))
				explore_violation(w, INV_CLASS_DRIVE_BOUNDED,
						  "%s: told to run to %.3f, outside %.2f..%.2f",
						  omt_axis_name((enum omt_axis)a),
						  o->target, pl->soft_min, pl->soft_max);
			/* One that would run on to it with its link cut is
			 * told no farther than its leash, and a retarget
			 * band at the end (R16). */
			if (fabs(o->target - read) >
			    omt_drive_leash(m, fmax(o->speed,
						    fabs(w->logic.reading[a].velocity)),
					    dt) + m->retarget + 1e-9 &&
			    omt_drive_runs_on_when_silent(m))
				explore_violation(w, INV_CLASS_DRIVE_BOUNDED,
						  "%s: told to run to %.3f, beyond its leash %.3f from %.3f",
						  omt_axis_name((enum omt_axis)a), o->target,
						  omt_drive_leash(m, fmax(o->speed,
									  fabs(w->logic.reading[a].velocity)),
								  dt),
						  read);
			ck->speed_told[a] = o->speed;
			ck->stopping[a] = false;
		} else if (ck->was_move[a] && d->vel != 0.0) {
			/* Its speed may still rise while the stop is on its
			 * way, up to what it was told. */
			double v = fmax(fabs(d->vel), ck->speed_told[a]);
			double vmax = l->max_speed;
			double bound = vmax * vmax /
					       (2.0 * omt_axis_limits_stop_decel(l)) +
				       vmax * omt_drive_lag_s(m) + vmax * dt;

			ck->stopping[a] = true;
			ck->stop_speed[a] = v;
			ck->stop_from[a] = here;
			ck->stop_dir[a] = d->vel > 0.0 ? 1 : -1;
			ck->stop_allowed[a] = fmin(omt_drive_stopping_distance(m, v, dt) +
						   v * dt, bound) + 1e-6;
		}
		ck->was_move[a] = o->move;
		if (!ck->stopping[a])
			continue;
		if (w->pushed_axes & EX_BIT(a)) {
			ck->stopping[a] = false;
			continue;
		}
		/* A late cycle is a late exchange: the stop reaches the drive
		 * (or it runs on) that much later. */
		ck->stop_allowed[a] += ck->stop_speed[a] * (double)w->late_ns / 1e9;
		if ((here - ck->stop_from[a]) * ck->stop_dir[a] > ck->stop_allowed[a])
			explore_violation(w, INV_CLASS_DRIVE_BOUNDED,
					  "%s: told to stop, ran on %.3f (allowed %.3f)",
					  omt_axis_name((enum omt_axis)a),
					  (here - ck->stop_from[a]) * ck->stop_dir[a],
					  ck->stop_allowed[a]);
		if (d->vel == 0.0)
			ck->stopping[a] = false;
	}
}

/* ---- the hooks ---- */

void explore_check_command(struct explore_world *w,
			   const struct omt_command *cmd,
			   const struct omt_motion *before,
			   enum omt_cmd_result result)
{
	if (result != OMT_CMD_OK)
		return;
	if (cmd->kind == OMT_CMD_MOVE_TO && cmd->owner != OMT_OWNER_LOCAL &&
	    (before->source == OMT_SOURCE_PEDAL ||
	     (before->source == OMT_SOURCE_COMMAND && !before->ending &&
	      before->owner == OMT_OWNER_LOCAL)))
		explore_violation(w, INV_PEDAL_OUTRANKS_BUS,
				  "a bus MoveTo was accepted over a motion the pedals hold (%s)",
				  before->source == OMT_SOURCE_PEDAL ? "pedal" : "preset pedal");
	if (cmd->kind != OMT_CMD_CLEAR_FAULTS)
		return;
	/* Causes the core has had a cycle to see, and that last. */
	if (w->estop_button && w->cycle > 0 &&
	    (w->in.inputs & EX_BIT(OMT_IN_ESTOP_A)))
		explore_violation(w, INV_CLEAR_REFUSED_WHILE_CAUSE,
				  "ClearFaults accepted with the e-stop pressed");
	if (w->kernel == OMT_INTERLOCK_DROPPED &&
	    w->in.interlock == OMT_INTERLOCK_DROPPED)
		explore_violation(w, INV_CLEAR_REFUSED_WHILE_CAUSE,
				  "ClearFaults accepted with the kernel interlock dropped");
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (w->plant[a].obstruct && w->in.axis[a].obstruction &&
		    w->in.axis[a].comm == OMT_COMM_OK)
			explore_violation(w, INV_CLEAR_REFUSED_WHILE_CAUSE,
					  "ClearFaults accepted with %s obstructed",
					  omt_axis_name((enum omt_axis)a));
	if (w->logic.faults.n) {
		char code[48];

		omt_fault_code(w->logic.faults.fault[0].kind,
			       w->logic.faults.fault[0].axis, code, sizeof(code));
		explore_violation(w, INV_CLEARED_FAULT_STAYS_CLEARED,
				  "ClearFaults answered success with %s still latched",
				  code);
	}
	/* Something injected this very cycle (applied before the command)
	 * is a new cause the core has not read yet. */
	w->ck.watch_clear = !explore_cause_present(w, true) &&
			    !(w->ck.injected && w->ck.injected_cycle == w->cycle);
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (fabs(w->plant[a].vel) > 1e-3)
			w->ck.watch_clear = false;
	w->ck.watch_clear_until = w->cycle + 100;
}

void explore_check_event(struct explore_world *w, const struct omt_event *ev)
{
	struct checker *ck = &w->ck;
	char code[48];

	if (ev->kind == OMT_EV_FAULT_RAISED) {
		omt_fault_set_raise(&ck->reported, ev->fault, ev->axis, false);
		/* Which way the axis was going when it met the obstruction
		 * (0: at rest, no way out is known).  A streamed setpoint
		 * that met the reading last cycle counted as held, but may
		 * have been passing the axis on a turn: its real step (as
		 * brakes()).  (A drive that runs to a target has its
		 * setpoint follow the reading at rest: that step is the
		 * drive settling, which the core counts as at rest.  One
		 * running exactly on its expected motion has its setpoint
		 * on the reading too, every cycle: the way it runs is its
		 * reading's speed, when it reads running as the core counts
		 * it: its running flag, or 1 % of the axis's top speed.  The
		 * last creep of its own stop (0.2 mm/s, flag still set) is
		 * running too: the core backs off from it, or lets it be
		 * escaped from (seeds 19032499, 19198125).)  A setpoint
		 * brought back onto a jammed or stalled axis by its fault
		 * jumps there in one cycle, no step a motion takes: the way
		 * the axis was driven is the step before that jump.  Taken
		 * for its way, a height driven up into a jam read as lowered
		 * onto the obstruction the drive then reported, and its
		 * escape downwards as none (seed 25090514). */
		if (ev->fault == OMT_FAULT_OBSTRUCTION && ev->axis < OMT_AXIS_COUNT) {
			const struct omt_axis_reading *r = &w->in.axis[ev->axis];
			const struct omt_axis_limits *l =
				&w->params.limits[ev->axis];
			double dt = cycle_s(w);
			double way = ck->speed_prev[ev->axis];
			double v = r->velocity;

			if (way == 0.0 && !explore_class_axis(w, ev->axis)) {
				way = ck->raw_step_prev[ev->axis];
				/* (Twice a stop's change of step: a late
				 * cycle's step is longer.) */
				if (way != 0.0 &&
				    fabs(way - ck->raw_step_before[ev->axis]) >
					    2.0 * omt_axis_limits_stop_decel(l) *
						    dt * dt + 1e-9)
					way = ck->raw_step_before[ev->axis];
			} else if (way == 0.0 &&
				 (r->moving ||
				  fabs(v) >= 0.01 * w->params.limits[ev->axis].max_speed))
				way = v;
			ck->obstructed_dir[ev->axis] = way > 0.0 ? 1
						       : way < 0.0 ? -1 : 0;
		}
		if (ck->watch_clear && w->cycle <= ck->watch_clear_until) {
			omt_fault_code(ev->fault, ev->axis, code, sizeof(code));
			explore_violation(w, INV_CLEARED_FAULT_STAYS_CLEARED,
					  "%s latched again %u cycles after a successful clear, no new cause",
					  code, 100 - (ck->watch_clear_until - w->cycle));
		}
	} else if (ev->kind == OMT_EV_FAULT_CLEARED) {
		struct omt_fault_set *set = &ck->reported;

		for (unsigned int i = 0; i < set->n; i++)
			if (set->fault[i].kind == ev->fault &&
			    set->fault[i].axis == ev->axis) {
				set->fault[i] = set->fault[--set->n];
				break;
			}
	}
}

void explore_check_injection(struct explore_world *w,
			     const struct explore_event *e)
{
	struct checker *ck = &w->ck;
	int a = e->a % OMT_AXIS_COUNT;
	const struct omt_monitor_params *mp = &w->params.fault_monitors.axis[a];

	switch (e->kind) {
	case EX_CMD:
	case EX_HOLDER:
	case EX_LATE:
		return;
	case EX_INPUT:
		/* Any line may chatter, or disagree with its twin. */
		break;
	case EX_OBSTRUCT:
		if (e->b && !ck->expect_fault_by[a]) {
			ck->expect_fault_by[a] = w->cycle + 3;
			snprintf(ck->expect_why[a], sizeof(ck->expect_why[a]),
				 "obstruction reported");
		}
		break;
	case EX_DRIVE_FAULT:
		if (!ck->expect_fault_by[a]) {
			ck->expect_fault_by[a] = w->cycle + 6;
			snprintf(ck->expect_why[a], sizeof(ck->expect_why[a]),
				 "drive fault %u reported", e->b);
		}
		break;
	case EX_PUSH: {
		/* The plant stops a push at the ends of its travel: what
		 * counts is how far the axis really went. */
		const struct plant_axis *pa = &w->plant[a];
		double moved = fmin(fmax(pa->pos + e->x, pa->travel_min),
				    pa->travel_max) - pa->pos;

		/* Pushed well past the uncommanded-motion limit after
		 * resting a second, and not a section free to fall. */
		if (fabs(moved) > 3.0 * mp->uncommanded_travel &&
		    fabs(moved) < mp->position_jump && ck->rest_cycles[a] >= 100 &&
		    !(OMT_AXIS_IS_DROP(a) &&
		      w->logic.drop[a - OMT_AXIS_CERVICAL].state == OMT_DROP_ARMED &&
		      moved < 0.0) && !ck->expect_fault_by[a]) {
			ck->expect_fault_by[a] = w->cycle + 3;
			snprintf(ck->expect_why[a], sizeof(ck->expect_why[a]),
				 "pushed %.1f at rest%s%s%s", moved,
				 OMT_AXIS_IS_DROP(a) ? " (" : "",
				 OMT_AXIS_IS_DROP(a)
					 ? omt_drop_state_name(w->logic.drop[a - OMT_AXIS_CERVICAL].state)
					 : "",
				 OMT_AXIS_IS_DROP(a) ? ")" : "");
		}
		break;
	}
	default:
		break;
	}
	ck->watch_clear = false;
	ck->injected = true;
	ck->injected_cycle = w->cycle;
}

void explore_check_cycle(struct explore_world *w)
{
	struct checker *ck = &w->ck;
	struct sample *s = &ck->hist[w->cycle % EX_HISTORY];

	s->valid = w->in.io_comm == OMT_COMM_OK;
	s->lines = w->in.inputs;
	ck->had_valid_before = ck->have_valid;
	ck->valid_lines_before = ck->last_valid_lines;
	if (s->valid) {
		ck->invalid_streak = 0;
		ck->last_valid_lines = s->lines;
		ck->have_valid = true;
	} else {
		ck->invalid_streak++;
	}

	estop_cuts_power(w);
	no_motion_while_locked(w);
	no_motion_while_faulted(w);
	released_hold_brakes(w);
	combination_boxes(w);
	setpoint_limits(w);
	drops_and_table_exclusive(w);
	no_edge_from_invalid_sample(w);
	faults_reported(w);
	faulted_drive_not_pushing(w);
	locked_drives_disabled(w);
	nobody_trapped(w);
	class_drive_bounded(w);

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		double step = step_of(w, a);

		ck->speed_prev[a] = w->out.axis[a].enable ? step : 0.0;
		ck->raw_step_before[a] = ck->raw_step_prev[a];
		ck->raw_step_prev[a] = w->out.axis[a].enable && ck->have_prev[a]
				       ? w->out.axis[a].setpoint - ck->sp_prev[a]
				       : 0.0;
		ck->sp_prev[a] = w->out.axis[a].setpoint;
		ck->have_prev[a] = true;
		/* A section firing drops onto its stop within one cycle: a
		 * change of position, not of velocity, ends its rest. */
		if (step == 0.0 && fabs(w->plant[a].vel) < 1e-6 &&
		    fabs(w->plant[a].pos - ck->plant_prev[a]) < 1e-6)
			ck->rest_cycles[a]++;
		else
			ck->rest_cycles[a] = 0;
		ck->plant_prev[a] = w->plant[a].pos;
	}
}
