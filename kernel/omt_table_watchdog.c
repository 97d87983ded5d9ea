// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_watchdog.c - the owner's heartbeat
 *
 * Enable needs a ping within the timeout.  Each ping re-arms an hrtimer;
 * its expiry makes the heartbeat stale and, if enable was wanted, latches
 * a fault so that a daemon that hung (rather than died) cannot resume
 * motion merely by waking up.
 */
#include <linux/ktime.h>

#include "omt_table_priv.h"

/**
 * omt_watchdog_ping() - record a heartbeat and re-arm the deadline
 * @t: the interlock; caller holds no lock
 *
 * Context: process.
 */
void omt_watchdog_ping(struct omt_table *t)
{
	spin_lock_irq(&t->lock);
	t->heartbeat_fresh = true;
	t->last_ping_ns = ktime_get_ns();
	hrtimer_start(&t->watchdog, ms_to_ktime(t->timeout_ms),
		      HRTIMER_MODE_REL);
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
	hrtimer_cancel(&t->watchdog);
	spin_lock_irq(&t->lock);
	t->heartbeat_fresh = false;
	spin_unlock_irq(&t->lock);
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
	u64 now = ktime_get_ns();
	u64 timeout_ns;

	spin_lock_irqsave(&t->lock, flags);
	timeout_ns = (u64)t->timeout_ms * NSEC_PER_MSEC;
	/* A ping that re-armed the timer while this expiry waited for the lock. */
	if (now - t->last_ping_ns < timeout_ns) {
		spin_unlock_irqrestore(&t->lock, flags);
		return HRTIMER_NORESTART;
	}
	t->heartbeat_fresh = false;
	if (t->requested) {
		t->watchdog_expiries++;
		omt_faults_latch_locked(t, OMT_TABLE_FAULT_WATCHDOG);
		omt_event_queue_locked(t, OMT_TABLE_EV_WATCHDOG_EXPIRED,
				       timeout_ns, now);
	}
	spin_unlock_irqrestore(&t->lock, flags);
	omt_output_kick(t);
	return HRTIMER_NORESTART;
}
