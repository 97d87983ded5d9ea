/* SPDX-License-Identifier: MIT */
/*
 * The omt-generic-1 register map of a simulated drive, plus the drop
 * sections' TENSION extension and the identity registers: which addresses exist, which may be
 * written, which values are acceptable, and the codec between registers
 * and the drive's physical state.  Pure logic.
 *
 * Rules (also in docs/simulator.md):
 *   - any address in a request that the map does not define:
 *     ILLEGAL DATA ADDRESS;
 *   - a write touching a read-only register: ILLEGAL DATA VALUE;
 *   - a write covering only one half of a 32-bit register:
 *     ILLEGAL DATA ADDRESS (a torn setpoint is never accepted);
 *   - a value the drive cannot take (unknown CONTROL bits, a setpoint
 *     outside the travel, TENSION outside 1..10): ILLEGAL DATA VALUE.
 * A refused write changes nothing, not even part of it.
 */
#ifndef SIM_DRIVE_REGS_H
#define SIM_DRIVE_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "axis.h"

/* OMT_REG_TENSION (omt_regs.h) is the drop drives' extension, level 1..10;
 * SERIAL_NUMBER and FIRMWARE_VERSION the identity extension, read-only. */
/* One past the highest address a drive defines. */
#define SIM_DRIVE_REG_SPAN (OMT_REG_FIRMWARE_VERSION + OMT_REG_TEXT_WORDS)

/* Return 0 or a Modbus exception code. */
int sim_drive_check_read(const struct sim_axis *axis, uint16_t addr,
			 uint16_t count);
int sim_drive_check_write(const struct sim_axis *axis, uint16_t addr,
			  uint16_t count, const uint16_t *values);

/* Whether a request's range touches SERIAL_NUMBER or FIRMWARE_VERSION. */
bool sim_drive_touches_identity(uint16_t addr, uint16_t count);

/* addr must have passed sim_drive_check_read(). */
uint16_t sim_drive_read(const struct sim_axis *axis, uint16_t addr);
/* The write must have passed sim_drive_check_write(). */
void sim_drive_write(struct sim_axis *axis, uint16_t addr, uint16_t count,
		     const uint16_t *values);

/* 0.01-unit register counts <-> physical units. */
int32_t sim_units_to_raw(double units);
double sim_raw_to_units(int32_t raw);

#endif /* SIM_DRIVE_REGS_H */
