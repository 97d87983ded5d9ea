// SPDX-License-Identifier: MIT
/* Per-cycle choice of drives to exchange (see drive_schedule.h). */
#include "drive_schedule.h"

/* Function 23 writing 3 and reading 6 registers. */
#define FC23_REQUEST_BYTES 19
#define FC23_REPLY_BYTES 17
/* Function 2 reading 16 inputs. */
#define FC2_REQUEST_BYTES 8
#define FC2_REPLY_BYTES 7
/* Silent interval before each frame, in characters. */
#define FRAME_GAP_CHARS 4
/* What a slave takes to start answering, us. */
#define TURNAROUND_US 1000u

void drive_schedule_init(struct drive_schedule *s, uint32_t present,
			 unsigned int per_cycle)
{
	s->present = present & ((1u << OMT_AXIS_COUNT) - 1);
	s->per_cycle = per_cycle;
	s->cursor = 0;
}

uint32_t drive_schedule_next(struct drive_schedule *s, uint32_t busy)
{
	uint32_t chosen, idle;
	unsigned int used = 0, room;

	if (s->per_cycle == 0)
		return s->present;
	chosen = busy & s->present;
	for (uint32_t m = chosen; m; m &= m - 1)
		used++;
	idle = s->present & ~chosen;
	room = used < s->per_cycle ? s->per_cycle - used : 0;
	if (room == 0 && idle)
		room = 1;
	for (unsigned int tried = 0; room > 0 && idle && tried < OMT_AXIS_COUNT;
	     tried++) {
		unsigned int a = s->cursor;

		s->cursor = (s->cursor + 1) % OMT_AXIS_COUNT;
		if (idle & (1u << a)) {
			chosen |= 1u << a;
			idle &= ~(1u << a);
			room--;
		}
	}
	return chosen;
}

static uint32_t char_bits(const struct link_line_settings *link)
{
	return 1u + link->data_bits + (link->parity == 'N' ? 0u : 1u) +
	       link->stop_bits;
}

static uint32_t frame_us(const struct link_line_settings *link,
			 uint32_t request, uint32_t reply)
{
	uint64_t chars = request + reply + 2 * FRAME_GAP_CHARS;
	uint64_t baud = link->baud ? link->baud : 9600;

	return (uint32_t)(chars * char_bits(link) * 1000000u / baud) +
	       TURNAROUND_US;
}

uint32_t drive_schedule_rtu_exchange_us(const struct link_line_settings *link)
{
	return frame_us(link, FC23_REQUEST_BYTES, FC23_REPLY_BYTES);
}

unsigned int drive_schedule_budget(const struct link_line_settings *link,
				   uint32_t period_ms, bool io_on_bus)
{
	uint64_t window_us = (uint64_t)period_ms * 1000u * 8u / 10u;
	uint64_t io_us = io_on_bus ?
			 frame_us(link, FC2_REQUEST_BYTES, FC2_REPLY_BYTES) : 0;
	uint64_t n;

	if (link->transport != LINK_TRANSPORT_RTU)
		return 0;
	if (window_us <= io_us)
		return 1;
	n = (window_us - io_us) / drive_schedule_rtu_exchange_us(link);
	return n ? (unsigned int)n : 1;
}
