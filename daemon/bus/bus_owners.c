// SPDX-License-Identifier: MIT
/*
 * Bus peers that start motion.  Each gets a small owner id for the control
 * thread and an sd_bus_track on its unique name: the moment it leaves the
 * bus (exit, crash, lost connection) its motion is stopped with
 * OMT_CMD_OWNER_GONE, without waiting for the hold timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bus_internal.h"
#include "control_port.h"
#include "log.h"

static void owner_free(struct omt_owner *owner)
{
	struct omt_owner **link;

	for (link = &owner->bus->owners; *link; link = &(*link)->next)
		if (*link == owner) {
			*link = owner->next;
			break;
		}
	sd_bus_track_unref(owner->track);
	free(owner->unique_name);
	free(owner);
}

static bool send_owner_gone(struct omt_owner *owner)
{
	struct omt_command command = {
		.kind = OMT_CMD_OWNER_GONE,
		.owner = owner->id,
	};

	/* Nobody waits for this reply; cookie 0 is never a pending call. */
	return omt_control_submit(owner->bus->control, &command);
}

static int on_owner_left(sd_bus_track *track, void *userdata)
{
	struct omt_owner *owner = userdata;

	if (send_owner_gone(owner)) {
		owner_free(owner);
		return 0;
	}
	/* Ring full: the position timer retries within 50 ms. */
	omt_log(LOG_WARNING, NULL, NULL,
		"command queue full; stopping %s's motion shortly",
		owner->unique_name);
	owner->gone_unsent = true;
	return 0;
}

void omt_bus_owners_retry(struct omt_bus *bus)
{
	struct omt_owner *owner = bus->owners, *next;

	for (; owner; owner = next) {
		next = owner->next;
		if (owner->gone_unsent && send_owner_gone(owner))
			owner_free(owner);
	}
}

uint32_t omt_bus_known_owner(struct omt_bus *bus, const char *sender)
{
	for (struct omt_owner *o = bus->owners; o; o = o->next)
		if (!o->gone_unsent && strcmp(o->unique_name, sender) == 0)
			return o->id;
	return 0;
}

int omt_bus_owner_of(struct omt_bus *bus, const char *sender, uint32_t *id)
{
	struct omt_owner *owner;
	int r;

	*id = omt_bus_known_owner(bus, sender);
	if (*id)
		return 0;
	owner = calloc(1, sizeof(*owner));
	if (!owner)
		return -ENOMEM;
	owner->bus = bus;
	owner->unique_name = strdup(sender);
	if (!owner->unique_name) {
		free(owner);
		return -ENOMEM;
	}
	r = sd_bus_track_new(bus->bus, &owner->track, on_owner_left, owner);
	if (r >= 0)
		/* Fails if the peer left already: then refuse its motion. */
		r = sd_bus_track_add_name(owner->track, sender);
	if (r < 0) {
		sd_bus_track_unref(owner->track);
		free(owner->unique_name);
		free(owner);
		return r;
	}
	/* Owner 0 is the table itself; skip it when the counter wraps. */
	owner->id = bus->next_owner_id++;
	if (bus->next_owner_id == 0)
		bus->next_owner_id = 1;
	owner->next = bus->owners;
	bus->owners = owner;
	*id = owner->id;
	return 0;
}

void omt_bus_owners_free_all(struct omt_bus *bus)
{
	while (bus->owners)
		owner_free(bus->owners);
}
