/* SPDX-License-Identifier: MIT */
/*
 * The event log's file, state_dir/events (format in event_log.h).  Main
 * thread only: the control thread's events reach it through the bus
 * service, which drains them.  Each append is one pwrite() of one record
 * at its slot; no fsync, because the log is evidence for a technician,
 * not state the table depends on, and a record torn by a power cut is
 * recognised and skipped on load.
 */
#ifndef OMTD_EVENT_LOG_STORE_H
#define OMTD_EVENT_LOG_STORE_H

#include <stddef.h>

#include "event_log.h"

struct omt_event_log {
	int fd;                 /* -1: the log is unavailable, appends no-op */
	uint64_t next_seq;
};

/*
 * Open (creating) state_dir/events and find the next record number.
 * Returns 0 or a negative errno; on error log->fd is -1 and the caller
 * carries on without a log.
 */
int omt_event_log_open(struct omt_event_log *log, const char *state_dir);
void omt_event_log_close(struct omt_event_log *log);

/* Append a record now (CLOCK_REALTIME).  0 or a negative errno. */
int omt_event_log_append(struct omt_event_log *log, const char *kind,
			 const char *text);

/*
 * Read every intact record, oldest first, into out (room for
 * OMT_EVENT_LOG_RECORDS).  Returns how many, or a negative errno.
 */
int omt_event_log_read(const struct omt_event_log *log,
		       struct omt_log_record *out);

#endif /* OMTD_EVENT_LOG_STORE_H */
