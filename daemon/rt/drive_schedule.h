/* SPDX-License-Identifier: MIT */
/*
 * Which drives the control loop talks to in a cycle.
 *
 * Over TCP every drive is exchanged every cycle.  A serial (RTU) bus is
 * slow: at 115200 baud one function-23 exchange takes about 4 ms, so a
 * 10 ms cycle cannot visit six drives.  There, busy drives (enabled,
 * moving, or whose last exchange failed) are exchanged every cycle, and
 * the idle ones take turns in the budget left over, at least one per
 * cycle, so each idle drive is still visited every few cycles and its
 * comms watchdog keeps being fed.
 *
 * Pure: masks in, a mask out.
 */
#ifndef OMTD_DRIVE_SCHEDULE_H
#define OMTD_DRIVE_SCHEDULE_H

#include <stdint.h>

#include "link.h"
#include "omt_table_types.h"

struct drive_schedule {
	uint32_t present;               /* bit per enum omt_axis */
	unsigned int per_cycle;         /* exchanges a cycle has room for;
					   0: unlimited */
	unsigned int cursor;            /* next idle drive to consider */
};

void drive_schedule_init(struct drive_schedule *s, uint32_t present,
			 unsigned int per_cycle);

/*
 * The drives to exchange this cycle: every busy present drive, then idle
 * present drives in turn while the budget lasts, at least one idle drive
 * when there is one.
 */
uint32_t drive_schedule_next(struct drive_schedule *s, uint32_t busy);

/*
 * Estimated time of one exchange in microseconds: the bytes of a
 * function-23 request and reply at the configured character format, the
 * 3.5-character gaps, and a reply turnaround allowance.
 */
uint32_t drive_schedule_rtu_exchange_us(const struct link_line_settings *link);

/*
 * Drive exchanges a cycle has room for on this link: 0 (unlimited) over
 * TCP; on RTU what fits in 80% of the period after the I/O module's read,
 * at least 1.
 */
unsigned int drive_schedule_budget(const struct link_line_settings *link,
				   uint32_t period_ms, bool io_on_bus);

#endif /* OMTD_DRIVE_SCHEDULE_H */
