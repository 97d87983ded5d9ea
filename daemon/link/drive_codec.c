// SPDX-License-Identifier: MIT
/* One drive's codec, dispatched by class (drive_codec.h). */
#include <errno.h>
#include <string.h>

#include "drive_codec.h"

int drive_codec_init(struct drive_codec *c, const struct omt_regmap *p)
{
	memset(c, 0, sizeof(*c));
	c->cls = p->dc.cls;
	switch (c->cls) {
	case DRIVE_CLASS_CYCLIC_POSITION:
		return cyclic_position_init(&c->u.cyclic, p);
	case DRIVE_CLASS_TARGET_POSITION:
		return target_position_init(&c->u.target, p);
	case DRIVE_CLASS_CIA402_PP:
		return cia402_pp_init(&c->u.cia402, p);
	default:
		return -EINVAL;
	}
}

void drive_codec_restart(struct drive_codec *c)
{
	if (c->cls == DRIVE_CLASS_TARGET_POSITION)
		target_position_restart(&c->u.target);
	else if (c->cls == DRIVE_CLASS_CIA402_PP)
		cia402_pp_restart(&c->u.cia402);
}

int drive_codec_step(struct drive_codec *c, const struct drive_intent *in,
		     uint64_t now_ms, struct drive_writes *out)
{
	switch (c->cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		return target_position_step(&c->u.target, in, now_ms, out);
	case DRIVE_CLASS_CIA402_PP:
		return cia402_pp_step(&c->u.cia402, in, now_ms, out);
	default:
		return cyclic_position_step(&c->u.cyclic, in, out);
	}
}

const struct drive_reads *drive_codec_reads(const struct drive_codec *c)
{
	switch (c->cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		return &c->u.target.reads;
	case DRIVE_CLASS_CIA402_PP:
		return &c->u.cia402.reads;
	default:
		return &c->u.cyclic.reads;
	}
}

void drive_codec_decode(struct drive_codec *c, const uint16_t *words,
			uint64_t now_ms, struct drive_reading *out)
{
	switch (c->cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		target_position_decode(&c->u.target, words, now_ms, out);
		break;
	case DRIVE_CLASS_CIA402_PP:
		cia402_pp_decode(&c->u.cia402, words, now_ms, out);
		break;
	default:
		cyclic_position_decode(&c->u.cyclic, words, out);
		break;
	}
}

enum drive_named_fault drive_codec_fault(const struct drive_codec *c)
{
	switch (c->cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		return target_position_fault(&c->u.target);
	case DRIVE_CLASS_CIA402_PP:
		return cia402_pp_fault(&c->u.cia402);
	default:
		return DRIVE_FAULT_NONE;
	}
}
