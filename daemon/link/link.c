// SPDX-License-Identifier: MIT
/*
 * The Modbus link over libmodbus; the rules it keeps are in link.h.
 *
 * libmodbus connects (TCP, or the serial port's settings); every request
 * is then one exchange of modbus_exchange.c on that descriptor, under a
 * total deadline and with its reply checked completely.  Each goes
 * through finish(), which times it, counts it, flushes the line after a
 * broken or missing reply and notices a peer that went away.  Bytes found
 * waiting before a request were sent by the unit asked before: that unit
 * is blamed (its next exchange fails as a frame error), not the next one.
 * No request path allocates.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <modbus.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <termios.h>
#include <time.h>

#include "drive_codec.h"
#include "link.h"
#include "link_rs485.h"
#include "link_stats.h"
#include "omt_io_map.h"
#include "omt_time.h"
#include "modbus_exchange.h"

struct link_drive {
	bool present;
	uint8_t slave;
	struct omt_regmap profile;
	struct regmap_plan plan;
};

struct link {
	modbus_t *ctx;
	struct link_line_settings cfg;
	struct link_drive drive[OMT_AXIS_COUNT];
	uint8_t io_slave;
	enum link_io_read io_read;
	bool connected;
	bool line_dirty;        /* a reply may still be on its way */
	uint64_t cutoff_ns;     /* link_set_cutoff(); 0: none */
	uint64_t quiet_at_ns;   /* RTU: a reply given up may come until */
	uint16_t next_tid;      /* MBAP transaction id */
	int last_unit;          /* asked last (-1: none): stray bytes are its */
	bool stray[LINK_UNITS]; /* sent bytes beyond its reply */
	bool attempted;
	uint64_t last_attempt_ns;
	uint64_t connections;
	/*
	 * Reconnecting happens on a helper thread (link_reconnect()): it
	 * makes and connects a new context while wanted, and hands it over
	 * through ready; a context the link no longer uses goes back through
	 * retired to be closed and freed there.
	 */
	char host[LINK_HOST_MAX];       /* TCP: resolved once, at open */
	pthread_t helper;
	bool helper_running;
	atomic_bool helper_stop;
	atomic_bool wanted;
	_Atomic(modbus_t *) ready;
	_Atomic(modbus_t *) retired;
	modbus_t *retiring;             /* waits for retired to be free */
	link_log_fn log;
	void *log_arg;
	struct link_stats stats[LINK_UNITS];
};

__attribute__((format(printf, 3, 4)))
static void link_log(struct link *l, int priority, const char *fmt, ...)
{
	char message[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (l->log)
		l->log(l->log_arg, priority, message);
	else
		fprintf(stderr, "omtd link: %s\n", message);
}

static void set_timeout(modbus_t *ctx, uint32_t ms, bool response)
{
	uint32_t sec = ms / 1000, usec = (ms % 1000) * 1000;

	if (response)
		modbus_set_response_timeout(ctx, sec, usec);
	else
		modbus_set_byte_timeout(ctx, sec, usec);
}

static modbus_t *new_context(const struct link_line_settings *cfg,
			     const char *host, char *err, size_t errlen)
{
	modbus_t *ctx;

	if (cfg->transport == LINK_TRANSPORT_TCP) {
		char port[8];

		snprintf(port, sizeof(port), "%u", cfg->port);
		ctx = modbus_new_tcp_pi(host, port);
	} else {
		ctx = modbus_new_rtu(cfg->device, (int)cfg->baud, cfg->parity,
				     cfg->data_bits, cfg->stop_bits);
	}
	if (!ctx) {
		snprintf(err, errlen, "cannot set up the Modbus %s link: %s",
			 cfg->transport == LINK_TRANSPORT_TCP ? "TCP" : "RTU",
			 modbus_strerror(errno));
		return NULL;
	}
	/*
	 * A failed request must come back at once: recovering (reconnecting,
	 * waiting out a garbled reply) is the caller's decision, made outside
	 * the control path.
	 */
	modbus_set_error_recovery(ctx, MODBUS_ERROR_RECOVERY_NONE);
	set_timeout(ctx, cfg->response_timeout_ms, true);
	set_timeout(ctx, cfg->byte_timeout_ms, false);
	return ctx;
}

/*
 * Connect and, on RTU, set RS-485 direction control.  Returns 0, -EOPNOTSUPP
 * for a port that cannot do what the settings demand, or another negative
 * errno for a bus that cannot be reached now; err says which.
 */
static int connect_ctx(struct link *l, modbus_t *ctx, char *err, size_t errlen)
{
	if (modbus_connect(ctx) != 0) {
		int e = errno ? errno : EIO;

		snprintf(err, errlen, "cannot connect to %s: %s",
			 l->cfg.transport == LINK_TRANSPORT_TCP ? l->cfg.host :
								  l->cfg.device,
			 modbus_strerror(e));
		return -e;
	}
	if (l->cfg.transport == LINK_TRANSPORT_RTU) {
		char why[160];

		switch (link_rs485_apply(modbus_get_socket(ctx), &l->cfg,
					 why, sizeof(why))) {
		case LINK_RS485_APPLIED:
			link_log(l, LOG_INFO, "%s: kernel RS-485 direction control on",
				 l->cfg.device);
			break;
		case LINK_RS485_NOT_REQUESTED:
			link_log(l, LOG_INFO, "%s", why);
			break;
		case LINK_RS485_UNSUPPORTED:
			if (l->cfg.rs485 == LINK_RS485_KERNEL) {
				snprintf(err, errlen, "%s, and [link] rs485 = kernel requires it",
					 why);
				modbus_close(ctx);
				return -EOPNOTSUPP;
			}
			link_log(l, LOG_WARNING,
				 "%s; continuing without it (rs485 = auto): the adapter must switch direction itself",
				 why);
			break;
		case LINK_RS485_FAILED:
			snprintf(err, errlen, "%s", why);
			modbus_close(ctx);
			return -EIO;
		}
	}
	/* Whatever arrived before we were listening is not an answer. */
	modbus_flush(ctx);
	return 0;
}

static int connect_now(struct link *l, char *err, size_t errlen)
{
	int rc = connect_ctx(l, l->ctx, err, errlen);

	if (rc == 0) {
		l->connected = true;
		l->connections++;
	}
	return rc;
}

/*
 * The TCP host's address, looked up once at open (a name server is no
 * part of the control path).  A host that cannot be resolved now is kept
 * as a name, and looked up again at each reconnection by the helper.
 */
static void resolve_host(struct link *l)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	const void *addr;
	char text[INET6_ADDRSTRLEN];

	snprintf(l->host, sizeof(l->host), "%s", l->cfg.host);
	if (l->cfg.transport != LINK_TRANSPORT_TCP ||
	    getaddrinfo(l->cfg.host, NULL, &hints, &res) != 0 || !res)
		return;
	if (res->ai_family == AF_INET)
		addr = &((struct sockaddr_in *)res->ai_addr)->sin_addr;
	else
		addr = &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
	if (inet_ntop(res->ai_family, addr, text, sizeof(text)))
		snprintf(l->host, sizeof(l->host), "%s", text);
	freeaddrinfo(res);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The helper: frees what the link retired, connects what it wants. */
static void *reconnect_helper(void *arg)
{
	struct link *l = arg;
	char why[256], err[256];
	uint64_t last = 0;

	pthread_setname_np(pthread_self(), "omtd-link");
	while (!atomic_load(&l->helper_stop)) {
		modbus_t *old = atomic_exchange(&l->retired, NULL);
		uint64_t now = monotonic_ns();

		if (old) {
			modbus_close(old);
			modbus_free(old);
		}
		if (atomic_load(&l->wanted) && !atomic_load(&l->ready) &&
		    (last == 0 || now - last >=
		     (uint64_t)l->cfg.reconnect_interval_ms * NSEC_PER_MSEC)) {
			modbus_t *ctx = new_context(&l->cfg, l->host, err,
						    sizeof(err));

			last = now;
			if (!ctx) {
				link_log(l, LOG_WARNING, "%s", err);
			} else if (connect_ctx(l, ctx, why, sizeof(why)) != 0) {
				link_log(l, LOG_WARNING, "%s", why);
				modbus_free(ctx);
			} else {
				atomic_store(&l->wanted, false);
				atomic_store(&l->ready, ctx);
			}
		}
		sleep_ms(20);
	}
	return NULL;
}



struct link *link_open(const struct link_settings *settings, link_log_fn log,
		       void *log_arg, char *err, size_t errlen)
{
	struct link *l = calloc(1, sizeof(*l));
	char why[256];
	int rc;

	if (!l) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	l->cfg = settings->line;
	l->last_unit = -1;
	l->log = log;
	l->log_arg = log_arg;
	l->io_slave = settings->io_slave;
	l->io_read = settings->io_read;
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct link_drive_settings *d = &settings->drive[a];
		struct link_drive *ld = &l->drive[a];

		ld->present = d->present;
		ld->slave = d->slave;
		ld->profile = d->regmap;
		regmap_plan_build(&ld->profile, &ld->plan);
	}
	resolve_host(l);
	l->ctx = new_context(&l->cfg, l->host, err, errlen);
	if (!l->ctx) {
		free(l);
		return NULL;
	}
	l->attempted = true;
	l->last_attempt_ns = monotonic_ns();
	rc = connect_now(l, why, sizeof(why));
	if (rc == -EOPNOTSUPP) {
		snprintf(err, errlen, "%s", why);
		modbus_free(l->ctx);
		free(l);
		return NULL;
	}
	if (rc < 0)
		link_log(l, LOG_WARNING, "%s; will retry", why);
	atomic_init(&l->helper_stop, false);
	atomic_init(&l->wanted, false);
	atomic_init(&l->ready, NULL);
	atomic_init(&l->retired, NULL);
	rc = pthread_create(&l->helper, NULL, reconnect_helper, l);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the link's helper thread: %s",
			 strerror(rc));
		if (l->connected)
			modbus_close(l->ctx);
		modbus_free(l->ctx);
		free(l);
		return NULL;
	}
	l->helper_running = true;
	return l;
}

static void free_ctx(modbus_t *ctx)
{
	if (ctx) {
		modbus_close(ctx);
		modbus_free(ctx);
	}
}

void link_close(struct link *l)
{
	if (!l)
		return;
	if (l->helper_running) {
		atomic_store(&l->helper_stop, true);
		pthread_join(l->helper, NULL);
	}
	free_ctx(atomic_exchange(&l->ready, NULL));
	free_ctx(atomic_exchange(&l->retired, NULL));
	free_ctx(l->retiring);
	if (l->connected)
		modbus_close(l->ctx);
	modbus_free(l->ctx);
	free(l);
}

bool link_connected(const struct link *l)
{
	return l->connected;
}

uint64_t link_connections(const struct link *l)
{
	return l->connections;
}

enum link_status link_reconnect(struct link *l, uint64_t now)
{
	modbus_t *ctx;

	/* The context given up last time, to the helper when it has room. */
	if (l->retiring) {
		modbus_t *none = NULL;

		if (atomic_compare_exchange_strong(&l->retired, &none,
						   l->retiring))
			l->retiring = NULL;
	}
	if (l->connected)
		return LINK_OK;
	ctx = atomic_exchange(&l->ready, NULL);
	if (!ctx) {
		/* The helper connects; nothing here may block. */
		atomic_store(&l->wanted, true);
		return LINK_DISCONNECTED;
	}
	if (l->retiring) {
		/* The old one is not yet handed back: adopt next cycle. */
		atomic_store(&l->ready, ctx);
		return LINK_DISCONNECTED;
	}
	l->retiring = l->ctx;
	l->ctx = ctx;
	l->connected = true;
	l->connections++;
	l->line_dirty = false;
	l->attempted = true;
	l->last_attempt_ns = now;
	link_log(l, LOG_NOTICE, "reconnected");
	return LINK_OK;
}

/* The connected descriptor as an exchange sees it. */
static struct mb_line line_of(struct link *l)
{
	return (struct mb_line){
		.fd = modbus_get_socket(l->ctx),
		.tcp = l->cfg.transport == LINK_TRANSPORT_TCP,
		.next_tid = l->next_tid,
		.deadline_ms = l->cfg.response_timeout_ms,
		.not_after_ns = l->cutoff_ns,
		.byte_timeout_ms = l->cfg.byte_timeout_ms,
	};
}

void link_set_cutoff(struct link *l, uint64_t not_after_ns)
{
	l->cutoff_ns = not_after_ns;
}

uint64_t link_quiet_at(const struct link *l)
{
	return l->quiet_at_ns;
}

/* Account one exchange and act on its failure. */
static enum link_status finish(struct link *l, unsigned int unit,
			       enum link_status st, uint8_t exception,
			       uint64_t started_ns)
{
	struct link_stats *s = &l->stats[unit];
	uint64_t us = (monotonic_ns() - started_ns) / 1000u;

	s->transactions++;
	l->last_unit = (int)unit;
	if (st == LINK_OK) {
		link_stats_record_rtt(s, us > UINT32_MAX ? UINT32_MAX : (uint32_t)us);
		s->ok++;
		s->last_status = LINK_OK;
		return LINK_OK;
	}
	s->errors[st]++;
	s->last_status = st;
	if (st == LINK_EXCEPTION) {
		/* A well-formed answer: the line is in step. */
		s->last_exception = exception;
		link_stats_record_rtt(s, us > UINT32_MAX ? UINT32_MAX : (uint32_t)us);
	} else if (st == LINK_DISCONNECTED) {
		modbus_close(l->ctx);
		l->connected = false;
		link_log(l, LOG_WARNING, "link lost: the peer closed the connection");
	} else if (st != LINK_INVALID) {
		/*
		 * Drop what is left of a broken or late reply so that it cannot
		 * be taken for the answer to the next request; a reply that is
		 * merely late may still arrive, so flush again before the next.
		 */
		struct mb_line line = line_of(l);

		mb_line_drain(&line, NULL, 0);
		l->line_dirty = true;
	}
	return st;
}

/* A request cannot be sent: count it like one that failed. */
static enum link_status refuse(struct link *l, unsigned int unit,
			       enum link_status st)
{
	l->stats[unit].errors[st]++;
	l->stats[unit].last_status = st;
	return st;
}

static enum link_status begin(struct link *l, unsigned int unit,
			      uint8_t slave)
{
	uint8_t head[MB_MBAP_LENGTH];
	struct mb_line line;
	size_t stray;

	if (!l->connected)
		return refuse(l, unit, LINK_DISCONNECTED);
	if (slave < 1 || slave > 247)
		return refuse(l, unit, LINK_INVALID);
	line = line_of(l);
	/*
	 * RTU, after a reply given up on: it may still come (late from the
	 * slave, or held in the kernel's receive work) until its full
	 * response timeout has passed, and a reply of the same slave,
	 * function and length would pass for the next request's.  Nothing
	 * is sent before then; the control loop plans with link_quiet_at().
	 */
	if (!line.tcp && monotonic_ns() < l->quiet_at_ns) {
		uint64_t wait = l->quiet_at_ns - monotonic_ns();
		struct timespec ts = { .tv_sec = (time_t)(wait / NSEC_PER_SEC),
				       .tv_nsec = (long)(wait % NSEC_PER_SEC) };

		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	}
	/*
	 * RTU, after a failure: what the kernel still holds for the line
	 * (bytes its receive work has not yet handed to the line discipline,
	 * which FIONREAD does not count, see modbus_exchange.c) is the late
	 * reply: discarded without waiting for that work.
	 */
	if (!line.tcp && l->line_dirty)
		tcflush(line.fd, TCIFLUSH);
	/*
	 * Bytes waiting now, after a reply that was complete and checked,
	 * came from the unit asked last (a duplicate or an overlong reply),
	 * unless over TCP they are the late answer to an earlier request
	 * that timed out (already counted, nobody's fault now).
	 */
	stray = mb_line_drain(&line, head, sizeof(head));
	if (stray > 0 && !l->line_dirty && l->last_unit >= 0 &&
	    !(line.tcp && stray >= sizeof(head) &&
	      mb_tcp_stale_reply((uint16_t)(l->next_tid - 1), head)))
		l->stray[l->last_unit] = true;
	l->line_dirty = false;
	if (l->stray[unit]) {
		l->stray[unit] = false;
		return refuse(l, unit, LINK_FRAME);
	}
	return LINK_OK;
}

/* One request to a unit's slave; begin() has passed. */
static enum link_status exchange(struct link *l, unsigned int unit,
				 const struct mb_request *rq, uint16_t *regs,
				 uint8_t *bits)
{
	struct mb_line line = line_of(l);
	uint64_t t0 = monotonic_ns();
	uint8_t exception;
	enum link_status st;

	st = mb_exchange(&line, rq, regs, bits, &exception);
	l->next_tid = line.next_tid;
	if (!line.tcp && st == LINK_TIMEOUT)
		l->quiet_at_ns = t0 + (uint64_t)line.deadline_ms * NSEC_PER_MSEC;
	return finish(l, unit, st, exception, t0);
}

static const struct link_drive *drive_of(const struct link *l,
					 enum omt_axis drive)
{
	if ((unsigned int)drive >= OMT_AXIS_COUNT || !l->drive[drive].present)
		return NULL;
	return &l->drive[drive];
}

static void count_cycle(struct link *l, unsigned int unit, enum link_status st)
{
	if (st == LINK_OK)
		l->stats[unit].consecutive_failures = 0;
	else
		l->stats[unit].consecutive_failures++;
}

static enum link_status cycle_requests(struct link *l, enum omt_axis axis,
				       const struct link_drive *d,
				       const uint16_t *wbuf, uint16_t *rbuf)
{
	const struct regmap_plan *plan = &d->plan;
	unsigned int wi = 0, ri = 0;
	enum link_status st;

	if (plan->combined) {
		const struct regmap_group *w = &plan->write[0];
		const struct regmap_group *r = &plan->read[0];
		struct mb_request rq = {
			.unit = d->slave, .function = MB_FC_WRITE_AND_READ,
			.read_addr = r->addr, .read_count = r->count,
			.write_addr = w->addr, .write_count = w->count,
			.write = wbuf + w->offset,
		};

		st = exchange(l, axis, &rq, rbuf + r->offset, NULL);
		if (st != LINK_OK)
			return st;
		wi = ri = 1;
	}
	for (; wi < plan->n_write; wi++) {
		const struct regmap_group *w = &plan->write[wi];
		struct mb_request rq = {
			.unit = d->slave, .function = MB_FC_WRITE_MULTIPLE,
			.write_addr = w->addr, .write_count = w->count,
			.write = wbuf + w->offset,
		};

		st = exchange(l, axis, &rq, NULL, NULL);
		if (st != LINK_OK)
			return st;
	}
	for (; ri < plan->n_read; ri++) {
		const struct regmap_group *r = &plan->read[ri];
		struct mb_request rq = {
			.unit = d->slave, .function = MB_FC_READ_HOLDING,
			.read_addr = r->addr, .read_count = r->count,
		};

		st = exchange(l, axis, &rq, rbuf + r->offset, NULL);
		if (st != LINK_OK)
			return st;
	}
	return LINK_OK;
}

enum link_status link_cycle(struct link *l, enum omt_axis axis,
			    const struct drive_command *cmd,
			    struct drive_reading *out)
{
	const struct link_drive *d = drive_of(l, axis);
	uint16_t wbuf[REGMAP_WRITE_WORDS];
	uint16_t rbuf[REGMAP_READ_WORDS];
	enum link_status st;

	if (!d)
		return LINK_INVALID;
	if (regmap_encode_command(&d->profile, &d->plan, cmd, wbuf) != 0) {
		st = refuse(l, axis, LINK_INVALID);
	} else {
		st = begin(l, axis, d->slave);
		if (st == LINK_OK)
			st = cycle_requests(l, axis, d, wbuf, rbuf);
	}
	count_cycle(l, axis, st);
	if (st == LINK_OK)
		regmap_decode_reading(&d->profile, &d->plan, rbuf, out);
	return st;
}

/* The writes and reads of one class exchange; begin() has passed. */
static enum link_status exchange_requests(struct link *l, enum omt_axis axis,
					  const struct link_drive *d,
					  const struct drive_writes *writes,
					  const struct drive_reads *reads,
					  uint16_t *words)
{
	enum link_status st;

	for (unsigned int i = 0; i < writes->n; i++) {
		const struct drive_write *w = &writes->w[i];
		struct mb_request rq = {
			.unit = d->slave,
			.function = w->count == 1 ? MB_FC_WRITE_SINGLE :
						    MB_FC_WRITE_MULTIPLE,
			.write_addr = w->addr, .write_count = w->count,
			.write = w->words,
		};

		st = exchange(l, axis, &rq, NULL, NULL);
		if (st != LINK_OK)
			return st;
	}
	for (unsigned int g = 0; g < reads->n_groups; g++) {
		const struct regmap_group *r = &reads->group[g];
		struct mb_request rq = {
			.unit = d->slave, .function = MB_FC_READ_HOLDING,
			.read_addr = r->addr, .read_count = r->count,
		};

		st = exchange(l, axis, &rq, words + r->offset, NULL);
		if (st != LINK_OK)
			return st;
	}
	return LINK_OK;
}

/* Whether a codec's plan stays inside its own buffers. */
static bool exchange_plan_ok(const struct drive_writes *writes,
			     const struct drive_reads *reads)
{
	if (writes->n > DRIVE_WRITES_MAX || reads->n_groups > DRIVE_READ_REGS_MAX ||
	    reads->words > DRIVE_READ_WORDS_MAX)
		return false;
	for (unsigned int i = 0; i < writes->n; i++)
		if (writes->w[i].count < 1 ||
		    writes->w[i].count > DRIVE_WRITE_WORDS_MAX)
			return false;
	for (unsigned int g = 0; g < reads->n_groups; g++)
		if (reads->group[g].count < 1 ||
		    reads->group[g].offset + reads->group[g].count >
			    reads->words)
			return false;
	return true;
}

enum link_status link_exchange(struct link *l, enum omt_axis axis,
			       const struct drive_writes *writes,
			       const struct drive_reads *reads, uint16_t *words)
{
	const struct link_drive *d = drive_of(l, axis);
	uint16_t buf[DRIVE_READ_WORDS_MAX];
	enum link_status st;

	if (!d)
		return LINK_INVALID;
	if (!exchange_plan_ok(writes, reads)) {
		st = refuse(l, axis, LINK_INVALID);
	} else {
		st = begin(l, axis, d->slave);
		if (st == LINK_OK)
			st = exchange_requests(l, axis, d, writes, reads, buf);
	}
	count_cycle(l, axis, st);
	if (st == LINK_OK)
		memcpy(words, buf, reads->words * sizeof(buf[0]));
	return st;
}

enum link_status link_read_drive(struct link *l, enum omt_axis axis,
				 struct drive_reading *out)
{
	const struct link_drive *d = drive_of(l, axis);
	uint16_t words[REGMAP_READ_WORDS];

	if (!d)
		return LINK_INVALID;
	for (unsigned int g = 0; g < d->plan.n_read; g++) {
		const struct regmap_group *grp = &d->plan.read[g];
		enum link_status s;

		if (grp->offset + grp->count > REGMAP_READ_WORDS)
			return LINK_INVALID;
		s = link_read_raw(l, d->slave, grp->addr, grp->count,
				  words + grp->offset);
		if (s != LINK_OK)
			return s;
	}
	regmap_decode_reading(&d->profile, &d->plan, words, out);
	return LINK_OK;
}

bool link_register_is_loops(const struct link *l, enum omt_axis axis,
			    uint16_t addr)
{
	const struct link_drive *d = drive_of(l, axis);
	int32_t control, setpoint, watchdog;

	if (!d)
		return false;
	if (d->profile.dc.cls != DRIVE_CLASS_CYCLIC_POSITION)
		return drive_class_writes_register(&d->profile, addr);
	control = d->profile.addr[REGMAP_REG_CONTROL];
	setpoint = d->profile.addr[REGMAP_REG_SETPOINT];
	watchdog = d->profile.addr[REGMAP_REG_WATCHDOG_MS];
	return (control != REGMAP_ADDR_NONE && addr == control) ||
	       (watchdog != REGMAP_ADDR_NONE && addr == watchdog) ||
	       (setpoint != REGMAP_ADDR_NONE &&
		(addr == setpoint || addr == setpoint + 1));
}

/* Read count registers at addr of a unit's slave. */
static enum link_status read_regs(struct link *l, unsigned int unit,
				  uint8_t slave, uint16_t addr, uint16_t count,
				  uint16_t *out)
{
	enum link_status st = begin(l, unit, slave);
	struct mb_request rq = {
		.unit = slave, .function = MB_FC_READ_HOLDING,
		.read_addr = addr, .read_count = count,
	};

	if (st != LINK_OK)
		return st;
	return exchange(l, unit, &rq, out, NULL);
}

static enum link_status write_regs(struct link *l, unsigned int unit,
				   uint8_t slave, uint16_t addr,
				   uint16_t count, const uint16_t *words)
{
	enum link_status st = begin(l, unit, slave);
	struct mb_request rq = {
		.unit = slave, .function = MB_FC_WRITE_MULTIPLE,
		.write_addr = addr, .write_count = count, .write = words,
	};

	if (st != LINK_OK)
		return st;
	return exchange(l, unit, &rq, NULL, NULL);
}

enum link_status link_read_identity(struct link *l, enum omt_axis axis,
				    struct drive_identity *out)
{
	const struct link_drive *d = drive_of(l, axis);
	const struct omt_regmap *p;
	uint16_t kind, lo[2], hi[2];
	bool has_kind, has_travel;
	enum link_status st;

	if (!d)
		return LINK_INVALID;
	p = &d->profile;
	has_kind = p->addr[REGMAP_REG_AXIS_KIND] != REGMAP_ADDR_NONE;
	has_travel = p->addr[REGMAP_REG_MIN_POSITION] != REGMAP_ADDR_NONE;
	if (has_kind) {
		st = read_regs(l, axis, d->slave,
			       (uint16_t)p->addr[REGMAP_REG_AXIS_KIND], 1,
			       &kind);
		if (st != LINK_OK)
			return st;
	}
	if (has_travel) {
		st = read_regs(l, axis, d->slave,
			       (uint16_t)p->addr[REGMAP_REG_MIN_POSITION], 2,
			       lo);
		if (st != LINK_OK)
			return st;
		st = read_regs(l, axis, d->slave,
			       (uint16_t)p->addr[REGMAP_REG_MAX_POSITION], 2,
			       hi);
		if (st != LINK_OK)
			return st;
	}
	regmap_decode_identity(p, has_kind ? &kind : NULL,
				has_travel ? lo : NULL, has_travel ? hi : NULL,
				out);
	return LINK_OK;
}

static enum link_status write_optional(struct link *l, enum omt_axis axis,
				       enum regmap_reg reg, uint16_t value)
{
	const struct link_drive *d = drive_of(l, axis);

	if (!d || d->profile.addr[reg] == REGMAP_ADDR_NONE)
		return LINK_INVALID;
	return write_regs(l, axis, d->slave, (uint16_t)d->profile.addr[reg], 1,
			  &value);
}

enum link_status link_write_watchdog(struct link *l, enum omt_axis axis,
				     uint16_t ms)
{
	return write_optional(l, axis, REGMAP_REG_WATCHDOG_MS, ms);
}

enum link_status link_write_velocity_limit(struct link *l, enum omt_axis axis,
					   double units_per_s)
{
	const struct link_drive *d = drive_of(l, axis);
	uint16_t word;

	if (!d || regmap_encode_velocity_limit(&d->profile, units_per_s,
						&word) != 0)
		return LINK_INVALID;
	return write_optional(l, axis, REGMAP_REG_VELOCITY_LIMIT, word);
}

enum link_status link_write_tension(struct link *l, enum omt_axis axis,
				    uint16_t level)
{
	return write_optional(l, axis, REGMAP_REG_TENSION, level);
}

enum link_status link_read_inputs(struct link *l, uint32_t *inputs)
{
	enum link_status st = begin(l, LINK_UNIT_IO, l->io_slave);
	struct mb_request rq = { .unit = l->io_slave };

	if (st == LINK_OK && l->io_read == LINK_IO_DISCRETE_INPUTS) {
		uint8_t bits[OMT_IN_COUNT];

		rq.function = MB_FC_READ_DISCRETE_INPUTS;
		rq.read_count = OMT_IN_COUNT;
		st = exchange(l, LINK_UNIT_IO, &rq, NULL, bits);
		if (st == LINK_OK) {
			uint32_t v = 0;

			for (unsigned int i = 0; i < OMT_IN_COUNT; i++)
				v |= bits[i] ? 1u << i : 0u;
			*inputs = v;
		}
	} else if (st == LINK_OK) {
		uint16_t word;

		rq.function = MB_FC_READ_HOLDING;
		rq.read_addr = OMT_IO_REG_INPUTS;
		rq.read_count = 1;
		st = exchange(l, LINK_UNIT_IO, &rq, &word, NULL);
		if (st == LINK_OK)
			*inputs = word & ((1u << OMT_IN_COUNT) - 1u);
	}
	count_cycle(l, LINK_UNIT_IO, st);
	return st;
}

/* Diagnostics traffic is counted with the unit the slave belongs to. */
static unsigned int unit_of_slave(const struct link *l, uint8_t slave)
{
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (l->drive[a].present && l->drive[a].slave == slave)
			return a;
	}
	return LINK_UNIT_IO;
}

enum link_status link_read_raw(struct link *l, uint8_t slave, uint16_t addr,
			       uint16_t count, uint16_t *out)
{
	if (slave < 1 || slave > 247 || count < 1 ||
	    count > MODBUS_MAX_READ_REGISTERS || addr + (uint32_t)count > 0x10000)
		return LINK_INVALID;
	return read_regs(l, unit_of_slave(l, slave), slave, addr, count, out);
}

enum link_status link_write_raw(struct link *l, uint8_t slave, uint16_t addr,
				uint16_t value)
{
	if (slave < 1 || slave > 247)
		return LINK_INVALID;
	return write_regs(l, unit_of_slave(l, slave), slave, addr, 1, &value);
}

void link_get_stats(const struct link *l, unsigned int unit,
		    struct link_stats *out)
{
	if (unit < LINK_UNITS)
		*out = l->stats[unit];
	else
		memset(out, 0, sizeof(*out));
}
