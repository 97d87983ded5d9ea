/*
 * omt_table_guest.h - what the guests' interlock tests share
 *
 * Included by omt_table_test.c (the x86 guest, and the arm64 guest on its
 * ACPI-less board) and arm64/omt_table_dt_test.c (the device-tree board):
 * the "ok - NAME" report, file and gpio-sim line access, the ioctls, the
 * event queue.  Header only: each test is one program built by the
 * guests' run.sh from its one source file.  Uses only the uapi header.
 */
#ifndef OMT_TABLE_GUEST_H
#define OMT_TABLE_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "uapi/omt_table.h"

/* The gpio-sim lines, in the order both boards wire them. */
enum { LINE_ESTOP_A, LINE_ESTOP_B, LINE_ENABLE, LINE_LIMIT_LOW, LINE_LIMIT_HIGH,
       LINE_OBSTRUCTION };

/* The bound of every wait for the interlock's reaction: fail, never hang. */
#define REACTION_WAIT_MS 3000

static const char *sim_dir;		/* the gpio-sim chip (or bank) in sysfs */
static const char *out_dir;		/* the chip of the enable line, if not sim_dir */
static int enable_offset = LINE_ENABLE;	/* its line there */
static const char *name_prefix = "";	/* put before every test's name */
static int failures;

static inline void report(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void report(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok - %s%s\n", name_prefix, name);
	} else {
		failures++;
		printf("not ok - %s%s # ", name_prefix, name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

static inline int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* Drive a simulated input line: pulled up (high) or down (low). */
static inline void pull(int line, bool up)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/sim_gpio%d/pull", sim_dir, line);
	if (write_file(path, up ? "pull-up" : "pull-down")) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
}

/* A line's physical level, 0 or 1; -1 when it cannot be read. */
static inline int line_value(int line)
{
	char path[512], buf[16];

	if (line == LINE_ENABLE && out_dir)
		snprintf(path, sizeof(path), "%s/sim_gpio%d/value", out_dir, enable_offset);
	else
		snprintf(path, sizeof(path), "%s/sim_gpio%d/value", sim_dir, line);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return atoi(buf);
}

static inline bool enable_line_becomes(int want)
{
	int waited;

	for (waited = 0; waited < REACTION_WAIT_MS; waited++) {
		if (line_value(LINE_ENABLE) == want)
			return true;
		sleep_ms(1);
	}
	return false;
}

static inline int xioctl(int fd, unsigned long req, unsigned long arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static inline int set_u32(int fd, unsigned long req, __u32 v)
{
	return ioctl(fd, req, &v) ? -errno : 0;
}

static inline struct omt_table_status status(int fd)
{
	struct omt_table_status st;

	memset(&st, 0xff, sizeof(st));
	if (ioctl(fd, OMT_TABLE_IOC_GET_STATUS, &st)) {
		fprintf(stderr, "GET_STATUS: %s\n", strerror(errno));
		exit(2);
	}
	return st;
}

/* Wait for an event of @type, dropping others; false on timeout. */
static inline bool wait_event_type(int fd, __u32 type,
				   struct omt_table_event *out)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct omt_table_event ev;
	int rounds;

	for (rounds = 0; rounds < 1000; rounds++) {
		if (poll(&p, 1, REACTION_WAIT_MS) <= 0)
			return false;
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev))
			return false;
		if (ev.type == type) {
			if (out)
				*out = ev;
			return true;
		}
	}
	return false;
}

/* Drop every queued event. */
static inline void drain(int fd)
{
	struct omt_table_event ev;
	int flags = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (read(fd, &ev, sizeof(ev)) == sizeof(ev))
		;
	fcntl(fd, F_SETFL, flags);
}

/* Clear every latched fault, retrying while the agreement window runs. */
static inline void clear_faults(int fd)
{
	for (int i = 0; i < 100 && status(fd).faults; i++) {
		set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ALL);
		sleep_ms(10);
	}
}

static inline int open_dev(void)
{
	int fd = open(OMT_TABLE_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", OMT_TABLE_DEVICE, strerror(errno));
		exit(2);
	}
	return fd;
}

#endif /* OMT_TABLE_GUEST_H */
