// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_status.c - one consistent snapshot of the interlock
 *
 * The status ioctl and the sysfs attributes read the same snapshot, so
 * the two views can never disagree in how they derive a value.
 */
#include <linux/ktime.h>
#include <linux/string.h>

#include "omt_table_priv.h"

/**
 * omt_status_fill() - copy the state into a uapi status structure
 * @t: the interlock; caller holds no lock
 * @st: filled in completely (padding included)
 *
 * Context: process.
 */
void omt_status_fill(struct omt_table *t, struct omt_table_status *st)
{
	u64 now;

	spin_lock_irq(&t->lock);
	/* Read under the lock, so no ping can be later than "now". */
	now = ktime_get_ns();
	/* Every byte, padding included: the copy goes to user space. */
	memcpy(st, &t->counts, sizeof(*st));
	st->version = OMT_TABLE_UAPI_VERSION;
	st->size = sizeof(*st);
	st->estop = !!(t->input_state & (OMT_TABLE_INPUT_ESTOP_A |
					 OMT_TABLE_INPUT_ESTOP_B));
	st->enabled = t->enabled;
	st->enable_requested = t->requested;
	st->faults = t->faults;
	st->fault_causes = omt_rules_fault_causes(t->input_state,
						  t->lines_present);
	st->inputs = t->input_state;
	st->lines_present = t->lines_present;
	st->watchdog_timeout_ms = t->timeout_ms;
	st->heartbeat_age_ns = omt_rules_heartbeat_age(now, t->last_ping_ns);
	spin_unlock_irq(&t->lock);
}
