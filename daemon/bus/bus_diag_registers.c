// SPDX-License-Identifier: MIT
/*
 * Raw register access for technicians: ReadRegisters on any configured
 * drive or the Modbus I/O module, WriteRegister only in service mode (the
 * table locked and at rest, which the control thread checks when it takes
 * the command, since only it knows).  Both travel to the control thread as
 * commands: the Modbus link is used from no other thread.
 */
#include <errno.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "config.h"

#define IO_UNIT_NAME "io"

/* The unit a name stands for; false (and the error set) when none. */
static bool unit_of(const struct omt_bus *bus, const char *name,
		    uint32_t *unit, sd_bus_error *error)
{
	enum omt_axis axis;

	if (strcmp(name, IO_UNIT_NAME) == 0 &&
	    bus->config->io.source == OMTD_IO_MODBUS) {
		*unit = OMT_RAW_UNIT_IO;
		return true;
	}
	axis = omt_axis_from_name(name);
	if (axis < OMT_AXIS_COUNT && bus->config->drive[axis].present) {
		*unit = (uint32_t)axis;
		return true;
	}
	sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
			  "No unit '%.40s' on this table's Modbus: a configured drive (height, tilt, cervical, thoracic, lumbar, pelvic) or io.",
			  name);
	return false;
}

/*
 * The start of both methods: the caller may operate and names a unit on
 * this table's Modbus.  cmd is cleared, then gets the kind, the unit and
 * the address; *word (which may lie in cmd) the call's third argument: a
 * count, a value.
 */
static int begin_register_request(struct omt_bus *bus, sd_bus_message *call,
				  enum omt_command_kind kind,
				  struct omt_command *cmd, uint16_t *word,
				  sd_bus_error *error)
{
	const char *name;
	uint16_t addr;
	int r;

	memset(cmd, 0, sizeof(*cmd));
	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	r = sd_bus_message_read(call, "sqq", &name, &addr, word);
	if (r < 0)
		return r;
	if (!unit_of(bus, name, &cmd->unit, error))
		return -EINVAL;
	cmd->kind = kind;
	cmd->reg_addr = addr;
	return 0;
}

int omt_bus_diag_read_registers(sd_bus_message *call, void *userdata,
				sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd;
	uint16_t count;
	int r;

	r = begin_register_request(bus, call, OMT_CMD_RAW_READ, &cmd, &count,
				   error);
	if (r < 0)
		return r;
	if (count < 1 || count > OMT_RAW_REGISTERS_MAX ||
	    (uint32_t)cmd.reg_addr + count > 0x10000u)
		return sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
					 "Read 1..%d registers within 0x0000..0xffff.",
					 OMT_RAW_REGISTERS_MAX);
	cmd.reg_count = count;
	return omt_bus_submit_and_wait_registers(bus, call, &cmd, error);
}

int omt_bus_diag_write_register(sd_bus_message *call, void *userdata,
				sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd;
	int r;

	r = begin_register_request(bus, call, OMT_CMD_RAW_WRITE, &cmd,
				   &cmd.reg_value, error);
	if (r < 0)
		return r;
	return omt_bus_submit_and_wait(bus, call, &cmd, false, error);
}
