// SPDX-License-Identifier: MIT
/* JSON strings and numbers, escaped as RFC 8259 requires. */
#include <math.h>

#include "json.h"

void omtctl_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void omtctl_json_number(FILE *out, double value)
{
	if (isfinite(value))
		fprintf(out, "%.2f", value);
	else
		fputs("null", out);
}

void omtctl_json_string_or_null(FILE *out, const char *s)
{
	if (s[0])
		omtctl_json_string(out, s);
	else
		fputs("null", out);
}

void omtctl_json_position(FILE *out, double height, double tilt)
{
	fputs(",\"height\":", out);
	omtctl_json_number(out, height);
	fputs(",\"tilt\":", out);
	omtctl_json_number(out, tilt);
}
