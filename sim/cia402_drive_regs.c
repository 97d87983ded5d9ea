// SPDX-License-Identifier: MIT
/* A CiA 402 drive's registers through a map; see cia402_drive_regs.h. */
#include <stdbool.h>
#include <stddef.h>

#include <modbus.h>

#include "cia402_drive_regs.h"

/* The entry that starts at addr; NULL if none does. */
static const struct cia402_map_entry *starting_at(const struct cia402_map *map,
						  unsigned int addr)
{
	for (size_t i = 0; i < map->n_entries; i++)
		if (map->entries[i].addr == addr)
			return &map->entries[i];
	return NULL;
}

int sim_cia402_check_read(const struct cia402_map *map, uint16_t addr,
			  uint16_t count)
{
	unsigned int a = addr, end = (unsigned int)addr + count;
	const struct cia402_map_entry *e;

	while (a < end) {
		e = starting_at(map, a);
		if (!e || a + e->words > end)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
		a += e->words;
	}
	return 0;
}

static uint32_t join(const struct cia402_map *map,
		     const struct cia402_map_entry *e, const uint16_t *w)
{
	if (e->words == 1)
		return w[0];
	return map->high_word_first ? (uint32_t)w[0] << 16 | w[1]
				    : (uint32_t)w[1] << 16 | w[0];
}

static void split(const struct cia402_map *map,
		  const struct cia402_map_entry *e, uint32_t v, uint16_t *w)
{
	if (e->words == 1) {
		w[0] = (uint16_t)v;
		return;
	}
	w[map->high_word_first ? 0 : 1] = (uint16_t)(v >> 16);
	w[map->high_word_first ? 1 : 0] = (uint16_t)(v & 0xffff);
}

int sim_cia402_check_write(const struct sim_cia402 *d,
			   const struct cia402_map *map, uint16_t addr,
			   uint16_t count, const uint16_t *values)
{
	unsigned int a = addr, end = (unsigned int)addr + count;
	const struct cia402_map_entry *e;
	int rc;

	if (sim_cia402_check_read(map, addr, count))
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	for (; a < end; a += e->words) {
		e = starting_at(map, a);
		rc = sim_cia402_check_object(d, e->object,
					     join(map, e, values + (a - addr)));
		if (rc)
			return rc;
	}
	return 0;
}

void sim_cia402_read(const struct sim_cia402 *d, const struct cia402_map *map,
		     uint16_t addr, uint16_t count, uint16_t *out)
{
	unsigned int a = addr, end = (unsigned int)addr + count;
	const struct cia402_map_entry *e;

	for (; a < end; a += e->words) {
		e = starting_at(map, a);
		split(map, e, sim_cia402_read_object(d, e->object),
		      out + (a - addr));
	}
}

void sim_cia402_write(struct sim_cia402 *d, const struct cia402_map *map,
		      uint16_t addr, uint16_t count, const uint16_t *values)
{
	unsigned int a = addr, end = (unsigned int)addr + count;
	const struct cia402_map_entry *e;

	for (; a < end; a += e->words) {
		e = starting_at(map, a);
		sim_cia402_write_object(d, e->object,
					join(map, e, values + (a - addr)));
	}
}
