// SPDX-License-Identifier: MIT
/*
 * The control core's outgoing events: a fixed ring the runtime drains
 * every cycle, and the helpers that fill each kind.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "table_logic_internal.h"

static struct omt_event base_event(const struct omt_table_logic *logic,
				   enum omt_event_kind kind)
{
	struct omt_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.axis = OMT_AXIS_COUNT;
	ev.monotonic_ns = logic->now_ns;
	return ev;
}

void logic_push_event(struct omt_table_logic *logic,
		      const struct omt_event *event)
{
	unsigned int tail;

	/* Full: the oldest goes, and the loss is counted.  The runtime
	 * drains every cycle, so this needs 64 events in one cycle. */
	if (logic->queue_len == OMT_LOGIC_EVENT_QUEUE) {
		logic->queue_head = (logic->queue_head + 1) % OMT_LOGIC_EVENT_QUEUE;
		logic->queue_len--;
		logic->events_dropped++;
	}
	tail = (logic->queue_head + logic->queue_len) % OMT_LOGIC_EVENT_QUEUE;
	logic->queue[tail] = *event;
	logic->queue_len++;
}

bool omt_table_logic_next_event(struct omt_table_logic *logic,
				struct omt_event *event)
{
	if (logic->queue_len == 0)
		return false;
	*event = logic->queue[logic->queue_head];
	logic->queue_head = (logic->queue_head + 1) % OMT_LOGIC_EVENT_QUEUE;
	logic->queue_len--;
	return true;
}

void logic_reply(struct omt_table_logic *logic, uint64_t cookie,
		 enum omt_cmd_result result, uint32_t motion_id,
		 const char *message)
{
	struct omt_event ev = base_event(logic, OMT_EV_REPLY);

	ev.cookie = cookie;
	ev.result = result;
	ev.motion_id = motion_id;
	if (message)
		snprintf(ev.message, sizeof(ev.message), "%s", message);
	logic_push_event(logic, &ev);
}

void logic_log(struct omt_table_logic *logic, enum omt_axis axis,
	       const char *fmt, ...)
{
	struct omt_event ev = base_event(logic, OMT_EV_LOG);
	va_list ap;

	ev.axis = axis;
	va_start(ap, fmt);
	vsnprintf(ev.message, sizeof(ev.message), fmt, ap);
	va_end(ap);
	logic_push_event(logic, &ev);
}

void logic_motion_finished(struct omt_table_logic *logic, uint32_t id,
			   enum omt_motion_outcome outcome)
{
	struct omt_event ev = base_event(logic, OMT_EV_MOTION_FINISHED);

	ev.motion_id = id;
	ev.outcome = outcome;
	logic_push_event(logic, &ev);
}

static const char *fault_description(enum omt_fault_kind kind)
{
	switch (kind) {
	case OMT_FAULT_MODBUS_TIMEOUT:
	case OMT_FAULT_MODBUS_CRC:
	case OMT_FAULT_MODBUS_EXCEPTION:
	case OMT_FAULT_MODBUS_FRAME:
		return "communication lost: too many failed exchanges in a row";
	case OMT_FAULT_COMMS_LOST:
		return "the drive stopped on its communication watchdog";
	case OMT_FAULT_FOLLOWING_ERROR:
		return "the axis does not follow its setpoint";
	case OMT_FAULT_STALL:
		return "the axis is stalled: no progress while current rises";
	case OMT_FAULT_OBSTRUCTION:
		return "obstruction detected; motion stopped";
	case OMT_FAULT_OVERCURRENT:
		return "motor current above the limit";
	case OMT_FAULT_DRIVE:
		return "the drive reports a fault";
	case OMT_FAULT_LIMIT:
		return "hardware limit reached or soft limits do not fit the travel";
	case OMT_FAULT_UNCOMMANDED_MOTION:
		return "the axis moved without a command; drive disabled";
	case OMT_FAULT_POSITION_JUMP:
		return "the position reading jumped; drive disabled";
	case OMT_FAULT_PEDAL_MISMATCH:
		return "the enable pedal's two channels disagree";
	case OMT_FAULT_ESTOP:
		return "emergency stop";
	case OMT_FAULT_INTERLOCK:
		return "the kernel interlock cut drive power";
	case OMT_FAULT_DRIVE_DISABLED:
		return "the drive switched itself off; kept disabled";
	case OMT_FAULT_DRIVE_IDENTITY:
		return "the drive failed its check; not enabled";
	case OMT_FAULT_INPUT_CHATTER:
		return "an operator input changes faster than a foot can";
	case OMT_FAULT_OVERFLOW:
		return "more faults than the fault set holds; some were not latched";
	default:
		return "fault";
	}
}

void logic_fault_event(struct omt_table_logic *logic, bool raised,
		       enum omt_fault_kind kind, enum omt_axis axis)
{
	struct omt_event ev = base_event(logic, raised ? OMT_EV_FAULT_RAISED
						       : OMT_EV_FAULT_CLEARED);
	ev.fault = kind;
	ev.axis = axis;
	/* The code travels beside the message (FaultRaised(code, message)):
	 * the message is the sentence alone. */
	snprintf(ev.message, sizeof(ev.message), "%s",
		 raised ? fault_description(kind) : "cleared");
	logic_push_event(logic, &ev);
}

/* One STATE_CHANGED whenever the public state, lock, drops or faults move. */
void logic_report_changes(struct omt_table_logic *logic)
{
	bool changed = logic->state != logic->reported_state ||
		       logic->locked != logic->reported_locked ||
		       logic->faults.n != logic->reported_faults;

	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		changed |= logic->drop[i].state != logic->reported_drop[i];
	if (!changed)
		return;
	logic->reported_state = logic->state;
	logic->reported_locked = logic->locked;
	logic->reported_faults = logic->faults.n;
	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		logic->reported_drop[i] = logic->drop[i].state;
	struct omt_event ev = base_event(logic, OMT_EV_STATE_CHANGED);

	snprintf(ev.message, sizeof(ev.message), "state %s%s",
		 omt_table_state_name(logic->state),
		 logic->locked ? ", locked" : "");
	logic_push_event(logic, &ev);
}
