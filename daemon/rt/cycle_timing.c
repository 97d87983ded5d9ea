// SPDX-License-Identifier: MIT
/* Deadline arithmetic and the lateness histogram (see cycle_timing.h). */
#include <string.h>

#include "cycle_timing.h"

void cycle_clock_init(struct cycle_clock *clock, uint64_t period_ns,
		      uint64_t start_ns)
{
	memset(clock, 0, sizeof(*clock));
	clock->period_ns = period_ns ? period_ns : 1;
	clock->deadline_ns = start_ns + clock->period_ns;
}

void cycle_clock_woke(struct cycle_clock *clock, uint64_t now_ns)
{
	uint64_t late = now_ns > clock->deadline_ns ?
			now_ns - clock->deadline_ns : 0;

	cycle_lateness_record(&clock->lateness, late);
}

/* Period boundaries from next on that are at or before t. */
static uint64_t boundaries_by(uint64_t next, uint64_t period, uint64_t t)
{
	return next <= t ? (t - next) / period + 1 : 0;
}

uint64_t cycle_clock_work_deadline(const struct cycle_clock *clock,
				   uint64_t woke_ns)
{
	uint64_t next = clock->deadline_ns + clock->period_ns;

	return next + boundaries_by(next, clock->period_ns, woke_ns) *
		      clock->period_ns;
}

uint64_t cycle_clock_advance(struct cycle_clock *clock, uint64_t woke_ns,
			     uint64_t now_ns)
{
	uint64_t next = clock->deadline_ns + clock->period_ns;
	uint64_t skipped, late;

	if (woke_ns > now_ns)
		woke_ns = now_ns;
	skipped = boundaries_by(next, clock->period_ns, now_ns);
	late = boundaries_by(next, clock->period_ns, woke_ns);
	clock->deadline_ns = next + skipped * clock->period_ns;
	clock->cycles += 1 + skipped;
	clock->late_wakeups += late;
	clock->overruns += skipped - late;
	return skipped;
}

unsigned int cycle_phase_past(const uint64_t end_ns[CYCLE_PHASES],
			      uint64_t limit_ns)
{
	unsigned int i;

	for (i = 0; i < CYCLE_PHASES; i++)
		if (end_ns[i] >= limit_ns)
			break;
	return i;
}

#define EXACT_BUCKETS 4u
#define SUB_BUCKETS 4u

unsigned int cycle_lateness_bucket(uint64_t late_ns)
{
	uint64_t us = late_ns / 1000;
	unsigned int octave = 0, index;

	if (us < EXACT_BUCKETS)
		return (unsigned int)us;
	for (uint64_t v = us; v > 1; v >>= 1)
		octave++;
	/* octave >= 2 here; the two bits below the top one pick the quarter. */
	index = EXACT_BUCKETS + (octave - 2) * SUB_BUCKETS +
		(unsigned int)((us >> (octave - 2)) & (SUB_BUCKETS - 1));
	return index < CYCLE_LATENESS_BUCKETS ? index
					      : CYCLE_LATENESS_BUCKETS - 1;
}

uint64_t cycle_lateness_bucket_limit_ns(unsigned int i)
{
	unsigned int k, octave, quarter;

	if (i >= CYCLE_LATENESS_BUCKETS - 1)
		return UINT64_MAX;
	if (i < EXACT_BUCKETS)
		return (uint64_t)(i + 1) * 1000;
	k = i - EXACT_BUCKETS;
	octave = k / SUB_BUCKETS + 2;
	quarter = k % SUB_BUCKETS;
	return ((uint64_t)(SUB_BUCKETS + quarter + 1) << (octave - 2)) * 1000;
}

void cycle_lateness_record(struct cycle_lateness *h, uint64_t late_ns)
{
	h->count++;
	h->sum_ns += late_ns;
	if (late_ns > h->max_ns)
		h->max_ns = late_ns;
	h->bucket[cycle_lateness_bucket(late_ns)]++;
}

uint64_t cycle_lateness_percentile_ns(const struct cycle_lateness *h,
				      unsigned int percentile)
{
	uint64_t rank, seen = 0;

	if (h->count == 0)
		return 0;
	if (percentile > 100)
		percentile = 100;
	/* The smallest rank covering the percentile, at least the first. */
	rank = (h->count * percentile + 99) / 100;
	if (rank == 0)
		rank = 1;
	for (unsigned int i = 0; i < CYCLE_LATENESS_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			uint64_t limit = cycle_lateness_bucket_limit_ns(i);

			return limit < h->max_ns ? limit : h->max_ns;
		}
	}
	return h->max_ns;
}
