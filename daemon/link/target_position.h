/* SPDX-License-Identifier: MIT */
/*
 * The target-position class (LINAK TECHLINE style): a codec and state
 * machine that turns what the loop wants each cycle into the writes of one
 * exchange, and the actuator's reply into the canonical drive_reading.
 * Pure: no I/O, no allocation; time (milliseconds, any monotonic origin)
 * is an argument.
 *
 * Per exchange: target_position_step() gives the writes, the link sends
 * them and reads sm->reads, and target_position_decode() takes the reply.
 * A write counts as done only once a reply follows it: after an exchange
 * without a reply, the ramps, the speed and the run command that were in
 * it are sent again (a failed request ends the exchange, so a run never
 * goes out after a lost speed).  After a reconnection (or anything that
 * may have power-cycled the actuator) call target_position_restart().
 *
 * The phases:
 *   STARTUP   STOP (the actuator refuses to run after power-up until told
 *             to stop: error "need stop"), the soft start/stop and the
 *             current limit written; done when the reply shows no error
 *             and no motion.  No motion is possible before.
 *   IDLE      STOP re-sent every exchange (idempotent; a lost write is
 *             repaired by the next one).
 *   RUNNING   run-to-target sent once; re-sent only when the target moves
 *             by more than `retarget`, since every new target restarts the
 *             actuator's soft start.
 *   STOPPING  STOP every exchange until the actuator reports not running;
 *             a reversal passes through here (stop before reverse).
 *   FAULT     latched; STOP every exchange; a rising fault_reset sends
 *             CLEAR ERROR once and starts over at STARTUP.
 * The heartbeat register is written every exchange with a new value.
 */
#ifndef OMT_TARGET_POSITION_H
#define OMT_TARGET_POSITION_H

#include <stdbool.h>
#include <stdint.h>

#include "drive_exchange.h"

enum target_phase {
	TARGET_PHASE_STARTUP = 0,
	TARGET_PHASE_IDLE,
	TARGET_PHASE_RUNNING,
	TARGET_PHASE_STOPPING,
	TARGET_PHASE_FAULT,
};

/* Registers read each exchange, in this order for drive_reads_plan(). */
enum target_read {
	TARGET_READ_POSITION = 0,
	TARGET_READ_CURRENT,
	TARGET_READ_STATUS,
	TARGET_READ_ERROR,
	TARGET_READ_SPEED_ACTUAL,
	TARGET_READ_COUNT,
};

struct target_position_sm {
	const struct omt_regmap *p;
	struct drive_reads reads;
	enum target_phase phase;
	uint64_t phase_since_ms;
	bool phase_timed;          /* phase_since_ms set by a step */
	uint8_t heartbeat;
	bool setup_pending;        /* ramps and limit not yet acknowledged */
	bool setup_in_flight;
	bool clear_in_flight;      /* CLEAR ERROR sent, reply awaited */
	/* The last judged reply showed the overcurrent flag: the actuator's
	 * record of a current cut-off, kept until CLEAR ERROR or a run. */
	bool overcurrent_shown;
	bool fault_reset_before;   /* for the edge */
	bool have_reading;
	bool running;
	int running_dir;           /* +1 out, -1 in, 0 */
	bool seen_running;         /* in this RUNNING phase */
	bool position_known;
	int32_t position_counts;   /* last known */
	uint16_t error;            /* last ERROR register */
	bool have_target;
	uint16_t target_counts;    /* last run command */
	int target_dir;
	uint16_t speed_written;    /* acknowledged by a reply; 0: none */
	uint16_t speed_in_flight;  /* written, reply awaited; 0: none */
	bool run_in_flight;        /* run command sent, reply awaited */
	enum drive_named_fault fault;
};

/* Start in STARTUP; p must outlive sm and be a valid target-position
 * profile.  Returns 0 or -EINVAL. */
int target_position_init(struct target_position_sm *sm,
			 const struct omt_regmap *p);
/* Back to STARTUP (a latched fault stays latched). */
void target_position_restart(struct target_position_sm *sm);

/*
 * The writes of this exchange.  Returns 0; -ERANGE when a wanted target
 * lies outside 0..position_max or -EINVAL for a speed that is not finite
 * and positive: the writes then stop the actuator instead of moving it.
 */
int target_position_step(struct target_position_sm *sm,
			 const struct drive_intent *in, uint64_t now_ms,
			 struct drive_writes *out);

/* The reply to this exchange's reads (sm->reads.words words). */
void target_position_decode(struct target_position_sm *sm,
			    const uint16_t *words, uint64_t now_ms,
			    struct drive_reading *out);

/* The named fault while latched, else DRIVE_FAULT_NONE. */
enum drive_named_fault target_position_fault(const struct target_position_sm *sm);

/* The named fault of an ERROR code by the profile's table. */
enum drive_named_fault target_position_error_fault(const struct omt_regmap *p,
						   uint16_t code);

#endif /* OMT_TARGET_POSITION_H */
