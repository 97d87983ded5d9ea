/* SPDX-License-Identifier: MIT */
/* Just enough JSON output for omtctl --json. */
#ifndef OMTCTL_JSON_H
#define OMTCTL_JSON_H

#include <stdio.h>

/* s as a JSON string literal, quotes included, control characters escaped. */
void omtctl_json_string(FILE *out, const char *s);
/* The same, or null for "" (a value that is not known). */
void omtctl_json_string_or_null(FILE *out, const char *s);

/* A finite number as JSON; NaN and infinities (never valid JSON) as null. */
void omtctl_json_number(FILE *out, double value);

/*
 * A height and tilt (a table's, a preset's) as the members that follow an
 * object's first: ,"height":H,"tilt":T.
 */
void omtctl_json_position(FILE *out, double height, double tilt);

#endif /* OMTCTL_JSON_H */
