/* SPDX-License-Identifier: MIT */
/*
 * One drive's codec, whatever its class: the seam the link's exchange
 * calls.  Per exchange:
 *
 *   drive_codec_step(c, &intent, now_ms, &writes);   the writes, in order
 *   ... send writes, then read every group of drive_codec_reads(c) ...
 *   drive_codec_decode(c, words, now_ms, &reading);  the canonical reading
 *
 * An exchange that failed is not decoded; call drive_codec_restart() after
 * a reconnection.  Pure: no I/O, no allocation.
 */
#ifndef OMT_DRIVE_CODEC_H
#define OMT_DRIVE_CODEC_H

#include "cia402_pp.h"
#include "cyclic_position.h"
#include "target_position.h"

struct drive_codec {
	enum drive_class cls;
	union {
		struct cyclic_position_codec cyclic;
		struct target_position_sm target;
		struct cia402_pp_sm cia402;
	} u;
};

/* 0, or -EINVAL for a profile its class cannot drive (p must be valid
 * and outlive c). */
int drive_codec_init(struct drive_codec *c, const struct omt_regmap *p);
void drive_codec_restart(struct drive_codec *c);
int drive_codec_step(struct drive_codec *c, const struct drive_intent *in,
		     uint64_t now_ms, struct drive_writes *out);
const struct drive_reads *drive_codec_reads(const struct drive_codec *c);
void drive_codec_decode(struct drive_codec *c, const uint16_t *words,
			uint64_t now_ms, struct drive_reading *out);
/* The named fault of the newer classes (DRIVE_FAULT_NONE for cyclic). */
enum drive_named_fault drive_codec_fault(const struct drive_codec *c);

/*
 * Whether the codec has nothing under way: no start-up, run, stop,
 * state-machine step, set-point handshake or fault reset that needs the
 * next exchange.  A drive whose codec is not settled is exchanged every
 * cycle (a run's heartbeat, a stop until the drive stands, each step of
 * a CiA 402 walk); a settled one may wait its turn.  Always true for
 * cyclic-position, whose every exchange is complete in itself.
 */
bool drive_codec_settled(const struct drive_codec *c);

/*
 * How often the drive must be written to stay alive whatever it does,
 * in milliseconds (0: no such need): a quarter of a target-position
 * drive's heartbeat timeout, the margin its profile is checked against,
 * so that an actuator that watches its heartbeat even standing (the
 * manual does not say it does not) never stops for want of one.
 */
uint32_t drive_codec_keepalive_ms(const struct drive_codec *c);

/*
 * Whether a newer class's codec writes addr on its own (heartbeat,
 * command, ramps; controlword, set-point, profile objects): a raw
 * service write there would fight the control loop.  False for
 * cyclic-position (link_register_is_loops() knows its registers).
 */
bool drive_class_writes_register(const struct omt_regmap *p, uint16_t addr);

#endif /* OMT_DRIVE_CODEC_H */
