// SPDX-License-Identifier: MIT
/* Decoding and checking Modbus request PDUs; see request.h. */
#include "request.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int sim_request_pdu_length(const uint8_t *pdu, size_t len)
{
	if (len < 1)
		return -1;
	switch (pdu[0]) {
	case MODBUS_FC_READ_DISCRETE_INPUTS:
	case MODBUS_FC_READ_HOLDING_REGISTERS:
	case MODBUS_FC_WRITE_SINGLE_REGISTER:
		return 5;
	case MODBUS_FC_WRITE_MULTIPLE_REGISTERS:
		return len < 6 ? -1 : 6 + pdu[5];
	case MODBUS_FC_WRITE_AND_READ_REGISTERS:
		return len < 10 ? -1 : 10 + pdu[9];
	default:
		return 0;
	}
}

static int parse_read(const uint8_t *pdu, size_t len, struct sim_request *req,
		      unsigned int max_count)
{
	if (len != 5)
		return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	req->read_addr = be16(pdu + 1);
	req->read_count = be16(pdu + 3);
	if (req->read_count < 1 || req->read_count > max_count)
		return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	if ((unsigned int)req->read_addr + req->read_count > 0x10000u)
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	return 0;
}

/* The register values of a write, after its byte count has been checked. */
static int parse_values(const uint8_t *p, size_t avail, uint8_t byte_count,
			struct sim_request *req, unsigned int max_count)
{
	unsigned int i;

	if (req->write_count < 1 || req->write_count > max_count ||
	    byte_count != 2u * req->write_count || avail != byte_count)
		return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
	if ((unsigned int)req->write_addr + req->write_count > 0x10000u)
		return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
	for (i = 0; i < req->write_count; i++)
		req->values[i] = be16(p + 2 * i);
	return 0;
}

int sim_request_parse(const uint8_t *pdu, size_t len, struct sim_request *req)
{
	int rc;

	req->function = pdu[0];
	req->read_addr = req->read_count = 0;
	req->write_addr = req->write_count = 0;
	switch (pdu[0]) {
	case MODBUS_FC_READ_DISCRETE_INPUTS:
		return parse_read(pdu, len, req, MODBUS_MAX_READ_BITS);
	case MODBUS_FC_READ_HOLDING_REGISTERS:
		return parse_read(pdu, len, req, MODBUS_MAX_READ_REGISTERS);
	case MODBUS_FC_WRITE_SINGLE_REGISTER:
		if (len != 5)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		req->write_addr = be16(pdu + 1);
		req->write_count = 1;
		req->values[0] = be16(pdu + 3);
		return 0;
	case MODBUS_FC_WRITE_MULTIPLE_REGISTERS:
		if (len < 6)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		req->write_addr = be16(pdu + 1);
		req->write_count = be16(pdu + 3);
		return parse_values(pdu + 6, len - 6, pdu[5], req,
				    MODBUS_MAX_WRITE_REGISTERS);
	case MODBUS_FC_WRITE_AND_READ_REGISTERS:
		if (len < 10)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		req->read_addr = be16(pdu + 1);
		req->read_count = be16(pdu + 3);
		req->write_addr = be16(pdu + 5);
		req->write_count = be16(pdu + 7);
		if (req->read_count < 1 ||
		    req->read_count > MODBUS_MAX_WR_READ_REGISTERS)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
		rc = parse_values(pdu + 10, len - 10, pdu[9], req,
				  MODBUS_MAX_WR_WRITE_REGISTERS);
		if (rc)
			return rc;
		if ((unsigned int)req->read_addr + req->read_count > 0x10000u)
			return MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
		return 0;
	default:
		return MODBUS_EXCEPTION_ILLEGAL_FUNCTION;
	}
}
