// SPDX-License-Identifier: MIT
/* The rights a caller's uid and groups give on the table. */
#include <grp.h>
#include <string.h>

#include "credentials.h"

static bool in_group(gid_t wanted, gid_t egid, const gid_t *supplementary,
		     size_t n)
{
	if (wanted == OMT_NO_GID)
		return false;
	if (egid == wanted)
		return true;
	for (size_t i = 0; i < n; i++)
		if (supplementary[i] == wanted)
			return true;
	return false;
}

enum omt_permission omt_rights_of(uid_t euid, gid_t egid,
				  const gid_t *supplementary, size_t n,
				  const struct omt_rights_groups *groups)
{
	if (euid == 0)
		return OMT_PERMIT_SERVICE;
	if (in_group(groups->service_gid, egid, supplementary, n))
		return OMT_PERMIT_SERVICE;
	if (in_group(groups->operator_gid, egid, supplementary, n))
		return OMT_PERMIT_OPERATE;
	return OMT_PERMIT_READ;
}

static gid_t group_id(const char *name)
{
	struct group *g = getgrnam(name);

	return g ? g->gr_gid : OMT_NO_GID;
}

void omt_rights_groups_lookup(struct omt_rights_groups *groups)
{
	groups->operator_gid = group_id(OMT_GROUP_OPERATOR);
	groups->service_gid = group_id(OMT_GROUP_SERVICE);
}

/*
 * Who may call what.  Hold needs nothing here: only the peer that started
 * a motion may hold it, which bus_methods.c checks by its bus name.
 */
static const struct method_right {
	const char *interface;
	const char *member;
	enum omt_permission needed;
} method_rights[] = {
	{ "org.omt.Table1", "MoveTo", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "Hold", OMT_PERMIT_READ },
	{ "org.omt.Table1", "RecallPreset", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "SavePreset", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "DeletePreset", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "SavePresetWithOptions", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "RenamePreset", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "GetPreset", OMT_PERMIT_OPERATE },
	/* Stopping is never refused for lack of rights. */
	{ "org.omt.Table1", "Stop", OMT_PERMIT_READ },
	{ "org.omt.Table1", "EmergencyStop", OMT_PERMIT_READ },
	{ "org.omt.Table1", "ClearFaults", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "Lock", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "Unlock", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "ArmDrop", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "DisarmDrop", OMT_PERMIT_OPERATE },
	{ "org.omt.Table1", "SetDropTension", OMT_PERMIT_OPERATE },
	/* Every Diagnostics method is the technicians'. */
	{ "org.omt.Table1.Diagnostics", NULL, OMT_PERMIT_SERVICE },
};

enum omt_permission omt_permission_needed(const char *interface,
					  const char *member)
{
	const struct method_right *m;

	if (!interface || !member)
		return OMT_PERMIT_SERVICE;
	for (size_t i = 0; i < sizeof(method_rights) / sizeof(*method_rights);
	     i++) {
		m = &method_rights[i];
		if (strcmp(m->interface, interface) == 0 &&
		    (!m->member || strcmp(m->member, member) == 0))
			return m->needed;
	}
	return OMT_PERMIT_SERVICE;
}
