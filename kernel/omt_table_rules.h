/* SPDX-License-Identifier: GPL-2.0 */
/*
 * omt_table_rules.h - the interlock's decisions, free of I/O and locking
 *
 * Pure functions over plain values, so the same code that runs in the
 * module is tested exhaustively in user space (tests/unit/test_kernel_rules.c).
 */
#ifndef OMT_TABLE_RULES_H
#define OMT_TABLE_RULES_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <linux/types.h>
#endif

#include "uapi/omt_table.h"

/* Inputs that trip the interlock while asserted. */
#define OMT_RULES_TRIP_INPUTS (OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B | \
			       OMT_TABLE_INPUT_OBSTRUCTION)

/* Everything the enable decision depends on. */
struct omt_rules_state {
	__u32 faults;		/* latched OMT_TABLE_FAULT_* bits */
	__u32 inputs;		/* OMT_TABLE_INPUT_* bits */
	bool owner_present;	/* the device is open */
	bool requested;		/* the owner asked for enable */
	bool heartbeat_fresh;	/* the owner pinged within the timeout */
};

/* The enable line may be high only when every condition holds. */
static inline bool omt_rules_enable_allowed(const struct omt_rules_state *s)
{
	return s->owner_present && s->requested && s->heartbeat_fresh &&
	       !s->faults && !(s->inputs & OMT_RULES_TRIP_INPUTS);
}

/* Whether an ENABLE request can be accepted at all (ignoring heartbeat). */
static inline bool omt_rules_enable_refused(__u32 faults, __u32 inputs)
{
	return faults || (inputs & OMT_RULES_TRIP_INPUTS);
}

/*
 * The faults whose cause is present in @inputs.  The disagreement cause
 * exists only on boards with a second e-stop channel.
 */
static inline __u32 omt_rules_fault_causes(__u32 inputs, __u32 lines_present)
{
	__u32 causes = 0;
	bool a = inputs & OMT_TABLE_INPUT_ESTOP_A;
	bool b = inputs & OMT_TABLE_INPUT_ESTOP_B;

	if (a || b)
		causes |= OMT_TABLE_FAULT_ESTOP;
	if ((lines_present & OMT_TABLE_LINE_ESTOP_B) && a != b)
		causes |= OMT_TABLE_FAULT_ESTOP_DISAGREE;
	if (inputs & OMT_TABLE_INPUT_OBSTRUCTION)
		causes |= OMT_TABLE_FAULT_OBSTRUCTION;
	return causes;
}

/*
 * Check a CLEAR_FAULT request: 0 when the named latched faults may be
 * cleared, -EINVAL for an empty mask or unknown bits, -EBUSY while the
 * cause of a named, latched fault is present.
 */
static inline int omt_rules_clear_check(__u32 faults, __u32 causes, __u32 mask)
{
	if (!mask || (mask & ~OMT_TABLE_FAULT_ALL))
		return -EINVAL;
	if (mask & faults & causes)
		return -EBUSY;
	return 0;
}

/* The fault an asserted trip input latches. */
static inline __u32 omt_rules_trip_fault(__u32 input_bit)
{
	if (input_bit & (OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B))
		return OMT_TABLE_FAULT_ESTOP;
	if (input_bit & OMT_TABLE_INPUT_OBSTRUCTION)
		return OMT_TABLE_FAULT_OBSTRUCTION;
	return 0;
}

static inline bool omt_rules_timeout_valid(__u32 ms)
{
	return ms >= OMT_TABLE_TIMEOUT_MIN_MS && ms <= OMT_TABLE_TIMEOUT_MAX_MS;
}

/*
 * The heartbeat's age at @now_ns: 0 before the first ping (@last_ping_ns
 * 0), and 0 rather than a wrapped, huge age for a ping stamped after
 * @now_ns (a "now" read before the lock that orders it with the ping).
 */
static inline __u64 omt_rules_heartbeat_age(__u64 now_ns, __u64 last_ping_ns)
{
	if (!last_ping_ns || now_ns < last_ping_ns)
		return 0;
	return now_ns - last_ping_ns;
}

/*
 * The edge-to-low latency of a trip edge stamped at @edge_ns (0: none),
 * the line having last gone low at @lowered_ns: 0 ("the line was low
 * already") while the line is still @enabled and when it went low before
 * the edge (another input's trip lowered it), never a wrapped difference.
 */
static inline __u64 omt_rules_trip_latency(__u64 edge_ns, __u64 lowered_ns,
					   bool enabled)
{
	if (enabled || !edge_ns || lowered_ns < edge_ns)
		return 0;
	return lowered_ns - edge_ns;
}

/* Why the line went low, for the DISABLED event. */
static inline __u32 omt_rules_disable_reason(const struct omt_rules_state *s)
{
	if (s->faults)
		return OMT_TABLE_REASON_FAULT;
	if (!s->owner_present)
		return OMT_TABLE_REASON_CLOSE;
	return OMT_TABLE_REASON_REQUEST;
}

#endif /* OMT_TABLE_RULES_H */
