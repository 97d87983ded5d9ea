// SPDX-License-Identifier: MIT
/*
 * The event log's record format and ring file: a record reads back as
 * written, a torn or foreign one is refused, the ring keeps the newest
 * OMT_EVENT_LOG_RECORDS and a reopened log carries on numbering.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "event_log.h"
#include "event_log_store.h"

static struct omt_log_record make(uint64_t seq, const char *kind,
				  const char *text)
{
	struct omt_log_record r;

	memset(&r, 0, sizeof(r));
	r.seq = seq;
	r.realtime_us = 1764000000000000ull + seq;
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	snprintf(r.text, sizeof(r.text), "%s", text);
	return r;
}

START_TEST(record_round_trips)
{
	struct omt_log_record in = make(42, "fault", "modbus-timeout:height: no reply"), out;
	char line[OMT_EVENT_LOG_RECORD_SIZE];

	omt_event_log_format(&in, line);
	ck_assert_int_eq(line[OMT_EVENT_LOG_RECORD_SIZE - 1], '\n');
	ck_assert_ptr_eq(memchr(line, '\n', sizeof(line) - 1), NULL);
	ck_assert(omt_event_log_parse(line, &out));
	ck_assert_uint_eq(out.seq, 42);
	ck_assert_uint_eq(out.realtime_us, in.realtime_us);
	ck_assert_str_eq(out.kind, "fault");
	ck_assert_str_eq(out.text, in.text);
}
END_TEST

START_TEST(control_characters_and_bad_kinds_are_cleaned)
{
	struct omt_log_record in = make(1, "Lock it", "a\nb\tc  "), out;
	char line[OMT_EVENT_LOG_RECORD_SIZE];

	omt_event_log_format(&in, line);
	ck_assert(omt_event_log_parse(line, &out));
	ck_assert_str_eq(out.kind, "-ock-it");
	ck_assert_str_eq(out.text, "a?b?c");
}
END_TEST

START_TEST(longest_text_fits)
{
	struct omt_log_record in = make(UINT64_MAX, "motion-finished", ""), out;
	char line[OMT_EVENT_LOG_RECORD_SIZE];

	memset(in.text, 'x', sizeof(in.text) - 1);
	in.text[sizeof(in.text) - 1] = '\0';
	omt_event_log_format(&in, line);
	ck_assert(omt_event_log_parse(line, &out));
	ck_assert_str_eq(out.text, in.text);
	ck_assert_uint_eq(out.seq, UINT64_MAX);
}
END_TEST

START_TEST(torn_or_foreign_records_are_refused)
{
	struct omt_log_record a = make(7, "lock", "table locked");
	struct omt_log_record b = make(1007, "fault", "estop: pressed");
	char la[OMT_EVENT_LOG_RECORD_SIZE], lb[OMT_EVENT_LOG_RECORD_SIZE];
	char mixed[OMT_EVENT_LOG_RECORD_SIZE];
	struct omt_log_record out;

	omt_event_log_format(&a, la);
	omt_event_log_format(&b, lb);
	/* A power cut in mid-write: the new record's head on the old tail. */
	memcpy(mixed, lb, 40);
	memcpy(mixed + 40, la + 40, sizeof(mixed) - 40);
	ck_assert(!omt_event_log_parse(mixed, &out));
	/* One changed character. */
	memcpy(mixed, la, sizeof(mixed));
	mixed[80] ^= 1;
	ck_assert(!omt_event_log_parse(mixed, &out));
	/* Cut short: no newline at the end. */
	memcpy(mixed, la, sizeof(mixed));
	mixed[sizeof(mixed) - 1] = ' ';
	ck_assert(!omt_event_log_parse(mixed, &out));
	/* A never-written slot. */
	memset(mixed, 0, sizeof(mixed));
	ck_assert(!omt_event_log_parse(mixed, &out));
	/* A record of the older, shorter format: refused, not misread. */
	memcpy(mixed, la, sizeof(mixed));
	mixed[6] = '1';
	ck_assert(!omt_event_log_parse(mixed, &out));
}
END_TEST

START_TEST(ring_keeps_the_newest_and_survives_reopening)
{
	static struct omt_log_record got[OMT_EVENT_LOG_RECORDS];
	char dir[] = "/tmp/omt-event-log.XXXXXX", path[64], text[32];
	struct omt_event_log log;
	int n, fd;

	ck_assert_ptr_ne(mkdtemp(dir), NULL);
	ck_assert_int_eq(omt_event_log_open(&log, dir), 0);
	for (int i = 0; i < OMT_EVENT_LOG_RECORDS + 10; i++) {
		snprintf(text, sizeof(text), "event %d", i);
		ck_assert_int_eq(omt_event_log_append(&log, "lock", text), 0);
	}
	omt_event_log_close(&log);

	snprintf(path, sizeof(path), "%s/events", dir);
	/* The file never outgrows the ring. */
	fd = open(path, O_RDWR);
	ck_assert_int_eq(lseek(fd, 0, SEEK_END),
			 OMT_EVENT_LOG_RECORDS * OMT_EVENT_LOG_RECORD_SIZE);
	/* Tear the newest record (slot 9). */
	ck_assert_int_eq(pwrite(fd, "omtlog2 99", 10,
				9 * OMT_EVENT_LOG_RECORD_SIZE), 10);
	close(fd);

	ck_assert_int_eq(omt_event_log_open(&log, dir), 0);
	n = omt_event_log_read(&log, got);
	ck_assert_int_eq(n, OMT_EVENT_LOG_RECORDS - 1);
	ck_assert_uint_eq(got[0].seq, 10);
	ck_assert_str_eq(got[0].text, "event 10");
	ck_assert_uint_eq(got[n - 1].seq, OMT_EVENT_LOG_RECORDS + 8);
	/* Numbering carries on after the last intact record. */
	ck_assert_uint_eq(log.next_seq, OMT_EVENT_LOG_RECORDS + 9);
	ck_assert_int_eq(omt_event_log_append(&log, "unlock", "again"), 0);
	n = omt_event_log_read(&log, got);
	ck_assert_str_eq(got[n - 1].text, "again");
	ck_assert_str_eq(got[n - 1].kind, "unlock");
	omt_event_log_close(&log);
	unlink(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("event_log", "event_log", &tc);

	tcase_add_test(tc, record_round_trips);
	tcase_add_test(tc, control_characters_and_bad_kinds_are_cleaned);
	tcase_add_test(tc, longest_text_fits);
	tcase_add_test(tc, torn_or_foreign_records_are_refused);
	tcase_add_test(tc, ring_keeps_the_newest_and_survives_reopening);
	return omt_check_run(s);
}
