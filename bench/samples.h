/* SPDX-License-Identifier: MIT */
/*
 * Timing samples (ns) put in order, so that a percentile is an index:
 * p50 is v[n / 2], p99 v[n * 99 / 100].
 */
#ifndef OMT_BENCH_SAMPLES_H
#define OMT_BENCH_SAMPLES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static inline int bench_sample_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static inline void bench_sort_samples(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_sample_order);
}

#endif /* OMT_BENCH_SAMPLES_H */
