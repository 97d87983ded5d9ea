// SPDX-License-Identifier: MIT
/* Journal when journald collects our stderr, plain stderr otherwise. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "log.h"

static int max_priority = LOG_INFO;

void omt_log_set_max_priority(int priority)
{
	max_priority = priority;
}

/*
 * JOURNAL_STREAM is "device:inode" of the stream journald gave us; it only
 * counts while our stderr is still that stream (a child may inherit the
 * variable with stderr redirected elsewhere).
 */
static bool stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!stream || sscanf(stream, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st) < 0)
		return false;
	return st.st_dev == dev && st.st_ino == ino;
}

void omt_log(int priority, const char *axis_field, const char *fault_field,
	     const char *format, ...)
{
	char message[512];
	va_list ap;

	if (priority > max_priority)
		return;
	va_start(ap, format);
	vsnprintf(message, sizeof(message), format, ap);
	va_end(ap);

	if (stderr_is_journal()) {
		/* sd_journal_send stops at the first NULL: keep fields last. */
		sd_journal_send("MESSAGE=%s", message, "PRIORITY=%d", priority,
				"SYSLOG_IDENTIFIER=omtd",
				axis_field ? axis_field : fault_field,
				axis_field ? fault_field : NULL, NULL);
		return;
	}
	fprintf(stderr, "omtd: %s", message);
	if (axis_field || fault_field)
		fprintf(stderr, " [%s%s%s]", axis_field ? axis_field : "",
			axis_field && fault_field ? " " : "",
			fault_field ? fault_field : "");
	fputc('\n', stderr);
}
