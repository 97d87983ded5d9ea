// SPDX-License-Identifier: MIT
/*
 * Lists of invariant names: what the fuzz harness and the long explorer
 * run leave out while the core is known to break them (the list lives in
 * fuzz/core_step.ignore, one name a line, each with a pending scenario).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "explore_internal.h"

int explore_invariants_from_list(const char *list, uint32_t *mask,
				 char *bad, size_t bad_len)
{
	const char *p = list;

	*mask = 0;
	while (*p) {
		char name[64];
		size_t n = 0;
		enum explore_invariant inv;

		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (isspace((unsigned char)*p) || *p == ',') {
			p++;
			continue;
		}
		while (*p && !isspace((unsigned char)*p) && *p != ',' && *p != '#') {
			if (n < sizeof(name) - 1)
				name[n++] = *p;
			p++;
		}
		name[n] = '\0';
		inv = explore_invariant_from_name(name);
		if (inv == INV_COUNT) {
			snprintf(bad, bad_len, "%s", name);
			return -EINVAL;
		}
		*mask |= EX_BIT(inv);
	}
	return 0;
}

int explore_known_broken(const char *path, uint32_t *mask, char *bad,
			 size_t bad_len)
{
	char text[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	*mask = 0;
	if (!f)
		return 0;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return explore_invariants_from_list(text, mask, bad, bad_len);
}
