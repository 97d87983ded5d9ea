/* SPDX-License-Identifier: MIT */
/*
 * The holding registers of a simulated CiA 402 drive: its objects placed
 * by a map (common/cia402_maps.h).  A request must start on an object and
 * cover whole objects, one after another in the map: an address that
 * starts no object, or a request ending inside a two-word object, is
 * ILLEGAL DATA ADDRESS.  A write touching a read-only object or carrying
 * a value the drive cannot take is ILLEGAL DATA VALUE.  A refused request
 * changes nothing.  Pure logic.
 */
#ifndef SIM_CIA402_DRIVE_REGS_H
#define SIM_CIA402_DRIVE_REGS_H

#include <stdint.h>

#include "cia402_drive.h"
#include "cia402_maps.h"

/* Return 0 or a Modbus exception code. */
int sim_cia402_check_read(const struct cia402_map *map, uint16_t addr,
			  uint16_t count);
int sim_cia402_check_write(const struct sim_cia402 *d,
			   const struct cia402_map *map, uint16_t addr,
			   uint16_t count, const uint16_t *values);

/* Reads count registers from addr into out; the range must have passed
 * sim_cia402_check_read(). */
void sim_cia402_read(const struct sim_cia402 *d, const struct cia402_map *map,
		     uint16_t addr, uint16_t count, uint16_t *out);
/* Writes a range that passed sim_cia402_check_write(), objects in
 * address order. */
void sim_cia402_write(struct sim_cia402 *d, const struct cia402_map *map,
		      uint16_t addr, uint16_t count, const uint16_t *values);

#endif /* SIM_CIA402_DRIVE_REGS_H */
