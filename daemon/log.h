/* SPDX-License-Identifier: MIT */
/*
 * Structured logging for omtd, usable from any file of the daemon (main
 * thread only: it may block on the journal socket, so the control thread
 * sends its lines as OMT_EV_LOG events instead).
 *
 * Under systemd (JOURNAL_STREAM names our stderr) a line goes to the
 * journal with its fields, e.g.
 *
 *	omt_log(LOG_WARNING, "OMT_AXIS=height", "OMT_FAULT=stall",
 *		"height axis stalled at %.1f mm", pos);
 *
 * and elsewhere to stderr as "omtd: <message>" (fields appended in
 * brackets), so a developer running omtd by hand still sees them.
 */
#ifndef OMT_LOG_H
#define OMT_LOG_H

#include <syslog.h>

/*
 * axis_field and fault_field are "OMT_AXIS=..." / "OMT_FAULT=..." journal
 * fields or NULL.
 */
void omt_log(int priority, const char *axis_field, const char *fault_field,
	     const char *format, ...) __attribute__((format(printf, 4, 5)));

/* Messages below this priority are dropped (default LOG_INFO). */
void omt_log_set_max_priority(int priority);

#endif /* OMT_LOG_H */
