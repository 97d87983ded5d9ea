// SPDX-License-Identifier: MIT
/* A Modbus exchange under a total deadline (modbus_exchange.h). */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "modbus_exchange.h"
#include "omt_time.h"

static enum link_status errno_class(int err)
{
	switch (err) {
	case ECONNRESET:
	case ECONNABORTED:
	case EPIPE:
	case ENOTCONN:
	case EBADF:
	case ENODEV:
	case ENXIO:
		return LINK_DISCONNECTED;
	default:
		return LINK_IO;
	}
}

static enum link_status send_all(const struct mb_line *line, const uint8_t *p,
				 size_t n)
{
	while (n > 0) {
		ssize_t w = line->tcp ? send(line->fd, p, n, MSG_NOSIGNAL) :
					write(line->fd, p, n);

		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return errno_class(errno);
		}
		p += w;
		n -= (size_t)w;
	}
	return LINK_OK;
}

/*
 * A serial line is never poll()ed, nor read while it holds nothing.  The
 * tty layer's poll and read, finding nothing, first wait for the receive
 * work the kernel has queued for the line (flush_work in n_tty_poll and
 * n_tty_read): uninterruptibly, with no time limit, and for a worker
 * thread of normal priority.  On a loaded machine that worker waits its
 * turn behind every other process, and the real-time control thread
 * waited with it: 180 ms in one exchange, traced under stress-ng, where
 * the exchange's deadline was 16 ms (nine cycles lost at once).  What has
 * reached the line discipline is counted with FIONREAD instead, which
 * waits for no worker, and the line is looked at again every
 * SERIAL_LOOK_NS (about a character at 115200 baud) until the deadline.
 */
#define SERIAL_LOOK_NS 100000u

/* Bytes the line discipline holds for us, or -errno. */
static int serial_waiting(int fd)
{
	int n = 0;

	if (ioctl(fd, FIONREAD, &n) != 0)
		return -errno;
	return n > 0 ? n : 0;
}

static void pause_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000u),
			       .tv_nsec = (long)(ns % 1000000000u) };

	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
}

/* read_exact() on a serial line: see SERIAL_LOOK_NS. */
static enum link_status read_exact_serial(const struct mb_line *line,
					  uint8_t *p, size_t n, bool first,
					  uint64_t deadline)
{
	uint64_t byte_ns = (uint64_t)line->byte_timeout_ms * 1000000u;
	uint64_t since = monotonic_ns();        /* the last byte, or start */
	size_t got = 0;

	while (got < n) {
		int waiting = serial_waiting(line->fd);
		uint64_t now, until;
		ssize_t r;

		if (waiting < 0)
			return errno_class(-waiting);
		if (waiting > 0) {
			size_t want = n - got < (size_t)waiting ?
				      n - got : (size_t)waiting;

			r = read(line->fd, p + got, want);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r < 0)
				return errno_class(errno);
			if (r == 0)
				return LINK_IO;
			got += (size_t)r;
			since = monotonic_ns();
			continue;
		}
		now = monotonic_ns();
		until = deadline;
		if (!(first && got == 0) && byte_ns && since + byte_ns < until)
			until = since + byte_ns;
		if (now >= until)
			return LINK_TIMEOUT;
		pause_ns(until - now < SERIAL_LOOK_NS ? until - now :
							SERIAL_LOOK_NS);
	}
	return LINK_OK;
}

/*
 * Exactly n bytes, or the reason why not.  The wait for each byte ends at
 * the deadline, and (but for the reply's first byte, whose wait is the
 * slave's answer time) after the byte timeout.
 */
static enum link_status read_exact(const struct mb_line *line, uint8_t *p,
				   size_t n, bool first, uint64_t deadline)
{
	struct pollfd pfd = { .fd = line->fd, .events = POLLIN };
	uint64_t byte_ns = (uint64_t)line->byte_timeout_ms * 1000000u;
	size_t got = 0;

	if (!line->tcp)
		return read_exact_serial(line, p, n, first, deadline);
	while (got < n) {
		uint64_t now = monotonic_ns(), wait;
		struct timespec ts;
		ssize_t r;

		if (now >= deadline)
			return LINK_TIMEOUT;
		wait = deadline - now;
		if (!(first && got == 0) && byte_ns && wait > byte_ns)
			wait = byte_ns;
		ts.tv_sec = (time_t)(wait / 1000000000u);
		ts.tv_nsec = (long)(wait % 1000000000u);
		r = ppoll(&pfd, 1, &ts, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno_class(errno);
		if (r == 0)
			return LINK_TIMEOUT;
		r = read(line->fd, p + got, n - got);
		if (r == 0)
			return line->tcp ? LINK_DISCONNECTED : LINK_IO;
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return errno_class(errno);
		}
		got += (size_t)r;
	}
	return LINK_OK;
}

/* Whether anything is already waiting beyond the reply. */
static bool more_waiting(const struct mb_line *line)
{
	struct pollfd pfd = { .fd = line->fd, .events = POLLIN };

	if (!line->tcp)
		return serial_waiting(line->fd) > 0;
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
}

size_t mb_line_drain(const struct mb_line *line, uint8_t *head,
		     size_t head_cap)
{
	uint8_t sink[256];
	size_t total = 0;

	/* Bounded: a peer that floods the line cannot hold us here. */
	for (int i = 0; i < 64 && more_waiting(line); i++) {
		/* On a serial line, no more than is there: see SERIAL_LOOK_NS. */
		size_t want = line->tcp ? sizeof(sink) :
			      (size_t)serial_waiting(line->fd);
		ssize_t r;

		if (want > sizeof(sink))
			want = sizeof(sink);
		if (want == 0)
			break;
		r = read(line->fd, sink, want);

		if (r <= 0)
			break;
		if (head && total < head_cap)
			memcpy(head + total, sink,
			       (size_t)r < head_cap - total ? (size_t)r :
							      head_cap - total);
		total += (size_t)r;
	}
	return total;
}

/* The reply's bytes, to their exact length; not yet checked beyond framing. */
static enum link_status read_tcp_reply(struct mb_line *line,
				       const struct mb_request *rq,
				       uint16_t tid, uint64_t deadline,
				       uint8_t *frame, size_t *len)
{
	size_t pdu_len;
	enum link_status st;

	st = read_exact(line, frame, MB_MBAP_LENGTH, true, deadline);
	/* Late answers to earlier requests are read past, within the deadline. */
	while (st == LINK_OK && mb_tcp_stale_reply(tid, frame)) {
		size_t stale = (size_t)(frame[4] << 8 | frame[5]) - 1;

		st = read_exact(line, frame + MB_MBAP_LENGTH, stale, false,
				deadline);
		if (st == LINK_OK)
			st = read_exact(line, frame, MB_MBAP_LENGTH, true,
					deadline);
	}
	if (st != LINK_OK)
		return st;
	st = mb_tcp_header_check(rq, tid, frame, &pdu_len);
	if (st != LINK_OK)
		return st;
	*len = MB_MBAP_LENGTH + pdu_len;
	return read_exact(line, frame + MB_MBAP_LENGTH, pdu_len, false,
			  deadline);
}

static enum link_status read_rtu_reply(struct mb_line *line,
				       const struct mb_request *rq,
				       uint64_t deadline, uint8_t *frame,
				       size_t *len)
{
	enum link_status st;

	st = read_exact(line, frame, 2, true, deadline);
	if (st != LINK_OK)
		return st;
	if (mb_rtu_reply_counts_bytes(rq, frame)) {
		/* Read as long as the reply says it is, then judge it. */
		st = read_exact(line, frame + 2, 1, false, deadline);
		if (st != LINK_OK)
			return st;
		*len = 3 + (size_t)frame[2] + 2;
		return read_exact(line, frame + 3, *len - 3, false, deadline);
	}
	*len = mb_rtu_reply_length(rq, frame);
	return read_exact(line, frame + 2, *len - 2, false, deadline);
}

enum link_status mb_exchange(struct mb_line *line, const struct mb_request *rq,
			     uint16_t *regs, uint8_t *bits, uint8_t *exception)
{
	uint64_t deadline = monotonic_ns() + (uint64_t)line->deadline_ms * 1000000u;
	uint8_t request[MB_ADU_MAX], frame[MB_ADU_MAX];
	uint16_t tid = line->next_tid++;
	struct mb_reply reply;
	enum link_status st;
	size_t n, len = 0;

	*exception = 0;
	n = line->tcp ? mb_request_tcp(rq, tid, request) :
			mb_request_rtu(rq, request);
	if (n == 0)
		return LINK_INVALID;
	st = send_all(line, request, n);
	if (st != LINK_OK)
		return st;
	/* Sent whole whatever the cut-off: the wait for the reply is cut. */
	if (line->not_after_ns && line->not_after_ns < deadline)
		deadline = line->not_after_ns;
	st = line->tcp ? read_tcp_reply(line, rq, tid, deadline, frame, &len) :
			 read_rtu_reply(line, rq, deadline, frame, &len);
	if (st != LINK_OK)
		return st;
	/* A reply followed by more (a duplicate, stray bytes) is broken. */
	if (more_waiting(line))
		return LINK_FRAME;
	reply = line->tcp ?
		mb_reply_pdu_check(rq, frame + MB_MBAP_LENGTH,
				   len - MB_MBAP_LENGTH, regs, bits) :
		mb_rtu_reply_check(rq, frame, len, regs, bits);
	if (reply.status == LINK_EXCEPTION)
		*exception = reply.exception;
	return reply.status;
}
