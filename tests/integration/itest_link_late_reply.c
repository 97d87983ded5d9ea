// SPDX-License-Identifier: MIT
/*
 * A reply that arrives after the link has given up must never be taken
 * for the answer to the next request: on RTU it has the same slave,
 * function and length, and a valid CRC, so libmodbus alone would accept
 * it and hand the control loop last cycle's position.
 *
 * FAKE SLAVE: omt-sim cannot hold a reply back until the master has timed
 * out, so this test plays the drive itself on the master side of a real
 * pseudo-terminal, writing omt-generic-1 function-23 replies byte by byte.
 * The link under test is the real one, libmodbus RTU on the pty.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "link.h"
#include "omt_regs.h"

#define FC23_REQUEST_BYTES 19   /* 3 registers written, 6 read */

struct fake_slave {
	int master_fd;
	sem_t may_answer_late;      /* main: the link has timed out */
	sem_t late_answer_sent;
	bool failed;
	char why[128];
};

static uint16_t crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0xffff;

	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xa001) :
					  (uint16_t)(crc >> 1);
	}
	return crc;
}

static bool read_request(struct fake_slave *f, uint8_t *req)
{
	size_t got = 0;
	struct pollfd p = { .fd = f->master_fd, .events = POLLIN };

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
	if (req[1] != 0x17 || crc16(req, FC23_REQUEST_BYTES) != 0) {
		snprintf(f->why, sizeof(f->why), "not a function-23 request");
		return false;
	}
	return true;
}

/* A function-23 reply for omt-generic-1 with the given position counts. */
static bool send_reply(struct fake_slave *f, uint8_t slave, int32_t position)
{
	const uint16_t regs[6] = {
		OMT_STATUS_READY, 0, (uint16_t)((uint32_t)position >> 16),
		(uint16_t)((uint32_t)position & 0xffff), 0, 0,
	};
	uint8_t frame[3 + 12 + 2] = { slave, 0x17, 12 };

	for (int i = 0; i < 6; i++) {
		frame[3 + 2 * i] = (uint8_t)(regs[i] >> 8);
		frame[4 + 2 * i] = (uint8_t)(regs[i] & 0xff);
	}
	uint16_t crc = crc16(frame, 15);

	frame[15] = (uint8_t)(crc & 0xff);
	frame[16] = (uint8_t)(crc >> 8);
	return write(f->master_fd, frame, sizeof(frame)) == (ssize_t)sizeof(frame);
}

static void *fake_slave_run(void *arg)
{
	struct fake_slave *f = arg;
	uint8_t req[FC23_REQUEST_BYTES];

	/* First request: answer only after the master has given up. */
	if (!read_request(f, req))
		goto fail;
	sem_wait(&f->may_answer_late);
	if (!send_reply(f, req[0], 11111))
		goto fail;
	sem_post(&f->late_answer_sent);
	/* Second request: answer at once, with fresh data. */
	if (!read_request(f, req) || !send_reply(f, req[0], 22222))
		goto fail;
	return NULL;
fail:
	f->failed = true;
	sem_post(&f->late_answer_sent);
	return NULL;
}

START_TEST(late_reply_is_not_taken_for_the_next_one)
{
	struct fake_slave fake = { 0 };
	struct omtd_config config;
	struct drive_command cmd = { .setpoint = 700.0 };
	struct drive_reading reading;
	char name[128], text[512], err[OMTD_ERR_MAX];
	pthread_t thread;
	int slave_fd;
	struct link *l;

	ck_assert_int_eq(openpty(&fake.master_fd, &slave_fd, name, NULL, NULL), 0);
	sem_init(&fake.may_answer_late, 0, 0);
	sem_init(&fake.late_answer_sent, 0, 0);
	snprintf(text, sizeof(text),
		 "[control]\nperiod_ms = 100\nhold_timeout_ms = 400\n"
		 "drive_watchdog_ms = 0\n"
		 "[link]\ntransport = rtu\ndevice = %s\nparity = N\nrs485 = off\n"
		 "response_timeout_ms = 50\nbyte_timeout_ms = 20\n", name);
	ck_assert_msg(omtd_config_load_string(text, "late.conf", &config, err,
					      sizeof(err)) == 0, "%s", err);
	l = link_open(&config, NULL, NULL, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
	close(slave_fd);   /* libmodbus holds its own descriptor */
	ck_assert_int_eq(pthread_create(&thread, NULL, fake_slave_run, &fake), 0);

	ck_assert_int_eq(link_cycle(l, OMT_AXIS_HEIGHT, &cmd, &reading),
			 LINK_TIMEOUT);
	sem_post(&fake.may_answer_late);
	sem_wait(&fake.late_answer_sent);
	ck_assert_msg(!fake.failed, "%s", fake.why);

	ck_assert_int_eq(link_cycle(l, OMT_AXIS_HEIGHT, &cmd, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, 22222);

	pthread_join(thread, NULL);
	ck_assert_msg(!fake.failed, "%s", fake.why);
	link_close(l);
	close(fake.master_fd);
}
END_TEST

static Suite *late_suite(void)
{
	Suite *s = suite_create("link late reply");
	TCase *tc = tcase_create("rtu");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, late_reply_is_not_taken_for_the_next_one);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(late_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
