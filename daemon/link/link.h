/* SPDX-License-Identifier: MIT */
/*
 * The Modbus link: one libmodbus context (TCP, or RTU on a serial port)
 * shared by the drives and the I/O module on the bus.
 *
 * Rules the control loop relies on:
 *  - timeouts are short and explicit ([link] response_timeout_ms,
 *    byte_timeout_ms), never libmodbus' 500 ms default;
 *  - no automatic recovery: libmodbus runs with MODBUS_ERROR_RECOVERY_NONE,
 *    so a failed request returns at once with a classified error, and
 *    reconnecting is the caller's explicit link_reconnect(), which never
 *    blocks: a helper thread connects (rate-limited) and hands over;
 *  - response_timeout_ms is the deadline of a whole exchange, so a slave
 *    trickling its reply cannot stretch the cycle;
 *  - a reply is checked completely (modbus_frame.h) before it is believed;
 *  - after a CRC or framing error, or a timeout, the line is flushed so a
 *    late or broken reply cannot be read as the next one's answer, and
 *    stray bytes are blamed on the unit that sent them;
 *  - no heap allocation after link_open() on any request path: cycles,
 *    set-up writes and diagnostics work in fixed buffers; a TCP host name
 *    is resolved once, in link_open().
 *
 * Not thread-safe: one thread (the control thread) makes every call,
 * diagnostics included.
 */
#ifndef OMTD_LINK_H
#define OMTD_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drive_codec.h"
#include "omt_table_types.h"
#include "regmap.h"

#define LINK_HOST_MAX 64
#define LINK_PATH_MAX 128

/*
 * The link's settings.  The link knows nothing of omtd.conf: the
 * configuration fills these (omtd_config_link_settings() in config.h).
 */
enum link_transport {
	LINK_TRANSPORT_TCP = 0,
	LINK_TRANSPORT_RTU,
};

/* RS-485 driver-enable: by the kernel (TIOCSRS485) or not at all. */
enum link_rs485_mode {
	LINK_RS485_AUTO = 0,   /* kernel if the port supports it, else off */
	LINK_RS485_KERNEL,     /* kernel, and refuse to start without it */
	LINK_RS485_OFF,        /* the adapter switches direction itself */
};

/* How the Modbus I/O module is read. */
enum link_io_read {
	LINK_IO_DISCRETE_INPUTS = 0,         /* function 2, inputs 0..N-1 */
	LINK_IO_HOLDING_REGISTER,            /* function 3, register 0 */
};

/* The line: transport, serial format, timeouts. */
struct link_line_settings {
	enum link_transport transport;
	char host[LINK_HOST_MAX];            /* tcp */
	uint16_t port;                       /* tcp */
	char device[LINK_PATH_MAX];          /* rtu */
	uint32_t baud;                       /* rtu */
	char parity;                         /* 'N', 'E', 'O' */
	uint8_t data_bits;                   /* 7, 8 */
	uint8_t stop_bits;                   /* 1, 2 */
	enum link_rs485_mode rs485;
	uint32_t rts_delay_before_ms;        /* kernel RS-485 only */
	uint32_t rts_delay_after_ms;
	uint32_t response_timeout_ms;        /* per request, whole reply */
	uint32_t byte_timeout_ms;            /* between bytes of a reply */
	uint32_t reconnect_interval_ms;      /* at most one attempt per this */
};

/* A drive on the line: its slave id and register map. */
struct link_drive_settings {
	bool present;
	uint8_t slave;                       /* 1..247 */
	struct omt_regmap regmap;
};

struct link_settings {
	struct link_line_settings line;
	struct link_drive_settings drive[OMT_AXIS_COUNT];
	uint8_t io_slave;                    /* the I/O module, 1..247 */
	enum link_io_read io_read;
};

enum link_status {
	LINK_OK = 0,
	LINK_TIMEOUT,          /* no (complete) reply in time; absent slave */
	LINK_CRC,              /* RTU reply with a bad CRC */
	LINK_EXCEPTION,        /* the slave answered with an exception code */
	LINK_FRAME,            /* short, malformed or mismatched reply */
	LINK_IO,               /* other system error on the line */
	LINK_DISCONNECTED,     /* not connected, or the peer went away */
	LINK_INVALID,          /* bad argument (e.g. NaN setpoint): nothing sent */
	LINK_STATUS_COUNT,
};

/* Statistics are kept per unit: each drive, and the I/O module. */
#define LINK_UNIT_IO OMT_AXIS_COUNT
#define LINK_UNITS (OMT_AXIS_COUNT + 1)

/* Round-trip histogram: bucket i counts times below link_rtt_bucket_us(i). */
#define LINK_RTT_BUCKETS 24

struct link_stats {
	uint64_t transactions;   /* requests sent (one cycle may be several) */
	uint64_t ok;
	uint64_t errors[LINK_STATUS_COUNT];  /* by class; [LINK_OK] unused */
	uint32_t consecutive_failures;       /* cycles, reset by a good one */
	enum link_status last_status;
	uint8_t last_exception;              /* code of the last exception */
	uint64_t rtt_hist[LINK_RTT_BUCKETS];
	uint32_t rtt_max_us;
};

/* Receives the link's log lines (priority as in syslog.h). */
typedef void (*link_log_fn)(void *arg, int priority, const char *message);

struct link;

/*
 * Create the link for the configured transport and drives and connect.
 * Returns NULL with a message in err only for a configuration that cannot
 * work (e.g. rs485 = kernel on a port without it); a bus that is merely
 * unreachable gives a link that is not connected (link_connected() false,
 * every call LINK_DISCONNECTED until link_reconnect() succeeds).  log may
 * be NULL (stderr).
 */
struct link *link_open(const struct link_settings *settings, link_log_fn log,
		       void *log_arg, char *err, size_t errlen);
void link_close(struct link *link);

bool link_connected(const struct link *link);

/*
 * How many times the link has connected: a new value means a new
 * connection, after which every drive must be verified again (it may
 * have been power-cycled or swapped meanwhile).
 */
uint64_t link_connections(const struct link *link);

/*
 * If not connected: adopt the connection the helper thread has made, or
 * ask it for one (it tries at most once per reconnect_interval_ms).
 * Never blocks, resolves, allocates or connects.  Returns LINK_OK when
 * connected afterwards.  now_ns is kept for the caller's convenience.
 */
enum link_status link_reconnect(struct link *link, uint64_t now_ns);

/*
 * No wait for a reply reaches past not_after_ns (CLOCK_MONOTONIC; 0: only
 * response_timeout_ms bounds it), whatever the response timeout: the
 * control loop's next deadline.  A reply later than that is a timeout of
 * this cycle, not a cycle lost.  The request itself is always sent whole.
 */
void link_set_cutoff(struct link *link, uint64_t not_after_ns);

/*
 * RTU: when the line may next carry a request (CLOCK_MONOTONIC; in the
 * past when now).  A reply given up on (a timeout, or a wait cut by
 * link_set_cutoff()) may still arrive until its full response timeout
 * has passed; a request sent meanwhile could take it for its own answer,
 * so the link waits for that before sending, and a caller with a
 * deadline plans its exchanges from this time.  Over TCP always 0: its
 * transaction ids tell late replies apart.
 */
uint64_t link_quiet_at(const struct link *link);

/*
 * One control cycle of a drive: write CONTROL and SETPOINT, read STATUS
 * through CURRENT; one function-23 transaction when the profile allows,
 * else the planned 16 and 3 requests.  *out is filled only on LINK_OK.
 */
enum link_status link_cycle(struct link *link, enum omt_axis drive,
			    const struct drive_command *cmd,
			    struct drive_reading *out);

/*
 * One exchange with a drive of any class as its codec planned it
 * (drive_codec.h): the writes in order, each by function 6 (one
 * register) or 16 (several), then every read group by function 3 into
 * words (reads->words of them, each group at its offset).  The first
 * request that fails ends the exchange: nothing after a lost write goes
 * out.  Errors, statistics, the cut-off and the RTU quiet time are
 * link_cycle()'s, and it counts as one cycle of the drive.  No writes:
 * the drive's state read without writing to it.  words is filled only
 * on LINK_OK.
 */
enum link_status link_exchange(struct link *link, enum omt_axis drive,
			       const struct drive_writes *writes,
			       const struct drive_reads *reads,
			       uint16_t *words);

/*
 * A drive's state without writing to it (function 3 over the register
 * map's read groups), decoded as link_cycle() does.  Until a drive's
 * position is known the control loop writes nothing to it.
 */
enum link_status link_read_drive(struct link *link, enum omt_axis drive,
				 struct drive_reading *out);

/*
 * Whether addr is one of the registers the control loop keeps to itself
 * on that drive: CONTROL, SETPOINT (both words) and WATCHDOG_MS, or for
 * a drive of a newer class every register its codec writes
 * (drive_class_writes_register()).
 */
bool link_register_is_loops(const struct link *link, enum omt_axis drive,
			    uint16_t addr);

/* Identity and travel (AXIS_KIND, MIN/MAX_POSITION), once at start. */
enum link_status link_read_identity(struct link *link, enum omt_axis drive,
				    struct drive_identity *out);

/* Set-up writes; LINK_INVALID when the profile lacks the register. */
enum link_status link_write_watchdog(struct link *link, enum omt_axis drive,
				     uint16_t ms);
enum link_status link_write_velocity_limit(struct link *link,
					   enum omt_axis drive,
					   double units_per_s);
enum link_status link_write_tension(struct link *link, enum omt_axis drive,
				    uint16_t level);

/*
 * The I/O module's inputs as bits (bit N = enum omt_io_input N), by
 * function 2 or holding register 0 as configured.
 */
enum link_status link_read_inputs(struct link *link, uint32_t *inputs);

/* Diagnostics: raw holding registers of any slave (1..247). */
enum link_status link_read_raw(struct link *link, uint8_t slave,
			       uint16_t addr, uint16_t count, uint16_t *out);
enum link_status link_write_raw(struct link *link, uint8_t slave,
				uint16_t addr, uint16_t value);

/* Copy the statistics of a unit (a drive, or LINK_UNIT_IO). */
void link_get_stats(const struct link *link, unsigned int unit,
		    struct link_stats *out);

/* Percentile (0..100) of the round-trip histogram, in microseconds. */
uint32_t link_stats_rtt_percentile_us(const struct link_stats *s,
				      unsigned int percentile);

/* Upper bound of histogram bucket i, microseconds (last: UINT32_MAX). */
uint32_t link_rtt_bucket_us(unsigned int i);

/* The fault kind of an error class (modbus-timeout, -crc, ...). */
enum omt_fault_kind link_status_fault(enum link_status s);

/* "ok", "timeout", "crc", "exception", "frame", "io", ... */
const char *link_status_name(enum link_status s);

/*
 * Class of a libmodbus failure from its errno; *exception gets the
 * exception code for LINK_EXCEPTION (else 0).
 */
enum link_status link_classify_errno(int err, uint8_t *exception);

/* "illegal data address" for exception code 2, ... */
const char *link_exception_name(uint8_t code);

/* Whether the drives fit an RTU round (checked at start); after the
 * declarations above, which it uses. */
#include "link_round.h"

#endif /* OMTD_LINK_H */
