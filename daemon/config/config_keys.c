// SPDX-License-Identifier: MIT
/*
 * Every key of omtd.conf, as one table (config_keys.h): section, parser,
 * range, default, field.  A range sits beside its default; the cross-field
 * rules (min < max, timeouts below the period, ...) are
 * config_validate.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config_keys.h"
#include "config_values.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- parsers ---- */

/* An unsigned field of the row's size (1, 2, or 4 bytes when size is 0). */
static int parse_uint(const struct omtd_config_key *k, const char *text,
		      void *field, char *err, size_t errlen)
{
	uint64_t x;

	if (config_parse_uint(text, (uint64_t)k->min, (uint64_t)k->max, &x,
			      err, errlen))
		return -ERANGE;
	switch (k->size) {
	case sizeof(uint8_t):
		*(uint8_t *)field = (uint8_t)x;
		break;
	case sizeof(uint16_t):
		*(uint16_t *)field = (uint16_t)x;
		break;
	default:
		*(uint32_t *)field = (uint32_t)x;
		break;
	}
	return 0;
}

static int parse_i32(const struct omtd_config_key *k, const char *text,
		     void *field, char *err, size_t errlen)
{
	int64_t x;

	if (config_parse_int(text, (int64_t)k->min, (int64_t)k->max, &x, err,
			     errlen))
		return -ERANGE;
	*(int32_t *)field = (int32_t)x;
	return 0;
}

static int parse_double(const struct omtd_config_key *k, const char *text,
			void *field, char *err, size_t errlen)
{
	return config_parse_double(text, k->min, k->max, field, err, errlen)
		       ? -ERANGE : 0;
}

/* A number in (0, max]: the row's min is 0 and excluded. */
static int parse_positive(const struct omtd_config_key *k, const char *text,
			  void *field, char *err, size_t errlen)
{
	double x;

	if (config_parse_double(text, 0.0, k->max, &x, err, errlen))
		return -ERANGE;
	if (x <= 0.0) {
		snprintf(err, errlen, "'%s' must be greater than 0", text);
		return -ERANGE;
	}
	*(double *)field = x;
	return 0;
}

static int parse_bool(const struct omtd_config_key *k, const char *text,
		      void *field, char *err, size_t errlen)
{
	return config_parse_bool(text, field, err, errlen) ? -EINVAL : 0;
}

static int parse_string(const struct omtd_config_key *k, const char *text,
			void *field, char *err, size_t errlen)
{
	return config_parse_string(text, field, k->size, err, errlen)
		       ? -EINVAL : 0;
}

static int parse_path(const struct omtd_config_key *k, const char *text,
		      void *field, char *err, size_t errlen)
{
	if (text[0] != '/') {
		snprintf(err, errlen, "'%s' is not an absolute path", text);
		return -EINVAL;
	}
	return parse_string(k, text, field, err, errlen);
}

/*
 * One of the row's words, stored as the int (an enum) it stands for, or
 * as its first letter when the words stand for nothing else (parity).
 */
static int parse_enum(const struct omtd_config_key *k, const char *text,
		      void *field, char *err, size_t errlen)
{
	unsigned int w;

	if (config_parse_word(text, k->words->word, k->words->n, &w, err,
			      errlen))
		return -EINVAL;
	if (k->words->value)
		*(int *)field = k->words->value[w];
	else
		*(char *)field = k->words->word[w][0];
	return 0;
}

static int parse_baud(const struct omtd_config_key *k, const char *text,
		      void *field, char *err, size_t errlen)
{
	static const uint32_t rates[] = {
		1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
		230400, 460800, 921600,
	};
	uint32_t baud;

	if (parse_uint(k, text, &baud, err, errlen))
		return -ERANGE;
	for (unsigned int i = 0; i < ARRAY_SIZE(rates); i++) {
		if (rates[i] == baud) {
			*(uint32_t *)field = baud;
			return 0;
		}
	}
	snprintf(err, errlen, "%u is not a standard rate (1200 .. 921600)",
		 baud);
	return -ERANGE;
}

/* slow_zone_below: a position, or none (field: the whole axis). */
static int parse_slow_zone(const struct omtd_config_key *k, const char *text,
			   void *field, char *err, size_t errlen)
{
	struct omtd_axis_config *a = field;

	if (strcmp(text, "none") == 0) {
		a->slow_zone = false;
		return 0;
	}
	if (config_parse_double(text, k->min, k->max, &a->slow_zone_below, err,
				errlen))
		return -ERANGE;
	a->slow_zone = true;
	return 0;
}

bool omtd_config_label_ok(const char *label, size_t max)
{
	size_t len = strlen(label);

	if (len == 0 || len >= max)
		return false;
	for (const char *c = label; *c; c++) {
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
			return false;
	}
	return true;
}

/* line.INPUT: a GPIO line offset, a line name, or none. */
static int parse_gpio_line(const struct omtd_config_key *k, const char *text,
			   void *field, char *err, size_t errlen)
{
	struct omtd_io_input *input = field;
	uint32_t offset;

	if (strcmp(text, "none") == 0) {
		input->line_offset = -2;
		return 0;
	}
	if (isdigit((unsigned char)text[0])) {
		if (parse_uint(k, text, &offset, err, errlen))
			return -ERANGE;
		input->line_offset = (int32_t)offset;
		return 0;
	}
	if (config_parse_string(text, input->line_name,
				sizeof(input->line_name), err, errlen))
		return -EINVAL;
	input->line_offset = -1;
	return 0;
}

/* function.PEDAL: what a pedal does, or preset:NAME. */
static int parse_pedal_function(const struct omtd_config_key *k,
				const char *text, void *field, char *err,
				size_t errlen)
{
	static const enum omt_pedal_function plain[] = {
		OMT_PEDAL_NONE, OMT_PEDAL_HEIGHT_UP, OMT_PEDAL_HEIGHT_DOWN,
		OMT_PEDAL_TILT_UP, OMT_PEDAL_TILT_DOWN, OMT_PEDAL_ENABLE,
		OMT_PEDAL_ARM_DROPS,
	};
	struct omtd_pedal *pedal = field;

	if (strncmp(text, "preset:", 7) == 0) {
		if (!omtd_config_label_ok(text + 7, sizeof(pedal->preset))) {
			snprintf(err, errlen,
				 "'%s': the preset name after 'preset:' must be letters, digits, - or _",
				 text);
			return -EINVAL;
		}
		pedal->function = OMT_PEDAL_PRESET;
		snprintf(pedal->preset, sizeof(pedal->preset), "%s", text + 7);
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(plain); i++) {
		if (strcmp(text, omtd_pedal_function_name(plain[i])) == 0) {
			pedal->function = plain[i];
			pedal->preset[0] = '\0';
			return 0;
		}
	}
	snprintf(err, errlen,
		 "'%s' is not one of none, height-up, height-down, tilt-up, tilt-down, enable, arm-drops, preset:NAME",
		 text);
	return -EINVAL;
}

static int parse_condition(const struct omtd_config_key *k, const char *text,
			   void *field, char *err, size_t errlen)
{
	return omtd_condition_parse(text, field, err, errlen) ? -EINVAL : 0;
}

/* ---- the words of enumerated keys ---- */

static const char *const transport_word[] = { "tcp", "rtu" };
static const int transport_value[] = { LINK_TRANSPORT_TCP, LINK_TRANSPORT_RTU };
static const char *const parity_word[] = { "N", "E", "O" };
static const char *const rs485_word[] = { "auto", "kernel", "off" };
static const int rs485_value[] = {
	LINK_RS485_AUTO, LINK_RS485_KERNEL, LINK_RS485_OFF,
};
static const char *const source_word[] = { "modbus", "gpio" };
static const int source_value[] = { OMTD_IO_MODBUS, OMTD_IO_GPIO };
static const char *const modbus_read_word[] = {
	"discrete-inputs", "holding-register",
};
static const int modbus_read_value[] = {
	LINK_IO_DISCRETE_INPUTS, LINK_IO_HOLDING_REGISTER,
};
static const char *const pinch_axis_word[] = { "height", "tilt" };
static const int pinch_axis_value[] = { OMT_AXIS_HEIGHT, OMT_AXIS_TILT };

#define WORD_LIST(name) \
	(&(const struct omtd_config_words){ ARRAY_SIZE(name##_word), name##_word, name##_value })

static const struct omtd_config_words parity_words = {
	ARRAY_SIZE(parity_word), parity_word, NULL,
};

/* ---- the table ---- */

#define LINK(field) .section = OMTD_SECTION_LINK, .offset = offsetof(struct link_line_settings, field)
#define CONTROL(field) .section = OMTD_SECTION_CONTROL, .offset = offsetof(struct omtd_control_config, field)
#define DRIVE(field) .section = OMTD_SECTION_DRIVE, .offset = offsetof(struct omtd_drive_config, field)
#define IO(field) .section = OMTD_SECTION_IO, .offset = offsetof(struct omtd_io_config, field)
#define AXIS(field) .section = OMTD_SECTION_AXIS, .offset = offsetof(struct omtd_axis_config, field)
#define PINCH(field) .section = OMTD_SECTION_PINCH, .offset = offsetof(struct omtd_pinch_zone, field)
#define RULE(field) .section = OMTD_SECTION_RULE, .offset = offsetof(struct omt_combo_rule, field)
#define SIZE(type, field) .size = sizeof(((type *)0)->field)
#define ALL(v) .def = { v }
/* A number the code defines, as the text of a default. */
#define TEXT_OF(number) TEXT_OF_(number)
#define TEXT_OF_(number) #number
#define EACH(h, t, d) .def = { h, t, d }
#define ANY -1

const struct omtd_config_key omtd_config_keys[] = {
	/* [link] (RTU timing defaults: omtd_config_transport_defaults()) */
	{ LINK(transport), .key = "transport", .parse = parse_enum, ALL("tcp"), .words = WORD_LIST(transport), .only_index = ANY },
	{ LINK(host), .key = "host", .parse = parse_string, ALL("127.0.0.1"), SIZE(struct link_line_settings, host), .only_index = ANY },
	{ LINK(port), .key = "port", .parse = parse_uint, SIZE(struct link_line_settings, port), .min = 1, .max = 65535, ALL("1502"), .only_index = ANY },
	{ LINK(device), .key = "device", .parse = parse_path, ALL("/dev/omt-rs485"), SIZE(struct link_line_settings, device), .only_index = ANY },
	{ LINK(baud), .key = "baud", .parse = parse_baud, .min = 1, .max = UINT32_MAX, ALL("115200"), .only_index = ANY },
	{ LINK(parity), .key = "parity", .parse = parse_enum, ALL("E"), .words = &parity_words, .only_index = ANY },
	{ LINK(data_bits), .key = "data_bits", .parse = parse_uint, SIZE(struct link_line_settings, data_bits), .min = 7, .max = 8, ALL("8"), .only_index = ANY },
	{ LINK(stop_bits), .key = "stop_bits", .parse = parse_uint, SIZE(struct link_line_settings, stop_bits), .min = 1, .max = 2, ALL("1"), .only_index = ANY },
	{ LINK(rs485), .key = "rs485", .parse = parse_enum, ALL("auto"), .words = WORD_LIST(rs485), .only_index = ANY },
	{ LINK(rts_delay_before_ms), .key = "rts_delay_before_ms", .parse = parse_uint, .min = 0, .max = 100, ALL("0"), .only_index = ANY },
	{ LINK(rts_delay_after_ms), .key = "rts_delay_after_ms", .parse = parse_uint, .min = 0, .max = 100, ALL("0"), .only_index = ANY },
	{ LINK(response_timeout_ms), .key = "response_timeout_ms", .parse = parse_uint, .min = 1, .max = 1000, ALL("5"), .only_index = ANY },
	{ LINK(byte_timeout_ms), .key = "byte_timeout_ms", .parse = parse_uint, .min = 0, .max = 1000, ALL("2"), .only_index = ANY },
	{ LINK(reconnect_interval_ms), .key = "reconnect_interval_ms", .parse = parse_uint, .min = 100, .max = 60000, ALL("1000"), .only_index = ANY },

	/* [control] */
	{ CONTROL(period_ms), .key = "period_ms", .parse = parse_uint, .min = 2, .max = OMTD_PERIOD_MS_MAX, ALL("10"), .only_index = ANY },
	{ CONTROL(rt_priority), .key = "rt_priority", .parse = parse_i32, .min = 0, .max = 99, ALL("80"), .only_index = ANY },
	{ CONTROL(comms_lost_ms), .key = "comms_lost_ms", .parse = parse_uint, .min = 10, .max = 10000, ALL("60"), .only_index = ANY },
	{ CONTROL(idle_lock_s), .key = "idle_lock_s", .parse = parse_uint, .min = 0, .max = 86400, ALL("120"), .only_index = ANY },
	{ CONTROL(hold_timeout_ms), .key = "hold_timeout_ms", .parse = parse_uint, .min = 50, .max = 5000, ALL("300"), .only_index = ANY },
	{ CONTROL(drive_watchdog_ms), .key = "drive_watchdog_ms", .parse = parse_uint, .min = 0, .max = 65535, ALL("100"), .only_index = ANY },
	{ CONTROL(interlock_device), .key = "interlock_device", .parse = parse_path, ALL("/dev/omt_table"), SIZE(struct omtd_control_config, interlock_device), .only_index = ANY },
	{ CONTROL(state_dir), .key = "state_dir", .parse = parse_path, ALL("/var/lib/omt"), SIZE(struct omtd_control_config, state_dir), .only_index = ANY },

	/* [drive.AXIS] (slave: each axis its own, OMT_DEFAULT_SLAVE of common/omt_io_map.h) */
	{ DRIVE(present), .key = "present", .parse = parse_bool, ALL("yes"), .only_index = ANY },
	{ DRIVE(slave), .key = "slave", .parse = parse_uint, SIZE(struct omtd_drive_config, slave), .min = 1, .max = 247, .only_index = ANY },
	{ DRIVE(profile), .key = "profile", .parse = parse_string, ALL(OMT_PROFILE_BUILTIN_NAME), SIZE(struct omtd_drive_config, profile), .only_index = ANY },

	/* [io] (function.PEDAL: the core's pedal wiring, pedals.c) */
	{ IO(source), .key = "source", .parse = parse_enum, ALL("modbus"), .words = WORD_LIST(source), .only_index = ANY },
	{ IO(slave), .key = "slave", .parse = parse_uint, SIZE(struct omtd_io_config, slave), .min = 1, .max = 247, ALL(TEXT_OF(OMT_SLAVE_IO)), .only_index = ANY },
	{ IO(modbus_read), .key = "modbus_read", .parse = parse_enum, ALL("discrete-inputs"), .words = WORD_LIST(modbus_read), .only_index = ANY },
	{ IO(gpio_chip), .key = "gpio_chip", .parse = parse_string, ALL("gpio-sim"), SIZE(struct omtd_io_config, gpio_chip), .only_index = ANY },
	{ IO(gpio_active_low), .key = "gpio_active_low", .parse = parse_bool, ALL("no"), .only_index = ANY },
	{ IO(two_channel_enable), .key = "two_channel_enable", .parse = parse_bool, ALL("yes"), .only_index = ANY },
	{ IO(pedal_mismatch_ms), .key = "pedal_mismatch_ms", .parse = parse_uint, .min = 10, .max = 5000, ALL("200"), .only_index = ANY },
	{ IO(unlock_gesture_ms), .key = "unlock_gesture_ms", .parse = parse_uint, .min = 100, .max = 5000, ALL("1000"), .only_index = ANY },
	{ IO(input), .key = "line.", .parse = parse_gpio_line, .min = 0, .max = 511, ALL("none"), .only_index = ANY,
	  .count = OMT_IN_COUNT, .stride = sizeof(struct omtd_io_input) },
	{ IO(pedal), .key = "function.", .parse = parse_pedal_function, .only_index = ANY,
	  .count = OMT_PEDAL_INPUTS, .stride = sizeof(struct omtd_pedal) },

	/* [axis.height], [axis.tilt], [axis.drops]: mm, degrees, mm */
	{ AXIS(min), .key = "min", .parse = parse_double, .min = -1e5, .max = 1e5, EACH("460", "-8", "0"), .only_index = ANY },
	{ AXIS(max), .key = "max", .parse = parse_double, .min = -1e5, .max = 1e5, EACH("940", "23", "15"), .only_index = ANY },
	{ AXIS(max_speed), .key = "max_speed", .parse = parse_positive, .min = 0, .max = 1000, EACH("30", "3", "10"), .only_index = ANY },
	{ AXIS(max_accel), .key = "max_accel", .parse = parse_positive, .min = 0, .max = 10000, EACH("50", "6", "40"), .only_index = ANY },
	{ AXIS(stop_decel), .key = "stop_decel", .parse = parse_positive, .min = 0, .max = 10000, EACH("100", "12", "40"), .only_index = ANY },
	{ AXIS(max_jerk), .key = "max_jerk", .parse = parse_double, .min = 0, .max = 1e6, EACH("0", "0", "0"), .only_index = ANY },
	{ .section = OMTD_SECTION_AXIS, .offset = 0, .key = "slow_zone_below", .parse = parse_slow_zone, .min = -1e5, .max = 1e5, EACH("520", "none", "none"), .only_index = ANY },
	{ AXIS(slow_zone_factor), .key = "slow_zone_factor", .parse = parse_positive, .min = 0, .max = 1, EACH("0.4", "1", "1"), .only_index = ANY },
	{ AXIS(following_error_max), .key = "following_error_max", .parse = parse_positive, .min = 0, .max = 1000, EACH("5", "2", "5"), .only_index = ANY },
	{ AXIS(stall_time_ms), .key = "stall_time_ms", .parse = parse_uint, .min = 50, .max = 10000, EACH("500", "500", "500"), .only_index = ANY },
	{ AXIS(stall_min_travel), .key = "stall_min_travel", .parse = parse_positive, .min = 0, .max = 1000, EACH("0.5", "0.2", "0.5"), .only_index = ANY },
	{ AXIS(obstruction_current_ma), .key = "obstruction_current_ma", .parse = parse_uint, .min = 1, .max = 100000, EACH("6000", "3000", "3000"), .only_index = ANY },
	{ AXIS(overcurrent_ma), .key = "overcurrent_ma", .parse = parse_uint, .min = 1, .max = 100000, EACH("7500", "5000", "5000"), .only_index = ANY },
	{ AXIS(uncommanded_travel), .key = "uncommanded_travel", .parse = parse_positive, .min = 0, .max = 1000, EACH("2", "1", "2"), .only_index = ANY },
	{ AXIS(position_jump), .key = "position_jump", .parse = parse_positive, .min = 0, .max = 1000, EACH("20", "5", "20"), .only_index = ANY },
	{ AXIS(duty_on_s), .key = "duty_on_s", .parse = parse_uint, .min = 1, .max = 3600, EACH("25", "25", "60"), .only_index = ANY },
	{ AXIS(duty_window_s), .key = "duty_window_s", .parse = parse_uint, .min = 0, .max = 86400, EACH("400", "400", "400"), .only_index = ANY },
	{ AXIS(drop_cocked_position), .key = "cocked_position", .parse = parse_positive, .min = 0, .max = 1000, EACH(NULL, NULL, "12"), .only_index = OMTD_AXIS_GROUP_DROPS },
	{ AXIS(drop_default_tension), .key = "default_tension", .parse = parse_uint, .min = 1, .max = 10, EACH(NULL, NULL, "5"), .only_index = OMTD_AXIS_GROUP_DROPS },

	/* [pinch.NAME]: every key required */
	{ PINCH(axis), .key = "axis", .parse = parse_enum, .words = WORD_LIST(pinch_axis), .only_index = ANY },
	{ PINCH(from), .key = "from", .parse = parse_double, .min = -1e5, .max = 1e5, .only_index = ANY },
	{ PINCH(to), .key = "to", .parse = parse_double, .min = -1e5, .max = 1e5, .only_index = ANY },
	{ PINCH(speed_factor), .key = "speed_factor", .parse = parse_positive, .min = 0, .max = 1, .only_index = ANY },

	/* [rule.NAME]: both keys required */
	{ RULE(when), .key = "when", .parse = parse_condition, .only_index = ANY },
	{ RULE(forbid), .key = "forbid", .parse = parse_condition, .only_index = ANY },
};

const unsigned int omtd_config_n_keys = ARRAY_SIZE(omtd_config_keys);

const char *omtd_section_name(enum omtd_section s)
{
	static const char *const names[OMTD_SECTION_COUNT] = {
		[OMTD_SECTION_LINK] = "link",
		[OMTD_SECTION_CONTROL] = "control",
		[OMTD_SECTION_DRIVE] = "drive",
		[OMTD_SECTION_IO] = "io",
		[OMTD_SECTION_AXIS] = "axis",
		[OMTD_SECTION_PINCH] = "pinch",
		[OMTD_SECTION_RULE] = "rule",
	};

	return (unsigned int)s < OMTD_SECTION_COUNT ? names[s] : "?";
}

const struct omtd_config_key *omtd_config_key_find(enum omtd_section section,
						   unsigned int index,
						   const char *key,
						   unsigned int *item)
{
	*item = 0;
	for (unsigned int i = 0; i < omtd_config_n_keys; i++) {
		const struct omtd_config_key *k = &omtd_config_keys[i];
		size_t len = strlen(k->key);

		if (k->section != section ||
		    (k->only_index >= 0 && (unsigned int)k->only_index != index))
			continue;
		if (k->count == 0) {
			if (strcmp(k->key, key) == 0)
				return k;
			continue;
		}
		if (strncmp(k->key, key, len) == 0) {
			enum omt_io_input in = omt_io_input_from_name(key + len);

			if ((unsigned int)in >= k->count)
				return NULL;
			*item = (unsigned int)in;
			return k;
		}
	}
	return NULL;
}

void *omtd_config_section_base(struct omtd_config *c, enum omtd_section s,
			       unsigned int index)
{
	switch (s) {
	case OMTD_SECTION_LINK:
		return &c->link;
	case OMTD_SECTION_CONTROL:
		return &c->control;
	case OMTD_SECTION_DRIVE:
		return index < OMT_AXIS_COUNT ? &c->drive[index] : NULL;
	case OMTD_SECTION_IO:
		return &c->io;
	case OMTD_SECTION_AXIS:
		return index < OMTD_AXIS_GROUP_COUNT ? &c->axis[index] : NULL;
	case OMTD_SECTION_PINCH:
		return index < OMTD_MAX_PINCH_ZONES ? &c->pinch[index] : NULL;
	case OMTD_SECTION_RULE:
		return index < OMT_MAX_RULES ? &c->rules.rule[index] : NULL;
	default:
		return NULL;
	}
}

void *omtd_config_key_field(const struct omtd_config_key *key, void *base,
			    unsigned int item)
{
	return (char *)base + key->offset + (size_t)item * key->stride;
}

const char *omtd_config_key_default(const struct omtd_config_key *key,
				    unsigned int index)
{
	if ((key->def[1] || key->def[2]) && index < OMTD_AXIS_GROUP_COUNT)
		return key->def[index];
	return key->def[0];
}
