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
	bool escape;		/* a supervised escape grant is running */
};

#define OMT_RULES_NS_PER_MS 1000000ULL

/*
 * Whether the obstruction is the one thing that holds the line low: the
 * only latched fault, and its switch the only trip input asserted.
 */
static inline bool omt_rules_only_obstruction(__u32 faults, __u32 inputs)
{
	return faults == OMT_TABLE_FAULT_OBSTRUCTION &&
	       (inputs & OMT_RULES_TRIP_INPUTS) == OMT_TABLE_INPUT_OBSTRUCTION;
}

/* Whether a running escape grant may hold the line up. */
static inline bool omt_rules_escape_holds(const struct omt_rules_state *s)
{
	return s->owner_present && s->escape && s->heartbeat_fresh &&
	       omt_rules_only_obstruction(s->faults, s->inputs);
}

/*
 * The enable line may be high only when every condition holds, or while
 * a supervised escape grant holds (see omt_rules_escape_check()).
 */
static inline bool omt_rules_enable_allowed(const struct omt_rules_state *s)
{
	return (s->owner_present && s->requested && s->heartbeat_fresh &&
		!s->faults && !(s->inputs & OMT_RULES_TRIP_INPUTS)) ||
	       omt_rules_escape_holds(s);
}

static inline bool omt_rules_escape_window_valid(__u32 ms)
{
	return ms >= OMT_TABLE_ESCAPE_MIN_MS && ms <= OMT_TABLE_ESCAPE_MAX_MS;
}

/*
 * Check an ESCAPE request for a window of @ms: 0 when it may be granted
 * (or the running grant renewed), -EINVAL for a window out of bounds,
 * -EBUSY unless the obstruction alone holds the line low and no trip edge
 * is still being handled, -ENOSPC when @used_ns (granted since the latch,
 * the running grant's elapsed time included) plus the window would exceed
 * the total.
 */
static inline int omt_rules_escape_check(__u32 ms, __u32 faults, __u32 inputs,
					 bool edges_pending, __u64 used_ns)
{
	if (!omt_rules_escape_window_valid(ms))
		return -EINVAL;
	if (!omt_rules_only_obstruction(faults, inputs) || edges_pending)
		return -EBUSY;
	if (used_ns > OMT_TABLE_ESCAPE_TOTAL_MS * OMT_RULES_NS_PER_MS ||
	    (__u64)ms * OMT_RULES_NS_PER_MS >
	    OMT_TABLE_ESCAPE_TOTAL_MS * OMT_RULES_NS_PER_MS - used_ns)
		return -ENOSPC;
	return 0;
}

/*
 * Why a running grant no longer holds, for its ESCAPE_ENDED record; 0
 * while it still does.
 */
static inline __u32 omt_rules_escape_end_reason(const struct omt_rules_state *s)
{
	if (!s->escape || omt_rules_escape_holds(s))
		return 0;
	if (!s->owner_present)
		return OMT_TABLE_ESCAPE_END_CLOSE;
	if (s->faults != OMT_TABLE_FAULT_OBSTRUCTION || !s->heartbeat_fresh)
		return OMT_TABLE_ESCAPE_END_FAULT;
	return OMT_TABLE_ESCAPE_END_TRIP;
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
