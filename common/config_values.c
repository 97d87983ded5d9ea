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
#include "omt_fail.h"

static bool starts_cleanly(const char *text)
{
	/* strtoX skip leading blanks and accept signs we may not want. */
	return text[0] != '\0' && !isspace((unsigned char)text[0]);
}

static int not_whole(const char *text, char *err, size_t errlen)
{
	return omt_fail(-EINVAL, err, errlen, "'%s' is not a whole number", text);
}

/* A whole number or a bound of its range, as the caller's type. */
union whole {
	uint64_t u;
	int64_t s;
};

/*
 * The one parser of whole numbers.  Unsigned: decimal, or hexadecimal
 * after "0x", no sign.  Signed: decimal with an optional '-'.  Never a
 * '+' nor blanks.  Within [min, max], read as the same type.
 */
static int parse_whole(const char *text, bool is_signed, union whole min,
		       union whole max, union whole *out, char *err,
		       size_t errlen)
{
	bool negative = is_signed && text[0] == '-';
	const char *digits = text + negative;
	unsigned long long magnitude;
	union whole value;
	char range[48], *end;
	bool in_range;
	int base = 10;

	if (!is_signed && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
		base = 16;
		digits += 2;
	}
	/* strtoull would skip blanks and take a sign of its own. */
	if (!(base == 16 ? isxdigit((unsigned char)digits[0]) :
			   isdigit((unsigned char)digits[0])))
		return not_whole(text, err, errlen);
	errno = 0;
	magnitude = strtoull(digits, &end, base);
	if (*end != '\0')
		return not_whole(text, err, errlen);
	if (is_signed) {
		/* INT64_MIN's magnitude is one more than INT64_MAX's. */
		in_range = magnitude <= (uint64_t)INT64_MAX + negative;
		value.s = !in_range ? 0 : negative ? -(int64_t)(magnitude - 1) - 1 :
						     (int64_t)magnitude;
		in_range = in_range && value.s >= min.s && value.s <= max.s;
		snprintf(range, sizeof(range), "%" PRId64 "..%" PRId64, min.s,
			 max.s);
	} else {
		value.u = magnitude;
		in_range = value.u >= min.u && value.u <= max.u;
		snprintf(range, sizeof(range), "%" PRIu64 "..%" PRIu64, min.u,
			 max.u);
	}
	if (errno == ERANGE || !in_range)
		return omt_fail(-EINVAL, err, errlen, "'%s' is out of range %s",
				text, range);
	*out = value;
	return 0;
}

int config_parse_uint(const char *text, uint64_t min, uint64_t max,
		      uint64_t *out, char *err, size_t errlen)
{
	union whole value;
	int r = parse_whole(text, false, (union whole){ .u = min },
			    (union whole){ .u = max }, &value, err, errlen);

	if (r == 0)
		*out = value.u;
	return r;
}

int config_parse_int(const char *text, int64_t min, int64_t max,
		     int64_t *out, char *err, size_t errlen)
{
	union whole value;
	int r = parse_whole(text, true, (union whole){ .s = min },
			    (union whole){ .s = max }, &value, err, errlen);

	if (r == 0)
		*out = value.s;
	return r;
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
		return -EINVAL;
	}
	*out = value;
	return 0;

not_a_number:
	snprintf(err, errlen, "'%s' is not a number", text);
	return -EINVAL;
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
	return -EINVAL;
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
	return -EINVAL;
}

int config_parse_string(const char *text, char *out, size_t size, char *err,
			size_t errlen)
{
	size_t len = strlen(text);

	if (len == 0) {
		snprintf(err, errlen, "empty value");
		return -EINVAL;
	}
	if (len >= size) {
		snprintf(err, errlen, "longer than %zu characters", size - 1);
		return -EINVAL;
	}
	for (const char *c = text; *c; c++) {
		if (isspace((unsigned char)*c) || iscntrl((unsigned char)*c)) {
			snprintf(err, errlen, "'%s' contains blanks", text);
			return -EINVAL;
		}
	}
	memcpy(out, text, len + 1);
	return 0;
}
