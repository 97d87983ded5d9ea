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
#include "config_keys.h"

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

		if (!omtd_config_label_ok(label, OMTD_NAME_MAX)) {
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

		if (!omtd_config_label_ok(label, OMTD_NAME_MAX)) {
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
		if (!omtd_config_label_ok(label, OMT_PROFILE_NAME_MAX)) {
			fail_at(ld, ld->line, where,
				"profile name must be letters, digits, - or _");
			return;
		}
		if (regmap_builtin_name(label)) {
			fail_at(ld, ld->line, where,
				"%s is built in and cannot be redefined; give your profile another name",
				label);
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

#define UNKNOWN_KEY 1

static int set_profile(struct loader *ld, const char *k, const char *v,
		       char *err, size_t errlen)
{
	if (!regmap_key_known(k))
		return UNKNOWN_KEY;
	return regmap_set_key(&ld->config.profiles[ld->index], k, v, err,
			       errlen);
}

/* A key of the table (config_keys.c) in the current section. */
static int set_key(struct loader *ld, const char *key, const char *value,
		   char *err, size_t errlen)
{
	static const enum omtd_section sections[] = {
		[SEC_LINK] = OMTD_SECTION_LINK,
		[SEC_DRIVE] = OMTD_SECTION_DRIVE,
		[SEC_IO] = OMTD_SECTION_IO,
		[SEC_CONTROL] = OMTD_SECTION_CONTROL,
		[SEC_AXIS] = OMTD_SECTION_AXIS,
		[SEC_PINCH] = OMTD_SECTION_PINCH,
		[SEC_RULE] = OMTD_SECTION_RULE,
	};
	enum omtd_section section = sections[ld->kind];
	const struct omtd_config_key *k;
	unsigned int item;
	void *base;

	/* Retired: a count of cycles meant another time at every period. */
	if (section == OMTD_SECTION_CONTROL &&
	    strcmp(key, "comms_failure_limit") == 0) {
		snprintf(err, errlen,
			 "replaced by comms_lost_ms, a time: a unit whose exchanges all fail for that long is lost");
		return -1;
	}
	k = omtd_config_key_find(section, ld->index, key, &item);
	base = omtd_config_section_base(&ld->config, section, ld->index);
	if (!k || !base)
		return UNKNOWN_KEY;
	return k->parse(k, value, omtd_config_key_field(k, base, item), err,
			errlen) ? -1 : 0;
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
	if (ld->kind == SEC_PROFILE)
		rc = set_profile(ld, key, value, message, sizeof(message));
	else
		rc = set_key(ld, key, value, message, sizeof(message));
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

/* The key as the file gave it, or NULL when the file did not. */
static const struct seen_key *seen(const struct loader *ld,
				   const char *section, const char *key)
{
	for (unsigned int i = 0; i < ld->n_keys; i++) {
		if (strcmp(ld->keys[i].section, section) == 0 &&
		    strcmp(ld->keys[i].key, key) == 0)
			return &ld->keys[i];
	}
	return NULL;
}

/* Line of a key, or of its section, for a cross-field message. */
static int line_of(const struct loader *ld, const char *section,
		   const char *key)
{
	const struct seen_key *k = seen(ld, section, key);

	if (k)
		return k->line;
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

	if (c->link.transport != LINK_TRANSPORT_RTU)
		return;
	/*
	 * A function-23 exchange at 115200 baud is about 36 characters, some
	 * 3 ms on the wire, plus the drive's turnaround.
	 */
	if (!seen(ld, "control", "period_ms"))
		c->control.period_ms = 20;
	if (!seen(ld, "link", "response_timeout_ms"))
		c->link.response_timeout_ms = 15;
	if (!seen(ld, "link", "byte_timeout_ms"))
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
			ld->config.io.input[i].active_low =
				ld->config.io.gpio_active_low;
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
		return -EINVAL;
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
		return -ENOMEM;
	}
	ld->file = fopen(path, "re");
	if (!ld->file) {
		int e = errno;

		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
		free(ld);
		return -e;
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
		return -ENOMEM;
	}
	ld->text = text;
	rc = ini_parse_stream(read_line, ld, handle_key, ld);
	rc = finish(ld, rc, out, err, errlen);
	free(ld);
	return rc;
}
