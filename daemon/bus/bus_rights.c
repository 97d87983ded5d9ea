// SPDX-License-Identifier: MIT
/*
 * Who may call what, in one table: every method omtd serves, with the
 * rights it needs.  The bus policy file (systemd/org.omt.Table1.conf)
 * says the same; omtd checks again from the caller's bus credentials.
 *
 * Stopping is never refused for lack of rights: Stop and EmergencyStop
 * need nothing beyond being a caller on the bus.
 */
#include <errno.h>
#include <string.h>

#include "bus.h"
#include "bus_internal.h"

struct method_rights {
	const char *interface;
	const char *member;             /* NULL: every other member */
	enum omt_permission needed;
};

static const struct method_rights rights[] = {
	{ OMT_BUS_INTERFACE, "Stop", OMT_PERMIT_READ },
	{ OMT_BUS_INTERFACE, "EmergencyStop", OMT_PERMIT_READ },
	{ OMT_BUS_INTERFACE, "MoveTo", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "Hold", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "RecallPreset", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "SavePreset", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "DeletePreset", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "SavePresetWithOptions", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "RenamePreset", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "GetPreset", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "ClearFaults", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "Lock", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "Unlock", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "ArmDrop", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "DisarmDrop", OMT_PERMIT_OPERATE },
	{ OMT_BUS_INTERFACE, "SetDropTension", OMT_PERMIT_OPERATE },
	{ OMT_BUS_DIAG_INTERFACE, NULL, OMT_PERMIT_SERVICE },
};

int omt_bus_method_permission(const char *interface, const char *member,
			      enum omt_permission *needed)
{
	if (!interface || !member)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		if (strcmp(rights[i].interface, interface) != 0)
			continue;
		if (rights[i].member && strcmp(rights[i].member, member) != 0)
			continue;
		*needed = rights[i].needed;
		return 0;
	}
	return -ENOENT;
}

int omt_bus_authorize_call(struct omt_bus *bus, sd_bus_message *call,
			   sd_bus_error *error)
{
	enum omt_permission needed;

	/* A method missing from the table is a technician's at most. */
	if (omt_bus_method_permission(sd_bus_message_get_interface(call),
				      sd_bus_message_get_member(call),
				      &needed) < 0)
		needed = OMT_PERMIT_SERVICE;
	if (needed == OMT_PERMIT_READ)
		return 0;
	return omt_bus_authorize(bus, call, needed, error);
}
