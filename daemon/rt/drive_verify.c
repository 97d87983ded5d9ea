// SPDX-License-Identifier: MIT
/* A drive's check, one request a step (see drive_verify.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drive_verify.h"

void drive_verify_restart(struct drive_verify *v)
{
	memset(v, 0, sizeof(*v));
	v->state = OMT_VERIFY_PENDING;
	v->step = DRIVE_VERIFY_READ_SERIAL;
}

void drive_text_describe(const struct drive_text *t, char *out, size_t len)
{
	switch (t->state) {
	case DRIVE_TEXT_REPORTED:
		snprintf(out, len, "%s", t->text);
		break;
	case DRIVE_TEXT_NOT_IN_PROFILE:
		snprintf(out, len, "unknown (none in profile)");
		break;
	case DRIVE_TEXT_REFUSED:
		snprintf(out, len, "unknown (exception %u)", t->exception);
		break;
	case DRIVE_TEXT_EMPTY:
		snprintf(out, len, "unknown (empty)");
		break;
	case DRIVE_TEXT_INVALID:
		snprintf(out, len, "unknown (not text)");
		break;
	case DRIVE_TEXT_NO_ANSWER:
		snprintf(out, len, "unknown (no answer)");
		break;
	default:
		snprintf(out, len, "unknown (not read)");
		break;
	}
}

/* Keep what a text register held; never fails the drive's check. */
static void take_text(struct drive_text *t, const uint16_t *words)
{
	int r = regmap_decode_text(words, t->text);

	t->state = r == 0 ? DRIVE_TEXT_REPORTED :
		   r == -ENODATA ? DRIVE_TEXT_EMPTY : DRIVE_TEXT_INVALID;
}

bool drive_verify_wants_step(const struct drive_verify *v)
{
	return v->state == OMT_VERIFY_PENDING ||
	       v->state == OMT_VERIFY_NO_ANSWER;
}

enum omt_axis_kind drive_verify_expected_kind(enum omt_axis axis)
{
	if (axis == OMT_AXIS_HEIGHT)
		return OMT_AXIS_KIND_LINEAR;
	if (axis == OMT_AXIS_TILT)
		return OMT_AXIS_KIND_ROTARY;
	return OMT_AXIS_KIND_DROP;
}

enum omt_verify_state drive_verify_judge(const struct omtd_config *config,
					 enum omt_axis axis,
					 const struct drive_identity *id,
					 uint16_t watchdog_written,
					 uint16_t watchdog_read,
					 uint16_t *detail)
{
	char err[OMTD_ERR_MAX];

	*detail = 0;
	if (id->has_kind && id->axis_kind != drive_verify_expected_kind(axis)) {
		*detail = id->axis_kind;
		return OMT_VERIFY_WRONG_KIND;
	}
	if (id->has_travel &&
	    omtd_config_check_travel(config, axis, id, err, sizeof(err)) != 0)
		return OMT_VERIFY_TRAVEL;
	if (watchdog_written && watchdog_read != watchdog_written) {
		*detail = watchdog_read;
		return OMT_VERIFY_WATCHDOG;
	}
	return OMT_VERIFY_OK;
}

static int32_t reg_addr(const struct omtd_config *config, enum omt_axis axis,
			enum regmap_reg reg)
{
	const struct omt_regmap *p =
		&config->profiles[config->drive[axis].regmap_index];

	return p->addr[reg];
}

static uint16_t watchdog_to_write(const struct omtd_config *config,
				  enum omt_axis axis)
{
	if (reg_addr(config, axis, REGMAP_REG_WATCHDOG_MS) == REGMAP_ADDR_NONE)
		return 0;
	return (uint16_t)config->control.drive_watchdog_ms;
}

/* The register a step reads or writes; REGMAP_ADDR_NONE: skip it. */
static int32_t step_register(const struct omtd_config *config,
			     enum omt_axis axis, enum drive_verify_step step)
{
	switch (step) {
	case DRIVE_VERIFY_READ_SERIAL:
		return reg_addr(config, axis, REGMAP_REG_SERIAL_NUMBER);
	case DRIVE_VERIFY_READ_FIRMWARE:
		return reg_addr(config, axis, REGMAP_REG_FIRMWARE_VERSION);
	case DRIVE_VERIFY_READ_KIND:
		return reg_addr(config, axis, REGMAP_REG_AXIS_KIND);
	case DRIVE_VERIFY_READ_MIN:
		return reg_addr(config, axis, REGMAP_REG_MIN_POSITION);
	case DRIVE_VERIFY_READ_MAX:
		return reg_addr(config, axis, REGMAP_REG_MAX_POSITION);
	case DRIVE_VERIFY_WRITE_WATCHDOG:
	case DRIVE_VERIFY_READ_WATCHDOG:
		if (watchdog_to_write(config, axis) == 0)
			return REGMAP_ADDR_NONE;
		return reg_addr(config, axis, REGMAP_REG_WATCHDOG_MS);
	default:
		return REGMAP_ADDR_NONE;
	}
}

static void finish(struct drive_verify *v, const struct omtd_config *config,
		   enum omt_axis axis, uint16_t watchdog_read)
{
	const struct omt_regmap *p =
		&config->profiles[config->drive[axis].regmap_index];
	bool has_kind = p->addr[REGMAP_REG_AXIS_KIND] != REGMAP_ADDR_NONE;
	bool has_travel = p->addr[REGMAP_REG_MIN_POSITION] != REGMAP_ADDR_NONE &&
			  p->addr[REGMAP_REG_MAX_POSITION] != REGMAP_ADDR_NONE;

	regmap_decode_identity(p, has_kind ? &v->kind : NULL,
			       has_travel ? v->min_words : NULL,
			       has_travel ? v->max_words : NULL, &v->identity);
	v->state = drive_verify_judge(config, axis, &v->identity,
				      watchdog_to_write(config, axis),
				      watchdog_read, &v->detail);
	v->step = DRIVE_VERIFY_DONE;
}

/* ---- drives of a newer class ---- */

/* Fail for good: the drive is not what its class says. */
static enum link_status class_fail(struct drive_verify *v,
				   enum omt_verify_state state, uint16_t detail)
{
	v->state = state;
	v->detail = detail;
	v->step = DRIVE_VERIFY_DONE;
	return LINK_OK;
}

/*
 * The register that shows a drive of this class is there and speaks its
 * class: a target-position drive's heartbeat (its stop-on-silence; a
 * drive without one is not of the class), a CiA 402 drive's statusword.
 */
static int32_t class_probe_register(const struct omt_regmap *p)
{
	const struct cia402_map_entry *e;

	if (p->dc.cls == DRIVE_CLASS_TARGET_POSITION)
		return p->dc.target.addr[TARGET_REG_HEARTBEAT];
	e = cia402_map_entry_of(cia402_map_find(p->dc.cia402.map),
				CIA402_OBJ_STATUSWORD);
	return e ? e->addr : REGMAP_ADDR_NONE;
}

enum omt_verify_state drive_verify_judge_class(const struct omtd_config *config,
					       enum omt_axis axis,
					       const struct omt_regmap *p,
					       uint16_t probe, uint16_t position,
					       uint16_t *detail)
{
	const struct target_position_params *t = &p->dc.target;
	struct drive_identity id = { 0 };

	*detail = 0;
	if (p->dc.cls == DRIVE_CLASS_CIA402_PP) {
		/* Its state machine answers: any state of CiA 402's table. */
		if (cia402_state_of(probe) == CIA402_STATE_UNKNOWN) {
			*detail = probe;
			return OMT_VERIFY_CLASS;
		}
		return OMT_VERIFY_OK;
	}
	/* A position beyond the actuator's range that is not its "lost"
	 * sentinel: not a position register. */
	if (position > t->position_max && position != t->position_lost) {
		*detail = position;
		return OMT_VERIFY_CLASS;
	}
	/* Its travel is the profile's, origin + 0..position_max. */
	id.has_travel = true;
	id.min_position = t->origin;
	id.max_position = t->origin +
			  regmap_counts_to_units(t->position_max,
						 p->position_scale);
	return drive_verify_judge(config, axis, &id, 0, 0, detail);
}

/*
 * A newer class's check: its probe register (READ_KIND's turn), then for
 * target-position its position (READ_MIN's turn).  No serial, firmware,
 * axis kind or WATCHDOG_MS: the classes have none.
 */
static enum link_status class_verify_step(struct drive_verify *v,
					  struct link *link,
					  const struct omtd_config *config,
					  enum omt_axis axis,
					  const struct omt_regmap *p)
{
	uint8_t slave = config->drive[axis].slave;
	const struct target_position_params *t = &p->dc.target;
	enum link_status s;
	int32_t addr;
	uint16_t word = 0;

	if (v->step < DRIVE_VERIFY_READ_KIND) {
		v->serial.state = DRIVE_TEXT_NOT_IN_PROFILE;
		v->firmware.state = DRIVE_TEXT_NOT_IN_PROFILE;
		v->step = DRIVE_VERIFY_READ_KIND;
	}
	addr = v->step == DRIVE_VERIFY_READ_KIND ? class_probe_register(p) :
						     t->addr[TARGET_REG_POSITION];
	if (addr < 0 || addr > 0xffff)
		return class_fail(v, OMT_VERIFY_CLASS, 0);
	s = link_read_raw(link, slave, (uint16_t)addr, 1, &word);
	if (s == LINK_EXCEPTION) {
		struct link_stats stats;

		link_get_stats(link, (unsigned int)axis, &stats);
		return class_fail(v, OMT_VERIFY_CLASS, stats.last_exception);
	}
	if (s != LINK_OK) {
		v->state = OMT_VERIFY_NO_ANSWER;
		return s;
	}
	v->state = OMT_VERIFY_PENDING;
	if (v->step == DRIVE_VERIFY_READ_KIND) {
		v->kind = word;
		if (p->dc.cls == DRIVE_CLASS_TARGET_POSITION) {
			v->step = DRIVE_VERIFY_READ_MIN;
			return LINK_OK;
		}
	}
	v->state = drive_verify_judge_class(config, axis, p, v->kind, word,
					    &v->detail);
	v->step = DRIVE_VERIFY_DONE;
	return LINK_OK;
}

enum link_status drive_verify_step(struct drive_verify *v, struct link *link,
				   const struct omtd_config *config,
				   enum omt_axis axis)
{
	uint8_t slave = config->drive[axis].slave;
	uint16_t readback = 0, text[REGMAP_TEXT_WORDS];
	struct drive_text *t = NULL;
	enum link_status s = LINK_OK;
	int32_t addr;

	if (!drive_verify_wants_step(v))
		return LINK_OK;
	{
		const struct omt_regmap *p =
			&config->profiles[config->drive[axis].regmap_index];

		if (p->dc.cls != DRIVE_CLASS_CYCLIC_POSITION)
			return class_verify_step(v, link, config, axis, p);
	}
	/* Skip the steps the profile has no register for. */
	while (v->step < DRIVE_VERIFY_DONE &&
	       step_register(config, axis, v->step) == REGMAP_ADDR_NONE) {
		if (v->step == DRIVE_VERIFY_READ_SERIAL)
			v->serial.state = DRIVE_TEXT_NOT_IN_PROFILE;
		if (v->step == DRIVE_VERIFY_READ_FIRMWARE)
			v->firmware.state = DRIVE_TEXT_NOT_IN_PROFILE;
		v->step++;
	}
	if (v->step == DRIVE_VERIFY_DONE) {
		finish(v, config, axis, 0);
		return LINK_OK;
	}
	addr = step_register(config, axis, v->step);
	switch (v->step) {
	case DRIVE_VERIFY_READ_SERIAL:
	case DRIVE_VERIFY_READ_FIRMWARE:
		t = v->step == DRIVE_VERIFY_READ_SERIAL ? &v->serial :
							  &v->firmware;
		s = link_read_raw(link, slave, (uint16_t)addr,
				  REGMAP_TEXT_WORDS, text);
		break;
	case DRIVE_VERIFY_READ_KIND:
		s = link_read_raw(link, slave, (uint16_t)addr, 1, &v->kind);
		break;
	case DRIVE_VERIFY_READ_MIN:
		s = link_read_raw(link, slave, (uint16_t)addr, 2, v->min_words);
		break;
	case DRIVE_VERIFY_READ_MAX:
		s = link_read_raw(link, slave, (uint16_t)addr, 2, v->max_words);
		break;
	case DRIVE_VERIFY_WRITE_WATCHDOG:
		s = link_write_watchdog(link, axis,
					watchdog_to_write(config, axis));
		break;
	case DRIVE_VERIFY_READ_WATCHDOG:
		s = link_read_raw(link, slave, (uint16_t)addr, 1, &readback);
		break;
	default:
		break;
	}
	/*
	 * The identity is optional in a drive: one that answers with an
	 * exception does not have it, and goes on to be checked.
	 */
	if (t && s == LINK_EXCEPTION) {
		struct link_stats stats;

		link_get_stats(link, (unsigned int)axis, &stats);
		t->state = DRIVE_TEXT_REFUSED;
		t->exception = stats.last_exception;
		v->state = OMT_VERIFY_PENDING;
		v->text_tries = 0;
		v->step++;
		return s;
	}
	if (t && s != LINK_OK && s != LINK_DISCONNECTED &&
	    ++v->text_tries >= DRIVE_TEXT_TRIES) {
		t->state = DRIVE_TEXT_NO_ANSWER;
		v->state = OMT_VERIFY_PENDING;
		v->text_tries = 0;
		v->step++;
		return s;
	}
	if (s != LINK_OK) {
		v->state = OMT_VERIFY_NO_ANSWER;
		return s;
	}
	if (t)
		take_text(t, text);
	v->text_tries = 0;
	v->state = OMT_VERIFY_PENDING;
	if (v->step == DRIVE_VERIFY_READ_WATCHDOG) {
		finish(v, config, axis, readback);
		return LINK_OK;
	}
	/* The kind is judged at once: a wrong drive gets no further request. */
	if (v->step == DRIVE_VERIFY_READ_KIND &&
	    v->kind != (uint16_t)drive_verify_expected_kind(axis)) {
		v->identity.has_kind = true;
		v->identity.axis_kind = v->kind;
		v->state = OMT_VERIFY_WRONG_KIND;
		v->detail = v->kind;
		v->step = DRIVE_VERIFY_DONE;
		return LINK_OK;
	}
	v->step++;
	return LINK_OK;
}
