// SPDX-License-Identifier: MIT
/*
 * Trace(u seconds): every control cycle's setpoint, position and current
 * of height and tilt for that long.  The control thread pushes one fixed
 * record a cycle into its trace ring while armed; this side drains the
 * ring whenever it wakes (control events, the 50 ms position tick) into a
 * buffer sized at the start, and replies once every cycle has arrived.
 * One trace at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "log.h"

#define TRACE_SECONDS_MAX 600
/* Past its length plus this, a trace answers with what it has. */
#define TRACE_GRACE_US (5 * 1000 * 1000ULL)

struct omt_bus_trace {
	sd_bus_message *call;
	sd_event_source *timeout;
	uint64_t armed_ns;              /* records before this are stale */
	uint64_t dropped_before;        /* the ring's drop count at start */
	size_t want, have;
	struct omt_trace_record *rows;
};

static void trace_end(struct omt_bus *bus)
{
	struct omt_bus_trace *t = bus->trace;

	if (!t)
		return;
	sd_event_source_disable_unref(t->timeout);
	sd_bus_message_unref(t->call);
	free(t->rows);
	free(t);
	bus->trace = NULL;
}

static int append_axis(sd_bus_message *reply, const struct omt_trace_axis *a)
{
	return sd_bus_message_append(reply, "bddd", (int)a->exchanged,
				     a->setpoint, a->position, a->current_ma);
}

static void trace_reply(struct omt_bus *bus)
{
	struct omt_bus_trace *t = bus->trace;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	uint64_t lost = omt_control_trace_dropped(bus->control) -
			t->dropped_before;
	int r;

	if (lost > 0) {
		sd_bus_reply_method_errorf(t->call, OMT_ERROR_BUSY,
					   "The trace lost %llu cycles (the daemon could not keep up); try a shorter one.",
					   (unsigned long long)lost);
		trace_end(bus);
		return;
	}
	r = sd_bus_message_new_method_return(t->call, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "(tbdddbddd)");
	for (size_t i = 0; r >= 0 && i < t->have; i++) {
		const struct omt_trace_record *rec = &t->rows[i];

		r = sd_bus_message_open_container(reply, 'r', "tbdddbddd");
		if (r >= 0)
			r = sd_bus_message_append(reply, "t", rec->monotonic_ns -
						  t->rows[0].monotonic_ns);
		if (r >= 0)
			r = append_axis(reply, &rec->axis[OMT_AXIS_HEIGHT]);
		if (r >= 0)
			r = append_axis(reply, &rec->axis[OMT_AXIS_TILT]);
		if (r >= 0)
			r = sd_bus_message_close_container(reply);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	if (r < 0)
		sd_bus_reply_method_errno(t->call, r, NULL);
	trace_end(bus);
}

void omt_bus_trace_drain(struct omt_bus *bus)
{
	struct omt_trace_record rec;

	while (omt_control_next_trace(bus->control, &rec)) {
		struct omt_bus_trace *t = bus->trace;

		/* Without a trace waiting, or left from an ended one. */
		if (!t || rec.monotonic_ns < t->armed_ns)
			continue;
		t->rows[t->have++] = rec;
		if (t->have == t->want) {
			trace_reply(bus);
			return;
		}
	}
}

static void disarm(struct omt_bus *bus)
{
	struct omt_command stop;

	memset(&stop, 0, sizeof(stop));
	stop.kind = OMT_CMD_TRACE;
	stop.cookie = bus->next_cookie++;
	stop.trace_cycles = 0;
	/* A full ring: the trace runs out by itself; its records are
	 * dropped here as stale. */
	omt_control_submit(bus->control, &stop);
}

static int on_trace_timeout(sd_event_source *source, uint64_t usec,
			    void *userdata)
{
	struct omt_bus *bus = userdata;

	omt_bus_trace_drain(bus);
	if (!bus->trace)
		return 0;
	omt_log(LOG_WARNING, NULL, NULL,
		"trace: %zu of %zu cycles arrived in time; answering with those",
		bus->trace->have, bus->trace->want);
	disarm(bus);
	trace_reply(bus);
	return 0;
}

int omt_bus_diag_trace(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_snapshot snap;
	struct omt_command cmd;
	struct omt_bus_trace *t;
	uint32_t seconds;
	uint64_t now;
	int r;

	r = omt_bus_authorize_call(bus, call, error);
	if (r < 0)
		return r;
	r = sd_bus_message_read(call, "u", &seconds);
	if (r < 0)
		return r;
	if (seconds < 1 || seconds > TRACE_SECONDS_MAX)
		return sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
					 "A trace lasts 1..%d seconds.",
					 TRACE_SECONDS_MAX);
	if (bus->trace)
		return sd_bus_error_set(error, OMT_ERROR_BUSY,
					"A trace is already running; one at a time.");
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->want = (size_t)seconds * 1000u / bus->config->control.period_ms;
	t->rows = calloc(t->want, sizeof(*t->rows));
	if (!t->rows) {
		free(t);
		return -ENOMEM;
	}
	/* The control thread's clock: its records from now on are ours. */
	omt_control_snapshot(bus->control, &snap);
	t->armed_ns = snap.monotonic_ns + 1;
	t->dropped_before = omt_control_trace_dropped(bus->control);
	sd_event_now(bus->event, CLOCK_MONOTONIC, &now);
	r = sd_event_add_time(bus->event, &t->timeout, CLOCK_MONOTONIC,
			      now + seconds * 1000000ULL + TRACE_GRACE_US, 0,
			      on_trace_timeout, bus);
	if (r < 0) {
		free(t->rows);
		free(t);
		return r;
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = OMT_CMD_TRACE;
	/* Its reply is not waited for: the records are the answer. */
	cmd.cookie = bus->next_cookie++;
	cmd.trace_cycles = (uint32_t)t->want;
	if (!omt_control_submit(bus->control, &cmd)) {
		sd_event_source_disable_unref(t->timeout);
		free(t->rows);
		free(t);
		return sd_bus_error_set(error, OMT_ERROR_BUSY,
					"The controller's command queue is full; nothing was done.");
	}
	t->call = sd_bus_message_ref(call);
	bus->trace = t;
	return 1;
}

void omt_bus_trace_free(struct omt_bus *bus)
{
	if (!bus->trace)
		return;
	sd_bus_reply_method_errorf(bus->trace->call, SD_BUS_ERROR_NO_SERVER,
				   "The table daemon is shutting down.");
	trace_end(bus);
}
