// SPDX-License-Identifier: MIT
/* One request in, at most one reply out; see responder.h. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drive_regs.h"
#include "responder.h"
#include "rtu_frame.h"

int sim_responder_init(struct sim_responder *r)
{
	int t;

	r->pair[0] = r->pair[1] = -1;
	r->map = NULL;
	/* The contexts only format replies: they never connect. */
	r->ctx[SIM_TRANSPORT_TCP] = modbus_new_tcp("127.0.0.1", MODBUS_TCP_DEFAULT_PORT);
	r->ctx[SIM_TRANSPORT_RTU] = modbus_new_rtu("/dev/null", 115200, 'N', 8, 1);
	/* The whole address space: drive classes other than omt-generic-1
	 * keep their registers high (LINAK's 0x2001, CiA 402's 0x6040). */
	r->map = modbus_mapping_new_start_address(0, 0, 0, OMT_IN_COUNT, 0,
						  SIM_REGISTER_SPACE, 0, 0);
	if (!r->ctx[0] || !r->ctx[1] || !r->map ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
		       r->pair) < 0) {
		sim_responder_free(r);
		return -1;
	}
	for (t = 0; t < SIM_TRANSPORT_COUNT; t++)
		modbus_set_socket(r->ctx[t], r->pair[0]);
	return 0;
}

void sim_responder_free(struct sim_responder *r)
{
	int t;

	for (t = 0; t < SIM_TRANSPORT_COUNT; t++) {
		if (r->ctx[t]) {
			/* The socket is ours, not the context's to close. */
			modbus_set_socket(r->ctx[t], -1);
			modbus_free(r->ctx[t]);
			r->ctx[t] = NULL;
		}
	}
	if (r->map)
		modbus_mapping_free(r->map);
	r->map = NULL;
	for (t = 0; t < 2; t++) {
		if (r->pair[t] >= 0)
			close(r->pair[t]);
		r->pair[t] = -1;
	}
}

/* Collects what libmodbus just wrote into the pair. */
static size_t take_reply(struct sim_responder *r, uint8_t *out, size_t cap)
{
	ssize_t n = recv(r->pair[1], out, cap, MSG_DONTWAIT);

	return n > 0 ? (size_t)n : 0;
}

/*
 * Built here, not by libmodbus: its builder adds 0x80 to the function in
 * a byte, so the exception to a request with function 0x85 went out as
 * function 0x05, a normal reply.  The function byte is the request's with
 * bit 7 set, whatever it was.
 */
static size_t reply_exception(struct sim_world *world, enum sim_transport t,
			      int index, const uint8_t *frame, int code,
			      uint8_t *out, size_t cap)
{
	size_t header = t == SIM_TRANSPORT_TCP ? SIM_MBAP_LENGTH : 1;

	if (index >= 0)
		world->stats[index].exceptions++;
	if (cap < SIM_MBAP_LENGTH + 2)
		return 0;
	memcpy(out, frame, header);
	out[header] = frame[header] | 0x80;
	out[header + 1] = (uint8_t)code;
	if (t == SIM_TRANSPORT_RTU)
		return sim_rtu_append_crc(out, header + 2);
	out[4] = 0;
	out[5] = 3;                 /* unit, function, code */
	return header + 2;
}

/* Loads the register image the reply will be built from. */
static void fill_map(const struct sim_world *world, struct sim_responder *r,
		     int index, const struct sim_request *req)
{
	unsigned int a;
	uint32_t inputs;

	if (req->function == MODBUS_FC_READ_DISCRETE_INPUTS) {
		inputs = sim_world_inputs(world);
		for (a = 0; a < OMT_IN_COUNT; a++)
			r->map->tab_input_bits[a] = (inputs >> a) & 1u;
		return;
	}
	sim_world_read_registers(world, index, req->read_addr, req->read_count,
				 r->map->tab_registers + req->read_addr);
}

/* A drive set to ignore the identity registers it lacks, asked for them. */
static bool ignores_request(const struct sim_world *world, int index,
			    const struct sim_request *req)
{
	const struct sim_axis *a;

	if (index == SIM_IO_INDEX)
		return false;
	a = &world->axis[index];
	return !a->has_identity && a->identity_silent &&
	       ((req->read_count &&
		 sim_drive_touches_identity(req->read_addr, req->read_count)) ||
		(req->write_count &&
		 sim_drive_touches_identity(req->write_addr, req->write_count)));
}

size_t sim_respond(struct sim_world *world, struct sim_responder *r,
		   enum sim_transport t, const uint8_t *frame, size_t len,
		   uint64_t now_ns, uint8_t *out, size_t cap)
{
	size_t header = t == SIM_TRANSPORT_TCP ? SIM_MBAP_LENGTH : 1;
	size_t trailer = t == SIM_TRANSPORT_RTU ? SIM_RTU_CRC_LENGTH : 0;
	const struct sim_bus_faults *faults;
	struct sim_request req;
	size_t n;
	int index, rc;

	if (len < header + 1 + trailer || len > SIM_MAX_FRAME) {
		world->malformed++;
		return 0;
	}
	index = sim_world_slave_index(world, frame[header - 1]);
	if (index < 0) {
		/* As on a real bus, nobody answers for a missing slave. */
		world->unknown_slave++;
		return 0;
	}
	faults = &world->faults[index];
	if (faults->absent)
		return 0;
	world->stats[index].requests++;
	sim_world_advance(world, now_ns);

	rc = sim_request_parse(frame + header, len - header - trailer, &req);
	if (!rc && faults->exception)
		rc = faults->exception;
	if (!rc)
		rc = sim_world_apply(world, index, &req, now_ns);
	if (rc && ignores_request(world, index, &req))
		return 0;
	if (rc) {
		n = reply_exception(world, t, index, frame, rc, out, cap);
	} else {
		fill_map(world, r, index, &req);
		world->library_replies++;
		n = modbus_reply(r->ctx[t], frame, (int)len, r->map) < 0 ?
			0 : take_reply(r, out, cap);
	}
	if (faults->no_reply)
		return 0;
	if (t == SIM_TRANSPORT_RTU && faults->bad_crc && n >= SIM_RTU_CRC_LENGTH)
		out[n - 1] ^= 0xff;
	return n;
}
