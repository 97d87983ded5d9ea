// SPDX-License-Identifier: MIT
/*
 * The org.omt.Table1 methods.  Each checks the caller's rights and the
 * arguments that need no state (types, NaN, infinities, keys, names,
 * configured travel), then lets the control thread decide the rest; a
 * refused call changes nothing.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "log.h"
#include "omt_names.h"

#define TENSION_MIN 1u
#define TENSION_MAX 10u

#define invalid(error, ...) \
	sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS, __VA_ARGS__)

/* Range check against the configured soft limits. */
static int check_targets(struct omt_bus *bus, const struct omt_command *cmd,
			 sd_bus_error *error)
{
	struct omt_preset_limits lim;

	omt_bus_limits(bus, &lim);
	if ((cmd->target_mask & (1u << OMT_AXIS_HEIGHT)) &&
	    (cmd->target[OMT_AXIS_HEIGHT] < lim.height_min ||
	     cmd->target[OMT_AXIS_HEIGHT] > lim.height_max))
		return sd_bus_error_setf(error, OMT_ERROR_OUT_OF_RANGE,
					 "Height %.2f mm is outside %.2f..%.2f mm.",
					 cmd->target[OMT_AXIS_HEIGHT],
					 lim.height_min, lim.height_max);
	if ((cmd->target_mask & (1u << OMT_AXIS_TILT)) &&
	    (cmd->target[OMT_AXIS_TILT] < lim.tilt_min ||
	     cmd->target[OMT_AXIS_TILT] > lim.tilt_max))
		return sd_bus_error_setf(error, OMT_ERROR_OUT_OF_RANGE,
					 "Tilt %.2f degrees is outside %.2f..%.2f degrees.",
					 cmd->target[OMT_AXIS_TILT],
					 lim.tilt_min, lim.tilt_max);
	return 0;
}

int omt_bus_start_motion(struct omt_bus *bus, sd_bus_message *call,
			 struct omt_command *cmd, sd_bus_error *error)
{
	int r;

	r = check_targets(bus, cmd, error);
	if (r < 0)
		return r;
	cmd->kind = OMT_CMD_MOVE_TO;
	r = omt_bus_owner_of(bus, sd_bus_message_get_sender(call), &cmd->owner);
	if (r < 0)
		return sd_bus_error_set_errnof(error, -r,
					       "Cannot track the caller: %s",
					       strerror(-r));
	return omt_bus_submit_and_wait(bus, call, cmd, true, error);
}

static int method_move_to(sd_bus_message *call, void *userdata,
			  sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd = { 0 };
	const char *key;
	double value;
	enum omt_axis axis;
	int r;

	r = omt_bus_authorize_call(bus, call, error);
	if (r < 0)
		return r;
	r = sd_bus_message_enter_container(call, 'a', "{sd}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(call, "{sd}", &key, &value)) > 0) {
		axis = omt_axis_from_name(key);
		if (axis != OMT_AXIS_HEIGHT && axis != OMT_AXIS_TILT)
			return invalid(error,
				       "Unknown target '%s': the keys are 'height' and 'tilt'.",
				       key);
		if (cmd.target_mask & (1u << axis))
			return invalid(error, "Target '%s' given twice.", key);
		if (!isfinite(value))
			return invalid(error,
				       "Target '%s' is not a finite number.",
				       key);
		cmd.target_mask |= 1u << axis;
		cmd.target[axis] = value;
	}
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(call);
	if (r < 0)
		return r;
	if (cmd.target_mask == 0)
		return invalid(error,
			       "No target given: pass height, tilt or both.");
	return omt_bus_start_motion(bus, call, &cmd, error);
}

static int method_hold(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd = { .kind = OMT_CMD_HOLD };
	struct timespec ts;
	int r;

	/* Stamped on receipt: the queue to the control thread is not the
	 * caller's time (see struct omt_command). */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	cmd.received_ns = (uint64_t)ts.tv_sec * 1000000000ull +
			  (uint64_t)ts.tv_nsec;
	r = sd_bus_message_read(call, "u", &cmd.motion_id);
	if (r < 0)
		return r;
	/*
	 * Only the peer that started a motion can keep it going; it was
	 * authorized then, and Hold arrives ten times a second, so no
	 * credential lookup here.
	 */
	cmd.owner = omt_bus_known_owner(bus, sd_bus_message_get_sender(call));
	if (!cmd.owner)
		return sd_bus_error_set(error, OMT_ERROR_NOT_FOUND,
					"You have no motion to hold.");
	return omt_bus_submit_and_wait(bus, call, &cmd, false, error);
}

/*
 * The methods that are one command each, by member name: the vtable
 * points them all at method_simple or method_drop.
 */
static const struct {
	const char *member;
	enum omt_command_kind kind;
} member_commands[] = {
	{ "Lock", OMT_CMD_LOCK },
	{ "Unlock", OMT_CMD_UNLOCK },
	{ "ArmDrop", OMT_CMD_ARM_DROP },
	{ "DisarmDrop", OMT_CMD_DISARM_DROP },
	{ "SetDropTension", OMT_CMD_SET_TENSION },
};

/* The call's command by its member name, once the caller may call it. */
static int command_of(struct omt_bus *bus, sd_bus_message *call,
		      struct omt_command *cmd, sd_bus_error *error)
{
	const char *member = sd_bus_message_get_member(call);

	for (unsigned int i = 0;
	     member && i < sizeof(member_commands) / sizeof(member_commands[0]);
	     i++) {
		if (strcmp(member, member_commands[i].member) == 0) {
			memset(cmd, 0, sizeof(*cmd));
			cmd->kind = member_commands[i].kind;
			return omt_bus_authorize_call(bus, call, error);
		}
	}
	return -EBADMSG;
}

/* Lock, Unlock: no arguments, a plain decision. */
static int method_simple(sd_bus_message *call, void *userdata,
			 sd_bus_error *error)
{
	struct omt_command cmd;
	int r = command_of(userdata, call, &cmd, error);

	if (r < 0)
		return r;
	return omt_bus_submit_and_wait(userdata, call, &cmd, false, error);
}

/*
 * Stop and EmergencyStop: taken from any caller (bus_rights.c) and never
 * refused for lack of room.  The stop is flagged to the control thread
 * first, which needs no room at all; the queued command then lets the
 * reply wait for the controller's decision as every other call does, and
 * when the ring is full (or memory short) the flag alone carries it.
 */
static int stop_command(sd_bus_message *call, struct omt_bus *bus,
			bool emergency, sd_bus_error *error)
{
	struct omt_command cmd = {
		.kind = emergency ? OMT_CMD_ESTOP : OMT_CMD_STOP,
	};
	int r;

	r = omt_bus_authorize_call(bus, call, error);
	if (r < 0)
		return r;
	omt_control_request_stop(bus->control, emergency);
	r = omt_bus_submit_and_wait(bus, call, &cmd, false, error);
	if (r >= 0)
		return r;
	sd_bus_error_free(error);
	return sd_bus_reply_method_return(call, "");
}

static int method_stop(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	return stop_command(call, userdata, false, error);
}

static int method_emergency_stop(sd_bus_message *call, void *userdata,
				 sd_bus_error *error)
{
	return stop_command(call, userdata, true, error);
}

static int method_clear_faults(sd_bus_message *call, void *userdata,
			       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd = { .kind = OMT_CMD_CLEAR_FAULTS };
	int r;

	r = omt_bus_authorize_call(bus, call, error);
	if (r < 0)
		return r;
	/* Latched hardware faults need a technician (or root). */
	cmd.may_clear_hardware_faults =
		omt_bus_authorize(bus, call, OMT_PERMIT_SERVICE, NULL) >= 0;
	return omt_bus_submit_and_wait(bus, call, &cmd, false, error);
}

static int read_section(struct omt_bus *bus, sd_bus_message *call,
			enum omt_axis *axis, sd_bus_error *error)
{
	const char *name;
	int r = sd_bus_message_read(call, "s", &name);

	if (r < 0)
		return r;
	*axis = omt_axis_from_name(name);
	if (!OMT_AXIS_IS_DROP(*axis)) {
		char quoted[48];

		/* Cut at a character: a reply that is not UTF-8 is lost. */
		omt_text_excerpt(name, quoted, sizeof(quoted));
		return sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
					 "Unknown drop section '%s': use cervical, thoracic, lumbar or pelvic.",
					 quoted);
	}
	if (!omt_bus_section_present(bus, *axis))
		return sd_bus_error_setf(error, OMT_ERROR_NOT_FOUND,
					 "This table has no %s drop section.",
					 name);
	return 0;
}

/* ArmDrop, DisarmDrop, SetDropTension: a section (and a level). */
static int method_drop(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd;
	int r = command_of(bus, call, &cmd, error);

	if (r < 0)
		return r;
	r = read_section(bus, call, &cmd.section, error);
	if (r < 0)
		return r;
	if (cmd.kind == OMT_CMD_SET_TENSION) {
		r = sd_bus_message_read(call, "u", &cmd.level);
		if (r < 0)
			return r;
		if (cmd.level < TENSION_MIN || cmd.level > TENSION_MAX)
			return sd_bus_error_setf(error, OMT_ERROR_OUT_OF_RANGE,
						 "Tension %u is outside %u..%u.",
						 cmd.level, TENSION_MIN,
						 TENSION_MAX);
	}
	return omt_bus_submit_and_wait(bus, call, &cmd, false, error);
}

#define EMITS SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE
#define OPEN SD_BUS_VTABLE_UNPRIVILEGED /* the daemon checks rights itself */

const sd_bus_vtable omt_bus_table_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_PROPERTY("State", "s", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("Height", "d", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("Tilt", "d", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("Locked", "b", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("ActiveFaults", "as", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("Presets", "as", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("Drops", "a{ss}", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("DropTensions", "a{su}", omt_bus_get_property, 0,
			EMITS),
	SD_BUS_PROPERTY("FaultMessages", "a{ss}", omt_bus_get_property, 0,
			EMITS),
	/* Changes every cycle while a motor runs: read it, no signal. */
	SD_BUS_PROPERTY("DutyCycle", "a{sa{sv}}", omt_bus_get_property, 0, 0),
	SD_BUS_PROPERTY("Drives", "a{ss}", omt_bus_get_property, 0, EMITS),
	SD_BUS_PROPERTY("HoldTimeoutMs", "u", omt_bus_get_property, 0,
			SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY("PresetDetails", "a{sa{sv}}", omt_bus_get_property, 0,
			EMITS),
	SD_BUS_PROPERTY("Version", "s", omt_bus_get_property, 0,
			SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_METHOD_WITH_ARGS("MoveTo", SD_BUS_ARGS("a{sd}", targets),
				SD_BUS_RESULT("u", motion_id), method_move_to,
				OPEN),
	SD_BUS_METHOD_WITH_ARGS("Hold", SD_BUS_ARGS("u", motion_id),
				SD_BUS_NO_RESULT, method_hold, OPEN),
	SD_BUS_METHOD_WITH_ARGS("RecallPreset", SD_BUS_ARGS("s", name),
				SD_BUS_RESULT("u", motion_id),
				omt_bus_recall_preset, OPEN),
	SD_BUS_METHOD_WITH_ARGS("SavePreset", SD_BUS_ARGS("s", name),
				SD_BUS_NO_RESULT, omt_bus_save_preset, OPEN),
	SD_BUS_METHOD_WITH_ARGS("DeletePreset", SD_BUS_ARGS("s", name),
				SD_BUS_NO_RESULT, omt_bus_delete_preset, OPEN),
	SD_BUS_METHOD_WITH_ARGS("SavePresetWithOptions",
				SD_BUS_ARGS("s", name, "a{sv}", options),
				SD_BUS_NO_RESULT,
				omt_bus_save_preset_with_options, OPEN),
	SD_BUS_METHOD_WITH_ARGS("RenamePreset",
				SD_BUS_ARGS("s", name, "s", new_name),
				SD_BUS_NO_RESULT, omt_bus_rename_preset, OPEN),
	SD_BUS_METHOD_WITH_ARGS("GetPreset", SD_BUS_ARGS("s", name),
				SD_BUS_RESULT("a{sv}", preset),
				omt_bus_get_preset, OPEN),
	SD_BUS_METHOD("Stop", "", "", method_stop, OPEN),
	SD_BUS_METHOD("EmergencyStop", "", "", method_emergency_stop, OPEN),
	SD_BUS_METHOD("ClearFaults", "", "", method_clear_faults, OPEN),
	SD_BUS_METHOD("Lock", "", "", method_simple, OPEN),
	SD_BUS_METHOD("Unlock", "", "", method_simple, OPEN),
	SD_BUS_METHOD_WITH_ARGS("ArmDrop", SD_BUS_ARGS("s", section),
				SD_BUS_NO_RESULT, method_drop, OPEN),
	SD_BUS_METHOD_WITH_ARGS("DisarmDrop", SD_BUS_ARGS("s", section),
				SD_BUS_NO_RESULT, method_drop, OPEN),
	SD_BUS_METHOD_WITH_ARGS("SetDropTension",
				SD_BUS_ARGS("s", section, "u", level),
				SD_BUS_NO_RESULT, method_drop, OPEN),
	SD_BUS_SIGNAL_WITH_ARGS("MotionFinished",
				SD_BUS_ARGS("u", motion_id, "s", outcome), 0),
	SD_BUS_SIGNAL_WITH_ARGS("FaultRaised",
				SD_BUS_ARGS("s", code, "s", message), 0),
	SD_BUS_SIGNAL_WITH_ARGS("DropFired", SD_BUS_ARGS("s", section), 0),
	SD_BUS_VTABLE_END
};
