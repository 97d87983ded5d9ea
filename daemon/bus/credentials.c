// SPDX-License-Identifier: MIT
/* The rights a caller's uid and groups give on the table. */
#include <grp.h>

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
