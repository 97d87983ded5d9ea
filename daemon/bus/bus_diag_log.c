// SPDX-License-Identifier: MIT
/*
 * The event and fault log (event_log_store.h) as the bus service keeps
 * it: every event drained from the control thread that a technician would
 * ask about later is appended here, on the main thread, with the wall
 * clock; GetEventLog hands the whole ring back.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "log.h"

static void append(struct omt_bus *bus, const char *kind, const char *text)
{
	int r = omt_event_log_append(&bus->event_log, kind, text);

	/* Say it once, not at every event, when the file went away. */
	if (r < 0 && r != -EBADF) {
		omt_log(LOG_WARNING, NULL, NULL,
			"cannot write the event log: %s; it stays off until restart",
			strerror(-r));
		omt_event_log_close(&bus->event_log);
	}
}

void omt_bus_log_open(struct omt_bus *bus)
{
	int r = omt_event_log_open(&bus->event_log,
				   bus->config->control.state_dir);

	if (r < 0) {
		omt_log(LOG_WARNING, NULL, NULL,
			"cannot open the event log in %s: %s; running without it",
			bus->config->control.state_dir, strerror(-r));
		return;
	}
	append(bus, "start", "omtd started");
}

void omt_bus_log_close(struct omt_bus *bus)
{
	if (bus->event_log.fd >= 0)
		append(bus, "stop", "omtd stopped");
	omt_event_log_close(&bus->event_log);
}

/* "uid 1000 (:1.42)": the caller as the bus daemon vouches for it. */
static void caller_name(sd_bus_message *call, char *out, size_t len)
{
	sd_bus_creds *creds = NULL;
	const char *sender = sd_bus_message_get_sender(call);
	uid_t uid;

	/* A lookup that fails still names the connection. */
	if (sd_bus_query_sender_creds(call, SD_BUS_CREDS_EUID, &creds) >= 0 &&
	    sd_bus_creds_get_euid(creds, &uid) >= 0)
		snprintf(out, len, "uid %u (%s)", (unsigned int)uid,
			 sender ? sender : "?");
	else
		snprintf(out, len, "%s", sender ? sender : "?");
	sd_bus_creds_unref(creds);
}

void omt_bus_log_caller(struct omt_bus *bus, sd_bus_message *call,
			const char *kind, const char *format, ...)
{
	char what[OMT_EVENT_LOG_TEXT_MAX - 64], text[OMT_EVENT_LOG_TEXT_MAX];
	char who[60];           /* "uid 4294967295 (:1.123456)" fits */
	va_list ap;

	if (bus->event_log.fd < 0)
		return;
	va_start(ap, format);
	vsnprintf(what, sizeof(what), format, ap);
	va_end(ap);
	caller_name(call, who, sizeof(who));
	snprintf(text, sizeof(text), "%s by %s", what, who);
	append(bus, kind, text);
}

void omt_bus_log_accepted(struct omt_bus *bus, sd_bus_message *call,
			  const struct omt_command *cmd,
			  const struct omt_event *reply)
{
	char targets[64] = "";
	const char *section = cmd->section < OMT_AXIS_COUNT ?
			      omt_axis_name(cmd->section) : "?";

	switch (cmd->kind) {
	case OMT_CMD_MOVE_TO:
		if (cmd->target_mask & (1u << OMT_AXIS_HEIGHT))
			snprintf(targets, sizeof(targets), " height %.1f mm",
				 cmd->target[OMT_AXIS_HEIGHT]);
		if (cmd->target_mask & (1u << OMT_AXIS_TILT))
			snprintf(targets + strlen(targets),
				 sizeof(targets) - strlen(targets),
				 " tilt %.1f deg", cmd->target[OMT_AXIS_TILT]);
		omt_bus_log_caller(bus, call, "command",
				   "motion %u started:%s", reply->motion_id,
				   targets);
		break;
	case OMT_CMD_STOP:
		omt_bus_log_caller(bus, call, "command", "stop");
		break;
	case OMT_CMD_ESTOP:
		omt_bus_log_caller(bus, call, "command", "emergency stop");
		break;
	case OMT_CMD_LOCK:
		omt_bus_log_caller(bus, call, "command", "lock");
		break;
	case OMT_CMD_UNLOCK:
		omt_bus_log_caller(bus, call, "command", "unlock");
		caller_name(call, bus->unlocked_by, sizeof(bus->unlocked_by));
		break;
	case OMT_CMD_CLEAR_FAULTS:
		omt_bus_log_caller(bus, call, "command", "faults cleared");
		break;
	case OMT_CMD_ARM_DROP:
		omt_bus_log_caller(bus, call, "command", "arm drop %s",
				   section);
		break;
	case OMT_CMD_DISARM_DROP:
		omt_bus_log_caller(bus, call, "command", "disarm drop %s",
				   section);
		break;
	case OMT_CMD_SET_TENSION:
		omt_bus_log_caller(bus, call, "command",
				   "drop %s tension %u", section, cmd->level);
		break;
	default:
		break;          /* Hold, diagnostics: not changes of state */
	}
}

/* Lock and e-stop are states, not events: log their edges. */
static void log_state_edges(struct omt_bus *bus)
{
	struct omt_snapshot snap;

	omt_control_snapshot(bus->control, &snap);
	if (!bus->logged_valid || snap.locked != bus->logged_locked)
		append(bus, snap.locked ? "lock" : "unlock",
		       snap.locked ? "table locked" : "table unlocked");
	if (!bus->logged_valid ? snap.estop : snap.estop != bus->logged_estop)
		append(bus, snap.estop ? "estop" : "estop-released",
		       snap.estop ? "emergency stop" : "emergency stop released");
	bus->logged_valid = true;
	bus->logged_locked = snap.locked;
	bus->logged_estop = snap.estop;
}

/*
 * A pedal motion's record, as the controller reported it when it started
 * (which pedal; a preset pedal's motion id and targets).  Nobody can be
 * named for a pedal: anyone at the table may press it.  What the trail can
 * say is the session it happened in: who unlocked the table, without
 * which no pedal moves it.
 */
static void log_pedal_motion(struct omt_bus *bus, const char *message)
{
	char text[OMT_EVENT_LOG_TEXT_MAX];

	if (strstr(message, " started by pedal")) {
		snprintf(text, sizeof(text), "%s; the table was unlocked by %s",
			 message, bus->unlocked_by[0] ? bus->unlocked_by :
							"nobody known");
		append(bus, "motion", text);
	} else {
		append(bus, "motion", message);
	}
}

void omt_bus_log_event(struct omt_bus *bus, const struct omt_event *event)
{
	char text[OMT_EVENT_LOG_TEXT_MAX];
	const char *axis = event->axis < OMT_AXIS_COUNT ?
			   omt_axis_name(event->axis) : NULL;

	if (bus->event_log.fd < 0)
		return;
	switch (event->kind) {
	case OMT_EV_FAULT_RAISED:
		snprintf(text, sizeof(text), "%s%s%s: %s",
			 omt_fault_kind_name(event->fault), axis ? ":" : "",
			 axis ? axis : "", event->message);
		append(bus, "fault", text);
		break;
	case OMT_EV_FAULT_CLEARED:
		snprintf(text, sizeof(text), "%s%s%s cleared",
			 omt_fault_kind_name(event->fault), axis ? ":" : "",
			 axis ? axis : "");
		append(bus, "fault-cleared", text);
		break;
	case OMT_EV_DROP_FIRED:
		snprintf(text, sizeof(text), "drop section %s fired",
			 axis ? axis : "?");
		append(bus, "drop", text);
		break;
	case OMT_EV_LOG:
		/*
		 * The controller's own locking and unlocking (the idle timer,
		 * the pedal gesture) say why; the record replaces the bare
		 * state edge.
		 */
		if (strncmp(event->message, "locked ", 7) == 0 ||
		    strncmp(event->message, "unlocked ", 9) == 0) {
			bool locked = event->message[0] == 'l';

			snprintf(text, sizeof(text), "table %s", event->message);
			append(bus, locked ? "lock" : "unlock", text);
			bus->logged_locked = locked;
			if (strcmp(event->message, "unlocked by pedal gesture") == 0)
				snprintf(bus->unlocked_by, sizeof(bus->unlocked_by),
					 "the pedal gesture");
		} else if (strncmp(event->message, "motion ", 7) == 0 &&
			   strstr(event->message, "by pedal")) {
			log_pedal_motion(bus, event->message);
		} else if (strstr(event->message, ": duty cycle used up")) {
			/* A motion stopped, or a pedal that moves nothing,
			 * for the motor's duty cycle: no fault, so this
			 * record is the only word of why. */
			append(bus, "motion", event->message);
		}
		break;
	case OMT_EV_MOTION_FINISHED:
		snprintf(text, sizeof(text), "motion %u finished: %s",
			 event->motion_id, omt_outcome_name(event->outcome));
		append(bus, "motion", text);
		break;
	default:
		break;
	}
	log_state_edges(bus);
}

int omt_bus_diag_event_log(sd_bus_message *call, void *userdata,
			   sd_bus_error *error)
{
	static struct omt_log_record records[OMT_EVENT_LOG_RECORDS];
	struct omt_bus *bus = userdata;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int n, r;

	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	n = omt_event_log_read(&bus->event_log, records);
	if (n < 0)
		return sd_bus_error_setf(error, OMT_ERROR_STORAGE,
					 "The event log cannot be read: %s.",
					 strerror(-n));
	r = sd_bus_message_new_method_return(call, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "(tss)");
	for (int i = 0; r >= 0 && i < n; i++)
		r = sd_bus_message_append(reply, "(tss)",
					  records[i].realtime_us,
					  records[i].kind, records[i].text);
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	return r;
}
