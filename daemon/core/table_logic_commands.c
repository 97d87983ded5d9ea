// SPDX-License-Identifier: MIT
/*
 * The control core's commands.  Each one is checked completely before
 * anything changes, so a refused command leaves the table as it was; the
 * answer goes out as an OMT_EV_REPLY with the command's cookie.
 *
 * Order of the checks, which is the order of the contract's priorities:
 * malformed -> e-stop/interlock -> latched faults -> lockout -> the
 * request itself (range, rules, duty cycle).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "table_logic_internal.h"

struct verdict {
	enum omt_cmd_result result;
	char message[OMT_EVENT_MESSAGE_MAX];
};

static enum omt_cmd_result refuse(struct verdict *v, enum omt_cmd_result r,
				  const char *message)
{
	v->result = r;
	snprintf(v->message, sizeof(v->message), "%s", message);
	return r;
}

/* The state checks every motion command shares. */
static enum omt_cmd_result may_move(const struct omt_table_logic *logic,
				    struct verdict *v)
{
	if (logic_estop(logic))
		return refuse(v, OMT_CMD_INTERLOCK, "emergency stop active");
	/* Cut for the kernel's obstruction switch alone: faulted, so that
	 * the supervised escape may still be asked for. */
	if (logic->interlock_dropped && !logic->kernel_obstructed)
		return refuse(v, OMT_CMD_INTERLOCK, "interlock has cut drive power");
	if (logic->faults.n)
		return refuse(v, OMT_CMD_FAULTED, "faults latched: clear them first");
	if (logic->locked)
		return refuse(v, OMT_CMD_LOCKED, "table locked: unlock first");
	return OMT_CMD_OK;
}

static void start_legs(struct omt_table_logic *logic)
{
	struct omt_motion *m = &logic->motion;

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		bool now = m->axis_mask & BIT(a);

		if (m->plan == OMT_PATH_HEIGHT_FIRST)
			now = now && a == OMT_AXIS_HEIGHT;
		else if (m->plan == OMT_PATH_TILT_FIRST)
			now = now && a == OMT_AXIS_TILT;
		if (now)
			omt_profile_move_to(&logic->profile[a], m->target[a],
					    m->escape ? logic->params.escape_speed[a]
						      : 0);
		else
			omt_profile_stop(&logic->profile[a]);
	}
	m->second_leg_pending = m->plan == OMT_PATH_HEIGHT_FIRST ||
				m->plan == OMT_PATH_TILT_FIRST;
}

/*
 * Where an axis comes to rest if braked now, erring long: a re-targeted
 * motion brakes at max_accel (a stop at stop_decel, never less), plus two
 * cycles' travel for the step in flight, and for a drive that runs to a
 * target the lag's travel before it hears of the stop.
 */
double logic_stopping_point(const struct omt_table_logic *logic, int a)
{
	const struct omt_motion_profile *p = &logic->profile[a];
	double v = p->velocity;
	/* A drive's own braking may be gentler than its start (R16). */
	double brake = p->limits.brake_decel > 0.0
			       ? fmin(p->limits.brake_decel, p->limits.max_accel)
			       : p->limits.max_accel;
	double d = v * v / (2.0 * brake) + 2.0 * fabs(v) * logic->cycle_s +
		   fabs(v) * omt_drive_lag_s(&logic->params.drive[a]);
	double at = p->position + (v > 0.0 ? d : -d);

	if (omt_profile_at_rest(p))
		return p->position;
	return fmin(fmax(at, p->limits.soft_min), p->limits.soft_max);
}

/*
 * A MoveTo on a faulted table is taken only as the supervised escape: the
 * obstructed axis alone, away from the obstruction, within the escape's
 * travel; everything else stays FAULTED.  v still holds the FAULTED
 * verdict when this is no escape.
 */
static enum omt_cmd_result escape_request(const struct omt_table_logic *logic,
					  const struct omt_command *cmd,
					  struct verdict *v)
{
	const struct omt_escape_way *e = &logic->escape;
	double here, to, end;

	if (!e->dir || cmd->target_mask != BIT(e->axis))
		return v->result;
	here = logic->profile[e->axis].position;
	to = cmd->target[e->axis];
	if (!isfinite(to) || (to - here) * e->dir <= 0.0 ||
	    !logic_escape_allowed(logic, e->axis, e->dir))
		return v->result;
	end = logic_escape_limit(logic);
	if ((to - end) * e->dir > 0.0) {
		snprintf(v->message, sizeof(v->message),
			 "an escape from the obstruction goes no further than %s %.2f",
			 omt_axis_name(e->axis), end);
		v->result = OMT_CMD_OUT_OF_RANGE;
		return v->result;
	}
	return OMT_CMD_OK;
}

static enum omt_cmd_result move_to(struct omt_table_logic *logic,
				   const struct omt_command *cmd,
				   uint32_t *id_out, struct verdict *v)
{
	struct omt_pose start, actual, stop, target;
	enum omt_path_plan plan;
	struct omt_motion *m = &logic->motion;
	enum omt_cmd_result r;
	bool escape = false;

	if (cmd->target_mask == 0 || (cmd->target_mask & ~MOTION_AXES_MASK))
		return refuse(v, OMT_CMD_INVALID, "targets must name height or tilt");
	if (may_move(logic, v) != OMT_CMD_OK) {
		/* Faulted: only the supervised escape, if this is one. */
		if (v->result != OMT_CMD_FAULTED)
			return v->result;
		r = escape_request(logic, cmd, v);
		if (r != OMT_CMD_OK)
			return r;
		escape = true;
	}
	if (escape ? logic_escape_drop_blocks(logic) : logic_any_drop_blocks(logic))
		return refuse(v, OMT_CMD_INTERLOCK, "a drop section is armed or moving");
	if (logic->pedal.any_motion_pedal || m->source == OMT_SOURCE_PEDAL)
		return refuse(v, OMT_CMD_BUSY, "a pedal is moving the table");
	/* The operator at the table outranks the bus: a held preset pedal
	 * (and the recall it runs) is not replaced by a remote MoveTo. */
	if (cmd->owner != OMT_OWNER_LOCAL &&
	    (logic->pedal.preset_held ||
	     (m->source == OMT_SOURCE_COMMAND && m->owner == OMT_OWNER_LOCAL &&
	      !m->ending)))
		return refuse(v, OMT_CMD_BUSY, "a preset pedal is moving the table");
	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		const struct omt_axis_limits *l = &logic->profile[a].limits;
		int dir;

		start.pos[a] = logic->profile[a].position;
		/* Held back within its following error's give, an axis is
		 * not where its setpoint says: the plan covers both. */
		actual.pos[a] = logic->reading[a].present && logic->axis_synced[a]
					? logic->reading[a].position
					: start.pos[a];
		/* A motion in flight: plan from where each axis will stop. */
		stop.pos[a] = logic_stopping_point(logic, a);
		target.pos[a] = stop.pos[a];
		if (!(cmd->target_mask & BIT(a)))
			continue;
		if (!logic->reading[a].present)
			return refuse(v, OMT_CMD_NOT_FOUND, "no such axis fitted");
		if (!logic_axis_ready(logic, (enum omt_axis)a))
			return refuse(v, OMT_CMD_INTERLOCK, "the axis's drive is not ready");
		if (!isfinite(cmd->target[a]) || cmd->target[a] < l->soft_min ||
		    cmd->target[a] > l->soft_max) {
			snprintf(v->message, sizeof(v->message),
				 "%s must be within %.2f..%.2f",
				 omt_axis_name((enum omt_axis)a), l->soft_min,
				 l->soft_max);
			v->result = OMT_CMD_OUT_OF_RANGE;
			return v->result;
		}
		target.pos[a] = cmd->target[a];
		dir = target.pos[a] < start.pos[a] ? -1
						   : (target.pos[a] > start.pos[a]);
		if (logic_limit_blocks(logic, a, dir)) {
			snprintf(v->message, sizeof(v->message),
				 "the %s limit switch is reached: %s may only move away from it",
				 dir < 0 ? "lower" : "upper",
				 omt_axis_name((enum omt_axis)a));
			v->result = OMT_CMD_OUT_OF_RANGE;
			return v->result;
		}
	}
	plan = omt_rules_plan_lagging(&logic->params.rules, &start, &actual,
				      &stop, &target);
	if (plan == OMT_PATH_REFUSED)
		return refuse(v, OMT_CMD_OUT_OF_RANGE,
			      "a combination rule forbids that position or path");
	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		double s = omt_profile_estimate_s(&logic->profile[a].limits,
						  target.pos[a] - start.pos[a], 0);
		uint64_t need = (uint64_t)(s * 1e9);
		uint64_t left;

		if (!(cmd->target_mask & BIT(a)) || need == 0)
			continue;
		left = omt_duty_remaining_ns(&logic->duty[a], logic->now_ns);
		if (left < need) {
			uint64_t wait = omt_duty_wait_ns(&logic->duty[a],
							 logic->now_ns, need);

			if (wait == UINT64_MAX)
				snprintf(v->message, sizeof(v->message),
					 "duty cycle: %s needs %.1f s of motor time, more than its whole budget",
					 omt_axis_name((enum omt_axis)a), s);
			else
				snprintf(v->message, sizeof(v->message),
					 "duty cycle: %s needs %.1f s of motor time, %.1f s left; it fits in %.0f s",
					 omt_axis_name((enum omt_axis)a), s,
					 (double)left / 1e9,
					 ceil((double)wait / 1e9));
			v->result = OMT_CMD_BUSY;
			return v->result;
		}
	}

	/* Accepted: a motion already running gives way. */
	if (m->source == OMT_SOURCE_COMMAND)
		logic_motion_finished(logic, m->id, m->ending ? m->outcome
							    : OMT_OUTCOME_PREEMPTED);
	*m = (struct omt_motion){
		.source = OMT_SOURCE_COMMAND,
		.id = logic->next_motion_id++,
		.owner = cmd->owner,
		.last_hold_ns = logic->now_ns,
		.plan = plan,
		.axis_mask = cmd->target_mask,
		.escape = escape,
	};
	if (logic->next_motion_id == 0)
		logic->next_motion_id = 1;
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		m->target[a] = target.pos[a];
	start_legs(logic);
	if (escape)
		logic_log(logic, logic->escape.axis,
			  "%s: escape from the obstruction (motion %u), to %.2f at most",
			  omt_axis_name(logic->escape.axis), m->id,
			  logic_escape_limit(logic));
	logic->last_activity_ns = logic->now_ns;
	*id_out = m->id;
	return OMT_CMD_OK;
}

static enum omt_cmd_result hold(struct omt_table_logic *logic,
				const struct omt_command *cmd,
				struct verdict *v)
{
	struct omt_motion *m = &logic->motion;
	uint64_t stamp;

	if (m->source != OMT_SOURCE_COMMAND || m->ending ||
	    m->id != cmd->motion_id || m->owner != cmd->owner)
		return refuse(v, OMT_CMD_NOT_FOUND, "no such motion running");
	/*
	 * From when it was received: never later than now (clocks read on
	 * two threads), never before the last keep-alive.
	 */
	stamp = cmd->received_ns && cmd->received_ns < logic->now_ns
			? cmd->received_ns : logic->now_ns;
	if (stamp > m->last_hold_ns)
		m->last_hold_ns = stamp;
	logic->last_activity_ns = logic->now_ns;
	return OMT_CMD_OK;
}

/*
 * A latched obstruction whose cause lasts, on the axis the escape leads
 * away from (R15): the one lasting cause ClearFaults looks past.  The
 * kernel's obstruction switch shows as its interlock, cut for the switch
 * alone.
 */
static bool escape_obstruction(const struct omt_table_logic *logic,
			       const struct omt_active_fault *f)
{
	if (f->kind == OMT_FAULT_INTERLOCK)
		return logic->kernel_obstructed && logic->escape.dir;
	return f->kind == OMT_FAULT_OBSTRUCTION && logic->escape.dir &&
	       f->axis == logic->escape.axis;
}

/*
 * Acknowledge every latched fault but an escape's lasting obstruction.
 * Returns 0 when all were cleared, 1 when the obstruction stays and
 * others were cleared, -1 when it stays and nothing else was latched
 * (then nothing changed).
 */
static int acknowledge(struct omt_table_logic *logic)
{
	struct omt_fault_set *set = &logic->faults;
	unsigned int kept = 0;

	for (unsigned int i = 0; i < set->n; i++)
		if (set->fault[i].cause_present)
			kept++;
	if (kept && kept == set->n && !logic->estop_latched &&
	    (!logic->interlock_dropped || logic->kernel_obstructed))
		return -1;
	kept = 0;
	for (unsigned int i = 0; i < set->n; i++) {
		if (set->fault[i].cause_present) {
			set->fault[kept++] = set->fault[i];
			continue;
		}
		logic_fault_event(logic, false, set->fault[i].kind,
				  set->fault[i].axis);
	}
	set->n = kept;
	memset(logic->faults_lost, 0, sizeof(logic->faults_lost));
	if (!kept) {
		logic->escape.dir = 0;
		memset(logic->obstruction_way, 0,
		       sizeof(logic->obstruction_way));
	}
	logic->escape.new_fault = false;
	logic->estop_latched = false;
	logic->interlock_dropped = false;
	/*
	 * A back-off under way brakes (at stop_decel) where it is: it runs
	 * only while its obstruction is latched, and a clear that ended
	 * that but not its motion let the height run on to the back-off's
	 * end with nothing latched and nobody holding it.
	 */
	if (logic->reversing)
		omt_profile_stop(&logic->profile[OMT_AXIS_HEIGHT]);
	logic->reversing = false;
	logic->reverse_pending = false;
	logic->fault_reset_pulse = true;
	logic->reset_grace_until_ns = logic->now_ns +
				      FAULT_RESET_GRACE_CYCLES * logic->params.cycle_ns;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		logic->axis_disabled[a] = false;
		omt_axis_monitor_rebase(&logic->monitor[a]);
		/*
		 * An axis at rest is held where it stands; one still braking
		 * from the fault brakes on (its setpoint must not jump).
		 * "Where it stands" is the next fresh reading, taken in the
		 * step (step_profiles), not the one at hand: that is a cycle
		 * old, of an axis its drive may still be moving (settling on
		 * its setpoint, or bringing it back after a push), and a
		 * setpoint taken from it stepped back to where the axis had
		 * been, faster than the axis may go, with nobody holding.
		 */
		if (logic->axis_synced[a] &&
		    omt_profile_at_rest(&logic->profile[a]))
			logic->resync_when_fresh[a] = true;
	}
	/* A pedal held through the fault must be let go first. */
	omt_pedals_require_release(&logic->pedals, logic->inputs);
	logic->last_activity_ns = logic->now_ns;
	return kept ? 1 : 0;
}

static enum omt_cmd_result clear_faults(struct omt_table_logic *logic,
					const struct omt_command *cmd,
					struct verdict *v)
{
	struct omt_fault_set *set = &logic->faults;
	char code[48];
	int kept;

	/*
	 * Nothing latched: nothing to acknowledge, and nothing may change.
	 * Resynchronising the profiles here stepped a running motion's
	 * setpoint back to its lagging axis, and cut a two-leg motion's
	 * first leg short so that its second leg crossed a forbidden box.
	 * (Every e-stop and interlock latch holds a fault: the set is never
	 * empty while one is latched.)
	 */
	if (set->n == 0 && !logic->estop_latched && !logic->interlock_dropped) {
		if (logic->estop_input)
			return refuse(v, OMT_CMD_FAULTED,
				      "the e-stop is pressed or its state unknown");
		return OMT_CMD_OK;
	}
	for (unsigned int i = 0; i < set->n; i++) {
		const struct omt_active_fault *f = &set->fault[i];

		omt_fault_code(f->kind, f->axis, code, sizeof(code));
		if (f->cause_present && !escape_obstruction(logic, f)) {
			snprintf(v->message, sizeof(v->message),
				 "%s: its cause is still present", code);
			v->result = OMT_CMD_FAULTED;
			return v->result;
		}
		if (omt_fault_is_hardware(f->kind) &&
		    !cmd->may_clear_hardware_faults) {
			snprintf(v->message, sizeof(v->message),
				 "%s: clearing needs a service technician", code);
			v->result = OMT_CMD_FAULTED;
			return v->result;
		}
	}
	/* Pressed, or unknown (the I/O module lost), which is pressed; within
	 * the comms-lost window its last valid level stands (docs/safety.md
	 * R13). */
	if (logic->estop_input)
		return refuse(v, OMT_CMD_FAULTED, "the e-stop is pressed or its state unknown");

	/*
	 * Only the obstruction the escape leads away from lasts: it stays
	 * latched (the answer is FAULTED, naming it), and every other fault,
	 * whose cause is gone, is acknowledged.  Otherwise an e-stop pressed
	 * and released on a patient lowered onto something (or a drive's
	 * latch, or a lost I/O module) would keep the escape forbidden while
	 * the obstruction refuses the clear that ends it: trapped (R15).
	 */
	kept = acknowledge(logic);
	if (kept) {
		/* The one kept: the drive's obstruction or the kernel's. */
		omt_fault_code(set->fault[0].kind, set->fault[0].axis, code,
			       sizeof(code));
		snprintf(v->message, sizeof(v->message),
			 kept < 0 ? "%s: its cause is still present"
				  : "%s: its cause is still present; the other faults are cleared, the way out is the escape away from it",
			 code);
		v->result = OMT_CMD_FAULTED;
		return v->result;
	}
	return OMT_CMD_OK;
}

static enum omt_cmd_result drop_command(struct omt_table_logic *logic,
					const struct omt_command *cmd,
					struct verdict *v)
{
	enum omt_axis s = cmd->section;
	enum omt_cmd_result r;

	if (!OMT_AXIS_IS_DROP(s) || !logic->reading[s].present)
		return refuse(v, OMT_CMD_NOT_FOUND, "no such drop section");
	switch (cmd->kind) {
	case OMT_CMD_SET_TENSION:
		r = omt_drop_set_tension(&logic->drop[s - OMT_AXIS_CERVICAL],
					 cmd->level);
		if (r != OMT_CMD_OK)
			return refuse(v, r, "tension must be 1..10");
		logic_log(logic, s, "%s tension set to %u", omt_axis_name(s),
			  cmd->level);
		return OMT_CMD_OK;
	case OMT_CMD_ARM_DROP:
		r = logic_may_arm(logic, s);
		if (r == OMT_CMD_OUT_OF_RANGE)
			return refuse(v, r, "the cocked position is outside the section's travel");
		if (r != OMT_CMD_OK)
			return refuse(v, r, r == OMT_CMD_INTERLOCK
				      ? "arming needs the table stationary"
				      : "arming needs an unlocked table free of faults");
		logic_arm(logic, s);
		return OMT_CMD_OK;
	default:
		if (may_move(logic, v) != OMT_CMD_OK)
			return v->result;
		/* Lowering moves the section under the patient: not while
		 * the table moves (and the table waits while it lowers). */
		if (logic_table_moving(logic))
			return refuse(v, OMT_CMD_INTERLOCK,
				      "disarming needs the table stationary");
		if (!logic_axis_ready(logic, s))
			return refuse(v, OMT_CMD_INTERLOCK, "the section's drive is not ready");
		if (!logic_drop_target_ok(logic, s, logic->params.drops.down_position))
			return refuse(v, OMT_CMD_OUT_OF_RANGE,
				      "the down position is outside the section's travel");
		logic_disarm(logic, s);
		return OMT_CMD_OK;
	}
}

/*
 * Stop and Lock stop everything, a drop section being cocked too: it
 * brakes where it is and is not armed (drops.c, omt_drop_halt).
 */
static void halt_cocking(struct omt_table_logic *logic)
{
	for (int i = 0; i < OMT_DROP_SECTIONS; i++) {
		enum omt_axis s = (enum omt_axis)(OMT_AXIS_CERVICAL + i);
		struct omt_drop_section *d = &logic->drop[i];

		if (d->state != OMT_DROP_ARMING || d->lowering)
			continue;
		omt_profile_stop(&logic->profile[s]);
		omt_drop_halt(d);
		logic_log(logic, s, "%s: cocking stopped; not armed",
			  omt_axis_name(s));
	}
}

/*
 * Stop and Lock: every axis brakes, the obstruction back-off too (braking
 * towards it or already reversing: the operator's stop outranks the
 * automatic reaction, and a locked table moves for nobody), and a section
 * being cocked is halted.  A section being lowered goes on, towards its
 * rest.
 */
static void stop_everything(struct omt_table_logic *logic)
{
	logic_end_motion(logic, OMT_OUTCOME_STOPPED);
	logic->reversing = false;
	logic->reverse_pending = false;
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		omt_profile_stop(&logic->profile[a]);
	halt_cocking(logic);
}

static enum omt_cmd_result decide(struct omt_table_logic *logic,
				  const struct omt_command *cmd,
				  uint32_t *id, struct verdict *v)
{
	struct omt_motion *m = &logic->motion;

	switch (cmd->kind) {
	case OMT_CMD_MOVE_TO:
		return move_to(logic, cmd, id, v);
	case OMT_CMD_HOLD:
		return hold(logic, cmd, v);
	case OMT_CMD_STOP:
		stop_everything(logic);
		omt_pedals_require_release(&logic->pedals, logic->inputs);
		return OMT_CMD_OK;
	case OMT_CMD_ESTOP:
		logic_enter_estop(logic);
		return OMT_CMD_OK;
	case OMT_CMD_CLEAR_FAULTS:
		return clear_faults(logic, cmd, v);
	case OMT_CMD_LOCK:
		stop_everything(logic);
		logic->locked = true;
		return OMT_CMD_OK;
	case OMT_CMD_UNLOCK:
		if (logic->locked) {
			logic->locked = false;
			logic->last_activity_ns = logic->now_ns;
			omt_pedals_require_release(&logic->pedals, logic->inputs);
		}
		return OMT_CMD_OK;
	case OMT_CMD_ARM_DROP:
	case OMT_CMD_DISARM_DROP:
	case OMT_CMD_SET_TENSION:
		return drop_command(logic, cmd, v);
	case OMT_CMD_OWNER_GONE:
		if (m->source == OMT_SOURCE_COMMAND && !m->ending &&
		    m->owner == cmd->owner && cmd->owner != OMT_OWNER_LOCAL)
			logic_end_motion(logic, OMT_OUTCOME_RELEASED);
		return OMT_CMD_OK;
	default:
		return refuse(v, OMT_CMD_INVALID, "unknown command");
	}
}

void logic_recall_pedal_preset(struct omt_table_logic *logic, int input)
{
	const struct omt_pedal_preset *preset;
	struct omt_command move = {
		.kind = OMT_CMD_MOVE_TO,
		.owner = OMT_OWNER_LOCAL,
		.target_mask = MOTION_AXES_MASK,
	};
	struct verdict v = { .result = OMT_CMD_OK };
	uint32_t id;

	if (input < 0 || input >= OMT_PEDAL_INPUTS)
		return;
	preset = &logic->params.pedal_preset[input];
	if (!preset->valid) {
		logic_log(logic, OMT_AXIS_COUNT,
			  "preset pedal pressed, but its preset was not found at start-up");
		return;
	}
	memcpy(move.target, preset->target, sizeof(move.target));
	/* Held to run by the pedal, like any local motion: no reply. */
	if (decide(logic, &move, &id, &v) != OMT_CMD_OK)
		logic_log(logic, OMT_AXIS_COUNT,
			  "preset pedal: the move was refused (result %d): %s",
			  (int)v.result, v.message);
	else
		logic_log(logic, OMT_AXIS_COUNT,
			  "motion %u started by pedal: preset, height %.1f mm tilt %.1f deg",
			  id, move.target[OMT_AXIS_HEIGHT],
			  move.target[OMT_AXIS_TILT]);
}

enum omt_cmd_result omt_table_logic_command(struct omt_table_logic *logic,
					    const struct omt_command *cmd,
					    uint64_t now_ns,
					    uint32_t *motion_id_out)
{
	struct verdict v = { .result = OMT_CMD_OK };
	uint32_t id = 0;
	enum omt_cmd_result r;

	if (now_ns > logic->now_ns)
		logic->now_ns = now_ns;
	r = decide(logic, cmd, &id, &v);
	logic_reply(logic, cmd->cookie, r, r == OMT_CMD_OK ? id : 0,
		    r == OMT_CMD_OK ? NULL : v.message);
	if (motion_id_out)
		*motion_id_out = r == OMT_CMD_OK ? id : 0;
	logic_report_changes(logic);
	return r;
}
