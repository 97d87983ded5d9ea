// SPDX-License-Identifier: MIT
/*
 * Record a move as the drive sees it, one row per cycle: every setpoint
 * write omtd makes (the simulator's `watch DRIVE`, stamped by the
 * simulator on CLOCK_MONOTONIC) beside the drive's actual position, read
 * with `get DRIVE` on a second connection every POLL_NS.  Each row pairs
 * a write with the newest position read, which is at most POLL_NS old.
 *
 *   bus_move_trace CONTROL_SOCKET DRIVE SECONDS OUT.csv
 *
 * Prints "ready" on stdout once it is watching, so the caller starts the
 * move then; writes
 *   t_s,setpoint,position        (seconds from the first write; units)
 * and stops after SECONDS.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "omt_time.h"

#define POLL_NS 2000000ull

struct line_reader {
	int fd;
	char buf[8192];
	size_t used;
};

static int connect_control(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -1;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int send_line(int fd, const char *text)
{
	size_t len = strlen(text);

	return write(fd, text, len) == (ssize_t)len ? 0 : -1;
}

/* Read what is there; 0 at end of stream or on error. */
static int fill(struct line_reader *r)
{
	ssize_t n = read(r->fd, r->buf + r->used, sizeof(r->buf) - 1 - r->used);

	if (n <= 0)
		return 0;
	r->used += (size_t)n;
	r->buf[r->used] = '\0';
	return 1;
}

/* Take one complete line into out (NUL-terminated); false if none yet. */
static bool take_line(struct line_reader *r, char *out, size_t size)
{
	char *nl = memchr(r->buf, '\n', r->used);
	size_t len;

	if (!nl)
		return false;
	len = (size_t)(nl - r->buf);
	snprintf(out, size, "%.*s", (int)len, r->buf);
	memmove(r->buf, nl + 1, r->used - len - 1);
	r->used -= len + 1;
	r->buf[r->used] = '\0';
	return true;
}

int main(int argc, char **argv)
{
	struct line_reader watch = { .fd = -1 }, get = { .fd = -1 };
	char line[512], command[64];
	double position = 0.0;
	bool have_position = false, get_pending = false;
	uint64_t end_ns, next_get_ns, first_t = 0;
	unsigned long rows = 0;
	FILE *out;

	if (argc != 5) {
		fprintf(stderr, "usage: bus_move_trace CONTROL_SOCKET DRIVE SECONDS OUT.csv\n");
		return 2;
	}
	watch.fd = connect_control(argv[1]);
	get.fd = connect_control(argv[1]);
	if (watch.fd < 0 || get.fd < 0) {
		fprintf(stderr, "bus_move_trace: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	snprintf(command, sizeof(command), "watch %s\n", argv[2]);
	if (send_line(watch.fd, command) != 0)
		return 1;
	while (!take_line(&watch, line, sizeof(line)))
		if (!fill(&watch))
			return 1;
	if (strncmp(line, "ok watching", 11) != 0) {
		fprintf(stderr, "bus_move_trace: the simulator said: %s\n", line);
		return 1;
	}
	out = fopen(argv[4], "w");
	if (!out) {
		fprintf(stderr, "bus_move_trace: %s: %s\n", argv[4], strerror(errno));
		return 1;
	}
	fprintf(out, "t_s,setpoint,position\n");
	printf("ready\n");
	fflush(stdout);

	snprintf(command, sizeof(command), "get %s\n", argv[2]);
	end_ns = monotonic_ns() + (uint64_t)atoi(argv[3]) * 1000000000ull;
	next_get_ns = monotonic_ns();
	while (monotonic_ns() < end_ns) {
		struct pollfd fds[2] = {
			{ .fd = watch.fd, .events = POLLIN },
			{ .fd = get.fd, .events = POLLIN },
		};
		uint64_t now = monotonic_ns();
		int wait_ms = 0;

		if (!get_pending && now >= next_get_ns) {
			if (send_line(get.fd, command) != 0)
				break;
			get_pending = true;
			next_get_ns = now + POLL_NS;
		}
		if (!get_pending && next_get_ns > now)
			wait_ms = (int)((next_get_ns - now + 999999) / 1000000);
		else if (get_pending)
			wait_ms = 10;
		if (poll(fds, 2, wait_ms) < 0 && errno != EINTR)
			break;
		if ((fds[0].revents & (POLLIN | POLLHUP)) && !fill(&watch)) {
			fprintf(stderr, "bus_move_trace: the watch ended\n");
			break;
		}
		if ((fds[1].revents & (POLLIN | POLLHUP)) && !fill(&get)) {
			fprintf(stderr, "bus_move_trace: the control socket closed\n");
			break;
		}
		while (take_line(&get, line, sizeof(line))) {
			char *p = strstr(line, "position=");

			get_pending = false;
			if (p) {
				position = strtod(p + 9, NULL);
				have_position = true;
			}
		}
		while (take_line(&watch, line, sizeof(line))) {
			unsigned long long t;
			double setpoint;

			if (sscanf(line, "%llu %lf", &t, &setpoint) != 2 || !have_position)
				continue;
			if (!first_t)
				first_t = t;
			fprintf(out, "%.6f,%.3f,%.3f\n", (t - first_t) / 1e9,
				setpoint, position);
			rows++;
		}
	}
	fclose(out);
	close(watch.fd);
	close(get.fd);
	fprintf(stderr, "bus_move_trace: %lu cycles recorded\n", rows);
	return rows ? 0 : 1;
}
