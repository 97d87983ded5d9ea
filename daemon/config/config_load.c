// SPDX-License-Identifier: MIT
/*
 * Reading omtd.conf with inih.
 *
 * inih as Debian builds it does not pass line numbers to the handler, so
 * the loader feeds inih through its own line reader, which counts lines,
 * notices section headers (so that empty and unknown sections are caught
 * too, and each section's line is known), and refuses over-long lines
 * rather than letting them be split.  The whole file is parsed into a
 * private copy; the caller's struct is written only when every key and
 * the cross-field checks have passed.
 */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_values.h"

#define MAX_SECTIONS 64
#define MAX_KEYS 512
#define SECTION_MAX 64
#define KEY_MAX 48

enum section_kind {
	SEC_LINK,
	SEC_DRIVE,
	SEC_IO,
	SEC_CONTROL,
	SEC_AXIS,
	SEC_PINCH,
	SEC_RULE,
	SEC_PROFILE,
};

struct seen_section {
	char name[SECTION_MAX];
	int line;
};

struct seen_key {
	char section[SECTION_MAX];
	char key[KEY_MAX];
	int line;
};

struct loader {
	const char *name;               /* file name for messages */
	FILE *file;                     /* or ... */
	const char *text;               /* ... text in memory */
	int line;
	struct omtd_config config;

	enum section_kind kind;
	unsigned int index;             /* axis, group, pinch, rule, profile */
	char section[SECTION_MAX];

	unsigned int n_sections;
	struct seen_section sections[MAX_SECTIONS];
	unsigned int n_keys;
	struct seen_key keys[MAX_KEYS];

	bool transport_rtu_defaults;    /* set RTU timing the file left out */
	bool response_timeout_set, byte_timeout_set, period_set;
	bool gpio_active_low;

	bool failed;
	char err[OMTD_ERR_MAX];
};

__attribute__((format(printf, 4, 5)))
static void fail_at(struct loader *ld, int line, const char *where,
		    const char *fmt, ...)
{
	char message[OMTD_ERR_MAX];
	va_list ap;

	if (ld->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	/* A message too long for the buffer is cut short, never lost. */
	int used = line > 0 ?
		snprintf(ld->err, sizeof(ld->err), "%s:%d: %s%s%s", ld->name,
			 line, where, *where ? ": " : "", message) :
		snprintf(ld->err, sizeof(ld->err), "%s: %s%s%s", ld->name,
			 where, *where ? ": " : "", message);
	ld->failed = used > 0;
}

static bool label_ok(const char *label, size_t max)
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

/* A [section] header line: check the name and make room for its data. */
static void begin_section(struct loader *ld, const char *name)
{
	struct omtd_config *c = &ld->config;
	char where[INI_MAX_LINE + 4];
	const char *dot = strchr(name, '.');
	const char *label = dot ? dot + 1 : "";

	snprintf(where, sizeof(where), "[%s]", name);
	if (strlen(name) >= SECTION_MAX) {
		fail_at(ld, ld->line, where, "section name too long");
		return;
	}
	for (unsigned int i = 0; i < ld->n_sections; i++) {
		if (strcmp(ld->sections[i].name, name) == 0) {
			fail_at(ld, ld->line, where,
				"section appears twice (first at line %d)",
				ld->sections[i].line);
			return;
		}
	}
	if (ld->n_sections == MAX_SECTIONS) {
		fail_at(ld, ld->line, where, "more than %d sections",
			MAX_SECTIONS);
		return;
	}
	memcpy(ld->section, name, strlen(name) + 1);   /* length checked above */

	if (strcmp(name, "link") == 0) {
		ld->kind = SEC_LINK;
	} else if (strcmp(name, "io") == 0) {
		ld->kind = SEC_IO;
	} else if (strcmp(name, "control") == 0) {
		ld->kind = SEC_CONTROL;
	} else if (strncmp(name, "drive.", 6) == 0 &&
		   omt_axis_from_name(label) != OMT_AXIS_COUNT) {
		ld->kind = SEC_DRIVE;
		ld->index = omt_axis_from_name(label);
	} else if (strcmp(name, "axis.height") == 0) {
		ld->kind = SEC_AXIS;
		ld->index = OMTD_AXIS_GROUP_HEIGHT;
	} else if (strcmp(name, "axis.tilt") == 0) {
		ld->kind = SEC_AXIS;
		ld->index = OMTD_AXIS_GROUP_TILT;
	} else if (strcmp(name, "axis.drops") == 0) {
		ld->kind = SEC_AXIS;
		ld->index = OMTD_AXIS_GROUP_DROPS;
	} else if (strncmp(name, "pinch.", 6) == 0) {
		struct omtd_pinch_zone *z;

		if (!label_ok(label, OMTD_NAME_MAX)) {
			fail_at(ld, ld->line, where,
				"zone name must be letters, digits, - or _");
			return;
		}
		if (c->n_pinch == OMTD_MAX_PINCH_ZONES) {
			fail_at(ld, ld->line, where, "more than %d pinch zones",
				OMTD_MAX_PINCH_ZONES);
			return;
		}
		ld->kind = SEC_PINCH;
		ld->index = c->n_pinch++;
		z = &c->pinch[ld->index];
		snprintf(z->name, sizeof(z->name), "%s", label);
		z->axis = OMT_AXIS_COUNT;
		z->from = z->to = z->speed_factor = NAN;
	} else if (strncmp(name, "rule.", 5) == 0) {
		struct omt_combo_rule *r;

		if (!label_ok(label, OMTD_NAME_MAX)) {
			fail_at(ld, ld->line, where,
				"rule name must be letters, digits, - or _");
			return;
		}
		if (c->rules.n_rules == OMT_MAX_RULES) {
			fail_at(ld, ld->line, where, "more than %d rules",
				OMT_MAX_RULES);
			return;
		}
		ld->kind = SEC_RULE;
		ld->index = c->rules.n_rules++;
		r = &c->rules.rule[ld->index];
		r->when.axis = OMT_AXIS_COUNT;
		r->forbid.axis = OMT_AXIS_COUNT;
		snprintf(c->rule_name[ld->index], OMTD_NAME_MAX, "%s", label);
	} else if (strncmp(name, "profile.", 8) == 0) {
		if (!label_ok(label, OMT_PROFILE_NAME_MAX)) {
			fail_at(ld, ld->line, where,
				"profile name must be letters, digits, - or _");
			return;
		}
		if (strcmp(label, OMT_PROFILE_BUILTIN_NAME) == 0) {
			fail_at(ld, ld->line, where,
				"%s is built in and cannot be redefined; give your profile another name",
				OMT_PROFILE_BUILTIN_NAME);
			return;
		}
		if (c->n_profiles == OMTD_MAX_PROFILES) {
			fail_at(ld, ld->line, where, "more than %d profiles",
				OMTD_MAX_PROFILES - 1);
			return;
		}
		ld->kind = SEC_PROFILE;
		ld->index = c->n_profiles++;
		regmap_init_unset(&c->profiles[ld->index], label);
	} else {
		fail_at(ld, ld->line, where,
			"unknown section (see docs/configuration.md)");
		return;
	}
	memcpy(ld->sections[ld->n_sections].name, name, strlen(name) + 1);
	ld->sections[ld->n_sections].line = ld->line;
	ld->n_sections++;
}

/* inih's line source: counts lines and spots section headers. */
static char *read_line(char *str, int num, void *stream)
{
	struct loader *ld = stream;
	bool more, nul = false;
	size_t len = 0;
	int c;

	if (ld->failed)
		return NULL;  /* stop at the first error */
	if (ld->file) {
		/* As fgets, but a NUL inside the line is seen, not a stop. */
		while (len < (size_t)num - 1 && (c = getc(ld->file)) != EOF) {
			nul |= c == '\0';
			str[len++] = (char)c;
			if (c == '\n')
				break;
		}
		if (len == 0)
			return NULL;
		str[len] = '\0';
		int next = getc(ld->file);

		more = next != EOF;
		if (more)
			ungetc(next, ld->file);
	} else {
		if (*ld->text == '\0')
			return NULL;
		const char *nl = strchr(ld->text, '\n');
		size_t avail = nl ? (size_t)(nl - ld->text) + 1 : strlen(ld->text);

		len = avail < (size_t)num - 1 ? avail : (size_t)num - 1;
		memcpy(str, ld->text, len);
		str[len] = '\0';
		ld->text += len;
		more = *ld->text != '\0';
	}
	ld->line++;
	if (nul) {
		fail_at(ld, ld->line, "",
			"NUL byte in the line (a binary or damaged file?)");
		return NULL;
	}
	/* inih would skip it and take what follows for the first line. */
	if (ld->line == 1 && strncmp(str, "\xef\xbb\xbf", 3) == 0) {
		fail_at(ld, ld->line, "",
			"the file starts with a UTF-8 byte-order mark: save it without one");
		return NULL;
	}
	len = strlen(str);
	if (len > 0 && str[len - 1] != '\n' && more) {
		fail_at(ld, ld->line, "", "line longer than %d characters",
			num - 2);
		return NULL;
	}
	/*
	 * inih reads an indented line as the continuation of the previous
	 * value; in a safety config an indented key is just a key.
	 */
	size_t blanks = 0;

	while (str[blanks] == ' ' || str[blanks] == '\t')
		blanks++;
	memmove(str, str + blanks, len - blanks + 1);
	const char *s = str;

	if (*s == '[') {
		const char *end = strchr(s, ']');

		if (end) {
			char name[INI_MAX_LINE];

			snprintf(name, sizeof(name), "%.*s", (int)(end - s - 1),
				 s + 1);
			begin_section(ld, name);
			if (ld->failed)
				return NULL;
		}
	}
	return str;
}

/* --- per-key helpers: each returns 0 or -1 with a message in err --- */

#define ERR_ARGS char *err, size_t errlen

static int get_u32(const char *v, uint32_t min, uint32_t max, uint32_t *out,
		   ERR_ARGS)
{
	uint64_t x;

	if (config_parse_uint(v, min, max, &x, err, errlen))
		return -1;
	*out = (uint32_t)x;
	return 0;
}

static int get_u8(const char *v, uint8_t min, uint8_t max, uint8_t *out,
		  ERR_ARGS)
{
	uint64_t x;

	if (config_parse_uint(v, min, max, &x, err, errlen))
		return -1;
	*out = (uint8_t)x;
	return 0;
}

static int get_positive(const char *v, double max, double *out, ERR_ARGS)
{
	double x;

	if (config_parse_double(v, 0.0, max, &x, err, errlen))
		return -1;
	if (x <= 0.0) {
		snprintf(err, errlen, "'%s' must be greater than 0", v);
		return -1;
	}
	*out = x;
	return 0;
}

static int get_path(const char *v, char *out, size_t size, ERR_ARGS)
{
	if (v[0] != '/') {
		snprintf(err, errlen, "'%s' is not an absolute path", v);
		return -1;
	}
	return config_parse_string(v, out, size, err, errlen);
}

static int get_word(const char *v, const char *const *words, unsigned int n,
		    unsigned int *out, ERR_ARGS)
{
	return config_parse_word(v, words, n, out, err, errlen);
}

#define UNKNOWN_KEY 1   /* returned by the section setters */

static int set_link(struct loader *ld, const char *k, const char *v, ERR_ARGS)
{
	struct omtd_link_config *l = &ld->config.link;
	unsigned int w;

	if (strcmp(k, "transport") == 0) {
		static const char *const t[] = { "tcp", "rtu" };

		if (get_word(v, t, 2, &w, err, errlen))
			return -1;
		l->transport = w ? OMTD_TRANSPORT_RTU : OMTD_TRANSPORT_TCP;
		return 0;
	}
	if (strcmp(k, "host") == 0)
		return config_parse_string(v, l->host, sizeof(l->host), err,
					   errlen);
	if (strcmp(k, "port") == 0) {
		uint32_t port;

		if (get_u32(v, 1, 65535, &port, err, errlen))
			return -1;
		l->port = (uint16_t)port;
		return 0;
	}
	if (strcmp(k, "device") == 0)
		return get_path(v, l->device, sizeof(l->device), err, errlen);
	if (strcmp(k, "baud") == 0) {
		static const uint32_t rates[] = {
			1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200,
			230400, 460800, 921600,
		};
		uint32_t baud;

		if (get_u32(v, 1, UINT32_MAX, &baud, err, errlen))
			return -1;
		for (w = 0; w < sizeof(rates) / sizeof(rates[0]); w++) {
			if (rates[w] == baud) {
				l->baud = baud;
				return 0;
			}
		}
		snprintf(err, errlen,
			 "%u is not a standard rate (1200 .. 921600)", baud);
		return -1;
	}
	if (strcmp(k, "parity") == 0) {
		static const char *const p[] = { "N", "E", "O" };

		if (get_word(v, p, 3, &w, err, errlen))
			return -1;
		l->parity = p[w][0];
		return 0;
	}
	if (strcmp(k, "data_bits") == 0)
		return get_u8(v, 7, 8, &l->data_bits, err, errlen);
	if (strcmp(k, "stop_bits") == 0)
		return get_u8(v, 1, 2, &l->stop_bits, err, errlen);
	if (strcmp(k, "rs485") == 0) {
		static const char *const m[] = { "auto", "kernel", "off" };
		static const enum omtd_rs485 modes[] = {
			OMTD_RS485_AUTO, OMTD_RS485_KERNEL, OMTD_RS485_OFF,
		};

		if (get_word(v, m, 3, &w, err, errlen))
			return -1;
		l->rs485 = modes[w];
		return 0;
	}
	if (strcmp(k, "rts_delay_before_ms") == 0)
		return get_u32(v, 0, 100, &l->rts_delay_before_ms, err, errlen);
	if (strcmp(k, "rts_delay_after_ms") == 0)
		return get_u32(v, 0, 100, &l->rts_delay_after_ms, err, errlen);
	if (strcmp(k, "response_timeout_ms") == 0) {
		ld->response_timeout_set = true;
		return get_u32(v, 1, 1000, &l->response_timeout_ms, err, errlen);
	}
	if (strcmp(k, "byte_timeout_ms") == 0) {
		ld->byte_timeout_set = true;
		return get_u32(v, 0, 1000, &l->byte_timeout_ms, err, errlen);
	}
	if (strcmp(k, "reconnect_interval_ms") == 0)
		return get_u32(v, 100, 60000, &l->reconnect_interval_ms, err,
			       errlen);
	return UNKNOWN_KEY;
}

static int set_drive(struct loader *ld, const char *k, const char *v,
		     ERR_ARGS)
{
	struct omtd_drive_config *d = &ld->config.drive[ld->index];

	if (strcmp(k, "present") == 0)
		return config_parse_bool(v, &d->present, err, errlen);
	if (strcmp(k, "slave") == 0)
		return get_u8(v, 1, 247, &d->slave, err, errlen);
	if (strcmp(k, "profile") == 0)
		return config_parse_string(v, d->profile, sizeof(d->profile),
					   err, errlen);
	return UNKNOWN_KEY;
}

static int input_by_name(const char *name, unsigned int limit)
{
	enum omt_io_input in = omt_io_input_from_name(name);

	return (unsigned int)in < limit ? (int)in : -1;
}

static int set_pedal_function(struct omtd_pedal *pedal, const char *v,
			      ERR_ARGS)
{
	static const enum omt_pedal_function plain[] = {
		OMT_PEDAL_NONE, OMT_PEDAL_HEIGHT_UP, OMT_PEDAL_HEIGHT_DOWN,
		OMT_PEDAL_TILT_UP, OMT_PEDAL_TILT_DOWN, OMT_PEDAL_ENABLE,
		OMT_PEDAL_ARM_DROPS,
	};

	if (strncmp(v, "preset:", 7) == 0) {
		if (!label_ok(v + 7, sizeof(pedal->preset))) {
			snprintf(err, errlen,
				 "'%s': the preset name after 'preset:' must be letters, digits, - or _",
				 v);
			return -1;
		}
		pedal->function = OMT_PEDAL_PRESET;
		snprintf(pedal->preset, sizeof(pedal->preset), "%s", v + 7);
		return 0;
	}
	for (unsigned int i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (strcmp(v, omtd_pedal_function_name(plain[i])) == 0) {
			pedal->function = plain[i];
			pedal->preset[0] = '\0';
			return 0;
		}
	}
	snprintf(err, errlen,
		 "'%s' is not one of none, height-up, height-down, tilt-up, tilt-down, enable, arm-drops, preset:NAME",
		 v);
	return -1;
}

static int set_io(struct loader *ld, const char *k, const char *v, ERR_ARGS)
{
	struct omtd_io_config *io = &ld->config.io;
	unsigned int w;

	if (strcmp(k, "source") == 0) {
		static const char *const s[] = { "modbus", "gpio" };

		if (get_word(v, s, 2, &w, err, errlen))
			return -1;
		io->source = w ? OMTD_IO_GPIO : OMTD_IO_MODBUS;
		return 0;
	}
	if (strcmp(k, "slave") == 0)
		return get_u8(v, 1, 247, &io->slave, err, errlen);
	if (strcmp(k, "modbus_read") == 0) {
		static const char *const r[] = {
			"discrete-inputs", "holding-register",
		};

		if (get_word(v, r, 2, &w, err, errlen))
			return -1;
		io->modbus_read = w ? OMTD_IO_HOLDING_REGISTER :
				      OMTD_IO_DISCRETE_INPUTS;
		return 0;
	}
	if (strcmp(k, "gpio_chip") == 0)
		return config_parse_string(v, io->gpio_chip,
					   sizeof(io->gpio_chip), err, errlen);
	if (strcmp(k, "gpio_active_low") == 0)
		return config_parse_bool(v, &ld->gpio_active_low, err, errlen);
	if (strcmp(k, "two_channel_enable") == 0)
		return config_parse_bool(v, &io->two_channel_enable, err,
					 errlen);
	if (strcmp(k, "pedal_mismatch_ms") == 0)
		return get_u32(v, 10, 5000, &io->pedal_mismatch_ms, err, errlen);
	if (strcmp(k, "unlock_gesture_ms") == 0)
		return get_u32(v, 100, 5000, &io->unlock_gesture_ms, err,
			       errlen);
	if (strncmp(k, "line.", 5) == 0) {
		int in = input_by_name(k + 5, OMT_IN_COUNT);
		struct omtd_io_input *input;

		if (in < 0)
			return UNKNOWN_KEY;
		input = &io->input[in];
		if (strcmp(v, "none") == 0) {
			input->line_offset = -2;
			return 0;
		}
		if (isdigit((unsigned char)v[0])) {
			uint32_t offset;

			if (get_u32(v, 0, 511, &offset, err, errlen))
				return -1;
			input->line_offset = (int32_t)offset;
			return 0;
		}
		if (config_parse_string(v, input->line_name,
					sizeof(input->line_name), err, errlen))
			return -1;
		input->line_offset = -1;
		return 0;
	}
	if (strncmp(k, "function.", 9) == 0) {
		int in = input_by_name(k + 9, OMT_PEDAL_INPUTS);

		if (in < 0)
			return UNKNOWN_KEY;
		return set_pedal_function(&io->pedal[in], v, err, errlen);
	}
	return UNKNOWN_KEY;
}

static int set_control(struct loader *ld, const char *k, const char *v,
		       ERR_ARGS)
{
	struct omtd_control_config *c = &ld->config.control;

	if (strcmp(k, "period_ms") == 0) {
		ld->period_set = true;
		return get_u32(v, 2, 100, &c->period_ms, err, errlen);
	}
	if (strcmp(k, "rt_priority") == 0) {
		int64_t prio;

		if (config_parse_int(v, 0, 99, &prio, err, errlen))
			return -1;
		c->rt_priority = (int32_t)prio;
		return 0;
	}
	if (strcmp(k, "comms_failure_limit") == 0)
		return get_u32(v, 1, 100, &c->comms_failure_limit, err, errlen);
	if (strcmp(k, "idle_lock_s") == 0)
		return get_u32(v, 0, 86400, &c->idle_lock_s, err, errlen);
	if (strcmp(k, "hold_timeout_ms") == 0)
		return get_u32(v, 50, 5000, &c->hold_timeout_ms, err, errlen);
	if (strcmp(k, "drive_watchdog_ms") == 0)
		return get_u32(v, 0, 65535, &c->drive_watchdog_ms, err, errlen);
	if (strcmp(k, "interlock_device") == 0)
		return get_path(v, c->interlock_device,
				sizeof(c->interlock_device), err, errlen);
	if (strcmp(k, "state_dir") == 0)
		return get_path(v, c->state_dir, sizeof(c->state_dir), err,
				errlen);
	return UNKNOWN_KEY;
}

static int set_axis(struct loader *ld, const char *k, const char *v,
		    ERR_ARGS)
{
	struct omtd_axis_config *a = &ld->config.axis[ld->index];
	bool drops = ld->index == OMTD_AXIS_GROUP_DROPS;

	if (strcmp(k, "min") == 0)
		return config_parse_double(v, -1e5, 1e5, &a->min, err, errlen);
	if (strcmp(k, "max") == 0)
		return config_parse_double(v, -1e5, 1e5, &a->max, err, errlen);
	if (strcmp(k, "max_speed") == 0)
		return get_positive(v, 1000.0, &a->max_speed, err, errlen);
	if (strcmp(k, "max_accel") == 0)
		return get_positive(v, 10000.0, &a->max_accel, err, errlen);
	if (strcmp(k, "stop_decel") == 0)
		return get_positive(v, 10000.0, &a->stop_decel, err, errlen);
	if (strcmp(k, "max_jerk") == 0)
		return config_parse_double(v, 0.0, 1e6, &a->max_jerk, err,
					   errlen);
	if (strcmp(k, "slow_zone_below") == 0) {
		if (strcmp(v, "none") == 0) {
			a->slow_zone = false;
			return 0;
		}
		if (config_parse_double(v, -1e5, 1e5, &a->slow_zone_below, err,
					errlen))
			return -1;
		a->slow_zone = true;
		return 0;
	}
	if (strcmp(k, "slow_zone_factor") == 0) {
		if (get_positive(v, 1.0, &a->slow_zone_factor, err, errlen))
			return -1;
		return 0;
	}
	if (strcmp(k, "following_error_max") == 0)
		return get_positive(v, 1000.0, &a->following_error_max, err,
				    errlen);
	if (strcmp(k, "stall_time_ms") == 0)
		return get_u32(v, 50, 10000, &a->stall_time_ms, err, errlen);
	if (strcmp(k, "stall_min_travel") == 0)
		return get_positive(v, 1000.0, &a->stall_min_travel, err,
				    errlen);
	if (strcmp(k, "obstruction_current_ma") == 0)
		return get_u32(v, 1, 100000, &a->obstruction_current_ma, err,
			       errlen);
	if (strcmp(k, "overcurrent_ma") == 0)
		return get_u32(v, 1, 100000, &a->overcurrent_ma, err, errlen);
	if (strcmp(k, "uncommanded_travel") == 0)
		return get_positive(v, 1000.0, &a->uncommanded_travel, err,
				    errlen);
	if (strcmp(k, "position_jump") == 0)
		return get_positive(v, 1000.0, &a->position_jump, err, errlen);
	if (strcmp(k, "duty_on_s") == 0)
		return get_u32(v, 1, 3600, &a->duty_on_s, err, errlen);
	if (strcmp(k, "duty_window_s") == 0)
		return get_u32(v, 0, 86400, &a->duty_window_s, err, errlen);
	if (drops && strcmp(k, "cocked_position") == 0)
		return get_positive(v, 1000.0, &a->drop_cocked_position, err,
				    errlen);
	if (drops && strcmp(k, "default_tension") == 0)
		return get_u32(v, 1, 10, &a->drop_default_tension, err, errlen);
	return UNKNOWN_KEY;
}

static int set_pinch(struct loader *ld, const char *k, const char *v,
		     ERR_ARGS)
{
	struct omtd_pinch_zone *z = &ld->config.pinch[ld->index];

	if (strcmp(k, "axis") == 0) {
		static const char *const axes[] = { "height", "tilt" };
		unsigned int w;

		if (get_word(v, axes, 2, &w, err, errlen))
			return -1;
		z->axis = w ? OMT_AXIS_TILT : OMT_AXIS_HEIGHT;
		return 0;
	}
	if (strcmp(k, "from") == 0)
		return config_parse_double(v, -1e5, 1e5, &z->from, err, errlen);
	if (strcmp(k, "to") == 0)
		return config_parse_double(v, -1e5, 1e5, &z->to, err, errlen);
	if (strcmp(k, "speed_factor") == 0)
		return get_positive(v, 1.0, &z->speed_factor, err, errlen);
	return UNKNOWN_KEY;
}

static int set_rule(struct loader *ld, const char *k, const char *v,
		    ERR_ARGS)
{
	struct omt_combo_rule *r = &ld->config.rules.rule[ld->index];

	if (strcmp(k, "when") == 0)
		return omtd_condition_parse(v, &r->when, err, errlen);
	if (strcmp(k, "forbid") == 0)
		return omtd_condition_parse(v, &r->forbid, err, errlen);
	return UNKNOWN_KEY;
}

static int set_profile(struct loader *ld, const char *k, const char *v,
		       ERR_ARGS)
{
	if (!regmap_key_known(k))
		return UNKNOWN_KEY;
	return regmap_set_key(&ld->config.profiles[ld->index], k, v, err,
			       errlen);
}

static int handle_key(void *user, const char *section, const char *key,
		      const char *value)
{
	struct loader *ld = user;
	char where[SECTION_MAX + KEY_MAX + 4];
	char message[OMTD_ERR_MAX];
	int rc;

	if (ld->failed)
		return 1;
	if (section[0] == '\0') {
		fail_at(ld, ld->line, key,
			"key outside any section (put it under [link], [control], ...)");
		return 0;
	}
	snprintf(where, sizeof(where), "[%s] %s", section, key);
	for (unsigned int i = 0; i < ld->n_keys; i++) {
		if (strcmp(ld->keys[i].section, section) == 0 &&
		    strcmp(ld->keys[i].key, key) == 0) {
			fail_at(ld, ld->line, where,
				"set twice (first at line %d)",
				ld->keys[i].line);
			return 0;
		}
	}
	if (ld->n_keys == MAX_KEYS || strlen(key) >= KEY_MAX) {
		fail_at(ld, ld->line, where, "too many or too long keys");
		return 0;
	}
	snprintf(ld->keys[ld->n_keys].section, SECTION_MAX, "%s", section);
	snprintf(ld->keys[ld->n_keys].key, KEY_MAX, "%s", key);
	ld->keys[ld->n_keys].line = ld->line;
	ld->n_keys++;

	message[0] = '\0';
	switch (ld->kind) {
	case SEC_LINK:
		rc = set_link(ld, key, value, message, sizeof(message));
		break;
	case SEC_DRIVE:
		rc = set_drive(ld, key, value, message, sizeof(message));
		break;
	case SEC_IO:
		rc = set_io(ld, key, value, message, sizeof(message));
		break;
	case SEC_CONTROL:
		rc = set_control(ld, key, value, message, sizeof(message));
		break;
	case SEC_AXIS:
		rc = set_axis(ld, key, value, message, sizeof(message));
		break;
	case SEC_PINCH:
		rc = set_pinch(ld, key, value, message, sizeof(message));
		break;
	case SEC_RULE:
		rc = set_rule(ld, key, value, message, sizeof(message));
		break;
	case SEC_PROFILE:
		rc = set_profile(ld, key, value, message, sizeof(message));
		break;
	default:
		rc = UNKNOWN_KEY;
		break;
	}
	if (rc == UNKNOWN_KEY) {
		fail_at(ld, ld->line, where,
			"unknown key (see docs/configuration.md)");
		return 0;
	}
	if (rc) {
		fail_at(ld, ld->line, where, "%s", message);
		return 0;
	}
	return 1;
}

/* Line of a key, or of its section, for a cross-field message. */
static int line_of(const struct loader *ld, const char *section,
		   const char *key)
{
	for (unsigned int i = 0; i < ld->n_keys; i++) {
		if (strcmp(ld->keys[i].section, section) == 0 &&
		    strcmp(ld->keys[i].key, key) == 0)
			return ld->keys[i].line;
	}
	for (unsigned int i = 0; i < ld->n_sections; i++) {
		if (strcmp(ld->sections[i].name, section) == 0)
			return ld->sections[i].line;
	}
	return 0;
}

/* Timing defaults that depend on the transport the file chose. */
static void apply_transport_defaults(struct loader *ld)
{
	struct omtd_config *c = &ld->config;

	if (c->link.transport != OMTD_TRANSPORT_RTU)
		return;
	/*
	 * A function-23 exchange at 115200 baud is about 36 characters, some
	 * 3 ms on the wire, plus the drive's turnaround.
	 */
	if (!ld->period_set)
		c->control.period_ms = 20;
	if (!ld->response_timeout_set)
		c->link.response_timeout_ms = 15;
	if (!ld->byte_timeout_set)
		c->link.byte_timeout_ms = 3;
}

static int finish(struct loader *ld, int ini_rc, struct omtd_config *out,
		  char *err, size_t errlen)
{
	struct omtd_config_issue issue;

	if (!ld->failed && ini_rc > 0)
		fail_at(ld, ini_rc, "",
			"syntax error: expected [section], key = value, or a comment");
	if (!ld->failed && ini_rc == -2)
		fail_at(ld, 0, "", "out of memory");
	if (!ld->failed) {
		apply_transport_defaults(ld);
		for (unsigned int i = 0; i < OMT_IN_COUNT; i++)
			ld->config.io.input[i].active_low = ld->gpio_active_low;
		if (omtd_config_validate(&ld->config, &issue)) {
			char where[sizeof(issue.section) + sizeof(issue.key) + 4];

			snprintf(where, sizeof(where), "[%s]%s%s",
				 issue.section, issue.key[0] ? " " : "",
				 issue.key);
			fail_at(ld, line_of(ld, issue.section, issue.key),
				where, "%s", issue.message);
		}
	}
	if (ld->failed) {
		snprintf(err, errlen, "%s", ld->err);
		return -1;
	}
	*out = ld->config;
	return 0;
}

static struct loader *loader_new(const char *name)
{
	struct loader *ld = calloc(1, sizeof(*ld));

	if (!ld)
		return NULL;
	ld->name = name;
	omtd_config_defaults(&ld->config);
	return ld;
}

int omtd_config_load(const char *path, struct omtd_config *out, char *err,
		     size_t errlen)
{
	struct loader *ld = loader_new(path);
	int rc;

	if (!ld) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	ld->file = fopen(path, "re");
	if (!ld->file) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		free(ld);
		return -1;
	}
	rc = ini_parse_stream(read_line, ld, handle_key, ld);
	if (ferror(ld->file))
		fail_at(ld, ld->line, "", "read error");
	fclose(ld->file);
	rc = finish(ld, rc, out, err, errlen);
	free(ld);
	return rc;
}

int omtd_config_load_string(const char *text, const char *name,
			    struct omtd_config *out, char *err, size_t errlen)
{
	struct loader *ld = loader_new(name);
	int rc;

	if (!ld) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	ld->text = text;
	rc = ini_parse_stream(read_line, ld, handle_key, ld);
	rc = finish(ld, rc, out, err, errlen);
	free(ld);
	return rc;
}
