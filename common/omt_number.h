/* SPDX-License-Identifier: MIT */
/*
 * Numbers typed by people (omtctl's arguments) or kept in the project's
 * text files (presets): the whole word or nothing.
 */
#ifndef OMT_NUMBER_H
#define OMT_NUMBER_H

#include <stdbool.h>

/* A finite number filling the whole word ("650", "-2.5"; not "1e3x"). */
bool omt_parse_finite(const char *word, double *value);

/*
 * A whole number in [min, max] filling the word, starting with a digit;
 * base 10, or 0 for C's (0x hexadecimal too).
 */
bool omt_parse_whole(const char *word, int base, unsigned long min,
		     unsigned long max, unsigned long *value);

#endif /* OMT_NUMBER_H */
