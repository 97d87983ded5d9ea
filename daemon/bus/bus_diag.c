// SPDX-License-Identifier: MIT
/*
 * org.omt.Table1.Diagnostics: what a technician needs to see the control
 * loop and the I/O from outside, read from the control thread's snapshot.
 * Every member needs group omt-service (or root): line states and drive
 * registers are not for everyone.
 */
#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "link.h"

/*
 * What every Diagnostics method with a list in its reply shares: the
 * caller's rights checked, the snapshot read (snap may be NULL), the reply
 * started and its list of list_type opened (NULL: the caller opens it),
 * all by diag_begin; then the list closed and the reply sent (diag_send).
 */
static int diag_begin(struct omt_bus *bus, sd_bus_message *call,
		      sd_bus_error *error, sd_bus_message **reply,
		      const char *list_type, struct omt_snapshot *snap)
{
	int r = omt_bus_authorize(bus, call, error);

	if (r < 0)
		return r;
	if (snap)
		omt_control_snapshot(bus->control, snap);
	r = sd_bus_message_new_method_return(call, reply);
	if (r >= 0 && list_type)
		r = sd_bus_message_open_container(*reply, 'a', list_type);
	return r;
}

static int diag_send(sd_bus_message *reply, int r)
{
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	return r;
}

static int method_loop_statistics(sd_bus_message *call, void *userdata,
				  sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_snapshot snap;
	int r;

	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	omt_control_snapshot(bus->control, &snap);
	return sd_bus_reply_method_return(call, "tttbb", snap.cycle,
					  snap.overruns, snap.lateness_max_ns,
					  (int)snap.realtime,
					  (int)snap.kernel_interlock);
}

static int method_inputs(sd_bus_message *call, void *userdata,
			 sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	struct omt_snapshot snap;
	int r;

	r = diag_begin(bus, call, error, &reply, "{sb}", &snap);
	for (int i = 0; r >= 0 && i < OMT_IN_COUNT; i++)
		r = sd_bus_message_append(reply, "{sb}",
					  omt_io_input_name((enum omt_io_input)i),
					  (int)((snap.inputs >> i) & 1u));
	return diag_send(reply, r);
}

static int method_axes(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	struct omt_snapshot snap;
	int r;

	r = diag_begin(bus, call, error, &reply, "(sbddddqq)", &snap);
	for (int i = 0; r >= 0 && i < OMT_AXIS_COUNT; i++) {
		const struct omt_axis_snapshot *a = &snap.axis[i];

		if (!bus->config->drive[i].present)
			continue;
		r = sd_bus_message_append(reply, "(sbddddqq)",
					  omt_axis_name((enum omt_axis)i),
					  (int)a->online, a->position,
					  a->setpoint, a->velocity,
					  a->current_ma, a->status,
					  a->drive_fault);
	}
	return diag_send(reply, r);
}

/* The configured soft limits of each fitted drive, for the self-test. */
static int method_travel_limits(sd_bus_message *call, void *userdata,
				sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int r;

	r = diag_begin(bus, call, error, &reply, "(sdd)", NULL);
	for (int i = 0; r >= 0 && i < OMT_AXIS_COUNT; i++) {
		const struct omtd_axis_config *g;

		if (!bus->config->drive[i].present)
			continue;
		g = &bus->config->axis[i == OMT_AXIS_HEIGHT ? OMTD_AXIS_GROUP_HEIGHT :
				       i == OMT_AXIS_TILT ? OMTD_AXIS_GROUP_TILT :
							    OMTD_AXIS_GROUP_DROPS];
		r = sd_bus_message_append(reply, "(sdd)",
					  omt_axis_name((enum omt_axis)i),
					  g->min, g->max);
	}
	return diag_send(reply, r);
}

/*
 * The kernel interlock's view: absent, enabled (power allowed), dropped,
 * obstructed (dropped for its obstruction switch alone: the escape may run).
 */
static int method_interlock(sd_bus_message *call, void *userdata,
			    sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_snapshot snap;
	const char *state;
	int r;

	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	omt_control_snapshot(bus->control, &snap);
	switch ((enum omt_interlock_state)snap.interlock_state) {
	case OMT_INTERLOCK_ENABLED:
		state = "enabled";
		break;
	case OMT_INTERLOCK_DROPPED:
		state = "dropped";
		break;
	case OMT_INTERLOCK_OBSTRUCTED:
		state = "obstructed";
		break;
	default:
		state = "absent";
		break;
	}
	return sd_bus_reply_method_return(call, "sbb", state,
					  (int)snap.kernel_estop,
					  (int)snap.estop);
}

/*
 * The loop's timing in full: period, lateness percentiles read off the
 * control thread's histogram, and the histogram itself (non-empty buckets
 * only, each as its exclusive upper bound and count).
 */
static int method_loop_timing(sd_bus_message *call, void *userdata,
			      sd_bus_error *error)
{
	static struct omt_loop_stats stats;
	struct omt_bus *bus = userdata;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const struct cycle_lateness *h = &stats.lateness;
	int r;

	omt_control_loop_stats(bus->control, &stats);
	r = diag_begin(bus, call, error, &reply, "{sv}", NULL);
	/* A dictionary: a field added later breaks no client. */
	if (r >= 0)
		r = sd_bus_message_append(reply, "{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}",
					  "period_ns", "t", stats.period_ns,
					  "cycles", "t", stats.cycles,
					  "overruns", "t", stats.overruns,
					  "late_wakeups", "t", stats.late_wakeups,
					  "lateness_p50_ns", "t",
					  cycle_lateness_percentile_ns(h, 50),
					  "lateness_p99_ns", "t",
					  cycle_lateness_percentile_ns(h, 99),
					  "lateness_max_ns", "t", h->max_ns,
					  "realtime", "b", (int)stats.realtime,
					  "rt_error", "i", (int32_t)stats.rt_error,
					  "events_dropped", "t", stats.events_dropped);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'e', "sv");
	if (r >= 0)
		r = sd_bus_message_append(reply, "s", "lateness_histogram");
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'v', "a(tt)");
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "(tt)");
	for (unsigned int i = 0; r >= 0 && i < CYCLE_LATENESS_BUCKETS; i++)
		if (h->bucket[i])
			r = sd_bus_message_append(reply, "(tt)",
						  cycle_lateness_bucket_limit_ns(i),
						  h->bucket[i]);
	for (int i = 0; r >= 0 && i < 3; i++)     /* a(tt), v, e */
		r = sd_bus_message_close_container(reply);
	return diag_send(reply, r);
}

static int append_link_unit(sd_bus_message *reply, const char *name,
			    const struct link_stats *s)
{
	uint64_t other = s->errors[LINK_IO] + s->errors[LINK_DISCONNECTED] +
			 s->errors[LINK_INVALID];

	/* A dictionary per unit: a field added later breaks no client. */
	return sd_bus_message_append(reply, "{sa{sv}}", name, 10,
				     "requests", "t", s->transactions,
				     "ok", "t", s->ok,
				     "timeouts", "t", s->errors[LINK_TIMEOUT],
				     "crc_errors", "t", s->errors[LINK_CRC],
				     "exceptions", "t", s->errors[LINK_EXCEPTION],
				     "frame_errors", "t", s->errors[LINK_FRAME],
				     "other_errors", "t", other,
				     "rtt_p50_us", "u",
				     link_stats_rtt_percentile_us(s, 50),
				     "rtt_p99_us", "u",
				     link_stats_rtt_percentile_us(s, 99),
				     "rtt_max_us", "u", s->rtt_max_us);
}

/* Per drive and the I/O module: the control thread's latest copy. */
static int method_link_statistics(sd_bus_message *call, void *userdata,
				  sd_bus_error *error)
{
	static struct omt_loop_stats stats;
	struct omt_bus *bus = userdata;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int r;

	omt_control_loop_stats(bus->control, &stats);
	r = diag_begin(bus, call, error, &reply, "{sa{sv}}", NULL);
	for (int i = 0; r >= 0 && i < OMT_AXIS_COUNT; i++)
		if (bus->config->drive[i].present)
			r = append_link_unit(reply,
					     omt_axis_name((enum omt_axis)i),
					     &stats.link[i]);
	if (r >= 0 && bus->config->io.source == OMTD_IO_MODBUS)
		r = append_link_unit(reply, "io", &stats.link[LINK_UNIT_IO]);
	return diag_send(reply, r);
}

#define OPEN SD_BUS_VTABLE_UNPRIVILEGED /* the daemon checks rights itself */

const sd_bus_vtable omt_bus_diag_vtable[] = {
	SD_BUS_VTABLE_START(0),
	/* A property, so anyone may read it (omtctl --version). */
	SD_BUS_PROPERTY("DriveIdentities", "a{sa{sv}}", omt_bus_get_property,
			0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	/* The faults the newer drive classes name (bus_properties.c). */
	SD_BUS_PROPERTY("DriveFaults", "a{ss}", omt_bus_get_property,
			0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_METHOD_WITH_ARGS("GetLoopStatistics", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("t", cycles, "t", overruns,
					      "t", lateness_max_ns,
					      "b", realtime,
					      "b", kernel_interlock),
				method_loop_statistics, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetInputs", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a{sb}", inputs),
				method_inputs, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetAxes", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a(sbddddqq)", axes),
				method_axes, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetTravelLimits", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a(sdd)", limits),
				method_travel_limits, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetInterlock", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("s", state, "b", kernel_estop,
					      "b", estop),
				method_interlock, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetLoopTiming", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a{sv}", timing),
				method_loop_timing, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetLinkStatistics", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a{sa{sv}}", units),
				method_link_statistics, OPEN),
	SD_BUS_METHOD_WITH_ARGS("ReadRegisters",
				SD_BUS_ARGS("s", unit, "q", address,
					    "q", count),
				SD_BUS_RESULT("aq", registers),
				omt_bus_diag_read_registers, OPEN),
	SD_BUS_METHOD_WITH_ARGS("WriteRegister",
				SD_BUS_ARGS("s", unit, "q", address,
					    "q", value),
				SD_BUS_NO_RESULT,
				omt_bus_diag_write_register, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetEventLog", SD_BUS_NO_ARGS,
				SD_BUS_RESULT("a(tss)", records),
				omt_bus_diag_event_log, OPEN),
	SD_BUS_METHOD_WITH_ARGS("Trace", SD_BUS_ARGS("u", seconds),
				SD_BUS_RESULT("a(tbdddbddd)", cycles),
				omt_bus_diag_trace, OPEN),
	SD_BUS_VTABLE_END
};
