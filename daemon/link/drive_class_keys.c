// SPDX-License-Identifier: MIT
/*
 * The class keys of a [profile.NAME] section and the checks of a profile
 * of a newer class, as one table: each key names its class, its kind, the
 * field it fills and whether it is required, in the manner of a gperf
 * key table.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_values.h"
#include "regmap.h"

enum key_kind {
	KIND_ADDR,          /* int32_t, 0..65535 or "none" when optional */
	KIND_BIT,           /* int8_t, 0..15 or "none" when optional */
	KIND_U16,           /* uint16_t */
	KIND_MS,            /* uint32_t, 1..60000 */
	KIND_POSITIVE,      /* double > 0 */
	KIND_NONNEGATIVE,   /* double >= 0 */
	KIND_REAL,          /* double, -max..max */
	KIND_MAP,           /* a CiA 402 map's name */
};

struct class_key {
	const char *key;
	enum drive_class cls;
	enum key_kind kind;
	size_t offset;      /* in struct drive_class_params */
	bool required;
	double max;         /* for doubles */
};

#define TP(field) offsetof(struct drive_class_params, target.field)
#define CIA(field) offsetof(struct drive_class_params, cia402.field)
#define T DRIVE_CLASS_TARGET_POSITION
#define C DRIVE_CLASS_CIA402_PP

static const struct class_key keys[] = {
	{ "target.addr.heartbeat", T, KIND_ADDR, TP(addr[TARGET_REG_HEARTBEAT]), true, 0 },
	{ "target.addr.command", T, KIND_ADDR, TP(addr[TARGET_REG_COMMAND]), true, 0 },
	{ "target.addr.current_limit", T, KIND_ADDR, TP(addr[TARGET_REG_CURRENT_LIMIT]), false, 0 },
	{ "target.addr.speed", T, KIND_ADDR, TP(addr[TARGET_REG_SPEED]), true, 0 },
	{ "target.addr.soft_start", T, KIND_ADDR, TP(addr[TARGET_REG_SOFT_START]), true, 0 },
	{ "target.addr.soft_stop", T, KIND_ADDR, TP(addr[TARGET_REG_SOFT_STOP]), true, 0 },
	{ "target.addr.position", T, KIND_ADDR, TP(addr[TARGET_REG_POSITION]), true, 0 },
	{ "target.addr.current", T, KIND_ADDR, TP(addr[TARGET_REG_CURRENT]), false, 0 },
	{ "target.addr.status", T, KIND_ADDR, TP(addr[TARGET_REG_STATUS]), true, 0 },
	{ "target.addr.error", T, KIND_ADDR, TP(addr[TARGET_REG_ERROR]), true, 0 },
	{ "target.addr.speed_actual", T, KIND_ADDR, TP(addr[TARGET_REG_SPEED_ACTUAL]), false, 0 },
	{ "target.bit.end_in", T, KIND_BIT, TP(bit[TARGET_BIT_END_IN]), false, 0 },
	{ "target.bit.end_out", T, KIND_BIT, TP(bit[TARGET_BIT_END_OUT]), false, 0 },
	{ "target.bit.overcurrent", T, KIND_BIT, TP(bit[TARGET_BIT_OVERCURRENT]), false, 0 },
	{ "target.bit.running_out", T, KIND_BIT, TP(bit[TARGET_BIT_RUNNING_OUT]), true, 0 },
	{ "target.bit.running_in", T, KIND_BIT, TP(bit[TARGET_BIT_RUNNING_IN]), true, 0 },
	{ "target.position_max", T, KIND_U16, TP(position_max), true, 0 },
	{ "target.position_lost", T, KIND_U16, TP(position_lost), true, 0 },
	{ "target.cmd.stop", T, KIND_U16, TP(cmd_stop), true, 0 },
	{ "target.cmd.clear_error", T, KIND_U16, TP(cmd_clear_error), true, 0 },
	{ "target.speed_full", T, KIND_U16, TP(speed_full), true, 0 },
	{ "target.full_speed", T, KIND_POSITIVE, TP(full_speed), true, 1e4 },
	{ "target.soft_start_s", T, KIND_NONNEGATIVE, TP(soft_start_s), true, 60 },
	{ "target.soft_stop_s", T, KIND_NONNEGATIVE, TP(soft_stop_s), true, 60 },
	{ "target.soft_s_per_count", T, KIND_POSITIVE, TP(soft_s_per_count), true, 10 },
	{ "target.current_limit_a", T, KIND_NONNEGATIVE, TP(current_limit_a), false, 1000 },
	{ "target.current_limit_a_per_count", T, KIND_POSITIVE, TP(current_limit_a_per_count), false, 100 },
	{ "target.retarget", T, KIND_POSITIVE, TP(retarget), true, 1e3 },
	{ "target.origin", T, KIND_REAL, TP(origin), false, 1e5 },
	{ "target.heartbeat_ms", T, KIND_MS, TP(heartbeat_ms), true, 0 },
	{ "target.stop_timeout_ms", T, KIND_MS, TP(stop_timeout_ms), true, 0 },
	{ "map", C, KIND_MAP, CIA(map), true, 0 },
	{ "cia402.acceleration", C, KIND_POSITIVE, CIA(acceleration), true, 1e6 },
	{ "cia402.deceleration", C, KIND_POSITIVE, CIA(deceleration), true, 1e6 },
	{ "cia402.acceleration_scale", C, KIND_POSITIVE, CIA(acceleration_scale), true, 1e6 },
	{ "cia402.retarget", C, KIND_POSITIVE, CIA(retarget), true, 1e3 },
	{ "cia402.state_timeout_ms", C, KIND_MS, CIA(state_timeout_ms), true, 0 },
	{ "cia402.ack_timeout_ms", C, KIND_MS, CIA(ack_timeout_ms), true, 0 },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
/* keys_set bit of the error table (target.error.CODE keys). */
#define ERROR_TABLE_BIT N_KEYS
#define ERROR_PREFIX "target.error."

#undef T
#undef C

_Static_assert(N_KEYS + 1 <= 64, "keys_set holds one bit a key");

static int find(const char *key)
{
	for (unsigned int i = 0; i < N_KEYS; i++)
		if (strcmp(keys[i].key, key) == 0)
			return (int)i;
	return -ENOENT;
}

bool drive_class_key_known(const char *key)
{
	return strcmp(key, "class") == 0 || find(key) >= 0 ||
	       strncmp(key, ERROR_PREFIX, strlen(ERROR_PREFIX)) == 0;
}

void drive_class_mark_given(struct drive_class_params *dc)
{
	for (unsigned int i = 0; i < N_KEYS; i++)
		if (keys[i].cls == dc->cls)
			dc->keys_set |= 1ull << i;
	if (dc->target.n_errors)
		dc->keys_set |= 1ull << ERROR_TABLE_BIT;
}

static void *field(struct drive_class_params *dc, const struct class_key *k)
{
	return (char *)dc + k->offset;
}

static int list_maps(char *err, size_t errlen, const char *value)
{
	size_t n, used;
	const struct cia402_map *maps = cia402_maps(&n);

	used = (size_t)snprintf(err, errlen, "no CiA 402 map '%s' (known:",
				value);
	for (size_t i = 0; i < n && used < errlen; i++)
		used += (size_t)snprintf(err + used, errlen - used, " %s",
					 maps[i].name);
	if (used < errlen)
		snprintf(err + used, errlen - used, ")");
	return -EINVAL;
}

static int set_error_entry(struct drive_class_params *dc, const char *key,
			   const char *value, char *err, size_t errlen)
{
	uint64_t code;
	enum drive_named_fault f;
	struct target_position_params *t = &dc->target;
	unsigned int i;

	if (config_parse_uint(key + strlen(ERROR_PREFIX), 1, 65535, &code, err,
			      errlen)) {
		snprintf(err, errlen,
			 "the error code after target.error. must be 1..65535");
		return -EINVAL;
	}
	if (drive_named_fault_parse(value, &f) || f == DRIVE_FAULT_NONE) {
		snprintf(err, errlen,
			 "'%s' is not a fault name (see docs/register-profiles.md)",
			 value);
		return -EINVAL;
	}
	for (i = 0; i < t->n_errors; i++)
		if (t->error[i].code == code)
			break;
	if (i == t->n_errors && t->n_errors == TARGET_ERROR_TABLE_MAX) {
		snprintf(err, errlen, "more than %d error codes",
			 TARGET_ERROR_TABLE_MAX);
		return -EINVAL;
	}
	t->error[i].code = (uint16_t)code;
	t->error[i].fault = (uint8_t)f;
	if (i == t->n_errors)
		t->n_errors++;
	dc->keys_set |= 1ull << ERROR_TABLE_BIT;
	return 0;
}

int drive_class_set_key(struct omt_regmap *p, const char *key,
			const char *value, char *err, size_t errlen)
{
	struct drive_class_params *dc = &p->dc;
	const struct class_key *k;
	uint64_t u;
	double d;
	int i;

	if (strcmp(key, "class") == 0)
		return drive_class_parse(value, &dc->cls, err, errlen);
	if (strncmp(key, ERROR_PREFIX, strlen(ERROR_PREFIX)) == 0)
		return set_error_entry(dc, key, value, err, errlen);
	i = find(key);
	if (i < 0)
		return -ENOENT;
	k = &keys[i];
	switch (k->kind) {
	case KIND_ADDR:
	case KIND_BIT:
		if (strcmp(value, "none") == 0) {
			if (k->required) {
				snprintf(err, errlen, "required, cannot be none");
				return -EINVAL;
			}
			if (k->kind == KIND_ADDR)
				*(int32_t *)field(dc, k) = REGMAP_ADDR_NONE;
			else
				*(int8_t *)field(dc, k) = REGMAP_BIT_NONE;
			break;
		}
		if (config_parse_uint(value, 0,
				      k->kind == KIND_ADDR ? 0xffff : 15, &u,
				      err, errlen))
			return -EINVAL;
		if (k->kind == KIND_ADDR)
			*(int32_t *)field(dc, k) = (int32_t)u;
		else
			*(int8_t *)field(dc, k) = (int8_t)u;
		break;
	case KIND_U16:
		if (config_parse_uint(value, 0, 0xffff, &u, err, errlen))
			return -EINVAL;
		*(uint16_t *)field(dc, k) = (uint16_t)u;
		break;
	case KIND_MS:
		if (config_parse_uint(value, 1, 60000, &u, err, errlen))
			return -EINVAL;
		*(uint32_t *)field(dc, k) = (uint32_t)u;
		break;
	case KIND_POSITIVE:
	case KIND_NONNEGATIVE:
		if (config_parse_double(value, 0.0, k->max, &d, err, errlen))
			return -EINVAL;
		if (k->kind == KIND_POSITIVE && d <= 0.0) {
			snprintf(err, errlen, "'%s' must be greater than 0",
				 value);
			return -EINVAL;
		}
		*(double *)field(dc, k) = d;
		break;
	case KIND_REAL:
		if (config_parse_double(value, -k->max, k->max, &d, err,
					errlen))
			return -EINVAL;
		*(double *)field(dc, k) = d;
		break;
	case KIND_MAP:
		if (!cia402_map_find(value))
			return list_maps(err, errlen, value);
		snprintf((char *)field(dc, k), CIA402_MAP_NAME_MAX, "%s", value);
		break;
	}
	dc->keys_set |= 1ull << i;
	return 0;
}

static int fail(const char *key, char *bad_key, size_t keylen, char *err,
		size_t errlen, const char *message)
{
	snprintf(bad_key, keylen, "%s", key);
	snprintf(err, errlen, "%s", message);
	return -EINVAL;
}

static bool given(const struct drive_class_params *dc, unsigned int i)
{
	return dc->keys_set & (1ull << i);
}

/* A soft ramp as the register's count: 0..250 (251 is "default"). */
static bool soft_count_fits(double seconds, double per_count)
{
	double counts = nearbyint(seconds / per_count);

	return counts >= 0.0 && counts <= 250.0;
}

static int validate_target(const struct omt_regmap *p, char *bad_key,
			   size_t keylen, char *err, size_t errlen)
{
	const struct target_position_params *t = &p->dc.target;
	char message[128];

	for (unsigned int a = 0; a < TARGET_REG_COUNT; a++) {
		for (unsigned int b = a + 1; b < TARGET_REG_COUNT; b++) {
			if (t->addr[a] == REGMAP_ADDR_NONE ||
			    t->addr[a] != t->addr[b])
				continue;
			snprintf(message, sizeof(message),
				 "same register as %s", keys[a].key);
			return fail(keys[b].key, bad_key, keylen, err, errlen,
				    message);
		}
	}
	for (unsigned int a = 0; a < TARGET_BIT_COUNT; a++) {
		for (unsigned int b = a + 1; b < TARGET_BIT_COUNT; b++) {
			if (t->bit[a] == REGMAP_BIT_NONE ||
			    t->bit[a] != t->bit[b])
				continue;
			snprintf(message, sizeof(message), "same bit as %s",
				 keys[TARGET_REG_COUNT + a].key);
			return fail(keys[TARGET_REG_COUNT + b].key, bad_key,
				    keylen, err, errlen, message);
		}
	}
	if (t->cmd_stop <= t->position_max)
		return fail("target.cmd.stop", bad_key, keylen, err, errlen,
			    "must be above target.position_max (a stop must not read as a position)");
	if (t->cmd_clear_error <= t->position_max ||
	    t->cmd_clear_error == t->cmd_stop)
		return fail("target.cmd.clear_error", bad_key, keylen, err,
			    errlen,
			    "must be above target.position_max and differ from target.cmd.stop");
	if (t->position_lost <= t->position_max)
		return fail("target.position_lost", bad_key, keylen, err,
			    errlen, "must be above target.position_max");
	if (t->speed_full == 0)
		return fail("target.speed_full", bad_key, keylen, err, errlen,
			    "must be greater than 0");
	if (!soft_count_fits(t->soft_start_s, t->soft_s_per_count))
		return fail("target.soft_start_s", bad_key, keylen, err, errlen,
			    "more than 250 counts of target.soft_s_per_count");
	if (!soft_count_fits(t->soft_stop_s, t->soft_s_per_count))
		return fail("target.soft_stop_s", bad_key, keylen, err, errlen,
			    "more than 250 counts of target.soft_s_per_count");
	if (t->current_limit_a > 0.0 &&
	    (t->addr[TARGET_REG_CURRENT_LIMIT] == REGMAP_ADDR_NONE ||
	     !(t->current_limit_a_per_count > 0.0)))
		return fail("target.current_limit_a", bad_key, keylen, err,
			    errlen,
			    "needs target.addr.current_limit and target.current_limit_a_per_count");
	if (t->current_limit_a > 0.0 &&
	    nearbyint(t->current_limit_a / t->current_limit_a_per_count) >
		    65535.0)
		return fail("target.current_limit_a", bad_key, keylen, err,
			    errlen, "does not fit the register");
	/* A stop takes the soft stop; waiting less would fault every stop. */
	if (t->stop_timeout_ms < (uint32_t)(t->soft_stop_s * 1000.0))
		return fail("target.stop_timeout_ms", bad_key, keylen, err,
			    errlen, "shorter than target.soft_stop_s");
	return 0;
}

static int validate_cia402(const struct omt_regmap *p, char *bad_key,
			   size_t keylen, char *err, size_t errlen)
{
	static const struct {
		uint16_t object;
		const char *what;
	} needed[] = {
		{ CIA402_OBJ_CONTROLWORD, "controlword 6040h" },
		{ CIA402_OBJ_STATUSWORD, "statusword 6041h" },
		{ CIA402_OBJ_MODES_OF_OPERATION, "modes of operation 6060h" },
		{ CIA402_OBJ_POSITION_ACTUAL, "position actual 6064h" },
		{ CIA402_OBJ_TARGET_POSITION, "target position 607Ah" },
		{ CIA402_OBJ_PROFILE_VELOCITY, "profile velocity 6081h" },
		{ CIA402_OBJ_PROFILE_ACCEL, "profile acceleration 6083h" },
		{ CIA402_OBJ_PROFILE_DECEL, "profile deceleration 6084h" },
	};
	const struct cia402_map *m = cia402_map_find(p->dc.cia402.map);
	char message[128];

	if (!m)
		return fail("map", bad_key, keylen, err, errlen,
			    "names no known CiA 402 map");
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (cia402_map_entry_of(m, needed[i].object))
			continue;
		snprintf(message, sizeof(message), "map '%s' lacks the %s",
			 m->name, needed[i].what);
		return fail("map", bad_key, keylen, err, errlen, message);
	}
	return 0;
}

int drive_class_validate(const struct omt_regmap *p, char *bad_key,
			 size_t keylen, char *err, size_t errlen)
{
	const struct drive_class_params *dc = &p->dc;

	if ((unsigned int)dc->cls >= DRIVE_CLASS_COUNT)
		return fail("class", bad_key, keylen, err, errlen,
			    "not a drive class");
	for (unsigned int i = 0; i < N_KEYS; i++) {
		char message[128];

		if (given(dc, i) && keys[i].cls != dc->cls) {
			snprintf(message, sizeof(message),
				 "belongs to class %s, not %s",
				 drive_class_name(keys[i].cls),
				 drive_class_name(dc->cls));
			return fail(keys[i].key, bad_key, keylen, err, errlen,
				    message);
		}
		if (!given(dc, i) && keys[i].required &&
		    keys[i].cls == dc->cls)
			return fail(keys[i].key, bad_key, keylen, err, errlen,
				    "missing (required)");
	}
	if (given(dc, ERROR_TABLE_BIT) &&
	    dc->cls != DRIVE_CLASS_TARGET_POSITION)
		return fail("target.error", bad_key, keylen, err, errlen,
			    "error tables belong to class target-position");
	switch (dc->cls) {
	case DRIVE_CLASS_TARGET_POSITION:
		return validate_target(p, bad_key, keylen, err, errlen);
	case DRIVE_CLASS_CIA402_PP:
		return validate_cia402(p, bad_key, keylen, err, errlen);
	default:
		return 0;
	}
}
