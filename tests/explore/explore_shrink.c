// SPDX-License-Identifier: MIT
/*
 * Shrinking a failing scenario: cut it after the violation, then delete
 * events in ever smaller runs (halves, quarters, ... single events) while
 * the same invariant still breaks.  What is left is usually a handful of
 * events: the story of the defect.
 */
#include <string.h>

#include "explore_internal.h"

static bool invariant_fails(const struct explore_scenario *sc, void *arg,
			    uint32_t *at)
{
	static struct explore_result res;
	enum explore_invariant inv = *(const enum explore_invariant *)arg;

	explore_run(sc, EX_BIT(inv), &res);
	if (!(res.violated & EX_BIT(inv)))
		return false;
	*at = res.first_cycle[inv];
	return true;
}

/* End the scenario one cycle after the failure. */
static void cut_after(struct explore_scenario *sc, uint32_t at)
{
	sc->cycles = at + 1;
	while (sc->n_events && sc->event[sc->n_events - 1].cycle > at)
		sc->n_events--;
}

void explore_shrink_by(struct explore_scenario *sc, explore_fails_fn fails,
		       void *arg)
{
	static struct explore_scenario trial;
	uint32_t at;
	bool changed = true;

	if (!fails(sc, arg, &at))
		return;
	cut_after(sc, at);
	for (int pass = 0; pass < 4 && changed; pass++) {
		changed = false;
		for (unsigned int chunk = sc->n_events / 2 ? sc->n_events / 2 : 1;
		     chunk >= 1; chunk /= 2) {
			unsigned int i = 0;

			while (i < sc->n_events) {
				unsigned int len = chunk < sc->n_events - i
							   ? chunk : sc->n_events - i;

				trial = *sc;
				memmove(&trial.event[i], &trial.event[i + len],
					(trial.n_events - i - len) * sizeof(trial.event[0]));
				trial.n_events -= len;
				if (fails(&trial, arg, &at)) {
					cut_after(&trial, at);
					*sc = trial;
					changed = true;
				} else {
					i += len;
				}
			}
			if (chunk == 1)
				break;
		}
	}
}

void explore_shrink(struct explore_scenario *sc, enum explore_invariant inv)
{
	explore_shrink_by(sc, invariant_fails, &inv);
}

bool explore_replay_drives_hold(const struct explore_event *events,
				unsigned int n_events, uint32_t cycles,
				double start_height, double start_tilt,
				uint8_t height_drive, uint8_t tilt_drive,
				enum explore_invariant inv, char *why, size_t len)
{
	static struct explore_scenario sc;
	static struct explore_result res;

	memset(&sc, 0, sizeof(sc));
	if (n_events > EXPLORE_MAX_EVENTS)
		n_events = EXPLORE_MAX_EVENTS;
	memcpy(sc.event, events, n_events * sizeof(events[0]));
	sc.n_events = n_events;
	sc.cycles = cycles;
	sc.start_height = start_height;
	sc.start_tilt = start_tilt;
	sc.drive[OMT_AXIS_HEIGHT] = height_drive;
	sc.drive[OMT_AXIS_TILT] = tilt_drive;
	explore_sort(&sc);
	explore_run(&sc, 0, &res);
	if (!(res.violated & EX_BIT(inv)))
		return true;
	snprintf(why, len, "%s at cycle %u: %s", explore_invariant_name(inv),
		 res.first_cycle[inv], res.message[inv]);
	return false;
}

bool explore_replay_holds(const struct explore_event *events,
			  unsigned int n_events, uint32_t cycles,
			  double start_height, double start_tilt,
			  enum explore_invariant inv, char *why, size_t len)
{
	return explore_replay_drives_hold(events, n_events, cycles,
					  start_height, start_tilt, 0, 0, inv,
					  why, len);
}
