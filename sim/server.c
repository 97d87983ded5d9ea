// SPDX-License-Identifier: MIT
/* omt-sim's event loop; see server.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "responder.h"
#include "rtu_frame.h"
#include "server.h"
#include "world.h"
#include "omt_time.h"

#define MAX_TCP_CLIENTS 32
/* A client that has sent nothing for this long is closed. */
#define TCP_IDLE_TIMEOUT_NS (60 * 1000000000ull)
#define MAX_CONTROL_CLIENTS 16
#define TICK_NS 10000000ull          /* wake at least this often */
/*
 * The RTU line is looked at this often rather than poll()ed: the tty's
 * poll, finding nothing, first waits for the kernel's receive work for
 * the line, uninterruptibly and for a worker of normal priority, which a
 * loaded machine can keep waiting for a hundred milliseconds and more;
 * the simulated drives would answer that late (a drive's electronics do
 * not wait for the controller's scheduler).  FIONREAD waits for nothing.
 */
#define RTU_LOOK_NS 100000ull
#define TCP_BUF (2 * SIM_MAX_FRAME)
#define RTU_BUF 512
/* Framing silence on an unpaced pty: the 115200-baud gap. */
#define UNPACED_GAP_NS 1750000ull

struct tcp_client {
	int fd;
	uint64_t last_ns;           /* accepted, or last bytes received */
	size_t len;
	uint8_t buf[TCP_BUF];
};

struct control_client {
	int fd;
	size_t len;
	char buf[SIM_CONTROL_LINE_MAX];
	bool overlong;              /* discarding the rest of a long line */
	int watch;                  /* axis streamed, or -1 */
	uint64_t watch_seen;        /* history records already sent */
};

struct rtu_port {
	int master;
	int holder;                 /* our own fd on the slave side */
	char slave_path[64];
	struct sim_rtu_line line;
	uint8_t buf[RTU_BUF];
	size_t len;
	uint64_t first_byte_ns, last_byte_ns;
	/* Paced line: a request still crossing the wire, then its reply. */
	uint8_t request[RTU_BUF];
	size_t request_len;
	uint64_t request_due_ns;    /* 0: nothing pending */
	uint8_t reply[SIM_MAX_FRAME];
	size_t reply_len;
	uint64_t reply_due_ns;      /* 0: nothing pending */
};

struct server {
	const struct sim_config *cfg;
	struct sim_world world;
	struct sim_responder responder;
	int listen_fd;
	unsigned int tcp_port;
	struct tcp_client tcp[MAX_TCP_CLIENTS];
	int control_fd;
	struct control_client ctl[MAX_CONTROL_CLIENTS];
	struct rtu_port rtu;
	bool link_made;
};

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/*
 * A path left behind by an earlier run may be replaced, but only if it is
 * what that run would have left (a symlink, a socket): never a file the
 * user named by mistake.
 */
static int clear_stale(const char *path, mode_t kind, const char *what)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if ((st.st_mode & S_IFMT) != kind) {
		fprintf(stderr, "omt-sim: %s exists and is not a %s; not replacing it\n",
			path, what);
		return -1;
	}
	return unlink(path);
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* ---- TCP ---- */

static int open_tcp(struct server *s)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res;
	struct sockaddr_storage bound;
	socklen_t blen = sizeof(bound);
	char port[8];
	int fd, one = 1, rc;

	snprintf(port, sizeof(port), "%u", s->cfg->tcp_port);
	rc = getaddrinfo(s->cfg->tcp_host, port, &hints, &res);
	if (rc) {
		fprintf(stderr, "omt-sim: --tcp %s: %s\n", s->cfg->tcp_host,
			gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) < 0 ||
	    listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&bound, &blen) < 0) {
		fprintf(stderr, "omt-sim: --tcp %s:%u: %s\n", s->cfg->tcp_host,
			s->cfg->tcp_port, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	s->listen_fd = fd;
	s->tcp_port = ntohs(bound.ss_family == AF_INET6 ?
			    ((struct sockaddr_in6 *)&bound)->sin6_port :
			    ((struct sockaddr_in *)&bound)->sin_port);
	return 0;
}

static void close_tcp(struct tcp_client *c)
{
	close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static void accept_tcp(struct server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	int one = 1, i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_TCP_CLIENTS; i++)
		if (s->tcp[i].fd < 0)
			break;
	if (i == MAX_TCP_CLIENTS) {
		/*
		 * Full: the client silent the longest makes room.  A master
		 * polling every cycle is never that one, so idle or dead
		 * connections cannot lock it out.
		 */
		i = 0;
		for (int j = 1; j < MAX_TCP_CLIENTS; j++)
			if (s->tcp[j].last_ns < s->tcp[i].last_ns)
				i = j;
		close_tcp(&s->tcp[i]);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->tcp[i].fd = fd;
	s->tcp[i].len = 0;
	s->tcp[i].last_ns = monotonic_ns();
}

static void close_idle_tcp(struct server *s, uint64_t t)
{
	for (int i = 0; i < MAX_TCP_CLIENTS; i++)
		if (s->tcp[i].fd >= 0 &&
		    t - s->tcp[i].last_ns > TCP_IDLE_TIMEOUT_NS)
			close_tcp(&s->tcp[i]);
}

/* Serves every complete MBAP frame in the client's buffer. */
static void serve_tcp_frames(struct server *s, struct tcp_client *c)
{
	uint8_t out[SIM_MAX_FRAME];
	size_t frame, n;
	unsigned int protocol, length;

	while (c->len >= SIM_MBAP_LENGTH) {
		protocol = (unsigned int)c->buf[2] << 8 | c->buf[3];
		length = (unsigned int)c->buf[4] << 8 | c->buf[5];
		if (protocol != 0 || length < 2 ||
		    length > MODBUS_MAX_PDU_LENGTH + 1) {
			/* A stream with a broken header cannot be resynchronised. */
			s->world.malformed++;
			close_tcp(c);
			return;
		}
		frame = 6 + length;
		if (c->len < frame)
			return;
		n = sim_respond(&s->world, &s->responder, SIM_TRANSPORT_TCP,
				c->buf, frame, monotonic_ns(), out, sizeof(out));
		if (n > 0 && send(c->fd, out, n, MSG_NOSIGNAL | MSG_DONTWAIT) !=
				     (ssize_t)n) {
			close_tcp(c);
			return;
		}
		memmove(c->buf, c->buf + frame, c->len - frame);
		c->len -= frame;
	}
}

static void read_tcp(struct server *s, struct tcp_client *c)
{
	ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);

	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			close_tcp(c);
		return;
	}
	c->len += (size_t)n;
	c->last_ns = monotonic_ns();
	serve_tcp_frames(s, c);
}

/* ---- RTU on a pseudo-terminal ---- */

static int make_raw(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		return -1;
	cfmakeraw(&t);
	cfsetispeed(&t, B115200);
	cfsetospeed(&t, B115200);
	return tcsetattr(fd, TCSANOW, &t);
}

static int open_rtu(struct server *s)
{
	struct rtu_port *p = &s->rtu;
	const char *name;

	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master < 0 || grantpt(p->master) < 0 || unlockpt(p->master) < 0 ||
	    !(name = ptsname(p->master))) {
		fprintf(stderr, "omt-sim: pseudo-terminal: %s\n", strerror(errno));
		return -1;
	}
	snprintf(p->slave_path, sizeof(p->slave_path), "%s", name);
	/*
	 * Holding the slave side open keeps the master readable between
	 * clients: without it the master reports a hang-up each time the
	 * last client closes.
	 */
	p->holder = open(p->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->holder < 0 || make_raw(p->holder) < 0) {
		fprintf(stderr, "omt-sim: %s: %s\n", p->slave_path, strerror(errno));
		return -1;
	}
	set_nonblock(p->master);
	p->line.baud = s->cfg->baud;
	if (s->cfg->rtu_link) {
		if (clear_stale(s->cfg->rtu_link, S_IFLNK, "symlink") < 0 ||
		    symlink(p->slave_path, s->cfg->rtu_link) < 0) {
			fprintf(stderr, "omt-sim: symlink %s: %s\n",
				s->cfg->rtu_link, strerror(errno));
			return -1;
		}
		s->link_made = true;
	}
	return 0;
}

static uint64_t rtu_gap(const struct server *s)
{
	return s->cfg->baud ? sim_rtu_gap_ns(s->cfg->baud) : UNPACED_GAP_NS;
}

static void send_rtu_reply(struct rtu_port *p)
{
	/* Whatever a departed client left unread is stale now. */
	tcflush(p->holder, TCIFLUSH);
	if (write(p->master, p->reply, p->reply_len) < 0)
		p->reply_len = 0;
	p->reply_len = 0;
	p->reply_due_ns = 0;
}

/* The line is busy: a paced request or reply is still on its way. */
static bool rtu_busy(const struct rtu_port *p)
{
	return p->request_due_ns != 0 || p->reply_due_ns != 0;
}

/* The drive acts on a request once it has wholly arrived. */
static void act_on_rtu_request(struct server *s, const uint8_t *frame,
			       size_t len, uint64_t t)
{
	struct rtu_port *p = &s->rtu;
	uint64_t due;

	p->reply_len = sim_respond(&s->world, &s->responder, SIM_TRANSPORT_RTU,
				   frame, len, t, p->reply, sizeof(p->reply));
	if (!s->cfg->baud) {
		if (p->reply_len > 0)
			send_rtu_reply(p);
		return;
	}
	due = sim_rtu_line_reply_end(&p->line, t, p->reply_len);
	if (p->reply_len > 0)
		p->reply_due_ns = due > t ? due : t;
}

static void serve_rtu_frame(struct server *s, size_t len, uint64_t t)
{
	struct rtu_port *p = &s->rtu;

	if (s->cfg->baud) {
		memcpy(p->request, p->buf, len);
		p->request_len = len;
		p->request_due_ns = sim_rtu_line_request_end(&p->line,
							     p->first_byte_ns, len);
		if (p->request_due_ns == 0)
			p->request_due_ns = 1;
	} else {
		act_on_rtu_request(s, p->buf, len, t);
	}
	memmove(p->buf, p->buf + len, p->len - len);
	p->len -= len;
	p->first_byte_ns = p->last_byte_ns;
}

/* A complete frame by its own length and CRC is served without waiting. */
static void try_rtu_frame(struct server *s, uint64_t t)
{
	struct rtu_port *p = &s->rtu;
	int want;

	while (p->len > 0 && !rtu_busy(p)) {
		want = sim_rtu_request_length(p->buf, p->len);
		if (want <= 0 || p->len < (size_t)want ||
		    !sim_rtu_crc_ok(p->buf, (size_t)want))
			return;
		serve_rtu_frame(s, (size_t)want, t);
	}
}

/*
 * The line has been silent for 3.5 characters: whatever is buffered is
 * one frame.  With a good CRC it is answered (an unknown function or a
 * wrong length gets its exception); otherwise it is dropped, as a slave
 * on a noisy line must.
 */
static void rtu_silence(struct server *s, uint64_t t)
{
	struct rtu_port *p = &s->rtu;

	if (sim_rtu_crc_ok(p->buf, p->len)) {
		serve_rtu_frame(s, p->len, t);
		return;
	}
	if (p->len >= SIM_RTU_MIN_FRAME)
		s->world.crc_errors++;
	else
		s->world.malformed++;
	p->len = 0;
}

/* What the line discipline holds for us (FIONREAD), 0 on error. */
static int rtu_waiting(const struct rtu_port *p)
{
	int n = 0;

	if (ioctl(p->master, FIONREAD, &n) != 0)
		return 0;
	return n > 0 ? n : 0;
}

static void read_rtu(struct server *s)
{
	struct rtu_port *p = &s->rtu;
	uint64_t t = monotonic_ns();
	ssize_t n;

	if (p->len > 0 && t - p->last_byte_ns >= rtu_gap(s))
		rtu_silence(s, t);
	if (p->len == sizeof(p->buf)) {
		/* Longer than any frame: noise. */
		s->world.malformed++;
		p->len = 0;
	}
	n = read(p->master, p->buf + p->len, sizeof(p->buf) - p->len);
	if (n <= 0)
		return;
	if (p->len == 0)
		p->first_byte_ns = t;
	p->len += (size_t)n;
	p->last_byte_ns = t;
	try_rtu_frame(s, t);
}

static void rtu_timers(struct server *s, uint64_t t)
{
	struct rtu_port *p = &s->rtu;

	if (p->request_due_ns && t >= p->request_due_ns) {
		p->request_due_ns = 0;
		act_on_rtu_request(s, p->request, p->request_len, t);
	}
	if (p->reply_due_ns && t >= p->reply_due_ns)
		send_rtu_reply(p);
	if (!rtu_busy(p) && p->len > 0) {
		try_rtu_frame(s, t);
		if (p->len > 0 && t - p->last_byte_ns >= rtu_gap(s))
			rtu_silence(s, t);
	}
}

/* ---- control socket ---- */

static int open_control(struct server *s)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(s->cfg->control_path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "omt-sim: --control path too long\n");
		return -1;
	}
	strcpy(addr.sun_path, s->cfg->control_path);
	if (clear_stale(addr.sun_path, S_IFSOCK, "socket") < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(fd, 8) < 0) {
		fprintf(stderr, "omt-sim: --control %s: %s\n",
			s->cfg->control_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	s->control_fd = fd;
	return 0;
}

static void accept_control(struct server *s)
{
	int fd = accept4(s->control_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	int i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CONTROL_CLIENTS; i++) {
		if (s->ctl[i].fd < 0) {
			memset(&s->ctl[i], 0, sizeof(s->ctl[i]));
			s->ctl[i].fd = fd;
			s->ctl[i].watch = -1;
			return;
		}
	}
	close(fd);
}

static void close_control(struct control_client *c)
{
	close(c->fd);
	c->fd = -1;
}

/*
 * Control clients are local, but a watcher that stops reading must not
 * stall the bus: a client whose socket stays full for WRITE_STALL_MS is
 * dropped.
 */
#define WRITE_STALL_MS 200

static int write_all(int fd, const char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if (poll(&p, 1, WRITE_STALL_MS) != 1)
				return -1;
			continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void run_control_line(struct server *s, struct control_client *c)
{
	static char reply[SIM_CONTROL_REPLY_MAX];
	int watch;

	sim_world_advance(&s->world, monotonic_ns());
	sim_control_execute(&s->world, c->buf, reply, sizeof(reply), &watch);
	if (watch >= 0) {
		c->watch = watch;
		c->watch_seen = s->world.history[watch].count;
	}
	if (write_all(c->fd, reply, strlen(reply)) < 0)
		close_control(c);
}

static void read_control(struct server *s, struct control_client *c)
{
	char chunk[256];
	ssize_t n = read(c->fd, chunk, sizeof(chunk));
	ssize_t i;

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			close_control(c);
		return;
	}
	for (i = 0; i < n && c->fd >= 0; i++) {
		if (chunk[i] == '\n') {
			c->buf[c->len] = '\0';
			if (c->overlong) {
				if (write_all(c->fd, "error line too long\n", 20) < 0)
					close_control(c);
			} else {
				run_control_line(s, c);
			}
			c->len = 0;
			c->overlong = false;
		} else if (c->len + 1 < sizeof(c->buf)) {
			c->buf[c->len++] = chunk[i];
		} else {
			c->overlong = true;
		}
	}
}

static void stream_watchers(struct server *s)
{
	const struct sim_history *h;
	struct control_client *c;
	char line[64];
	int i, n;

	for (i = 0; i < MAX_CONTROL_CLIENTS; i++) {
		c = &s->ctl[i];
		if (c->fd < 0 || c->watch < 0)
			continue;
		h = &s->world.history[c->watch];
		if (h->count - c->watch_seen > SIM_HISTORY_LEN)
			c->watch_seen = h->count - SIM_HISTORY_LEN;
		while (c->fd >= 0 && c->watch_seen < h->count) {
			n = sim_control_format_record(
				&h->rec[c->watch_seen % SIM_HISTORY_LEN],
				line, sizeof(line));
			if (write_all(c->fd, line, (size_t)n) < 0)
				close_control(c);
			c->watch_seen++;
		}
	}
}

/* ---- the loop ---- */

static void announce(struct server *s)
{
	char line[512];
	int len = snprintf(line, sizeof(line), "READY");

	/* An IPv6 literal goes in brackets so the port stays unambiguous. */
	if (s->listen_fd >= 0)
		len += snprintf(line + len, sizeof(line) - (size_t)len,
				strchr(s->cfg->tcp_host, ':') ? " tcp=[%s]:%u" :
								" tcp=%s:%u",
				s->cfg->tcp_host, s->tcp_port);
	if (s->cfg->rtu)
		len += snprintf(line + len, sizeof(line) - (size_t)len,
				" rtu=%s", s->rtu.slave_path);
	if (s->cfg->control_path)
		len += snprintf(line + len, sizeof(line) - (size_t)len,
				" control=%s", s->cfg->control_path);
	len += snprintf(line + len, sizeof(line) - (size_t)len, "\n");
	fputs(line, stdout);
	fflush(stdout);
	if (s->cfg->ready_fd >= 0) {
		if (write(s->cfg->ready_fd, line, (size_t)len) < 0)
			fprintf(stderr, "omt-sim: --ready-fd: %s\n", strerror(errno));
		close(s->cfg->ready_fd);
	}
}

static uint64_t next_wake(const struct server *s, uint64_t t)
{
	uint64_t wake = t + TICK_NS;

	if (s->rtu.request_due_ns && s->rtu.request_due_ns < wake)
		wake = s->rtu.request_due_ns;
	if (s->rtu.reply_due_ns && s->rtu.reply_due_ns < wake)
		wake = s->rtu.reply_due_ns;
	if (s->rtu.len > 0 && s->rtu.last_byte_ns + rtu_gap(s) < wake)
		wake = s->rtu.last_byte_ns + rtu_gap(s);
	if (s->cfg->rtu && !rtu_busy(&s->rtu) && t + RTU_LOOK_NS < wake)
		wake = t + RTU_LOOK_NS;
	return wake;
}

enum { SLOT_LISTEN, SLOT_CONTROL, SLOT_TCP0,
       SLOT_CTL0 = SLOT_TCP0 + MAX_TCP_CLIENTS,
       SLOT_COUNT = SLOT_CTL0 + MAX_CONTROL_CLIENTS };

static void poll_once(struct server *s, const sigset_t *wait_mask)
{
	struct pollfd pfd[SLOT_COUNT];
	struct timespec timeout;
	uint64_t t = monotonic_ns(), wake = next_wake(s, t);
	int i;

	for (i = 0; i < SLOT_COUNT; i++)
		pfd[i] = (struct pollfd){ .fd = -1, .events = POLLIN };
	pfd[SLOT_LISTEN].fd = s->listen_fd;
	pfd[SLOT_CONTROL].fd = s->control_fd;
	/* The RTU line is looked at below, not polled (RTU_LOOK_NS). */
	for (i = 0; i < MAX_TCP_CLIENTS; i++)
		pfd[SLOT_TCP0 + i].fd = s->tcp[i].fd;
	for (i = 0; i < MAX_CONTROL_CLIENTS; i++)
		pfd[SLOT_CTL0 + i].fd = s->ctl[i].fd;

	timeout.tv_sec = wake > t ? (time_t)((wake - t) / NSEC_PER_SEC) : 0;
	timeout.tv_nsec = wake > t ? (long)((wake - t) % NSEC_PER_SEC) : 0;
	if (ppoll(pfd, SLOT_COUNT, &timeout, wait_mask) < 0)
		return;

	if (pfd[SLOT_LISTEN].revents & POLLIN)
		accept_tcp(s);
	if (pfd[SLOT_CONTROL].revents & POLLIN)
		accept_control(s);
	/* Half duplex: the line carries nothing new while a reply is due. */
	if (s->cfg->rtu && !rtu_busy(&s->rtu) && rtu_waiting(&s->rtu) > 0)
		read_rtu(s);
	for (i = 0; i < MAX_TCP_CLIENTS; i++)
		if (pfd[SLOT_TCP0 + i].revents && s->tcp[i].fd >= 0)
			read_tcp(s, &s->tcp[i]);
	for (i = 0; i < MAX_CONTROL_CLIENTS; i++)
		if (pfd[SLOT_CTL0 + i].revents && s->ctl[i].fd >= 0)
			read_control(s, &s->ctl[i]);
	t = monotonic_ns();
	close_idle_tcp(s, t);
	if (s->cfg->rtu)
		rtu_timers(s, t);
	sim_world_advance(&s->world, t);
	stream_watchers(s);
}

static void shut_down(struct server *s)
{
	int i;

	for (i = 0; i < MAX_TCP_CLIENTS; i++)
		if (s->tcp[i].fd >= 0)
			close_tcp(&s->tcp[i]);
	for (i = 0; i < MAX_CONTROL_CLIENTS; i++)
		if (s->ctl[i].fd >= 0)
			close_control(&s->ctl[i]);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->control_fd >= 0) {
		close(s->control_fd);
		unlink(s->cfg->control_path);
	}
	if (s->rtu.holder >= 0)
		close(s->rtu.holder);
	if (s->rtu.master >= 0)
		close(s->rtu.master);
	if (s->link_made)
		unlink(s->cfg->rtu_link);
	sim_responder_free(&s->responder);
}

int sim_server_run(const struct sim_config *cfg)
{
	static struct server s;
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigset_t block, wait_mask;
	int i, rc = 1;

	memset(&s, 0, sizeof(s));
	s.cfg = cfg;
	s.listen_fd = s.control_fd = s.rtu.master = s.rtu.holder = -1;
	for (i = 0; i < MAX_TCP_CLIENTS; i++)
		s.tcp[i].fd = -1;
	for (i = 0; i < MAX_CONTROL_CLIENTS; i++)
		s.ctl[i].fd = -1;
	sim_world_init(&s.world);
	for (int c = 0; c < cfg->n_classes; c++)
		sim_world_set_class(&s.world, cfg->classes[c].index,
				    cfg->classes[c].drive_class,
				    cfg->classes[c].map);

	/* Stop signals are taken only inside ppoll(), never mid-request. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (sim_responder_init(&s.responder) < 0) {
		fprintf(stderr, "omt-sim: cannot set up the Modbus replier\n");
		goto out;
	}
	if ((cfg->tcp_host && open_tcp(&s) < 0) || (cfg->rtu && open_rtu(&s) < 0) ||
	    (cfg->control_path && open_control(&s) < 0))
		goto out;
	sim_world_advance(&s.world, monotonic_ns());
	announce(&s);
	while (!stop_requested)
		poll_once(&s, &wait_mask);
	rc = 0;
out:
	shut_down(&s);
	return rc;
}
