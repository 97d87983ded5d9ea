// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_watchdog.c - the owner's heartbeat
 *
 * Enable needs a ping within the timeout.  Each ping notes its time and
 * arms an hrtimer for the absolute deadline "last ping + timeout"; its
 * expiry makes the heartbeat stale and, if enable was wanted, latches a
 * fault so that a daemon that hung (rather than died) cannot resume
 * motion merely by waking up.  A change of the timeout re-arms the timer
 * from the last ping, so a longer timeout never leaves it disarmed and a
 * shorter one that has already passed expires at once.
 */
#include <linux/ktime.h>

#include "omt_table_priv.h"

static u64 omt_watchdog_deadline_locked(struct omt_table *t)
{
	return t->last_ping_ns + (u64)t->timeout_ms * NSEC_PER_MSEC;
}

/**
 * omt_watchdog_rearm_locked() - arm the deadline from the last ping
 * @t: the interlock; caller holds @t->lock
 *
 * Does nothing while the heartbeat is stale (no owner, or it expired):
 * only a ping makes it fresh again.
 */
void omt_watchdog_rearm_locked(struct omt_table *t)
{
	if (!t->heartbeat_fresh)
		return;
	hrtimer_start(&t->watchdog, ns_to_ktime(omt_watchdog_deadline_locked(t)),
		      HRTIMER_MODE_ABS);
}

/**
 * omt_watchdog_ping_locked() - record a heartbeat and re-arm the deadline
 * @t: the interlock; caller holds @t->lock
 *
 * The time is read under the lock, so an expiry that waits for the lock
 * always sees a ping time no later than its own.
 */
void omt_watchdog_ping_locked(struct omt_table *t)
{
	t->heartbeat_fresh = true;
	t->last_ping_ns = ktime_get_ns();
	omt_watchdog_rearm_locked(t);
}

/**
 * omt_watchdog_ping() - record a heartbeat and re-arm the deadline
 * @t: the interlock; caller holds no lock
 *
 * Context: process.
 */
void omt_watchdog_ping(struct omt_table *t)
{
	spin_lock_irq(&t->lock);
	omt_watchdog_ping_locked(t);
	spin_unlock_irq(&t->lock);
}

/**
 * omt_watchdog_stop() - disarm the deadline when the owner leaves
 * @t: the interlock; caller holds no lock (the cancel waits for a
 *     running expiry, which takes @t->lock)
 *
 * Context: process.
 */
void omt_watchdog_stop(struct omt_table *t)
{
	spin_lock_irq(&t->lock);
	t->heartbeat_fresh = false;
	spin_unlock_irq(&t->lock);
	hrtimer_cancel(&t->watchdog);
}

/**
 * omt_watchdog_expired() - no ping arrived within the timeout
 * @timer: &omt_table.watchdog
 *
 * Context: hard interrupt (hrtimer).
 */
enum hrtimer_restart omt_watchdog_expired(struct hrtimer *timer)
{
	struct omt_table *t = container_of(timer, struct omt_table, watchdog);
	unsigned long flags;
	u64 now;

	spin_lock_irqsave(&t->lock, flags);
	now = ktime_get_ns();
	/*
	 * A ping (or a longer timeout) moved the deadline while this expiry
	 * waited for the lock; the timer is armed for the new one already.
	 */
	if (!t->heartbeat_fresh || now < omt_watchdog_deadline_locked(t)) {
		spin_unlock_irqrestore(&t->lock, flags);
		return HRTIMER_NORESTART;
	}
	t->heartbeat_fresh = false;
	if (t->requested || t->enabled || t->escape_active) {
		t->counts.watchdog_expiries++;
		omt_faults_latch_locked(t, OMT_TABLE_FAULT_WATCHDOG);
		omt_event_queue_locked(t, OMT_TABLE_EV_WATCHDOG_EXPIRED,
				       (u64)t->timeout_ms * NSEC_PER_MSEC, now);
	}
	spin_unlock_irqrestore(&t->lock, flags);
	omt_output_kick(t);
	return HRTIMER_NORESTART;
}
