// SPDX-License-Identifier: MIT
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "omt_number.h"

bool omt_parse_finite(const char *word, double *value)
{
	char *end;

	if (!*word)
		return false;
	errno = 0;
	*value = strtod(word, &end);
	return *end == '\0' && errno == 0 && isfinite(*value);
}

bool omt_parse_whole(const char *word, int base, unsigned long min,
		     unsigned long max, unsigned long *value)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(word, &end, base);
	if (word[0] < '0' || word[0] > '9' || *end || errno || v < min ||
	    v > max)
		return false;
	*value = v;
	return true;
}
