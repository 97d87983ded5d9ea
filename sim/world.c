// SPDX-License-Identifier: MIT
/* The simulated bus and what hangs on it; see world.h. */
#include <stdio.h>
#include <string.h>

#include <modbus.h>

#include "cia402_drive_regs.h"
#include "drive_regs.h"
#include "linak_drive_regs.h"
#include "world.h"

/* Where the table stands when the simulator starts. */
#define START_HEIGHT 700.0
#define START_TILT 0.0
#define START_DROP 0.0

void sim_world_init(struct sim_world *world)
{
	int i;

	memset(world, 0, sizeof(*world));
	sim_axis_init(&world->axis[OMT_AXIS_HEIGHT], &sim_spec_height,
		      START_HEIGHT);
	sim_axis_init(&world->axis[OMT_AXIS_TILT], &sim_spec_tilt, START_TILT);
	for (i = OMT_AXIS_CERVICAL; i < OMT_AXIS_COUNT; i++)
		sim_axis_init(&world->axis[i], &sim_spec_drop, START_DROP);
	world->slave_id[SIM_IO_INDEX] = OMT_SLAVE_IO;
	/* Each drive its own serial number, after its slave address. */
	for (i = 0; i < OMT_AXIS_COUNT; i++) {
		char text[OMT_DRIVE_TEXT_MAX + 1];

		world->slave_id[i] = OMT_DEFAULT_SLAVE(i);
		snprintf(text, sizeof(text), "OMTSIM-%04u",
			 (unsigned int)world->slave_id[i]);
		sim_axis_set_identity(&world->axis[i], text, SIM_FIRMWARE_DEFAULT);
	}
}

void sim_world_set_class(struct sim_world *world, int index,
			 enum sim_drive_class drive_class,
			 const struct cia402_map *map)
{
	const struct sim_axis *axis = &world->axis[index];

	world->drive_class[index] = drive_class;
	world->cia402_map[index] = map;
	if (drive_class == SIM_CLASS_LINAK)
		sim_linak_init(&world->linak[index], &axis->spec,
			       axis->position - axis->spec.min);
	else if (drive_class == SIM_CLASS_CIA402)
		sim_cia402_init(&world->cia402[index], &axis->spec,
				axis->position);
}

static void step_drive(struct sim_world *world, int i, double dt)
{
	switch (world->drive_class[i]) {
	case SIM_CLASS_LINAK:
		sim_linak_step(&world->linak[i], dt);
		break;
	case SIM_CLASS_CIA402:
		sim_cia402_step(&world->cia402[i], dt);
		break;
	case SIM_CLASS_GENERIC:
		sim_axis_step(&world->axis[i], dt);
		break;
	}
}

void sim_world_advance(struct sim_world *world, uint64_t now_ns)
{
	int i;

	if (!world->started) {
		world->now_ns = now_ns;
		world->started = true;
		return;
	}
	while (world->now_ns + SIM_STEP_NS <= now_ns) {
		for (i = 0; i < OMT_AXIS_COUNT; i++)
			step_drive(world, i, SIM_STEP_NS / 1e9);
		world->now_ns += SIM_STEP_NS;
	}
}

int sim_world_slave_index(const struct sim_world *world, uint8_t unit_id)
{
	int i;

	for (i = 0; i < SIM_SLAVES; i++)
		if (world->slave_id[i] == unit_id)
			return i;
	return -1;
}

const char *sim_world_slave_name(int index)
{
	if (index == SIM_IO_INDEX)
		return "io";
	return omt_axis_name((enum omt_axis)index);
}

int sim_world_slave_by_name(const char *name)
{
	enum omt_axis axis;

	if (strcmp(name, "io") == 0)
		return SIM_IO_INDEX;
	axis = omt_axis_from_name(name);
	return axis == OMT_AXIS_COUNT ? -1 : (int)axis;
}

uint32_t sim_world_inputs(const struct sim_world *world)
{
	uint32_t inputs = world->forced_inputs;
	int s;

	for (s = 0; s < OMT_DROP_SECTIONS; s++)
		if (world->axis[OMT_AXIS_CERVICAL + s].fired)
			inputs |= 1u << (OMT_IN_DROP_FIRED_CERVICAL + s);
	return inputs;
}

static int check_io(const struct sim_request *req)
{
	switch (req->function) {
	case MODBUS_FC_READ_DISCRETE_INPUTS:
		if ((unsigned int)req->read_addr + req->read_count > OMT_IN_COUNT)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
		return 0;
	case MODBUS_FC_READ_HOLDING_REGISTERS:
		if (req->read_addr != OMT_IO_REG_INPUTS || req->read_count != 1)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
		return 0;
	default:
		/* Writes: the one register is an input image, read-only. */
		if (req->write_addr != OMT_IO_REG_INPUTS || req->write_count != 1)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
		return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	}
}

static void record(struct sim_world *world, int index, uint64_t now_ns,
		   int32_t setpoint, uint16_t control)
{
	struct sim_history *h = &world->history[index];
	struct sim_setpoint_record *r = &h->rec[h->count % SIM_HISTORY_LEN];

	r->t_ns = now_ns;
	r->setpoint = setpoint;
	r->control = control;
	h->count++;
}

static void record_setpoint(struct sim_world *world, int index, uint64_t now_ns)
{
	const struct sim_axis *axis = &world->axis[index];

	record(world, index, now_ns, sim_units_to_raw(axis->setpoint),
	       axis->control);
}

static bool touches(const struct sim_request *req, unsigned int first,
		    unsigned int last)
{
	unsigned int end = (unsigned int)req->write_addr + req->write_count;

	return req->write_count > 0 && req->write_addr <= last && end > first;
}

static bool touches_command(const struct sim_request *req)
{
	return touches(req, OMT_REG_CONTROL, OMT_REG_SETPOINT + 1);
}

/*
 * A LINAK-class actuator's log: every COMMAND write as received, taken or
 * not (control = the COMMAND word; setpoint = its position in the axis's
 * 0.01 units from the fully-in end, or the target in effect for a
 * command word).
 */
static void record_linak(struct sim_world *world, int index,
			 const struct sim_request *req, uint64_t now_ns)
{
	const struct sim_linak *a = &world->linak[index];
	uint16_t command;

	if (!touches(req, LINAK_REG_COMMAND, LINAK_REG_COMMAND))
		return;
	command = req->values[LINAK_REG_COMMAND - req->write_addr];
	record(world, index, now_ns,
	       command <= LINAK_POSITION_MAX ? (int32_t)command * 10 :
					       sim_units_to_raw(a->target),
	       command);
}

/* A CiA 402 drive's log: every controlword write, with the target
 * position as it stood (in the log's 0.01 units). */
static void record_cia402(struct sim_world *world, int index,
			  const struct sim_request *req, uint64_t now_ns)
{
	const struct sim_cia402 *d = &world->cia402[index];
	const struct cia402_map_entry *e =
		cia402_map_entry_of(world->cia402_map[index],
				    CIA402_OBJ_CONTROLWORD);

	if (e && touches(req, e->addr, e->addr))
		record(world, index, now_ns,
		       sim_units_to_raw(d->target / SIM_CIA402_COUNTS_PER_UNIT),
		       d->controlword);
}

static int check_read(const struct sim_world *world, int index, uint16_t addr,
		      uint16_t count)
{
	switch (world->drive_class[index]) {
	case SIM_CLASS_LINAK:
		return sim_linak_check_read(&world->linak[index], addr, count);
	case SIM_CLASS_CIA402:
		return sim_cia402_check_read(world->cia402_map[index], addr,
					     count);
	case SIM_CLASS_GENERIC:
		break;
	}
	return sim_drive_check_read(&world->axis[index], addr, count);
}

static int check_write(const struct sim_world *world, int index,
		       uint16_t addr, uint16_t count, const uint16_t *values)
{
	switch (world->drive_class[index]) {
	case SIM_CLASS_LINAK:
		return sim_linak_check_write(&world->linak[index], addr, count,
					     values);
	case SIM_CLASS_CIA402:
		return sim_cia402_check_write(&world->cia402[index],
					      world->cia402_map[index], addr,
					      count, values);
	case SIM_CLASS_GENERIC:
		break;
	}
	return sim_drive_check_write(&world->axis[index], addr, count, values);
}

static int check_drive(const struct sim_world *world, int index,
		       const struct sim_request *req)
{
	int rc = 0;

	switch (req->function) {
	case MODBUS_FC_READ_HOLDING_REGISTERS:
		return check_read(world, index, req->read_addr, req->read_count);
	case MODBUS_FC_WRITE_SINGLE_REGISTER:
	case MODBUS_FC_WRITE_MULTIPLE_REGISTERS:
		return check_write(world, index, req->write_addr,
				   req->write_count, req->values);
	case MODBUS_FC_WRITE_AND_READ_REGISTERS:
		rc = check_read(world, index, req->read_addr, req->read_count);
		if (rc)
			return rc;
		return check_write(world, index, req->write_addr,
				   req->write_count, req->values);
	default:
		return MODBUS_EXCEPTION_ILLEGAL_FUNCTION;
	}
}

int sim_world_apply(struct sim_world *world, int index,
		    const struct sim_request *req, uint64_t now_ns)
{
	struct sim_axis *axis;
	int rc;

	if (index == SIM_IO_INDEX)
		return check_io(req);
	axis = &world->axis[index];
	rc = check_drive(world, index, req);
	if (rc || req->write_count == 0)
		return rc;
	if (world->drive_class[index] == SIM_CLASS_LINAK) {
		sim_linak_write(&world->linak[index], req->write_addr,
				req->write_count, req->values);
		record_linak(world, index, req, now_ns);
		return 0;
	}
	if (world->drive_class[index] == SIM_CLASS_CIA402) {
		sim_cia402_write(&world->cia402[index], world->cia402_map[index],
				 req->write_addr, req->write_count, req->values);
		record_cia402(world, index, req, now_ns);
		return 0;
	}
	sim_drive_write(axis, req->write_addr, req->write_count, req->values);
	if (touches_command(req))
		record_setpoint(world, index, now_ns);
	return 0;
}

uint16_t sim_world_read_register(const struct sim_world *world, int index,
				 uint16_t addr)
{
	uint16_t v = 0;

	if (index == SIM_IO_INDEX)
		return (uint16_t)sim_world_inputs(world);
	if (world->drive_class[index] == SIM_CLASS_LINAK)
		return sim_linak_read(&world->linak[index], addr);
	if (world->drive_class[index] == SIM_CLASS_CIA402) {
		/* One word of the object starting there (a whole request is
		 * read with sim_world_read_registers()). */
		if (sim_cia402_check_read(world->cia402_map[index], addr, 1) == 0)
			sim_cia402_read(&world->cia402[index],
					world->cia402_map[index], addr, 1, &v);
		return v;
	}
	return sim_drive_read(&world->axis[index], addr);
}

void sim_world_read_registers(const struct sim_world *world, int index,
			      uint16_t addr, uint16_t count, uint16_t *out)
{
	unsigned int i;

	/* A CiA 402 map's words belong to objects, not to addresses: in
	 * the "index" map 0x6084 is both PROFILE_ACCEL's second word and
	 * PROFILE_DECEL's first, and the request says which. */
	if (index != SIM_IO_INDEX &&
	    world->drive_class[index] == SIM_CLASS_CIA402) {
		sim_cia402_read(&world->cia402[index], world->cia402_map[index],
				addr, count, out);
		return;
	}
	for (i = 0; i < count; i++)
		out[i] = sim_world_read_register(world, index,
						 (uint16_t)(addr + i));
}
