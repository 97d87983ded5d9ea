// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_events.c - the event queue read() drains, and fault uevents
 */
#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/poll.h>

#include "omt_table_priv.h"

/**
 * omt_event_queue_locked() - append one event record and wake readers
 * @t: the interlock; caller holds @t->lock
 * @type: enum omt_table_event_type
 * @value: per type
 * @when_ns: CLOCK_MONOTONIC time of the event
 *
 * When the queue is full the oldest record is dropped: the newest state
 * matters most to a reader that fell behind, and the sequence gap and the
 * counter tell it what it missed.
 */
void omt_event_queue_locked(struct omt_table *t, u32 type, u64 value, u64 when_ns)
{
	struct omt_table_event ev = {
		.type = type,
		.seq = t->event_seq++,
		.timestamp_ns = when_ns,
		.faults = t->faults,
		.inputs = t->input_state,
		.value = value,
	};

	if (kfifo_is_full(&t->events)) {
		kfifo_skip(&t->events);
		t->events_dropped++;
	}
	kfifo_put(&t->events, ev);
	wake_up_interruptible_poll(&t->wait, EPOLLIN | EPOLLRDNORM);
}

/**
 * omt_faults_latch_locked() - latch a fault and withdraw the enable request
 * @t: the interlock; caller holds @t->lock
 * @fault: OMT_TABLE_FAULT_* bit
 *
 * The owner must clear the fault and ask again: a table never restarts
 * on its own after a trip.  The caller applies the output afterwards.
 */
void omt_faults_latch_locked(struct omt_table *t, u32 fault)
{
	t->requested = false;
	if (t->faults & fault)
		return;
	t->faults |= fault;
	schedule_work(&t->uevent_work);
}

/*
 * kobject_uevent_env() allocates and may sleep, so fault changes seen in
 * interrupt context are reported from here.
 */
void omt_uevent_work_fn(struct work_struct *work)
{
	struct omt_table *t = container_of(work, struct omt_table, uevent_work);
	char fault_env[32];
	char *envp[2];
	unsigned long flags;
	u32 faults;

	spin_lock_irqsave(&t->lock, flags);
	faults = t->faults;
	spin_unlock_irqrestore(&t->lock, flags);

	snprintf(fault_env, sizeof(fault_env), "OMT_FAULT=0x%08x", faults);
	envp[0] = fault_env;
	envp[1] = NULL;
	kobject_uevent_env(&t->dev->kobj, KOBJ_CHANGE, envp);
}
