// SPDX-License-Identifier: MIT
/* omtd.conf values into the link's settings (link.h). */
#include <errno.h>
#include <string.h>

#include "config.h"

int omtd_config_link_settings(const struct omtd_config *c,
			      struct link_settings *out)
{
	memset(out, 0, sizeof(*out));
	out->line = c->link;
	out->io_slave = c->io.slave;
	out->io_read = c->io.modbus_read;
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omtd_drive_config *d = &c->drive[a];

		if (d->regmap_index >= c->n_profiles)
			return -EINVAL;
		out->drive[a].present = d->present;
		out->drive[a].slave = d->slave;
		out->drive[a].regmap = c->profiles[d->regmap_index];
	}
	return 0;
}
