// SPDX-License-Identifier: MIT
/*
 * The org.omt.Table1 service's lifecycle and its link to the control
 * thread: events drained from the control port's eventfd become method
 * replies, signals and property changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "log.h"
#include "store.h"

static const sd_bus_error_map table_errors[] = {
	SD_BUS_ERROR_MAP(OMT_ERROR_OUT_OF_RANGE, ERANGE),
	SD_BUS_ERROR_MAP(OMT_ERROR_LOCKED, ENOLCK),
	SD_BUS_ERROR_MAP(OMT_ERROR_FAULTED, EIO),
	SD_BUS_ERROR_MAP(OMT_ERROR_INTERLOCK, EPERM),
	SD_BUS_ERROR_MAP(OMT_ERROR_NOT_FOUND, ENOENT),
	SD_BUS_ERROR_MAP(OMT_ERROR_BUSY, EBUSY),
	SD_BUS_ERROR_MAP(OMT_ERROR_STORAGE, EROFS),
	SD_BUS_ERROR_MAP_END
};

static void handle_event(struct omt_bus *bus, const struct omt_event *event)
{
	char code[64];

	omt_event_journal(event);
	switch (event->kind) {
	case OMT_EV_REPLY:
		omt_bus_complete(bus, event);
		break;
	case OMT_EV_MOTION_FINISHED:
		/* State and position first, so a client that stops
		 * listening at the signal has seen where the table ended. */
		omt_bus_publish_changes(bus, true);
		sd_bus_emit_signal(bus->bus, OMT_BUS_PATH, OMT_BUS_INTERFACE,
				   "MotionFinished", "us", event->motion_id,
				   omt_outcome_name(event->outcome));
		break;
	case OMT_EV_FAULT_RAISED:
		omt_bus_note_fault(bus, event);
		omt_fault_code(event->fault, event->axis, code, sizeof(code));
		sd_bus_emit_signal(bus->bus, OMT_BUS_PATH, OMT_BUS_INTERFACE,
				   "FaultRaised", "ss", code, event->message);
		omt_bus_publish_changes(bus, false);
		break;
	case OMT_EV_FAULT_CLEARED:
		omt_bus_publish_changes(bus, false);
		break;
	case OMT_EV_DROP_FIRED:
		sd_bus_emit_signal(bus->bus, OMT_BUS_PATH, OMT_BUS_INTERFACE,
				   "DropFired", "s", omt_axis_name(event->axis));
		omt_bus_publish_changes(bus, false);
		break;
	case OMT_EV_STATE_CHANGED:
		omt_bus_publish_changes(bus, false);
		break;
	case OMT_EV_LOG:
		break;          /* journalled above */
	}
}

static int on_control_events(sd_event_source *source, int fd,
			     uint32_t revents, void *userdata)
{
	struct omt_bus *bus = userdata;
	struct omt_event event;

	while (omt_control_next_event(bus->control, &event)) {
		omt_bus_log_event(bus, &event);
		handle_event(bus, &event);
	}
	omt_bus_trace_drain(bus);
	return 0;
}

/*
 * Positions change every control cycle while moving; sampling them here
 * bounds Height/Tilt signals to 20 Hz whatever the control rate.
 */
static int on_position_tick(sd_event_source *source, uint64_t usec,
			    void *userdata)
{
	struct omt_bus *bus = userdata;

	omt_bus_publish_changes(bus, true);
	omt_bus_owners_retry(bus);
	omt_bus_trace_drain(bus);
	return sd_event_source_set_time(source,
					usec + OMT_BUS_POSITION_PERIOD_US);
}

static void load_presets(struct omt_bus *bus)
{
	const char *dir = bus->config->control.state_dir;
	char error[160] = "";
	int r;

	r = omt_presets_load(dir, &bus->presets, error, sizeof(error));
	if (r == -EBADMSG) {
		/* Keep the evidence, start empty rather than not at all:
		 * the table must still move without presets. */
		omt_log(LOG_ERR, NULL, NULL,
			"%s/presets is damaged (%s); moved to presets.damaged, starting without presets",
			dir, error);
		omt_presets_set_aside(dir);
		bus->presets.count = 0;
	} else if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL,
			"cannot read presets in %s: %s; starting without presets",
			dir, strerror(-r));
		bus->presets.count = 0;
	}
}

int omt_bus_start(sd_event *event, struct omt_control *control,
		  const struct omtd_config *config, struct omt_bus **out)
{
	struct omt_bus *bus;
	uint64_t now;
	int r;

	bus = calloc(1, sizeof(*bus));
	if (!bus)
		return -ENOMEM;
	bus->event = sd_event_ref(event);
	bus->control = control;
	bus->config = config;
	bus->next_cookie = 1;
	bus->next_owner_id = 1;
	omt_rights_groups_lookup(&bus->groups);
	load_presets(bus);
	omt_bus_log_open(bus);

	r = sd_bus_error_add_map(table_errors);
	if (r < 0)
		goto fail;
	r = sd_bus_open_system(&bus->bus);
	if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL, "cannot connect to the system bus: %s",
			strerror(-r));
		goto fail;
	}
	r = sd_bus_attach_event(bus->bus, event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		goto fail;
	r = sd_bus_add_object_vtable(bus->bus, &bus->table_vtable,
				     OMT_BUS_PATH, OMT_BUS_INTERFACE,
				     omt_bus_table_vtable, bus);
	if (r < 0)
		goto fail;
	r = sd_bus_add_object_vtable(bus->bus, &bus->diag_vtable,
				     OMT_BUS_PATH, OMT_BUS_DIAG_INTERFACE,
				     omt_bus_diag_vtable, bus);
	if (r < 0)
		goto fail;
	/* Events first: replies must never wait behind bus traffic. */
	r = sd_event_add_io(event, &bus->control_events,
			    omt_control_event_fd(control), EPOLLIN,
			    on_control_events, bus);
	if (r < 0)
		goto fail;
	sd_event_source_set_priority(bus->control_events,
				     SD_EVENT_PRIORITY_IMPORTANT);
	sd_event_now(event, CLOCK_MONOTONIC, &now);
	r = sd_event_add_time(event, &bus->position_timer, CLOCK_MONOTONIC,
			      now + OMT_BUS_POSITION_PERIOD_US, 10 * 1000,
			      on_position_tick, bus);
	if (r < 0)
		goto fail;
	r = sd_event_source_set_enabled(bus->position_timer, SD_EVENT_ON);
	if (r < 0)
		goto fail;
	omt_bus_publish_changes(bus, true);
	/* Last, so whoever sees the name finds the whole service. */
	r = sd_bus_request_name(bus->bus, OMT_BUS_NAME, 0);
	if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL, "cannot own %s on the bus: %s",
			OMT_BUS_NAME, strerror(-r));
		goto fail;
	}
	*out = bus;
	return 0;
fail:
	omt_bus_free(bus);
	return r;
}

void omt_bus_free(struct omt_bus *bus)
{
	if (!bus)
		return;
	omt_bus_pending_free_all(bus);
	omt_bus_owners_free_all(bus);
	omt_bus_trace_free(bus);
	omt_bus_log_close(bus);
	sd_event_source_disable_unref(bus->control_events);
	sd_event_source_disable_unref(bus->position_timer);
	sd_bus_slot_unref(bus->table_vtable);
	sd_bus_slot_unref(bus->diag_vtable);
	if (bus->bus) {
		sd_bus_flush(bus->bus);
		sd_bus_detach_event(bus->bus);
		sd_bus_flush_close_unref(bus->bus);
	}
	sd_event_unref(bus->event);
	free(bus);
}
