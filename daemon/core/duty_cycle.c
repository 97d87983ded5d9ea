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

/* Slots the ring would advance by at now_ns (OMT_DUTY_SLOTS: all). */
static uint64_t steps_at(const struct omt_duty_cycle *duty, uint64_t now_ns)
{
	uint64_t steps;

	if (now_ns < duty->slot_start_ns)
		return 0;
	steps = (now_ns - duty->slot_start_ns) / duty->slot_ns;
	return steps < OMT_DUTY_SLOTS ? steps : OMT_DUTY_SLOTS;
}

/* The slot k steps after the current one (k = 1: the oldest). */
static uint64_t slot_after(const struct omt_duty_cycle *duty, uint64_t k)
{
	return duty->slot_on_ns[(duty->current + k) % OMT_DUTY_SLOTS];
}

uint64_t omt_duty_used_at(const struct omt_duty_cycle *duty, uint64_t now_ns)
{
	uint64_t steps = steps_at(duty, now_ns), sum = duty->sum_ns;

	if (duty->params.window_ns == 0 || steps == OMT_DUTY_SLOTS)
		return 0;
	for (uint64_t k = 1; k <= steps; k++)
		sum -= slot_after(duty, k);
	return sum;
}

uint64_t omt_duty_wait_ns(const struct omt_duty_cycle *duty, uint64_t now_ns,
			  uint64_t run_ns)
{
	uint64_t used = duty->sum_ns, expires;

	if (duty->params.window_ns == 0 || run_ns == 0)
		return 0;
	if (run_ns > duty->params.on_ns)
		return UINT64_MAX;
	/*
	 * Slot k leaves the count when the ring advances onto it, k slots
	 * after the current slot began; walk them oldest first.
	 */
	for (uint64_t k = 1;; k++) {
		/* used may exceed the budget: a motion runs to its end. */
		if ((used <= duty->params.on_ns &&
		     duty->params.on_ns - used >= run_ns) ||
		    k > OMT_DUTY_SLOTS) {
			expires = duty->slot_start_ns + (k - 1) * duty->slot_ns;
			return expires > now_ns ? expires - now_ns : 0;
		}
		used -= slot_after(duty, k);
	}
}
