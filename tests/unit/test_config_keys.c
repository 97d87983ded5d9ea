// SPDX-License-Identifier: MIT
/*
 * The key table of omtd.conf (daemon/config/config_keys.c) against what
 * the project tells people: etc/omtd.conf and docs/configuration.md list
 * exactly the table's keys, with the table's defaults.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config_keys.h"

static char top[256];         /* the project's top directory */

static void find_top(void)
{
	const char *unit = strstr(__FILE__, "tests/unit/test_config_keys.c");

	snprintf(top, sizeof(top), "%.*s", unit ? (int)(unit - __FILE__) : 0,
		 __FILE__);
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

/* Without backticks, and only what stands before " (" (e.g. "5 (TCP)"). */
static void plain(char *s)
{
	char *w = s, *paren;

	for (char *r = s; *r; r++)
		if (*r != '`')
			*w++ = *r;
	*w = '\0';
	paren = strstr(s, " (");
	if (paren)
		*paren = '\0';
	trim(s);
}

/* The section of a header name: "drive.tilt" is DRIVE, index 1. */
static bool section_of(const char *name, enum omtd_section *s,
		       unsigned int *index)
{
	static const char *const groups[] = { "height", "tilt", "drops" };

	*index = 0;
	for (unsigned int i = 0; i < OMTD_SECTION_COUNT; i++) {
		if (strcmp(name, omtd_section_name(i)) == 0) {
			*s = i;
			return true;
		}
	}
	if (strncmp(name, "drive.", 6) == 0) {
		*s = OMTD_SECTION_DRIVE;
		*index = omt_axis_from_name(name + 6);
		return *index < OMT_AXIS_COUNT;
	}
	if (strncmp(name, "axis.", 5) == 0) {
		*s = OMTD_SECTION_AXIS;
		for (*index = 0; *index < 3; (*index)++)
			if (strcmp(name + 5, groups[*index]) == 0)
				return true;
	}
	return false;
}

static unsigned int row_of(const struct omtd_config_key *k)
{
	return (unsigned int)(k - omtd_config_keys);
}

/* What a key's default is in the file's words, for section index. */
static const char *expected_default(const struct omtd_config_key *k,
				    unsigned int index, unsigned int item,
				    char *buf, size_t size)
{
	struct omtd_config c;

	if (omtd_config_key_default(k, index))
		return omtd_config_key_default(k, index);
	/* The defaults kept elsewhere: a drive's slave, the pedal wiring. */
	omtd_config_defaults(&c);
	if (k->section == OMTD_SECTION_DRIVE && strcmp(k->key, "slave") == 0) {
		snprintf(buf, size, "%u", c.drive[index].slave);
		return buf;
	}
	if (k->section == OMTD_SECTION_IO && strcmp(k->key, "function.") == 0)
		return omtd_pedal_function_name(c.io.pedal[item].function);
	return NULL;
}

START_TEST(every_default_is_read_by_its_own_parser)
{
	for (unsigned int i = 0; i < omtd_config_n_keys; i++) {
		const struct omtd_config_key *k = &omtd_config_keys[i];

		for (unsigned int index = 0; index < OMTD_AXIS_GROUP_COUNT; index++) {
			const char *def = omtd_config_key_default(k, index);
			struct omtd_config c;
			char err[OMTD_ERR_MAX] = "";
			void *base;

			if (!def)
				continue;
			memset(&c, 0, sizeof(c));
			base = omtd_config_section_base(&c, k->section, index);
			ck_assert_msg(k->parse(k, def, omtd_config_key_field(k, base, 0),
					       err, sizeof(err)) == 0,
				      "[%s] %s: default '%s': %s",
				      omtd_section_name(k->section), k->key, def, err);
		}
	}
}
END_TEST

/* The rows a section index has (family members counted one by one). */
static bool row_applies(const struct omtd_config_key *k, enum omtd_section s,
			unsigned int index)
{
	return k->section == s &&
	       (k->only_index < 0 || (unsigned int)k->only_index == index);
}

START_TEST(shipped_file_lists_exactly_the_table_keys_at_their_defaults)
{
	char path[512], line[512], name[64] = "", buf[32];
	/* [row][section index][family item] */
	static bool seen[128][OMT_AXIS_COUNT][OMT_IN_COUNT];
	enum omtd_section s = OMTD_SECTION_COUNT;
	unsigned int index = 0, n = 0;
	FILE *f;

	ck_assert_uint_le(omtd_config_n_keys, 128);
	memset(seen, 0, sizeof(seen));
	snprintf(path, sizeof(path), "%setc/omtd.conf", top);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s", path);
	while (fgets(line, sizeof(line), f)) {
		char *eq, *key = line, *value;
		const struct omtd_config_key *k;
		const char *def;
		unsigned int item;

		n++;
		trim(line);
		if (line[0] == '#' || line[0] == ';' || line[0] == '\0')
			continue;
		if (line[0] == '[') {
			snprintf(name, sizeof(name), "%.*s",
				 (int)strcspn(line + 1, "]"), line + 1);
			if (!section_of(name, &s, &index))
				s = OMTD_SECTION_COUNT;   /* [profile.*] */
			continue;
		}
		eq = strchr(line, '=');
		ck_assert_msg(eq != NULL, "etc/omtd.conf:%u: not key = value", n);
		*eq = '\0';
		value = eq + 1;
		trim(key);
		trim(value);
		if (s == OMTD_SECTION_COUNT)
			continue;
		k = omtd_config_key_find(s, index, key, &item);
		ck_assert_msg(k != NULL, "etc/omtd.conf:%u: [%s] %s is not in the key table",
			      n, name, key);
		seen[row_of(k)][index][item] = true;
		def = expected_default(k, index, item, buf, sizeof(buf));
		ck_assert_msg(def && strcmp(value, def) == 0,
			      "etc/omtd.conf:%u: [%s] %s = %s, the table's default is %s",
			      n, name, key, value, def ? def : "(none)");
	}
	fclose(f);

	/* Every key of every section that has defaults is listed. */
	for (unsigned int i = 0; i < omtd_config_n_keys; i++) {
		const struct omtd_config_key *k = &omtd_config_keys[i];
		unsigned int sections = k->section == OMTD_SECTION_DRIVE ? OMT_AXIS_COUNT :
					k->section == OMTD_SECTION_AXIS ? OMTD_AXIS_GROUP_COUNT : 1;

		/* Pinch zones and rules have no defaults; GPIO lines are
		 * unwired unless given (line.INPUT = none is the default). */
		if (k->section == OMTD_SECTION_PINCH || k->section == OMTD_SECTION_RULE ||
		    strcmp(k->key, "line.") == 0)
			continue;
		for (unsigned int x = 0; x < sections; x++) {
			if (!row_applies(k, k->section, x))
				continue;
			for (unsigned int item = 0; item < (k->count ? k->count : 1); item++)
				ck_assert_msg(seen[i][x][item],
					      "etc/omtd.conf does not list [%s] %s%s (index %u)",
					      omtd_section_name(k->section), k->key,
					      k->count ? omt_io_input_name(item) : "", x);
		}
	}
}
END_TEST

/*
 * docs/configuration.md: each section's table (first column the key,
 * then the default, or one default per [axis.*] column).
 */
START_TEST(documentation_lists_exactly_the_table_keys_and_defaults)
{
	static const struct {
		const char *heading;    /* how the section's heading starts */
		enum omtd_section section;
		unsigned int defaults;  /* default columns: 1, or 3 for axes */
	} sections[] = {
		{ "## `[link]`", OMTD_SECTION_LINK, 1 },
		{ "## `[control]`", OMTD_SECTION_CONTROL, 1 },
		{ "## `[drive.AXIS]`", OMTD_SECTION_DRIVE, 1 },
		{ "## `[io]`", OMTD_SECTION_IO, 1 },
		{ "## `[axis.height]`", OMTD_SECTION_AXIS, 3 },
		{ "## `[pinch.NAME]`", OMTD_SECTION_PINCH, 0 },
		{ "## `[rule.NAME]`", OMTD_SECTION_RULE, 0 },
	};
	char path[512], line[1024];
	bool documented[128] = { false };
	FILE *f;

	snprintf(path, sizeof(path), "%sdocs/configuration.md", top);
	for (unsigned int si = 0; si < sizeof(sections) / sizeof(sections[0]); si++) {
		bool in = false;

		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "%s", path);
		while (fgets(line, sizeof(line), f)) {
			char *cell[8], *p = line;
			unsigned int n = 0;
			const struct omtd_config_key *k;

			if (strncmp(line, "## ", 3) == 0) {
				in = strncmp(line, sections[si].heading,
					     strlen(sections[si].heading)) == 0;
				continue;
			}
			if (!in || line[0] != '|')
				continue;
			/* | `key` | default | ... | */
			p++;
			while (n < 8 && *p) {
				char *bar = strchr(p, '|');

				if (!bar)
					break;
				*bar = '\0';
				cell[n++] = p;
				p = bar + 1;
			}
			if (n < 2)
				continue;
			for (unsigned int c = 0; c < n; c++)
				plain(cell[c]);
			if (strcmp(cell[0], "key") == 0 || cell[0][0] == '-')
				continue;
			/* Families are written line.INPUT, function.PEDAL. */
			if (strchr(cell[0], '.') && strchr(cell[0], '.')[1] >= 'A' &&
			    strchr(cell[0], '.')[1] <= 'Z')
				strchr(cell[0], '.')[1] = '\0';
			k = NULL;
			for (unsigned int i = 0; i < omtd_config_n_keys && !k; i++)
				if (omtd_config_keys[i].section == sections[si].section &&
				    strcmp(omtd_config_keys[i].key, cell[0]) == 0)
					k = &omtd_config_keys[i];
			ck_assert_msg(k != NULL, "docs/configuration.md: [%s] %s is not in the key table",
				      omtd_section_name(sections[si].section), cell[0]);
			documented[row_of(k)] = true;
			for (unsigned int d = 0; d < sections[si].defaults && 1 + d < n; d++) {
				const char *def = omtd_config_key_default(k, d);

				if (!def)
					def = "";
				/* Defaults kept elsewhere are described in words. */
				if (!omtd_config_key_default(k, 0) && !k->def[1] && !k->def[2])
					continue;
				ck_assert_msg(strcmp(cell[1 + d], def) == 0,
					      "docs/configuration.md: [%s] %s: default '%s', the table's is '%s'",
					      omtd_section_name(k->section), k->key,
					      cell[1 + d], def);
			}
		}
		fclose(f);
	}
	for (unsigned int i = 0; i < omtd_config_n_keys; i++)
		ck_assert_msg(documented[i] || omtd_config_keys[i].section == OMTD_SECTION_RULE,
			      "docs/configuration.md does not document [%s] %s",
			      omtd_section_name(omtd_config_keys[i].section),
			      omtd_config_keys[i].key);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("config_keys", "config_keys", &tc);

	find_top();
	tcase_add_test(tc, every_default_is_read_by_its_own_parser);
	tcase_add_test(tc, shipped_file_lists_exactly_the_table_keys_at_their_defaults);
	tcase_add_test(tc, documentation_lists_exactly_the_table_keys_and_defaults);
	return omt_check_run(s);
}
