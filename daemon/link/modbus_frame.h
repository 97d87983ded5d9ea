/* SPDX-License-Identifier: MIT */
/*
 * Modbus requests and replies as bytes: building a request's ADU (TCP:
 * MBAP header; RTU: address and CRC) and checking a reply completely
 * before a single value of it is believed.  Pure: no I/O, no clock, no
 * allocation; modbus_exchange.c moves the bytes.
 *
 * A reply is accepted only if every field agrees with the request: the
 * transaction id, protocol id 0, an MBAP length that is exactly the PDU
 * that follows, the unit id, the CRC (RTU), the function, the byte count
 * and, for a write, the echoed address and count (function 6: the
 * echoed address and value).  An exception reply must
 * carry the request's function with bit 7 set and a code other than 0.
 */
#ifndef OMTD_MODBUS_FRAME_H
#define OMTD_MODBUS_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link.h"

#define MB_FC_READ_DISCRETE_INPUTS 0x02
#define MB_FC_READ_HOLDING 0x03
#define MB_FC_WRITE_SINGLE 0x06
#define MB_FC_WRITE_MULTIPLE 0x10
#define MB_FC_WRITE_AND_READ 0x17

#define MB_PDU_MAX 253
#define MB_MBAP_LENGTH 7            /* transaction, protocol, length, unit */
#define MB_ADU_MAX (MB_MBAP_LENGTH + MB_PDU_MAX)
#define MB_READ_REGISTERS_MAX 125
#define MB_WRITE_REGISTERS_MAX 121  /* function 23's write half */
#define MB_READ_BITS_MAX 2000

struct mb_request {
	uint8_t unit;
	uint8_t function;
	uint16_t read_addr, read_count;     /* functions 2, 3, 23 */
	uint16_t write_addr, write_count;   /* functions 6 (count 1), 16, 23 */
	const uint16_t *write;              /* write_count words */
};

/* What a reply said: its class, and its data once accepted. */
struct mb_reply {
	enum link_status status;            /* LINK_OK, _EXCEPTION or _FRAME */
	uint8_t exception;                  /* code, for LINK_EXCEPTION */
};

/*
 * The request's ADU for TCP (with transaction id tid) or RTU into out
 * (MB_ADU_MAX bytes).  Returns its length, or 0 for a request that cannot
 * be framed (unknown function, counts out of range, no write data).
 */
size_t mb_request_tcp(const struct mb_request *rq, uint16_t tid, uint8_t *out);
size_t mb_request_rtu(const struct mb_request *rq, uint8_t *out);

/* The PDU length of the normal reply to rq (function byte included). */
size_t mb_reply_pdu_length(const struct mb_request *rq);

/*
 * A TCP reply's MBAP header (MB_MBAP_LENGTH bytes): LINK_OK with *pdu_len
 * the PDU bytes that follow, or LINK_FRAME for a wrong transaction id,
 * protocol id, unit id, or a length no reply to rq can have.
 */
enum link_status mb_tcp_header_check(const struct mb_request *rq, uint16_t tid,
				     const uint8_t *header, size_t *pdu_len);

/*
 * Whether a TCP header (MB_MBAP_LENGTH bytes) is a well-formed reply to one
 * of the MB_STALE_WINDOW requests sent before transaction tid: the late
 * answer to a request that already timed out, to be read past, not taken
 * for the answer to tid nor blamed on anyone.
 */
#define MB_STALE_WINDOW 16
bool mb_tcp_stale_reply(uint16_t tid, const uint8_t *header);

/*
 * How many bytes the RTU reply to rq has in all, judged from its first
 * two (address and function): 5 for an exception, else the normal reply.
 */
size_t mb_rtu_reply_length(const struct mb_request *rq, const uint8_t *first2);

/*
 * Whether the RTU reply's third byte is its byte count (a normal reply to
 * a read): then it is 3 + count + 2 bytes long, whatever was asked.
 */
bool mb_rtu_reply_counts_bytes(const struct mb_request *rq,
			       const uint8_t *first2);

/*
 * Check a reply PDU of exactly len bytes against rq; on LINK_OK the
 * registers read go to regs (read_count words) and input bits to bits
 * (read_count bytes of 0/1); neither is touched otherwise.
 */
struct mb_reply mb_reply_pdu_check(const struct mb_request *rq,
				   const uint8_t *pdu, size_t len,
				   uint16_t *regs, uint8_t *bits);

/*
 * A whole RTU reply of len bytes: CRC (LINK_CRC), address (LINK_FRAME),
 * then the PDU as above.
 */
struct mb_reply mb_rtu_reply_check(const struct mb_request *rq,
				   const uint8_t *adu, size_t len,
				   uint16_t *regs, uint8_t *bits);

/* Modbus CRC-16 (as sent: low byte first). */
uint16_t mb_crc16(const uint8_t *p, size_t n);

#endif /* OMTD_MODBUS_FRAME_H */
