// SPDX-License-Identifier: MIT
/* Checking a method caller's credentials against what it asks for. */
#include <errno.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "log.h"

int omt_bus_authorize(struct omt_bus *bus, sd_bus_message *call,
		      enum omt_permission needed, sd_bus_error *error)
{
	sd_bus_creds *creds = NULL;
	const gid_t *groups = NULL;
	uid_t euid;
	gid_t egid;
	int n, r;

	/*
	 * AUGMENT fills in what the bus does not vouch for (supplementary
	 * groups) from /proc; the uid itself comes from the bus.
	 */
	r = sd_bus_query_sender_creds(call, SD_BUS_CREDS_EUID |
				      SD_BUS_CREDS_EGID |
				      SD_BUS_CREDS_SUPPLEMENTARY_GIDS |
				      SD_BUS_CREDS_AUGMENT, &creds);
	if (r < 0)
		goto denied;
	r = sd_bus_creds_get_euid(creds, &euid);
	if (r < 0)
		goto denied;
	if (sd_bus_creds_get_egid(creds, &egid) < 0)
		egid = OMT_NO_GID;
	n = sd_bus_creds_get_supplementary_gids(creds, &groups);
	if (n < 0)
		n = 0;
	if (omt_rights_of(euid, egid, groups, (size_t)n, &bus->groups) >=
	    needed) {
		sd_bus_creds_unref(creds);
		return 0;
	}
	sd_bus_creds_unref(creds);
	return sd_bus_error_setf(error, OMT_ERROR_ACCESS_DENIED,
				 "Not allowed: this needs membership of group %s.",
				 needed == OMT_PERMIT_SERVICE ?
				 OMT_GROUP_SERVICE : OMT_GROUP_OPERATOR);
denied:
	sd_bus_creds_unref(creds);
	return sd_bus_error_setf(error, OMT_ERROR_ACCESS_DENIED,
				 "Not allowed: the caller's credentials cannot be established (%s).",
				 strerror(-r));
}
