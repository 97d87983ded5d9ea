// SPDX-License-Identifier: MIT
/* Actuator duty cycle over a sliding window of fixed slots. */
#include <string.h>

#include "duty_cycle.h"
#include "omt_time.h"


void omt_duty_params_default(struct omt_duty_params *params)
{
	params->on_ns = 25 * NSEC_PER_SEC;
	params->window_ns = 400 * NSEC_PER_SEC;
}

void omt_duty_init(struct omt_duty_cycle *duty,
		   const struct omt_duty_params *params, uint64_t now_ns)
{
	memset(duty, 0, sizeof(*duty));
	duty->params = *params;
	/*
	 * One slot fewer than the ring holds spans the window: on-time leaves
	 * the count no sooner than window_ns after it happened, so the count
	 * is never below the true on-time of the last window.
	 */
	duty->slot_ns = params->window_ns / (OMT_DUTY_SLOTS - 1);
	if (duty->slot_ns == 0)
		duty->slot_ns = 1;
	duty->slot_start_ns = now_ns;
}

static void advance(struct omt_duty_cycle *duty, uint64_t now_ns)
{
	if (now_ns < duty->slot_start_ns)
		return;
	/* Long quiet: everything has left the window. */
	if (now_ns - duty->slot_start_ns >= duty->slot_ns * OMT_DUTY_SLOTS) {
		memset(duty->slot_on_ns, 0, sizeof(duty->slot_on_ns));
		duty->sum_ns = 0;
		duty->slot_start_ns = now_ns;
		return;
	}
	while (now_ns - duty->slot_start_ns >= duty->slot_ns) {
		duty->current = (duty->current + 1) % OMT_DUTY_SLOTS;
		duty->sum_ns -= duty->slot_on_ns[duty->current];
		duty->slot_on_ns[duty->current] = 0;
		duty->slot_start_ns += duty->slot_ns;
	}
}

void omt_duty_account(struct omt_duty_cycle *duty, uint64_t now_ns,
		      uint64_t elapsed_ns, bool running)
{
	if (duty->params.window_ns == 0)
		return;
	advance(duty, now_ns);
	if (!running)
		return;
	/* Time that spans slots counts in the newest: it stays counted the
	 * longer, never the shorter. */
	duty->slot_on_ns[duty->current] += elapsed_ns;
	duty->sum_ns += elapsed_ns;
}

uint64_t omt_duty_remaining_ns(struct omt_duty_cycle *duty, uint64_t now_ns)
{
	if (duty->params.window_ns == 0)
		return UINT64_MAX;
	advance(duty, now_ns);
	return duty->sum_ns < duty->params.on_ns
		       ? duty->params.on_ns - duty->sum_ns : 0;
}

bool omt_duty_allows(struct omt_duty_cycle *duty, uint64_t now_ns,
		     uint64_t run_ns)
{
	return omt_duty_remaining_ns(duty, now_ns) >= run_ns;
}
