/* SPDX-License-Identifier: MIT */
/*
 * The cia402-profile-position class: a codec and state machine that walks
 * a CiA 402 drive through its states and drives profile position mode's
 * new-set-point handshake, and decodes the statusword into the canonical
 * drive_reading.  Objects are found by the profile's map name
 * (cia402_map_find()), so a new map needs no code here.  Pure: no I/O,
 * no allocation; time (milliseconds) is an argument.
 *
 * Per exchange: cia402_pp_step() gives the writes (set-point objects
 * before the controlword), the link sends them and reads sm->reads, and
 * cia402_pp_decode() takes the reply.  After a reconnection call
 * cia402_pp_restart().
 *
 * Start-up: modes of operation = 1 and the profile acceleration and
 * deceleration are written (again after every restart and fault reset);
 * then the controlword walks shutdown (06h) -> switch on (07h) -> enable
 * operation (0Fh), one step per reply, up to switched-on while the loop
 * does not enable the drive.
 * Motion: target 607Ah and profile velocity 6081h, then controlword bit 4
 * (new set-point) raised with bit 5 (change immediately); bit 4 is held
 * until statusword bit 12 acknowledges, then dropped; the next set-point
 * waits for bit 12 to clear.  A new set-point is sent only when the
 * target moves by more than `retarget` or the speed changes.
 * Stop: halt, bit 8 (the drive's own deceleration).  Quick stop: the
 * quick-stop command (02h).  Fault reset: bit 7 on a rising edge (written
 * low first), then the walk again.
 * Faults the drive does not latch itself and this codec latches: leaving
 * operation-enabled unasked, following error (statusword bit 13), a
 * set-point not acknowledged, a state step that does not happen.
 */
#ifndef OMT_CIA402_PP_H
#define OMT_CIA402_PP_H

#include <stdbool.h>
#include <stdint.h>

#include "cia402_maps.h"
#include "drive_exchange.h"

/* Objects read each exchange, in this order for drive_reads_plan(). */
enum cia402_read {
	CIA402_READ_STATUSWORD = 0,
	CIA402_READ_ERROR_CODE,         /* when the map has it */
	CIA402_READ_POSITION,
	CIA402_READ_VELOCITY,           /* when the map has it */
	CIA402_READ_COUNT,
};

enum cia402_setpoint_phase {
	CIA402_SP_IDLE = 0,             /* bit 4 low, bit 12 low */
	CIA402_SP_WAIT_ACK,             /* bit 4 high until bit 12 */
	CIA402_SP_WAIT_CLEAR,           /* bit 4 low until bit 12 clears */
};

struct cia402_pp_sm {
	const struct omt_regmap *p;
	const struct cia402_map *map;
	struct drive_reads reads;
	bool setup_pending;
	bool setup_in_flight;
	bool have_reading;
	uint16_t statusword;
	enum cia402_state state;
	uint64_t state_since_ms;        /* state (or wanted state) changed */
	bool state_timed;
	uint16_t cw_last;               /* controlword of the last step */
	bool cw_written;                /* the last step wrote one */
	bool fault_reset_before;
	bool reset_pending;             /* a fault reset edge to send */
	uint64_t reset_grace_until_ms;  /* the drive may still show FAULT */
	enum cia402_state wanted;       /* what the walk aims at */
	enum cia402_setpoint_phase sp;
	uint64_t sp_since_ms;
	uint8_t sp_replies;             /* replies read since sp_since_ms */
	bool have_target;               /* a set-point the drive runs to */
	int32_t target_counts;
	uint32_t speed_counts;
	bool halted;
	enum drive_named_fault fault;   /* latched by this codec */
	uint16_t error_code;            /* 603Fh as last read, 0 without */
};

/* 0, or -EINVAL when p is not a cia402-profile-position profile with a
 * known map. */
int cia402_pp_init(struct cia402_pp_sm *sm, const struct omt_regmap *p);
void cia402_pp_restart(struct cia402_pp_sm *sm);

/*
 * The writes of this exchange.  0; -ERANGE / -EINVAL for a target or
 * speed that cannot be encoded: the drive is then halted instead.
 */
int cia402_pp_step(struct cia402_pp_sm *sm, const struct drive_intent *in,
		   uint64_t now_ms, struct drive_writes *out);

void cia402_pp_decode(struct cia402_pp_sm *sm, const uint16_t *words,
		      uint64_t now_ms, struct drive_reading *out);

/* The latched or drive-reported fault, else DRIVE_FAULT_NONE. */
enum drive_named_fault cia402_pp_fault(const struct cia402_pp_sm *sm);

/* The named fault of an error code 603Fh, by CiA 402's code groups. */
enum drive_named_fault cia402_error_fault(uint16_t code);

#endif /* OMT_CIA402_PP_H */
