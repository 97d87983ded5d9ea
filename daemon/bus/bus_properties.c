// SPDX-License-Identifier: MIT
/*
 * The Table1 properties, read from the control thread's latest snapshot,
 * and PropertiesChanged for what changed since the last announcement.
 */
#include <math.h>
#include <string.h>

#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "omt_version.h"

void omt_bus_note_fault(struct omt_bus *bus, const struct omt_event *event)
{
	unsigned int axis = event->axis < OMT_AXIS_COUNT ? event->axis :
			    OMT_AXIS_COUNT;

	if (event->fault < OMT_FAULT_KIND_COUNT)
		snprintf(bus->fault_message[event->fault][axis],
			 sizeof(bus->fault_message[0][0]), "%s",
			 event->message);
}

const char *omt_bus_fault_message(const struct omt_bus *bus,
				  const struct omt_active_fault *fault)
{
	unsigned int axis = fault->axis < OMT_AXIS_COUNT ? fault->axis :
			    OMT_AXIS_COUNT;

	if (fault->kind >= OMT_FAULT_KIND_COUNT)
		return "";
	return bus->fault_message[fault->kind][axis];
}

/*
 * Each fitted drive -> serial and firmware as it reported them on this
 * connection; a key is left out while its value is unknown (not read yet,
 * not in the drive's register profile, refused by the drive, or not
 * printable text), so a client tells "unknown" from any text.
 */
static int append_drive_identities(struct omt_bus *bus,
				   const struct omt_snapshot *snap,
				   sd_bus_message *reply)
{
	int r = sd_bus_message_open_container(reply, 'a', "{sa{sv}}");

	for (int a = 0; r >= 0 && a < OMT_AXIS_COUNT; a++) {
		const struct omt_axis_snapshot *ax = &snap->axis[a];

		if (!bus->config->drive[a].present)
			continue;
		r = sd_bus_message_open_container(reply, 'e', "sa{sv}");
		if (r >= 0)
			r = sd_bus_message_append(reply, "s",
						  omt_axis_name((enum omt_axis)a));
		if (r >= 0)
			r = sd_bus_message_open_container(reply, 'a', "{sv}");
		if (r >= 0 && ax->serial[0])
			r = sd_bus_message_append(reply, "{sv}", "serial", "s",
						  ax->serial);
		if (r >= 0 && ax->firmware[0])
			r = sd_bus_message_append(reply, "{sv}", "firmware",
						  "s", ax->firmware);
		if (r >= 0)
			r = sd_bus_message_close_container(reply);
		if (r >= 0)
			r = sd_bus_message_close_container(reply);
	}
	return r < 0 ? r : sd_bus_message_close_container(reply);
}

/*
 * Each fitted drive of a newer class -> the fault its class names
 * ("setpoint-not-acknowledged", "position-lost", ...; "none"), which
 * ActiveFaults and GetAxes give only as the nearest canonical code.
 * omt-generic-1 drives name no faults of their own: left out.
 */
static int append_drive_faults(struct omt_bus *bus,
			       const struct omt_snapshot *snap,
			       sd_bus_message *reply)
{
	int r = sd_bus_message_open_container(reply, 'a', "{ss}");

	for (int a = 0; r >= 0 && a < OMT_AXIS_COUNT; a++) {
		const struct omtd_drive_config *d = &bus->config->drive[a];

		if (!d->present ||
		    bus->config->profiles[d->regmap_index].dc.cls ==
			    DRIVE_CLASS_CYCLIC_POSITION)
			continue;
		r = sd_bus_message_append(reply, "{ss}",
					  omt_axis_name((enum omt_axis)a),
					  drive_named_fault_name(
						  (enum drive_named_fault)
						  snap->axis[a].named_fault));
	}
	return r < 0 ? r : sd_bus_message_close_container(reply);
}

int omt_bus_get_property(sd_bus *sdbus, const char *path,
			const char *interface, const char *property,
			sd_bus_message *reply, void *userdata,
			sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_snapshot snap;
	char code[64];
	int r;

	omt_control_snapshot(bus->control, &snap);
	if (strcmp(property, "State") == 0)
		return sd_bus_message_append(reply, "s",
					     omt_table_state_name(snap.state));
	if (strcmp(property, "Height") == 0)
		return sd_bus_message_append(reply, "d",
					     snap.axis[OMT_AXIS_HEIGHT].position);
	if (strcmp(property, "Tilt") == 0)
		return sd_bus_message_append(reply, "d",
					     snap.axis[OMT_AXIS_TILT].position);
	if (strcmp(property, "Locked") == 0)
		return sd_bus_message_append(reply, "b", (int)snap.locked);
	if (strcmp(property, "HoldTimeoutMs") == 0)
		return sd_bus_message_append(reply, "u",
					     bus->config->control.hold_timeout_ms);
	if (strcmp(property, "ActiveFaults") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "s");
		for (unsigned int i = 0; r >= 0 && i < snap.n_faults &&
		     i < OMT_MAX_ACTIVE_FAULTS; i++) {
			omt_fault_code(snap.faults[i].kind, snap.faults[i].axis, code,
				       sizeof(code));
			r = sd_bus_message_append(reply, "s", code);
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "Presets") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "s");
		for (unsigned int i = 0; r >= 0 && i < bus->presets.count; i++)
			r = sd_bus_message_append(reply, "s",
						  bus->presets.item[i].name);
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "Version") == 0)
		return sd_bus_message_append(reply, "s", omt_version());
	if (strcmp(property, "PresetDetails") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "{sa{sv}}");
		for (unsigned int i = 0; r >= 0 && i < bus->presets.count; i++) {
			r = sd_bus_message_open_container(reply, 'e', "sa{sv}");
			if (r >= 0)
				r = sd_bus_message_append(reply, "s",
							  bus->presets.item[i].name);
			if (r >= 0)
				r = omt_bus_append_preset(reply,
							  &bus->presets.item[i]);
			if (r >= 0)
				r = sd_bus_message_close_container(reply);
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "FaultMessages") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "{ss}");
		for (unsigned int i = 0; r >= 0 && i < snap.n_faults &&
		     i < OMT_MAX_ACTIVE_FAULTS; i++) {
			omt_fault_code(snap.faults[i].kind, snap.faults[i].axis, code,
				       sizeof(code));
			r = sd_bus_message_append(reply, "{ss}", code,
						  omt_bus_fault_message(bus,
									&snap.faults[i]));
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "DropTensions") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "{su}");
		for (int i = 0; r >= 0 && i < OMT_DROP_SECTIONS; i++) {
			enum omt_axis axis = OMT_AXIS_CERVICAL + i;

			if (!omt_bus_section_present(bus, axis))
				continue;
			r = sd_bus_message_append(reply, "{su}",
						  omt_axis_name(axis),
						  snap.drop_tension[i]);
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "DutyCycle") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "{sa{sv}}");
		for (int a = 0; r >= 0 && a < OMT_MOTION_AXES; a++) {
			if (!snap.duty_budget_ns[a])
				continue;       /* no limit on this axis */
			r = sd_bus_message_append(reply, "{sa{sv}}",
						  omt_axis_name((enum omt_axis)a), 3,
						  "budget_s", "d",
						  snap.duty_budget_ns[a] / 1e9,
						  "left_s", "d",
						  snap.axis[a].duty_left_ns / 1e9,
						  "whole_in_s", "d",
						  snap.duty_whole_in_ns[a] / 1e9);
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "Drops") == 0) {
		r = sd_bus_message_open_container(reply, 'a', "{ss}");
		for (int i = 0; r >= 0 && i < OMT_DROP_SECTIONS; i++) {
			enum omt_axis axis = OMT_AXIS_CERVICAL + i;

			if (!omt_bus_section_present(bus, axis))
				continue;
			r = sd_bus_message_append(reply, "{ss}",
						  omt_axis_name(axis),
						  omt_drop_state_name(snap.drop[i]));
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "Drives") == 0) {
		char text[96];

		r = sd_bus_message_open_container(reply, 'a', "{ss}");
		for (int a = 0; r >= 0 && a < OMT_AXIS_COUNT; a++) {
			if (!bus->config->drive[a].present)
				continue;
			omt_verify_describe(snap.axis[a].verify,
					    snap.axis[a].verify_detail, text,
					    sizeof(text));
			r = sd_bus_message_append(reply, "{ss}",
						  omt_axis_name((enum omt_axis)a),
						  text);
		}
		return r < 0 ? r : sd_bus_message_close_container(reply);
	}
	if (strcmp(property, "DriveIdentities") == 0)
		return append_drive_identities(bus, &snap, reply);
	if (strcmp(property, "DriveFaults") == 0)
		return append_drive_faults(bus, &snap, reply);
	return sd_bus_error_setf(error, SD_BUS_ERROR_UNKNOWN_PROPERTY,
				 "No property %s.", property);
}

static bool faults_differ(const struct omt_published *old,
			  const struct omt_snapshot *snap)
{
	if (old->n_faults != snap->n_faults)
		return true;
	for (unsigned int i = 0; i < snap->n_faults &&
	     i < OMT_MAX_ACTIVE_FAULTS; i++)
		if (old->faults[i].kind != snap->faults[i].kind ||
		    old->faults[i].axis != snap->faults[i].axis)
			return true;
	return false;
}

static bool identities_differ(const struct omt_published *old,
			      const struct omt_snapshot *snap)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (strcmp(old->serial[a], snap->axis[a].serial) ||
		    strcmp(old->firmware[a], snap->axis[a].firmware))
			return true;
	return false;
}

void omt_bus_publish_changes(struct omt_bus *bus, bool positions_too)
{
	struct omt_published *old = &bus->published;
	struct omt_snapshot snap;
	/* Every property below at most once, and the closing NULL. */
	const char *changed[10];
	unsigned int n = 0;
	double height, tilt;

	omt_control_snapshot(bus->control, &snap);
	height = snap.axis[OMT_AXIS_HEIGHT].position;
	tilt = snap.axis[OMT_AXIS_TILT].position;

	if (!old->valid || old->state != snap.state) {
		changed[n++] = "State";
		old->state = snap.state;
	}
	if (!old->valid || old->locked != snap.locked) {
		changed[n++] = "Locked";
		old->locked = snap.locked;
	}
	if (!old->valid || faults_differ(old, &snap)) {
		changed[n++] = "ActiveFaults";
		changed[n++] = "FaultMessages";
		old->n_faults = snap.n_faults;
		memcpy(old->faults, snap.faults, sizeof(old->faults));
	}
	if (!old->valid || memcmp(old->drop, snap.drop, sizeof(old->drop))) {
		changed[n++] = "Drops";
		memcpy(old->drop, snap.drop, sizeof(old->drop));
	}
	if (!old->valid || memcmp(old->drop_tension, snap.drop_tension,
				  sizeof(old->drop_tension))) {
		changed[n++] = "DropTensions";
		memcpy(old->drop_tension, snap.drop_tension,
		       sizeof(old->drop_tension));
	}
	bool drives_changed = !old->valid;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (old->valid && old->verify[a] == snap.axis[a].verify &&
		    old->verify_detail[a] == snap.axis[a].verify_detail)
			continue;
		drives_changed = true;
		old->verify[a] = snap.axis[a].verify;
		old->verify_detail[a] = snap.axis[a].verify_detail;
	}
	/* Once, however many drives changed their check. */
	if (drives_changed)
		changed[n++] = "Drives";
	bool identities_changed =
		old->valid && identities_differ(old, &snap);
	bool faults_changed = false;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		faults_changed |= old->named_fault[a] != snap.axis[a].named_fault;
		old->named_fault[a] = snap.axis[a].named_fault;
	}
	faults_changed &= old->valid;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		memcpy(old->serial[a], snap.axis[a].serial,
		       sizeof(old->serial[a]));
		memcpy(old->firmware[a], snap.axis[a].firmware,
		       sizeof(old->firmware[a]));
	}
	/* Only the 20 Hz tick may announce positions (rate limit). */
	if (positions_too) {
		if (!old->valid ||
		    !(fabs(old->height - height) < OMT_BUS_POSITION_EPSILON)) {
			changed[n++] = "Height";
			old->height = height;
		}
		if (!old->valid ||
		    !(fabs(old->tilt - tilt) < OMT_BUS_POSITION_EPSILON)) {
			changed[n++] = "Tilt";
			old->tilt = tilt;
		}
	}
	changed[n] = NULL;
	/* The first call only records: nobody can have cached anything yet. */
	if (!old->valid) {
		old->valid = positions_too;
		return;
	}
	if (n > 0)
		sd_bus_emit_properties_changed_strv(bus->bus, OMT_BUS_PATH,
						    OMT_BUS_INTERFACE,
						    (char **)changed);
	if (identities_changed)
		sd_bus_emit_properties_changed(bus->bus, OMT_BUS_PATH,
					       OMT_BUS_DIAG_INTERFACE,
					       "DriveIdentities", NULL);
	if (faults_changed)
		sd_bus_emit_properties_changed(bus->bus, OMT_BUS_PATH,
					       OMT_BUS_DIAG_INTERFACE,
					       "DriveFaults", NULL);
}

int omt_bus_emit_presets_changed(struct omt_bus *bus)
{
	return sd_bus_emit_properties_changed(bus->bus, OMT_BUS_PATH,
					      OMT_BUS_INTERFACE, "Presets",
					      "PresetDetails", NULL);
}
