// SPDX-License-Identifier: MIT
/* UTF-8 names: validity and comparison without case; pure. */
#include <stdint.h>
#include <string.h>

#include "omt_names.h"

/*
 * Decode one UTF-8 character at s.  Returns its length (1..4) with the
 * code point in *cp, or 0 for a malformed, overlong or surrogate sequence
 * or a code point past U+10FFFF.
 */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t length;
	uint32_t min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		length = 2;
		min = 0x80;
		*cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		length = 3;
		min = 0x800;
		*cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		length = 4;
		min = 0x10000;
		*cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < length; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;       /* also stops at the NUL */
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return length;
}

/* Control characters, spaces of every kind, and the path separators. */
static bool code_point_allowed(uint32_t cp)
{
	if (cp < 0x21 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0))
		return false;
	if (cp == '/' || cp == '\\')
		return false;
	if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || cp == 0x205f ||
	    cp == 0x3000 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
		return false;
	return true;
}

bool omt_name_valid(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t chars = 0, n;
	uint32_t cp;

	if (!name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	while (*p) {
		n = utf8_decode(p, &cp);
		if (n == 0 || !code_point_allowed(cp) ||
		    ++chars > OMT_NAME_MAX_CHARS)
			return false;
		p += n;
	}
	return chars > 0;
}

/* Simple lower-case mapping of the Latin, Greek and Cyrillic capitals. */
static uint32_t fold_case(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 0x20;
	if (cp == 0x178)
		return 0xff;
	/* Latin Extended-A: capital and small letters alternate. */
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177))
		return cp | 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e))
		return (cp & 1) ? cp + 1 : cp;
	if (cp >= 0x391 && cp <= 0x3ab && cp != 0x3a2)
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 0x50;
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	return cp;
}

bool omt_names_equal(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	uint32_t x, y;
	size_t m, n;

	while (*p && *q) {
		m = utf8_decode(p, &x);
		n = utf8_decode(q, &y);
		/* Malformed text compares bytewise: never equal by accident. */
		if (m == 0 || n == 0)
			return strcmp((const char *)p, (const char *)q) == 0;
		if (fold_case(x) != fold_case(y))
			return false;
		p += m;
		q += n;
	}
	return *p == *q;
}

void omt_text_excerpt(const char *text, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t used = 0, n;
	uint32_t cp;

	if (size == 0)
		return;
	while (*p) {
		n = utf8_decode(p, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			cp = '?';       /* shown, not passed on */
			n = n ? n : 1;
			if (used + 1 + 3 >= size)
				break;
			out[used++] = '?';
		} else {
			/* Room for the character and a possible "...". */
			if (used + n + 3 >= size)
				break;
			memcpy(out + used, p, n);
			used += n;
		}
		p += n;
	}
	if (*p && used + 3 < size) {
		memcpy(out + used, "...", 3);
		used += 3;
	}
	out[used] = '\0';
}
