// SPDX-License-Identifier: MIT
/*
 * Register profiles as data: the built-in omt-generic-1, the keys of a
 * [profile.NAME] section, validation, and the per-cycle transaction plan.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config_values.h"
#include "omt_regs.h"
#include "regmap.h"

/* Internal markers for "the config has not said yet". */
#define ADDR_UNSET (-2)
#define BIT_UNSET (-2)
#define WORD_ORDER_UNSET 99

static const char *const reg_keys[REGMAP_REG_COUNT] = {
	[REGMAP_REG_STATUS] = "addr.status",
	[REGMAP_REG_FAULT_CODE] = "addr.fault_code",
	[REGMAP_REG_POSITION] = "addr.position",
	[REGMAP_REG_VELOCITY] = "addr.velocity",
	[REGMAP_REG_CURRENT] = "addr.current",
	[REGMAP_REG_CONTROL] = "addr.control",
	[REGMAP_REG_SETPOINT] = "addr.setpoint",
	[REGMAP_REG_VELOCITY_LIMIT] = "addr.velocity_limit",
	[REGMAP_REG_WATCHDOG_MS] = "addr.watchdog_ms",
	[REGMAP_REG_AXIS_KIND] = "addr.axis_kind",
	[REGMAP_REG_MIN_POSITION] = "addr.min_position",
	[REGMAP_REG_MAX_POSITION] = "addr.max_position",
	[REGMAP_REG_TENSION] = "addr.tension",
	[REGMAP_REG_SERIAL_NUMBER] = "addr.serial_number",
	[REGMAP_REG_FIRMWARE_VERSION] = "addr.firmware_version",
};

/* Registers a cycle cannot do without; the rest may be "none". */
static bool reg_required(enum regmap_reg reg)
{
	return reg <= REGMAP_REG_SETPOINT;
}

static unsigned int reg_width(enum regmap_reg reg)
{
	switch (reg) {
	case REGMAP_REG_POSITION:
	case REGMAP_REG_SETPOINT:
	case REGMAP_REG_MIN_POSITION:
	case REGMAP_REG_MAX_POSITION:
		return 2;
	case REGMAP_REG_SERIAL_NUMBER:
	case REGMAP_REG_FIRMWARE_VERSION:
		return REGMAP_TEXT_WORDS;
	default:
		return 1;
	}
}

static const char *const status_keys[REGMAP_ST_COUNT] = {
	[REGMAP_ST_READY] = "status_bit.ready",
	[REGMAP_ST_ENABLED] = "status_bit.enabled",
	[REGMAP_ST_MOVING] = "status_bit.moving",
	[REGMAP_ST_IN_POSITION] = "status_bit.in_position",
	[REGMAP_ST_FAULT] = "status_bit.fault",
	[REGMAP_ST_LIMIT_LOW] = "status_bit.limit_low",
	[REGMAP_ST_LIMIT_HIGH] = "status_bit.limit_high",
	[REGMAP_ST_HOMED] = "status_bit.homed",
	[REGMAP_ST_OBSTRUCTION] = "status_bit.obstruction",
	[REGMAP_ST_COMMS_TIMEOUT] = "status_bit.comms_timeout",
};

/* The control loop cannot judge a drive without these three. */
static bool status_required(enum regmap_status_flag flag)
{
	return flag == REGMAP_ST_READY || flag == REGMAP_ST_ENABLED ||
	       flag == REGMAP_ST_FAULT;
}

static const char *const control_keys[REGMAP_CTL_COUNT] = {
	[REGMAP_CTL_ENABLE] = "control_bit.enable",
	[REGMAP_CTL_QUICK_STOP] = "control_bit.quick_stop",
	[REGMAP_CTL_FAULT_RESET] = "control_bit.fault_reset",
};

const char *regmap_reg_key(enum regmap_reg reg)
{
	return (unsigned int)reg < REGMAP_REG_COUNT ? reg_keys[reg] : "?";
}

void regmap_builtin_generic1(struct omt_regmap *p)
{
	static const int32_t addr[REGMAP_REG_COUNT] = {
		[REGMAP_REG_STATUS] = OMT_REG_STATUS,
		[REGMAP_REG_FAULT_CODE] = OMT_REG_FAULT_CODE,
		[REGMAP_REG_POSITION] = OMT_REG_POSITION,
		[REGMAP_REG_VELOCITY] = OMT_REG_VELOCITY,
		[REGMAP_REG_CURRENT] = OMT_REG_CURRENT,
		[REGMAP_REG_CONTROL] = OMT_REG_CONTROL,
		[REGMAP_REG_SETPOINT] = OMT_REG_SETPOINT,
		[REGMAP_REG_VELOCITY_LIMIT] = OMT_REG_VELOCITY_LIMIT,
		[REGMAP_REG_WATCHDOG_MS] = OMT_REG_WATCHDOG_MS,
		[REGMAP_REG_AXIS_KIND] = OMT_REG_AXIS_KIND,
		[REGMAP_REG_MIN_POSITION] = OMT_REG_MIN_POSITION,
		[REGMAP_REG_MAX_POSITION] = OMT_REG_MAX_POSITION,
		/* Served by drop sections only; written only to them. */
		[REGMAP_REG_TENSION] = OMT_REG_TENSION,
		/* Optional in a drive: exception 2 reads as "unknown". */
		[REGMAP_REG_SERIAL_NUMBER] = OMT_REG_SERIAL_NUMBER,
		[REGMAP_REG_FIRMWARE_VERSION] = OMT_REG_FIRMWARE_VERSION,
	};

	memset(p, 0, sizeof(*p));
	drive_class_params_init(&p->dc);
	snprintf(p->name, sizeof(p->name), "%s", OMT_PROFILE_BUILTIN_NAME);
	memcpy(p->addr, addr, sizeof(addr));
	p->word_order = REGMAP_HIGH_WORD_FIRST;
	p->position_scale = 0.01;
	p->velocity_scale = 0.1;
	p->current_scale = 1.0;
	/* omt_regs.h numbers STATUS bits in the canonical order. */
	for (unsigned int flag = 0; flag < REGMAP_ST_COUNT; flag++)
		p->status_bit[flag] = (int8_t)flag;
	p->control_bit[REGMAP_CTL_ENABLE] = 0;
	p->control_bit[REGMAP_CTL_QUICK_STOP] = 1;
	p->control_bit[REGMAP_CTL_FAULT_RESET] = 2;
	p->function23 = true;
}

void regmap_init_unset(struct omt_regmap *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	drive_class_params_init(&p->dc);
	snprintf(p->name, sizeof(p->name), "%s", name);
	for (unsigned int reg = 0; reg < REGMAP_REG_COUNT; reg++)
		p->addr[reg] = reg_required(reg) ? ADDR_UNSET : REGMAP_ADDR_NONE;
	p->word_order = (enum regmap_word_order)WORD_ORDER_UNSET;
	for (unsigned int flag = 0; flag < REGMAP_ST_COUNT; flag++)
		p->status_bit[flag] =
			status_required(flag) ? BIT_UNSET : REGMAP_BIT_NONE;
	for (unsigned int flag = 0; flag < REGMAP_CTL_COUNT; flag++)
		p->control_bit[flag] = BIT_UNSET;
	/* Scales of 0 read as "missing"; function 16 + 3 works everywhere. */
	p->function23 = false;
}

static int find_key(const char *const *keys, unsigned int n, const char *key)
{
	for (unsigned int i = 0; i < n; i++) {
		if (strcmp(keys[i], key) == 0)
			return (int)i;
	}
	return -EINVAL;
}

bool regmap_key_known(const char *key)
{
	static const char *const others[] = {
		"word_order", "position_scale", "velocity_scale",
		"current_scale", "function23",
	};

	return find_key(reg_keys, REGMAP_REG_COUNT, key) >= 0 ||
	       find_key(status_keys, REGMAP_ST_COUNT, key) >= 0 ||
	       find_key(control_keys, REGMAP_CTL_COUNT, key) >= 0 ||
	       find_key(others, sizeof(others) / sizeof(others[0]), key) >= 0 ||
	       drive_class_key_known(key);
}

static int parse_bit(const char *value, bool may_be_none, int8_t *out,
		     char *err, size_t errlen)
{
	uint64_t bit;

	if (strcmp(value, "none") == 0) {
		if (!may_be_none) {
			snprintf(err, errlen, "required, cannot be none");
			return -EINVAL;
		}
		*out = REGMAP_BIT_NONE;
		return 0;
	}
	if (config_parse_uint(value, 0, 15, &bit, err, errlen))
		return -EINVAL;
	*out = (int8_t)bit;
	return 0;
}

static int parse_scale(const char *value, double *out, char *err,
		       size_t errlen)
{
	double scale;

	if (config_parse_double(value, 0.0, 1e6, &scale, err, errlen))
		return -EINVAL;
	if (scale <= 0.0) {
		snprintf(err, errlen, "'%s' must be greater than 0", value);
		return -EINVAL;
	}
	*out = scale;
	return 0;
}

int regmap_set_key(struct omt_regmap *p, const char *key, const char *value,
		    char *err, size_t errlen)
{
	int i;

	i = drive_class_set_key(p, key, value, err, errlen);
	if (i != -ENOENT)
		return i;
	i = find_key(reg_keys, REGMAP_REG_COUNT, key);
	if (i >= 0) {
		uint64_t addr;

		if (strcmp(value, "none") == 0) {
			if (reg_required((enum regmap_reg)i)) {
				snprintf(err, errlen, "required, cannot be none");
				return -EINVAL;
			}
			p->addr[i] = REGMAP_ADDR_NONE;
			return 0;
		}
		if (config_parse_uint(value, 0,
				      0x10000 - reg_width((enum regmap_reg)i),
				      &addr, err, errlen))
			return -EINVAL;
		p->addr[i] = (int32_t)addr;
		return 0;
	}
	i = find_key(status_keys, REGMAP_ST_COUNT, key);
	if (i >= 0)
		return parse_bit(value,
				 !status_required((enum regmap_status_flag)i),
				 &p->status_bit[i], err, errlen);
	i = find_key(control_keys, REGMAP_CTL_COUNT, key);
	if (i >= 0)
		return parse_bit(value, false, &p->control_bit[i], err, errlen);
	if (strcmp(key, "word_order") == 0) {
		static const char *const orders[] = { "high-first", "low-first" };
		unsigned int o;

		if (config_parse_word(value, orders, 2, &o, err, errlen))
			return -EINVAL;
		p->word_order = o == 0 ? REGMAP_HIGH_WORD_FIRST :
					 REGMAP_LOW_WORD_FIRST;
		return 0;
	}
	if (strcmp(key, "position_scale") == 0)
		return parse_scale(value, &p->position_scale, err, errlen);
	if (strcmp(key, "velocity_scale") == 0)
		return parse_scale(value, &p->velocity_scale, err, errlen);
	if (strcmp(key, "current_scale") == 0)
		return parse_scale(value, &p->current_scale, err, errlen);
	if (strcmp(key, "function23") == 0)
		return config_parse_bool(value, &p->function23, err, errlen);
	snprintf(err, errlen, "unknown key");
	return -EINVAL;
}

static int fail(const char *key, char *bad_key, size_t keylen, char *err,
		size_t errlen, const char *message)
{
	snprintf(bad_key, keylen, "%s", key);
	snprintf(err, errlen, "%s", message);
	return -EINVAL;
}

static bool scale_ok(double scale)
{
	return isfinite(scale) && scale > 0.0;
}

/* Every class converts with the same three scales. */
static int validate_scales(const struct omt_regmap *p, char *bad_key,
			   size_t keylen, char *err, size_t errlen)
{
	static const char message[] = "missing or not greater than 0";

	if (!scale_ok(p->position_scale))
		return fail("position_scale", bad_key, keylen, err, errlen,
			    message);
	if (!scale_ok(p->velocity_scale))
		return fail("velocity_scale", bad_key, keylen, err, errlen,
			    message);
	if (!scale_ok(p->current_scale))
		return fail("current_scale", bad_key, keylen, err, errlen,
			    message);
	return 0;
}

/*
 * A profile of a newer class: the cyclic registers, bits and word order
 * stay unset (a key given there would be silently ignored otherwise), the
 * scales are required, and the class part is checked by its own table.
 */
static int validate_newer_class(const struct omt_regmap *p, char *bad_key,
				size_t keylen, char *err, size_t errlen)
{
	char message[96];

	snprintf(message, sizeof(message), "not used by class %s",
		 drive_class_name(p->dc.cls));
	for (unsigned int reg = 0; reg < REGMAP_REG_COUNT; reg++) {
		if (p->addr[reg] != ADDR_UNSET &&
		    p->addr[reg] != REGMAP_ADDR_NONE)
			return fail(reg_keys[reg], bad_key, keylen, err, errlen,
				    message);
	}
	for (unsigned int f = 0; f < REGMAP_ST_COUNT; f++) {
		if (p->status_bit[f] != BIT_UNSET &&
		    p->status_bit[f] != REGMAP_BIT_NONE)
			return fail(status_keys[f], bad_key, keylen, err,
				    errlen, message);
	}
	for (unsigned int f = 0; f < REGMAP_CTL_COUNT; f++) {
		if (p->control_bit[f] != BIT_UNSET)
			return fail(control_keys[f], bad_key, keylen, err,
				    errlen, message);
	}
	if (p->word_order != (enum regmap_word_order)WORD_ORDER_UNSET)
		return fail("word_order", bad_key, keylen, err, errlen,
			    p->dc.cls == DRIVE_CLASS_CIA402_PP ?
			    "comes from the map" : message);
	if (validate_scales(p, bad_key, keylen, err, errlen))
		return -EINVAL;
	return drive_class_validate(p, bad_key, keylen, err, errlen);
}

int regmap_validate(const struct omt_regmap *p, char *bad_key,
		     size_t keylen, char *err, size_t errlen)
{
	if (p->dc.cls != DRIVE_CLASS_CYCLIC_POSITION)
		return validate_newer_class(p, bad_key, keylen, err, errlen);
	/* First: a class key here most likely means a forgotten class. */
	if (drive_class_validate(p, bad_key, keylen, err, errlen))
		return -EINVAL;
	for (unsigned int reg = 0; reg < REGMAP_REG_COUNT; reg++) {
		int32_t a = p->addr[reg];

		if (a == ADDR_UNSET)
			return fail(reg_keys[reg], bad_key, keylen, err, errlen,
				    "missing (required)");
		if (a != REGMAP_ADDR_NONE &&
		    (a < 0 || a + (int32_t)reg_width(reg) > 0x10000))
			return fail(reg_keys[reg], bad_key, keylen, err, errlen,
				    "address out of range");
	}
	if ((p->addr[REGMAP_REG_MIN_POSITION] == REGMAP_ADDR_NONE) !=
	    (p->addr[REGMAP_REG_MAX_POSITION] == REGMAP_ADDR_NONE))
		return fail(reg_keys[REGMAP_REG_MAX_POSITION], bad_key, keylen,
			    err, errlen,
			    "addr.min_position and addr.max_position go together");
	for (unsigned int a = 0; a < REGMAP_REG_COUNT; a++) {
		if (p->addr[a] == REGMAP_ADDR_NONE)
			continue;
		for (unsigned int b = a + 1; b < REGMAP_REG_COUNT; b++) {
			int32_t a_lo = p->addr[a], b_lo = p->addr[b];

			if (b_lo == REGMAP_ADDR_NONE)
				continue;
			if (a_lo < b_lo + (int32_t)reg_width(b) &&
			    b_lo < a_lo + (int32_t)reg_width(a)) {
				char message[96];

				snprintf(message, sizeof(message),
					 "overlaps %s", reg_keys[a]);
				return fail(reg_keys[b], bad_key, keylen, err,
					    errlen, message);
			}
		}
	}
	if (p->word_order != REGMAP_HIGH_WORD_FIRST &&
	    p->word_order != REGMAP_LOW_WORD_FIRST)
		return fail("word_order", bad_key, keylen, err, errlen,
			    "missing (required)");
	if (validate_scales(p, bad_key, keylen, err, errlen))
		return -EINVAL;
	for (unsigned int a = 0; a < REGMAP_ST_COUNT; a++) {
		if (p->status_bit[a] == BIT_UNSET)
			return fail(status_keys[a], bad_key, keylen, err, errlen,
				    "missing (required)");
		if (p->status_bit[a] == REGMAP_BIT_NONE)
			continue;
		if (p->status_bit[a] < 0 || p->status_bit[a] > 15)
			return fail(status_keys[a], bad_key, keylen, err, errlen,
				    "bit out of range 0..15");
		for (unsigned int b = a + 1; b < REGMAP_ST_COUNT; b++) {
			if (p->status_bit[b] == p->status_bit[a]) {
				char message[96];

				snprintf(message, sizeof(message),
					 "same bit as %s", status_keys[a]);
				return fail(status_keys[b], bad_key, keylen,
					    err, errlen, message);
			}
		}
	}
	for (unsigned int a = 0; a < REGMAP_CTL_COUNT; a++) {
		if (p->control_bit[a] < 0 || p->control_bit[a] > 15)
			return fail(control_keys[a], bad_key, keylen, err,
				    errlen, "missing (required)");
		for (unsigned int b = a + 1; b < REGMAP_CTL_COUNT; b++) {
			if (p->control_bit[b] == p->control_bit[a]) {
				char message[96];

				snprintf(message, sizeof(message),
					 "same bit as %s", control_keys[a]);
				return fail(control_keys[b], bad_key, keylen,
					    err, errlen, message);
			}
		}
	}
	return 0;
}

/*
 * Sort the given registers by address, pack their words in that order and
 * merge neighbours into groups.
 */
static unsigned int plan_groups(const struct omt_regmap *p,
				const enum regmap_reg *regs, unsigned int n,
				struct regmap_group *groups,
				uint16_t *word_of)
{
	enum regmap_reg sorted[REGMAP_MAX_GROUPS];
	unsigned int n_groups = 0;
	uint16_t offset = 0;

	memcpy(sorted, regs, n * sizeof(*regs));
	for (unsigned int i = 1; i < n; i++) {
		for (unsigned int j = i; j > 0 &&
		     p->addr[sorted[j]] < p->addr[sorted[j - 1]]; j--) {
			enum regmap_reg t = sorted[j];

			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		enum regmap_reg reg = sorted[i];
		uint16_t addr = (uint16_t)p->addr[reg];
		uint16_t width = (uint16_t)reg_width(reg);
		struct regmap_group *last =
			n_groups ? &groups[n_groups - 1] : NULL;

		if (last && last->addr + last->count == addr) {
			last->count += width;
		} else {
			groups[n_groups].addr = addr;
			groups[n_groups].count = width;
			groups[n_groups].offset = offset;
			n_groups++;
		}
		word_of[reg] = offset;
		offset += width;
	}
	return n_groups;
}

void regmap_plan_build(const struct omt_regmap *p, struct regmap_plan *plan)
{
	static const enum regmap_reg read_set[] = {
		REGMAP_REG_STATUS, REGMAP_REG_FAULT_CODE,
		REGMAP_REG_POSITION, REGMAP_REG_VELOCITY,
		REGMAP_REG_CURRENT,
	};
	static const enum regmap_reg write_set[] = {
		REGMAP_REG_CONTROL, REGMAP_REG_SETPOINT,
	};

	memset(plan, 0, sizeof(*plan));
	/* The newer classes have no cyclic registers: their codec plans. */
	if (p->dc.cls != DRIVE_CLASS_CYCLIC_POSITION)
		return;
	plan->n_read = plan_groups(p, read_set, 5, plan->read, plan->word);
	plan->n_write = plan_groups(p, write_set, 2, plan->write, plan->word);
	plan->combined = p->function23;
}
