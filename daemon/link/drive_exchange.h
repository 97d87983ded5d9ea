/* SPDX-License-Identifier: MIT */
/*
 * One exchange with a drive of any class, as data: what the control loop
 * wants of the drive this cycle (struct drive_intent), the register writes
 * a class's codec makes of it (struct drive_writes, sent in order before
 * the reads), and the reads of the drive's reply (struct drive_reads,
 * fixed per profile).  Pure: no I/O, no allocation.
 */
#ifndef OMT_DRIVE_EXCHANGE_H
#define OMT_DRIVE_EXCHANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "regmap.h"

/*
 * What the loop wants this cycle.  A motion is enable && move &&
 * !quick_stop; enable && !move is a controlled stop (or standing still);
 * quick_stop wins over everything; fault_reset is a level, the codec makes
 * the edge a drive needs.
 */
struct drive_intent {
	bool enable;            /* the drive may hold power */
	bool move;              /* run towards target at speed */
	bool quick_stop;
	bool fault_reset;
	double target;          /* units (mm or degrees) */
	double speed;           /* units/s, > 0 while move */
	double setpoint;        /* cyclic-position only: the streamed setpoint */
};

/* The most a class writes in one exchange is six requests (a CiA 402
 * start-up with a set-point on a scattered map); two to spare. */
#define DRIVE_WRITES_MAX 8
#define DRIVE_WRITE_WORDS_MAX 8

/* A write of consecutive holding registers (function 6 or 16). */
struct drive_write {
	uint16_t addr;
	uint16_t count;
	uint16_t words[DRIVE_WRITE_WORDS_MAX];
};

struct drive_writes {
	unsigned int n;
	struct drive_write w[DRIVE_WRITES_MAX];
};

void drive_writes_clear(struct drive_writes *w);
/*
 * Append one register; it joins the last write when it follows it (the
 * order of the list is the order on the wire).  0, or -ENOSPC (w is then
 * unchanged).
 */
int drive_writes_add(struct drive_writes *w, uint16_t addr, uint16_t word);
/* Two registers, high word first or not. */
int drive_writes_add32(struct drive_writes *w, uint16_t addr, uint32_t value,
		       bool high_word_first);
/* The last value written to addr in w, or -ENOENT. */
int drive_writes_find(const struct drive_writes *w, uint16_t addr,
		      uint16_t *word);

#define DRIVE_READ_REGS_MAX 8
#define DRIVE_READ_WORDS_MAX 16

/*
 * The reads of a cycle: registers next to each other form one group, read
 * by one request; gaps are never read.  word_of[i] is where register i
 * (in the order given to drive_reads_plan) starts in the packed buffer.
 */
struct drive_reads {
	unsigned int n_groups;
	struct regmap_group group[DRIVE_READ_REGS_MAX];
	unsigned int words;                  /* total */
	uint16_t word_of[DRIVE_READ_REGS_MAX];
};

/*
 * Plan the reads of n registers at addr[i], width[i] words (a negative
 * address: not read; its word_of is 0).  0, or -EINVAL for more than
 * DRIVE_READ_REGS_MAX registers or DRIVE_READ_WORDS_MAX words.
 */
int drive_reads_plan(struct drive_reads *r, const int32_t *addr,
		     const uint8_t *width, unsigned int n);

#endif /* OMT_DRIVE_EXCHANGE_H */
