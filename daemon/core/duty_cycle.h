/* SPDX-License-Identifier: MIT */
/*
 * Actuator duty cycle: at most on_ns of motor on-time in any window_ns.
 *
 * The window is kept as a ring of OMT_DUTY_SLOTS equal slots, each holding
 * the on-time that fell into it, so the sum over the ring is the on-time of
 * the last window (rounded up to whole slots: the count errs on the safe
 * side, never the other).  Remaining budget = on_ns - that sum.  Fixed
 * size, no allocation, time is an input.
 */
#ifndef OMT_DUTY_CYCLE_H
#define OMT_DUTY_CYCLE_H

#include <stdbool.h>
#include <stdint.h>

#define OMT_DUTY_SLOTS 200

struct omt_duty_params {
	uint64_t on_ns;                 /* default 25 s */
	uint64_t window_ns;             /* default 400 s; 0 = no limit */
};

void omt_duty_params_default(struct omt_duty_params *params);

struct omt_duty_cycle {
	struct omt_duty_params params;
	uint64_t slot_ns;
	uint64_t slot_start_ns;         /* start of the current slot */
	unsigned int current;           /* index of the current slot */
	uint64_t slot_on_ns[OMT_DUTY_SLOTS];
	uint64_t sum_ns;                /* sum of slot_on_ns */
};

void omt_duty_init(struct omt_duty_cycle *duty,
		   const struct omt_duty_params *params, uint64_t now_ns);

/* Account the time since the last call; running = motor was on. */
void omt_duty_account(struct omt_duty_cycle *duty, uint64_t now_ns,
		      uint64_t elapsed_ns, bool running);

/* On-time still allowed now (UINT64_MAX when unlimited). */
uint64_t omt_duty_remaining_ns(struct omt_duty_cycle *duty, uint64_t now_ns);

/*
 * The on-time the window holds at now_ns, without advancing the ring
 * (for a snapshot of a const state); the same count the others use.
 */
uint64_t omt_duty_used_at(const struct omt_duty_cycle *duty, uint64_t now_ns);

/*
 * How long from now_ns until run_ns of on-time fits the budget, if the
 * motor stays off meanwhile: 0 when it fits now, UINT64_MAX when it never
 * can (run_ns exceeds the whole budget).  With run_ns = the budget, the
 * time until the budget is whole again.
 */
uint64_t omt_duty_wait_ns(const struct omt_duty_cycle *duty, uint64_t now_ns,
			  uint64_t run_ns);

/* Whether a motion of run_ns fits the remaining budget. */
bool omt_duty_allows(struct omt_duty_cycle *duty, uint64_t now_ns,
		     uint64_t run_ns);

#endif /* OMT_DUTY_CYCLE_H */
