// SPDX-License-Identifier: MIT
/* Modbus request framing and complete reply checks (modbus_frame.h). */
#include <string.h>

#include "modbus_frame.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)(v & 0xff);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint16_t mb_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0xffff;

	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xa001) :
					  (uint16_t)(crc >> 1);
	}
	return crc;
}

static bool read_count_ok(const struct mb_request *rq, uint16_t max)
{
	return rq->read_count >= 1 && rq->read_count <= max &&
	       (uint32_t)rq->read_addr + rq->read_count <= 0x10000;
}

static bool write_count_ok(const struct mb_request *rq, uint16_t max)
{
	return rq->write && rq->write_count >= 1 && rq->write_count <= max &&
	       (uint32_t)rq->write_addr + rq->write_count <= 0x10000;
}

/* The request PDU into out; 0 when it cannot be framed. */
static size_t request_pdu(const struct mb_request *rq, uint8_t *out)
{
	size_t n = 0;

	out[n++] = rq->function;
	switch (rq->function) {
	case MB_FC_READ_DISCRETE_INPUTS:
	case MB_FC_READ_HOLDING:
		if (!read_count_ok(rq, rq->function == MB_FC_READ_HOLDING ?
					       MB_READ_REGISTERS_MAX :
					       MB_READ_BITS_MAX))
			return 0;
		put16(out + n, rq->read_addr);
		put16(out + n + 2, rq->read_count);
		return n + 4;
	case MB_FC_WRITE_SINGLE:
		if (!rq->write || rq->write_count != 1)
			return 0;
		put16(out + n, rq->write_addr);
		put16(out + n + 2, rq->write[0]);
		return n + 4;
	case MB_FC_WRITE_MULTIPLE:
		if (!write_count_ok(rq, 123))
			return 0;
		put16(out + n, rq->write_addr);
		put16(out + n + 2, rq->write_count);
		n += 4;
		break;
	case MB_FC_WRITE_AND_READ:
		if (!read_count_ok(rq, MB_READ_REGISTERS_MAX) ||
		    !write_count_ok(rq, MB_WRITE_REGISTERS_MAX))
			return 0;
		put16(out + n, rq->read_addr);
		put16(out + n + 2, rq->read_count);
		put16(out + n + 4, rq->write_addr);
		put16(out + n + 6, rq->write_count);
		n += 8;
		break;
	default:
		return 0;
	}
	out[n++] = (uint8_t)(2 * rq->write_count);
	for (uint16_t i = 0; i < rq->write_count; i++, n += 2)
		put16(out + n, rq->write[i]);
	return n;
}

size_t mb_request_tcp(const struct mb_request *rq, uint16_t tid, uint8_t *out)
{
	size_t pdu = request_pdu(rq, out + MB_MBAP_LENGTH);

	if (pdu == 0)
		return 0;
	put16(out, tid);
	put16(out + 2, 0);
	put16(out + 4, (uint16_t)(pdu + 1));
	out[6] = rq->unit;
	return MB_MBAP_LENGTH + pdu;
}

size_t mb_request_rtu(const struct mb_request *rq, uint8_t *out)
{
	size_t pdu = request_pdu(rq, out + 1);
	uint16_t crc;

	if (pdu == 0)
		return 0;
	out[0] = rq->unit;
	crc = mb_crc16(out, 1 + pdu);
	out[1 + pdu] = (uint8_t)(crc & 0xff);
	out[2 + pdu] = (uint8_t)(crc >> 8);
	return 3 + pdu;
}

size_t mb_reply_pdu_length(const struct mb_request *rq)
{
	switch (rq->function) {
	case MB_FC_READ_DISCRETE_INPUTS:
		return 2 + ((size_t)rq->read_count + 7) / 8;
	case MB_FC_READ_HOLDING:
	case MB_FC_WRITE_AND_READ:
		return 2 + 2 * (size_t)rq->read_count;
	case MB_FC_WRITE_SINGLE:
	case MB_FC_WRITE_MULTIPLE:
		return 5;
	default:
		return 0;
	}
}

enum link_status mb_tcp_header_check(const struct mb_request *rq, uint16_t tid,
				     const uint8_t *header, size_t *pdu_len)
{
	uint16_t length = get16(header + 4);

	if (get16(header) != tid || get16(header + 2) != 0 ||
	    header[6] != rq->unit)
		return LINK_FRAME;
	/* Either the normal reply or an exception: nothing else fits. */
	if (length - 1u != mb_reply_pdu_length(rq) && length != 3)
		return LINK_FRAME;
	*pdu_len = (size_t)length - 1;
	return LINK_OK;
}

bool mb_tcp_stale_reply(uint16_t tid, const uint8_t *header)
{
	uint16_t age = (uint16_t)(tid - get16(header));
	uint16_t length = get16(header + 4);

	return age >= 1 && age <= MB_STALE_WINDOW && get16(header + 2) == 0 &&
	       length >= 2 && length <= MB_PDU_MAX + 1;
}

size_t mb_rtu_reply_length(const struct mb_request *rq, const uint8_t *first2)
{
	if (first2[1] & 0x80)
		return 5;
	return 1 + mb_reply_pdu_length(rq) + 2;
}

bool mb_rtu_reply_counts_bytes(const struct mb_request *rq,
			       const uint8_t *first2)
{
	return first2[1] == rq->function &&
	       rq->function != MB_FC_WRITE_MULTIPLE &&
	       rq->function != MB_FC_WRITE_SINGLE;
}

static struct mb_reply verdict(enum link_status status, uint8_t exception)
{
	return (struct mb_reply){ .status = status, .exception = exception };
}

struct mb_reply mb_reply_pdu_check(const struct mb_request *rq,
				   const uint8_t *pdu, size_t len,
				   uint16_t *regs, uint8_t *bits)
{
	size_t data;

	if (len < 2)
		return verdict(LINK_FRAME, 0);
	if (pdu[0] == (rq->function | 0x80)) {
		/* Code 0 is no exception at all: a broken reply. */
		if (len != 2 || pdu[1] == 0)
			return verdict(LINK_FRAME, 0);
		return verdict(LINK_EXCEPTION, pdu[1]);
	}
	if (pdu[0] != rq->function || len != mb_reply_pdu_length(rq))
		return verdict(LINK_FRAME, 0);
	switch (rq->function) {
	case MB_FC_WRITE_SINGLE:
		/* The echo of the request: address and the value taken. */
		if (get16(pdu + 1) != rq->write_addr ||
		    get16(pdu + 3) != rq->write[0])
			return verdict(LINK_FRAME, 0);
		return verdict(LINK_OK, 0);
	case MB_FC_WRITE_MULTIPLE:
		if (get16(pdu + 1) != rq->write_addr ||
		    get16(pdu + 3) != rq->write_count)
			return verdict(LINK_FRAME, 0);
		return verdict(LINK_OK, 0);
	case MB_FC_READ_DISCRETE_INPUTS:
		data = ((size_t)rq->read_count + 7) / 8;
		if (pdu[1] != data)
			return verdict(LINK_FRAME, 0);
		for (uint16_t i = 0; i < rq->read_count; i++)
			bits[i] = (pdu[2 + i / 8] >> (i % 8)) & 1u;
		return verdict(LINK_OK, 0);
	default:
		data = 2 * (size_t)rq->read_count;
		if (pdu[1] != data)
			return verdict(LINK_FRAME, 0);
		for (uint16_t i = 0; i < rq->read_count; i++)
			regs[i] = get16(pdu + 2 + 2 * i);
		return verdict(LINK_OK, 0);
	}
}

struct mb_reply mb_rtu_reply_check(const struct mb_request *rq,
				   const uint8_t *adu, size_t len,
				   uint16_t *regs, uint8_t *bits)
{
	if (len < 5)
		return verdict(LINK_FRAME, 0);
	if (mb_crc16(adu, len) != 0)
		return verdict(LINK_CRC, 0);
	if (adu[0] != rq->unit)
		return verdict(LINK_FRAME, 0);
	return mb_reply_pdu_check(rq, adu + 1, len - 3, regs, bits);
}
