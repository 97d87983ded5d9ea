// SPDX-License-Identifier: MIT
/* The writes and reads of one exchange with a drive (drive_exchange.h). */
#include <errno.h>
#include <string.h>

#include "drive_exchange.h"

void drive_writes_clear(struct drive_writes *w)
{
	memset(w, 0, sizeof(*w));
}

int drive_writes_add(struct drive_writes *w, uint16_t addr, uint16_t word)
{
	struct drive_write *last = w->n ? &w->w[w->n - 1] : NULL;

	if (last && last->count < DRIVE_WRITE_WORDS_MAX &&
	    (uint32_t)last->addr + last->count == addr) {
		last->words[last->count++] = word;
		return 0;
	}
	if (w->n == DRIVE_WRITES_MAX)
		return -ENOSPC;
	w->w[w->n].addr = addr;
	w->w[w->n].count = 1;
	w->w[w->n].words[0] = word;
	w->n++;
	return 0;
}

int drive_writes_add32(struct drive_writes *w, uint16_t addr, uint32_t value,
		       bool high_word_first)
{
	uint16_t high = (uint16_t)(value >> 16), low = (uint16_t)value;
	struct drive_writes before = *w;
	int rc;

	rc = drive_writes_add(w, addr, high_word_first ? high : low);
	if (rc == 0)
		rc = drive_writes_add(w, (uint16_t)(addr + 1),
				      high_word_first ? low : high);
	if (rc)
		*w = before;
	return rc;
}

int drive_writes_find(const struct drive_writes *w, uint16_t addr,
		      uint16_t *word)
{
	int rc = -ENOENT;

	for (unsigned int i = 0; i < w->n; i++) {
		const struct drive_write *x = &w->w[i];

		if (addr >= x->addr && addr - x->addr < x->count) {
			*word = x->words[addr - x->addr];
			rc = 0;
		}
	}
	return rc;
}

int drive_reads_plan(struct drive_reads *r, const int32_t *addr,
		     const uint8_t *width, unsigned int n)
{
	unsigned int order[DRIVE_READ_REGS_MAX], m = 0, words = 0;

	memset(r, 0, sizeof(*r));
	if (n > DRIVE_READ_REGS_MAX)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		if (addr[i] < 0)
			continue;
		words += width[i];
		order[m++] = i;
	}
	if (words > DRIVE_READ_WORDS_MAX)
		return -EINVAL;
	for (unsigned int i = 1; i < m; i++)
		for (unsigned int j = i; j > 0 &&
		     addr[order[j]] < addr[order[j - 1]]; j--) {
			unsigned int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (unsigned int k = 0; k < m; k++) {
		unsigned int i = order[k];
		struct regmap_group *last =
			r->n_groups ? &r->group[r->n_groups - 1] : NULL;

		if (last && (int32_t)last->addr + last->count == addr[i]) {
			last->count += width[i];
		} else {
			r->group[r->n_groups].addr = (uint16_t)addr[i];
			r->group[r->n_groups].count = width[i];
			r->group[r->n_groups].offset = (uint16_t)r->words;
			r->n_groups++;
		}
		r->word_of[i] = (uint16_t)r->words;
		r->words += width[i];
	}
	return 0;
}
