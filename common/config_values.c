// SPDX-License-Identifier: MIT
/* Strict value parsers for omtd.conf; see config_values.h. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_values.h"

static bool starts_cleanly(const char *text)
{
	/* strtoX skip leading blanks and accept signs we may not want. */
	return text[0] != '\0' && !isspace((unsigned char)text[0]);
}

int config_parse_uint(const char *text, uint64_t min, uint64_t max,
		      uint64_t *out, char *err, size_t errlen)
{
	const char *digits = text;
	int base = 10;
	char *end;

	if (!starts_cleanly(text) || text[0] == '-' || text[0] == '+')
		goto not_a_number;
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		digits = text + 2;
		if (!isxdigit((unsigned char)digits[0]))
			goto not_a_number;
	}
	errno = 0;
	unsigned long long value = strtoull(digits, &end, base);

	if (end == digits || *end != '\0')
		goto not_a_number;
	if (errno == ERANGE || value < min || value > max) {
		snprintf(err, errlen, "'%s' is out of range %" PRIu64 "..%" PRIu64,
			 text, min, max);
		return -1;
	}
	*out = value;
	return 0;

not_a_number:
	snprintf(err, errlen, "'%s' is not a whole number", text);
	return -1;
}

int config_parse_int(const char *text, int64_t min, int64_t max,
		     int64_t *out, char *err, size_t errlen)
{
	char *end;

	if (!starts_cleanly(text) || text[0] == '+')
		goto not_a_number;
	errno = 0;
	long long value = strtoll(text, &end, 10);

	if (end == text || *end != '\0')
		goto not_a_number;
	if (errno == ERANGE || value < min || value > max) {
		snprintf(err, errlen, "'%s' is out of range %" PRId64 "..%" PRId64,
			 text, min, max);
		return -1;
	}
	*out = value;
	return 0;

not_a_number:
	snprintf(err, errlen, "'%s' is not a whole number", text);
	return -1;
}

int config_parse_double(const char *text, double min, double max,
			double *out, char *err, size_t errlen)
{
	char *end;

	/*
	 * strtod also reads "nan", "inf" and hexadecimal floats; only plain
	 * decimal notation is meant for a human-edited safety config.
	 */
	if (!starts_cleanly(text) || text[0] == '+')
		goto not_a_number;
	for (const char *c = text; *c; c++) {
		if (!isdigit((unsigned char)*c) && !strchr("-.eE", *c))
			goto not_a_number;
	}
	errno = 0;
	double value = strtod(text, &end);

	if (end == text || *end != '\0')
		goto not_a_number;
	if (errno == ERANGE || !isfinite(value) || value < min || value > max) {
		snprintf(err, errlen, "'%s' is out of range %g..%g", text, min,
			 max);
		return -1;
	}
	*out = value;
	return 0;

not_a_number:
	snprintf(err, errlen, "'%s' is not a number", text);
	return -1;
}

int config_parse_bool(const char *text, bool *out, char *err, size_t errlen)
{
	static const char *const words[] = {
		"no", "yes", "false", "true", "off", "on", "0", "1",
	};
	unsigned int i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(text, words[i]) == 0) {
			*out = i % 2 == 1;
			return 0;
		}
	}
	snprintf(err, errlen, "'%s' is not yes or no", text);
	return -1;
}

int config_parse_word(const char *text, const char *const *words,
		      unsigned int n, unsigned int *out, char *err,
		      size_t errlen)
{
	size_t used;

	for (unsigned int i = 0; i < n; i++) {
		if (strcmp(text, words[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	used = (size_t)snprintf(err, errlen, "'%s' is not one of", text);
	for (unsigned int i = 0; i < n && used < errlen; i++)
		used += (size_t)snprintf(err + used, errlen - used, "%s%s",
					 i ? ", " : " ", words[i]);
	return -1;
}

int config_parse_string(const char *text, char *out, size_t size, char *err,
			size_t errlen)
{
	size_t len = strlen(text);

	if (len == 0) {
		snprintf(err, errlen, "empty value");
		return -1;
	}
	if (len >= size) {
		snprintf(err, errlen, "longer than %zu characters", size - 1);
		return -1;
	}
	for (const char *c = text; *c; c++) {
		if (isspace((unsigned char)*c) || iscntrl((unsigned char)*c)) {
			snprintf(err, errlen, "'%s' contains blanks", text);
			return -1;
		}
	}
	memcpy(out, text, len + 1);
	return 0;
}
