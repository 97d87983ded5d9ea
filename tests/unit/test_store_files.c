// SPDX-License-Identifier: MIT
/*
 * The state files cannot be turned against omtd: a symlink named events
 * or presets is not followed (its target stays as it was), and a FIFO or
 * a directory in their place is refused at once instead of hanging
 * start-up.  Each test runs in its own process with Check's timeout, so
 * a hang fails the test.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"
#include "event_log_store.h"
#include "presets_store.h"

static char dir[] = "/tmp/omt-store-files.XXXXXX";
static char path[PATH_MAX], target[PATH_MAX];

static void make_dir(void)
{
	strcpy(dir, "/tmp/omt-store-files.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void name(const char *file)
{
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(target, sizeof(target), "%s/target", dir);
}

static off_t size_of(const char *p)
{
	struct stat st;

	ck_assert_int_eq(stat(p, &st), 0);
	return st.st_size;
}

START_TEST(event_log_does_not_follow_a_symlink)
{
	struct omt_event_log log;
	int fd;

	make_dir();
	name("events");
	fd = open(target, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(omt_event_log_open(&log, dir), -ELOOP);
	ck_assert_int_eq(log.fd, -1);
	ck_assert_int_eq(omt_event_log_append(&log, "lock", "x"), -EBADF);
	ck_assert_int_eq(size_of(target), 0);
	remove_dir();
}
END_TEST

START_TEST(event_log_refuses_a_fifo_or_directory)
{
	struct omt_event_log log;

	make_dir();
	name("events");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(omt_event_log_open(&log, dir), -EINVAL);
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(omt_event_log_open(&log, dir), -EISDIR);
	remove_dir();
}
END_TEST

START_TEST(event_log_still_writes_a_regular_file)
{
	struct omt_log_record records[OMT_EVENT_LOG_RECORDS];
	struct omt_event_log log;

	make_dir();
	ck_assert_int_eq(omt_event_log_open(&log, dir), 0);
	ck_assert_int_eq(omt_event_log_append(&log, "lock", "  two blanks"), 0);
	ck_assert_int_eq(omt_event_log_read(&log, records), 1);
	ck_assert_str_eq(records[0].text, "  two blanks");
	omt_event_log_close(&log);
	remove_dir();
}
END_TEST

START_TEST(a_fifo_named_presets_is_refused_without_blocking)
{
	struct omt_preset_set set = { .count = 3 };
	char error[256] = "";

	make_dir();
	name("presets");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(omt_presets_load(dir, &set, error, sizeof(error)),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(error, "not a regular file"));
	ck_assert_int_eq(set.count, 3);
	remove_dir();
}
END_TEST

START_TEST(presets_through_a_symlink_are_refused)
{
	struct omt_preset_set set = { .count = 3 };
	char error[256] = "";
	FILE *f;

	make_dir();
	name("presets");
	f = fopen(target, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(omt_presets_load(dir, &set, error, sizeof(error)),
			 -ELOOP);
	ck_assert_int_eq(set.count, 3);
	remove_dir();
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("store_files", "files", &tc);

	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, event_log_does_not_follow_a_symlink);
	tcase_add_test(tc, event_log_refuses_a_fifo_or_directory);
	tcase_add_test(tc, event_log_still_writes_a_regular_file);
	tcase_add_test(tc, a_fifo_named_presets_is_refused_without_blocking);
	tcase_add_test(tc, presets_through_a_symlink_are_refused);
	return omt_check_run(s);
}
