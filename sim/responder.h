/* SPDX-License-Identifier: MIT */
/*
 * Answering one request frame: decode and check it completely, apply it
 * to the world, and let libmodbus build the reply only for a request that
 * passed every check (see docs/libmodbus-hardening.md).  libmodbus writes
 * its reply into a socket pair rather than onto the wire, so the server
 * can pace it as a serial line would, corrupt its CRC on request, or drop
 * it, and no client socket is ever written by the library.
 */
#ifndef SIM_RESPONDER_H
#define SIM_RESPONDER_H

#include <stddef.h>
#include <stdint.h>

#include <modbus.h>

#include "world.h"

enum sim_transport {
	SIM_TRANSPORT_TCP = 0,
	SIM_TRANSPORT_RTU,
	SIM_TRANSPORT_COUNT,
};

#define SIM_MBAP_LENGTH 7       /* transaction, protocol, length, unit */
#define SIM_MAX_FRAME 260
/* Holding registers a reply can be built from: every Modbus address. */
#define SIM_REGISTER_SPACE 0x10000

struct sim_responder {
	modbus_t *ctx[SIM_TRANSPORT_COUNT];
	modbus_mapping_t *map;
	int pair[2];            /* [0] libmodbus writes, [1] we read */
};

int sim_responder_init(struct sim_responder *r);
void sim_responder_free(struct sim_responder *r);

/*
 * Handles one complete request frame as received: for TCP the MBAP
 * header and PDU (the header's length field already matched), for RTU
 * the address, PDU and a CRC already found correct.  Writes the reply
 * frame to out (cap >= SIM_MAX_FRAME) and returns its length; 0 means
 * nothing is sent back.
 */
size_t sim_respond(struct sim_world *world, struct sim_responder *r,
		   enum sim_transport transport, const uint8_t *frame,
		   size_t len, uint64_t now_ns, uint8_t *out, size_t cap);

#endif /* SIM_RESPONDER_H */
