// SPDX-License-Identifier: MIT
/*
 * Classes of link failures: libmodbus reports everything through errno,
 * and the control loop needs to know which kind of trouble it is (a slave
 * that does not answer, a noisy line, a drive that refuses a request).
 */
#include <errno.h>
#include <modbus.h>

#include "link.h"
#include "omt_name_table.h"

enum link_status link_classify_errno(int err, uint8_t *exception)
{
	*exception = 0;
	if (err >= EMBXILFUN && err <= EMBXGTAR) {
		*exception = (uint8_t)(err - MODBUS_ENOBASE);
		return LINK_EXCEPTION;
	}
	switch (err) {
	case ETIMEDOUT:
		return LINK_TIMEOUT;
	case EMBBADCRC:
		return LINK_CRC;
	case EMBBADEXC:
	case EMBUNKEXC:
		/* An exception reply whose code libmodbus does not know. */
		return LINK_EXCEPTION;
	case EMBBADDATA:
	case EMBMDATA:
	case EMBBADSLAVE:
		return LINK_FRAME;
	case ECONNRESET:
	case ECONNREFUSED:
	case ECONNABORTED:
	case EPIPE:
	case ENOTCONN:
	case ESHUTDOWN:
	case EBADF:
	case ENODEV:
	case ENXIO:
		return LINK_DISCONNECTED;
	case EINVAL:
		return LINK_INVALID;
	default:
		return LINK_IO;
	}
}

const char *link_status_name(enum link_status s)
{
	static const char *const names[LINK_STATUS_COUNT] = {
		[LINK_OK] = "ok",
		[LINK_TIMEOUT] = "timeout",
		[LINK_CRC] = "crc",
		[LINK_EXCEPTION] = "exception",
		[LINK_FRAME] = "frame",
		[LINK_IO] = "io",
		[LINK_DISCONNECTED] = "disconnected",
		[LINK_INVALID] = "invalid",
	};

	return omt_name_at(names, LINK_STATUS_COUNT, s);
}

enum omt_fault_kind link_status_fault(enum link_status s)
{
	switch (s) {
	case LINK_CRC:
		return OMT_FAULT_MODBUS_CRC;
	case LINK_EXCEPTION:
		return OMT_FAULT_MODBUS_EXCEPTION;
	case LINK_FRAME:
		return OMT_FAULT_MODBUS_FRAME;
	case LINK_DISCONNECTED:
		return OMT_FAULT_COMMS_LOST;
	case LINK_OK:
	case LINK_TIMEOUT:
	case LINK_IO:
	case LINK_INVALID:
	default:
		/* Silence and line trouble both look like a missing reply. */
		return OMT_FAULT_MODBUS_TIMEOUT;
	}
}

const char *link_exception_name(uint8_t code)
{
	/* The Modbus application protocol's exception codes. */
	switch (code) {
	case 1:
		return "illegal function";
	case 2:
		return "illegal data address";
	case 3:
		return "illegal data value";
	case 4:
		return "server device failure";
	case 5:
		return "acknowledge";
	case 6:
		return "server device busy";
	case 8:
		return "memory parity error";
	case 10:
		return "gateway path unavailable";
	case 11:
		return "gateway target device failed to respond";
	default:
		return "unknown exception";
	}
}
