/* SPDX-License-Identifier: MIT */
/*
 * Time units, and the one clock the programs read (CLOCK_MONOTONIC: it
 * never jumps with the wall clock).  The control core includes this for
 * the units only: it is handed the time, it never reads a clock.
 */
#ifndef OMT_TIME_H
#define OMT_TIME_H

#include <stdint.h>

#define NSEC_PER_USEC 1000ull
#define NSEC_PER_MSEC 1000000ull
#define NSEC_PER_SEC 1000000000ull
#define USEC_PER_SEC 1000000ull

/* Nanoseconds on CLOCK_MONOTONIC. */
uint64_t monotonic_ns(void);

#endif /* OMT_TIME_H */
