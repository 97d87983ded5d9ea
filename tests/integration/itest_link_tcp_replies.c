// SPDX-License-Identifier: MIT
/*
 * Modbus TCP replies that are well-formed enough to fool a lenient master:
 * a wrong unit id, protocol id or MBAP length, a reply with extra or
 * duplicated bytes, an exception with code 0, and a reply trickled a byte
 * at a time (each byte within the byte timeout, the whole far beyond the
 * exchange's deadline).  Each is a failure of the drive that sent it, in
 * its own class, never of the drive asked next; and the next cycle of the
 * misbehaving drive reads fresh, correct data.
 *
 * FAKE SLAVE: omt-sim's faults are described by commands and it never
 * sends a malformed reply, so this test plays the drives itself on a real
 * TCP socket on the loopback, answering omt-generic-1 function-23
 * requests.  The link under test is the real one.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_run.h"
#include "config.h"
#include "link.h"
#include "omt_regs.h"

#define GOOD_POSITION 22222
#define BAD_POSITION 11111
#define HEIGHT_SLAVE 1

enum bend {
	BEND_NONE,
	BEND_UNIT_ID,
	BEND_PROTOCOL_ID,
	BEND_MBAP_LENGTH,       /* says two bytes more, and sends them */
	BEND_EXTRA_BYTE,        /* one byte beyond a correct reply */
	BEND_DUPLICATE,         /* the whole reply twice */
	BEND_DUPLICATE_LATER,   /* its copy only when the test says */
	BEND_EXCEPTION_ZERO,
	BEND_TRICKLE,           /* a byte every 10 ms */
	BEND_LATE,              /* correct, 120 ms late: past the deadline */
};

struct fake {
	int listen_fd, fd;
	enum bend bend;         /* for the first reply to the height drive */
	sem_t reply_sent;       /* after every complete reply */
	sem_t send_copy;        /* BEND_DUPLICATE_LATER: now */
	bool failed;
	char why[160];
};

static struct fake fake;
static pthread_t thread;
static struct link *the_link;

static bool read_n(int fd, uint8_t *p, size_t n)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t got = 0;

	while (got < n) {
		if (poll(&pfd, 1, 10000) <= 0)
			return false;
		ssize_t r = read(fd, p + got, n - got);

		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

static bool send_n(int fd, const uint8_t *p, size_t n)
{
	return send(fd, p, n, MSG_NOSIGNAL) == (ssize_t)n;
}

/* The correct reply to a function-23 request, with the given position. */
static size_t good_reply(const uint8_t *req, int32_t position, uint8_t *out)
{
	const uint16_t regs[6] = {
		OMT_STATUS_READY, 0, (uint16_t)((uint32_t)position >> 16),
		(uint16_t)((uint32_t)position & 0xffff), 0, 0,
	};

	memcpy(out, req, 4);            /* transaction and protocol id */
	out[4] = 0;
	out[5] = 3 + 12;
	out[6] = req[6];
	out[7] = 0x17;
	out[8] = 12;
	for (int i = 0; i < 6; i++) {
		out[9 + 2 * i] = (uint8_t)(regs[i] >> 8);
		out[10 + 2 * i] = (uint8_t)(regs[i] & 0xff);
	}
	return 21;
}

static bool answer(const uint8_t *req, enum bend bend)
{
	uint8_t out[64];
	size_t n = good_reply(req, bend == BEND_NONE ? GOOD_POSITION :
				     BAD_POSITION, out);

	switch (bend) {
	case BEND_NONE:
		break;
	case BEND_UNIT_ID:
		out[6] ^= 0x40;
		break;
	case BEND_PROTOCOL_ID:
		out[3] = 1;
		break;
	case BEND_MBAP_LENGTH:
		out[5] += 2;
		out[n++] = 0;
		out[n++] = 0;
		break;
	case BEND_EXTRA_BYTE:
		out[n++] = 0x55;
		break;
	case BEND_DUPLICATE:
		memcpy(out + n, out, n);
		n *= 2;
		break;
	case BEND_DUPLICATE_LATER:
		if (!send_n(fake.fd, out, n))
			return false;
		sem_post(&fake.reply_sent);
		sem_wait(&fake.send_copy);
		return send_n(fake.fd, out, n); /* fake_run posts again */
	case BEND_EXCEPTION_ZERO:
		out[5] = 3;
		out[7] = 0x17 | 0x80;
		out[8] = 0;
		n = 9;
		break;
	case BEND_LATE:
		usleep(120000);
		break;
	case BEND_TRICKLE:
		for (size_t i = 0; i < n; i++) {
			if (!send_n(fake.fd, out + i, 1))
				return false;
			usleep(10000);
		}
		return true;
	}
	return send_n(fake.fd, out, n);
}

static void *fake_run(void *arg)
{
	uint8_t req[260];
	bool bent = false;

	(void)arg;
	fake.fd = accept(fake.listen_fd, NULL, NULL);
	if (fake.fd < 0) {
		snprintf(fake.why, sizeof(fake.why), "accept: %s", strerror(errno));
		fake.failed = true;
		return NULL;
	}
	/* Until the link closes the connection. */
	while (read_n(fake.fd, req, 7)) {
		size_t len = (size_t)(req[4] << 8 | req[5]);
		enum bend bend = BEND_NONE;

		if (len < 2 || len > 253 || !read_n(fake.fd, req + 7, len - 1) ||
		    req[7] != 0x17) {
			snprintf(fake.why, sizeof(fake.why),
				 "not a function-23 request");
			fake.failed = true;
			break;
		}
		if (req[6] == HEIGHT_SLAVE && !bent) {
			bend = fake.bend;
			bent = true;
		}
		if (!answer(req, bend)) {
			snprintf(fake.why, sizeof(fake.why), "send: %s",
				 strerror(errno));
			fake.failed = true;
			break;
		}
		sem_post(&fake.reply_sent);
	}
	close(fake.fd);
	return NULL;
}

static void start_fake(enum bend bend)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof(addr);
	struct omtd_config config;
	struct link_settings settings;
	char text[512], err[OMTD_ERR_MAX];

	memset(&fake, 0, sizeof(fake));
	fake.bend = bend;
	sem_init(&fake.reply_sent, 0, 0);
	sem_init(&fake.send_copy, 0, 0);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fake.listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fake.listen_fd, 0);
	ck_assert_int_eq(bind(fake.listen_fd, (struct sockaddr *)&addr,
			      sizeof(addr)), 0);
	ck_assert_int_eq(listen(fake.listen_fd, 1), 0);
	ck_assert_int_eq(getsockname(fake.listen_fd, (struct sockaddr *)&addr,
				     &alen), 0);
	ck_assert_int_eq(pthread_create(&thread, NULL, fake_run, NULL), 0);
	/* Timeouts generous for a loaded machine: classes, not durations. */
	snprintf(text, sizeof(text),
		 "[control]\nperiod_ms = 100\nhold_timeout_ms = 400\n"
		 "comms_lost_ms = 200\n"
		 "drive_watchdog_ms = 0\n"
		 "[link]\ntransport = tcp\nhost = 127.0.0.1\nport = %u\n"
		 "response_timeout_ms = 95\nbyte_timeout_ms = 50\n",
		 ntohs(addr.sin_port));
	ck_assert_msg(omtd_config_load_string(text, "fake.conf", &config, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(omtd_config_link_settings(&config, &settings), 0);
	the_link = link_open(&settings, NULL, NULL, err, sizeof(err));
	ck_assert_msg(the_link != NULL, "%s", err);
	ck_assert(link_connected(the_link));
}

static void finish_fake(void)
{
	link_close(the_link);
	pthread_join(thread, NULL);
	close(fake.listen_fd);
	ck_assert_msg(!fake.failed, "fake slave: %s", fake.why);
}

static const struct drive_command cmd = { .setpoint = 700.0 };

static enum link_status cycle(enum omt_axis axis, struct drive_reading *r)
{
	return link_cycle(the_link, axis, &cmd, r);
}

static uint64_t errors_of(enum omt_axis axis, enum link_status st)
{
	struct link_stats s;

	link_get_stats(the_link, axis, &s);
	return s.errors[st];
}

/*
 * The height drive's first reply is bent: its cycle fails as expect, the
 * tilt drive asked next is not blamed, and height reads good data again.
 */
static void check_bent_reply(enum bend bend, enum link_status expect)
{
	struct drive_reading reading;

	start_fake(bend);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), expect);
	ck_assert_uint_eq(errors_of(OMT_AXIS_HEIGHT, expect), 1);
	/* Whatever is left of it has been sent before the next request. */
	sem_wait(&fake.reply_sent);
	ck_assert_int_eq(cycle(OMT_AXIS_TILT, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
	finish_fake();
}

START_TEST(wrong_unit_id_is_a_frame_error)
{
	check_bent_reply(BEND_UNIT_ID, LINK_FRAME);
}
END_TEST

START_TEST(wrong_protocol_id_is_a_frame_error)
{
	check_bent_reply(BEND_PROTOCOL_ID, LINK_FRAME);
}
END_TEST

START_TEST(wrong_mbap_length_is_a_frame_error)
{
	check_bent_reply(BEND_MBAP_LENGTH, LINK_FRAME);
}
END_TEST

START_TEST(extra_byte_is_a_frame_error_of_its_sender)
{
	check_bent_reply(BEND_EXTRA_BYTE, LINK_FRAME);
}
END_TEST

START_TEST(duplicated_reply_is_a_frame_error_of_its_sender)
{
	check_bent_reply(BEND_DUPLICATE, LINK_FRAME);
}
END_TEST

START_TEST(exception_code_zero_is_a_frame_error)
{
	check_bent_reply(BEND_EXCEPTION_ZERO, LINK_FRAME);
}
END_TEST

START_TEST(trickled_reply_fails_at_the_exchange_deadline)
{
	check_bent_reply(BEND_TRICKLE, LINK_TIMEOUT);
}
END_TEST

/*
 * A copy that arrives after the reply was taken: found before the next
 * request, it is blamed on the drive that sent it (its next cycle fails),
 * not on the tilt drive asked in between.
 */
START_TEST(late_duplicate_is_blamed_on_its_sender)
{
	struct drive_reading reading;

	start_fake(BEND_DUPLICATE_LATER);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), LINK_OK);
	sem_wait(&fake.reply_sent);
	sem_post(&fake.send_copy);
	sem_wait(&fake.reply_sent);
	ck_assert_int_eq(cycle(OMT_AXIS_TILT, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), LINK_FRAME);
	ck_assert_uint_eq(errors_of(OMT_AXIS_HEIGHT, LINK_FRAME), 1);
	ck_assert_uint_eq(errors_of(OMT_AXIS_TILT, LINK_FRAME), 0);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
	finish_fake();
}
END_TEST

/*
 * A reply that comes after its exchange gave up lands in the next one's:
 * over TCP its transaction id says whose it is, so it is read past, and
 * the tilt drive asked next is not blamed for it.
 */
START_TEST(late_reply_is_read_past_not_blamed_on_the_next_drive)
{
	struct drive_reading reading;

	start_fake(BEND_LATE);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), LINK_TIMEOUT);
	ck_assert_int_eq(cycle(OMT_AXIS_TILT, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
	ck_assert_uint_eq(errors_of(OMT_AXIS_TILT, LINK_FRAME), 0);
	ck_assert_int_eq(cycle(OMT_AXIS_HEIGHT, &reading), LINK_OK);
	ck_assert_int_eq(reading.position_counts, GOOD_POSITION);
	finish_fake();
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("link tcp replies", "tcp", &tc);

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, wrong_unit_id_is_a_frame_error);
	tcase_add_test(tc, wrong_protocol_id_is_a_frame_error);
	tcase_add_test(tc, wrong_mbap_length_is_a_frame_error);
	tcase_add_test(tc, extra_byte_is_a_frame_error_of_its_sender);
	tcase_add_test(tc, duplicated_reply_is_a_frame_error_of_its_sender);
	tcase_add_test(tc, exception_code_zero_is_a_frame_error);
	tcase_add_test(tc, trickled_reply_fails_at_the_exchange_deadline);
	tcase_add_test(tc, late_duplicate_is_blamed_on_its_sender);
	tcase_add_test(tc, late_reply_is_read_past_not_blamed_on_the_next_drive);
	return omt_check_run(s);
}
