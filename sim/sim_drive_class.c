// SPDX-License-Identifier: MIT
/* Drive classes by name; see sim_drive_class.h. */
#include <errno.h>
#include <string.h>

#include "sim_drive_class.h"
#include "omt_io_map.h"
#include "omt_table_types.h"

#define SLAVE_TEXT_MAX 16

static int drive_index(const char *slave, size_t len)
{
	char name[SLAVE_TEXT_MAX];
	enum omt_axis axis;

	if (len == 0 || len >= sizeof(name))
		return -1;
	memcpy(name, slave, len);
	name[len] = '\0';
	if (len == 1 && name[0] >= '1' && name[0] < '1' + OMT_AXIS_COUNT) {
		for (int i = 0; i < OMT_AXIS_COUNT; i++)
			if (OMT_DEFAULT_SLAVE(i) == name[0] - '0')
				return i;
		return -1;
	}
	axis = omt_axis_from_name(name);
	return axis == OMT_AXIS_COUNT ? -1 : (int)axis;
}

int sim_drive_class_parse(const char *arg, struct sim_class_choice *out,
			  const char **why)
{
	const char *eq = arg ? strchr(arg, '=') : NULL, *cls;
	int index;

	if (!eq) {
		*why = "expects SLAVE=CLASS";
		return -EINVAL;
	}
	index = drive_index(arg, (size_t)(eq - arg));
	if (index < 0) {
		*why = "SLAVE is a drive: height, tilt, cervical, thoracic, "
		       "lumbar, pelvic or 1..6";
		return -EINVAL;
	}
	cls = eq + 1;
	out->index = index;
	out->map = NULL;
	if (strcmp(cls, "generic") == 0) {
		out->drive_class = SIM_CLASS_GENERIC;
	} else if (strcmp(cls, "linak") == 0) {
		out->drive_class = SIM_CLASS_LINAK;
	} else if (strcmp(cls, "cia402") == 0 ||
		   strncmp(cls, "cia402:", 7) == 0) {
		out->drive_class = SIM_CLASS_CIA402;
		out->map = cia402_map_find(cls[6] ? cls + 7 : "index");
		if (!out->map) {
			*why = "unknown CiA 402 map (index, kinco)";
			return -EINVAL;
		}
	} else {
		*why = "CLASS is generic, linak, cia402 or cia402:MAP";
		return -EINVAL;
	}
	return 0;
}

const char *sim_drive_class_name(enum sim_drive_class drive_class)
{
	switch (drive_class) {
	case SIM_CLASS_LINAK:
		return "linak";
	case SIM_CLASS_CIA402:
		return "cia402";
	case SIM_CLASS_GENERIC:
		break;
	}
	return "generic";
}
