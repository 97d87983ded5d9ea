// SPDX-License-Identifier: MIT
/* RTU framing, CRC and line timing; see rtu_frame.h. */
#include "request.h"
#include "rtu_frame.h"

uint16_t sim_rtu_crc(const uint8_t *data, size_t len)
{
	uint16_t crc = 0xffff;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		crc ^= data[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc & 1u) ? (uint16_t)((crc >> 1) ^ 0xa001u)
					 : (uint16_t)(crc >> 1);
	}
	return crc;
}

int sim_rtu_crc_ok(const uint8_t *frame, size_t len)
{
	uint16_t crc;

	if (len < SIM_RTU_MIN_FRAME)
		return 0;
	crc = sim_rtu_crc(frame, len - 2);
	return frame[len - 2] == (crc & 0xff) && frame[len - 1] == (crc >> 8);
}

size_t sim_rtu_append_crc(uint8_t *frame, size_t len)
{
	uint16_t crc = sim_rtu_crc(frame, len);

	frame[len] = (uint8_t)(crc & 0xff);
	frame[len + 1] = (uint8_t)(crc >> 8);
	return len + 2;
}

int sim_rtu_request_length(const uint8_t *buf, size_t len)
{
	int pdu;

	if (len < 2)
		return -1;
	pdu = sim_request_pdu_length(buf + 1, len - 1);
	if (pdu <= 0)
		return pdu;
	return 1 + pdu + SIM_RTU_CRC_LENGTH;
}

uint64_t sim_rtu_char_ns(unsigned int baud)
{
	return (SIM_RTU_BITS_PER_CHAR * 1000000000ull + baud / 2) / baud;
}

uint64_t sim_rtu_frame_ns(unsigned int baud, size_t bytes)
{
	return (SIM_RTU_BITS_PER_CHAR * 1000000000ull * bytes + baud / 2) / baud;
}

uint64_t sim_rtu_gap_ns(unsigned int baud)
{
	if (baud > 19200)
		return 1750000ull;
	return (35ull * SIM_RTU_BITS_PER_CHAR * 100000000ull + baud / 2) / baud;
}

uint64_t sim_rtu_line_request_end(struct sim_rtu_line *line,
				  uint64_t arrival_ns, size_t req_bytes)
{
	uint64_t start = arrival_ns > line->free_at_ns ? arrival_ns
						       : line->free_at_ns;

	line->free_at_ns = start + sim_rtu_frame_ns(line->baud, req_bytes);
	return line->free_at_ns;
}

uint64_t sim_rtu_line_reply_end(struct sim_rtu_line *line,
				uint64_t request_end_ns, size_t reply_bytes)
{
	uint64_t gap = sim_rtu_gap_ns(line->baud);
	uint64_t done = request_end_ns;

	if (reply_bytes > 0)
		done += gap + sim_rtu_frame_ns(line->baud, reply_bytes);
	line->free_at_ns = done + gap;
	return done;
}

uint64_t sim_rtu_line_schedule(struct sim_rtu_line *line, uint64_t arrival_ns,
			       size_t req_bytes, size_t reply_bytes)
{
	uint64_t end = sim_rtu_line_request_end(line, arrival_ns, req_bytes);

	return sim_rtu_line_reply_end(line, end, reply_bytes);
}
