// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_inputs.c - e-stop, obstruction and limit switch interrupts
 *
 * Trip inputs (both e-stop channels and the obstruction switch) have a
 * hard handler and a thread.  Any edge of a trip input latches its fault,
 * whether or not enable is on or wanted: the handlers cannot tell a
 * press from a release before the line is read (the hard handler cannot
 * read a chip that sleeps), a press shorter than the thread's wake-up
 * must still count, and a release edge only ever follows a press that
 * latched the fault already.  Latching before enable is wanted also
 * closes the window in which an ENABLE running at a higher priority than
 * the irq thread could raise the line after a press.
 *
 * The hard handler runs first, so it stamps the edge, marks it pending
 * and, when the enable chip can be written without sleeping, lowers the
 * line itself.  On chips behind a slow bus (I2C, USB) the interrupt is a
 * nested thread and the hard handler never runs; the thread then does
 * all of it.  The thread reads the line, lowers the line when the chip
 * sleeps, checks the two channels against each other and queues the
 * events.  While an edge is pending (seen, not yet handled by its
 * thread), ENABLE and CLEAR_FAULT are refused.
 *
 * Nothing is debounced.  Releases never act: they are only sampled, and
 * clearing a fault reads the lines afresh, merging what it reads with
 * what the threads recorded meanwhile (see omt_inputs_refresh()).
 */
#include <linux/gpio/driver.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/module.h>

#include "omt_table_priv.h"

/*
 * For tests: request the trip interrupts without their hard handler, as
 * the irq core does for a nested (I2C/USB expander) interrupt, so that
 * the threads' own trip rule can be shown on a chip whose interrupts are
 * not nested.  None of the GPIO providers a test kernel can carry
 * without real hardware (gpio-sim, gpio-mockup) gives a nested one.
 */
static bool trip_thread_only;
module_param(trip_thread_only, bool, 0444);
MODULE_PARM_DESC(trip_thread_only,
		 "tests: no hard handler for trip inputs, as on a nested expander interrupt");

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
 * Read one input.  A line that cannot be read, or whose chip has gone,
 * counts as asserted.
 */
static int omt_input_read(struct omt_input *in)
{
	int value;

	if (!gpiod_to_chip(in->desc))
		return 1;
	value = gpiod_get_value_cansleep(in->desc);
	return value < 0 ? 1 : !!value;
}

/* Whether a trip edge awaits its thread; caller holds @t->lock. */
bool omt_edges_pending_locked(struct omt_table *t)
{
	int role;

	for (role = 0; role < OMT_IN_COUNT; role++)
		if (t->inputs[role].edge_pending)
			return true;
	return false;
}

/**
 * omt_inputs_seq() - the input sequence number now
 * @t: the interlock; caller holds no lock
 *
 * Every edge seen by a hard handler or a thread, and every line value a
 * thread stores, bumps it; a refresh does not.  Taken before lines are
 * read, it tells later whether anything happened to the inputs since
 * (omt_inputs_settled_locked()).
 */
u32 omt_inputs_seq(struct omt_table *t)
{
	u32 seq;

	spin_lock_irq(&t->lock);
	seq = t->input_seq;
	spin_unlock_irq(&t->lock);
	return seq;
}

/**
 * omt_inputs_settled_locked() - whether the inputs were quiet since @seq
 * @t: the interlock; caller holds @t->lock
 * @seq: from omt_inputs_seq()
 *
 * Return: true when no edge was seen or handled since @seq was taken and
 * none awaits its thread.  Only then do lines read after @seq was taken
 * describe the inputs as the irq paths will leave them: otherwise a hard
 * handler may have latched a fault whose thread has not yet stored the
 * line, and a decision on the stored lines would undo that latch.
 */
bool omt_inputs_settled_locked(struct omt_table *t, u32 seq)
{
	return seq == t->input_seq && !omt_edges_pending_locked(t);
}

/*
 * Store @value as the level of the input @bit, as an update that a clear
 * in progress must see; caller holds @t->lock.  Returns the levels before.
 */
static u32 omt_input_store_locked(struct omt_table *t, u32 bit, int value)
{
	u32 before = t->input_state;

	t->input_seq++;
	if (value)
		t->input_state |= bit;
	else
		t->input_state &= ~bit;
	return before;
}

/* Record an edge of a trip input and latch its fault; caller holds @t->lock. */
static void omt_trip_edge_locked(struct omt_input *in, u64 now)
{
	struct omt_table *t = in->table;

	in->edge_pending = true;
	if (!in->edge_ns)
		in->edge_ns = now;
	t->input_seq++;
	/* Any trip edge ends an escape grant: released, pressed, unknown. */
	omt_escape_end_locked(t, OMT_TABLE_ESCAPE_END_TRIP, now);
	omt_faults_latch_locked(t, omt_rules_trip_fault(BIT(in->role)));
}

/**
 * omt_disabled_flush_locked() - queue a DISABLED record held back for a trip
 * @t: the interlock; caller holds @t->lock
 *
 * A trip lowers the line before its thread knows whether the edge was a
 * press; the DISABLED record waits so that it follows the ESTOP_PRESSED
 * or OBSTRUCTION record of its cause.
 */
void omt_disabled_flush_locked(struct omt_table *t)
{
	if (!t->disabled_reason || omt_edges_pending_locked(t))
		return;
	omt_event_queue_locked(t, OMT_TABLE_EV_DISABLED, t->disabled_reason,
			       t->disabled_ns);
	t->disabled_reason = 0;
}

static irqreturn_t omt_trip_hardirq(int irq, void *data)
{
	struct omt_input *in = data;
	struct omt_table *t = in->table;

	spin_lock(&t->lock);
	omt_trip_edge_locked(in, ktime_get_ns());
	spin_unlock(&t->lock);

	if (!t->enable_sleeps)
		omt_output_apply(t);
	return IRQ_WAKE_THREAD;
}

/*
 * Start the agreement window when the e-stop channels begin to disagree,
 * stop it when they agree again; caller holds @t->lock, so two channel
 * threads cannot apply their views out of order.  A disagreement that
 * lasts (and was counted when its window expired) does not start another
 * window, however often the lines are read again.
 */
static void omt_estop_agreement_locked(struct omt_table *t)
{
	bool a = t->input_state & OMT_TABLE_INPUT_ESTOP_A;
	bool b = t->input_state & OMT_TABLE_INPUT_ESTOP_B;

	if (!(t->lines_present & OMT_TABLE_LINE_ESTOP_B))
		return;
	if (a == b) {
		t->disagreeing = false;
		hrtimer_try_to_cancel(&t->disagree);
	} else if (!t->disagreeing) {
		t->disagreeing = true;
		hrtimer_start(&t->disagree, ns_to_ktime(t->agree_window_ns),
			      HRTIMER_MODE_REL);
	}
}

/*
 * Queue the events of a trip input change; caller holds @t->lock.  The
 * latency reported is the one of the record queued, so the status and
 * the record agree.
 */
static void omt_trip_events_locked(struct omt_table *t, u32 bit, u32 before,
				   u64 latency, u64 when)
{
	u32 after = t->input_state;

	if (bit & OMT_ESTOP_INPUTS) {
		bool was = before & OMT_ESTOP_INPUTS;
		bool is = after & OMT_ESTOP_INPUTS;

		if (!was && is) {
			t->counts.estop_presses++;
			if (latency)
				t->counts.last_latency_ns = latency;
			omt_event_queue_locked(t, OMT_TABLE_EV_ESTOP_PRESSED,
					       latency, when);
		} else if (was && !is) {
			omt_event_queue_locked(t, OMT_TABLE_EV_ESTOP_RELEASED,
					       0, when);
		}
		return;
	}
	if ((before ^ after) & bit) {
		if (after & bit) {
			t->counts.obstructions++;
			if (latency)
				t->counts.last_latency_ns = latency;
		}
		omt_event_queue_locked(t, OMT_TABLE_EV_OBSTRUCTION,
				       !!(after & bit), when);
	}
}

/*
 * The edge-to-low latency of @in's pending edge; caller holds @t->lock.
 * 0 when the line was low already at the edge (or is not low yet).
 */
static u64 omt_trip_latency_locked(struct omt_table *t, struct omt_input *in)
{
	return omt_rules_trip_latency(in->edge_ns, t->lowered_ns, t->enabled);
}

static irqreturn_t omt_trip_thread(int irq, void *data)
{
	struct omt_input *in = data;
	struct omt_table *t = in->table;
	u32 bit = BIT(in->role);
	u32 before;
	u64 latency, edge;
	int value;

	/*
	 * On a nested (slow-bus) interrupt no hard handler ran: this edge
	 * trips here.  On others it is already latched; latching is idempotent.
	 */
	spin_lock_irq(&t->lock);
	omt_trip_edge_locked(in, ktime_get_ns());
	spin_unlock_irq(&t->lock);

	value = omt_input_read(in);

	spin_lock_irq(&t->lock);
	before = omt_input_store_locked(t, bit, value);
	spin_unlock_irq(&t->lock);

	omt_output_apply(t);

	spin_lock_irq(&t->lock);
	latency = omt_trip_latency_locked(t, in);
	edge = in->edge_ns;
	in->edge_ns = 0;
	in->edge_pending = false;
	omt_trip_events_locked(t, bit, before, latency, edge);
	if (bit & OMT_ESTOP_INPUTS)
		omt_estop_agreement_locked(t);
	omt_disabled_flush_locked(t);
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

	value = omt_input_read(in);

	spin_lock_irq(&t->lock);
	before = omt_input_store_locked(t, bit, value);
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
		t->counts.disagreements++;
		omt_faults_latch_locked(t, OMT_TABLE_FAULT_ESTOP_DISAGREE);
		omt_event_queue_locked(t, OMT_TABLE_EV_ESTOP_DISAGREE,
				       t->agree_window_ns, ktime_get_ns());
	}
	spin_unlock_irqrestore(&t->lock, flags);
	omt_output_kick(t);
	return HRTIMER_NORESTART;
}

/**
 * omt_inputs_refresh() - read input lines afresh
 * @t: the interlock; caller holds no lock
 * @only: the OMT_TABLE_INPUT_* bits to read (absent lines are skipped)
 *
 * Context: process.  Used at probe, before ENABLE and before a fault is
 * cleared, so that a decision never rests on a missed edge.  The lines
 * are read without the lock (the chip may sleep); if an edge arrived
 * meanwhile, what was read is merged with what the threads recorded
 * (asserted bits are added, none is cleared), so a refresh never erases
 * a press.  An asserted trip input the irqs had not reported latches its
 * fault here.  The refresh itself leaves the input sequence alone, so a
 * caller that took omt_inputs_seq() before calling it can still tell,
 * under the lock, whether an edge came at any time since.
 *
 * Return: 0, or -EAGAIN when an edge arrived during the read or is still
 * being handled (the state is then only as safe as the merge, and a
 * clear must not rely on it).
 */
int omt_inputs_refresh(struct omt_table *t, u32 only)
{
	u32 seq, read = 0, before, fresh;
	int role, ret = 0;
	u64 now;

	seq = omt_inputs_seq(t);

	for (role = 0; role < OMT_IN_COUNT; role++) {
		if (!t->inputs[role].desc || !(only & BIT(role)))
			continue;
		if (omt_input_read(&t->inputs[role]))
			read |= BIT(role);
	}

	spin_lock_irq(&t->lock);
	now = ktime_get_ns();
	before = t->input_state;
	if (omt_inputs_settled_locked(t, seq)) {
		t->input_state = (before & ~only) | read;
	} else {
		t->input_state = before | read;
		ret = -EAGAIN;
	}
	fresh = t->input_state & ~before;
	for (role = 0; role < OMT_IN_COUNT; role++) {
		u32 bit = BIT(role);

		if (!((before ^ t->input_state) & bit))
			continue;
		if ((fresh & bit) && omt_rules_trip_fault(bit))
			omt_faults_latch_locked(t, omt_rules_trip_fault(bit));
		if (omt_rules_trip_fault(bit))
			omt_trip_events_locked(t, bit, before, 0, now);
		else
			omt_event_queue_locked(t, OMT_TABLE_EV_LIMIT,
					       t->input_state & OMT_LIMIT_INPUTS, now);
		before ^= bit;
	}
	omt_estop_agreement_locked(t);
	spin_unlock_irq(&t->lock);

	omt_output_apply(t);
	return ret;
}

/**
 * omt_inputs_setup() - request the interrupts of every present input
 * @t: the interlock, with its descriptors looked up
 *
 * Called before the lines are first read, so that an edge between the
 * read and the request cannot be lost.  On a nested (slow-bus) interrupt
 * the core replaces the hard handler and runs only the thread function,
 * in the expander's own thread; the thread applies the trip rule itself
 * (see omt_trip_thread()).  devm_request_any_context_irq(), which
 * gpio_keys uses, would not serve: it registers its one handler as a
 * hard handler wherever the interrupt is not nested, and a hard handler
 * alone could neither read a sleeping input chip nor write a sleeping
 * enable chip.  Both halves are wanted wherever a hard half can run.
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
						trip && !trip_thread_only ?
						omt_trip_hardirq : NULL,
						trip ? omt_trip_thread : omt_limit_thread,
						flags, omt_input_names[role], in);
		if (ret)
			return dev_err_probe(t->dev, ret,
					     "cannot request %s interrupt\n",
					     omt_input_names[role]);
	}
	if (trip_thread_only)
		dev_info(t->dev, "trip_thread_only: trip edges latch in their threads only\n");
	return 0;
}
