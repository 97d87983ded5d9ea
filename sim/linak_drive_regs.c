// SPDX-License-Identifier: MIT
/* The LINAK-class actuator's registers; see linak_drive_regs.h. */
#include <math.h>
#include <stdbool.h>

#include <modbus.h>

#include "linak_drive_regs.h"

static bool writable(unsigned int addr)
{
	return addr >= LINAK_REG_HEARTBEAT && addr <= LINAK_REG_SOFT_STOP;
}

static bool readable(unsigned int addr)
{
	return writable(addr) ||
	       (addr >= LINAK_REG_POSITION && addr <= LINAK_REG_SPEED_ACTUAL);
}

int sim_linak_check_read(const struct sim_linak *a, uint16_t addr,
			 uint16_t count)
{
	unsigned int i;

	(void)a;
	for (i = addr; i < (unsigned int)addr + count; i++)
		if (!readable(i))
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	return 0;
}

static bool value_ok(const struct sim_linak *a, unsigned int addr, uint16_t v)
{
	switch (addr) {
	case LINAK_REG_HEARTBEAT:
		return v <= 255;
	case LINAK_REG_COMMAND:
		return v <= LINAK_CMD_RECOVERY_IN;
	case LINAK_REG_CURRENT_LIMIT:
		return v >= 1 && v * SIM_LINAK_MA_PER_LIMIT_COUNT <=
				 a->spec.current_limit_ma;
	case LINAK_REG_SPEED:
		return v >= 1 && v <= SIM_LINAK_SPEED_MAX;
	case LINAK_REG_SOFT_START:
	case LINAK_REG_SOFT_STOP:
		return v <= SIM_LINAK_SOFT_MAX || v == LINAK_SOFT_DEFAULT;
	default:
		return false;
	}
}

int sim_linak_check_write(const struct sim_linak *a, uint16_t addr,
			  uint16_t count, const uint16_t *values)
{
	unsigned int i;

	if (sim_linak_check_read(a, addr, count))
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	for (i = addr; i < (unsigned int)addr + count; i++)
		if (!writable(i) || !value_ok(a, i, values[i - addr]))
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	return 0;
}

static uint16_t clamp_u16(double v)
{
	long n = lround(v);

	return (uint16_t)(n < 0 ? 0 : (n > UINT16_MAX ? UINT16_MAX : n));
}

uint16_t sim_linak_read(const struct sim_linak *a, uint16_t addr)
{
	switch (addr) {
	case LINAK_REG_HEARTBEAT: return a->heartbeat;
	case LINAK_REG_COMMAND: return a->command;
	case LINAK_REG_CURRENT_LIMIT: return a->current_limit;
	case LINAK_REG_SPEED: return a->speed;
	case LINAK_REG_SOFT_START: return a->soft_start;
	case LINAK_REG_SOFT_STOP: return a->soft_stop;
	case LINAK_REG_POSITION: return sim_linak_position_register(a);
	case LINAK_REG_CURRENT: return clamp_u16(a->current_ma);
	case LINAK_REG_STATUS: return sim_linak_status(a);
	case LINAK_REG_ERROR: return a->error;
	case LINAK_REG_SPEED_ACTUAL: return clamp_u16(fabs(a->velocity) * 10.0);
	default: return 0;
	}
}

void sim_linak_write(struct sim_linak *a, uint16_t addr, uint16_t count,
		     const uint16_t *values)
{
	unsigned int i;
	uint16_t v;

	for (i = addr; i < (unsigned int)addr + count; i++) {
		v = values[i - addr];
		switch (i) {
		case LINAK_REG_HEARTBEAT:
			sim_linak_heartbeat(a, v);
			break;
		case LINAK_REG_COMMAND:
			/* A refused command changes nothing; COMMAND keeps
			 * reading the one in effect, which is how a master
			 * sees the refusal (besides ERROR and STATUS). */
			sim_linak_command(a, v);
			break;
		case LINAK_REG_CURRENT_LIMIT:
			a->current_limit = v;
			break;
		case LINAK_REG_SPEED:
			a->speed = v;
			break;
		case LINAK_REG_SOFT_START:
			a->soft_start = v;
			break;
		case LINAK_REG_SOFT_STOP:
			a->soft_stop = v;
			break;
		default:
			break;
		}
	}
}
