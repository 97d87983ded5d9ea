// SPDX-License-Identifier: MIT
/* state_dir/events: the event log's ring file (event_log_store.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event_log_store.h"
#include "regular_file.h"


int omt_event_log_read(const struct omt_event_log *log,
		       struct omt_log_record *out)
{
	char rec[OMT_EVENT_LOG_RECORD_SIZE];
	int n = 0;

	if (log->fd < 0)
		return -EBADF;
	for (unsigned int slot = 0; slot < OMT_EVENT_LOG_RECORDS; slot++) {
		ssize_t got = pread(log->fd, rec, sizeof(rec),
				    (off_t)slot * OMT_EVENT_LOG_RECORD_SIZE);

		if (got < 0)
			return -errno;
		/* Short: the file ends here (the ring is not yet full). */
		if ((size_t)got < sizeof(rec))
			break;
		if (omt_event_log_parse(rec, &out[n]) &&
		    out[n].seq % OMT_EVENT_LOG_RECORDS == slot)
			n++;
	}
	omt_event_log_sort(out, (size_t)n);
	return n;
}

int omt_event_log_open(struct omt_event_log *log, const char *state_dir)
{
	static struct omt_log_record records[OMT_EVENT_LOG_RECORDS];
	char path[PATH_MAX];
	int n;

	log->fd = -1;
	log->next_seq = 0;
	if (snprintf(path, sizeof(path), "%s/events", state_dir) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	n = omt_open_regular(path, O_RDWR | O_CREAT, 0640);
	if (n < 0)
		return n;
	log->fd = n;
	n = omt_event_log_read(log, records);
	if (n < 0) {
		omt_event_log_close(log);
		return n;
	}
	log->next_seq = n > 0 ? records[n - 1].seq + 1 : 0;
	return 0;
}

void omt_event_log_close(struct omt_event_log *log)
{
	if (log->fd >= 0)
		close(log->fd);
	log->fd = -1;
}

int omt_event_log_append(struct omt_event_log *log, const char *kind,
			 const char *text)
{
	struct omt_log_record record;
	char line[OMT_EVENT_LOG_RECORD_SIZE];
	struct timespec now;
	off_t at;

	if (log->fd < 0)
		return -EBADF;
	clock_gettime(CLOCK_REALTIME, &now);
	memset(&record, 0, sizeof(record));
	record.seq = log->next_seq;
	record.realtime_us = (uint64_t)now.tv_sec * 1000000u +
			     (uint64_t)now.tv_nsec / 1000u;
	snprintf(record.kind, sizeof(record.kind), "%s", kind);
	snprintf(record.text, sizeof(record.text), "%s", text);
	omt_event_log_format(&record, line);
	at = (off_t)(record.seq % OMT_EVENT_LOG_RECORDS) *
	     OMT_EVENT_LOG_RECORD_SIZE;
	if (pwrite(log->fd, line, sizeof(line), at) != (ssize_t)sizeof(line))
		return errno ? -errno : -EIO;
	/* A fault's record must survive the power cut that may follow it. */
	if (fdatasync(log->fd) < 0)
		return -errno;
	log->next_seq++;
	return 0;
}
