/* SPDX-License-Identifier: MIT */
/*
 * Where a CiA 402 drive places its objects among its Modbus holding
 * registers.  Makers differ: some use the object's index as the register
 * address ("index"), some a table of their own.  A map is data; the
 * simulator serves one and the daemon's cia402-pp profiles name one, so
 * both read the same table.  Pure: no I/O, no allocation.
 */
#ifndef OMT_CIA402_MAPS_H
#define OMT_CIA402_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cia402_regs.h"

#define CIA402_MAP_NAME_MAX 24

struct cia402_map_entry {
	uint16_t object;        /* CIA402_OBJ_* */
	uint16_t addr;          /* first holding register */
	uint8_t words;          /* 1 or 2 */
};

struct cia402_map {
	const char *name;
	/* Word order of the two-word objects: true = high word first. */
	bool high_word_first;
	size_t n_entries;
	const struct cia402_map_entry *entries;
};

/* A shipped map by name ("index", ...), or NULL. */
const struct cia402_map *cia402_map_find(const char *name);

/* The shipped maps, for listing and for tests: *count of them. */
const struct cia402_map *cia402_maps(size_t *count);

/* The entry of an object in a map, or NULL when the map lacks it. */
const struct cia402_map_entry *cia402_map_entry_of(const struct cia402_map *m,
						   uint16_t object);

/* The state machine's state from a statusword (CiA 402's table). */
enum cia402_state cia402_state_of(uint16_t statusword);

/* A state's name ("operation-enabled", ...), never NULL. */
const char *cia402_state_name(enum cia402_state state);

#endif /* OMT_CIA402_MAPS_H */
