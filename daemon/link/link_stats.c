// SPDX-License-Identifier: MIT
/*
 * Round-trip statistics in a fixed histogram: recording is a few compares
 * and an increment, with no allocation, so it can sit on the cycle path;
 * percentiles are read off the bucket bounds (an upper estimate).
 */
#include <stdint.h>

#include "link.h"
#include "link_stats.h"

/* Bounds grow roughly 1.5x..2x per bucket, 50 us .. 5 s. */
static const uint32_t bucket_us[LINK_RTT_BUCKETS] = {
	50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000,
	7500, 10000, 15000, 20000, 30000, 50000, 100000, 200000, 500000,
	1000000, 5000000, UINT32_MAX,
};

uint32_t link_rtt_bucket_us(unsigned int i)
{
	return i < LINK_RTT_BUCKETS ? bucket_us[i] : UINT32_MAX;
}

void link_stats_record_rtt(struct link_stats *s, uint32_t us)
{
	unsigned int i = 0;

	while (i < LINK_RTT_BUCKETS - 1 && us >= bucket_us[i])
		i++;
	s->rtt_hist[i]++;
	if (us > s->rtt_max_us)
		s->rtt_max_us = us;
}

uint32_t link_stats_rtt_percentile_us(const struct link_stats *s,
				      unsigned int percentile)
{
	uint64_t total = 0, seen = 0, wanted;

	for (unsigned int i = 0; i < LINK_RTT_BUCKETS; i++)
		total += s->rtt_hist[i];
	if (total == 0)
		return 0;
	if (percentile > 100)
		percentile = 100;
	/* The smallest bucket holding at least percentile% of the samples. */
	wanted = (total * percentile + 99) / 100;
	if (wanted == 0)
		wanted = 1;
	for (unsigned int i = 0; i < LINK_RTT_BUCKETS; i++) {
		seen += s->rtt_hist[i];
		if (seen >= wanted) {
			uint32_t bound = bucket_us[i];

			/* Never report more than was actually seen. */
			return bound < s->rtt_max_us ? bound : s->rtt_max_us;
		}
	}
	return s->rtt_max_us;
}
