/* SPDX-License-Identifier: MIT */
/*
 * The holding registers of the simulated LINAK-class actuator
 * (common/linak_regs.h): which addresses exist, which may be written and
 * with what, and the codec to the model.  The rules are drive_regs.h's:
 * an address the actuator lacks is ILLEGAL DATA ADDRESS; a write touching
 * a feedback register, or a value out of its range, is ILLEGAL DATA VALUE;
 * a refused request changes nothing.  Pure logic.
 */
#ifndef SIM_LINAK_DRIVE_REGS_H
#define SIM_LINAK_DRIVE_REGS_H

#include <stdint.h>

#include "linak_actuator.h"

/* CURRENT: the simulator's unit, mA (the manual names no unit). */

/* Return 0 or a Modbus exception code. */
int sim_linak_check_read(const struct sim_linak *a, uint16_t addr,
			 uint16_t count);
int sim_linak_check_write(const struct sim_linak *a, uint16_t addr,
			  uint16_t count, const uint16_t *values);

/* addr must have passed sim_linak_check_read(). */
uint16_t sim_linak_read(const struct sim_linak *a, uint16_t addr);
/* The write must have passed sim_linak_check_write(); the registers take
 * effect in address order (HEARTBEAT before COMMAND). */
void sim_linak_write(struct sim_linak *a, uint16_t addr, uint16_t count,
		     const uint16_t *values);

#endif /* SIM_LINAK_DRIVE_REGS_H */
