/* SPDX-License-Identifier: MIT */
/*
 * Decoding and checking a Modbus request PDU before anything acts on it.
 *
 * libmodbus 3.1.6 trusts the counts and byte counts inside a request when
 * it builds a reply (CVE-2022-0367, CVE-2023-26793), so every request is
 * decoded here first, completely: a request that reaches modbus_reply()
 * has a known function, counts within the protocol's limits, a byte count
 * that matches its count and a length that matches both.
 */
#ifndef SIM_REQUEST_H
#define SIM_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <modbus.h>

struct sim_request {
	uint8_t function;
	uint16_t read_addr, read_count;    /* functions 2, 3, 23 */
	uint16_t write_addr, write_count;  /* functions 6, 16, 23 */
	uint16_t values[MODBUS_MAX_WRITE_REGISTERS];
};

/*
 * Decodes pdu[0..len) (function code onward).  Returns 0, or the Modbus
 * exception code the request must be answered with; len must be >= 1.
 */
int sim_request_parse(const uint8_t *pdu, size_t len, struct sim_request *req);

/*
 * The exact length of a request PDU with this function, judged from the
 * bytes seen so far: 0 when the function is unknown, -1 when more bytes
 * are needed to tell.  RTU framing uses it to spot a complete frame
 * before the line falls silent.
 */
int sim_request_pdu_length(const uint8_t *pdu, size_t len);

#endif /* SIM_REQUEST_H */
