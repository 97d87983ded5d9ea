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

static int method_loop_statistics(sd_bus_message *call, void *userdata,
				  sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_snapshot snap;
	int r;

	r = omt_bus_authorize(bus, call, OMT_PERMIT_SERVICE, error);
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
	sd_bus_message *reply = NULL;
	struct omt_snapshot snap;
	int r;

	r = omt_bus_authorize(bus, call, OMT_PERMIT_SERVICE, error);
	if (r < 0)
		return r;
	omt_control_snapshot(bus->control, &snap);
	r = sd_bus_message_new_method_return(call, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "{sb}");
	for (int i = 0; r >= 0 && i < OMT_IN_COUNT; i++)
		r = sd_bus_message_append(reply, "{sb}",
					  omtd_io_input_name((enum omt_io_input)i),
					  (int)((snap.inputs >> i) & 1u));
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	return r;
}

static int method_axes(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	sd_bus_message *reply = NULL;
	struct omt_snapshot snap;
	int r;

	r = omt_bus_authorize(bus, call, OMT_PERMIT_SERVICE, error);
	if (r < 0)
		return r;
	omt_control_snapshot(bus->control, &snap);
	r = sd_bus_message_new_method_return(call, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "(sbddddqq)");
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
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	return r;
}

#define OPEN SD_BUS_VTABLE_UNPRIVILEGED /* the daemon checks rights itself */

const sd_bus_vtable omt_bus_diag_vtable[] = {
	SD_BUS_VTABLE_START(0),
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
	SD_BUS_VTABLE_END
};
