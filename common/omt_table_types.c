// SPDX-License-Identifier: MIT
/* The contract's strings for the table's enums, in one place. */
#include <stdio.h>

#include "omt_name_table.h"
#include "omt_table_types.h"

#define NAME_AT(names, index) \
	omt_name_at(names, OMT_NAME_TABLE_SIZE(names), (unsigned int)(index))

static const char *const axis_names[OMT_AXIS_COUNT] = {
	[OMT_AXIS_HEIGHT] = "height",
	[OMT_AXIS_TILT] = "tilt",
	[OMT_AXIS_CERVICAL] = "cervical",
	[OMT_AXIS_THORACIC] = "thoracic",
	[OMT_AXIS_LUMBAR] = "lumbar",
	[OMT_AXIS_PELVIC] = "pelvic",
};

static const char *const state_names[] = {
	[OMT_STATE_LOCKED] = "locked",
	[OMT_STATE_IDLE] = "idle",
	[OMT_STATE_MOVING] = "moving",
	[OMT_STATE_STOPPING] = "stopping",
	[OMT_STATE_FAULT] = "fault",
	[OMT_STATE_ESTOP] = "estop",
};

static const char *const drop_names[] = {
	[OMT_DROP_DOWN] = "down",
	[OMT_DROP_ARMING] = "arming",
	[OMT_DROP_ARMED] = "armed",
	[OMT_DROP_FIRED] = "fired",
};

static const char *const outcome_names[] = {
	[OMT_OUTCOME_REACHED] = "reached",
	[OMT_OUTCOME_STOPPED] = "stopped",
	[OMT_OUTCOME_RELEASED] = "released",
	[OMT_OUTCOME_PREEMPTED] = "preempted",
	[OMT_OUTCOME_FAULT] = "fault",
};

static const char *const verify_names[OMT_VERIFY_STATE_COUNT] = {
	[OMT_VERIFY_PENDING] = "pending",
	[OMT_VERIFY_OK] = "verified",
	[OMT_VERIFY_NO_ANSWER] = "no-answer",
	[OMT_VERIFY_WRONG_KIND] = "wrong-kind",
	[OMT_VERIFY_TRAVEL] = "travel",
	[OMT_VERIFY_WATCHDOG] = "watchdog",
	[OMT_VERIFY_CLASS] = "not-its-class",
};

static const char *const fault_names[OMT_FAULT_KIND_COUNT] = {
	[OMT_FAULT_MODBUS_TIMEOUT] = "modbus-timeout",
	[OMT_FAULT_MODBUS_CRC] = "modbus-crc",
	[OMT_FAULT_MODBUS_EXCEPTION] = "modbus-exception",
	[OMT_FAULT_MODBUS_FRAME] = "modbus-frame",
	[OMT_FAULT_COMMS_LOST] = "comms-lost",
	[OMT_FAULT_FOLLOWING_ERROR] = "following-error",
	[OMT_FAULT_STALL] = "stall",
	[OMT_FAULT_OBSTRUCTION] = "obstruction",
	[OMT_FAULT_OVERCURRENT] = "overcurrent",
	[OMT_FAULT_DRIVE] = "drive-fault",
	[OMT_FAULT_LIMIT] = "limit",
	[OMT_FAULT_UNCOMMANDED_MOTION] = "uncommanded-motion",
	[OMT_FAULT_POSITION_JUMP] = "position-jump",
	[OMT_FAULT_PEDAL_MISMATCH] = "pedal-mismatch",
	[OMT_FAULT_ESTOP] = "estop",
	[OMT_FAULT_INTERLOCK] = "interlock",
	[OMT_FAULT_DRIVE_DISABLED] = "drive-disabled",
	[OMT_FAULT_DRIVE_IDENTITY] = "drive-identity",
	[OMT_FAULT_INPUT_CHATTER] = "input-chatter",
	[OMT_FAULT_OVERFLOW] = "fault-overflow",
};

const char *omt_axis_name(enum omt_axis axis)
{
	return NAME_AT(axis_names, axis);
}

enum omt_axis omt_axis_from_name(const char *name)
{
	return (enum omt_axis)omt_name_index(axis_names, OMT_AXIS_COUNT, name);
}

const char *omt_table_state_name(enum omt_table_state state)
{
	return NAME_AT(state_names, state);
}

const char *omt_drop_state_name(enum omt_drop_state state)
{
	return NAME_AT(drop_names, state);
}

const char *omt_outcome_name(enum omt_motion_outcome outcome)
{
	return NAME_AT(outcome_names, outcome);
}

const char *omt_fault_kind_name(enum omt_fault_kind kind)
{
	return NAME_AT(fault_names, kind);
}

const char *omt_verify_state_name(enum omt_verify_state state)
{
	return NAME_AT(verify_names, state);
}

void omt_verify_describe(enum omt_verify_state state, unsigned int detail,
			 char *buf, unsigned int len)
{
	const char *name = omt_verify_state_name(state);

	switch (state) {
	case OMT_VERIFY_PENDING:
		snprintf(buf, len, "%s (not yet checked on this connection)", name);
		break;
	case OMT_VERIFY_NO_ANSWER:
		snprintf(buf, len, "%s (did not answer its check)", name);
		break;
	case OMT_VERIFY_WRONG_KIND:
		snprintf(buf, len, "%s (reports axis kind %u)", name, detail);
		break;
	case OMT_VERIFY_TRAVEL:
		snprintf(buf, len, "%s (soft limits outside its travel)", name);
		break;
	case OMT_VERIFY_WATCHDOG:
		snprintf(buf, len, "%s (WATCHDOG_MS reads back %u)", name,
			 detail);
		break;
	case OMT_VERIFY_CLASS:
		snprintf(buf, len, "%s (answers its class's registers with %u)",
			 name, detail);
		break;
	default:
		snprintf(buf, len, "%s", name);
		break;
	}
}

enum omt_fault_kind omt_fault_kind_from_name(const char *name)
{
	return (enum omt_fault_kind)omt_name_index(fault_names,
						   OMT_FAULT_KIND_COUNT, name);
}

void omt_fault_code(enum omt_fault_kind kind, enum omt_axis axis, char *buf,
		    size_t len)
{
	if ((unsigned int)axis >= OMT_AXIS_COUNT)
		snprintf(buf, len, "%s", omt_fault_kind_name(kind));
	else
		snprintf(buf, len, "%s:%s", omt_fault_kind_name(kind),
			 omt_axis_name(axis));
}
