// SPDX-License-Identifier: MIT
/* CiA 402 object-to-register maps and the statusword's states
 * (cia402_maps.h). */
#include <string.h>

#include "cia402_maps.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Register address = object index: drives that map the object dictionary
 * straight onto holding registers (subindex 0 only). */
static const struct cia402_map_entry index_entries[] = {
	{ CIA402_OBJ_ERROR_CODE, CIA402_OBJ_ERROR_CODE, 1 },
	{ CIA402_OBJ_CONTROLWORD, CIA402_OBJ_CONTROLWORD, 1 },
	{ CIA402_OBJ_STATUSWORD, CIA402_OBJ_STATUSWORD, 1 },
	{ CIA402_OBJ_QUICK_STOP_OPTION, CIA402_OBJ_QUICK_STOP_OPTION, 1 },
	{ CIA402_OBJ_MODES_OF_OPERATION, CIA402_OBJ_MODES_OF_OPERATION, 1 },
	{ CIA402_OBJ_MODES_DISPLAY, CIA402_OBJ_MODES_DISPLAY, 1 },
	{ CIA402_OBJ_POSITION_ACTUAL, CIA402_OBJ_POSITION_ACTUAL, 2 },
	{ CIA402_OBJ_VELOCITY_ACTUAL, CIA402_OBJ_VELOCITY_ACTUAL, 2 },
	{ CIA402_OBJ_TARGET_POSITION, CIA402_OBJ_TARGET_POSITION, 2 },
	{ CIA402_OBJ_PROFILE_VELOCITY, CIA402_OBJ_PROFILE_VELOCITY, 2 },
	{ CIA402_OBJ_PROFILE_ACCEL, CIA402_OBJ_PROFILE_ACCEL, 2 },
	{ CIA402_OBJ_PROFILE_DECEL, CIA402_OBJ_PROFILE_DECEL, 2 },
	{ CIA402_OBJ_QUICK_STOP_DECEL, CIA402_OBJ_QUICK_STOP_DECEL, 2 },
};

/*
 * Kinco FD and CD series servo drives over Modbus RTU: each object at an
 * address of Kinco's own table, 32-bit objects with the low word first.
 * Source: Kinco's FD3/CD3 and FD5P user manuals, chapter "Modbus RTU" (its
 * examples: controlword 6040h at 0x3100, statusword 6041h at 0x3200, a
 * two-word write with the low word first), and the object addresses of
 * Kinco's Modbus object list as integrators publish them: modes of
 * operation 0x3500, actual position 0x3700 (Kinco's 6063h, in encoder
 * increments, which these drives also use as their position unit),
 * actual velocity 0x3B00, target position 0x4000, profile velocity
 * 0x4A00, profile acceleration 0x4B00 and deceleration 0x4C00.  Where
 * Kinco places the error code, the quick stop objects and the modes
 * display was not confirmed: the map lacks them.  docs/register-profiles.md
 * lists the facts.
 */
static const struct cia402_map_entry kinco_entries[] = {
	{ CIA402_OBJ_CONTROLWORD, 0x3100, 1 },
	{ CIA402_OBJ_STATUSWORD, 0x3200, 1 },
	{ CIA402_OBJ_MODES_OF_OPERATION, 0x3500, 1 },
	{ CIA402_OBJ_POSITION_ACTUAL, 0x3700, 2 },
	{ CIA402_OBJ_VELOCITY_ACTUAL, 0x3B00, 2 },
	{ CIA402_OBJ_TARGET_POSITION, 0x4000, 2 },
	{ CIA402_OBJ_PROFILE_VELOCITY, 0x4A00, 2 },
	{ CIA402_OBJ_PROFILE_ACCEL, 0x4B00, 2 },
	{ CIA402_OBJ_PROFILE_DECEL, 0x4C00, 2 },
};

/*
 * In the "index" map a two-word object's second word is the next object's
 * index (PROFILE_ACCEL 0x6083-4 covers PROFILE_DECEL 0x6084): such drives
 * answer each object at its own index, one request each.  A reader of
 * any map groups two objects in one request only when their ranges are
 * adjacent and disjoint.
 */
static const struct cia402_map maps[] = {
	{ "index", true, ARRAY_SIZE(index_entries), index_entries },
	{ "kinco", false, ARRAY_SIZE(kinco_entries), kinco_entries },
};

const struct cia402_map *cia402_maps(size_t *count)
{
	*count = ARRAY_SIZE(maps);
	return maps;
}

const struct cia402_map *cia402_map_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(maps); i++)
		if (strcmp(maps[i].name, name) == 0)
			return &maps[i];
	return NULL;
}

const struct cia402_map_entry *cia402_map_entry_of(const struct cia402_map *m,
						   uint16_t object)
{
	for (size_t i = 0; i < m->n_entries; i++)
		if (m->entries[i].object == object)
			return &m->entries[i];
	return NULL;
}

enum cia402_state cia402_state_of(uint16_t sw)
{
	/* CiA 402's statusword table: bits 0-3, 5 and 6 decide. */
	uint16_t six = sw & 0x006f;      /* bits 0-3, 5, 6 */
	uint16_t five = sw & 0x004f;     /* bits 0-3, 6 */

	if (five == 0x0000)
		return CIA402_NOT_READY_TO_SWITCH_ON;
	if (five == 0x0040)
		return CIA402_SWITCH_ON_DISABLED;
	if (six == 0x0021)
		return CIA402_READY_TO_SWITCH_ON;
	if (six == 0x0023)
		return CIA402_SWITCHED_ON;
	if (six == 0x0027)
		return CIA402_OPERATION_ENABLED;
	if (six == 0x0007)
		return CIA402_QUICK_STOP_ACTIVE;
	if (five == 0x000f)
		return CIA402_FAULT_REACTION_ACTIVE;
	if (five == 0x0008)
		return CIA402_FAULT;
	return CIA402_STATE_UNKNOWN;
}

const char *cia402_state_name(enum cia402_state state)
{
	switch (state) {
	case CIA402_NOT_READY_TO_SWITCH_ON:
		return "not-ready-to-switch-on";
	case CIA402_SWITCH_ON_DISABLED:
		return "switch-on-disabled";
	case CIA402_READY_TO_SWITCH_ON:
		return "ready-to-switch-on";
	case CIA402_SWITCHED_ON:
		return "switched-on";
	case CIA402_OPERATION_ENABLED:
		return "operation-enabled";
	case CIA402_QUICK_STOP_ACTIVE:
		return "quick-stop-active";
	case CIA402_FAULT_REACTION_ACTIVE:
		return "fault-reaction-active";
	case CIA402_FAULT:
		return "fault";
	case CIA402_STATE_UNKNOWN:
		break;
	}
	return "unknown";
}
