/* SPDX-License-Identifier: MIT */
/*
 * Whether the drives fit the control round of an RS-485 (Modbus RTU)
 * line: the longest exchange each drive's class may make, request by
 * request, its time on the wire from the line's settings, and the check
 * omtd makes at start.  Pure: settings and profiles in, figures out.
 *
 * The time of one request is its frame and its reply's at the line's
 * character format (start bit, data bits, parity, stop bits), a silent
 * interval before each (3.5 characters; 1.75 ms above 19200 baud),
 * LINK_ROUND_TURNAROUND_US for the slave to start answering and, in
 * kernel RS-485 mode, the RTS delays around the request.  At 115200 baud,
 * 8E1, a request of a few registers takes 5.4 to 6.2 ms, a function-23
 * exchange of omt-generic-1 7.4 ms, the I/O module's read 5.4 ms.
 *
 * The control thread's schedule (daemon/rt/drive_schedule.h) plans a
 * cycle's exchanges within its window, the period less a tenth kept for
 * the rest of the cycle, and cuts any wait for a reply at the window's
 * end.  The I/O module is read at least every other cycle whatever the
 * drives need, first; a drive that must go goes right after it.  So a
 * drive whose longest exchange, after the I/O module's read, does not
 * end within the window is cut every time it makes that exchange (a
 * CiA 402 drive's start-up: it latches modbus-timeout and never moves).
 * Other drives that must go in the same cycle do not make it longer:
 * the schedule puts off those that do not fit to the next cycle.
 */
#ifndef OMTD_LINK_ROUND_H
#define OMTD_LINK_ROUND_H

#include <stdbool.h>
#include <stdint.h>

#include "link.h"

/* What a slave takes to start answering beyond the silent interval. */
#define LINK_ROUND_TURNAROUND_US 500u
/* The part of a period kept free of exchanges: period / this. */
#define LINK_ROUND_GUARD_DIVISOR 10u
/* The most requests one exchange of any class makes (CiA 402: 10). */
#define LINK_ROUND_REQUESTS_MAX 16u

/* One request: a Modbus function and how many registers (or, for
 * function 2, inputs) it writes and reads. */
struct link_round_request {
	uint8_t function;
	uint16_t write_count;
	uint16_t read_count;
};

struct link_round_exchange {
	unsigned int n;
	struct link_round_request rq[LINK_ROUND_REQUESTS_MAX];
};

/*
 * The requests of the longest exchange a drive of profile p makes, in
 * the order they go:
 *  - cyclic-position: the profile's plan, every cycle the same
 *    (function 23, or function-16 writes and function-3 reads);
 *  - target-position: the start-up's ramps and current limit with a
 *    speed, then heartbeat and command, then every read group;
 *  - cia402-profile-position: the start-up objects (modes, acceleration,
 *    deceleration) with a set-point (target, profile velocity) and the
 *    controlword, as after a fault reset in operation-enabled, then every
 *    read group.
 * Writes of adjacent registers join into one request, as the codecs make
 * them.  0, or -EINVAL for a profile its class cannot drive.
 */
int link_round_longest_exchange(const struct omt_regmap *p,
				struct link_round_exchange *out);

/* Wire time of one request and its reply, us (see above). */
uint32_t link_round_request_us(const struct link_line_settings *line,
			       const struct link_round_request *rq);
/* Of every request of ex. */
uint32_t link_round_exchange_us(const struct link_line_settings *line,
				const struct link_round_exchange *ex);
/* Of the I/O module's read of its inputs. */
uint32_t link_round_io_us(const struct link_line_settings *line,
			  enum link_io_read io_read);

/* The part of a period of period_ms the schedule fills, us. */
uint64_t link_round_window_us(uint32_t period_ms);

/* The figures of one drive's check. */
struct link_round_need {
	unsigned int requests;          /* of its longest exchange */
	uint32_t exchange_us;           /* their time */
	uint32_t io_us;                 /* the I/O module's read before; 0:
					   not on the bus */
	uint64_t window_us;             /* what the period gives */
	uint32_t min_period_ms;         /* the shortest period that would do;
					   0: none up to LINK_ROUND_PERIOD_MAX_MS */
};

/* The longest period the check looks for a fit in, ms. */
#define LINK_ROUND_PERIOD_MAX_MS 10000u

/*
 * Whether a drive of profile p fits a round of period_ms on line: its
 * longest exchange, after the I/O module's read when io_on_bus, ends
 * within the window.  0 when it does, -ERANGE when not, -EINVAL for a
 * profile its class cannot drive; need is filled in every case but the
 * last.  Over TCP every drive fits (an exchange takes well under a
 * millisecond there): 0 with need zeroed.
 */
int link_round_check(const struct link_line_settings *line, bool io_on_bus,
		     enum link_io_read io_read, const struct omt_regmap *p,
		     uint32_t period_ms, struct link_round_need *need);

#endif /* OMTD_LINK_ROUND_H */
