// SPDX-License-Identifier: MIT
/*
 * omtd's log lines: on stderr with their journal fields when journald does
 * not hold our stderr, to the journal (and not stderr) when it does, and
 * nothing below the chosen priority.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"
#include "log.h"

static char path[] = "/tmp/omt-log-test.XXXXXX";
static int saved_stderr = -1;

/* Point stderr at a fresh temporary file. */
static void capture_stderr(void)
{
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	ck_assert_int_ge(dup2(fd, STDERR_FILENO), 0);
	close(fd);
}

static const char *captured(void)
{
	static char text[1024];
	FILE *f;
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(path);
	strcpy(path, "/tmp/omt-log-test.XXXXXX");
	return text;
}

START_TEST(stderr_with_fields)
{
	unsetenv("JOURNAL_STREAM");
	omt_log_set_max_priority(LOG_INFO);
	capture_stderr();
	omt_log(LOG_WARNING, "OMT_AXIS=height", "OMT_FAULT=stall",
		"height stalled at %.1f mm", 612.5);
	omt_log(LOG_INFO, NULL, NULL, "plain");
	omt_log(LOG_ERR, NULL, "OMT_FAULT=estop", "stop");
	ck_assert_str_eq(captured(),
			 "omtd: height stalled at 612.5 mm [OMT_AXIS=height OMT_FAULT=stall]\n"
			 "omtd: plain\n"
			 "omtd: stop [OMT_FAULT=estop]\n");
}
END_TEST

START_TEST(below_priority_dropped)
{
	unsetenv("JOURNAL_STREAM");
	omt_log_set_max_priority(LOG_WARNING);
	capture_stderr();
	omt_log(LOG_INFO, NULL, NULL, "chatter");
	omt_log(LOG_DEBUG, NULL, NULL, "more chatter");
	omt_log(LOG_WARNING, NULL, NULL, "kept");
	ck_assert_str_eq(captured(), "omtd: kept\n");
	omt_log_set_max_priority(LOG_INFO);
}
END_TEST

/* A JOURNAL_STREAM inherited by a process whose stderr went elsewhere. */
START_TEST(stale_journal_stream_ignored)
{
	setenv("JOURNAL_STREAM", "1:1", 1);
	capture_stderr();
	omt_log(LOG_NOTICE, NULL, NULL, "still here");
	ck_assert_str_eq(captured(), "omtd: still here\n");
	setenv("JOURNAL_STREAM", "garbage", 1);
	capture_stderr();
	omt_log(LOG_NOTICE, NULL, NULL, "and here");
	ck_assert_str_eq(captured(), "omtd: and here\n");
	unsetenv("JOURNAL_STREAM");
}
END_TEST

/* When JOURNAL_STREAM names our very stderr, lines go to the journal. */
START_TEST(journal_when_stderr_is_the_journal)
{
	struct stat st;
	char value[64];

	capture_stderr();
	ck_assert_int_eq(fstat(STDERR_FILENO, &st), 0);
	snprintf(value, sizeof(value), "%llu:%llu",
		 (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", value, 1);
	omt_log(LOG_ERR, "OMT_AXIS=tilt", "OMT_FAULT=limit", "to the journal");
	unsetenv("JOURNAL_STREAM");
	ck_assert_str_eq(captured(), "");
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("log", "log", &tc);

	tcase_add_test(tc, stderr_with_fields);
	tcase_add_test(tc, below_priority_dropped);
	tcase_add_test(tc, stale_journal_stream_ignored);
	tcase_add_test(tc, journal_when_stderr_is_the_journal);
	/* stderr is redirected inside the tests: keep them in this process. */
	return omt_check_run_with(s, CK_NOFORK);
}
