// SPDX-License-Identifier: MIT
/*
 * What the configured table allows, as the service's methods and
 * properties ask it.  A leaf: it calls nothing else of the service, so
 * the service's files depend on one another in one direction only
 * (bus.c -> bus_pending.c -> bus_properties.c -> here).
 */
#include "bus_internal.h"
#include "config.h"

void omt_bus_limits(const struct omt_bus *bus,
		    struct omt_preset_limits *limits)
{
	const struct omtd_axis_config *axis = bus->config->axis;

	limits->height_min = axis[OMTD_AXIS_GROUP_HEIGHT].min;
	limits->height_max = axis[OMTD_AXIS_GROUP_HEIGHT].max;
	limits->tilt_min = axis[OMTD_AXIS_GROUP_TILT].min;
	limits->tilt_max = axis[OMTD_AXIS_GROUP_TILT].max;
}

bool omt_bus_section_present(const struct omt_bus *bus, enum omt_axis axis)
{
	return OMT_AXIS_IS_DROP(axis) && bus->config->drive[axis].present;
}
