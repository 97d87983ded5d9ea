// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_output.c - drive the motor-enable line from the interlock state
 *
 * The line is a function of the state: whoever changes the state calls
 * omt_output_apply(), which recomputes the decision and writes the line.
 * On a chip whose setter cannot sleep the decision and the write happen
 * under the spinlock, in any context.  On a chip that may sleep they
 * happen under @out_mutex in process or irq-thread context; atomic
 * contexts (hrtimers) hand the write to a real-time kthread worker.
 */
#include <linux/ktime.h>

#include "omt_table_priv.h"

/**
 * omt_rules_state_locked() - snapshot the inputs of the enable decision
 * @t: the interlock; caller holds @t->lock
 * @s: filled in
 */
void omt_rules_state_locked(struct omt_table *t, struct omt_rules_state *s)
{
	s->faults = t->faults;
	s->inputs = t->input_state;
	s->owner_present = t->owner_present;
	s->requested = t->requested;
	s->heartbeat_fresh = t->heartbeat_fresh;
	s->escape = t->escape_active;
}

/*
 * Publish a transition of the line; caller holds @t->lock.  The DISABLED
 * record of a trip is held back until the trip's own record is queued
 * (omt_disabled_flush_locked()), so a reader sees the cause first.
 */
static void omt_output_changed_locked(struct omt_table *t, bool on, u64 now)
{
	struct omt_rules_state s;

	t->enabled = on;
	if (on) {
		if (t->disabled_reason) {
			omt_event_queue_locked(t, OMT_TABLE_EV_DISABLED,
					       t->disabled_reason, t->disabled_ns);
			t->disabled_reason = 0;
		}
		t->counts.enables++;
		omt_event_queue_locked(t, OMT_TABLE_EV_ENABLED, 0, now);
		return;
	}
	t->lowered_ns = now;
	omt_rules_state_locked(t, &s);
	t->disabled_reason = omt_rules_disable_reason(&s);
	t->disabled_ns = now;
	omt_disabled_flush_locked(t);
}

/**
 * omt_output_apply() - bring the enable line in line with the state
 * @t: the interlock; caller holds no lock
 *
 * Context: any context when the enable chip cannot sleep; process or irq
 * thread context otherwise.
 * Return: the CLOCK_MONOTONIC time at which this call drove the line low,
 * or 0 if it did not lower it.
 */
u64 omt_output_apply(struct omt_table *t)
{
	struct omt_rules_state s;
	unsigned long flags;
	u64 lowered = 0;
	bool on;

	if (!t->enable_sleeps) {
		spin_lock_irqsave(&t->lock, flags);
		omt_rules_state_locked(t, &s);
		omt_escape_settle_locked(t, &s);
		on = omt_rules_enable_allowed(&s);
		if (on != t->enabled) {
			gpiod_set_value(t->enable, on);
			if (!on)
				lowered = ktime_get_ns();
			omt_output_changed_locked(t, on, lowered ?: ktime_get_ns());
		}
		spin_unlock_irqrestore(&t->lock, flags);
		return lowered;
	}

	mutex_lock(&t->out_mutex);
	spin_lock_irqsave(&t->lock, flags);
	omt_rules_state_locked(t, &s);
	omt_escape_settle_locked(t, &s);
	on = omt_rules_enable_allowed(&s);
	spin_unlock_irqrestore(&t->lock, flags);

	/*
	 * Write even when the state says the line already has this value:
	 * lowering twice is harmless, and a trip never waits on bookkeeping.
	 */
	gpiod_set_value_cansleep(t->enable, on);
	if (!on)
		lowered = ktime_get_ns();

	spin_lock_irqsave(&t->lock, flags);
	if (on != t->enabled)
		omt_output_changed_locked(t, on, lowered ?: ktime_get_ns());
	else
		lowered = 0;
	spin_unlock_irqrestore(&t->lock, flags);
	mutex_unlock(&t->out_mutex);
	return lowered;
}

void omt_output_work_fn(struct kthread_work *work)
{
	omt_output_apply(container_of(work, struct omt_table, output_work));
}

/**
 * omt_output_kick() - apply the state from atomic context
 * @t: the interlock; caller holds no lock
 *
 * Context: any.  Writes at once when the chip cannot sleep, else queues
 * the write on the interlock's SCHED_FIFO worker.
 */
void omt_output_kick(struct omt_table *t)
{
	if (t->enable_sleeps)
		kthread_queue_work(t->worker, &t->output_work);
	else
		omt_output_apply(t);
}
