/* SPDX-License-Identifier: MIT */
/*
 * The cyclic-position class (omt-generic-1 and every profile without a
 * class key): the existing register codec behind the drive-class
 * interface.  It writes exactly what regmap_encode_command() writes, group
 * by group of the profile's plan, and decodes with
 * regmap_decode_reading(); the position setpoint comes from the loop's
 * own motion profile (drive_intent.setpoint), streamed every exchange.
 */
#ifndef OMT_CYCLIC_POSITION_H
#define OMT_CYCLIC_POSITION_H

#include "drive_exchange.h"

struct cyclic_position_codec {
	const struct omt_regmap *p;
	struct regmap_plan plan;
	struct drive_reads reads;
};

/* 0, or -EINVAL when p is not of class cyclic-position. */
int cyclic_position_init(struct cyclic_position_codec *c,
			 const struct omt_regmap *p);
/*
 * The writes of this exchange: CONTROL (enable, quick stop, fault reset
 * as levels: the drive takes the reset's edge) and SETPOINT.  0, or
 * -EINVAL / -ERANGE for a setpoint that cannot be encoded (out empty).
 */
int cyclic_position_step(const struct cyclic_position_codec *c,
			 const struct drive_intent *in,
			 struct drive_writes *out);
void cyclic_position_decode(const struct cyclic_position_codec *c,
			    const uint16_t *words, struct drive_reading *out);

#endif /* OMT_CYCLIC_POSITION_H */
