/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * omt_table.h - user interface of the omt_table safety interlock
 *
 * The kernel module omt_table owns the motor-enable line of a treatment
 * table.  The line is high only while all of these hold:
 *   - /dev/omt_table is open (exclusively) by its owner, normally omtd;
 *   - the owner asked for it (OMT_TABLE_IOC_ENABLE);
 *   - no e-stop channel is asserted and no fault is latched;
 *   - the owner pinged within the watchdog timeout.
 * One exception, the supervised escape (OMT_TABLE_IOC_ESCAPE): while the
 * obstruction switch is the only thing that holds the line low (OBSTRUCTION
 * the only latched fault, its switch still pressed, no e-stop), the owner
 * may have the line raised for a short window at a time, against a fixed
 * total per OBSTRUCTION latch, so that the table can be moved away from
 * what it pressed on.
 * Whatever breaks one of them drops the line at once, in the kernel,
 * without waiting for user space.  Closing the device (the owner's death
 * included) drops it too.
 *
 * read() returns whole struct omt_table_event records (a buffer shorter
 * than one record gives -EINVAL; O_NONBLOCK with none queued gives
 * -EAGAIN; poll() reports POLLIN when one is queued).
 *
 * All structures have fixed layout on every architecture: __u32/__u64
 * fields only, explicit padding, 64-bit fields 8-byte aligned.
 */
#ifndef _UAPI_OMT_TABLE_H
#define _UAPI_OMT_TABLE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define OMT_TABLE_DEVICE		"/dev/omt_table"
/* Bumped on any incompatible change; reported in the status structure. */
#define OMT_TABLE_UAPI_VERSION		1

/* Heartbeat watchdog timeout bounds, in milliseconds. */
#define OMT_TABLE_TIMEOUT_MIN_MS	10
#define OMT_TABLE_TIMEOUT_MAX_MS	1000
#define OMT_TABLE_TIMEOUT_DEFAULT_MS	100

/*
 * The supervised escape: one grant holds the line up for a window of
 * [MIN, MAX] ms, renewed by asking again; the time granted is counted
 * against TOTAL per OBSTRUCTION latch (reset only when OBSTRUCTION latches
 * anew, after it was cleared).
 */
#define OMT_TABLE_ESCAPE_MIN_MS		10
#define OMT_TABLE_ESCAPE_MAX_MS		300
#define OMT_TABLE_ESCAPE_TOTAL_MS	20000

/*
 * Latched fault bits.  A fault stays latched (and enable stays low) until
 * OMT_TABLE_IOC_CLEAR_FAULT clears it, which is refused with -EBUSY while
 * its cause lasts.
 *   ESTOP           an e-stop channel was asserted; cause: one still is
 *   ESTOP_DISAGREE  the two channels disagreed for longer than the
 *                   agreement window; cause: they still disagree
 *   WATCHDOG        no ping within the timeout while enable was
 *                   requested; no lasting cause
 *   OBSTRUCTION     the obstruction switch tripped; cause: still tripped
 *   SUSPEND         the system suspended while enable was on or
 *                   requested; no lasting cause
 */
#define OMT_TABLE_FAULT_ESTOP		(1U << 0)
#define OMT_TABLE_FAULT_ESTOP_DISAGREE	(1U << 1)
#define OMT_TABLE_FAULT_WATCHDOG	(1U << 2)
#define OMT_TABLE_FAULT_OBSTRUCTION	(1U << 3)
#define OMT_TABLE_FAULT_SUSPEND		(1U << 4)
#define OMT_TABLE_FAULT_ALL		0x0000001fU

/* Input line states (1 = asserted, polarity already applied). */
#define OMT_TABLE_INPUT_ESTOP_A		(1U << 0)
#define OMT_TABLE_INPUT_ESTOP_B		(1U << 1)
#define OMT_TABLE_INPUT_LIMIT_LOW	(1U << 2)
#define OMT_TABLE_INPUT_LIMIT_HIGH	(1U << 3)
#define OMT_TABLE_INPUT_OBSTRUCTION	(1U << 4)

/* Which optional lines the board has (omt_table_status.lines_present). */
#define OMT_TABLE_LINE_ESTOP_B		(1U << 1)
#define OMT_TABLE_LINE_LIMIT_LOW	(1U << 2)
#define OMT_TABLE_LINE_LIMIT_HIGH	(1U << 3)
#define OMT_TABLE_LINE_OBSTRUCTION	(1U << 4)

/*
 * Event types (omt_table_event.type) and the meaning of their value.
 * ESTOP_PRESSED's value is the time from the e-stop edge to the enable
 * line being low, in ns, or 0 if the line was low already.
 */
enum omt_table_event_type {
	OMT_TABLE_EV_ESTOP_PRESSED = 1,	/* value: reaction latency, ns */
	OMT_TABLE_EV_ESTOP_RELEASED = 2,	/* value: 0 */
	OMT_TABLE_EV_ESTOP_DISAGREE = 3,	/* value: agreement window in ns */
	OMT_TABLE_EV_WATCHDOG_EXPIRED = 4,	/* value: timeout in ns */
	OMT_TABLE_EV_OBSTRUCTION = 5,	/* value: 1 tripped, 0 clear */
	OMT_TABLE_EV_LIMIT = 6,		/* value: new OMT_TABLE_INPUT_LIMIT_* bits */
	OMT_TABLE_EV_ENABLED = 7,	/* value: 0 */
	OMT_TABLE_EV_DISABLED = 8,	/* value: enum omt_table_disable_reason */
	OMT_TABLE_EV_FAULT_CLEARED = 9,	/* value: the fault bits cleared */
	OMT_TABLE_EV_ESCAPE_GRANTED = 10,	/* value: the window granted, ms */
	OMT_TABLE_EV_ESCAPE_ENDED = 11,	/* value: enum omt_table_escape_end */
};

/*
 * Why a grant of the supervised escape ended (OMT_TABLE_EV_ESCAPE_ENDED).
 * Renewals queue no record; a grant has one GRANTED and one ENDED record.
 */
enum omt_table_escape_end {
	OMT_TABLE_ESCAPE_END_EXPIRED = 1,	/* not renewed within its window */
	OMT_TABLE_ESCAPE_END_REQUEST = 2,	/* OMT_TABLE_IOC_DISABLE */
	OMT_TABLE_ESCAPE_END_TRIP = 3,	/* an e-stop or obstruction edge */
	OMT_TABLE_ESCAPE_END_FAULT = 4,	/* another fault, or a stale heartbeat */
	OMT_TABLE_ESCAPE_END_CLOSE = 5,	/* the owner closed the device or died */
};

enum omt_table_disable_reason {
	OMT_TABLE_REASON_REQUEST = 1,	/* OMT_TABLE_IOC_DISABLE */
	OMT_TABLE_REASON_FAULT = 2,	/* a fault latched (see faults) */
	OMT_TABLE_REASON_CLOSE = 3,	/* the owner closed the device or died */
};

/*
 * One record returned by read().  Records are queued (up to 64; when full
 * the oldest is dropped and counted) whether or not the device is open,
 * so the next owner sees what happened while none was attached.
 */
struct omt_table_event {
	__u32 type;		/* enum omt_table_event_type */
	__u32 seq;		/* increments per record; a gap means records were dropped */
	__u64 timestamp_ns;	/* CLOCK_MONOTONIC, when the event happened */
	__u32 faults;		/* latched OMT_TABLE_FAULT_* bits after the event */
	__u32 inputs;		/* OMT_TABLE_INPUT_* bits after the event */
	__u64 value;		/* per type, see enum omt_table_event_type */
};

/* Filled by OMT_TABLE_IOC_GET_STATUS. */
struct omt_table_status {
	__u32 version;		/* OMT_TABLE_UAPI_VERSION */
	__u32 size;		/* sizeof(struct omt_table_status) */
	__u32 estop;		/* 1 while any e-stop channel is asserted */
	__u32 enabled;		/* 1 while the enable line is driven high */
	__u32 enable_requested;	/* 1 after ENABLE until DISABLE, a fault or close */
	__u32 faults;		/* latched OMT_TABLE_FAULT_* bits */
	__u32 fault_causes;	/* OMT_TABLE_FAULT_* bits whose cause is present now */
	__u32 inputs;		/* OMT_TABLE_INPUT_* bits */
	__u32 lines_present;	/* OMT_TABLE_LINE_* bits */
	__u32 watchdog_timeout_ms;
	__u64 estop_presses;	/* counters since the module was loaded */
	__u64 watchdog_expiries;
	__u64 disagreements;
	__u64 obstructions;
	__u64 enables;
	__u64 events_dropped;
	__u64 last_latency_ns;	/* last e-stop edge to enable-low, 0 if none yet */
	__u64 heartbeat_age_ns;	/* time since the last ping */
};

/* Filled by OMT_TABLE_IOC_GET_ESCAPE. */
struct omt_table_escape_status {
	__u32 active;		/* 1 while a grant holds the line up */
	__u32 window_ms;	/* the current grant's window, 0 if none */
	__u64 remaining_ns;	/* until the current grant ends, 0 if none */
	__u64 used_ns;		/* time granted since OBSTRUCTION latched */
	__u64 total_ns;		/* the most that may be granted per latch */
	__u64 grants;		/* counters since the module was loaded */
	__u64 renewals;
	__u64 refusals;
};

#define OMT_TABLE_IOC_MAGIC		0xEA

/*
 * PING, ENABLE and DISABLE take no argument; whatever is passed is
 * ignored, so DISABLE can never be refused.  Unknown requests give
 * -ENOTTY; an unreadable argument pointer gives -EFAULT.  A refused
 * request changes nothing.
 */

/* Heartbeat: restarts the watchdog.  Always succeeds. */
#define OMT_TABLE_IOC_PING		_IO(OMT_TABLE_IOC_MAGIC, 0x00)
/*
 * Ask for enable; counts as a ping.  0 when the line is high on return;
 * -EBUSY (nothing changed) while an e-stop is asserted or a fault is
 * latched.
 */
#define OMT_TABLE_IOC_ENABLE		_IO(OMT_TABLE_IOC_MAGIC, 0x01)
/* Drop enable (not a fault).  Always succeeds. */
#define OMT_TABLE_IOC_DISABLE		_IO(OMT_TABLE_IOC_MAGIC, 0x02)
#define OMT_TABLE_IOC_GET_STATUS	_IOR(OMT_TABLE_IOC_MAGIC, 0x03, struct omt_table_status)
/*
 * Clear the latched faults named in the __u32 mask.  -EINVAL for a zero
 * mask or unknown bits; -EBUSY (nothing cleared) while the cause of any
 * named latched fault is present.  Does not re-enable.
 */
#define OMT_TABLE_IOC_CLEAR_FAULT	_IOW(OMT_TABLE_IOC_MAGIC, 0x04, __u32)
/*
 * Set the watchdog timeout (__u32, ms); -EINVAL outside
 * [OMT_TABLE_TIMEOUT_MIN_MS, OMT_TABLE_TIMEOUT_MAX_MS].  Also a ping.
 */
#define OMT_TABLE_IOC_SET_TIMEOUT	_IOW(OMT_TABLE_IOC_MAGIC, 0x05, __u32)
/*
 * The supervised escape: raise the line for the __u32 window (ms), or
 * renew a running grant for that window from now; counts as a ping.
 * -EINVAL (nothing changed) outside [OMT_TABLE_ESCAPE_MIN_MS,
 * OMT_TABLE_ESCAPE_MAX_MS]; -EBUSY unless OBSTRUCTION is the only latched
 * fault, the obstruction switch is the only trip input asserted (read
 * afresh) and no edge is being handled; -ENOSPC when the window would
 * take the time granted since OBSTRUCTION latched beyond
 * OMT_TABLE_ESCAPE_TOTAL_MS.  A grant ends when its window passes, on
 * DISABLE, on any e-stop or obstruction edge, any other fault, a stale
 * heartbeat or the owner's close.
 */
#define OMT_TABLE_IOC_ESCAPE		_IOW(OMT_TABLE_IOC_MAGIC, 0x06, __u32)
#define OMT_TABLE_IOC_GET_ESCAPE	_IOR(OMT_TABLE_IOC_MAGIC, 0x07, \
					     struct omt_table_escape_status)

#endif /* _UAPI_OMT_TABLE_H */
