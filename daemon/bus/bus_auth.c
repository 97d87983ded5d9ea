// SPDX-License-Identifier: MIT
/*
 * Checking a method caller's credentials against what it asks for.
 *
 * The uid and the groups are the ones the bus daemon vouches for: it read
 * them from the caller's socket when the caller connected (SO_PEERCRED,
 * SO_PEERGROUPS) and reports them in GetConnectionCredentials.  Nothing
 * comes from /proc/<pid>: omtd.service hides other users' /proc
 * (ProtectProc=invisible), and the process now holding a caller's PID
 * need not be the caller.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "log.h"

/* dbus-daemon answers at once; a bus that does not is refused. */
#define CREDENTIALS_TIMEOUT_US (2 * 1000 * 1000ULL)

static_assert(sizeof(gid_t) == sizeof(uint32_t),
	      "UnixGroupIDs (au) are read in place as gid_t");

/* The caller as the bus daemon knows it; groups point into the reply. */
struct vouched_caller {
	bool has_uid;
	uid_t uid;
	const gid_t *groups;
	size_t n_groups;
};

static int read_entry(sd_bus_message *reply, struct vouched_caller *caller)
{
	const char *key;
	const void *groups;
	size_t size;
	uint32_t uid;
	int r;

	r = sd_bus_message_read(reply, "s", &key);
	if (r < 0)
		return r;
	if (strcmp(key, "UnixUserID") == 0) {
		r = sd_bus_message_read(reply, "v", "u", &uid);
		if (r < 0)
			return r;
		caller->has_uid = true;
		caller->uid = uid;
		return 0;
	}
	if (strcmp(key, "UnixGroupIDs") == 0) {
		r = sd_bus_message_enter_container(reply, 'v', "au");
		if (r < 0)
			return r;
		r = sd_bus_message_read_array(reply, 'u', &groups, &size);
		if (r < 0)
			return r;
		caller->groups = groups;
		caller->n_groups = size / sizeof(uint32_t);
		return sd_bus_message_exit_container(reply);
	}
	return sd_bus_message_skip(reply, "v");
}

/* *reply keeps the groups alive; the caller unrefs it. */
static int vouched_credentials(sd_bus *bus, const char *sender,
			       sd_bus_message **reply,
			       struct vouched_caller *caller)
{
	sd_bus_message *ask = NULL;
	int r;

	*caller = (struct vouched_caller){ 0 };
	if (!sender)
		return -ENXIO; /* a direct connection: nobody vouches */
	r = sd_bus_message_new_method_call(bus, &ask, "org.freedesktop.DBus",
					   "/org/freedesktop/DBus",
					   "org.freedesktop.DBus",
					   "GetConnectionCredentials");
	if (r < 0)
		return r;
	r = sd_bus_message_append(ask, "s", sender);
	if (r >= 0)
		r = sd_bus_call(bus, ask, CREDENTIALS_TIMEOUT_US, NULL, reply);
	sd_bus_message_unref(ask);
	if (r < 0)
		return r;
	r = sd_bus_message_enter_container(*reply, 'a', "{sv}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(*reply, 'e', "sv")) > 0) {
		r = read_entry(*reply, caller);
		if (r < 0)
			return r;
		r = sd_bus_message_exit_container(*reply);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	/* Without a uid the bus vouches for nobody. */
	return caller->has_uid ? 0 : -ENODATA;
}

int omt_bus_caller_rights(struct omt_bus *bus, sd_bus_message *call,
			  enum omt_permission *rights)
{
	sd_bus_message *reply = NULL;
	struct vouched_caller caller;
	int r;

	r = vouched_credentials(bus->bus, sd_bus_message_get_sender(call),
				&reply, &caller);
	if (r >= 0)
		*rights = omt_rights_of(caller.uid, OMT_NO_GID, caller.groups,
					caller.n_groups, &bus->groups);
	sd_bus_message_unref(reply);
	return r;
}

int omt_bus_authorize(struct omt_bus *bus, sd_bus_message *call,
		      sd_bus_error *error)
{
	enum omt_permission needed, rights;
	int r;

	needed = omt_permission_needed(sd_bus_message_get_interface(call),
				       sd_bus_message_get_member(call));
	if (needed == OMT_PERMIT_READ)
		return 0;
	r = omt_bus_caller_rights(bus, call, &rights);
	if (r < 0)
		return sd_bus_error_setf(error, OMT_ERROR_ACCESS_DENIED,
					 "Not allowed: the bus does not vouch for the caller's credentials (%s).",
					 strerror(-r));
	if (rights >= needed)
		return 0;
	return sd_bus_error_setf(error, OMT_ERROR_ACCESS_DENIED,
				 "Not allowed: this needs membership of group %s.",
				 needed == OMT_PERMIT_SERVICE ?
				 OMT_GROUP_SERVICE : OMT_GROUP_OPERATOR);
}
