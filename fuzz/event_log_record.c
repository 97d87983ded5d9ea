// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the event log's record format, both ways.
 *
 * As a record on disk: a slot that parses formats back to a record that
 * parses to the same fields.  As an event: any kind and text (the input,
 * split at its first NUL) formats to a record that parses, with the text
 * as format cleaned it (control characters as '?', trailing blanks gone,
 * leading blanks kept).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event_log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct omt_log_record *a, const struct omt_log_record *b)
{
	if (a->seq != b->seq || a->realtime_us != b->realtime_us ||
	    strcmp(a->kind, b->kind) != 0 || strcmp(a->text, b->text) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[OMT_EVENT_LOG_RECORD_SIZE];
	struct omt_log_record in, out, again;
	const uint8_t *nul;
	size_t kind_len, text_len, n;

	/* As a slot read from disk. */
	if (size >= OMT_EVENT_LOG_RECORD_SIZE &&
	    omt_event_log_parse((const char *)data, &out)) {
		omt_event_log_format(&out, line);
		if (!omt_event_log_parse(line, &again))
			abort();
		same(&out, &again);
	}

	/* As an event to be logged. */
	memset(&in, 0, sizeof(in));
	if (size >= 16) {
		memcpy(&in.seq, data, 8);
		memcpy(&in.realtime_us, data + 8, 8);
		data += 16;
		size -= 16;
	}
	nul = memchr(data, 0, size);
	kind_len = nul ? (size_t)(nul - data) : size;
	n = kind_len < sizeof(in.kind) - 1 ? kind_len : sizeof(in.kind) - 1;
	memcpy(in.kind, data, n);
	text_len = nul ? size - kind_len - 1 : 0;
	if (text_len > sizeof(in.text) - 1)
		text_len = sizeof(in.text) - 1;
	if (nul)
		memcpy(in.text, nul + 1, text_len);
	in.text[strnlen(in.text, sizeof(in.text) - 1)] = '\0';
	omt_event_log_format(&in, line);
	if (!omt_event_log_parse(line, &out) || out.seq != in.seq ||
	    out.realtime_us != in.realtime_us)
		abort();
	/* The text reads back as written, but for what format cleans. */
	n = strlen(in.text);
	while (n > 0 && in.text[n - 1] == ' ')
		n--;
	if (strlen(out.text) != n)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in.text[i];
		char want = (c < 0x20 || c == 0x7f) ? '?' : (char)c;

		if (out.text[i] != want)
			abort();
	}
	return 0;
}
