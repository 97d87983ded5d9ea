// SPDX-License-Identifier: MIT
/*
 * The host's TSC rate in kHz, for the x86 guest's command line
 * (tsc_early_khz=): under emulation (TCG) the guest's TSC is the host's.
 * Measured against CLOCK_MONOTONIC_RAW (no time-keeping slew) over a
 * fifth of a second; each end reads both clocks back to back, so a host
 * that is busy (and delays this program) changes the interval, not the
 * ratio.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 200000000 };
	uint64_t t0, t1, c0, c1, khz;

	t0 = mono_ns();
	c0 = __rdtsc();
	nanosleep(&pause, NULL);
	c1 = __rdtsc();
	t1 = mono_ns();
	if (t1 <= t0 || c1 <= c0)
		return 1;
	/* Ticks per millisecond, rounded to the nearest MHz. */
	khz = (c1 - c0) * 1000000u / (t1 - t0);
	printf("%llu\n", (unsigned long long)((khz + 500) / 1000 * 1000));
	return 0;
}
