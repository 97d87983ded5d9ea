/* SPDX-License-Identifier: MIT */
/*
 * The keys of omtd.conf as data: one row per key, naming its section, the
 * parser that reads it, its range, its default and the field it fills.
 * The loader looks keys up here, omtd_config_defaults() applies the
 * defaults from here, and a unit test checks that docs/configuration.md
 * and etc/omtd.conf list exactly these keys and defaults.
 */
#ifndef OMTD_CONFIG_KEYS_H
#define OMTD_CONFIG_KEYS_H

#include <stddef.h>

#include "config.h"

/* Sections whose keys the table holds.  [profile.NAME]: regmap.h's keys. */
enum omtd_section {
	OMTD_SECTION_LINK = 0,
	OMTD_SECTION_CONTROL,
	OMTD_SECTION_DRIVE,          /* [drive.AXIS], one per axis */
	OMTD_SECTION_IO,
	OMTD_SECTION_AXIS,           /* [axis.height], [axis.tilt], [axis.drops] */
	OMTD_SECTION_PINCH,          /* [pinch.NAME] */
	OMTD_SECTION_RULE,           /* [rule.NAME] */
	OMTD_SECTION_COUNT,
};

struct omtd_config_key;

/*
 * Read text into field (the row's field in the section's struct).  Returns
 * 0, or -EINVAL / -ERANGE with a message about the value in err; field is
 * then unchanged.
 */
typedef int omtd_config_parser(const struct omtd_config_key *key,
			       const char *text, void *field, char *err,
			       size_t errlen);

/* The words of an enumerated key and the value each stands for. */
struct omtd_config_words {
	unsigned int n;
	const char *const *word;
	const int *value;
};

struct omtd_config_key {
	enum omtd_section section;
	/*
	 * The key.  One ending in '.' names a family (line.INPUT,
	 * function.PEDAL): the rest of the key is an input's name, below
	 * count, and the field is the offset plus its index times stride.
	 */
	const char *key;
	omtd_config_parser *parse;
	double min, max;                     /* numbers: the range */
	/*
	 * The default as the file would say it: [0] for every section, or
	 * per section index ([axis.height], [axis.tilt], [axis.drops]) when
	 * [1] is set.  NULL: none here (a required key, or one whose default
	 * comes from elsewhere: see omtd_config_defaults()).
	 */
	const char *def[OMTD_AXIS_GROUP_COUNT];
	size_t offset;                       /* in the section's struct */
	size_t size;                         /* strings, unsigned numbers: the field's size */
	const struct omtd_config_words *words;
	int only_index;                      /* -1, or the one section index */
	unsigned int count;                  /* families */
	size_t stride;
};

extern const struct omtd_config_key omtd_config_keys[];
extern const unsigned int omtd_config_n_keys;

/* "link", "control", "drive", "io", "axis", "pinch", "rule". */
const char *omtd_section_name(enum omtd_section s);

/*
 * The row for key in a section (at index, for [drive.*] and [axis.*]);
 * *item gets a family member's index (else 0).  NULL when unknown.
 */
const struct omtd_config_key *omtd_config_key_find(enum omtd_section section,
						   unsigned int index,
						   const char *key,
						   unsigned int *item);

/* The struct a section's keys fill, in c. */
void *omtd_config_section_base(struct omtd_config *c, enum omtd_section s,
			       unsigned int index);

/* The field of a row (item: a family member) in its section's struct. */
void *omtd_config_key_field(const struct omtd_config_key *key, void *base,
			    unsigned int item);

/* A section label or preset name: letters, digits, - and _, shorter than max. */
bool omtd_config_label_ok(const char *label, size_t max);

/* The row's default for section index, or NULL. */
const char *omtd_config_key_default(const struct omtd_config_key *key,
				    unsigned int index);

#endif /* OMTD_CONFIG_KEYS_H */
