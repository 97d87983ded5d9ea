// SPDX-License-Identifier: MIT
/*
 * Fuzzer bytes to a scenario.  Any input is a valid scenario: two bytes
 * pick the start pose, then every eight bytes are one event (cycle step,
 * kind, its fields, and values scaled into and a little beyond the ranges
 * that matter), so the fuzzer's mutations stay meaningful.
 */
#include <string.h>

#include "explore_internal.h"

#define BYTES_PER_EVENT 8
#define MAX_CYCLES 3000u

static double scale(uint8_t byte, double lo, double hi)
{
	return lo + (hi - lo) * byte / 255.0;
}

void explore_from_bytes(const uint8_t *data, size_t size,
			struct explore_scenario *sc)
{
	uint32_t cycle = 0, last = 0;
	size_t i = 2;

	memset(sc, 0, sizeof(*sc));
	sc->start_height = scale(size > 0 ? data[0] : 128, 650.0, 920.0);
	sc->start_tilt = scale(size > 1 ? data[1] : 0, -5.0,
			       sc->start_height < 800.0 ? 10.0 : 25.0);
	for (; i + BYTES_PER_EVENT <= size && sc->n_events < EXPLORE_MAX_EVENTS;
	     i += BYTES_PER_EVENT) {
		const uint8_t *b = &data[i];
		struct explore_event *e = &sc->event[sc->n_events];

		cycle += b[0] % 64u;
		if (cycle >= MAX_CYCLES - 300)
			break;
		e->cycle = last = cycle;
		e->kind = (uint8_t)(b[1] % EX_KIND_COUNT);
		e->a = b[2];
		e->b = b[3];
		e->n = b[4];
		switch (e->kind) {
		case EX_INPUT:
			e->a %= OMT_IN_COUNT;
			e->b &= 1u;
			break;
		case EX_IO_FAIL:
		case EX_AXIS_FAIL:
			e->n = (uint8_t)(1u + e->n % 8u);
			break;
		case EX_PUSH:
			e->x = scale(b[5], -20.0, 20.0);
			break;
		case EX_CMD:
			e->a %= OMT_CMD_KIND_COUNT;
			e->b %= EXPLORE_OWNERS;
			e->x = scale(b[5], 590.0, 960.0);
			e->y = scale(b[6], -15.0, 35.0);
			break;
		default:
			break;
		}
		sc->n_events++;
	}
	/* Time after the last event for its consequences. */
	sc->cycles = last + 300;
}
