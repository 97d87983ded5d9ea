/* SPDX-License-Identifier: MIT */
/*
 * The control loop's clock arithmetic, apart from the clock itself so it
 * can be tested exhaustively: absolute deadlines on CLOCK_MONOTONIC, a
 * missed deadline skipped (never caught up in a burst of back-to-back
 * cycles, which would hammer the bus exactly when the machine is already
 * struggling) and counted by whose it was, and wake-up lateness in a fixed
 * histogram for diagnostics and the bench.
 *
 * A missed deadline is one of two things, counted apart:
 *  - an overrun: the cycle woke before the next deadline and its own work
 *    (I/O, the step, publishing) ran past it;
 *  - a late wake-up: the kernel ran the thread only after the next
 *    deadline had passed, before the cycle did anything.  That is the
 *    scheduler's lateness, of a period or more (it is in the lateness
 *    histogram too, and cyclictest beside the loop sees the same), and no
 *    schedule of the cycle's work can prevent it.
 */
#ifndef OMT_CYCLE_TIMING_H
#define OMT_CYCLE_TIMING_H

#include <stdint.h>

/*
 * Lateness buckets, in microseconds: 0..3 us one bucket each, then every
 * power-of-two octave [2^k, 2^(k+1)) split into four equal buckets, so a
 * percentile read from the histogram is within 25% of the truth; the last
 * bucket holds everything from about 3.7 s up.  Fixed size: the loop
 * records into it without allocating.
 */
#define CYCLE_LATENESS_BUCKETS 92

struct cycle_lateness {
	uint64_t count;
	uint64_t max_ns;
	uint64_t sum_ns;
	uint64_t bucket[CYCLE_LATENESS_BUCKETS];
};

struct cycle_clock {
	uint64_t period_ns;
	uint64_t deadline_ns;           /* the next wake-up, absolute */
	uint64_t cycles;                /* deadlines met or skipped to */
	uint64_t overruns;              /* periods skipped by the work */
	uint64_t late_wakeups;          /* periods gone before it woke */
	struct cycle_lateness lateness;
};

/*
 * The parts of a cycle, in order, each ending at a time the loop notes:
 * which one the next deadline passed in says what overran.  WAKEUP ends
 * when the thread runs (past the next deadline already: a late wake-up).
 */
enum cycle_phase {
	CYCLE_PHASE_WAKEUP,
	CYCLE_PHASE_INPUTS,     /* commands, the link, the I/O module's read */
	CYCLE_PHASE_STEP,       /* the logic */
	CYCLE_PHASE_DRIVES,     /* the drives' exchanges */
	CYCLE_PHASE_JOBS,       /* interlock, events, jobs on the bus */
	CYCLE_PHASE_PUBLISH,    /* snapshot and statistics for the others */
	CYCLE_PHASES
};

/*
 * The first phase that ended at or after limit_ns (the next deadline),
 * given each phase's end time in order; CYCLE_PHASES when none did.
 */
unsigned int cycle_phase_past(const uint64_t end_ns[CYCLE_PHASES],
			      uint64_t limit_ns);

/* First deadline one period after start_ns. */
void cycle_clock_init(struct cycle_clock *clock, uint64_t period_ns,
		      uint64_t start_ns);

/* Record that we woke at now_ns for the current deadline. */
void cycle_clock_woke(struct cycle_clock *clock, uint64_t now_ns);

/*
 * The deadline the work of the cycle that woke at woke_ns must meet: the
 * first period boundary after the wake-up (periods already gone when it
 * woke are late wake-ups, not the work's).
 */
uint64_t cycle_clock_work_deadline(const struct cycle_clock *clock,
				   uint64_t woke_ns);

/*
 * The cycle that woke at woke_ns is done at now_ns: move the deadline on
 * by one period, or, when that is already past, to the first period
 * boundary after now_ns (phase kept).  Each skipped period whose deadline
 * had passed by woke_ns counts as a late wake-up, each later one as an
 * overrun.  Returns the number of periods skipped this time.
 */
uint64_t cycle_clock_advance(struct cycle_clock *clock, uint64_t woke_ns,
			     uint64_t now_ns);

void cycle_lateness_record(struct cycle_lateness *h, uint64_t late_ns);

/* Bucket of a lateness value, see CYCLE_LATENESS_BUCKETS. */
unsigned int cycle_lateness_bucket(uint64_t late_ns);

/* Upper bound (exclusive) of bucket i in ns; UINT64_MAX for the last. */
uint64_t cycle_lateness_bucket_limit_ns(unsigned int i);

/*
 * An upper bound of the given percentile (0..100) in ns: the limit of the
 * bucket it falls in, capped at max_ns.  0 when nothing was recorded.
 */
uint64_t cycle_lateness_percentile_ns(const struct cycle_lateness *h,
				      unsigned int percentile);

#endif /* OMT_CYCLE_TIMING_H */
