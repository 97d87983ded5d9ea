// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_events.c - the event queue read() drains, and fault uevents
 */
#include <linux/kobject.h>
#include <linux/ktime.h>
#include <linux/poll.h>

#include "omt_table_priv.h"

/*
 * Which records a full queue gives up first.  E-stop, obstruction and
 * watchdog records say why the table stopped and are never dropped for
 * chattering limit switches or enable toggles.
 */
static int omt_event_rank(u32 type)
{
	switch (type) {
	case OMT_TABLE_EV_LIMIT:
		return 0;
	case OMT_TABLE_EV_ENABLED:
	case OMT_TABLE_EV_DISABLED:
	case OMT_TABLE_EV_FAULT_CLEARED:
	case OMT_TABLE_EV_ESCAPE_GRANTED:
	case OMT_TABLE_EV_ESCAPE_ENDED:
		return 1;
	default:
		return 2;
	}
}

static struct omt_table_event *omt_event_at(struct omt_table *t, unsigned int i)
{
	return &t->events[(t->ev_head + i) % OMT_TABLE_EVENT_QUEUE_LEN];
}

/*
 * Make room in a full queue: drop the oldest record of the lowest rank
 * queued, or report that the new record (of @rank) is itself the one to
 * drop.  Returns false when the new record must be dropped.
 */
static bool omt_event_make_room_locked(struct omt_table *t, int rank)
{
	unsigned int i, victim = 0;
	int low = 3;

	for (i = 0; i < t->ev_count; i++) {
		int r = omt_event_rank(omt_event_at(t, i)->type);

		if (r < low) {
			low = r;
			victim = i;
		}
	}
	t->counts.events_dropped++;
	if (rank < low)
		return false;
	/* Close the gap: shift the records older than the victim up by one. */
	for (i = victim; i > 0; i--)
		*omt_event_at(t, i) = *omt_event_at(t, i - 1);
	t->ev_head = (t->ev_head + 1) % OMT_TABLE_EVENT_QUEUE_LEN;
	t->ev_count--;
	return true;
}

/**
 * omt_event_queue_locked() - append one event record and wake readers
 * @t: the interlock; caller holds @t->lock
 * @type: enum omt_table_event_type
 * @value: per type
 * @when_ns: CLOCK_MONOTONIC time of the event
 *
 * When the queue is full a record is dropped and counted: the oldest of
 * the least important kind (see omt_event_rank()), so that what stopped
 * the table survives a reader that fell behind; the sequence gap tells
 * the reader what it missed.
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

	if (t->ev_count == OMT_TABLE_EVENT_QUEUE_LEN &&
	    !omt_event_make_room_locked(t, omt_event_rank(type)))
		return;
	*omt_event_at(t, t->ev_count) = ev;
	t->ev_count++;
	wake_up_interruptible_poll(&t->wait, EPOLLIN | EPOLLRDNORM);
}

/**
 * omt_event_peek_locked() - copy the oldest record without removing it
 * @t: the interlock; caller holds @t->lock
 * @ev: filled in when a record is queued
 *
 * Return: false when the queue is empty.
 */
bool omt_event_peek_locked(struct omt_table *t, struct omt_table_event *ev)
{
	if (!t->ev_count)
		return false;
	*ev = *omt_event_at(t, 0);
	return true;
}

/**
 * omt_event_consume_locked() - remove the oldest record once delivered
 * @t: the interlock; caller holds @t->lock
 * @seq: the sequence number of the record that was delivered
 *
 * A full queue may have dropped that record meanwhile; then nothing is
 * removed.
 */
void omt_event_consume_locked(struct omt_table *t, u32 seq)
{
	if (!t->ev_count || omt_event_at(t, 0)->seq != seq)
		return;
	t->ev_head = (t->ev_head + 1) % OMT_TABLE_EVENT_QUEUE_LEN;
	t->ev_count--;
}

/**
 * omt_faults_latch_locked() - latch a fault and withdraw the enable request
 * @t: the interlock; caller holds @t->lock
 * @fault: OMT_TABLE_FAULT_* bit
 *
 * The owner must clear the fault and ask again: a table never restarts
 * on its own after a trip.  The caller applies the output afterwards
 * (which ends a running escape grant if the fault is not OBSTRUCTION).
 * OBSTRUCTION latched anew starts a new escape allowance.
 */
void omt_faults_latch_locked(struct omt_table *t, u32 fault)
{
	t->requested = false;
	if (t->faults & fault)
		return;
	if (fault & OMT_TABLE_FAULT_OBSTRUCTION)
		t->escape_used_ns = 0;
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
