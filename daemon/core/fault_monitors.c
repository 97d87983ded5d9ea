// SPDX-License-Identifier: MIT
/*
 * The per-axis fault monitors and the latched fault set.
 * Each watchdog is a few lines on purpose: docs/safety.md names them one
 * by one, and each has its own test in tests/unit/test_fault_monitors.c.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "omt_regs.h"
#include "fault_monitors.h"
#include "omt_time.h"


void omt_fault_monitor_params_default(struct omt_fault_monitor_params *params)
{
	memset(params, 0, sizeof(*params));
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_monitor_params *m = &params->axis[a];

		m->following_error_max = a == OMT_AXIS_TILT ? 2.0 : 5.0;
		m->stall_ns = 500 * NSEC_PER_MSEC;
		m->stall_min_travel = a == OMT_AXIS_TILT ? 0.2 : 0.5;
		m->obstruction_current_ma = 3000.0;
		m->overcurrent_ma = 5000.0;
		m->uncommanded_travel = a == OMT_AXIS_TILT ? 1.0 : 2.0;
		m->position_jump = a == OMT_AXIS_TILT ? 5.0 : 20.0;
		/* As omt_axis_limits_default()'s; the logic sets its own. */
		m->max_speed = a == OMT_AXIS_HEIGHT ? 40.0 :
			       a == OMT_AXIS_TILT ? 4.0 : 10.0;
		m->settle_ns = 500 * NSEC_PER_MSEC;
		m->enable_ns = 200 * NSEC_PER_MSEC;
	}
	params->comms_lost_ns = 60 * NSEC_PER_MSEC;
	params->obstruction_reverse = 10.0;
}

/* One more exchange at now_ns: the interval since the last one. */
static void comms_watch_tried(struct omt_comms_watch *w, uint64_t now_ns)
{
	if (w->tried && now_ns > w->tried_ns)
		w->interval_ns = now_ns - w->tried_ns;
	w->tried = true;
	w->tried_ns = now_ns;
}

void omt_comms_watch_ok(struct omt_comms_watch *w, uint64_t now_ns)
{
	comms_watch_tried(w, now_ns);
	w->failing = false;
	w->failures = 0;
}

void omt_comms_watch_failed(struct omt_comms_watch *w,
			    enum omt_comm_result result, uint64_t now_ns)
{
	if (!w->failing) {
		/* Its usual interval is the one that led to this failure;
		 * retries meanwhile (maybe every cycle) do not shorten it. */
		comms_watch_tried(w, now_ns);
		w->failing = true;
		w->failing_since_ns = now_ns;
		w->failures = 0;
	} else {
		w->tried_ns = now_ns;
	}
	if (w->failures < UINT_MAX)
		w->failures++;
	w->last_failure = result;
}

bool omt_comms_watch_lost(const struct omt_comms_watch *w,
			  uint64_t window_ns, uint64_t now_ns)
{
	uint64_t failing_for, interval, chances;

	if (!w->failing || now_ns < w->failing_since_ns)
		return false;
	failing_for = now_ns - w->failing_since_ns;
	if (failing_for < window_ns)
		return false;
	if (w->failures >= OMT_COMMS_LOST_TRIES)
		return true;
	/* (An interval of hours would overflow the product: cap it first.) */
	interval = w->interval_ns;
	if (interval > window_ns * OMT_COMMS_LOST_STRETCH_MAX)
		interval = window_ns * OMT_COMMS_LOST_STRETCH_MAX;
	chances = interval * OMT_COMMS_LOST_TRIES;
	if (chances > window_ns * OMT_COMMS_LOST_STRETCH_MAX)
		chances = window_ns * OMT_COMMS_LOST_STRETCH_MAX;
	return failing_for >= chances;
}

void omt_axis_monitor_init(struct omt_axis_monitor *monitor)
{
	memset(monitor, 0, sizeof(*monitor));
}

void omt_axis_monitor_rebase(struct omt_axis_monitor *monitor)
{
	/*
	 * The rest point moves to where the axis was last read, and an axis
	 * that had settled stays settled: restarting the settle time would
	 * let the rest point follow the axis for half a second, blind to a
	 * push in that time.
	 */
	if (monitor->have_position)
		monitor->rest_point = monitor->last_position;
	monitor->stall_timing = false;
	/*
	 * A drive whose own fault the clear resets comes back up afresh,
	 * within enable_ns like any drive told to enable.  Read as one that
	 * had been up, the reading that still shows it off (its fault masked
	 * as a record until the reset lands) latched "switched itself off"
	 * in the cycle after a clear that followed the fault at once.
	 */
	monitor->enable_seen = false;
	monitor->enable_pending = false;
}

double omt_position_jump_bound(const struct omt_monitor_params *p,
			       uint64_t elapsed_ns)
{
	if (elapsed_ns > OMT_JUMP_GAP_MAX_NS)
		elapsed_ns = OMT_JUMP_GAP_MAX_NS;
	return p->position_jump + p->max_speed * (double)elapsed_ns / 1e9;
}

bool omt_position_jumped(const struct omt_monitor_params *p, double from,
			 uint64_t from_ns, double to, uint64_t to_ns)
{
	uint64_t elapsed = to_ns > from_ns ? to_ns - from_ns : 0;

	/* Written so that a NaN on either side is a jump. */
	return !(fabs(to - from) <= omt_position_jump_bound(p, elapsed));
}

uint64_t omt_reading_time(const struct omt_axis_reading *r, uint64_t now_ns)
{
	return r->taken_ns ? r->taken_ns : now_ns;
}

enum omt_fault_kind omt_comm_fault_kind(enum omt_comm_result result)
{
	switch (result) {
	case OMT_COMM_CRC:
		return OMT_FAULT_MODBUS_CRC;
	case OMT_COMM_EXCEPTION:
		return OMT_FAULT_MODBUS_EXCEPTION;
	case OMT_COMM_FRAME:
		return OMT_FAULT_MODBUS_FRAME;
	case OMT_COMM_TIMEOUT:
	default:
		return OMT_FAULT_MODBUS_TIMEOUT;
	}
}

static enum omt_fault_kind drive_fault_kind(const struct omt_axis_reading *r)
{
	if (r->drive_fault == OMT_DRIVE_FAULT_OVERCURRENT)
		return OMT_FAULT_OVERCURRENT;
	if (r->drive_fault == OMT_DRIVE_FAULT_COMMS_WATCHDOG)
		return OMT_FAULT_COMMS_LOST;
	return OMT_FAULT_DRIVE;
}

static bool drive_faulted(const struct omt_axis_reading *r)
{
	return r->fault || r->drive_fault != OMT_DRIVE_FAULT_NONE;
}

/* The drive has latched a fault of its own and switched itself off. */
static bool drive_own_fault(const struct omt_axis_reading *r)
{
	return drive_faulted(r) || r->comms_timeout;
}

bool omt_axis_current_live(const struct omt_axis_reading *r)
{
	/* An actuator that cut its current off reads what tripped it. */
	return !drive_own_fault(r) && !r->obstruction_recorded;
}

static bool over_current(const struct omt_monitor_params *p,
			 const struct omt_axis_reading *r)
{
	return omt_axis_current_live(r) && r->current_ma >= p->overcurrent_ma;
}

/*
 * The obstruction bit, or a live current at the obstruction level.  A
 * current at the overcurrent level is found as that (the drive is then
 * disabled), not as an obstruction as well.
 */
static bool obstructed(const struct omt_monitor_params *p,
		       const struct omt_axis_reading *r)
{
	return r->obstruction ||
	       (omt_axis_current_live(r) &&
		r->current_ma >= p->obstruction_current_ma);
}

/*
 * Stall: the axis is told to move, has not covered stall_min_travel for
 * stall_ns, and its current has risen meanwhile (a motor pushing against
 * something, not a drive that ignores us, which following error catches).
 */
static bool stall_check(struct omt_axis_monitor *m,
			const struct omt_monitor_params *p,
			const struct omt_axis_reading *r,
			const struct omt_axis_commanded *c, uint64_t now_ns)
{
	if (!c->moving || c->velocity == 0.0) {
		m->stall_timing = false;
		return false;
	}
	/* Told the other way round (a new target behind it), the axis
	 * turns: its window starts afresh, or the turn reads as no
	 * progress. */
	if (!m->stall_timing || (c->velocity > 0.0 ? 1 : -1) != m->stall_dir ||
	    fabs(r->position - m->stall_from_position) >= p->stall_min_travel) {
		m->stall_timing = true;
		m->stall_dir = c->velocity > 0.0 ? 1 : -1;
		m->stall_since_ns = now_ns;
		m->stall_from_position = r->position;
		m->stall_from_current = r->current_ma;
		m->stall_from_setpoint = c->setpoint;
		return false;
	}
	if (now_ns - m->stall_since_ns < p->stall_ns)
		return false;
	/* A drive on its own slow ramp was not expected to get far yet. */
	if (c->runs_to_target &&
	    fabs(c->setpoint - m->stall_from_setpoint) <
		    p->stall_min_travel + c->following_slack) {
		m->stall_since_ns = now_ns;
		m->stall_from_current = r->current_ma;
		m->stall_from_setpoint = c->setpoint;
		return false;
	}
	if (r->current_ma > m->stall_from_current)
		return true;
	/* Stuck but the current is flat: start a new window. */
	m->stall_since_ns = now_ns;
	m->stall_from_current = r->current_ma;
	return false;
}

/*
 * Uncommanded motion: once an axis has been told to rest and has had
 * settle_ns to come to a halt, it must stay within uncommanded_travel of
 * where it settled, enabled or not.
 */
static bool uncommanded_check(struct omt_axis_monitor *m,
			      const struct omt_monitor_params *p,
			      const struct omt_axis_reading *r,
			      const struct omt_axis_commanded *c,
			      uint64_t now_ns)
{
	if (c->moving || c->free_to_move) {
		m->resting = false;
		return false;
	}
	if (!m->resting) {
		m->resting = true;
		m->rest_since_ns = now_ns;
	}
	if (now_ns - m->rest_since_ns < p->settle_ns) {
		m->rest_point = r->position;
		return false;
	}
	if (c->may_fall) {
		m->rest_point = fmin(m->rest_point, r->position);
		return r->position - m->rest_point > p->uncommanded_travel;
	}
	return fabs(r->position - m->rest_point) > p->uncommanded_travel;
}

/*
 * Drive disabled: told to enable (every exchange writes CONTROL), the
 * drive must answer READY and ENABLED.  Once it has, dropping either bit
 * means it switched itself off (its own protection, a supply dip, a
 * reset): latched at once, so the next cyclic write cannot quietly switch
 * it back on.  One that never comes up within enable_ns is as bad.
 */
static bool disabled_check(struct omt_axis_monitor *m,
			   const struct omt_monitor_params *p,
			   const struct omt_axis_reading *r, uint64_t now_ns)
{
	bool up = r->ready && r->enabled;

	if (!r->enable_sent) {
		m->enable_seen = false;
		m->enable_pending = false;
		return false;
	}
	if (up) {
		m->enable_seen = true;
		m->enable_pending = false;
		return false;
	}
	if (m->enable_seen)
		return true;
	if (!m->enable_pending) {
		m->enable_pending = true;
		m->enable_sent_since_ns = now_ns;
	}
	return now_ns - m->enable_sent_since_ns >= p->enable_ns;
}

static void found(struct omt_monitor_finding *f, enum omt_fault_kind kind)
{
	if (f->n < OMT_MONITOR_FINDINGS_MAX)
		f->kind[f->n++] = kind;
	f->found = true;
}

struct omt_monitor_finding
omt_axis_monitor_check(struct omt_axis_monitor *m,
		       const struct omt_monitor_params *p,
		       uint64_t comms_lost_ns,
		       const struct omt_axis_reading *r,
		       const struct omt_axis_commanded *c, uint64_t now_ns)
{
	struct omt_monitor_finding f = { 0 };
	bool jump, stall, uncommanded, disabled;

	if (!r->present)
		return f;
	if (r->comm != OMT_COMM_OK) {
		if (!r->stale || !m->comms.failing)
			omt_comms_watch_failed(&m->comms, r->comm, now_ns);
		/* Within the window, the last good reading stands in. */
		if (omt_comms_watch_lost(&m->comms, comms_lost_ns, now_ns))
			found(&f, omt_comm_fault_kind(m->comms.last_failure));
		return f;
	}
	/* A stale reading is no new exchange (unless it ends a failure). */
	if (!r->stale || m->comms.failing)
		omt_comms_watch_ok(&m->comms, now_ns);

	/* A fired drop section falls onto its stop in one reading. */
	jump = m->have_position && !c->free_to_move &&
	       !(c->may_fall && r->position < m->last_position) &&
	       omt_position_jumped(p, m->last_position, m->last_position_ns,
				   r->position, omt_reading_time(r, now_ns));
	m->have_position = true;
	m->last_position = r->position;
	m->last_position_ns = omt_reading_time(r, now_ns);
	stall = stall_check(m, p, r, c, now_ns);
	uncommanded = uncommanded_check(m, p, r, c, now_ns);
	disabled = disabled_check(m, p, r, now_ns);

	if (r->comms_timeout)
		found(&f, OMT_FAULT_COMMS_LOST);
	if (drive_faulted(r))
		found(&f, drive_fault_kind(r));
	/* A drive in its own fault has switched itself off: that is the
	 * fault above, not a second one. */
	if (disabled && !drive_own_fault(r))
		found(&f, OMT_FAULT_DRIVE_DISABLED);
	if (jump)
		found(&f, OMT_FAULT_POSITION_JUMP);
	if (over_current(p, r))
		found(&f, OMT_FAULT_OVERCURRENT);
	else if (obstructed(p, r))
		found(&f, OMT_FAULT_OBSTRUCTION);
	/*
	 * At rest too, if the drive is powered on the wire: an axis pushed
	 * away from where it is held would otherwise be driven back by its
	 * drive for the whole settle time, before uncommanded motion can
	 * catch it.  (A section free to fall, or armed and falling, is left
	 * alone.)
	 */
	if (c->enabled && !c->free_to_move &&
	    !(c->may_fall && r->position < c->setpoint) &&
	    (c->moving || r->enable_sent) &&
	    fabs(c->setpoint - r->position) >
		    p->following_error_max + c->following_slack)
		found(&f, OMT_FAULT_FOLLOWING_ERROR);
	if (stall)
		found(&f, OMT_FAULT_STALL);
	if (uncommanded)
		found(&f, OMT_FAULT_UNCOMMANDED_MOTION);
	if (c->moving && ((r->limit_low && c->velocity < 0.0) ||
			  (r->limit_high && c->velocity > 0.0)))
		found(&f, OMT_FAULT_LIMIT);
	return f;
}

bool omt_axis_fault_cause_present(const struct omt_monitor_params *params,
				  enum omt_fault_kind kind,
				  const struct omt_axis_reading *reading)
{
	switch (kind) {
	case OMT_FAULT_MODBUS_TIMEOUT:
	case OMT_FAULT_MODBUS_CRC:
	case OMT_FAULT_MODBUS_EXCEPTION:
	case OMT_FAULT_MODBUS_FRAME:
		return reading->comm != OMT_COMM_OK;
	/*
	 * A drive holds its own fault latched (FAULT_CODE, its watchdog's
	 * comms-timeout) until it sees a fault-reset, and ClearFaults is what
	 * sends one: the latch is a record, not proof the cause lasts, or a
	 * drive whose watchdog tripped while omtd was dead could never be
	 * cleared.  What is observed here blocks the clear: a drive that
	 * does not answer, a current still over the limit.  A drive whose
	 * own cause lasts reports its fault again after the reset, and it
	 * latches again.
	 */
	case OMT_FAULT_COMMS_LOST:
		return reading->comm != OMT_COMM_OK;
	case OMT_FAULT_DRIVE:
		return false;
	case OMT_FAULT_DRIVE_IDENTITY:
		return reading->verify_failed;
	case OMT_FAULT_OVERCURRENT:
		/* The current that tripped the drive stays in its register
		 * until the reset this clear sends: only a live one lasts. */
		return reading->comm == OMT_COMM_OK && over_current(params, reading);
	case OMT_FAULT_OBSTRUCTION:
		/*
		 * An actuator's record of a stop on current (its overcurrent
		 * flag) stays until the reset this clear sends, as a drive's
		 * own fault does: refusing the clear for it refused for ever.
		 * Found again after the reset, it latches again.
		 */
		return reading->comm == OMT_COMM_OK &&
		       !reading->obstruction_recorded &&
		       obstructed(params, reading);
	default:
		/* Following error, stall, jumps, uncommanded motion and limit
		 * are events, not conditions: gone once the axis is at rest. */
		return false;
	}
}

bool omt_fault_set_raise(struct omt_fault_set *set, enum omt_fault_kind kind,
			 enum omt_axis axis, bool cause_present)
{
	for (unsigned int i = 0; i < set->n; i++) {
		if (set->fault[i].kind == kind && set->fault[i].axis == axis) {
			set->fault[i].cause_present = cause_present;
			return false;
		}
	}
	if (set->n == OMT_MAX_ACTIVE_FAULTS)
		return false;
	set->fault[set->n++] = (struct omt_active_fault){
		.kind = kind, .axis = axis, .cause_present = cause_present,
	};
	return true;
}

bool omt_fault_set_has(const struct omt_fault_set *set,
		       enum omt_fault_kind kind, enum omt_axis axis)
{
	for (unsigned int i = 0; i < set->n; i++)
		if (set->fault[i].kind == kind && set->fault[i].axis == axis)
			return true;
	return false;
}

bool omt_fault_set_any_cause(const struct omt_fault_set *set)
{
	for (unsigned int i = 0; i < set->n; i++)
		if (set->fault[i].cause_present)
			return true;
	return false;
}

bool omt_fault_is_hardware(enum omt_fault_kind kind)
{
	switch (kind) {
	case OMT_FAULT_DRIVE:
	case OMT_FAULT_OVERCURRENT:
	case OMT_FAULT_POSITION_JUMP:
	case OMT_FAULT_UNCOMMANDED_MOTION:
		return true;
	default:
		return false;
	}
}
