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

uint64_t cycle_clock_advance(struct cycle_clock *clock, uint64_t now_ns)
{
	uint64_t next = clock->deadline_ns + clock->period_ns;
	uint64_t skipped = 0;

	if (next <= now_ns) {
		skipped = (now_ns - next) / clock->period_ns + 1;
		next += skipped * clock->period_ns;
	}
	clock->deadline_ns = next;
	clock->cycles += 1 + skipped;
	clock->overruns += skipped;
	return skipped;
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
