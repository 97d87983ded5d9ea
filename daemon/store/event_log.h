/* SPDX-License-Identifier: MIT */
/*
 * The technician's event and fault log: what happened to the table, with
 * wall-clock times, kept in state_dir across restarts.
 *
 * The file is a ring of OMT_EVENT_LOG_RECORDS fixed-size text records;
 * record number seq lives at slot seq % OMT_EVENT_LOG_RECORDS, so the file
 * never grows past OMT_EVENT_LOG_RECORDS * OMT_EVENT_LOG_RECORD_SIZE bytes
 * and a write touches one record only.  Each record is one line:
 *
 *   omtlog2 SEQ REALTIME_US KIND CHECKSUM TEXT<spaces>\n
 *
 * CHECKSUM (8 hex digits, FNV-1a over SEQ, REALTIME_US, KIND and TEXT)
 * rejects a record torn by a crash in mid-write, including one whose
 * first half is new and second half old.  This file is the pure format;
 * event_log_store.c does the I/O.
 */
#ifndef OMTD_EVENT_LOG_H
#define OMTD_EVENT_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OMT_EVENT_LOG_RECORDS 1000
/*
 * 384 bytes hold a whole fault message or an audit line naming a
 * preset, its owner and the caller.  (Version 1 records were 176 bytes
 * with 96 for the text, which cut messages; they fail the version check
 * and are overwritten as the ring comes round.)
 */
#define OMT_EVENT_LOG_RECORD_SIZE 384
#define OMT_EVENT_LOG_KIND_MAX 16
/* What is left of a record for its text. */
#define OMT_EVENT_LOG_TEXT_MAX 300

struct omt_log_record {
	uint64_t seq;
	uint64_t realtime_us;                   /* CLOCK_REALTIME */
	char kind[OMT_EVENT_LOG_KIND_MAX];      /* one word: fault, lock, ... */
	char text[OMT_EVENT_LOG_TEXT_MAX];
};

/*
 * Fill out[OMT_EVENT_LOG_RECORD_SIZE] with the record's line, padded with
 * spaces and ending in '\n'.  A kind that is not one word of [a-z-] or a
 * text longer than fits is cut or cleaned (control characters become
 * '?'), never refused: the log must take whatever happens.
 */
void omt_event_log_format(const struct omt_log_record *record, char *out);

/*
 * Parse one record of OMT_EVENT_LOG_RECORD_SIZE bytes.  False for an
 * empty slot, a torn or foreign record (bad checksum, no newline).
 */
bool omt_event_log_parse(const char *in, struct omt_log_record *record);

/* Sort records by seq, oldest first. */
void omt_event_log_sort(struct omt_log_record *records, size_t n);

#endif /* OMTD_EVENT_LOG_H */
