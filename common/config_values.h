/* SPDX-License-Identifier: MIT */
/*
 * Strict parsers for the values of omtd.conf.  Each accepts the whole
 * string or nothing: "12abc", "", " 5", "1e999" and "nan" are errors, not
 * 12, 0, 5, inf or NaN.  On error they return -EINVAL, leave *out alone
 * and write a short message about the value (e.g. "'fast' is not a
 * number") to err.
 */
#ifndef OMTD_CONFIG_VALUES_H
#define OMTD_CONFIG_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal, or hexadecimal with 0x; within [min, max]. */
int config_parse_uint(const char *text, uint64_t min, uint64_t max,
		      uint64_t *out, char *err, size_t errlen);
/* Decimal with optional sign; within [min, max]. */
int config_parse_int(const char *text, int64_t min, int64_t max,
		     int64_t *out, char *err, size_t errlen);
/* A finite decimal number within [min, max]. */
int config_parse_double(const char *text, double min, double max,
			double *out, char *err, size_t errlen);
/* yes/no, true/false, on/off, 1/0. */
int config_parse_bool(const char *text, bool *out, char *err, size_t errlen);
/* One of words[0..n-1] (exact, lower case); *out is its index. */
int config_parse_word(const char *text, const char *const *words,
		      unsigned int n, unsigned int *out, char *err,
		      size_t errlen);
/* A string that fits size bytes with its NUL, non-empty, no blanks. */
int config_parse_string(const char *text, char *out, size_t size, char *err,
			size_t errlen);

#endif /* OMTD_CONFIG_VALUES_H */
