// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_escape.c - the supervised escape from a lasting obstruction
 *
 * The obstruction switch latches OBSTRUCTION and drops the line; while
 * the switch stays pressed the fault cannot be cleared, and without
 * power the table cannot move off what it pressed on.  The owner may then
 * ask for a grant (OMT_TABLE_IOC_ESCAPE): the line rises for a window of
 * at most OMT_TABLE_ESCAPE_MAX_MS, renewed only by asking again, and
 * only while OBSTRUCTION is the only latched fault and its switch the
 * only trip input asserted.  Which axis moves, which way, how fast and
 * how far is the owner's decision; the kernel bounds the time: every
 * grant counts against OMT_TABLE_ESCAPE_TOTAL_MS per OBSTRUCTION latch.
 *
 * A grant ends when its window passes (hrtimer), on DISABLE, on any
 * e-stop or obstruction edge (omt_trip_edge_locked(), in the hard
 * handler), on any other fault or a stale heartbeat (found by
 * omt_output_apply(), which every state change runs) and when the owner
 * closes the device.  Each grant queues one ESCAPE_GRANTED record and
 * one ESCAPE_ENDED record saying why it ended; renewals are counted only,
 * so that a renewal storm cannot flood the queue.
 */
#include <linux/ktime.h>
#include <linux/string.h>

#include "omt_table_priv.h"

/* Time granted since OBSTRUCTION latched, the running grant's included. */
static u64 omt_escape_used_locked(struct omt_table *t, u64 now)
{
	u64 used = t->escape_used_ns;

	if (t->escape_active && now > t->escape_start_ns)
		used += now - t->escape_start_ns;
	return used;
}

/**
 * omt_escape_end_locked() - end a running grant
 * @t: the interlock; caller holds @t->lock
 * @why: enum omt_table_escape_end
 * @now: CLOCK_MONOTONIC time of the end
 *
 * Context: any.  Does nothing when no grant runs.  The caller applies
 * the output afterwards.
 */
void omt_escape_end_locked(struct omt_table *t, u32 why, u64 now)
{
	if (!t->escape_active)
		return;
	t->escape_used_ns = omt_escape_used_locked(t, now);
	t->escape_active = false;
	t->escape_window_ms = 0;
	omt_event_queue_locked(t, OMT_TABLE_EV_ESCAPE_ENDED, why, now);
	/* From atomic context: an expiry already running finds it ended. */
	hrtimer_try_to_cancel(&t->escape_timer);
}

/**
 * omt_escape_settle_locked() - end a grant whose conditions no longer hold
 * @t: the interlock; caller holds @t->lock
 * @s: the state just taken by omt_rules_state_locked()
 *
 * A grant never resumes: once a condition failed, the owner must ask
 * again (and be checked again).
 */
void omt_escape_settle_locked(struct omt_table *t, const struct omt_rules_state *s)
{
	u32 why = omt_rules_escape_end_reason(s);

	if (why)
		omt_escape_end_locked(t, why, ktime_get_ns());
}

/**
 * omt_escape_request() - grant or renew the escape for @ms
 * @t: the interlock; caller holds no lock
 * @ms: the window asked for
 *
 * Context: process.
 * Return: 0 when the line is high on return, held by the grant; -EINVAL,
 * -EBUSY or -ENOSPC as omt_rules_escape_check() (nothing changed, except
 * that a trip input read asserted latches its fault, as for ENABLE);
 * -EBUSY also when an edge arrived while the lines were read, or a trip
 * won the race before the line rose.
 */
int omt_escape_request(struct omt_table *t, u32 ms)
{
	int ret, fresh;
	u64 now;
	bool on;

	if (!omt_rules_escape_window_valid(ms))
		return -EINVAL;
	/* As for ENABLE: a decision never rests on an edge not yet seen. */
	fresh = omt_inputs_refresh(t, OMT_RULES_TRIP_INPUTS);

	spin_lock_irq(&t->lock);
	now = ktime_get_ns();
	ret = omt_rules_escape_check(ms, t->faults, t->input_state,
				     omt_edges_pending_locked(t),
				     omt_escape_used_locked(t, now));
	if (!ret && fresh)
		ret = -EBUSY;
	if (ret) {
		t->escape_refusals++;
		spin_unlock_irq(&t->lock);
		return ret;
	}
	omt_watchdog_ping_locked(t);
	if (t->escape_active) {
		t->escape_renewals++;
	} else {
		t->escape_active = true;
		t->escape_start_ns = now;
		t->escape_grants++;
		omt_event_queue_locked(t, OMT_TABLE_EV_ESCAPE_GRANTED, ms, now);
	}
	t->escape_window_ms = ms;
	t->escape_until_ns = now + (u64)ms * NSEC_PER_MSEC;
	hrtimer_start(&t->escape_timer, ns_to_ktime(t->escape_until_ns),
		      HRTIMER_MODE_ABS);
	spin_unlock_irq(&t->lock);

	omt_output_apply(t);

	spin_lock_irq(&t->lock);
	on = t->enabled && t->escape_active;
	spin_unlock_irq(&t->lock);
	return on ? 0 : -EBUSY;
}

/**
 * omt_escape_expired() - a grant's window passed without a renewal
 * @timer: &omt_table.escape_timer
 *
 * Context: hard interrupt (hrtimer).
 */
enum hrtimer_restart omt_escape_expired(struct hrtimer *timer)
{
	struct omt_table *t = container_of(timer, struct omt_table,
					   escape_timer);
	unsigned long flags;
	u64 now;

	spin_lock_irqsave(&t->lock, flags);
	now = ktime_get_ns();
	/* A renewal that won the lock has moved the deadline and re-armed. */
	if (t->escape_active && now >= t->escape_until_ns)
		omt_escape_end_locked(t, OMT_TABLE_ESCAPE_END_EXPIRED, now);
	spin_unlock_irqrestore(&t->lock, flags);
	omt_output_kick(t);
	return HRTIMER_NORESTART;
}

/**
 * omt_escape_status_fill() - snapshot of the escape for GET_ESCAPE
 * @t: the interlock; caller holds no lock
 * @st: filled in completely
 *
 * Context: process.
 */
void omt_escape_status_fill(struct omt_table *t, struct omt_table_escape_status *st)
{
	u64 now;

	memset(st, 0, sizeof(*st));
	spin_lock_irq(&t->lock);
	now = ktime_get_ns();
	st->active = t->escape_active;
	st->window_ms = t->escape_window_ms;
	if (t->escape_active && t->escape_until_ns > now)
		st->remaining_ns = t->escape_until_ns - now;
	st->used_ns = omt_escape_used_locked(t, now);
	st->total_ns = (u64)OMT_TABLE_ESCAPE_TOTAL_MS * NSEC_PER_MSEC;
	st->grants = t->escape_grants;
	st->renewals = t->escape_renewals;
	st->refusals = t->escape_refusals;
	spin_unlock_irq(&t->lock);
}
