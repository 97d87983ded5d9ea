// SPDX-License-Identifier: MIT
/* The event log's record format (event_log.h); pure, no I/O. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_log.h"

_Static_assert(75 + OMT_EVENT_LOG_TEXT_MAX - 1 + 1 <= OMT_EVENT_LOG_RECORD_SIZE,
	       "a record holds the longest head and text");

#define MAGIC "omtlog2"

static uint32_t fnv1a(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t checksum(uint64_t seq, uint64_t realtime_us,
			 const char *kind, const char *text)
{
	char head[64];
	int n = snprintf(head, sizeof(head), "%" PRIu64 " %" PRIu64 " ", seq,
			 realtime_us);
	uint32_t h = fnv1a(2166136261u, head, (size_t)n);

	h = fnv1a(h, kind, strlen(kind));
	h = fnv1a(h, " ", 1);
	return fnv1a(h, text, strlen(text));
}

/* A kind is one word; anything else would break the line's fields. */
static void clean_kind(const char *in, char *out)
{
	size_t n = 0;

	for (; in[n] && n < OMT_EVENT_LOG_KIND_MAX - 1; n++) {
		char ch = in[n];

		out[n] = ((ch >= 'a' && ch <= 'z') || ch == '-') ? ch : '-';
	}
	if (n == 0)
		out[n++] = '-';
	out[n] = '\0';
}

static void clean_text(const char *in, char *out, size_t max)
{
	size_t n = 0;

	for (; in[n] && n < max - 1; n++) {
		unsigned char ch = (unsigned char)in[n];

		out[n] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
	}
	/* Trailing spaces would vanish into the padding on the way back. */
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

void omt_event_log_format(const struct omt_log_record *record, char *out)
{
	char kind[OMT_EVENT_LOG_KIND_MAX];
	char text[OMT_EVENT_LOG_TEXT_MAX];
	int n;

	clean_kind(record->kind, kind);
	clean_text(record->text, text, sizeof(text));
	n = snprintf(out, OMT_EVENT_LOG_RECORD_SIZE,
		     MAGIC " %" PRIu64 " %" PRIu64 " %s %08" PRIx32 " ",
		     record->seq, record->realtime_us, kind,
		     checksum(record->seq, record->realtime_us, kind, text));
	/* The head is at most 7+1+20+1+20+1+15+1+8+1 = 75 bytes, the text
	 * OMT_EVENT_LOG_TEXT_MAX - 1 more: the record size leaves room for
	 * both and the newline. */
	snprintf(out + n, (size_t)(OMT_EVENT_LOG_RECORD_SIZE - n), "%s", text);
	n += (int)strlen(out + n);
	memset(out + n, ' ', (size_t)(OMT_EVENT_LOG_RECORD_SIZE - 1 - n));
	out[OMT_EVENT_LOG_RECORD_SIZE - 1] = '\n';
}

bool omt_event_log_parse(const char *in, struct omt_log_record *record)
{
	char line[OMT_EVENT_LOG_RECORD_SIZE];
	char kind[OMT_EVENT_LOG_KIND_MAX + 1];
	unsigned long long seq, us;
	unsigned int sum;
	int text_at = -1;
	size_t end;

	if (in[OMT_EVENT_LOG_RECORD_SIZE - 1] != '\n')
		return false;
	memcpy(line, in, sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	if (memchr(line, '\n', sizeof(line) - 1) ||
	    memchr(line, '\0', sizeof(line) - 1))
		return false;
	if (sscanf(line, MAGIC " %llu %llu %16s %8x %n", &seq, &us, kind,
		   &sum, &text_at) != 4 || text_at < 0 ||
	    strlen(kind) >= OMT_EVENT_LOG_KIND_MAX)
		return false;
	end = strlen(line);
	while (end > (size_t)text_at && line[end - 1] == ' ')
		end--;
	if (end - (size_t)text_at >= OMT_EVENT_LOG_TEXT_MAX)
		return false;
	memset(record, 0, sizeof(*record));
	record->seq = seq;
	record->realtime_us = us;
	memcpy(record->kind, kind, strlen(kind) + 1);
	memcpy(record->text, line + text_at, end - (size_t)text_at);
	return checksum(seq, us, record->kind, record->text) == sum;
}

static int by_seq(const void *a, const void *b)
{
	const struct omt_log_record *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

void omt_event_log_sort(struct omt_log_record *records, size_t n)
{
	qsort(records, n, sizeof(*records), by_seq);
}
