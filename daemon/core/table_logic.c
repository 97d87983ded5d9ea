// SPDX-License-Identifier: MIT
/*
 * The control core's cycle: readings in, supervision, motion sources by
 * priority, setpoints out.  Commands are in table_logic_commands.c, the
 * event queue in table_logic_events.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "omt_regs.h"
#include "table_logic_internal.h"
#include "omt_time.h"


void omt_table_params_default(struct omt_table_params *params)
{
	memset(params, 0, sizeof(*params));
	params->cycle_ns = 10 * NSEC_PER_MSEC;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		omt_axis_limits_default(&params->limits[a], (enum omt_axis)a);
		omt_duty_params_default(&params->duty[a]);
	}
	params->travel_margin = 2.0;
	params->pedal_speed[OMT_AXIS_HEIGHT] = 25.0;
	params->pedal_speed[OMT_AXIS_TILT] = 3.0;
	params->escape_speed[OMT_AXIS_HEIGHT] = 5.0;
	params->escape_speed[OMT_AXIS_TILT] = 0.5;
	params->escape_travel[OMT_AXIS_HEIGHT] = 50.0;
	params->escape_travel[OMT_AXIS_TILT] = 5.0;
	params->hold_timeout_ns = 300 * NSEC_PER_MSEC;
	params->idle_lock_ns = 120 * NSEC_PER_SEC;
	omt_fault_monitor_params_default(&params->fault_monitors);
	omt_pedal_params_default(&params->pedals);
	omt_drop_params_default(&params->drops);
}

const char *omt_table_params_problem(const struct omt_table_params *params)
{
	const char *why;

	if (params->cycle_ns < 100000 || params->cycle_ns > 1000 * NSEC_PER_MSEC)
		return "cycle must be 0.1..1000 ms";
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		why = omt_axis_limits_problem(&params->limits[a]);
		if (why)
			return why;
		why = omt_drive_model_problem(&params->drive[a],
					      &params->limits[a],
					      (double)params->cycle_ns / 1e9);
		if (why)
			return why;
		/* A section's arming and dropping hold it by its setpoint. */
		if (OMT_AXIS_IS_DROP(a) &&
		    omt_drive_runs_to_target(&params->drive[a]))
			return "a drop section's drive must follow a streamed setpoint (cyclic)";
		if (params->duty[a].window_ns &&
		    params->duty[a].on_ns > params->duty[a].window_ns)
			return "duty on-time must not exceed its window";
	}
	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		if (!(params->pedal_speed[a] > 0.0) ||
		    params->pedal_speed[a] > params->limits[a].max_speed)
			return "pedal speed must be positive and within max_speed";
		if (!(params->escape_speed[a] > 0.0) ||
		    params->escape_speed[a] > params->limits[a].max_speed)
			return "escape speed must be positive and within max_speed";
		if (!(params->escape_travel[a] >= 0.0) ||
		    !isfinite(params->escape_travel[a]))
			return "escape travel must be finite and not negative";
	}
	if (!(params->travel_margin >= 0.0))
		return "travel margin must not be negative";
	if (params->hold_timeout_ns == 0)
		return "hold timeout must be positive";
	if (params->fault_monitors.comms_lost_ns < params->cycle_ns)
		return "comms-lost window must be at least one cycle";
	if (params->drops.default_tension < OMT_DROP_TENSION_MIN ||
	    params->drops.default_tension > OMT_DROP_TENSION_MAX)
		return "default drop tension must be 1..10";
	for (int a = OMT_AXIS_CERVICAL; a < OMT_AXIS_COUNT; a++) {
		const struct omt_axis_limits *l = &params->limits[a];

		if (params->drops.cocked_position < l->soft_min ||
		    params->drops.cocked_position > l->soft_max ||
		    params->drops.down_position < l->soft_min ||
		    params->drops.down_position > l->soft_max)
			return "drop positions must lie within the sections' limits";
	}
	if (!(params->drops.fall_travel > 0.0) ||
	    !(params->drops.fall_travel <
	      params->drops.cocked_position - params->drops.down_position))
		return "drop fall travel must be positive and less than the cocked stroke";
	return omt_rules_problem(&params->rules);
}

void omt_table_logic_init(struct omt_table_logic *logic,
			  const struct omt_table_params *params,
			  uint64_t now_ns)
{
	memset(logic, 0, sizeof(*logic));
	logic->params = *params;
	logic->cycle_s = (double)params->cycle_ns / 1e9;
	logic->now_ns = now_ns;
	logic->last_step_ns = now_ns;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		omt_profile_init(&logic->profile[a], &params->limits[a],
				 logic->cycle_s, 0.0);
		omt_axis_monitor_init(&logic->monitor[a]);
		omt_duty_init(&logic->duty[a], &params->duty[a], now_ns);
		/* How far a reading may move with time: the axis's own top
		 * speed, whatever the monitor params were given. */
		logic->params.fault_monitors.axis[a].max_speed =
			params->limits[a].max_speed;
	}
	omt_pedals_init(&logic->pedals, &params->pedals);
	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		omt_drop_init(&logic->drop[i], &params->drops);
	logic->locked = true;
	logic->last_activity_ns = now_ns;
	logic->next_motion_id = 1;
	logic->state = OMT_STATE_LOCKED;
	logic->reported_state = OMT_STATE_LOCKED;
	logic->reported_locked = true;
}

/* ---- helpers shared with the commands ---- */

bool logic_estop(const struct omt_table_logic *logic)
{
	return logic->estop_latched || logic->estop_input;
}

/*
 * A drive takes new motion while it is not lost: one late or corrupted
 * reply (noise on an RS-485 line, a busy gateway) does not refuse the
 * clinician's command, since the communication watchdog stops the motion
 * anyway once the failures last the comms-lost window.
 */
bool logic_axis_ready(const struct omt_table_logic *logic, enum omt_axis axis)
{
	return logic->reading[axis].present && logic->axis_synced[axis] &&
	       logic->reading[axis].verified &&
	       !logic_comms_lost(logic, axis) &&
	       !logic->axis_disabled[axis];
}

bool logic_comms_lost(const struct omt_table_logic *logic, enum omt_axis unit)
{
	const struct omt_comms_watch *w = unit >= OMT_AXIS_COUNT
		? &logic->io_comms : &logic->monitor[unit].comms;

	return omt_comms_watch_lost(w, logic->params.fault_monitors.comms_lost_ns,
				    logic->now_ns);
}

/*
 * A section blocks table motion while it is cocking, armed or being
 * lowered, and, whatever its state, while it stands raised above down
 * (pushed up while down and the fault cleared, fired short of its stop):
 * DisarmDrop lowers it.
 */
static bool section_blocks(const struct omt_table_logic *logic, int i)
{
	enum omt_axis a = (enum omt_axis)(OMT_AXIS_CERVICAL + i);
	const struct omt_drop_params *dp = &logic->params.drops;

	if (omt_drop_blocks_motion(&logic->drop[i]))
		return true;
	if (!logic->reading[a].present)
		return false;
	return omt_drop_raised(dp, logic->reading[a].position) ||
	       (logic->axis_synced[a] &&
		omt_drop_raised(dp, logic->profile[a].position));
}

/*
 * For the supervised escape only a section's state counts (cocking,
 * armed, being lowered): one merely found raised cannot fall, and
 * refusing the slow, held escape for it would leave the patient pressed
 * on the obstruction, since DisarmDrop, like every other motion, is
 * refused while the obstruction lasts (R15).
 */
bool logic_escape_drop_blocks(const struct omt_table_logic *logic)
{
	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		if (omt_drop_blocks_motion(&logic->drop[i]))
			return true;
	return false;
}

bool logic_any_drop_blocks(const struct omt_table_logic *logic)
{
	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		if (section_blocks(logic, i))
			return true;
	return false;
}

bool logic_table_moving(const struct omt_table_logic *logic)
{
	/* A drive that runs to a target may still run on its own ramp. */
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		if (!omt_profile_at_rest(&logic->profile[a]) ||
		    !logic_class_still(logic, a))
			return true;
	return logic->motion.source != OMT_SOURCE_NONE;
}

void logic_end_motion(struct omt_table_logic *logic,
		      enum omt_motion_outcome outcome)
{
	struct omt_motion *m = &logic->motion;

	if (m->source == OMT_SOURCE_NONE)
		return;
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		if (!(logic->reversing && a == OMT_AXIS_HEIGHT))
			omt_profile_stop(&logic->profile[a]);
	m->second_leg_pending = false;
	if (m->source == OMT_SOURCE_COMMAND && !m->ending) {
		m->ending = true;
		m->outcome = outcome;
	}
}

void logic_raise(struct omt_table_logic *logic, enum omt_fault_kind kind,
		 enum omt_axis axis, bool cause_present)
{
	struct omt_fault_set *set = &logic->faults;

	/*
	 * The last slot is kept for fault-overflow: a fault that finds the
	 * set full is not lost silently.  It is logged, and the overflow
	 * fault keeps the table stopped until someone has looked.
	 */
	if (kind != OMT_FAULT_OVERFLOW && set->n >= OMT_MAX_ACTIVE_FAULTS - 1 &&
	    !omt_fault_set_has(set, kind, axis)) {
		char code[48];

		uint32_t *lost = &logic->faults_lost[axis < OMT_AXIS_COUNT
						     ? axis : OMT_AXIS_COUNT];

		/* A monitor finds it again every cycle: log it once. */
		if (!(*lost & BIT(kind))) {
			*lost |= BIT(kind);
			omt_fault_code(kind, axis, code, sizeof(code));
			logic_log(logic, axis,
				  "%s not latched: the fault set is full", code);
		}
		logic_raise(logic, OMT_FAULT_OVERFLOW, OMT_AXIS_COUNT, false);
		logic_end_motion(logic, OMT_OUTCOME_FAULT);
		return;
	}
	if (!omt_fault_set_raise(set, kind, axis, cause_present))
		return;
	logic_fault_event(logic, true, kind, axis);
	logic_end_motion(logic, OMT_OUTCOME_FAULT);
	/*
	 * A new fault ends a supervised escape under way (R15), whatever its
	 * cause does next, until ClearFaults acknowledges it: a jam met on
	 * the way out latched a stall whose cause does not last, and the
	 * escape went on pushing into the jam.  The obstruction escaped
	 * from, and the kernel's interlock cut for it, are the way's own.
	 * (escaping is the last cycle's: the monitors run before the
	 * motion.)
	 */
	if (logic->escape.dir && logic->escaping &&
	    !(kind == OMT_FAULT_OBSTRUCTION && axis == logic->escape.axis) &&
	    !(kind == OMT_FAULT_INTERLOCK && logic->kernel_obstructed))
		logic->escape.new_fault = true;
}

/* Every drive stops where it is, as an e-stop stops it. */
static void stop_as_estop(struct omt_table_logic *logic)
{
	logic_end_motion(logic, OMT_OUTCOME_FAULT);
	logic->reversing = false;
	logic->reverse_pending = false;
	/* The setpoints follow the axes. */
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		omt_profile_resync(&logic->profile[a], logic->reading[a].position);
}

void logic_enter_estop(struct omt_table_logic *logic)
{
	/* A command e-stop has no lasting cause; a pressed button has. */
	logic->estop_latched = true;
	logic_raise(logic, OMT_FAULT_ESTOP, OMT_AXIS_COUNT, logic->estop_input);
	/* Every drive stops where it is: the setpoints follow the axes. */
	stop_as_estop(logic);
}

enum omt_cmd_result logic_may_arm(const struct omt_table_logic *logic,
				  enum omt_axis section)
{
	if (logic_estop(logic) || logic->interlock_dropped)
		return OMT_CMD_INTERLOCK;
	if (logic->faults.n)
		return OMT_CMD_FAULTED;
	if (logic->locked)
		return OMT_CMD_LOCKED;
	if (logic_table_moving(logic) || !logic_axis_ready(logic, section))
		return OMT_CMD_INTERLOCK;
	if (!logic_drop_target_ok(logic, section,
				  logic->params.drops.cocked_position))
		return OMT_CMD_OUT_OF_RANGE;
	return OMT_CMD_OK;
}

bool logic_drop_target_ok(const struct omt_table_logic *logic,
			  enum omt_axis section, double target)
{
	const struct omt_axis_limits *l = &logic->profile[section].limits;

	return target >= l->soft_min && target <= l->soft_max;
}

void logic_arm(struct omt_table_logic *logic, enum omt_axis section)
{
	struct omt_drop_section *d = &logic->drop[section - OMT_AXIS_CERVICAL];
	double target;

	/*
	 * An armed section that must move to its cocked position again (it
	 * fell unreported, or sagged within the tolerance and was held where
	 * it was) is cocked again: that is arming (Stop and Lock halt it),
	 * not "armed" on the way up.
	 */
	if (d->state == OMT_DROP_ARMED &&
	    (omt_drop_fallen(&logic->params.drops, logic->reading[section].position) ||
	     logic->profile[section].position != logic->params.drops.cocked_position))
		d->state = OMT_DROP_ARMING;
	target = omt_drop_arm(d, &logic->params.drops);
	omt_profile_move_to(&logic->profile[section], target, 0);
	logic->last_activity_ns = logic->now_ns;
	logic_log(logic, section, "%s: arming (tension %u)",
		  omt_axis_name(section), d->tension);
}

void logic_disarm(struct omt_table_logic *logic, enum omt_axis section)
{
	struct omt_drop_section *d = &logic->drop[section - OMT_AXIS_CERVICAL];
	struct omt_motion_profile *p = &logic->profile[section];
	double target = omt_drop_disarm(d, &logic->params.drops);

	/*
	 * A section resting down already has nowhere to go.  A move of no
	 * length would still count as motion for a cycle and start the
	 * uncommanded-motion watch's settle time afresh: a push within it
	 * went unreported.
	 */
	if (!omt_profile_at_rest(p) || p->position != target)
		omt_profile_move_to(p, target, 0);
	logic->last_activity_ns = logic->now_ns;
	logic_log(logic, section, "%s: disarming", omt_axis_name(section));
}

/* ---- the cycle ---- */

static bool drop_free_to_move(const struct omt_table_logic *logic, int a);
static bool drop_may_fall(const struct omt_table_logic *logic, int a);
static void react(struct omt_table_logic *logic, enum omt_fault_kind kind,
		  enum omt_axis a);

/* How far outside its own travel a drive may report itself (rounding). */
#define TRAVEL_READING_TOLERANCE 0.5

/*
 * A well-framed reply can still carry an impossible position (a drive's
 * firmware fault, a garbled gateway, every register 0xFFFF): outside the
 * drive's own travel, or further from the last reading than the axis can
 * have moved since (omt_position_jumped(): at its top speed for the time
 * between the two, that time capped, plus a margin).  Such a reading is a fault, and it is never taken:
 * whatever follows the readings (a stop's setpoints, the profile's
 * resync) keeps following the last believable one.
 *
 * A position inside the travel that only jumped may be real (an axis that
 * slipped): once the technician has cleared the fault it latched, the
 * next such reading is the axis's new position.  One outside the travel
 * never is.
 */
enum reading_verdict { READING_OK, READING_JUMPED, READING_IMPOSSIBLE };

static enum reading_verdict judge_reading(const struct omt_table_logic *logic,
					  int a, const struct omt_axis_reading *r)
{
	const struct omt_monitor_params *mp =
		&logic->params.fault_monitors.axis[a];
	/*
	 * After a refused reading, the reach is what the axis can have moved
	 * since that one: readings refused one after another still jump.
	 * Over the time since the last believable one, a wrong position
	 * read on and on came within reach as that time grew, and was taken
	 * with no clear; the monitor, which had seen it all along, latched
	 * position-jump again after the clear.
	 */
	uint64_t from_ns = logic->reading_refused[a] ? logic->refused_ns[a]
						     : logic->reading_ns[a];

	if (!isfinite(r->position))
		return READING_IMPOSSIBLE;
	if (r->travel_known &&
	    (r->position < r->travel_min - TRAVEL_READING_TOLERANCE ||
	     r->position > r->travel_max + TRAVEL_READING_TOLERANCE))
		return READING_IMPOSSIBLE;
	/* A fired drop section falls onto its stop in one reading. */
	if (!logic->axis_synced[a] || drop_free_to_move(logic, a) ||
	    (drop_may_fall(logic, a) && r->position < logic->reading[a].position) ||
	    !omt_position_jumped(mp, logic->reading[a].position, from_ns,
				 r->position, omt_reading_time(r, logic->now_ns)))
		return READING_OK;
	return READING_JUMPED;
}

/* Whether the reading may be taken; raises the fault when it may not. */
static bool take_or_refuse(struct omt_table_logic *logic, int a,
			   const struct omt_axis_reading *r)
{
	enum reading_verdict v = judge_reading(logic, a, r);
	bool latched = omt_fault_set_has(&logic->faults,
					 OMT_FAULT_POSITION_JUMP,
					 (enum omt_axis)a);

	if (v == READING_OK) {
		logic->reading_refused[a] = false;
		return true;
	}
	if (v == READING_JUMPED && logic->reading_refused[a] && !latched) {
		/* Cleared since: the axis is where it says it is. */
		logic->reading_refused[a] = false;
		omt_profile_resync(&logic->profile[a], r->position);
		omt_axis_monitor_init(&logic->monitor[a]);
		return true;
	}
	if (!latched) {
		logic_raise(logic, OMT_FAULT_POSITION_JUMP, (enum omt_axis)a,
			    false);
		react(logic, OMT_FAULT_POSITION_JUMP, (enum omt_axis)a);
	}
	logic->reading_refused[a] = true;
	logic->refused_ns[a] = omt_reading_time(r, logic->now_ns);
	return false;
}

static void take_readings(struct omt_table_logic *logic,
			  const struct omt_cycle_inputs *in)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omt_axis_reading *r = &in->axis[a];
		struct omt_axis_limits *l = &logic->profile[a].limits;

		if (r->present && r->comm == OMT_COMM_OK && r->travel_known &&
		    !logic->travel_fitted[a]) {
			/* A drop section rests on its end stop by design. */
			double margin = OMT_AXIS_IS_DROP(a)
						? 0.0 : logic->params.travel_margin;

			logic->travel_fitted[a] = true;
			if (!omt_axis_limits_fit_travel(l, r->travel_min,
							r->travel_max, margin))
				logic_raise(logic, OMT_FAULT_LIMIT, (enum omt_axis)a,
					    false);
		}
		if (r->present && r->comm == OMT_COMM_OK &&
		    !take_or_refuse(logic, a, r)) {
			/*
			 * The values stay the last believable ones, but the
			 * drive did answer: a failed exchange before it must
			 * not look lasting (it would block the very clear
			 * that lets a real jump be taken).
			 */
			logic->reading[a].present = true;
			logic->reading[a].comm = OMT_COMM_OK;
			continue;
		}
		/* A failed exchange keeps the last good values. */
		if (r->comm == OMT_COMM_OK || !r->present) {
			logic->reading[a] = *r;
			logic->reading_ns[a] = omt_reading_time(r, logic->now_ns);
		}
		logic->reading[a].present = r->present;
		logic->reading[a].comm = r->comm;
		logic->reading[a].stale = r->stale;
		logic->reading[a].verified = r->verified;
		logic->reading[a].verify_failed = r->verify_failed;
		/* The wrong drive on this address, or one that cannot be made
		 * safe: the table must not move. */
		if (r->present && r->verify_failed &&
		    !omt_fault_set_has(&logic->faults, OMT_FAULT_DRIVE_IDENTITY,
				       (enum omt_axis)a))
			logic_raise(logic, OMT_FAULT_DRIVE_IDENTITY,
				    (enum omt_axis)a, true);
		if (!r->present || r->comm != OMT_COMM_OK)
			continue;
		if (!logic->axis_synced[a]) {
			omt_profile_resync(&logic->profile[a], r->position);
			logic->axis_synced[a] = true;
		}
	}
}

static void watch_io(struct omt_table_logic *logic,
		     const struct omt_cycle_inputs *in)
{
	bool valid = in->io_comm == OMT_COMM_OK;

	if (valid) {
		/* A stale reading is no new exchange (unless it ends a
		 * failure). */
		if (!in->io_stale || logic->io_comms.failing)
			omt_comms_watch_ok(&logic->io_comms, logic->now_ns);
		logic->inputs = in->inputs;
	} else {
		/* logic->inputs keeps the last valid sample: levels stand. */
		if (!in->io_stale || !logic->io_comms.failing)
			omt_comms_watch_failed(&logic->io_comms, in->io_comm,
					       logic->now_ns);
		if (logic_comms_lost(logic, OMT_AXIS_COUNT))
			logic_raise(logic,
				    omt_comm_fault_kind(logic->io_comms.last_failure),
				    OMT_AXIS_COUNT, true);
	}
	omt_pedals_update(&logic->pedals, in->inputs, valid, logic->now_ns,
			  &logic->pedal);
	if (logic->pedal.mismatch)
		logic_raise(logic, OMT_FAULT_PEDAL_MISMATCH, OMT_AXIS_COUNT, true);
	if (logic->pedal.chatter)
		logic_raise(logic, OMT_FAULT_INPUT_CHATTER, OMT_AXIS_COUNT, true);
}

/*
 * The kernel's obstruction switch cut power: the way out, should it stay
 * pressed, is away from the one motion axis that was moving (before the
 * profiles are brought to rest).  Met at rest, or with both axes moving,
 * there is no known "away" and no escape.  No automatic back-off: the
 * drives have no power; only the supervised escape, with the kernel's
 * grant, moves the table.
 */
/*
 * The way an axis moved when the kernel's obstruction switch cut power:
 * its expected motion's; at rest, a drive that runs to a target still
 * running on its own stop (its reading), or an axis coasting after a
 * following error or a stall (its setpoint brought to it every cycle).
 * The drive-reported obstruction takes its way so (react()); taken for
 * one met at rest, there was no escape while the switch stayed pressed.
 */
static double kernel_obstruction_way(const struct omt_table_logic *logic,
				     int a)
{
	double way = logic->profile[a].velocity;

	if (way == 0.0 && !logic_class_still(logic, a))
		way = logic->reading[a].velocity;
	if (way == 0.0 && logic->coast_dir[a] &&
	    logic->now_ns - logic->coast_since_ns[a] <
		    logic->params.fault_monitors.axis[a].settle_ns)
		way = logic->coast_dir[a];
	return way;
}

static void note_kernel_obstruction(struct omt_table_logic *logic)
{
	int moving = -1, n = 0;
	double way = 0.0;

	for (int a = 0; a < OMT_MOTION_AXES; a++)
		if (kernel_obstruction_way(logic, a) != 0.0) {
			moving = a;
			way = kernel_obstruction_way(logic, a);
			n++;
		}
	if (logic->escape.dir)
		return;
	if (n != 1) {
		logic_log(logic, OMT_AXIS_COUNT,
			  "kernel obstruction switch: %s; no escape direction known",
			  n ? "both axes were moving" : "met at rest");
		return;
	}
	logic->escape = (struct omt_escape_way){
		.axis = (enum omt_axis)moving,
		.dir = way < 0.0 ? 1 : -1,
		.from = logic->reading[moving].position,
	};
	logic_log(logic, (enum omt_axis)moving,
		  "%s: kernel obstruction switch while moving %s; escape %s only",
		  omt_axis_name((enum omt_axis)moving),
		  logic->escape.dir > 0 ? "down" : "up",
		  logic->escape.dir > 0 ? "up" : "down");
}

static void watch_estop_and_interlock(struct omt_table_logic *logic,
				      const struct omt_cycle_inputs *in)
{
	const uint32_t io_estop = BIT(OMT_IN_ESTOP_A) | BIT(OMT_IN_ESTOP_B);
	bool unknown = logic_comms_lost(logic, OMT_AXIS_COUNT);
	/* The I/O module's last valid level stands within the comms window. */
	bool pressed = in->estop || (logic->inputs & io_estop);

	/*
	 * At the limit the e-stop is unknown, and unknown is pressed: the
	 * drives quick-stop and lose power (logic_estop) for as long as it
	 * lasts.  What latches is the I/O module's communication fault
	 * (watch_io); the e-stop latches only on a press seen.  An unknown
	 * state latched as an e-stop would forbid the obstruction's escape
	 * (R15) until a ClearFaults the obstruction itself refuses: a patient
	 * lowered onto something, then a few lost samples, was trapped.
	 */
	if (unknown && !logic->estop_unknown && !logic_estop(logic))
		stop_as_estop(logic);
	logic->estop_unknown = unknown;
	logic->estop_input = pressed || unknown;
	if (pressed && !logic->estop_latched)
		logic_enter_estop(logic);
	logic->kernel_obstructed = in->interlock == OMT_INTERLOCK_OBSTRUCTED;
	if ((in->interlock == OMT_INTERLOCK_DROPPED || logic->kernel_obstructed) &&
	    !logic->interlock_dropped) {
		if (logic->kernel_obstructed)
			note_kernel_obstruction(logic);
		logic->interlock_dropped = true;
		logic_raise(logic, OMT_FAULT_INTERLOCK, OMT_AXIS_COUNT, true);
		for (int a = 0; a < OMT_AXIS_COUNT; a++)
			omt_profile_resync(&logic->profile[a],
					   logic->reading[a].position);
		logic->reversing = false;
		logic->reverse_pending = false;
	} else if (in->interlock != OMT_INTERLOCK_DROPPED &&
		   !logic->kernel_obstructed && logic->interlock_dropped) {
		/*
		 * The kernel gives power back (its own latch was cleared):
		 * the drives may hold the axes again, and the fault stays
		 * latched until ClearFaults.  Keeping power off until then
		 * would forbid the obstruction's escape (R15) while the
		 * obstruction refuses the clear: trapped.
		 */
		logic->interlock_dropped = false;
		logic_log(logic, OMT_AXIS_COUNT,
			  "kernel interlock gives drive power back; the interlock fault stays latched");
	}
}

/*
 * A locked table powers nothing it need not: an axis at rest has its drive
 * switched off.  A section cocking or cocked keeps its drive, which holds
 * it: switched off, it could drop under the patient.  One whose lowering
 * was halted (a fault) from down or fired is no cocked section: off.
 */
static bool off_while_locked(const struct omt_table_logic *logic, int a)
{
	enum omt_drop_state s;

	if (!logic->locked || !omt_profile_at_rest(&logic->profile[a]))
		return false;
	if (!OMT_AXIS_IS_DROP(a))
		return true;
	s = logic->drop[a - OMT_AXIS_CERVICAL].state;
	return s != OMT_DROP_ARMING && s != OMT_DROP_ARMED;
}

bool logic_limit_blocks(const struct omt_table_logic *logic, int axis, int dir)
{
	if (axis != OMT_AXIS_HEIGHT)
		return false;
	return (dir < 0 && logic->limit_low) || (dir > 0 && logic->limit_high);
}

/* The direction an axis's profile is heading in: +1, -1 or 0. */
static int heading(const struct omt_motion_profile *p)
{
	double d = p->velocity;

	if (d == 0.0 && p->mode == OMT_PROFILE_MOVING)
		d = p->target - p->position;
	return d > 0.0 ? 1 : (d < 0.0 ? -1 : 0);
}

/*
 * The kernel's limit switches: an axis heading into a reached limit stops
 * in this very cycle, its setpoint where it stands (braking on would drive
 * it past the switch into the end stop).  No fault is latched, so the way
 * back stays open; motion away from the limit is allowed.
 */
static void watch_kernel_limits(struct omt_table_logic *logic,
				const struct omt_cycle_inputs *in)
{
	struct omt_motion_profile *p = &logic->profile[OMT_AXIS_HEIGHT];
	int dir;

	logic->limit_low = in->limit_low;
	logic->limit_high = in->limit_high;
	dir = heading(p);
	if (!dir || !logic_limit_blocks(logic, OMT_AXIS_HEIGHT, dir))
		return;
	logic_log(logic, OMT_AXIS_HEIGHT, "height: %s limit switch reached; stopped",
		  dir < 0 ? "lower" : "upper");
	if (logic->motion.source == OMT_SOURCE_COMMAND &&
	    (logic->motion.axis_mask & BIT(OMT_AXIS_HEIGHT)))
		logic_end_motion(logic, OMT_OUTCOME_STOPPED);
	logic->reversing = false;
	logic->reverse_pending = false;
	omt_profile_resync(p, logic->reading[OMT_AXIS_HEIGHT].position);
}

/*
 * An unverified drive (the runtime has not yet checked, on this
 * connection, that it is the drive the axis expects) is never enabled.
 */
static bool axis_enabled(const struct omt_table_logic *logic, int a)
{
	/* The kernel's escape grant powers the escaping axis only. */
	bool escape_power = logic->kernel_obstructed && logic->escaping &&
			    a == (int)logic->escape.axis;

	return logic->axis_synced[a] && logic->reading[a].verified &&
	       !logic->axis_disabled[a] &&
	       !logic_estop(logic) &&
	       (!logic->interlock_dropped || escape_power) &&
	       !off_while_locked(logic, a);
}

bool logic_escape_allowed(const struct omt_table_logic *logic, int axis,
			  int dir)
{
	const struct omt_escape_way *e = &logic->escape;

	if (!e->dir || e->new_fault || (int)e->axis != axis || dir != e->dir ||
	    !logic->faults.n ||
	    logic_estop(logic) ||
	    (logic->interlock_dropped && !logic->kernel_obstructed) || logic->locked ||
	    logic_escape_drop_blocks(logic) || logic->reversing ||
	    !logic_axis_ready(logic, (enum omt_axis)axis) ||
	    logic_limit_blocks(logic, axis, dir))
		return false;
	/*
	 * Not while the axis still brakes towards the obstruction: turning
	 * it round at once would brake at max_accel only, pressing further
	 * in than the stop (at stop_decel) it is making.
	 */
	if (logic->profile[axis].velocity * dir < 0.0)
		return false;
	for (unsigned int i = 0; i < logic->faults.n; i++) {
		const struct omt_active_fault *f = &logic->faults.fault[i];

		/* The kernel's obstruction switch shows as its interlock
		 * holding power off; the escape asks it for a grant. */
		if (f->cause_present &&
		    !(f->kind == OMT_FAULT_OBSTRUCTION && f->axis == e->axis) &&
		    !(f->kind == OMT_FAULT_INTERLOCK && logic->kernel_obstructed))
			return false;
	}
	return true;
}

double logic_escape_limit(const struct omt_table_logic *logic)
{
	const struct omt_escape_way *e = &logic->escape;
	const struct omt_axis_limits *l = &logic->profile[e->axis].limits;
	double end = e->from + e->dir * logic->params.escape_travel[e->axis];

	return fmin(fmax(end, l->soft_min), l->soft_max);
}

/* What an axis fault does beyond stopping the motion. */
static void react(struct omt_table_logic *logic, enum omt_fault_kind kind,
		  enum omt_axis a)
{
	struct omt_motion_profile *p = &logic->profile[a];
	double way = p->velocity;

	switch (kind) {
	case OMT_FAULT_OBSTRUCTION:
		/*
		 * A drive that runs to a target may still run on, a lag or
		 * its own soft stop after the motion expected of it ended
		 * (a Stop): the way it met the obstruction is the way it
		 * reads running.  Taken for one at rest, a table lowered
		 * onto something that way neither backed off nor had an
		 * escape: ClearFaults, a MoveTo up and the up pedal were all
		 * refused while the obstruction lasted.
		 */
		if (way == 0.0 && a < OMT_MOTION_AXES &&
		    !logic_class_still(logic, a))
			way = logic->reading[a].velocity;
		/* The way out, should the obstruction last: away from it. */
		if (a < OMT_MOTION_AXES) {
			/*
			 * An axis coasting after a following error or a stall
			 * has its setpoint brought to it every cycle (the
			 * profile's speed 0), yet it still moves the way it
			 * went: that is the way it met the obstruction.
			 * Taken for one met at rest, a height pushed while
			 * lowering and then carried onto something had no
			 * escape, and a lasting obstruction refused
			 * ClearFaults, a MoveTo up and the up pedal alike
			 * (explorer seed 19259044).  No back-off from a coast:
			 * a drive not following is not run on by itself.  A
			 * coast_dir older than settle_ns is no coast (the axis
			 * switched off mid-coast is not looked at again).
			 */
			uint64_t settle =
				logic->params.fault_monitors.axis[a].settle_ns;
			double met = way;

			if (met == 0.0 && logic->coast_dir[a] &&
			    logic->now_ns - logic->coast_since_ns[a] < settle)
				met = logic->coast_dir[a];

			logic->obstruction_way[a] = (struct omt_escape_way){
				.axis = a,
				.dir = met < 0.0 ? 1 : met > 0.0 ? -1 : 0,
				.from = logic->reading[a].position,
			};
			if (!logic->escape.dir)
				logic->escape = logic->obstruction_way[a];
		}
		/*
		 * Lowering onto something: brake as a stop does (stop_decel,
		 * the shortest way to rest), then back off upwards
		 * (start_back_off), then stop.  Re-targeting upwards at once
		 * would brake at max_accel only, pressing further in first.
		 */
		if (a == OMT_AXIS_HEIGHT && way < 0.0) {
			omt_profile_stop(p);
			logic->reversing = true;
			logic->reverse_pending = true;
		}
		break;
	case OMT_FAULT_FOLLOWING_ERROR:
	case OMT_FAULT_STALL:
		/*
		 * The axis is not where it was told to be (jammed, pushing):
		 * the setpoint comes back to where it is, in this very cycle.
		 * Braking from a setpoint ahead of it would keep the drive
		 * pushing, and move the axis by itself once the jam clears.
		 * An axis still carried on by its momentum is followed until
		 * it stops (coast): held behind it, the drive would pull it
		 * back the way it came.
		 */
		if (p->velocity != 0.0) {
			logic->coast_dir[a] = p->velocity > 0.0 ? 1 : -1;
			logic->coast_since_ns[a] = logic->now_ns;
			logic->coast_last[a] = logic->reading[a].position;
		}
		omt_profile_resync(p, logic->reading[a].position);
		/*
		 * The obstruction back-off, braking or under way, ends with
		 * it: its way up was measured from a height the axis is no
		 * longer at.  Pushed up while the back-off waited to turn,
		 * the height was backed off 10 mm more from where the push
		 * left it, the setpoint jumping 9.3 mm to it in one cycle
		 * (explorer seed 12085067).  The supervised escape stays.
		 */
		if (a == OMT_AXIS_HEIGHT && logic->reversing) {
			logic->reversing = false;
			logic->reverse_pending = false;
			logic_log(logic, (enum omt_axis)a,
				  "height: %s during the obstruction back-off: back-off ended",
				  kind == OMT_FAULT_STALL ? "stall" : "following error");
		}
		break;
	case OMT_FAULT_LIMIT:
		break;
	default:
		/* The drive cannot be trusted or reached: disable it. */
		logic->axis_disabled[a] = true;
		omt_profile_resync(p, logic->reading[a].position);
		break;
	}
}

/*
 * An armed section may fall (that is its job), never rise: one pushed up
 * is uncommanded motion (the monitor's may_fall).
 */
static bool drop_may_fall(const struct omt_table_logic *logic, int a)
{
	const struct omt_drop_section *d;

	if (!OMT_AXIS_IS_DROP(a))
		return false;
	d = &logic->drop[a - OMT_AXIS_CERVICAL];
	return d->state == OMT_DROP_ARMED && !d->lowering;
}

/*
 * A fired section goes on falling for a settle time; after that it is
 * supervised like any axis, so one that rises or jumps by itself is
 * caught.
 */
static bool drop_free_to_move(const struct omt_table_logic *logic, int a)
{
	const struct omt_drop_section *d;
	int i = a - OMT_AXIS_CERVICAL;

	if (!OMT_AXIS_IS_DROP(a))
		return false;
	d = &logic->drop[i];
	if (d->lowering)
		return false;
	return d->state == OMT_DROP_FIRED &&
	       logic->now_ns - logic->drop_fired_ns[i] <
		       logic->params.fault_monitors.axis[a].settle_ns;
}

/*
 * An axis whose following error or stall is latched is held where it
 * is (react).  Pushed on from there, at rest, it is held where it now is
 * rather than driven back against whatever pushed it: half the
 * following error is the give.  One that sinks or drifts by itself
 * still latches uncommanded motion, whose rest point does not follow.
 */
static void hold_where_pushed(struct omt_table_logic *logic, int a)
{
	struct omt_motion_profile *p = &logic->profile[a];
	double give = 0.5 * logic->params.fault_monitors.axis[a].following_error_max;

	if (!omt_profile_at_rest(p) || !logic->axis_synced[a] ||
	    fabs(p->position - logic->reading[a].position) <= give)
		return;
	if (omt_fault_set_has(&logic->faults, OMT_FAULT_FOLLOWING_ERROR,
			      (enum omt_axis)a) ||
	    omt_fault_set_has(&logic->faults, OMT_FAULT_STALL, (enum omt_axis)a))
		omt_profile_resync(p, logic->reading[a].position);
}

static void watch_axes(struct omt_table_logic *logic)
{
	const struct omt_fault_monitor_params *sp = &logic->params.fault_monitors;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omt_motion_profile *p = &logic->profile[a];
		struct omt_axis_commanded c = {
			.enabled = axis_enabled(logic, a),
			.moving = !omt_profile_at_rest(p),
			.setpoint = p->position,
			.velocity = p->velocity,
			.free_to_move = drop_free_to_move(logic, a),
			.may_fall = drop_may_fall(logic, a),
			.following_slack = logic_class_slack(logic, a),
			.runs_to_target = logic_class_axis(logic, a),
		};
		struct omt_monitor_finding f;
		struct omt_axis_reading r = logic->reading[a];

		if (!logic->axis_synced[a] && r.comm == OMT_COMM_OK)
			continue;
		if (logic->now_ns < logic->reset_grace_until_ns) {
			/* The reset is on its way: the drive's latch, the
			 * current that tripped it, and an actuator's recorded
			 * stop on current are records until then. */
			if (!omt_axis_current_live(&r))
				r.current_ma = 0.0;
			r.fault = false;
			r.comms_timeout = false;
			r.drive_fault = OMT_DRIVE_FAULT_NONE;
			if (r.obstruction_recorded)
				r.obstruction = false;
		}
		f = omt_axis_monitor_check(&logic->monitor[a], &sp->axis[a],
					   sp->comms_lost_ns, &r, &c,
					   logic->now_ns);
		/* Every finding not yet latched, most important first: one
		 * latched already must not hide another. */
		for (unsigned int i = 0; i < f.n; i++) {
			enum omt_fault_kind kind = f.kind[i];

			if (omt_fault_set_has(&logic->faults, kind,
					      (enum omt_axis)a))
				continue;
			/* Lowered, a drop section sits on its low switch. */
			if (kind == OMT_FAULT_LIMIT && OMT_AXIS_IS_DROP(a))
				continue;
			logic_raise(logic, kind, (enum omt_axis)a,
				    omt_axis_fault_cause_present(&sp->axis[a], kind,
								 &logic->reading[a]));
			react(logic, kind, (enum omt_axis)a);
		}
		hold_where_pushed(logic, a);
	}
}

/* Refresh whether each latched fault's cause lasts. */
static void refresh_causes(struct omt_table_logic *logic,
			   const struct omt_cycle_inputs *in)
{
	for (unsigned int i = 0; i < logic->faults.n; i++) {
		struct omt_active_fault *f = &logic->faults.fault[i];

		switch (f->kind) {
		case OMT_FAULT_ESTOP:
			f->cause_present = logic->estop_input;
			break;
		case OMT_FAULT_INTERLOCK:
			f->cause_present = in->interlock == OMT_INTERLOCK_DROPPED ||
					   in->interlock == OMT_INTERLOCK_OBSTRUCTED;
			break;
		case OMT_FAULT_PEDAL_MISMATCH:
			f->cause_present = logic->pedal.mismatch;
			break;
		case OMT_FAULT_INPUT_CHATTER:
			f->cause_present = logic->pedal.chatter;
			break;
		/*
		 * A link is lost while its failures in a row have lasted the
		 * comms-lost window; within it the last good reading stands
		 * (R5), and one
		 * failed exchange in the cycle of a clear does not refuse it:
		 * on a loaded machine single failed reads are common, and
		 * refusing then made clears fail at random.
		 */
		case OMT_FAULT_MODBUS_TIMEOUT:
		case OMT_FAULT_MODBUS_CRC:
		case OMT_FAULT_MODBUS_EXCEPTION:
		case OMT_FAULT_MODBUS_FRAME:
		case OMT_FAULT_COMMS_LOST:
			f->cause_present = logic_comms_lost(logic, f->axis);
			break;
		default:
			f->cause_present = f->axis < OMT_AXIS_COUNT &&
				omt_axis_fault_cause_present(
					&logic->params.fault_monitors.axis[f->axis],
					f->kind, &logic->reading[f->axis]);
			break;
		}
	}
}

/*
 * The escape leads away from the first obstruction only (R15).  One on
 * each motion axis, the first's cause gone while the other's lasts: that
 * escape is refused for the other's lasting cause, and ClearFaults for
 * it too (the one lasting cause it looks past is the escape's), so the
 * patient stayed pressed with no way out.  The escape turns to the
 * lasting one; a motion escaping the first stops (it is no longer the
 * escape).  Not for the kernel's obstruction switch, which names no axis
 * of its own.
 */
static void repoint_escape(struct omt_table_logic *logic)
{
	struct omt_escape_way *e = &logic->escape;
	int lasting = -1;

	if (!e->dir || logic->kernel_obstructed)
		return;
	for (unsigned int i = 0; i < logic->faults.n; i++) {
		const struct omt_active_fault *f = &logic->faults.fault[i];

		if (f->kind != OMT_FAULT_OBSTRUCTION || !f->cause_present)
			continue;
		if (f->axis == e->axis)
			return;
		if ((int)f->axis < OMT_MOTION_AXES &&
		    logic->obstruction_way[f->axis].dir)
			lasting = f->axis;
	}
	if (lasting < 0)
		return;
	{
		bool new_fault = e->new_fault;

		*e = logic->obstruction_way[lasting];
		e->new_fault = new_fault;
	}
	logic_log(logic, (enum omt_axis)lasting,
		  "%s: its obstruction lasts, the other's has gone: escape %s only",
		  omt_axis_name((enum omt_axis)lasting),
		  e->dir > 0 ? "up" : "down");
}

static bool motion_axes_at_rest(const struct omt_table_logic *logic)
{
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		if (!omt_profile_at_rest(&logic->profile[a]) ||
		    !logic_class_still(logic, a))
			return false;
	return true;
}

static bool command_motion_held(const struct omt_table_logic *logic)
{
	const struct omt_motion *m = &logic->motion;

	/* A preset recalled by its pedal runs while that pedal (or the
	 * enable pedal) is held, and not a cycle longer: a local motion has
	 * no keep-alive of its own. */
	if (m->owner == OMT_OWNER_LOCAL)
		return logic->pedal.enable || logic->pedal.preset_held;
	if (logic->now_ns - m->last_hold_ns <= logic->params.hold_timeout_ns)
		return true;
	return logic->pedal.enable;
}

/*
 * Whether a two-leg motion's second leg is clear of every forbidden box
 * from where the table really came to rest.  The plan took an axis the
 * motion does not move, braking when it was accepted, to rest at its
 * stopping point erring long (a re-target's max_accel); a stop brakes
 * at stop_decel and rests short of it, and a second leg planned from
 * the far end of that braking could start inside the rule's reach (a
 * tilt to 27 degrees from a height braking to 799.5 mm, planned as if
 * it would pass 800), or an axis jammed short of its first leg's end
 * (its setpoint there, the axis not).
 */
static bool second_leg_clear(const struct omt_table_logic *logic)
{
	const struct omt_motion *m = &logic->motion;
	struct omt_pose low, high;

	/* Where the axes are told to rest, where they really are (one held
	 * back within its following error's give), and the target. */
	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		double here = logic->profile[a].position;
		double real = logic->reading[a].present ? logic->reading[a].position
							: here;
		double to = (m->axis_mask & BIT(a)) ? m->target[a] : here;

		low.pos[a] = fmin(fmin(here, real), to);
		high.pos[a] = fmax(fmax(here, real), to);
	}
	return omt_rules_box_clear(&logic->params.rules, &low, &high);
}

static void run_command_motion(struct omt_table_logic *logic)
{
	struct omt_motion *m = &logic->motion;

	if (!m->ending) {
		bool pedal_press = logic->pedal.any_motion_pedal ||
				   (logic->pedal.preset_pressed >= 0 &&
				    m->owner != OMT_OWNER_LOCAL);

		if (pedal_press) {
			/* The pedal takes over at once. */
			logic_end_motion(logic, OMT_OUTCOME_PREEMPTED);
			logic_motion_finished(logic, m->id, OMT_OUTCOME_PREEMPTED);
			memset(m, 0, sizeof(*m));
			return;
		}
		/* A section found standing raised (pushed up under the
		 * moving table): the table stops. */
		if (m->escape ? logic_escape_drop_blocks(logic)
			      : logic_any_drop_blocks(logic)) {
			logic_log(logic, OMT_AXIS_COUNT,
				  "a drop section stands raised: motion %u stopped",
				  m->id);
			logic_end_motion(logic, OMT_OUTCOME_STOPPED);
		}
		if (m->escape) {
			int a = logic->escape.axis;
			/*
			 * Once the escape turned to another axis's
			 * obstruction (repoint_escape), this motion is no
			 * longer it.  And its target was away from the
			 * obstruction when it was taken; a push that carried
			 * the axis past it turns the way to it round, towards
			 * the obstruction (a drive that runs to a target went
			 * back up 2.6 mm into it).  Either way the escape ends
			 * where it stands.
			 */
			bool turned = m->axis_mask != BIT(a);
			bool behind = !turned &&
				      (m->target[a] - logic->profile[a].position) *
						      logic->escape.dir < 0.0;

			if (behind)
				logic_log(logic, (enum omt_axis)a,
					  "%s: pushed past the escape's target: motion %u stopped",
					  omt_axis_name((enum omt_axis)a), m->id);
			if (!behind && !turned &&
			    logic_escape_allowed(logic, a, logic->escape.dir))
				logic->escaping = true;
			else
				logic_end_motion(logic, OMT_OUTCOME_STOPPED);
		}
		if (!command_motion_held(logic)) {
			logic_end_motion(logic, OMT_OUTCOME_RELEASED);
		} else {
			for (int a = 0; a < OMT_MOTION_AXES; a++) {
				if (omt_profile_at_rest(&logic->profile[a]) ||
				    omt_duty_remaining_ns(&logic->duty[a],
							  logic->now_ns) > 0)
					continue;
				logic_log(logic, (enum omt_axis)a,
					  "%s: duty cycle used up; stopping",
					  omt_axis_name((enum omt_axis)a));
				logic_end_motion(logic, OMT_OUTCOME_STOPPED);
				break;
			}
		}
	}
	if (!m->ending && m->second_leg_pending && motion_axes_at_rest(logic)) {
		m->second_leg_pending = false;
		if (!second_leg_clear(logic)) {
			logic_log(logic, OMT_AXIS_COUNT,
				  "motion %u: the table came to rest where a combination rule forbids its second leg; stopped",
				  m->id);
			logic_end_motion(logic, OMT_OUTCOME_STOPPED);
		} else {
			for (int a = 0; a < OMT_MOTION_AXES; a++)
				if (m->axis_mask & BIT(a))
					omt_profile_move_to(&logic->profile[a],
							    m->target[a], 0);
		}
	}
	if (!motion_axes_at_rest(logic) || m->second_leg_pending)
		return;
	if (!m->ending) {
		bool reached = true;

		/* A drive that runs to a target rests where it stands (its
		 * profile follows it): on target within its own band. */
		for (int a = 0; a < OMT_MOTION_AXES; a++)
			if ((m->axis_mask & BIT(a)) &&
			    logic->profile[a].position != m->target[a] &&
			    !(logic_class_axis(logic, a) &&
			      logic_class_reached(logic, a, m->target[a])))
				reached = false;
		m->outcome = reached ? OMT_OUTCOME_REACHED : OMT_OUTCOME_STOPPED;
	}
	logic_motion_finished(logic, m->id, m->outcome);
	memset(m, 0, sizeof(*m));
}

static bool pedals_may_move(const struct omt_table_logic *logic)
{
	return !logic->locked && !logic->faults.n && !logic_estop(logic) &&
	       !logic->interlock_dropped && !logic_any_drop_blocks(logic);
}

/*
 * The escape pedal: the obstructed axis's pedal pointing away from the
 * obstruction, held on its own.  Returns the axis, or -1.
 */
static int escape_pedal(const struct omt_table_logic *logic)
{
	const int dir[OMT_MOTION_AXES] = { logic->pedal.height,
					   logic->pedal.tilt };
	int a = logic->escape.axis;

	if (!logic->escape.dir || a >= OMT_MOTION_AXES ||
	    dir[a] != logic->escape.dir || dir[1 - a] != 0 ||
	    !logic_escape_allowed(logic, a, dir[a]))
		return -1;
	return a;
}

/*
 * The audit trail's record of a pedal motion: which pedals, at the moment
 * it starts (the bus service adds who unlocked the table).
 */
static void log_pedal_motion(struct omt_table_logic *logic,
			     const int dir[OMT_MOTION_AXES])
{
	char what[48] = "";

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		if (!dir[a])
			continue;
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 "%s%s %s", what[0] ? ", " : "",
			 omt_axis_name((enum omt_axis)a),
			 dir[a] > 0 ? "up" : "down");
	}
	logic_log(logic, OMT_AXIS_COUNT, "motion started by pedal: %s", what);
}

/*
 * How far a motion pedal may take axis a (the caller fills *low, *high
 * with the soft limits): the combination rules' range with the other axis
 * where its setpoint is, where it will come to rest (a motion the pedal
 * took over still brakes: a height MoveTo at 40 mm/s, taken over at
 * 805 mm, braked on to 798.9 while the tilt pedal, ranged from the
 * height's setpoint still above 800, raised the tilt past the 10 degrees
 * it could no longer stop at), and where it really is.  An axis held
 * back within its following error's give (a jam) is not where it was told
 * to be: a tilt jammed at 10.4 degrees whose setpoint rests at 9.6 must
 * not let the height pedal lower the table below 800 mm (R10).  A rule's
 * condition on the other axis is a half-line, so the ends of its sweep
 * stand for all of it.
 */
static void pedal_rule_range(const struct omt_table_logic *logic, int a,
			     double *low, double *high)
{
	int other = a == OMT_AXIS_HEIGHT ? OMT_AXIS_TILT : OMT_AXIS_HEIGHT;
	struct omt_pose pose = { .pos = { logic->profile[0].position,
					  logic->profile[1].position } };

	omt_rules_axis_range(&logic->params.rules, &pose, (enum omt_axis)a,
			     low, high);
	pose.pos[other] = logic_stopping_point(logic, other);
	omt_rules_axis_range(&logic->params.rules, &pose, (enum omt_axis)a,
			     low, high);
	if (!logic->reading[other].present)
		return;
	pose.pos[other] = logic->reading[other].position;
	omt_rules_axis_range(&logic->params.rules, &pose, (enum omt_axis)a,
			     low, high);
}

/* A drive that runs to a target whose expected motion has arrived on
 * target while the drive is still on its way there. */
static bool class_arriving(const struct omt_table_logic *logic, int a,
			   double target)
{
	const struct omt_motion_profile *p = &logic->profile[a];

	return logic_class_axis(logic, a) && p->mode == OMT_PROFILE_MOVING &&
	       p->target == target && p->position == target;
}

/*
 * A motion pedal held, the axis out of its duty budget: the pedal moves
 * nothing (a motion it ran stops) until it is released and pressed again
 * with budget left, and the log says why and for how long, once a press
 * (R7).  Without it a table that stops under a held pedal,
 * or does not start, with no fault and nothing in the log, looks broken.
 */
static void say_duty_used_up(struct omt_table_logic *logic, int a)
{
	const struct omt_duty_cycle *d = &logic->duty[a];

	if (logic->duty_refused[a])
		return;
	logic->duty_refused[a] = true;
	logic_log(logic, (enum omt_axis)a,
		  "%s: duty cycle used up (%.0f s of motor time in any %.0f s); release the pedal and press it again in %.0f s",
		  omt_axis_name((enum omt_axis)a),
		  (double)d->params.on_ns / NSEC_PER_SEC,
		  (double)d->params.window_ns / NSEC_PER_SEC,
		  ceil((double)omt_duty_wait_ns(d, logic->now_ns, 1) /
		       NSEC_PER_SEC));
}

static void run_pedal_motion(struct omt_table_logic *logic)
{
	int escape = logic->faults.n ? escape_pedal(logic) : -1;
	const int dir[OMT_MOTION_AXES] = { logic->pedal.height,
					   logic->pedal.tilt };
	/* Both axes at once could cut a corner of a forbidden combination:
	 * with rules configured, two axes asked together move neither. */
	bool both = dir[0] && dir[1] && logic->params.rules.n_rules > 0;
	bool any = false;

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		struct omt_motion_profile *p = &logic->profile[a];
		struct omt_pose pose = { .pos = { logic->profile[0].position,
						  logic->profile[1].position } };
		double low = p->limits.soft_min, high = p->limits.soft_max;
		double target;

		/* The obstruction back-off is not the pedals' to stop. */
		if (logic->reversing && a == OMT_AXIS_HEIGHT)
			continue;
		if (a == escape) {
			double end = logic_escape_limit(logic);

			/*
			 * Away from the obstruction, but never into a
			 * forbidden combination: the pedal's own range.  A
			 * table already inside a box (pushed there, or
			 * resting on its open edge by a rounding) has no
			 * way out the range knows of, and the slow, held,
			 * bounded escape is not refused for it (R15).
			 */
			if (omt_rules_violated(&logic->params.rules, &pose) < 0) {
				omt_rules_axis_range(&logic->params.rules, &pose,
						     (enum omt_axis)a, &low, &high);
				end = dir[a] > 0 ? fmin(end, high)
						 : fmax(end, low);
			}
			if (((dir[a] > 0 && end <= p->position) ||
			     (dir[a] < 0 && end >= p->position)) &&
			    !class_arriving(logic, a, end)) {
				omt_profile_stop(p);
				continue;
			}
			if (p->mode != OMT_PROFILE_MOVING || p->target != end) {
				logic_log(logic, (enum omt_axis)a,
					  "%s: escape from the obstruction by pedal, to %.2f at most",
					  omt_axis_name((enum omt_axis)a), end);
				omt_profile_move_to(p, end,
						    logic->params.escape_speed[a]);
			}
			logic->escaping = true;
			any = true;
			continue;
		}
		if (!dir[a] || both || !pedals_may_move(logic) ||
		    logic_limit_blocks(logic, a, dir[a]) ||
		    !logic_axis_ready(logic, (enum omt_axis)a)) {
			logic->duty_refused[a] = logic->duty_refused[a] && dir[a];
			omt_profile_stop(p);
			continue;
		}
		/*
		 * Out of budget, or out of it at some time in this press:
		 * the pedal must be let go first.  A pedal held (or resting
		 * under a foot or a bag) while the budget comes back minutes
		 * later must not start the table by itself.
		 */
		if (logic->duty_refused[a] ||
		    omt_duty_remaining_ns(&logic->duty[a], logic->now_ns) == 0) {
			say_duty_used_up(logic, a);
			omt_profile_stop(p);
			continue;
		}
		logic->duty_refused[a] = false;
		pedal_rule_range(logic, a, &low, &high);
		target = dir[a] > 0 ? high : low;
		/* Below the soft minimum, "down" must not mean "up to it".
		 * (A drive that runs to a target and is still on its way to
		 * this one is let arrive: stopped, it would run past it on
		 * its soft stop; table_logic_class.c.) */
		if (((dir[a] > 0 && target <= p->position) ||
		     (dir[a] < 0 && target >= p->position)) &&
		    !class_arriving(logic, a, target)) {
			omt_profile_stop(p);
			continue;
		}
		any = true;
		if (p->mode != OMT_PROFILE_MOVING || p->target != target)
			omt_profile_move_to(p, target, logic->params.pedal_speed[a]);
	}
	if (any) {
		if (logic->motion.source != OMT_SOURCE_PEDAL)
			log_pedal_motion(logic, dir);
		logic->motion.source = OMT_SOURCE_PEDAL;
	} else if (logic->motion.source == OMT_SOURCE_PEDAL &&
		   motion_axes_at_rest(logic)) {
		logic->motion.source = OMT_SOURCE_NONE;
		logic_log(logic, OMT_AXIS_COUNT, "motion by pedal ended");
	}
}

/*
 * The arm-drops pedal toggles: arms every fitted section, or disarms all.
 * Disarming lowers a section under the patient, so, as DisarmDrop, not
 * while the table moves (a stop still braking included): a section
 * pushed up while down, its fault cleared while the height still braked,
 * was lowered under the moving table.
 */
static void run_drop_pedal(struct omt_table_logic *logic)
{
	bool disarm = logic_any_drop_blocks(logic);

	for (int a = OMT_AXIS_CERVICAL; a < OMT_AXIS_COUNT; a++) {
		enum omt_axis s = (enum omt_axis)a;

		if (!logic->reading[a].present)
			continue;
		if (!disarm) {
			if (logic_may_arm(logic, s) == OMT_CMD_OK)
				logic_arm(logic, s);
		} else if (section_blocks(logic, a - OMT_AXIS_CERVICAL) &&
			   !logic_estop(logic) && !logic->faults.n &&
			   !logic->locked && !logic_table_moving(logic) &&
			   logic_axis_ready(logic, s)) {
			logic_disarm(logic, s);
		}
	}
}

static void run_drops(struct omt_table_logic *logic)
{
	for (int i = 0; i < OMT_DROP_SECTIONS; i++) {
		enum omt_axis a = (enum omt_axis)(OMT_AXIS_CERVICAL + i);
		struct omt_drop_section *d = &logic->drop[i];
		struct omt_motion_profile *p = &logic->profile[a];
		enum omt_drop_state before = d->state;
		/* The last valid level stands through a failed exchange: a
		 * firing is a change between two valid samples. */
		bool sensor = logic->inputs & BIT(OMT_IN_DROP_FIRED_CERVICAL + i);
		bool settled = omt_profile_at_rest(&logic->profile[a]);

		if (!logic->reading[a].present)
			continue;
		/* A section becomes armed only with its sensor freshly seen:
		 * an arming in progress waits out an invalid sample. */
		if (logic->io_comms.failing && d->state == OMT_DROP_ARMING &&
		    !d->lowering)
			settled = false;
		if (omt_drop_update(d, &logic->params.drops,
				    logic->reading[a].position, settled,
				    sensor)) {
			struct omt_event ev = {
				.kind = OMT_EV_DROP_FIRED,
				.axis = a,
				.monotonic_ns = logic->now_ns,
			};

			logic_push_event(logic, &ev);
			logic->drop_fired_ns[i] = logic->now_ns;
			logic_log(logic, a, "%s: drop fired (tension %u, drop %u)",
				  omt_axis_name(a), d->tension, d->fired_count);
			omt_profile_resync(&logic->profile[a],
					   logic->reading[a].position);
		} else if (d->state != before) {
			logic_log(logic, a, "%s: %s", omt_axis_name(a),
				  omt_drop_state_name(d->state));
		}
		/*
		 * A section is never driven back up by itself.  One found
		 * below its resting setpoint by more than fall_travel (armed
		 * and fallen with no firing seen: its sensor stuck off or
		 * late; pushed down; a cocking halted and then fallen) is held
		 * where it is.  It keeps its state: an armed one stays armed
		 * (table motion blocked) until its sensor reports the drop or
		 * DisarmDrop lowers it.
		 */
		if (logic->axis_synced[a] && omt_profile_at_rest(p) &&
		    logic->reading[a].position <
			    p->position - logic->params.drops.fall_travel) {
			logic_log(logic, a,
				  "%s: %.1f below its setpoint by itself (%s); held where it is, not driven back up",
				  omt_axis_name(a), p->position - logic->reading[a].position,
				  omt_drop_state_name(d->state));
			omt_profile_resync(p, logic->reading[a].position);
		}
		/* A fired section rests wherever it fell; then its drive
		 * holds it there. */
		if (d->state == OMT_DROP_FIRED && drop_free_to_move(logic, a))
			omt_profile_resync(&logic->profile[a],
					   logic->reading[a].position);
	}
}

static void run_lockout(struct omt_table_logic *logic)
{
	const struct omt_pedal_request *pr = &logic->pedal;

	if (pr->any_motion_pedal || pr->enable || pr->preset_held ||
	    logic->motion.source != OMT_SOURCE_NONE)
		logic->last_activity_ns = logic->now_ns;
	if (logic->locked) {
		if (pr->unlock_gesture && !logic_estop(logic)) {
			logic->locked = false;
			logic->last_activity_ns = logic->now_ns;
			omt_pedals_require_release(&logic->pedals, logic->inputs);
			logic_log(logic, OMT_AXIS_COUNT, "unlocked by pedal gesture");
		}
		return;
	}
	if (logic->params.idle_lock_ns &&
	    logic->now_ns - logic->last_activity_ns >= logic->params.idle_lock_ns &&
	    !logic_table_moving(logic) && !logic_any_drop_blocks(logic)) {
		logic->locked = true;
		logic_log(logic, OMT_AXIS_COUNT, "locked after %llu s idle",
			  (unsigned long long)(logic->params.idle_lock_ns / NSEC_PER_SEC));
	}
}

/* The obstruction back-off, once the height has braked to rest. */
static void start_back_off(struct omt_table_logic *logic)
{
	struct omt_motion_profile *p = &logic->profile[OMT_AXIS_HEIGHT];
	double up;

	/*
	 * A drive that runs to a target and stopped against the obstruction
	 * stands still while its profile, the drive's own stop ramp as
	 * expected, still brakes: it is where it reads.  Waiting out the
	 * ramp (0.2 s of a LINAK soft stop) left the patient pressed with
	 * every way out refused meanwhile (explorer seed 11190561).
	 */
	if (logic->reverse_pending && !omt_profile_at_rest(p) &&
	    logic_class_axis(logic, OMT_AXIS_HEIGHT) &&
	    logic_class_still(logic, OMT_AXIS_HEIGHT))
		omt_profile_resync(p, logic->reading[OMT_AXIS_HEIGHT].position);
	if (!logic->reverse_pending || !omt_profile_at_rest(p))
		return;
	logic->reverse_pending = false;
	up = fmin(p->position + logic->params.fault_monitors.obstruction_reverse,
		  p->limits.soft_max);
	if (omt_profile_move_to(p, up, 0) != OMT_CMD_OK)
		logic->reversing = false;
}

/*
 * Whether an axis is still coasting after a following error or a stall:
 * moving on the way it went, within settle_ns of the fault.
 */
static bool coasting(struct omt_table_logic *logic, int a)
{
	double now = logic->reading[a].position;
	double moved = (now - logic->coast_last[a]) * logic->coast_dir[a];

	if (!logic->coast_dir[a])
		return false;
	/* The cycle of the fault: the reading is where it was followed to. */
	if (logic->now_ns == logic->coast_since_ns[a])
		return true;
	logic->coast_last[a] = now;
	if (moved <= 0.0 || !logic->faults.n ||
	    logic->now_ns - logic->coast_since_ns[a] >=
		    logic->params.fault_monitors.axis[a].settle_ns) {
		logic->coast_dir[a] = 0;
		return false;
	}
	return true;
}

static void step_profiles(struct omt_table_logic *logic, uint64_t elapsed_ns)
{
	bool halt = logic->faults.n > 0;

	/*
	 * A drop section found standing raised (pushed up under the table)
	 * stops the automatic back-off, as it stops a motion (R11).  The
	 * supervised escape, which a section merely raised does not refuse,
	 * stays the way off the obstruction (R15).
	 */
	if (logic->reversing && logic_any_drop_blocks(logic)) {
		logic_log(logic, OMT_AXIS_HEIGHT,
			  "height: a drop section stands raised; the back-off from the obstruction stops");
		logic->reversing = false;
		logic->reverse_pending = false;
		omt_profile_stop(&logic->profile[OMT_AXIS_HEIGHT]);
	}
	/*
	 * A locked table moves for nobody, the automatic back-off included
	 * (Lock ends one under way, stop_everything).  An obstruction met
	 * while the height still brakes after Lock brakes it and starts no
	 * back-off; the escape, once unlocked, is the way off.  Before, a
	 * drive that runs to a target was told 10 mm up at 40 mm/s on the
	 * locked table, and a streamed drive kept the back-off pending
	 * (its drive off at rest) and ran it at Unlock, nobody holding it
	 * (explorer seed 19024431).
	 */
	if (logic->reversing && logic->locked) {
		logic_log(logic, OMT_AXIS_HEIGHT,
			  "height: obstruction on a locked table: braked, no back-off");
		logic->reversing = false;
		logic->reverse_pending = false;
		omt_profile_stop(&logic->profile[OMT_AXIS_HEIGHT]);
	}
	if (logic->reversing && axis_enabled(logic, OMT_AXIS_HEIGHT))
		start_back_off(logic);

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_motion_profile *p = &logic->profile[a];

		if (!logic->axis_synced[a])
			continue;
		omt_duty_account(&logic->duty[a], logic->now_ns, elapsed_ns,
				 !omt_profile_at_rest(p));
		if (!axis_enabled(logic, a) || coasting(logic, a)) {
			omt_profile_resync(p, logic->reading[a].position);
			logic->resync_when_fresh[a] = true;
			logic->class_wait[a] = false;
			continue;
		}
		/*
		 * Back on after being off (an e-stop cleared, a fault
		 * cleared, the table unlocked): the setpoint it was left with
		 * may come from a reading handed on without an exchange (a
		 * resting drive is visited on status turns), taken before the
		 * axis slid to rest under its quick stop.  At rest, the
		 * setpoint follows the first fresh reading, so the drive never
		 * pulls the axis back to where it was last read.
		 */
		if (logic->resync_when_fresh[a]) {
			const struct omt_axis_reading *r = &logic->reading[a];

			if (!omt_profile_at_rest(p)) {
				logic->resync_when_fresh[a] = false;
			} else if (r->present && r->comm == OMT_COMM_OK &&
				   !r->stale && !logic->reading_refused[a]) {
				omt_profile_resync(p, r->position);
				logic->resync_when_fresh[a] = false;
			}
		}
		/* Faults stop everything but the obstruction back-off and
		 * the supervised escape. */
		if (halt && !(logic->reversing && a == OMT_AXIS_HEIGHT) &&
		    !(logic->escaping && a == (int)logic->escape.axis))
			omt_profile_stop(p);
		/* A drive that runs to a target: its own ramps, and a
		 * reversal waits for it to stand still. */
		if (logic_class_axis(logic, a) && !logic_class_prepare(logic, a))
			continue;
		omt_profile_step(p);
		if (logic_class_axis(logic, a))
			logic_class_after_step(logic, a);
	}
	if (logic->reversing && !logic->reverse_pending &&
	    omt_profile_at_rest(&logic->profile[OMT_AXIS_HEIGHT]))
		logic->reversing = false;
}

/*
 * The slow zones' cap where the axis is, and where it will be a quarter
 * second on: a drive cap that rose only once the axis left a zone would
 * hold it back (following error) until the new cap was written.
 */
#define ZONE_LOOKAHEAD_S 0.25

static double zone_cap(const struct omt_motion_profile *p)
{
	double here = omt_axis_limits_speed_cap(&p->limits, p->position);
	double ahead = omt_axis_limits_speed_cap(
		&p->limits, p->position + p->velocity * ZONE_LOOKAHEAD_S);

	return fmax(here, ahead);
}

/* How far above the profile's speed the drive may go to make up lag. */
#define DRIVE_SPEED_MARGIN 1.2

/*
 * The speed the drive may reach, before the catch-up margin.  Moving, the
 * motion's own cap.  A height or tilt profile at rest asks for no motion,
 * only for the lag to be made up: the escape's creep, not the axis's full
 * speed.  A drive held back (a jam) with its setpoint ahead and then let
 * go would otherwise lunge at full speed and overshoot its setpoint, and
 * a setpoint resting on a combination rule's open edge would see the axis
 * run into the forbidden box (R10).
 */
static double drive_speed(const struct omt_table_logic *logic, int a)
{
	const struct omt_motion_profile *p = &logic->profile[a];

	if (p->mode == OMT_PROFILE_MOVING)
		return p->speed_limit;
	if (p->mode == OMT_PROFILE_IDLE && a < OMT_MOTION_AXES)
		return logic->params.escape_speed[a];
	return p->limits.max_speed;
}

static void write_outputs(struct omt_table_logic *logic,
			  struct omt_cycle_outputs *out)
{
	bool estop = logic_estop(logic);

	memset(out, 0, sizeof(*out));
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_axis_output *o = &out->axis[a];
		const struct omt_motion_profile *p = &logic->profile[a];

		o->enable = axis_enabled(logic, a);
		o->quick_stop = estop;
		o->fault_reset = logic->fault_reset_pulse;
		o->setpoint = logic->axis_synced[a] ? p->position
						    : logic->reading[a].position;
		/*
		 * The drive's own speed cap backs the profile up (a runaway
		 * setpoint cannot outrun it) with a margin for catching up
		 * the lag a position loop always has; a cap equal to the
		 * profile's speed would make that lag permanent.
		 */
		o->velocity_limit = DRIVE_SPEED_MARGIN *
				    fmin(drive_speed(logic, a), zone_cap(p));
		/* A drive that runs to a target (table_logic_class.c, R16):
		 * the leg's one speed, already within every zone on it. */
		o->move = o->enable && !estop && logic->axis_synced[a] &&
			  logic_class_move(logic, a);
		o->target = o->move ? p->target : o->setpoint;
		o->speed = !o->move ? 0.0 :
			   logic_class_axis(logic, a) ? p->speed_limit :
			   fmin(p->speed_limit, zone_cap(p));
		if (logic_class_axis(logic, a))
			logic_class_told(logic, a, o->move, o->target);
		/* A drive that would run on to its target when its link
		 * is cut is told only a leash ahead (R16); the run told is
		 * the whole leg all the same. */
		if (o->move)
			o->target = omt_drive_leashed_target(
				&logic->params.drive[a],
				logic->reading[a].position, o->target,
				fmax(o->speed, fabs(logic->reading[a].velocity)),
				logic->cycle_s);
	}
	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		out->axis[OMT_AXIS_CERVICAL + i].tension = logic->drop[i].tension;
	out->kernel_enable = !estop && !logic->interlock_dropped;
	out->kernel_escape = logic->kernel_obstructed && logic->escaping;
	out->at_rest = omt_table_logic_at_rest(logic);
	logic->fault_reset_pulse = false;
}

static enum omt_table_state public_state(const struct omt_table_logic *logic)
{
	bool stopping = logic->motion.source == OMT_SOURCE_COMMAND &&
			logic->motion.ending;
	bool moving = false;

	if (logic_estop(logic))
		return OMT_STATE_ESTOP;
	if (logic->faults.n)
		return OMT_STATE_FAULT;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		stopping |= logic->profile[a].mode == OMT_PROFILE_STOPPING;
		moving |= logic->profile[a].mode == OMT_PROFILE_MOVING;
	}
	if (stopping)
		return OMT_STATE_STOPPING;
	if (moving)
		return OMT_STATE_MOVING;
	return logic->locked ? OMT_STATE_LOCKED : OMT_STATE_IDLE;
}

void omt_table_logic_step(struct omt_table_logic *logic,
			  const struct omt_cycle_inputs *in, uint64_t now_ns,
			  struct omt_cycle_outputs *out)
{
	uint64_t elapsed;

	/* Time never runs backwards here, even if a command was stamped
	 * later than this cycle: every "since" below stays unsigned-safe. */
	if (now_ns < logic->now_ns)
		now_ns = logic->now_ns;
	/* Commands between cycles move now_ns; motor time is per cycle. */
	elapsed = now_ns > logic->last_step_ns ? now_ns - logic->last_step_ns : 0;

	logic->now_ns = now_ns;
	logic->last_step_ns = now_ns;
	logic->cycle++;
	take_readings(logic, in);
	watch_io(logic, in);
	watch_estop_and_interlock(logic, in);
	watch_axes(logic);
	watch_kernel_limits(logic, in);
	refresh_causes(logic, in);
	repoint_escape(logic);

	logic->escaping = false;
	if (logic->motion.source == OMT_SOURCE_COMMAND)
		run_command_motion(logic);
	if (logic->motion.source != OMT_SOURCE_COMMAND)
		run_pedal_motion(logic);
	if (logic->pedal.arm_drops_pressed)
		run_drop_pedal(logic);
	run_lockout(logic);

	step_profiles(logic, elapsed);
	run_drops(logic);
	write_outputs(logic, out);
	/*
	 * A preset pedal's press starts its recall after this cycle's
	 * set-points are out, as a command between cycles would.
	 */
	if (pedals_may_move(logic) && logic->pedal.preset_pressed >= 0) {
		logic_recall_pedal_preset(logic, logic->pedal.preset_pressed);
		out->at_rest = omt_table_logic_at_rest(logic);
	}
	logic->state = public_state(logic);
	logic_report_changes(logic);
}

uint32_t omt_table_logic_at_rest(const struct omt_table_logic *logic)
{
	uint32_t mask = 0;

	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (omt_profile_at_rest(&logic->profile[a]) &&
		    logic_class_still(logic, a))
			mask |= BIT(a);
	return mask;
}

enum omt_cmd_result omt_table_logic_service_mode(const struct omt_table_logic *logic,
						 const char **why)
{
	if (!logic->locked) {
		*why = "register writes need service mode: lock the table first";
		return OMT_CMD_LOCKED;
	}
	if (omt_table_logic_at_rest(logic) != BIT(OMT_AXIS_COUNT) - 1u) {
		*why = "register writes need the table stationary";
		return OMT_CMD_INTERLOCK;
	}
	return OMT_CMD_OK;
}

void omt_table_logic_snapshot(const struct omt_table_logic *logic,
			      struct omt_snapshot *snap)
{
	snap->state = logic->state;
	snap->locked = logic->locked;
	snap->estop = logic_estop(logic);
	snap->active_motion_id = logic->motion.source == OMT_SOURCE_COMMAND
					 ? logic->motion.id : 0;
	snap->motion_source = (uint8_t)logic->motion.source;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omt_axis_reading *r = &logic->reading[a];
		struct omt_axis_snapshot *s = &snap->axis[a];
		const struct omt_duty_cycle *d = &logic->duty[a];
		uint64_t used = omt_duty_used_at(d, logic->now_ns);

		s->position = r->position;
		s->setpoint = logic->profile[a].position;
		s->motion = (uint8_t)logic->profile[a].mode;
		s->setpoint_velocity = logic->profile[a].velocity;
		/* Read without moving the meter's window on (nor copying it):
		 * the snapshot leaves the core as it was. */
		s->duty_left_ns = d->params.window_ns == 0 ? UINT64_MAX :
				  used < d->params.on_ns ?
				  d->params.on_ns - used : 0;
		s->velocity = r->velocity;
		s->current_ma = r->current_ma;
		s->status = r->status;
		s->drive_fault = r->drive_fault;
		s->online = r->present && r->comm == OMT_COMM_OK;
	}
	for (int i = 0; i < OMT_DROP_SECTIONS; i++) {
		snap->drop[i] = logic->drop[i].state;
		snap->drop_tension[i] = logic->drop[i].tension;
	}
	snap->inputs = logic->inputs;
	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		const struct omt_duty_cycle *d = &logic->duty[a];

		snap->duty_budget_ns[a] = d->params.window_ns ? d->params.on_ns : 0;
		snap->duty_whole_in_ns[a] = omt_duty_wait_ns(d, logic->now_ns,
							     d->params.on_ns);
	}
	snap->n_faults = logic->faults.n;
	memcpy(snap->faults, logic->faults.fault, sizeof(snap->faults));
}
