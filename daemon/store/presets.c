// SPDX-License-Identifier: MIT
/* Preset names, limits and the text format; no I/O here. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omt_fail.h"
#include "omt_names.h"
#include "omt_number.h"
#include "presets.h"

#define FILE_MAGIC_1 "omt-presets 1"
#define FILE_MAGIC "omt-presets 2"

bool omt_preset_name_valid(const char *name)
{
	return omt_name_valid(name);
}

bool omt_preset_names_equal(const char *a, const char *b)
{
	return omt_names_equal(a, b);
}

enum omt_preset_verdict omt_preset_check(const struct omt_preset *preset,
					 const struct omt_preset_limits *limits)
{
	if (!omt_preset_name_valid(preset->name) ||
	    (preset->owner[0] && !omt_preset_name_valid(preset->owner)))
		return OMT_PRESET_BAD_NAME;
	if (!isfinite(preset->height) || !isfinite(preset->tilt))
		return OMT_PRESET_NOT_FINITE;
	if (preset->height < limits->height_min ||
	    preset->height > limits->height_max ||
	    preset->tilt < limits->tilt_min || preset->tilt > limits->tilt_max)
		return OMT_PRESET_OUT_OF_RANGE;
	return OMT_PRESET_OK;
}

const struct omt_preset *omt_preset_find(const struct omt_preset_set *set,
					 const char *name)
{
	for (unsigned int i = 0; i < set->count; i++)
		if (strcmp(set->item[i].name, name) == 0)
			return &set->item[i];
	for (unsigned int i = 0; i < set->count; i++)
		if (omt_preset_names_equal(set->item[i].name, name))
			return &set->item[i];
	return NULL;
}

static bool preset_valid(const struct omt_preset *preset)
{
	return omt_preset_name_valid(preset->name) &&
	       (!preset->owner[0] || omt_preset_name_valid(preset->owner)) &&
	       isfinite(preset->height) && isfinite(preset->tilt);
}

static int store(struct omt_preset_set *set, const struct omt_preset *preset,
		 bool replace)
{
	struct omt_preset *slot;

	if (!preset_valid(preset))
		return -EINVAL;
	slot = (struct omt_preset *)omt_preset_find(set, preset->name);
	if (slot && !replace)
		return -EEXIST;
	if (!slot) {
		if (set->count >= OMT_PRESETS_MAX)
			return -ENOSPC;
		slot = &set->item[set->count++];
	}
	*slot = *preset;
	return 0;
}

int omt_preset_put(struct omt_preset_set *set, const struct omt_preset *preset)
{
	return store(set, preset, true);
}

int omt_preset_add(struct omt_preset_set *set, const struct omt_preset *preset)
{
	return store(set, preset, false);
}

int omt_preset_rename(struct omt_preset_set *set, const char *from,
		      const char *to)
{
	struct omt_preset *preset;
	const struct omt_preset *other;

	preset = (struct omt_preset *)omt_preset_find(set, from);
	if (!preset)
		return -ENOENT;
	if (!omt_preset_name_valid(to))
		return -EINVAL;
	for (unsigned int i = 0; i < set->count; i++) {
		other = &set->item[i];
		if (other != preset && omt_preset_names_equal(other->name, to))
			return -EEXIST;
	}
	snprintf(preset->name, sizeof(preset->name), "%s", to);
	return 0;
}

int omt_preset_remove(struct omt_preset_set *set, const char *name)
{
	const struct omt_preset *found = omt_preset_find(set, name);
	unsigned int index;

	if (!found)
		return -ENOENT;
	index = (unsigned int)(found - set->item);
	memmove(&set->item[index], &set->item[index + 1],
		(set->count - index - 1) * sizeof(set->item[0]));
	set->count--;
	return 0;
}

/* Cursor over the file's lines; every line must end in '\n'. */
struct line_reader {
	const char *next;
	const char *end;
	unsigned int number;
	char line[OMT_PRESET_LINE_MAX];
};

static int read_line(struct line_reader *reader)
{
	const char *newline;
	size_t length;

	if (reader->next >= reader->end)
		return -ENODATA;
	newline = memchr(reader->next, '\n', reader->end - reader->next);
	if (!newline)
		return -EBADMSG;
	length = newline - reader->next;
	if (length >= sizeof(reader->line) ||
	    memchr(reader->next, '\0', length))
		return -EBADMSG;
	memcpy(reader->line, reader->next, length);
	reader->line[length] = '\0';
	reader->next = newline + 1;
	reader->number++;
	return 0;
}

static bool parse_count(const char *word, unsigned int *value)
{
	char *end;
	unsigned long v;

	if (*word < '0' || *word > '9')
		return false;
	errno = 0;
	v = strtoul(word, &end, 10);
	if (*end || errno || v > OMT_PRESETS_MAX)
		return false;
	*value = (unsigned int)v;
	return true;
}

/* Split on single spaces into at most max words; returns the count. */
static unsigned int split_words(char *line, char **words, unsigned int max)
{
	unsigned int n = 0;
	char *save = NULL;

	for (char *w = strtok_r(line, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		if (n == max)
			return max + 1;
		words[n++] = w;
	}
	return n;
}

int omt_presets_parse(const char *text, size_t length,
		      struct omt_preset_set *out, char *error,
		      size_t error_size)
{
	struct line_reader reader = { .next = text, .end = text + length };
	struct omt_preset_set set;
	bool ended = false;
	char *words[6];
	unsigned int n, count, max_words;
	int r;

	set.count = 0;
	if (read_line(&reader) < 0)
		return omt_fail(-EBADMSG, error, error_size,
				   "not a preset file (first line is not \"%s\")",
				   FILE_MAGIC);
	if (strcmp(reader.line, FILE_MAGIC) == 0)
		max_words = 5;          /* an owner may follow */
	else if (strcmp(reader.line, FILE_MAGIC_1) == 0)
		max_words = 4;
	else
		return omt_fail(-EBADMSG, error, error_size,
				   "not a preset file (first line is not \"%s\")",
				   FILE_MAGIC);
	while ((r = read_line(&reader)) == 0) {
		if (ended)
			return omt_fail(-EBADMSG, error, error_size,
					   "line %u: text after the end line",
					   reader.number);
		n = split_words(reader.line, words, max_words);
		if (n >= 4 && n <= max_words && strcmp(words[0], "preset") == 0) {
			struct omt_preset p = { 0 };

			if (!omt_preset_name_valid(words[1]))
				return omt_fail(-EBADMSG, error, error_size,
						   "line %u: invalid preset name",
						   reader.number);
			if (n == 5 && !omt_preset_name_valid(words[4]))
				return omt_fail(-EBADMSG, error, error_size,
						   "line %u: invalid owner name",
						   reader.number);
			strcpy(p.name, words[1]);
			if (n == 5)
				strcpy(p.owner, words[4]);
			if (!omt_parse_finite(words[2], &p.height) ||
			    !omt_parse_finite(words[3], &p.tilt))
				return omt_fail(-EBADMSG, error, error_size,
						   "line %u: invalid number",
						   reader.number);
			/* Exact twins only: see omt_preset_find. */
			if (omt_preset_find(&set, p.name) &&
			    strcmp(omt_preset_find(&set, p.name)->name,
				   p.name) == 0)
				return omt_fail(-EBADMSG, error, error_size,
						   "line %u: preset '%s' twice",
						   reader.number, p.name);
			if (set.count >= OMT_PRESETS_MAX)
				return omt_fail(-EBADMSG, error, error_size,
						   "line %u: more than %d presets",
						   reader.number,
						   OMT_PRESETS_MAX);
			set.item[set.count++] = p;
		} else if (n == 2 && strcmp(words[0], "end") == 0) {
			if (!parse_count(words[1], &count) || count != set.count)
				return omt_fail(-EBADMSG, error, error_size,
						   "line %u: end count does not match",
						   reader.number);
			ended = true;
		} else {
			return omt_fail(-EBADMSG, error, error_size,
					   "line %u: not understood",
					   reader.number);
		}
	}
	if (r != -ENODATA)
		return omt_fail(-EBADMSG, error, error_size,
				   "line %u: unterminated, overlong or binary line",
				   reader.number + 1);
	if (!ended)
		return omt_fail(-EBADMSG, error, error_size,
				   "the file is truncated (no end line)");
	*out = set;
	return 0;
}

int omt_presets_serialize(const struct omt_preset_set *set, char *buffer,
			  size_t size)
{
	size_t used = 0;
	int n;

#define APPEND(...)                                                     \
	do {                                                            \
		n = snprintf(buffer + used, size - used, __VA_ARGS__);  \
		if (n < 0 || (size_t)n >= size - used)                  \
			return -ENOSPC;                                 \
		used += (size_t)n;                                      \
	} while (0)

	if (size == 0)
		return -ENOSPC;
	APPEND("%s\n", FILE_MAGIC);
	for (unsigned int i = 0; i < set->count; i++)
		/* %.17g: a value read back is the value saved, bit for bit. */
		APPEND("preset %s %.17g %.17g%s%s\n", set->item[i].name,
		       set->item[i].height, set->item[i].tilt,
		       set->item[i].owner[0] ? " " : "", set->item[i].owner);
	APPEND("end %u\n", set->count);
#undef APPEND
	return (int)used;
}
