// SPDX-License-Identifier: MIT
/*
 * Request validation in front of libmodbus: every malformed or unacceptable
 * request is answered with the right exception (or dropped) and never
 * reaches modbus_reply(); acceptable ones do, and the register map, the
 * RTU framing and the line timing behave as documented.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <modbus.h>

#include "check_run.h"
#include "drive_regs.h"
#include "omt_io_map.h"
#include "omt_table_types.h"
#include "omt_regs.h"
#include "request.h"
#include "responder.h"
#include "rtu_frame.h"
#include "world.h"

#define ILLEGAL_FUNCTION MODBUS_EXCEPTION_ILLEGAL_FUNCTION
#define ILLEGAL_ADDRESS MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS
#define ILLEGAL_VALUE MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE

static struct sim_world world;
static struct sim_responder responder;

static void setup(void)
{
	sim_world_init(&world);
	ck_assert_int_eq(sim_responder_init(&responder), 0);
}

static void teardown(void)
{
	sim_responder_free(&responder);
}

/* ---- PDU decoding ---- */

static const uint8_t f3[] = { 0x03, 0x00, 0x00, 0x00, 0x06 };
static const uint8_t f23[] = { 0x17, 0x00, 0x00, 0x00, 0x06, 0x00, 0x10,
			       0x00, 0x03, 0x06, 0x00, 0x01, 0x00, 0x01,
			       0x11, 0x94 };
static const uint8_t f16[] = { 0x10, 0x00, 0x13, 0x00, 0x02, 0x04,
			       0x01, 0x90, 0x00, 0x64 };

START_TEST(well_formed_requests_decode)
{
	struct sim_request r;

	ck_assert_int_eq(sim_request_parse(f3, sizeof(f3), &r), 0);
	ck_assert_uint_eq(r.read_addr, 0);
	ck_assert_uint_eq(r.read_count, 6);
	ck_assert_int_eq(sim_request_parse(f23, sizeof(f23), &r), 0);
	ck_assert_uint_eq(r.write_addr, OMT_REG_CONTROL);
	ck_assert_uint_eq(r.write_count, 3);
	ck_assert_uint_eq(r.values[0], 1);
	ck_assert_uint_eq(r.values[2], 0x1194);
	ck_assert_int_eq(sim_request_parse(f16, sizeof(f16), &r), 0);
	ck_assert_uint_eq(r.values[0], 400);
	ck_assert_uint_eq(r.values[1], 100);
}
END_TEST

START_TEST(every_wrong_length_is_an_illegal_value)
{
	static const uint8_t *const frames[] = { f3, f23, f16 };
	static const size_t lens[] = { sizeof(f3), sizeof(f23), sizeof(f16) };
	uint8_t buf[300];
	struct sim_request r;
	size_t f, len;

	for (f = 0; f < 3; f++) {
		memset(buf, 0, sizeof(buf));
		memcpy(buf, frames[f], lens[f]);
		for (len = 1; len < sizeof(buf); len++) {
			if (len == lens[f])
				continue;
			ck_assert_msg(sim_request_parse(buf, len, &r) == ILLEGAL_VALUE,
				      "function %u length %zu", buf[0], len);
		}
	}
}
END_TEST

START_TEST(byte_count_must_match_count_and_length)
{
	uint8_t buf[sizeof(f23)];
	struct sim_request r;
	int bc;

	for (bc = 0; bc < 256; bc++) {
		if (bc == 6)
			continue;
		memcpy(buf, f23, sizeof(buf));
		buf[9] = (uint8_t)bc;
		ck_assert_int_eq(sim_request_parse(buf, sizeof(buf), &r), ILLEGAL_VALUE);
	}
	/* A byte count that agrees with the length but not with the count. */
	memcpy(buf, f16, sizeof(f16));
	buf[4] = 3;
	ck_assert_int_eq(sim_request_parse(buf, sizeof(f16), &r), ILLEGAL_VALUE);
}
END_TEST

START_TEST(counts_outside_the_protocol_limits_are_refused)
{
	uint8_t buf[16];
	struct sim_request r;

	memcpy(buf, f3, sizeof(f3));
	buf[3] = 0; buf[4] = 0;
	ck_assert_int_eq(sim_request_parse(buf, 5, &r), ILLEGAL_VALUE);
	buf[4] = 126;
	ck_assert_int_eq(sim_request_parse(buf, 5, &r), ILLEGAL_VALUE);
	buf[4] = 125;
	ck_assert_int_eq(sim_request_parse(buf, 5, &r), 0);
	buf[3] = 0xff; buf[4] = 0xff;
	ck_assert_int_eq(sim_request_parse(buf, 5, &r), ILLEGAL_VALUE);
	buf[0] = MODBUS_FC_READ_DISCRETE_INPUTS;
	buf[3] = 2000 >> 8; buf[4] = 2000 & 0xff;
	ck_assert_int_eq(sim_request_parse(buf, 5, &r), 0);
	buf[4]++;
	ck_assert_int_eq(sim_request_parse(buf, 5, &r), ILLEGAL_VALUE);
	/* Function 23 reading 0 registers or 126. */
	memcpy(buf, f23, sizeof(f23));
	buf[4] = 0;
	ck_assert_int_eq(sim_request_parse(buf, sizeof(f23), &r), ILLEGAL_VALUE);
	buf[4] = 126;
	ck_assert_int_eq(sim_request_parse(buf, sizeof(f23), &r), ILLEGAL_VALUE);
}
END_TEST

START_TEST(address_ranges_past_the_end_are_illegal_addresses)
{
	uint8_t buf[] = { 0x03, 0xff, 0xff, 0x00, 0x02 };
	struct sim_request r;

	ck_assert_int_eq(sim_request_parse(buf, sizeof(buf), &r), ILLEGAL_ADDRESS);
	buf[4] = 1;
	ck_assert_int_eq(sim_request_parse(buf, sizeof(buf), &r), 0);
}
END_TEST

START_TEST(unknown_functions_are_illegal_functions)
{
	uint8_t buf[8] = { 0 };
	struct sim_request r;
	int fc;

	for (fc = 0; fc < 256; fc++) {
		buf[0] = (uint8_t)fc;
		if (fc == 2 || fc == 3 || fc == 6 || fc == 16 || fc == 23)
			continue;
		ck_assert_int_eq(sim_request_parse(buf, 5, &r), ILLEGAL_FUNCTION);
		ck_assert_int_eq(sim_request_pdu_length(buf, 5), 0);
	}
}
END_TEST

/* ---- the drive map ---- */

static bool defined(const struct sim_axis *a, unsigned int addr)
{
	return addr <= 0x0005 || (addr >= 0x0010 && addr <= 0x0014) ||
	       (addr >= 0x0020 && addr <= 0x0024) ||
	       (addr == OMT_REG_TENSION && a->spec.kind == OMT_AXIS_KIND_DROP) ||
	       (a->has_identity && addr >= 0x0040 && addr <= 0x004f);
}

START_TEST(only_profile_addresses_exist)
{
	const struct sim_axis *a = &world.axis[_i];
	unsigned int addr;

	for (addr = 0; addr <= 0xffff; addr++)
		ck_assert_int_eq(sim_drive_check_read(a, (uint16_t)addr, 1),
				 defined(a, addr) ? 0 : ILLEGAL_ADDRESS);
	ck_assert_int_eq(sim_drive_check_read(a, 0, 6), 0);
	ck_assert_int_eq(sim_drive_check_read(a, 0, 7), ILLEGAL_ADDRESS);
	ck_assert_int_eq(sim_drive_check_read(a, 0x10, 5), 0);
	ck_assert_int_eq(sim_drive_check_read(a, 0x20, 5), 0);
	ck_assert_int_eq(sim_drive_check_read(a, 0x0f, 2), ILLEGAL_ADDRESS);
}
END_TEST

START_TEST(identity_is_text_high_byte_first_read_only)
{
	struct sim_axis a = world.axis[OMT_AXIS_TILT];
	uint16_t v[8] = { 0 };

	ck_assert(a.has_identity);
	ck_assert_uint_eq(sim_drive_read(&a, OMT_REG_SERIAL_NUMBER),
			  ('O' << 8) | 'M');
	/* "OMTSIM-0002": the last word is '2' and a NUL, then NULs. */
	ck_assert_uint_eq(sim_drive_read(&a, OMT_REG_SERIAL_NUMBER + 5),
			  '2' << 8);
	ck_assert_uint_eq(sim_drive_read(&a, OMT_REG_SERIAL_NUMBER + 7), 0);
	ck_assert_uint_eq(sim_drive_read(&a, OMT_REG_FIRMWARE_VERSION),
			  ('1' << 8) | '.');
	ck_assert_int_eq(sim_drive_check_read(&a, OMT_REG_SERIAL_NUMBER, 16), 0);
	ck_assert_int_eq(sim_drive_check_read(&a, OMT_REG_SERIAL_NUMBER, 17),
			 ILLEGAL_ADDRESS);
	ck_assert_int_eq(sim_drive_check_write(&a, OMT_REG_SERIAL_NUMBER, 1, v),
			 ILLEGAL_VALUE);
	/* Sixteen characters fill the block, one more is cut. */
	sim_axis_set_identity(&a, "0123456789abcdefXYZ", NULL);
	ck_assert_uint_eq(sim_drive_read(&a, OMT_REG_SERIAL_NUMBER + 7),
			  ('e' << 8) | 'f');
	ck_assert_uint_eq(sim_drive_read(&a, OMT_REG_FIRMWARE_VERSION),
			  ('1' << 8) | '.');
	/* A drive without them refuses them as unmapped addresses. */
	a.has_identity = false;
	ck_assert_int_eq(sim_drive_check_read(&a, OMT_REG_SERIAL_NUMBER, 8),
			 ILLEGAL_ADDRESS);
	ck_assert_int_eq(sim_drive_check_read(&a, OMT_REG_FIRMWARE_VERSION + 7, 1),
			 ILLEGAL_ADDRESS);
}
END_TEST

START_TEST(refused_writes_change_nothing)
{
	struct sim_axis *a = &world.axis[OMT_AXIS_HEIGHT];
	struct sim_axis before = *a;
	uint16_t v[4] = { 0, 0, 0, 0 };
	int32_t raw;

	/* Read-only registers. */
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_STATUS, 1, v), ILLEGAL_VALUE);
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_AXIS_KIND, 1, v), ILLEGAL_VALUE);
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_WATCHDOG_MS, 2, v), ILLEGAL_ADDRESS);
	/* Half a setpoint. */
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_SETPOINT, 1, v), ILLEGAL_ADDRESS);
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_SETPOINT + 1, 1, v), ILLEGAL_ADDRESS);
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_CONTROL, 2, v), ILLEGAL_ADDRESS);
	/* Unknown CONTROL bits. */
	v[0] = 0x0008;
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_CONTROL, 1, v), ILLEGAL_VALUE);
	/* Setpoints just outside the travel, both ends. */
	raw = 44999;
	v[0] = OMT_CONTROL_ENABLE; v[1] = (uint16_t)(raw >> 16); v[2] = (uint16_t)raw;
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_CONTROL, 3, v), ILLEGAL_VALUE);
	raw = 95001;
	v[1] = (uint16_t)(raw >> 16); v[2] = (uint16_t)raw;
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_CONTROL, 3, v), ILLEGAL_VALUE);
	raw = 95000;
	v[1] = (uint16_t)(raw >> 16); v[2] = (uint16_t)raw;
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_CONTROL, 3, v), 0);
	/* TENSION is a drop-section register. */
	v[0] = 5;
	ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_TENSION, 1, v), ILLEGAL_ADDRESS);
	ck_assert(memcmp(&before, a, sizeof(before)) == 0);
}
END_TEST

START_TEST(tension_accepts_levels_1_to_10)
{
	struct sim_axis *a = &world.axis[OMT_AXIS_LUMBAR];
	uint16_t v;

	for (v = 0; v < 20; v++)
		ck_assert_int_eq(sim_drive_check_write(a, OMT_REG_TENSION, 1, &v),
				 v >= 1 && v <= 10 ? 0 : ILLEGAL_VALUE);
}
END_TEST

START_TEST(register_codec_round_trips)
{
	struct sim_axis *a = &world.axis[OMT_AXIS_TILT];
	uint16_t v[3] = { OMT_CONTROL_ENABLE, 0xffff, 0xfc18 }; /* -10.00 deg */

	sim_drive_write(a, OMT_REG_CONTROL, 3, v);
	ck_assert(a->setpoint == -10.0);
	ck_assert_uint_eq(sim_drive_read(a, OMT_REG_SETPOINT), 0xffff);
	ck_assert_uint_eq(sim_drive_read(a, OMT_REG_SETPOINT + 1), 0xfc18);
	ck_assert_uint_eq(sim_drive_read(a, OMT_REG_MAX_POSITION + 1), 2500);
	a->velocity = -3.25;
	ck_assert_uint_eq(sim_drive_read(a, OMT_REG_VELOCITY), (uint16_t)-33 & 0xffff);
	ck_assert_int_eq(sim_units_to_raw(-0.004), 0);
	ck_assert_int_eq(sim_units_to_raw(123.456), 12346);
}
END_TEST

/* ---- through the responder ---- */

static size_t tcp_frame(uint8_t *out, uint8_t unit, const uint8_t *pdu, size_t len)
{
	out[0] = 0x12; out[1] = 0x34; out[2] = 0; out[3] = 0;
	out[4] = (uint8_t)((len + 1) >> 8); out[5] = (uint8_t)(len + 1);
	out[6] = unit;
	memcpy(out + 7, pdu, len);
	return len + 7;
}

static size_t rtu_frame(uint8_t *out, uint8_t unit, const uint8_t *pdu, size_t len)
{
	out[0] = unit;
	memcpy(out + 1, pdu, len);
	return sim_rtu_append_crc(out, len + 1);
}

static size_t respond_tcp(uint8_t unit, const uint8_t *pdu, size_t len, uint8_t *reply)
{
	uint8_t frame[SIM_MAX_FRAME + 8];
	size_t n = tcp_frame(frame, unit, pdu, len);

	return sim_respond(&world, &responder, SIM_TRANSPORT_TCP, frame, n, 0,
			   reply, SIM_MAX_FRAME);
}

START_TEST(malformed_requests_never_reach_libmodbus)
{
	static const struct {
		uint8_t pdu[12];
		size_t len;
		uint8_t unit;
		int exception;
	} cases[] = {
		{ { 0x03, 0x00, 0x00, 0x00, 0x06, 0x00 }, 6, 1, ILLEGAL_VALUE },
		{ { 0x03, 0x00, 0x00, 0x00 }, 4, 1, ILLEGAL_VALUE },
		{ { 0x03, 0x00, 0x00, 0x00, 0x7e }, 5, 1, ILLEGAL_VALUE },
		{ { 0x03, 0x00, 0x06, 0x00, 0x01 }, 5, 1, ILLEGAL_ADDRESS },
		{ { 0x10, 0x00, 0x10, 0x00, 0x01, 0x04, 0, 1, 0, 0 }, 10, 1, ILLEGAL_VALUE },
		{ { 0x10, 0x00, 0x10, 0x00, 0x7c, 0x02, 0, 1 }, 8, 1, ILLEGAL_VALUE },
		{ { 0x06, 0x00, 0x00, 0x00, 0x01 }, 5, 1, ILLEGAL_VALUE },
		{ { 0x06, 0x00, 0x10, 0x00, 0x09 }, 5, 1, ILLEGAL_VALUE },
		{ { 0x17, 0x00, 0x00, 0x00, 0x06, 0x00, 0x10, 0x00, 0x01, 0x04, 0, 1 }, 12, 1, ILLEGAL_VALUE },
		{ { 0x01, 0x00, 0x00, 0x00, 0x01 }, 5, 1, ILLEGAL_FUNCTION },
		{ { 0x02, 0x00, 0x00, 0x00, 0x01 }, 5, 1, ILLEGAL_FUNCTION },
		{ { 0x2b, 0x0e, 0x01, 0x00 }, 4, 1, ILLEGAL_FUNCTION },
		{ { 0x02, 0x00, 0x00, 0x00, 0x0f }, 5, OMT_SLAVE_IO, ILLEGAL_ADDRESS },
		{ { 0x03, 0x00, 0x01, 0x00, 0x01 }, 5, OMT_SLAVE_IO, ILLEGAL_ADDRESS },
		{ { 0x06, 0x00, 0x00, 0x00, 0x01 }, 5, OMT_SLAVE_IO, ILLEGAL_VALUE },
	};
	uint8_t reply[SIM_MAX_FRAME];
	struct sim_axis before = world.axis[0];
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = respond_tcp(cases[i].unit, cases[i].pdu, cases[i].len, reply);
		ck_assert_msg(n == 9, "case %zu: reply of %zu bytes", i, n);
		ck_assert_uint_eq(reply[0], 0x12);      /* transaction id echoed */
		ck_assert_uint_eq(reply[6], cases[i].unit);
		ck_assert_uint_eq(reply[7], cases[i].pdu[0] | 0x80);
		ck_assert_msg(reply[8] == cases[i].exception, "case %zu: exception %u",
			      i, reply[8]);
	}
	ck_assert_uint_eq(world.library_replies, 0);
	ck_assert(memcmp(&before, &world.axis[0], sizeof(before)) == 0);
	ck_assert_uint_eq(world.history[0].count, 0);
}
END_TEST

START_TEST(good_requests_are_answered_by_libmodbus)
{
	uint8_t reply[SIM_MAX_FRAME];
	size_t n;

	n = respond_tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), f23, sizeof(f23), reply);
	ck_assert_uint_eq(n, 7 + 2 + 12);
	ck_assert_uint_eq(reply[7], 0x17);
	ck_assert_uint_eq(reply[8], 12);
	ck_assert_uint_eq(world.library_replies, 1);
	ck_assert(world.axis[OMT_AXIS_HEIGHT].setpoint == 700.36);
	ck_assert_uint_eq(world.history[OMT_AXIS_HEIGHT].count, 1);
	ck_assert_uint_eq(world.stats[OMT_AXIS_HEIGHT].requests, 1);
	/* Reads of the I/O module, both ways. */
	world.forced_inputs = 1u << OMT_IN_PEDAL_ENABLE_A;
	n = respond_tcp(OMT_SLAVE_IO, (const uint8_t[]){ 0x02, 0, 0, 0, OMT_IN_COUNT },
			5, reply);
	ck_assert_uint_eq(n, 7 + 2 + 2);
	ck_assert_uint_eq(reply[9], 1u << OMT_IN_PEDAL_ENABLE_A);
	n = respond_tcp(OMT_SLAVE_IO, (const uint8_t[]){ 0x03, 0, 0, 0, 1 }, 5, reply);
	ck_assert_uint_eq(n, 7 + 2 + 2);
	ck_assert_uint_eq(reply[10], 1u << OMT_IN_PEDAL_ENABLE_A);
}
END_TEST

START_TEST(unknown_and_absent_slaves_stay_silent)
{
	uint8_t reply[SIM_MAX_FRAME];

	ck_assert_uint_eq(respond_tcp(7, f3, sizeof(f3), reply), 0);
	ck_assert_uint_eq(respond_tcp(0, f3, sizeof(f3), reply), 0);
	ck_assert_uint_eq(world.unknown_slave, 2);
	world.faults[OMT_AXIS_TILT].absent = true;
	ck_assert_uint_eq(respond_tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_TILT), f3, sizeof(f3), reply), 0);
	ck_assert_uint_eq(world.library_replies, 0);
}
END_TEST

START_TEST(injected_bus_faults_shape_the_reply)
{
	uint8_t frame[64], reply[SIM_MAX_FRAME];
	size_t len = rtu_frame(frame, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), f23, sizeof(f23)), n;

	world.faults[0].bad_crc = true;
	n = sim_respond(&world, &responder, SIM_TRANSPORT_RTU, frame, len, 0,
			reply, sizeof(reply));
	ck_assert_uint_eq(n, 1 + 2 + 12 + 2);
	ck_assert(!sim_rtu_crc_ok(reply, n));
	world.faults[0].bad_crc = false;
	n = sim_respond(&world, &responder, SIM_TRANSPORT_RTU, frame, len, 0,
			reply, sizeof(reply));
	ck_assert(sim_rtu_crc_ok(reply, n));
	world.faults[0].exception = MODBUS_EXCEPTION_SLAVE_OR_SERVER_BUSY;
	n = sim_respond(&world, &responder, SIM_TRANSPORT_RTU, frame, len, 0,
			reply, sizeof(reply));
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(reply[1], 0x97);
	ck_assert_uint_eq(reply[2], MODBUS_EXCEPTION_SLAVE_OR_SERVER_BUSY);
	world.faults[0].exception = 0;
	/* A lost reply still acted on the request. */
	world.faults[0].no_reply = true;
	ck_assert_uint_eq(sim_respond(&world, &responder, SIM_TRANSPORT_RTU, frame,
				      len, 0, reply, sizeof(reply)), 0);
	ck_assert_uint_eq(world.history[0].count, 3);
}
END_TEST

/*
 * Pseudo-random frames: good requests with a few bytes changed, cut short
 * or run long, and plain noise.  Whatever arrives, libmodbus sees only
 * requests that decode cleanly, and every RTU reply has a good CRC.
 */
START_TEST(random_frames_are_screened)
{
	static const uint8_t *const templates[] = { f3, f23, f16 };
	static const size_t template_len[] = { sizeof(f3), sizeof(f23), sizeof(f16) };
	uint8_t frame[SIM_MAX_FRAME + 8], reply[SIM_MAX_FRAME];
	uint8_t pdu[SIM_MAX_FRAME];
	struct sim_request req;
	unsigned int seed = 12345, i, t, k;
	uint64_t before;
	size_t len, pdu_len, j, n;
	int rc;

	for (i = 0; i < 60000; i++) {
		uint8_t unit = (uint8_t)(rand_r(&seed) % 12);

		t = (unsigned int)rand_r(&seed) % 4;
		if (t < 3) {
			memcpy(pdu, templates[t], template_len[t]);
			pdu_len = template_len[t];
			for (k = (unsigned int)rand_r(&seed) % 4; k > 0; k--)
				pdu[(size_t)rand_r(&seed) % pdu_len] = (uint8_t)rand_r(&seed);
			if (rand_r(&seed) % 4 == 0)
				pdu_len = 1 + (size_t)rand_r(&seed) % 40;
			for (j = template_len[t]; j < pdu_len; j++)
				pdu[j] = (uint8_t)rand_r(&seed);
		} else {
			pdu_len = 1 + (size_t)rand_r(&seed) % 252;
			for (j = 0; j < pdu_len; j++)
				pdu[j] = (uint8_t)rand_r(&seed);
		}
		rc = sim_request_parse(pdu, pdu_len, &req);
		before = world.library_replies;
		if (rand_r(&seed) % 2) {
			len = tcp_frame(frame, unit, pdu, pdu_len);
			sim_respond(&world, &responder, SIM_TRANSPORT_TCP, frame,
				    len, 0, reply, sizeof(reply));
		} else {
			len = rtu_frame(frame, unit, pdu, pdu_len);
			n = sim_respond(&world, &responder, SIM_TRANSPORT_RTU, frame,
					len, 0, reply, sizeof(reply));
			if (n > 0)
				ck_assert(sim_rtu_crc_ok(reply, n));
		}
		if (rc != 0)
			ck_assert_uint_eq(world.library_replies, before);
	}
	ck_assert(world.library_replies > 1000);
}
END_TEST

/* ---- RTU framing and timing ---- */

START_TEST(crc_matches_libmodbus)
{
	modbus_t *mb = modbus_new_rtu("/dev/null", 19200, 'N', 8, 1);
	const uint8_t raw[] = { 0x05, 0x17, 0x00, 0x00, 0x00, 0x06, 0x00, 0x10,
				0x00, 0x03, 0x06, 0x00, 0x01, 0x00, 0x01, 0x11, 0x94 };
	uint8_t got[64];
	int sv[2];
	ssize_t n;

	ck_assert_ptr_nonnull(mb);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	modbus_set_socket(mb, sv[0]);
	ck_assert_int_eq(modbus_send_raw_request(mb, raw, sizeof(raw)),
			 (int)sizeof(raw) + 2);
	n = recv(sv[1], got, sizeof(got), 0);
	ck_assert_int_eq(n, (ssize_t)sizeof(raw) + 2);
	ck_assert(sim_rtu_crc_ok(got, (size_t)n));
	ck_assert_uint_eq(sim_rtu_crc(raw, sizeof(raw)),
			  got[n - 2] | got[n - 1] << 8);
	got[3] ^= 1;
	ck_assert(!sim_rtu_crc_ok(got, (size_t)n));
	modbus_set_socket(mb, -1);
	modbus_free(mb);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(request_lengths_are_known_from_the_header)
{
	uint8_t buf[32];
	size_t len = rtu_frame(buf, 1, f23, sizeof(f23));

	ck_assert_int_eq(sim_rtu_request_length(buf, 1), -1);
	ck_assert_int_eq(sim_rtu_request_length(buf, 5), -1);
	ck_assert_int_eq(sim_rtu_request_length(buf, 11), (int)len);
	len = rtu_frame(buf, 1, f16, sizeof(f16));
	ck_assert_int_eq(sim_rtu_request_length(buf, 7), (int)len);
	len = rtu_frame(buf, 1, f3, sizeof(f3));
	ck_assert_int_eq(sim_rtu_request_length(buf, 2), (int)len);
	buf[1] = 0x2b;
	ck_assert_int_eq(sim_rtu_request_length(buf, 2), 0);
}
END_TEST

START_TEST(wire_time_follows_the_baud_rate)
{
	struct sim_rtu_line line = { .baud = 115200 };
	uint64_t done, gap = 1750000;

	/* 11 bits per character. */
	ck_assert_uint_eq(sim_rtu_char_ns(115200), 95486);
	ck_assert_uint_eq(sim_rtu_frame_ns(9600, 10), 11458333);
	ck_assert_uint_eq(sim_rtu_gap_ns(115200), gap);
	ck_assert_uint_eq(sim_rtu_gap_ns(19200), 2005208);
	ck_assert_uint_eq(sim_rtu_gap_ns(9600), 4010417);
	/* One function-23 exchange: 19 bytes out, 17 back. */
	done = sim_rtu_line_schedule(&line, 1000000000ull, 19, 17);
	ck_assert_uint_eq(done, 1000000000ull + sim_rtu_frame_ns(115200, 19) +
			  gap + sim_rtu_frame_ns(115200, 17));
	ck_assert_uint_eq(line.free_at_ns, done + gap);
	/* A request nobody answers frees the line 3.5 characters after it. */
	line.free_at_ns = 0;
	done = sim_rtu_line_request_end(&line, 5000000000ull, 8);
	ck_assert_uint_eq(done, 5000000000ull + sim_rtu_frame_ns(115200, 8));
	ck_assert_uint_eq(sim_rtu_line_reply_end(&line, done, 0), done);
	ck_assert_uint_eq(line.free_at_ns, done + gap);
	/* A request arriving early waits for the line to fall silent. */
	done = sim_rtu_line_schedule(&line, 1000000000ull, 19, 17);
	ck_assert_uint_eq(sim_rtu_line_schedule(&line, done, 19, 17),
			  done + gap + sim_rtu_frame_ns(115200, 19) + gap +
			  sim_rtu_frame_ns(115200, 17));
}
END_TEST

static Suite *validate_suite(void)
{
	Suite *s = suite_create("sim_validate");
	TCase *pdu = tcase_create("pdu");
	TCase *map = tcase_create("map");
	TCase *resp = tcase_create("responder");
	TCase *rtu = tcase_create("rtu");

	tcase_add_test(pdu, well_formed_requests_decode);
	tcase_add_test(pdu, every_wrong_length_is_an_illegal_value);
	tcase_add_test(pdu, byte_count_must_match_count_and_length);
	tcase_add_test(pdu, counts_outside_the_protocol_limits_are_refused);
	tcase_add_test(pdu, address_ranges_past_the_end_are_illegal_addresses);
	tcase_add_test(pdu, unknown_functions_are_illegal_functions);
	tcase_add_checked_fixture(map, setup, teardown);
	tcase_add_loop_test(map, only_profile_addresses_exist, 0, OMT_AXIS_COUNT);
	tcase_add_test(map, refused_writes_change_nothing);
	tcase_add_test(map, identity_is_text_high_byte_first_read_only);
	tcase_add_test(map, tension_accepts_levels_1_to_10);
	tcase_add_test(map, register_codec_round_trips);
	tcase_add_checked_fixture(resp, setup, teardown);
	tcase_set_timeout(resp, 60);
	tcase_add_test(resp, malformed_requests_never_reach_libmodbus);
	tcase_add_test(resp, good_requests_are_answered_by_libmodbus);
	tcase_add_test(resp, unknown_and_absent_slaves_stay_silent);
	tcase_add_test(resp, injected_bus_faults_shape_the_reply);
	tcase_add_test(resp, random_frames_are_screened);
	tcase_add_test(rtu, crc_matches_libmodbus);
	tcase_add_test(rtu, request_lengths_are_known_from_the_header);
	tcase_add_test(rtu, wire_time_follows_the_baud_rate);
	suite_add_tcase(s, pdu);
	suite_add_tcase(s, map);
	suite_add_tcase(s, resp);
	suite_add_tcase(s, rtu);
	return s;
}

int main(void)
{
	return omt_check_run(validate_suite());
}
