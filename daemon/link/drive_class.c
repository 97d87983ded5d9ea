// SPDX-License-Identifier: MIT
/* Drive class names and the named faults of the newer classes
 * (drive_class.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drive_class.h"
#include "omt_regs.h"
#include "regmap.h"

static const char *const class_names[DRIVE_CLASS_COUNT] = {
	[DRIVE_CLASS_CYCLIC_POSITION] = "cyclic-position",
	[DRIVE_CLASS_TARGET_POSITION] = "target-position",
	[DRIVE_CLASS_CIA402_PP] = "cia402-profile-position",
};

const char *drive_class_name(enum drive_class c)
{
	return (unsigned int)c < DRIVE_CLASS_COUNT ? class_names[c] : "unknown";
}

int drive_class_parse(const char *name, enum drive_class *out, char *err,
		      size_t errlen)
{
	for (unsigned int c = 0; c < DRIVE_CLASS_COUNT; c++) {
		if (strcmp(name, class_names[c]) == 0) {
			*out = (enum drive_class)c;
			return 0;
		}
	}
	snprintf(err, errlen,
		 "'%s' is not a drive class (cyclic-position, target-position, cia402-profile-position)",
		 name);
	return -EINVAL;
}

void drive_class_params_init(struct drive_class_params *dc)
{
	memset(dc, 0, sizeof(*dc));
	dc->cls = DRIVE_CLASS_CYCLIC_POSITION;
	for (unsigned int r = 0; r < TARGET_REG_COUNT; r++)
		dc->target.addr[r] = REGMAP_ADDR_NONE;
	for (unsigned int b = 0; b < TARGET_BIT_COUNT; b++)
		dc->target.bit[b] = REGMAP_BIT_NONE;
}

#define DRIVE_NAMED_FAULT_WORD(name, word) [DRIVE_FAULT_##name] = word,
static const char *const fault_names[DRIVE_NAMED_FAULT_COUNT] = {
	DRIVE_NAMED_FAULT_LIST(DRIVE_NAMED_FAULT_WORD)
};
#undef DRIVE_NAMED_FAULT_WORD

const char *drive_named_fault_name(enum drive_named_fault f)
{
	return (unsigned int)f < DRIVE_NAMED_FAULT_COUNT ? fault_names[f] :
							   "unknown";
}

int drive_named_fault_parse(const char *name, enum drive_named_fault *out)
{
	for (unsigned int f = 0; f < DRIVE_NAMED_FAULT_COUNT; f++) {
		if (strcmp(name, fault_names[f]) == 0) {
			*out = (enum drive_named_fault)f;
			return 0;
		}
	}
	return -EINVAL;
}

uint16_t drive_named_fault_canonical(enum drive_named_fault f)
{
	switch (f) {
	case DRIVE_FAULT_NONE:
		return OMT_DRIVE_FAULT_NONE;
	case DRIVE_FAULT_HALL_SENSOR:
	case DRIVE_FAULT_SENSOR:
	case DRIVE_FAULT_POSITION_LOST:
		return OMT_DRIVE_FAULT_ENCODER;
	case DRIVE_FAULT_OVERVOLTAGE:
	case DRIVE_FAULT_UNDERVOLTAGE:
		return OMT_DRIVE_FAULT_SUPPLY;
	case DRIVE_FAULT_HEARTBEAT_LOST:
		return OMT_DRIVE_FAULT_COMMS_WATCHDOG;
	case DRIVE_FAULT_OVERTEMPERATURE:
		return OMT_DRIVE_FAULT_OVERTEMPERATURE;
	case DRIVE_FAULT_OVERCURRENT:
		return OMT_DRIVE_FAULT_OVERCURRENT;
	case DRIVE_FAULT_FOLLOWING_ERROR:
		return OMT_DRIVE_FAULT_FOLLOWING_ERROR;
	default:
		return (uint16_t)(OMT_DRIVE_FAULT_COUNT + (unsigned int)f);
	}
}
