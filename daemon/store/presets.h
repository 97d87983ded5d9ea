/* SPDX-License-Identifier: MIT */
/*
 * Presets: named table positions (height, tilt) the clinician recalls.
 *
 * This file is the pure part: names, limits, and the on-disk text format.
 * presets_store.h writes and reads the file atomically.
 *
 * The file ("presets" in the state directory) is line-oriented text:
 *
 *	omt-presets 1
 *	preset NAME HEIGHT_MM TILT_DEG
 *	...
 *	end COUNT
 *
 * The "end" line makes a truncated file detectable: atomic replacement
 * should make truncation impossible, but a damaged disk or a hand edit is
 * refused as a whole rather than half-trusted.
 */
#ifndef OMT_PRESETS_H
#define OMT_PRESETS_H

#include <stdbool.h>
#include <stddef.h>

#define OMT_PRESET_NAME_MAX 32
#define OMT_PRESETS_MAX 64
/* Upper bound of a serialized set, for callers' buffers. */
#define OMT_PRESETS_FILE_MAX (32 + OMT_PRESETS_MAX * 96)

struct omt_preset {
	char name[OMT_PRESET_NAME_MAX + 1];
	double height;          /* mm */
	double tilt;            /* degrees */
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

/* 1..32 characters of [A-Za-z0-9_-]. */
bool omt_preset_name_valid(const char *name);

enum omt_preset_verdict omt_preset_check(const struct omt_preset *preset,
					 const struct omt_preset_limits *limits);

/* NULL when absent. */
const struct omt_preset *omt_preset_find(const struct omt_preset_set *set,
					 const char *name);

/*
 * Add or replace by name.  Returns 0, or -ENOSPC when the set is full, or
 * -EINVAL for a bad name or a non-finite value.  set is unchanged on error.
 */
int omt_preset_put(struct omt_preset_set *set, const struct omt_preset *preset);

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
