/* SPDX-License-Identifier: MIT */
/*
 * omtd's side of the kernel safety interlock, /dev/omt_table
 * (include/uapi/omt_table.h): the module owns the drives' enable line and
 * drops it by itself on an e-stop, a latched fault or a missed heartbeat.
 *
 * The control thread calls kernel_interlock_cycle() once per cycle: it
 * pings (or asks for enable, which also pings), reads the status, and
 * drains the event records without blocking.  Every call is one or a few
 * ioctls on an already open descriptor: no allocation, nothing that
 * sleeps for long.
 *
 * Where the device does not exist, open reports -ENOENT and omtd runs on
 * its software interlock alone (the caller says so, loudly).
 *
 * A device that goes away once open (its GPIO chip removed, the module
 * unloaded to be loaded again: the module then answers -ENODEV and
 * poll() POLLHUP | POLLERR) is reported lost, as a dropped interlock,
 * every cycle until it is back.  A helper thread closes the dead
 * descriptor (so the module can be unloaded) and opens the device again,
 * at most once a second; the control thread adopts the new descriptor at
 * the start of a cycle, which then reads the module's state afresh.  A
 * fresh module has nothing latched, so the loss itself stays latched
 * here: the interlock reads as dropped, and enable is not asked for,
 * until kernel_interlock_clear_faults() succeeds on the new device.
 */
#ifndef OMTD_KERNEL_INTERLOCK_H
#define OMTD_KERNEL_INTERLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "table_logic.h"

struct kernel_interlock;

/* What one cycle learnt from the module. */
struct kernel_interlock_report {
	enum omt_interlock_state state;
	bool estop;                     /* an e-stop channel is asserted */
	uint32_t faults;                /* latched OMT_TABLE_FAULT_* bits */
	uint32_t inputs;                /* OMT_TABLE_INPUT_* bits */
	unsigned int events;            /* records read this cycle */
	uint32_t last_event_type;       /* of the newest, 0 when none */
	bool error;                     /* an ioctl failed: treat as dropped */
	bool lost;                      /* the device is gone (dropped too) */
	bool reopened;                  /* this cycle took a reopened device */
	/* The supervised escape (kernel_interlock_escape()). */
	bool escape_granted;            /* a grant holds drive power up now */
	int escape_refused;             /* -errno of this cycle's request, or 0 */
	uint32_t escape_used_ms;        /* granted since OBSTRUCTION latched */
	uint32_t escape_total_ms;       /* the kernel's allowance per latch */
};

/*
 * Open the device exclusively (O_RDWR | O_NONBLOCK | O_CLOEXEC), check its
 * uapi version and set the heartbeat timeout (ms, clamped into the
 * module's bounds).  Returns 0, -ENOENT when there is no such device, or
 * another negative errno with a message in err (e.g. -EBUSY: another
 * process owns it; -EPROTO: a module of another uapi version).
 */
int kernel_interlock_open(const char *path, uint32_t timeout_ms,
			  struct kernel_interlock **out, char *err,
			  size_t errlen);

/* Times the device was found gone, and taken again after that. */
uint64_t kernel_interlock_losses(const struct kernel_interlock *ki);
uint64_t kernel_interlock_reopens(const struct kernel_interlock *ki);

/* Drops enable (closing the device does) and frees.  NULL is accepted. */
void kernel_interlock_close(struct kernel_interlock *ki);

/*
 * The heartbeat of one cycle: ask for enable when want_enable and the
 * line is not high yet, else ping; drop enable when !want_enable.  Then
 * read the status and any queued events into *report.
 */
void kernel_interlock_cycle(struct kernel_interlock *ki, bool want_enable,
			    struct kernel_interlock_report *report);

/*
 * The supervised escape, after kernel_interlock_cycle() in the same
 * cycle: marks the report OMT_INTERLOCK_OBSTRUCTED when the kernel holds
 * power off for its obstruction switch alone; then, while want_escape
 * (an escape motion runs) and obstructed, asks for or renews the
 * kernel's grant for window_ms (clamped into the module's bounds); once
 * want_escape ends, ends the grant at once (DISABLE).  Fills the
 * report's escape fields.
 */
void kernel_interlock_escape(struct kernel_interlock *ki, bool want_escape,
			     uint32_t window_ms,
			     struct kernel_interlock_report *report);

/* The escape grant's window for a control period: three periods, in bounds. */
uint32_t kernel_interlock_escape_window_for_period(uint32_t period_ms);

/*
 * Clear every latched fault whose cause has gone, and a loss of the
 * device once it is back.  Returns 0, or -EBUSY while a cause persists
 * (the faults without one are cleared all the same: a lasting
 * OBSTRUCTION must not keep a spent WATCHDOG or ESTOP latched, which
 * would refuse the escape), -ENODEV while the device is lost, or another
 * negative errno.
 */
int kernel_interlock_clear_faults(struct kernel_interlock *ki);

/* The heartbeat timeout for a control period: ten periods, in bounds. */
uint32_t kernel_interlock_timeout_for_period(uint32_t period_ms);

#endif /* OMTD_KERNEL_INTERLOCK_H */
