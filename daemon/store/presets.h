/* SPDX-License-Identifier: MIT */
/*
 * Presets: named table positions (height, tilt) the clinician recalls.
 *
 * This file is the pure part: names, limits, and the on-disk text format.
 * presets_store.h writes and reads the file atomically.
 *
 * The file ("presets" in the state directory) is line-oriented text:
 *
 *	omt-presets 2
 *	preset NAME HEIGHT_MM TILT_DEG [OWNER]
 *	...
 *	end COUNT
 *
 * Version 1 files (no OWNER) are read as before; the daemon writes
 * version 2.  Names and owners are UTF-8 words (see omt_preset_name_valid),
 * so a space always separates fields.
 *
 * The "end" line makes a truncated file detectable: atomic replacement
 * should make truncation impossible, but a damaged disk or a hand edit is
 * refused as a whole rather than half-trusted.
 */
#ifndef OMT_PRESETS_H
#define OMT_PRESETS_H

#include <stdbool.h>
#include <stddef.h>

#include "omt_names.h"

/* A name (or owner) is at most 32 characters, each 1 to 4 UTF-8 bytes. */
#define OMT_PRESET_NAME_MAX OMT_NAME_MAX_CHARS
#define OMT_PRESET_NAME_BYTES OMT_NAME_MAX_BYTES
#define OMT_PRESETS_MAX 64
/* One line: "preset " NAME, two %.17g numbers, OWNER, spaces, newline. */
#define OMT_PRESET_LINE_MAX (16 + 2 * OMT_PRESET_NAME_BYTES + 2 * 26)
/* Upper bound of a serialized set, for callers' buffers. */
#define OMT_PRESETS_FILE_MAX (32 + OMT_PRESETS_MAX * OMT_PRESET_LINE_MAX)

struct omt_preset {
	char name[OMT_PRESET_NAME_BYTES + 1];
	double height;          /* mm */
	double tilt;            /* degrees */
	/* The practitioner it belongs to; "" for the whole practice. */
	char owner[OMT_PRESET_NAME_BYTES + 1];
};

struct omt_preset_set {
	unsigned int count;
	struct omt_preset item[OMT_PRESETS_MAX];
};

/* Travel a preset must lie within (the configured soft limits). */
struct omt_preset_limits {
	double height_min, height_max;
	double tilt_min, tilt_max;
};

enum omt_preset_verdict {
	OMT_PRESET_OK = 0,
	OMT_PRESET_BAD_NAME,
	OMT_PRESET_NOT_FINITE,
	OMT_PRESET_OUT_OF_RANGE,
};

/* omt_name_valid (common/omt_names.h); owners follow the same rule. */
bool omt_preset_name_valid(const char *name);

/* Whether two names are the same preset: omt_names_equal. */
bool omt_preset_names_equal(const char *a, const char *b);

enum omt_preset_verdict omt_preset_check(const struct omt_preset *preset,
					 const struct omt_preset_limits *limits);

/*
 * The preset of that name: the exact spelling first, else the first one
 * equal by omt_preset_names_equal (a version 1 file may hold "Prone" and
 * "prone" from before names were compared so).  NULL when absent.
 */
const struct omt_preset *omt_preset_find(const struct omt_preset_set *set,
					 const char *name);

/*
 * Add, or replace the preset of the same name (omt_preset_names_equal),
 * which keeps its place and takes the new spelling.  Returns 0, or
 * -ENOSPC when the set is full, or -EINVAL for a bad name or owner or a
 * non-finite value.  set is unchanged on error.
 */
int omt_preset_put(struct omt_preset_set *set, const struct omt_preset *preset);

/* As omt_preset_put, but -EEXIST when the name is taken. */
int omt_preset_add(struct omt_preset_set *set, const struct omt_preset *preset);

/*
 * Rename a preset, keeping its place, values and owner.  Returns 0,
 * -ENOENT (no preset named from), -EINVAL (to is not a valid name) or
 * -EEXIST (another preset is named to; a change of case alone is fine).
 */
int omt_preset_rename(struct omt_preset_set *set, const char *from,
		      const char *to);

/* Returns 0, or -ENOENT. */
int omt_preset_remove(struct omt_preset_set *set, const char *name);

/*
 * Parse a whole file.  Returns 0, or -EBADMSG with a one-line reason in
 * error (at most error_size bytes).  out is untouched on error.  Values are
 * not checked against limits here: the limits may change between saving
 * and recalling, so recall checks them again.
 */
int omt_presets_parse(const char *text, size_t length,
		      struct omt_preset_set *out, char *error,
		      size_t error_size);

/* Returns the text length written (NUL-terminated), or -ENOSPC. */
int omt_presets_serialize(const struct omt_preset_set *set, char *buffer,
			  size_t size);

#endif /* OMT_PRESETS_H */
