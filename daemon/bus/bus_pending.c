// SPDX-License-Identifier: MIT
/*
 * Method calls waiting for the control thread's decision.  The call
 * message is kept (referenced) until the OMT_EV_REPLY with its cookie
 * arrives, or until a timeout answers it, so a stuck controller never
 * leaves a client hanging.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "control_port.h"
#include "log.h"

int omt_bus_set_result_error(sd_bus_error *error, enum omt_cmd_result result)
{
	switch (result) {
	case OMT_CMD_OK:
		return 0;
	case OMT_CMD_OUT_OF_RANGE:
		return sd_bus_error_set(error, OMT_ERROR_OUT_OF_RANGE,
					"The target is outside the table's permitted travel.");
	case OMT_CMD_LOCKED:
		return sd_bus_error_set(error, OMT_ERROR_LOCKED,
					"The table is locked; unlock it first.");
	case OMT_CMD_FAULTED:
		return sd_bus_error_set(error, OMT_ERROR_FAULTED,
					"The table has an active fault.");
	case OMT_CMD_INTERLOCK:
		return sd_bus_error_set(error, OMT_ERROR_INTERLOCK,
					"A safety interlock forbids this now (emergency stop, armed drop section, or a fault whose cause persists).");
	case OMT_CMD_NOT_FOUND:
		return sd_bus_error_set(error, OMT_ERROR_NOT_FOUND,
					"No such motion or item.");
	case OMT_CMD_INVALID:
		return sd_bus_error_set(error, OMT_ERROR_INVALID_ARGS,
					"The controller refused the arguments.");
	case OMT_CMD_BUSY:
		return sd_bus_error_set(error, OMT_ERROR_BUSY,
					"The controller cannot take this now (e.g. motor duty cycle exhausted); try again later.");
	}
	return sd_bus_error_set(error, OMT_ERROR_BUSY, "Unknown refusal.");
}

static void pending_free(struct omt_pending_call *pending)
{
	struct omt_pending_call **link;

	for (link = &pending->bus->pending; *link; link = &(*link)->next)
		if (*link == pending) {
			*link = pending->next;
			break;
		}
	sd_event_source_disable_unref(pending->timeout);
	sd_bus_message_unref(pending->call);
	free(pending);
}

static int on_reply_timeout(sd_event_source *source, uint64_t usec,
			    void *userdata)
{
	struct omt_pending_call *pending = userdata;

	omt_log(LOG_ERR, NULL, NULL,
		"the control thread did not answer command %llu in time",
		(unsigned long long)pending->cookie);
	sd_bus_reply_method_errorf(pending->call, SD_BUS_ERROR_TIMEOUT,
				   "The table controller did not answer in time.");
	pending_free(pending);
	return 0;
}

static int submit_and_wait(struct omt_bus *bus, sd_bus_message *call,
			   struct omt_command *command,
			   bool replies_motion_id, bool replies_registers,
			   sd_bus_error *error)
{
	struct omt_pending_call *pending;
	uint64_t now;
	int r;

	pending = calloc(1, sizeof(*pending));
	if (!pending)
		return -ENOMEM;
	pending->bus = bus;
	pending->cookie = bus->next_cookie++;
	pending->replies_motion_id = replies_motion_id;
	pending->replies_registers = replies_registers;
	sd_event_now(bus->event, CLOCK_MONOTONIC, &now);
	r = sd_event_add_time(bus->event, &pending->timeout, CLOCK_MONOTONIC,
			      now + OMT_BUS_REPLY_TIMEOUT_US, 0,
			      on_reply_timeout, pending);
	if (r < 0) {
		free(pending);
		return r;
	}
	command->cookie = pending->cookie;
	pending->command = *command;
	if (!omt_control_submit(bus->control, command)) {
		sd_event_source_disable_unref(pending->timeout);
		free(pending);
		return sd_bus_error_set(error, OMT_ERROR_BUSY,
					"The controller's command queue is full; nothing was done.");
	}
	pending->call = sd_bus_message_ref(call);
	pending->next = bus->pending;
	bus->pending = pending;
	/* 1: handled, the reply comes later. */
	return 1;
}

int omt_bus_submit_and_wait(struct omt_bus *bus, sd_bus_message *call,
			    struct omt_command *command,
			    bool replies_motion_id, sd_bus_error *error)
{
	return submit_and_wait(bus, call, command, replies_motion_id, false,
			       error);
}

int omt_bus_submit_and_wait_registers(struct omt_bus *bus,
				      sd_bus_message *call,
				      struct omt_command *command,
				      sd_bus_error *error)
{
	return submit_and_wait(bus, call, command, false, true, error);
}

static void reply_registers(sd_bus_message *call,
			    const struct omt_event *event)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int r;

	r = sd_bus_message_new_method_return(call, &reply);
	if (r >= 0)
		r = sd_bus_message_append_array(reply, 'q', event->registers,
						event->n_registers *
						sizeof(event->registers[0]));
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	if (r < 0)
		sd_bus_reply_method_errno(call, r, NULL);
}

/*
 * "; active faults: modbus-timeout:height (no reply ...), estop" for a
 * refusal a fault explains: the person reading it learns which without
 * a second command.
 */
static void describe_faults(struct omt_bus *bus, char *text, size_t size)
{
	struct omt_snapshot snap;
	size_t used = 0;
	char code[64];

	text[0] = '\0';
	omt_control_snapshot(bus->control, &snap);
	for (unsigned int i = 0; i < snap.n_faults && i < OMT_MAX_ACTIVE_FAULTS;
	     i++) {
		const struct omt_active_fault *f = &snap.faults[i];
		const char *message = omt_bus_fault_message(bus, f);
		int n;

		if (f->axis < OMT_AXIS_COUNT)
			snprintf(code, sizeof(code), "%s:%s",
				 omt_fault_kind_name(f->kind),
				 omt_axis_name(f->axis));
		else
			snprintf(code, sizeof(code), "%s",
				 omt_fault_kind_name(f->kind));
		n = snprintf(text + used, size - used, "%s%s%s%s%s",
			     i ? ", " : "; active faults: ", code,
			     message[0] ? " (" : "", message,
			     message[0] ? ")" : "");
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

void omt_bus_complete(struct omt_bus *bus, const struct omt_event *event)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct omt_pending_call *pending;

	for (pending = bus->pending; pending; pending = pending->next)
		if (pending->cookie == event->cookie)
			break;
	/* Timed out already, or a command nobody waits for. */
	if (!pending)
		return;
	if (event->result == OMT_CMD_OK) {
		/* The change may be visible before the caller reads it. */
		omt_bus_publish_changes(bus, false);
		omt_bus_log_accepted(bus, pending->call, &pending->command,
				     event);
		if (pending->replies_motion_id)
			sd_bus_reply_method_return(pending->call, "u",
						   event->motion_id);
		else if (pending->replies_registers)
			reply_registers(pending->call, event);
		else
			sd_bus_reply_method_return(pending->call, "");
	} else {
		char faults[512] = "";

		omt_bus_set_result_error(&error, event->result);
		if (event->result == OMT_CMD_FAULTED ||
		    event->result == OMT_CMD_INTERLOCK)
			describe_faults(bus, faults, sizeof(faults));
		/* The controller's own reason is the most precise one. */
		if (event->message[0] || faults[0]) {
			sd_bus_error named = SD_BUS_ERROR_NULL;

			if (event->message[0])
				sd_bus_error_setf(&named, error.name,
						  "Refused: %.*s%s.",
						  OMT_EVENT_MESSAGE_MAX,
						  event->message, faults);
			else
				sd_bus_error_setf(&named, error.name, "%.*s%s.",
						  (int)strcspn(error.message, "."),
						  error.message, faults);
			sd_bus_error_free(&error);
			error = named;
		}
		sd_bus_reply_method_error(pending->call, &error);
		sd_bus_error_free(&error);
	}
	pending_free(pending);
}

void omt_bus_pending_free_all(struct omt_bus *bus)
{
	while (bus->pending) {
		sd_bus_reply_method_errorf(bus->pending->call,
					   SD_BUS_ERROR_NO_SERVER,
					   "The table daemon is shutting down.");
		pending_free(bus->pending);
	}
}
