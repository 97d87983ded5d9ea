/* SPDX-License-Identifier: MIT */
/*
 * One Modbus request and its reply on a connected descriptor (a TCP socket
 * or a serial port), under a total deadline: a slave that trickles its
 * reply a byte at a time, each byte within the byte timeout, still fails
 * once the whole exchange has taken longer than the deadline.  The reply
 * is read to its exact length and checked completely (modbus_frame.h);
 * bytes beyond it make the exchange a frame error of the slave that sent
 * them.  Over TCP, a late answer to an earlier request (its transaction id
 * says so) is read past, not taken for this one's.
 */
#ifndef OMTD_MODBUS_EXCHANGE_H
#define OMTD_MODBUS_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modbus_frame.h"

struct mb_line {
	int fd;
	bool tcp;                   /* MBAP framing; else RTU */
	uint16_t next_tid;          /* TCP transaction id of the next request */
	uint32_t deadline_ms;       /* the whole exchange, first byte out to last in */
	uint64_t not_after_ns;      /* and no later than this (monotonic); 0: none */
	uint32_t byte_timeout_ms;   /* between two bytes of a reply; 0: none */
};

/*
 * Send rq, read and check its reply.  LINK_OK with regs/bits filled (as
 * mb_reply_pdu_check), LINK_EXCEPTION with *exception, or the failure's
 * class: LINK_TIMEOUT (deadline or byte timeout passed), LINK_CRC,
 * LINK_FRAME, LINK_DISCONNECTED (the peer closed), LINK_IO, LINK_INVALID
 * (a request that cannot be framed: nothing sent).
 */
enum link_status mb_exchange(struct mb_line *line, const struct mb_request *rq,
			     uint16_t *regs, uint8_t *bits, uint8_t *exception);

/*
 * Read and discard what is waiting on the line; returns the byte count.
 * The first bytes go to head (up to head_cap; head may be NULL), so the
 * caller can tell whose they were.
 */
size_t mb_line_drain(const struct mb_line *line, uint8_t *head,
		     size_t head_cap);

#endif /* OMTD_MODBUS_EXCHANGE_H */
