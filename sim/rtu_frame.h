/* SPDX-License-Identifier: MIT */
/*
 * Modbus RTU framing on a serial line: the CRC, the silent interval that
 * separates frames, and the wire time of a frame at a given baud rate.
 * libmodbus's own RTU receiver keeps only frames for one slave address;
 * the simulator serves seven, so it frames the line itself.  Pure logic.
 */
#ifndef SIM_RTU_FRAME_H
#define SIM_RTU_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define SIM_RTU_CRC_LENGTH 2
#define SIM_RTU_MIN_FRAME 4      /* address, function, CRC */
#define SIM_RTU_BITS_PER_CHAR 11 /* start, 8 data, parity or 2nd stop, stop */

uint16_t sim_rtu_crc(const uint8_t *data, size_t len);
/* True when the frame ends in the CRC of what precedes it (low byte first). */
int sim_rtu_crc_ok(const uint8_t *frame, size_t len);
/* Appends the CRC; frame must have room for two more bytes. */
size_t sim_rtu_append_crc(uint8_t *frame, size_t len);

/*
 * How long the bytes seen so far must grow to hold a complete request:
 * the frame length, 0 when the function is unknown (wait for silence),
 * -1 when more bytes are needed to tell.
 */
int sim_rtu_request_length(const uint8_t *buf, size_t len);

/* Time on the wire, ns. */
uint64_t sim_rtu_char_ns(unsigned int baud);
uint64_t sim_rtu_frame_ns(unsigned int baud, size_t bytes);
/* The 3.5-character inter-frame silence; fixed 1.75 ms above 19200 baud. */
uint64_t sim_rtu_gap_ns(unsigned int baud);

/*
 * The line as a resource: a request that arrives while the previous
 * exchange still occupies it starts when the line is free again.
 */
struct sim_rtu_line {
	unsigned int baud;
	uint64_t free_at_ns;
};

/*
 * A request of req_bytes whose first byte arrived at arrival_ns: when its
 * last byte has crossed the wire (it starts once the line is free).  The
 * drive acts on it then, not before.
 */
uint64_t sim_rtu_line_request_end(struct sim_rtu_line *line,
				  uint64_t arrival_ns, size_t req_bytes);
/*
 * When the last byte of a reply of reply_bytes (0: none) to a request
 * that ended at request_end_ns has crossed the wire, after the 3.5-
 * character turnaround.  Also books the silence that must follow.
 */
uint64_t sim_rtu_line_reply_end(struct sim_rtu_line *line,
				uint64_t request_end_ns, size_t reply_bytes);
/* Both at once: when the whole exchange is over. */
uint64_t sim_rtu_line_schedule(struct sim_rtu_line *line, uint64_t arrival_ns,
			       size_t req_bytes, size_t reply_bytes);

#endif /* SIM_RTU_FRAME_H */
