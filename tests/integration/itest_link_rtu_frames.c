// SPDX-License-Identifier: MIT
/*
 * Broken RTU replies the simulator cannot produce: a reply from another
 * slave, a wrong byte count, the wrong function, a reply cut short, and a
 * reply that arrives after the link has given up.  Each gets its error
 * class, and the next cycle reads fresh, correct data; in particular a
 * late reply (same slave, function and length, valid CRC, which libmodbus
 * alone would accept) is never handed to the control loop as the answer
 * to the next request.
 *
 * FAKE SLAVE: omt-sim only injects faults it can describe with a command
 * (no reply, absent, bad CRC, exception), so this test plays the drive
 * itself on the master side of a real pseudo-terminal, writing
 * omt-generic-1 function-23 replies byte by byte (checked and framed with
 * omt-sim's RTU CRC, the far side of the wire).  The link under test is
 * the real one: libmodbus RTU on the pty's slave side.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "config.h"
#include "link.h"
#include "omt_regs.h"
#include "rtu_frame.h"

#define FC23_REQUEST_BYTES 19   /* 3 registers written, 6 read */
#define GOOD_POSITION 22222

enum reply_kind {
	REPLY_GOOD,
	REPLY_LATE,               /* only after main says the link gave up */
	REPLY_OTHER_SLAVE,
	REPLY_BAD_BYTE_COUNT,
	REPLY_WRONG_FUNCTION,
	REPLY_TRUNCATED,
};

struct fake_slave {
	int master_fd;
	enum reply_kind first;    /* to the first request; the second is good */
	sem_t may_answer_late;
	sem_t late_answer_sent;
	bool failed;
	char why[128];
};

static bool read_request(struct fake_slave *f, uint8_t *req)
{
	struct pollfd p = { .fd = f->master_fd, .events = POLLIN };
	size_t got = 0;

	while (got < FC23_REQUEST_BYTES) {
		if (poll(&p, 1, 5000) <= 0) {
			snprintf(f->why, sizeof(f->why), "no request");
			return false;
		}
		ssize_t n = read(f->master_fd, req + got,
				 FC23_REQUEST_BYTES - got);
		if (n <= 0) {
			snprintf(f->why, sizeof(f->why), "read: %s",
				 strerror(errno));
			return false;
		}
		got += (size_t)n;
	}
	if (req[1] != 0x17 || !sim_rtu_crc_ok(req, FC23_REQUEST_BYTES)) {
		snprintf(f->why, sizeof(f->why), "not a function-23 request");
		return false;
	}
	return true;
}

/*
 * An omt-generic-1 read-block reply (STATUS..CURRENT) with the given
 * position, bent as kind says, with a valid CRC unless cut short.
 */
static bool send_reply(struct fake_slave *f, uint8_t slave,
		       enum reply_kind kind, int32_t position)
{
	const uint16_t regs[6] = {
		OMT_STATUS_READY, 0, (uint16_t)((uint32_t)position >> 16),
		(uint16_t)((uint32_t)position & 0xffff), 0, 0,
	};
	uint8_t frame[3 + 12 + 2] = { slave, 0x17, 12 };
	size_t data = 12, len;

	for (int i = 0; i < 6; i++) {
		frame[3 + 2 * i] = (uint8_t)(regs[i] >> 8);
		frame[4 + 2 * i] = (uint8_t)(regs[i] & 0xff);
	}
	if (kind == REPLY_OTHER_SLAVE)
		frame[0] = (uint8_t)(slave + 1);
	if (kind == REPLY_WRONG_FUNCTION)
		frame[1] = 0x03;
	if (kind == REPLY_BAD_BYTE_COUNT) {
		data = 10;              /* five registers where six were asked */
		frame[2] = (uint8_t)data;
	}
	len = sim_rtu_append_crc(frame, 3 + data);
	if (kind == REPLY_TRUNCATED)
		len = 8;
	return write(f->master_fd, frame, len) == (ssize_t)len;
}

static void *fake_slave_run(void *arg)
{
	struct fake_slave *f = arg;
	uint8_t req[FC23_REQUEST_BYTES];

	if (!read_request(f, req))
		goto fail;
	if (f->first == REPLY_LATE) {
		sem_wait(&f->may_answer_late);
		if (!send_reply(f, req[0], REPLY_GOOD, 11111))
			goto fail;
		sem_post(&f->late_answer_sent);
	} else if (!send_reply(f, req[0], f->first, 11111)) {
		goto fail;
	}
	if (!read_request(f, req) ||
	    !send_reply(f, req[0], REPLY_GOOD, GOOD_POSITION))
		goto fail;
	return NULL;
fail:
	f->failed = true;
	sem_post(&f->late_answer_sent);
	return NULL;
}

static struct fake_slave fake;
static pthread_t thread;
static struct link *the_link;

static void start_fake(enum reply_kind first)
{
	struct omtd_config config;
	struct link_settings settings;
	char name[128], text[512], err[OMTD_ERR_MAX];
	int slave_fd;

	memset(&fake, 0, sizeof(fake));
	fake.first = first;
	ck_assert_int_eq(openpty(&fake.master_fd, &slave_fd, name, NULL, NULL), 0);
	sem_init(&fake.may_answer_late, 0, 0);
	sem_init(&fake.late_answer_sent, 0, 0);
	/* Timeouts generous for a loaded machine: classes, not durations. */
	snprintf(text, sizeof(text),
		 "[control]\nperiod_ms = 100\nhold_timeout_ms = 400\n"
		 "comms_lost_ms = 200\n"
		 "drive_watchdog_ms = 0\n"
		 "[link]\ntransport = rtu\ndevice = %s\nparity = N\nrs485 = off\n"
		 "response_timeout_ms = 95\nbyte_timeout_ms = 50\n", name);
	ck_assert_msg(omtd_config_load_string(text, "fake.conf", &config, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(omtd_config_link_settings(&config, &settings), 0);
	the_link = link_open(&settings, NULL, NULL, err, sizeof(err));
	ck_assert_msg(the_link != NULL, "%s", err);
	close(slave_fd);   /* libmodbus holds its own descriptor */
	ck_assert_int_eq(pthread_create(&thread, NULL, fake_slave_run, &fake), 0);
}

static void finish_fake(void)
{
	pthread_join(thread, NULL);
	ck_assert_msg(!fake.failed, "fake slave: %s", fake.why);
	link_close(the_link);
	close(fake.master_fd);
}

static const struct drive_command cmd = { .setpoint = 700.0 };

/* The cycle after a broken reply reads the fresh, good one. */
static void check_recovers(void)
{
	struct drive_reading reading;

	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &reading),
			 LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
}

static void check_first_reply(enum reply_kind kind, enum link_status expect)
{
	struct drive_reading reading;
	struct link_stats s;

	start_fake(kind);
	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &reading),
			 expect);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.errors[expect], 1);
	check_recovers();
	finish_fake();
}

START_TEST(reply_from_another_slave_is_a_frame_error)
{
	check_first_reply(REPLY_OTHER_SLAVE, LINK_FRAME);
}
END_TEST

START_TEST(wrong_register_count_is_a_frame_error)
{
	check_first_reply(REPLY_BAD_BYTE_COUNT, LINK_FRAME);
}
END_TEST

START_TEST(wrong_function_is_a_frame_error)
{
	check_first_reply(REPLY_WRONG_FUNCTION, LINK_FRAME);
}
END_TEST

START_TEST(reply_cut_short_is_a_timeout)
{
	check_first_reply(REPLY_TRUNCATED, LINK_TIMEOUT);
}
END_TEST

START_TEST(late_reply_is_not_taken_for_the_next_one)
{
	struct drive_reading reading;

	start_fake(REPLY_LATE);
	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &reading),
			 LINK_TIMEOUT);
	sem_post(&fake.may_answer_late);
	sem_wait(&fake.late_answer_sent);
	ck_assert_msg(!fake.failed, "%s", fake.why);
	check_recovers();
	finish_fake();
}
END_TEST

/*
 * A wait cut short (the control loop's window ended) gives up on a reply
 * that is still to come.  Sent at once, the next request of the same
 * shape would take that reply for its own: the link keeps the line for
 * the rest of the response timeout (link_quiet_at()) and reads the
 * fresh reply.
 */
START_TEST(reply_given_up_at_the_cutoff_is_not_taken_for_the_next_one)
{
	struct drive_reading reading;
	struct timespec now;

	start_fake(REPLY_LATE);
	clock_gettime(CLOCK_MONOTONIC, &now);
	link_set_cutoff(the_link, (uint64_t)now.tv_sec * 1000000000ull +
				  (uint64_t)now.tv_nsec + 5000000ull);
	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &reading),
			 LINK_TIMEOUT);
	link_set_cutoff(the_link, 0);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ck_assert_uint_gt(link_quiet_at(the_link),
			  (uint64_t)now.tv_sec * 1000000000ull +
			  (uint64_t)now.tv_nsec);
	/* The late reply leaves while the next cycle is already asked for. */
	sem_post(&fake.may_answer_late);
	check_recovers();
	sem_wait(&fake.late_answer_sent);
	finish_fake();
}
END_TEST

static Suite *frames_suite(void)
{
	Suite *s = suite_create("link rtu frames");
	TCase *tc = tcase_create("rtu");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, reply_from_another_slave_is_a_frame_error);
	tcase_add_test(tc, wrong_register_count_is_a_frame_error);
	tcase_add_test(tc, wrong_function_is_a_frame_error);
	tcase_add_test(tc, reply_cut_short_is_a_timeout);
	tcase_add_test(tc, late_reply_is_not_taken_for_the_next_one);
	tcase_add_test(tc, reply_given_up_at_the_cutoff_is_not_taken_for_the_next_one);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(frames_suite());
}
