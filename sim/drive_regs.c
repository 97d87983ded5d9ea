// SPDX-License-Identifier: MIT
/* The drive register map and codec; see drive_regs.h. */
#include <math.h>
#include <stdbool.h>

#include <modbus.h>

#include "drive_regs.h"

enum reg_access { REG_NONE = 0, REG_RO, REG_RW };

/* Part of a 32-bit value: high word first. */
enum reg_half { HALF_NONE = 0, HALF_HIGH, HALF_LOW };

static bool in_block(uint16_t addr, uint16_t start)
{
	return addr >= start && addr < start + OMT_REG_TEXT_WORDS;
}

static enum reg_access access_of(const struct sim_axis *axis, uint16_t addr)
{
	if (in_block(addr, OMT_REG_SERIAL_NUMBER) ||
	    in_block(addr, OMT_REG_FIRMWARE_VERSION))
		return axis->has_identity ? REG_RO : REG_NONE;
	switch (addr) {
	case OMT_REG_STATUS:
	case OMT_REG_FAULT_CODE:
	case OMT_REG_POSITION:
	case OMT_REG_POSITION + 1:
	case OMT_REG_VELOCITY:
	case OMT_REG_CURRENT:
	case OMT_REG_AXIS_KIND:
	case OMT_REG_MIN_POSITION:
	case OMT_REG_MIN_POSITION + 1:
	case OMT_REG_MAX_POSITION:
	case OMT_REG_MAX_POSITION + 1:
		return REG_RO;
	case OMT_REG_CONTROL:
	case OMT_REG_SETPOINT:
	case OMT_REG_SETPOINT + 1:
	case OMT_REG_VELOCITY_LIMIT:
	case OMT_REG_WATCHDOG_MS:
		return REG_RW;
	case OMT_REG_TENSION:
		return axis->spec.kind == OMT_AXIS_KIND_DROP ? REG_RW : REG_NONE;
	default:
		return REG_NONE;
	}
}

static enum reg_half half_of(uint16_t addr)
{
	switch (addr) {
	case OMT_REG_POSITION:
	case OMT_REG_SETPOINT:
	case OMT_REG_MIN_POSITION:
	case OMT_REG_MAX_POSITION:
		return HALF_HIGH;
	case OMT_REG_POSITION + 1:
	case OMT_REG_SETPOINT + 1:
	case OMT_REG_MIN_POSITION + 1:
	case OMT_REG_MAX_POSITION + 1:
		return HALF_LOW;
	default:
		return HALF_NONE;
	}
}

int32_t sim_units_to_raw(double units)
{
	return (int32_t)lround(units * 100.0);
}

double sim_raw_to_units(int32_t raw)
{
	return raw / 100.0;
}

int sim_drive_check_read(const struct sim_axis *axis, uint16_t addr,
			 uint16_t count)
{
	unsigned int a;

	for (a = addr; a < (unsigned int)addr + count; a++)
		if (a > 0xffff || access_of(axis, (uint16_t)a) == REG_NONE)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	return 0;
}

static int32_t join32(uint16_t high, uint16_t low)
{
	return (int32_t)((uint32_t)high << 16 | low);
}

static int check_value(const struct sim_axis *axis, uint16_t addr,
		       const uint16_t *v)
{
	double setpoint;

	switch (addr) {
	case OMT_REG_CONTROL:
		if (v[0] & ~(OMT_CONTROL_ENABLE | OMT_CONTROL_QUICK_STOP |
			     OMT_CONTROL_FAULT_RESET))
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		return 0;
	case OMT_REG_SETPOINT:
		setpoint = sim_raw_to_units(join32(v[0], v[1]));
		if (setpoint < axis->spec.min || setpoint > axis->spec.max)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		return 0;
	case OMT_REG_TENSION:
		if (v[0] < SIM_TENSION_MIN || v[0] > SIM_TENSION_MAX)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		return 0;
	default:
		return 0;
	}
}

int sim_drive_check_write(const struct sim_axis *axis, uint16_t addr,
			  uint16_t count, const uint16_t *values)
{
	unsigned int end = (unsigned int)addr + count, a;
	int rc;

	if (sim_drive_check_read(axis, addr, count))
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	for (a = addr; a < end; a++)
		if (access_of(axis, (uint16_t)a) != REG_RW)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	if (half_of(addr) == HALF_LOW || half_of((uint16_t)(end - 1)) == HALF_HIGH)
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	for (a = addr; a < end; a++) {
		if (half_of((uint16_t)a) == HALF_LOW)
			continue;
		rc = check_value(axis, (uint16_t)a, values + (a - addr));
		if (rc)
			return rc;
	}
	return 0;
}

static uint16_t high_word(int32_t v)
{
	return (uint16_t)((uint32_t)v >> 16);
}

static uint16_t low_word(int32_t v)
{
	return (uint16_t)((uint32_t)v & 0xffff);
}

static uint16_t velocity_register(const struct sim_axis *axis)
{
	long v = lround(axis->velocity * 10.0);

	if (v > INT16_MAX)
		v = INT16_MAX;
	if (v < INT16_MIN)
		v = INT16_MIN;
	return (uint16_t)(int16_t)v;
}

static uint16_t current_register(const struct sim_axis *axis)
{
	long ma = lround(axis->current_ma);

	return (uint16_t)(ma < 0 ? 0 : (ma > UINT16_MAX ? UINT16_MAX : ma));
}

bool sim_drive_touches_identity(uint16_t addr, uint16_t count)
{
	unsigned int end = (unsigned int)addr + count;

	return addr < OMT_REG_FIRMWARE_VERSION + OMT_REG_TEXT_WORDS &&
	       end > OMT_REG_SERIAL_NUMBER;
}

/* Word i of a text block: two bytes, the first in the high byte. */
static uint16_t text_word(const char *block, unsigned int i)
{
	return (uint16_t)((uint8_t)block[2 * i] << 8 |
			  (uint8_t)block[2 * i + 1]);
}

uint16_t sim_drive_read(const struct sim_axis *axis, uint16_t addr)
{
	int32_t pos = sim_units_to_raw(axis->position);
	int32_t sp = sim_units_to_raw(axis->setpoint);
	int32_t min = sim_units_to_raw(axis->spec.min);
	int32_t max = sim_units_to_raw(axis->spec.max);

	if (in_block(addr, OMT_REG_SERIAL_NUMBER))
		return text_word(axis->serial, addr - OMT_REG_SERIAL_NUMBER);
	if (in_block(addr, OMT_REG_FIRMWARE_VERSION))
		return text_word(axis->firmware,
				 addr - OMT_REG_FIRMWARE_VERSION);
	switch (addr) {
	case OMT_REG_STATUS: return sim_axis_status(axis);
	case OMT_REG_FAULT_CODE: return axis->fault_code;
	case OMT_REG_POSITION: return high_word(pos);
	case OMT_REG_POSITION + 1: return low_word(pos);
	case OMT_REG_VELOCITY: return velocity_register(axis);
	case OMT_REG_CURRENT: return current_register(axis);
	case OMT_REG_CONTROL: return axis->control;
	case OMT_REG_SETPOINT: return high_word(sp);
	case OMT_REG_SETPOINT + 1: return low_word(sp);
	case OMT_REG_VELOCITY_LIMIT: return axis->velocity_limit;
	case OMT_REG_WATCHDOG_MS: return axis->watchdog_ms;
	case OMT_REG_AXIS_KIND: return (uint16_t)axis->spec.kind;
	case OMT_REG_MIN_POSITION: return high_word(min);
	case OMT_REG_MIN_POSITION + 1: return low_word(min);
	case OMT_REG_MAX_POSITION: return high_word(max);
	case OMT_REG_MAX_POSITION + 1: return low_word(max);
	case OMT_REG_TENSION: return axis->tension;
	default: return 0;
	}
}

void sim_drive_write(struct sim_axis *axis, uint16_t addr, uint16_t count,
		     const uint16_t *values)
{
	unsigned int end = (unsigned int)addr + count, a;
	const uint16_t *v;

	/* In address order: CONTROL takes effect before SETPOINT. */
	for (a = addr; a < end; a++) {
		v = values + (a - addr);
		switch (a) {
		case OMT_REG_CONTROL:
			sim_axis_write_control(axis, v[0]);
			break;
		case OMT_REG_SETPOINT:
			sim_axis_write_setpoint(axis,
				sim_raw_to_units(join32(v[0], v[1])));
			break;
		case OMT_REG_VELOCITY_LIMIT:
			axis->velocity_limit = v[0];
			break;
		case OMT_REG_WATCHDOG_MS:
			axis->watchdog_ms = v[0];
			break;
		case OMT_REG_TENSION:
			axis->tension = v[0];
			break;
		default:
			break;
		}
	}
}
