// SPDX-License-Identifier: MIT
/*
 * Modbus framing and reply checks (daemon/link/modbus_frame.c): requests
 * are framed as the standard says, and a reply is accepted only when every
 * field agrees with its request; any single wrong byte of a correct reply
 * is refused.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "modbus_frame.h"

static const uint16_t words[3] = { 0x0001, 0x0000, 0x2bc0 };
static const struct mb_request fc23 = {
	.unit = 1, .function = MB_FC_WRITE_AND_READ,
	.read_addr = 0x0000, .read_count = 6,
	.write_addr = 0x0010, .write_count = 3, .write = words,
};

START_TEST(function_23_request_is_framed_for_tcp_and_rtu)
{
	static const uint8_t tcp[] = {
		0x12, 0x34, 0, 0, 0, 17, 1, 0x17, 0, 0, 0, 6, 0, 0x10, 0, 3,
		6, 0, 1, 0, 0, 0x2b, 0xc0,
	};
	uint8_t out[MB_ADU_MAX];

	ck_assert_uint_eq(mb_request_tcp(&fc23, 0x1234, out), sizeof(tcp));
	ck_assert_int_eq(memcmp(out, tcp, sizeof(tcp)), 0);
	ck_assert_uint_eq(mb_request_rtu(&fc23, out), 1 + 16 + 2);
	ck_assert_int_eq(out[0], 1);
	ck_assert_int_eq(memcmp(out + 1, tcp + 7, 16), 0);
	ck_assert_uint_eq(mb_crc16(out, 19), 0);
}
END_TEST

START_TEST(unframeable_requests_are_refused)
{
	struct mb_request rq = fc23;
	uint8_t out[MB_ADU_MAX];

	rq.read_count = 0;
	ck_assert_uint_eq(mb_request_tcp(&rq, 1, out), 0);
	rq = fc23;
	rq.read_count = 126;
	ck_assert_uint_eq(mb_request_rtu(&rq, out), 0);
	rq = fc23;
	rq.write = NULL;
	ck_assert_uint_eq(mb_request_tcp(&rq, 1, out), 0);
	rq = fc23;
	rq.function = 0x42;
	ck_assert_uint_eq(mb_request_tcp(&rq, 1, out), 0);
	rq = fc23;
	rq.read_addr = 0xfffe;
	ck_assert_uint_eq(mb_request_tcp(&rq, 1, out), 0);
}
END_TEST

/* A correct TCP reply to fc23, tid 7: header then PDU. */
static size_t good_tcp(uint8_t *out)
{
	static const uint8_t reply[] = {
		0, 7, 0, 0, 0, 15, 1, 0x17, 12,
		0, 1, 0, 0, 0, 0, 0x56, 0xce, 0, 0, 0, 0,
	};

	memcpy(out, reply, sizeof(reply));
	return sizeof(reply);
}

static enum link_status tcp_verdict(const uint8_t *frame, size_t len,
				    uint16_t *regs)
{
	size_t pdu_len;
	enum link_status st = mb_tcp_header_check(&fc23, 7, frame, &pdu_len);

	if (st != LINK_OK)
		return st;
	if (pdu_len != len - MB_MBAP_LENGTH)
		return LINK_FRAME;
	return mb_reply_pdu_check(&fc23, frame + MB_MBAP_LENGTH, pdu_len,
				  regs, NULL).status;
}

START_TEST(correct_tcp_reply_is_accepted_with_its_registers)
{
	uint8_t frame[64];
	uint16_t regs[6] = { 0 };
	size_t n = good_tcp(frame);

	ck_assert_int_eq(tcp_verdict(frame, n, regs), LINK_OK);
	ck_assert_uint_eq(regs[0], 1);
	ck_assert_uint_eq(regs[3], 0x56ce);
}
END_TEST

/* Every byte but the register data, changed, makes the reply wrong. */
START_TEST(any_wrong_header_or_framing_byte_is_refused)
{
	uint8_t frame[64];
	uint16_t regs[6];
	size_t n = good_tcp(frame);

	for (size_t i = 0; i < 9; i++) {
		for (int delta = 1; delta < 256; delta++) {
			good_tcp(frame);
			frame[i] = (uint8_t)(frame[i] + delta);
			ck_assert_msg(tcp_verdict(frame, n, regs) != LINK_OK,
				      "byte %zu + %d accepted", i, delta);
		}
	}
}
END_TEST

START_TEST(exceptions_need_the_function_and_a_code)
{
	uint8_t pdu[2] = { 0x97, 0x03 };
	struct mb_reply r;

	r = mb_reply_pdu_check(&fc23, pdu, 2, NULL, NULL);
	ck_assert_int_eq(r.status, LINK_EXCEPTION);
	ck_assert_uint_eq(r.exception, 3);
	pdu[1] = 0;
	ck_assert_int_eq(mb_reply_pdu_check(&fc23, pdu, 2, NULL, NULL).status,
			 LINK_FRAME);
	pdu[0] = 0x83;
	pdu[1] = 2;
	ck_assert_int_eq(mb_reply_pdu_check(&fc23, pdu, 2, NULL, NULL).status,
			 LINK_FRAME);
}
END_TEST

START_TEST(write_reply_must_echo_address_and_count)
{
	const struct mb_request rq = {
		.unit = 3, .function = MB_FC_WRITE_MULTIPLE,
		.write_addr = 0x0014, .write_count = 1, .write = words,
	};
	uint8_t pdu[5] = { 0x10, 0x00, 0x14, 0x00, 0x01 };

	ck_assert_int_eq(mb_reply_pdu_check(&rq, pdu, 5, NULL, NULL).status,
			 LINK_OK);
	pdu[2] = 0x13;
	ck_assert_int_eq(mb_reply_pdu_check(&rq, pdu, 5, NULL, NULL).status,
			 LINK_FRAME);
}
END_TEST

START_TEST(single_write_is_framed_and_its_echo_checked)
{
	const uint16_t value = 0xfb03;
	const struct mb_request rq = {
		.unit = 1, .function = MB_FC_WRITE_SINGLE,
		.write_addr = 0x2002, .write_count = 1, .write = &value,
	};
	const struct mb_request two = {
		.unit = 1, .function = MB_FC_WRITE_SINGLE,
		.write_addr = 0x2002, .write_count = 2, .write = words,
	};
	uint8_t adu[MB_ADU_MAX];
	uint8_t pdu[5] = { 0x06, 0x20, 0x02, 0xfb, 0x03 };
	uint16_t crc;

	/* Function 6: address and value, no count. */
	ck_assert_uint_eq(mb_request_tcp(&rq, 7, adu), MB_MBAP_LENGTH + 5);
	ck_assert_uint_eq(adu[5], 6);
	ck_assert_mem_eq(adu + MB_MBAP_LENGTH, pdu, 5);
	ck_assert_uint_eq(mb_request_rtu(&rq, adu), 8);
	crc = mb_crc16(adu, 6);
	ck_assert_uint_eq(adu[6], crc & 0xff);
	ck_assert_uint_eq(adu[7], crc >> 8);
	/* One register only. */
	ck_assert_uint_eq(mb_request_tcp(&two, 7, adu), 0);
	ck_assert_uint_eq(mb_reply_pdu_length(&rq), 5);
	ck_assert(!mb_rtu_reply_counts_bytes(&rq, (const uint8_t[]){ 1, 6 }));
	ck_assert_int_eq(mb_reply_pdu_check(&rq, pdu, 5, NULL, NULL).status,
			 LINK_OK);
	/* An echo of another address or value is not this write's. */
	pdu[4] = 0x02;
	ck_assert_int_eq(mb_reply_pdu_check(&rq, pdu, 5, NULL, NULL).status,
			 LINK_FRAME);
	pdu[4] = 0x03;
	pdu[2] = 0x01;
	ck_assert_int_eq(mb_reply_pdu_check(&rq, pdu, 5, NULL, NULL).status,
			 LINK_FRAME);
}
END_TEST

START_TEST(rtu_reply_checks_crc_then_address)
{
	uint8_t adu[5 + 12] = { 1, 0x17, 12, 0, 1 };
	uint16_t regs[6], crc = mb_crc16(adu, 15);

	adu[15] = (uint8_t)(crc & 0xff);
	adu[16] = (uint8_t)(crc >> 8);
	ck_assert(mb_rtu_reply_counts_bytes(&fc23, adu));
	ck_assert_int_eq(mb_rtu_reply_check(&fc23, adu, 17, regs, NULL).status,
			 LINK_OK);
	adu[16] ^= 1;
	ck_assert_int_eq(mb_rtu_reply_check(&fc23, adu, 17, regs, NULL).status,
			 LINK_CRC);
	adu[16] ^= 1;
	adu[0] = 2;
	crc = mb_crc16(adu, 15);
	adu[15] = (uint8_t)(crc & 0xff);
	adu[16] = (uint8_t)(crc >> 8);
	ck_assert_int_eq(mb_rtu_reply_check(&fc23, adu, 17, regs, NULL).status,
			 LINK_FRAME);
}
END_TEST

START_TEST(discrete_inputs_unpack_lsb_first)
{
	const struct mb_request rq = {
		.unit = 10, .function = MB_FC_READ_DISCRETE_INPUTS,
		.read_count = 10,
	};
	uint8_t pdu[4] = { 0x02, 2, 0x05, 0x02 }, bits[10];

	ck_assert_int_eq(mb_reply_pdu_check(&rq, pdu, 4, NULL, bits).status,
			 LINK_OK);
	ck_assert_uint_eq(bits[0], 1);
	ck_assert_uint_eq(bits[1], 0);
	ck_assert_uint_eq(bits[2], 1);
	ck_assert_uint_eq(bits[9], 1);
}
END_TEST

START_TEST(stale_replies_are_the_sixteen_before)
{
	uint8_t h[MB_MBAP_LENGTH] = { 0, 0, 0, 0, 0, 15, 1 };

	for (unsigned int age = 0; age <= 20; age++) {
		uint16_t tid = (uint16_t)(5 - age);     /* wraps below zero */

		h[0] = (uint8_t)(tid >> 8);
		h[1] = (uint8_t)(tid & 0xff);
		ck_assert_int_eq(mb_tcp_stale_reply(5, h),
				 age >= 1 && age <= MB_STALE_WINDOW);
	}
	h[0] = 0;
	h[1] = 4;
	h[3] = 1;               /* protocol id 1: not a reply at all */
	ck_assert(!mb_tcp_stale_reply(5, h));
	h[3] = 0;
	h[5] = 0;               /* length 0 */
	ck_assert(!mb_tcp_stale_reply(5, h));
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("modbus_frame", "frame", &tc);

	tcase_add_test(tc, function_23_request_is_framed_for_tcp_and_rtu);
	tcase_add_test(tc, unframeable_requests_are_refused);
	tcase_add_test(tc, correct_tcp_reply_is_accepted_with_its_registers);
	tcase_add_test(tc, any_wrong_header_or_framing_byte_is_refused);
	tcase_add_test(tc, exceptions_need_the_function_and_a_code);
	tcase_add_test(tc, write_reply_must_echo_address_and_count);
	tcase_add_test(tc, single_write_is_framed_and_its_echo_checked);
	tcase_add_test(tc, rtu_reply_checks_crc_then_address);
	tcase_add_test(tc, discrete_inputs_unpack_lsb_first);
	tcase_add_test(tc, stale_replies_are_the_sixteen_before);
	return omt_check_run(s);
}
