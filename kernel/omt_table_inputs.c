// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_inputs.c - e-stop, obstruction and limit switch interrupts
 *
 * Trip inputs (both e-stop channels and the obstruction switch) have a
 * hard handler and a thread.  The hard handler runs first, so it stamps
 * the edge and, when the enable chip can be written without sleeping,
 * lowers the line itself.  It cannot read an input on a chip that sleeps,
 * so it treats any edge while enable is on or wanted as a trip: a press
 * shorter than the thread's wake-up still stops the table, and a release
 * edge cannot arrive while enable is legitimately on.  The thread reads
 * the line, latches the fault, lowers the line when the chip sleeps,
 * checks the two channels against each other and queues the events.
 *
 * Nothing is debounced.  Releases never act: they are only sampled, and
 * clearing a fault reads the lines afresh.
 */
#include <linux/interrupt.h>
#include <linux/ktime.h>

#include "omt_table_priv.h"

#define OMT_ESTOP_INPUTS (OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B)
#define OMT_LIMIT_INPUTS (OMT_TABLE_INPUT_LIMIT_LOW | OMT_TABLE_INPUT_LIMIT_HIGH)

static const char *const omt_input_names[OMT_IN_COUNT] = {
	[OMT_IN_ESTOP_A] = "omt_table-estop-a",
	[OMT_IN_ESTOP_B] = "omt_table-estop-b",
	[OMT_IN_LIMIT_LOW] = "omt_table-limit-low",
	[OMT_IN_LIMIT_HIGH] = "omt_table-limit-high",
	[OMT_IN_OBSTRUCTION] = "omt_table-obstruction",
};

/*
 * Note the drop time of the trip being handled; caller holds @t->lock.
 * The fault the hard irq latched may have had the line lowered by another
 * path (the output worker) before this handler got to it: the drop still
 * answers this edge if it came after it.
 */
static void omt_trip_lowered_locked(struct omt_table *t, u64 lowered)
{
	if (!lowered && !t->enabled && t->lowered_ns >= t->trip_edge_ns)
		lowered = t->lowered_ns;
	if (!lowered || !t->trip_edge_ns)
		return;
	t->trip_latency_ns = lowered - t->trip_edge_ns;
	t->last_latency_ns = t->trip_latency_ns;
}

static irqreturn_t omt_trip_hardirq(int irq, void *data)
{
	struct omt_input *in = data;
	struct omt_table *t = in->table;
	u64 now = ktime_get_ns();
	u64 lowered;

	spin_lock(&t->lock);
	if (!t->trip_edge_ns)
		t->trip_edge_ns = now;
	if (t->requested || t->enabled)
		omt_faults_latch_locked(t, omt_rules_trip_fault(BIT(in->role)));
	spin_unlock(&t->lock);

	if (t->enable_sleeps)
		return IRQ_WAKE_THREAD;

	lowered = omt_output_apply(t);
	spin_lock(&t->lock);
	omt_trip_lowered_locked(t, lowered);
	spin_unlock(&t->lock);
	return IRQ_WAKE_THREAD;
}

/*
 * Start or stop the agreement window after an e-stop channel changed;
 * caller holds @t->lock, so two channel threads cannot apply their views
 * out of order.  Neither call waits for a running callback.
 */
static void omt_estop_agreement_locked(struct omt_table *t)
{
	bool a = t->input_state & OMT_TABLE_INPUT_ESTOP_A;
	bool b = t->input_state & OMT_TABLE_INPUT_ESTOP_B;

	if (!(t->lines_present & OMT_TABLE_LINE_ESTOP_B))
		return;
	if (a == b)
		hrtimer_try_to_cancel(&t->disagree);
	else if (!hrtimer_is_queued(&t->disagree))
		hrtimer_start(&t->disagree, ns_to_ktime(t->agree_window_ns),
			      HRTIMER_MODE_REL);
}

/* Queue the events of a trip input change; caller holds @t->lock. */
static void omt_trip_events_locked(struct omt_table *t, u32 bit, u32 before,
				   u64 latency, u64 when)
{
	u32 after = t->input_state;

	if (bit & OMT_ESTOP_INPUTS) {
		bool was = before & OMT_ESTOP_INPUTS;
		bool is = after & OMT_ESTOP_INPUTS;

		if (!was && is) {
			t->estop_presses++;
			omt_event_queue_locked(t, OMT_TABLE_EV_ESTOP_PRESSED,
					       latency, when);
		} else if (was && !is) {
			omt_event_queue_locked(t, OMT_TABLE_EV_ESTOP_RELEASED,
					       0, when);
		}
		return;
	}
	if ((before ^ after) & bit) {
		if (after & bit)
			t->obstructions++;
		omt_event_queue_locked(t, OMT_TABLE_EV_OBSTRUCTION,
				       !!(after & bit), when);
	}
}

static irqreturn_t omt_trip_thread(int irq, void *data)
{
	struct omt_input *in = data;
	struct omt_table *t = in->table;
	u32 bit = BIT(in->role);
	u32 before;
	u64 lowered, latency, edge;
	int value;

	/* A line that cannot be read counts as asserted. */
	value = gpiod_get_value_cansleep(in->desc);
	if (value < 0)
		value = 1;

	spin_lock_irq(&t->lock);
	before = t->input_state;
	if (value) {
		t->input_state |= bit;
		omt_faults_latch_locked(t, omt_rules_trip_fault(bit));
	} else {
		t->input_state &= ~bit;
	}
	spin_unlock_irq(&t->lock);

	lowered = omt_output_apply(t);

	spin_lock_irq(&t->lock);
	omt_trip_lowered_locked(t, lowered);
	latency = t->trip_latency_ns;
	edge = t->trip_edge_ns ?: ktime_get_ns();
	t->trip_latency_ns = 0;
	t->trip_edge_ns = 0;
	omt_trip_events_locked(t, bit, before, latency, edge);
	if (bit & OMT_ESTOP_INPUTS)
		omt_estop_agreement_locked(t);
	spin_unlock_irq(&t->lock);
	return IRQ_HANDLED;
}

static irqreturn_t omt_limit_thread(int irq, void *data)
{
	struct omt_input *in = data;
	struct omt_table *t = in->table;
	u32 bit = BIT(in->role);
	u32 before;
	int value;

	value = gpiod_get_value_cansleep(in->desc);
	if (value < 0)
		value = 1;

	spin_lock_irq(&t->lock);
	before = t->input_state;
	if (value)
		t->input_state |= bit;
	else
		t->input_state &= ~bit;
	if (before != t->input_state)
		omt_event_queue_locked(t, OMT_TABLE_EV_LIMIT,
				       t->input_state & OMT_LIMIT_INPUTS,
				       ktime_get_ns());
	spin_unlock_irq(&t->lock);
	return IRQ_HANDLED;
}

/**
 * omt_disagree_expired() - the e-stop channels disagreed for a whole window
 * @timer: &omt_table.disagree
 *
 * Context: hard interrupt (hrtimer).  One channel is asserted whenever
 * they disagree, so the line is low already; the fault makes the owner
 * look at the wiring before the table runs again.
 */
enum hrtimer_restart omt_disagree_expired(struct hrtimer *timer)
{
	struct omt_table *t = container_of(timer, struct omt_table, disagree);
	unsigned long flags;
	u32 in;

	spin_lock_irqsave(&t->lock, flags);
	in = t->input_state;
	if (!(in & OMT_TABLE_INPUT_ESTOP_A) != !(in & OMT_TABLE_INPUT_ESTOP_B)) {
		t->disagreements++;
		omt_faults_latch_locked(t, OMT_TABLE_FAULT_ESTOP_DISAGREE);
		omt_event_queue_locked(t, OMT_TABLE_EV_ESTOP_DISAGREE,
				       t->agree_window_ns, ktime_get_ns());
	}
	spin_unlock_irqrestore(&t->lock, flags);
	omt_output_kick(t);
	return HRTIMER_NORESTART;
}

/**
 * omt_inputs_refresh() - read every input line afresh
 * @t: the interlock; caller holds no lock
 *
 * Context: process.  Used at probe and before a fault is cleared, so that
 * a decision about a cause never rests on a missed edge.
 */
void omt_inputs_refresh(struct omt_table *t)
{
	u32 state = 0;
	int role, value;

	for (role = 0; role < OMT_IN_COUNT; role++) {
		if (!t->inputs[role].desc)
			continue;
		value = gpiod_get_value_cansleep(t->inputs[role].desc);
		if (value)
			state |= BIT(role);
	}
	spin_lock_irq(&t->lock);
	t->input_state = state;
	omt_estop_agreement_locked(t);
	spin_unlock_irq(&t->lock);
}

/**
 * omt_inputs_setup() - request the interrupts of every present input
 * @t: the interlock, with its descriptors looked up
 *
 * Return: 0 or a negative errno (already reported).
 */
int omt_inputs_setup(struct omt_table *t)
{
	unsigned long flags = IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING |
			      IRQF_ONESHOT;
	int role, ret;

	for (role = 0; role < OMT_IN_COUNT; role++) {
		struct omt_input *in = &t->inputs[role];
		bool trip = omt_rules_trip_fault(BIT(role));

		if (!in->desc)
			continue;
		in->table = t;
		in->role = role;
		in->irq = gpiod_to_irq(in->desc);
		if (in->irq < 0)
			return dev_err_probe(t->dev, in->irq,
					     "no interrupt for %s\n",
					     omt_input_names[role]);
		ret = devm_request_threaded_irq(t->dev, in->irq,
						trip ? omt_trip_hardirq : NULL,
						trip ? omt_trip_thread : omt_limit_thread,
						flags, omt_input_names[role], in);
		if (ret)
			return dev_err_probe(t->dev, ret,
					     "cannot request %s interrupt\n",
					     omt_input_names[role]);
	}
	return 0;
}
