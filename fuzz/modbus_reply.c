// SPDX-License-Identifier: MIT
/*
 * Fuzz target: Modbus reply checking (daemon/link/modbus_frame.c).  The
 * first bytes choose a request (unit, function, addresses, counts, TCP
 * transaction id), the rest is the reply as it came off the wire, for TCP
 * and for RTU.  A reply that is accepted must agree with its request in
 * every framing field; an exception must carry a code; nothing is written
 * outside the register and bit buffers (the sanitizers watch).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modbus_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t functions[] = {
	MB_FC_READ_DISCRETE_INPUTS, MB_FC_READ_HOLDING, MB_FC_WRITE_MULTIPLE,
	MB_FC_WRITE_AND_READ,
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t words[MB_WRITE_REGISTERS_MAX + 2];
	uint16_t regs[MB_READ_REGISTERS_MAX];
	uint8_t bits[MB_READ_BITS_MAX], frame[MB_ADU_MAX];
	struct mb_request rq;
	struct mb_reply reply;
	size_t pdu_len;
	uint16_t tid;

	if (size < 9)
		return 0;
	memset(&rq, 0, sizeof(rq));
	rq.unit = data[0];
	rq.function = functions[data[1] % sizeof(functions)];
	rq.read_addr = (uint16_t)(data[2] << 8);
	rq.read_count = (uint16_t)(data[3] % 130);
	rq.write_addr = (uint16_t)(data[4] << 8);
	rq.write_count = (uint16_t)(data[5] % 125);
	rq.write = words;
	tid = get16(data + 6);
	data += 8;
	size -= 8;
	/* Requests that cannot be framed are never sent. */
	if (mb_request_tcp(&rq, tid, frame) == 0)
		return 0;

	if (size > MB_ADU_MAX)
		size = MB_ADU_MAX;
	if (size >= MB_MBAP_LENGTH &&
	    mb_tcp_header_check(&rq, tid, data, &pdu_len) == LINK_OK) {
		if (get16(data) != tid || get16(data + 2) != 0 ||
		    data[6] != rq.unit || pdu_len + 1 != get16(data + 4))
			abort();
		if (MB_MBAP_LENGTH + pdu_len <= size) {
			reply = mb_reply_pdu_check(&rq, data + MB_MBAP_LENGTH,
						   pdu_len, regs, bits);
			if (reply.status == LINK_OK &&
			    (data[MB_MBAP_LENGTH] != rq.function ||
			     pdu_len != mb_reply_pdu_length(&rq)))
				abort();
			if (reply.status == LINK_EXCEPTION &&
			    (reply.exception == 0 ||
			     data[MB_MBAP_LENGTH] != (rq.function | 0x80)))
				abort();
		}
	}
	if (size >= 2 && mb_rtu_reply_length(&rq, data) <= size) {
		size_t len = mb_rtu_reply_counts_bytes(&rq, data) && size >= 3 ?
			     (size_t)3 + data[2] + 2 :
			     mb_rtu_reply_length(&rq, data);

		if (len <= size) {
			reply = mb_rtu_reply_check(&rq, data, len, regs, bits);
			if (reply.status == LINK_OK &&
			    (data[0] != rq.unit || data[1] != rq.function ||
			     mb_crc16(data, len) != 0))
				abort();
		}
	}
	return 0;
}
