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

static bool target_settled(const struct target_position_sm *sm)
{
	return (sm->phase == TARGET_PHASE_IDLE ||
		sm->phase == TARGET_PHASE_FAULT) &&
	       !sm->running && !sm->run_in_flight && !sm->clear_in_flight &&
	       !sm->setup_pending;
}

static bool cia402_settled(const struct cia402_pp_sm *sm)
{
	bool faulted = sm->fault != DRIVE_FAULT_NONE ||
		       sm->state == CIA402_FAULT;

	if (!sm->have_reading || sm->setup_pending || sm->reset_pending ||
	    sm->sp != CIA402_SP_IDLE)
		return false;
	if (faulted)
		return true;
	/* Still walking, or still on its way (halted or not). */
	return sm->state == sm->wanted &&
	       (sm->state != CIA402_OPERATION_ENABLED ||
		(sm->statusword & CIA402_SW_TARGET_REACHED));
}

bool drive_codec_settled(const struct drive_codec *c)
{
	switch (c->cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		return target_settled(&c->u.target);
	case DRIVE_CLASS_CIA402_PP:
		return cia402_settled(&c->u.cia402);
	default:
		return true;
	}
}

uint32_t drive_codec_keepalive_ms(const struct drive_codec *c)
{
	if (c->cls != DRIVE_CLASS_TARGET_POSITION)
		return 0;
	return c->u.target.p->dc.target.heartbeat_ms / 4;
}

static bool cia402_writes(const struct omt_regmap *p, uint16_t addr)
{
	static const uint16_t written[] = {
		CIA402_OBJ_CONTROLWORD, CIA402_OBJ_MODES_OF_OPERATION,
		CIA402_OBJ_TARGET_POSITION, CIA402_OBJ_PROFILE_VELOCITY,
		CIA402_OBJ_PROFILE_ACCEL, CIA402_OBJ_PROFILE_DECEL,
	};
	const struct cia402_map *map = cia402_map_find(p->dc.cia402.map);

	if (!map)
		return false;
	for (size_t i = 0; i < sizeof(written) / sizeof(written[0]); i++) {
		const struct cia402_map_entry *e =
			cia402_map_entry_of(map, written[i]);

		if (e && addr >= e->addr && addr - e->addr < e->words)
			return true;
	}
	return false;
}

bool drive_class_writes_register(const struct omt_regmap *p, uint16_t addr)
{
	static const enum target_reg written[] = {
		TARGET_REG_HEARTBEAT, TARGET_REG_COMMAND,
		TARGET_REG_CURRENT_LIMIT, TARGET_REG_SPEED,
		TARGET_REG_SOFT_START, TARGET_REG_SOFT_STOP,
	};

	switch (p->dc.cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		for (size_t i = 0; i < sizeof(written) / sizeof(written[0]); i++)
			if (p->dc.target.addr[written[i]] == (int32_t)addr)
				return true;
		return false;
	case DRIVE_CLASS_CIA402_PP:
		return cia402_writes(p, addr);
	default:
		return false;
	}
}
