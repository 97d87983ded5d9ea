// SPDX-License-Identifier: MIT
/*
 * Register codecs: 32-bit word order, counts <-> units with range checks,
 * STATUS and CONTROL bit layouts, and the packed cycle buffers of any
 * profile layout.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "omt_regs.h"
#include "regmap.h"

static const enum regmap_word_order orders[] = {
	REGMAP_HIGH_WORD_FIRST, REGMAP_LOW_WORD_FIRST,
};

static const uint32_t samples32[] = {
	0x00000000u, 0x00000001u, 0x0000ffffu, 0x00010000u, 0x12345678u,
	0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu, 0xdeadbeefu,
};

START_TEST(word_order_layout)
{
	uint16_t w[2];

	regmap_split32(0x12345678u, REGMAP_HIGH_WORD_FIRST, w);
	ck_assert_uint_eq(w[0], 0x1234);
	ck_assert_uint_eq(w[1], 0x5678);
	regmap_split32(0x12345678u, REGMAP_LOW_WORD_FIRST, w);
	ck_assert_uint_eq(w[0], 0x5678);
	ck_assert_uint_eq(w[1], 0x1234);

	const uint16_t in[2] = { 0xabcd, 0x0102 };

	ck_assert_uint_eq(regmap_join32(in, REGMAP_HIGH_WORD_FIRST),
			  0xabcd0102u);
	ck_assert_uint_eq(regmap_join32(in, REGMAP_LOW_WORD_FIRST),
			  0x0102abcdu);
}
END_TEST

START_TEST(word_order_round_trips)
{
	for (unsigned int o = 0; o < 2; o++) {
		for (unsigned int i = 0; i < sizeof(samples32) / 4; i++) {
			uint16_t w[2];

			regmap_split32(samples32[i], orders[o], w);
			ck_assert_uint_eq(regmap_join32(w, orders[o]),
					  samples32[i]);
		}
	}
}
END_TEST

START_TEST(units_to_counts_rounds_to_nearest)
{
	int64_t c;

	ck_assert_int_eq(regmap_units_to_counts(600.0, 0.01, INT32_MIN,
						 INT32_MAX, &c), 0);
	ck_assert_int_eq(c, 60000);
	ck_assert_int_eq(regmap_units_to_counts(-12.344, 0.01, INT32_MIN,
						 INT32_MAX, &c), 0);
	ck_assert_int_eq(c, -1234);
	ck_assert_int_eq(regmap_units_to_counts(0.0149, 0.01, INT32_MIN,
						 INT32_MAX, &c), 0);
	ck_assert_int_eq(c, 1);
	ck_assert_int_eq(regmap_units_to_counts(1.0, 0.25, INT32_MIN,
						 INT32_MAX, &c), 0);
	ck_assert_int_eq(c, 4);
}
END_TEST

START_TEST(units_to_counts_int32_boundaries)
{
	int64_t c = 42;

	/* 21474836.47 mm is exactly INT32_MAX counts at 0.01 mm/count. */
	ck_assert_int_eq(regmap_units_to_counts(21474836.47, 0.01, INT32_MIN,
						 INT32_MAX, &c), 0);
	ck_assert_int_eq(c, INT32_MAX);
	ck_assert_int_eq(regmap_units_to_counts(-21474836.48, 0.01,
						 INT32_MIN, INT32_MAX, &c), 0);
	ck_assert_int_eq(c, INT32_MIN);
	c = 42;
	ck_assert_int_eq(regmap_units_to_counts(21474836.48, 0.01, INT32_MIN,
						 INT32_MAX, &c), -ERANGE);
	ck_assert_int_eq(regmap_units_to_counts(-21474836.49, 0.01,
						 INT32_MIN, INT32_MAX, &c),
			 -ERANGE);
	ck_assert_int_eq(regmap_units_to_counts(1e300, 0.01, INT32_MIN,
						 INT32_MAX, &c), -ERANGE);
	ck_assert_int_eq(regmap_units_to_counts(1.0, 1e-320, INT32_MIN,
						 INT32_MAX, &c), -ERANGE);
	ck_assert_int_eq(c, 42);   /* untouched on error */
}
END_TEST

START_TEST(units_to_counts_rejects_non_finite)
{
	int64_t c = 7;
	const double bad_values[] = { NAN, -NAN, INFINITY, -INFINITY };
	const double bad_scales[] = { 0.0, -0.01, NAN, INFINITY };

	for (unsigned int i = 0; i < 4; i++) {
		ck_assert_int_eq(regmap_units_to_counts(bad_values[i], 0.01,
							 INT32_MIN, INT32_MAX,
							 &c), -EINVAL);
		ck_assert_int_eq(regmap_units_to_counts(1.0, bad_scales[i],
							 INT32_MIN, INT32_MAX,
							 &c), -EINVAL);
	}
	ck_assert_int_eq(c, 7);
}
END_TEST

/* xorshift: a fixed sequence, so a failure is reproducible. */
static uint32_t next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

START_TEST(counts_units_counts_round_trip)
{
	static const double scales[] = { 0.001, 0.01, 0.1, 0.25, 1.0, 10.0 };
	static const int32_t edges[] = {
		INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX,
	};
	uint32_t state = 0x2545f491u;

	for (unsigned int s = 0; s < sizeof(scales) / sizeof(scales[0]); s++) {
		for (unsigned int i = 0; i < 100000 + 7; i++) {
			int32_t counts = i < 7 ? edges[i] :
					 (int32_t)next_random(&state);
			double units = regmap_counts_to_units(counts, scales[s]);
			int64_t back = 0;

			/* Plain compare: a Check assertion each would be slow. */
			if (regmap_units_to_counts(units, scales[s], INT32_MIN,
						    INT32_MAX, &back) != 0 ||
			    back != counts)
				ck_abort_msg("%d counts at scale %g came back as %lld",
					     counts, scales[s], (long long)back);
		}
	}
}
END_TEST

START_TEST(counts_to_units_scales)
{
	ck_assert_double_eq_tol(regmap_counts_to_units(95000, 0.01), 950.0,
				1e-9);
	ck_assert_double_eq_tol(regmap_counts_to_units(-1000, 0.01), -10.0,
				1e-9);
	ck_assert_double_eq(regmap_counts_to_units(INT32_MIN, 1.0),
			    -2147483648.0);
	ck_assert_double_eq_tol(regmap_counts_to_units(-32768, 0.1),
				-3276.8, 1e-9);
}
END_TEST

/* A profile whose STATUS and CONTROL bits are a rotation of the builtin. */
static void rotated_profile(struct omt_regmap *p, unsigned int shift)
{
	regmap_builtin_generic1(p);
	for (unsigned int f = 0; f < REGMAP_ST_COUNT; f++)
		p->status_bit[f] = (int8_t)((f + shift) % 16);
	for (unsigned int f = 0; f < REGMAP_CTL_COUNT; f++)
		p->control_bit[f] = (int8_t)((f * 5 + shift) % 16);
}

START_TEST(status_decode_every_layout_every_bit)
{
	struct omt_regmap p;

	for (unsigned int shift = 0; shift < 16; shift++) {
		rotated_profile(&p, shift);
		for (unsigned int f = 0; f < REGMAP_ST_COUNT; f++) {
			uint16_t raw = (uint16_t)(1u << p.status_bit[f]);

			ck_assert_uint_eq(regmap_decode_status(&p, raw),
					  1u << f);
		}
		ck_assert_uint_eq(regmap_decode_status(&p, 0), 0);
		ck_assert_uint_eq(regmap_decode_status(&p, 0xffff),
				  (1u << REGMAP_ST_COUNT) - 1);
	}
}
END_TEST

START_TEST(status_decode_all_raw_words_builtin)
{
	struct omt_regmap p;

	regmap_builtin_generic1(&p);
	/* The builtin layout is the canonical one: bits 0..9 pass, 10..15 drop. */
	for (uint32_t raw = 0; raw <= 0xffff; raw++) {
		/* Plain compare: a Check assertion per word would be slow. */
		if (regmap_decode_status(&p, (uint16_t)raw) != (raw & 0x3ff))
			ck_abort_msg("STATUS 0x%04x decoded as 0x%04x", raw,
				     regmap_decode_status(&p, (uint16_t)raw));
	}
}
END_TEST

START_TEST(status_bits_not_reported_never_set)
{
	struct omt_regmap p;

	regmap_builtin_generic1(&p);
	p.status_bit[REGMAP_ST_HOMED] = REGMAP_BIT_NONE;
	p.status_bit[REGMAP_ST_OBSTRUCTION] = REGMAP_BIT_NONE;
	ck_assert_uint_eq(regmap_decode_status(&p, 0xffff),
			  0x3ffu & ~(OMT_STATUS_HOMED | OMT_STATUS_OBSTRUCTION));
}
END_TEST

START_TEST(control_encode_every_combination)
{
	struct omt_regmap p;

	for (unsigned int shift = 0; shift < 16; shift++) {
		rotated_profile(&p, shift);
		for (unsigned int m = 0; m < 8; m++) {
			struct drive_command cmd = {
				.enable = m & 1, .quick_stop = m & 2,
				.fault_reset = m & 4,
			};
			uint16_t expect = 0;

			for (unsigned int f = 0; f < REGMAP_CTL_COUNT; f++)
				if (m & (1u << f))
					expect |= (uint16_t)(1u << p.control_bit[f]);
			ck_assert_uint_eq(regmap_encode_control(&p, &cmd),
					  expect);
		}
	}
}
END_TEST

START_TEST(builtin_control_matches_omt_regs)
{
	struct omt_regmap p;
	struct drive_command cmd = { .enable = true };

	regmap_builtin_generic1(&p);
	ck_assert_uint_eq(regmap_encode_control(&p, &cmd), OMT_CONTROL_ENABLE);
	cmd = (struct drive_command){ .quick_stop = true };
	ck_assert_uint_eq(regmap_encode_control(&p, &cmd),
			  OMT_CONTROL_QUICK_STOP);
	cmd = (struct drive_command){ .fault_reset = true };
	ck_assert_uint_eq(regmap_encode_control(&p, &cmd),
			  OMT_CONTROL_FAULT_RESET);
}
END_TEST

START_TEST(builtin_cycle_buffers)
{
	struct omt_regmap p;
	struct regmap_plan plan;
	uint16_t w[REGMAP_WRITE_WORDS];
	struct drive_command cmd = { .enable = true, .setpoint = 725.5 };

	regmap_builtin_generic1(&p);
	regmap_plan_build(&p, &plan);
	ck_assert_int_eq(regmap_encode_command(&p, &plan, &cmd, w), 0);
	/* Write block 0x10..0x12: CONTROL, SETPOINT high, SETPOINT low. */
	ck_assert_uint_eq(w[0], OMT_CONTROL_ENABLE);
	ck_assert_uint_eq(w[1], 72550 >> 16);
	ck_assert_uint_eq(w[2], 72550 & 0xffff);

	/* Read block 0x00..0x05 as a drive would send it. */
	const uint16_t r[REGMAP_READ_WORDS] = {
		OMT_STATUS_READY | OMT_STATUS_ENABLED | OMT_STATUS_MOVING,
		OMT_DRIVE_FAULT_NONE,
		(uint16_t)((uint32_t)-4500 >> 16), (uint16_t)((uint32_t)-4500 & 0xffff),
		(uint16_t)(int16_t)-123, 1500,
	};
	struct drive_reading out;

	regmap_decode_reading(&p, &plan, r, &out);
	ck_assert_uint_eq(out.status_raw, r[0]);
	ck_assert_uint_eq(out.status, r[0]);
	ck_assert_uint_eq(out.fault_code, 0);
	ck_assert_int_eq(out.position_counts, -4500);
	ck_assert_double_eq_tol(out.position, -45.0, 1e-9);
	ck_assert_double_eq_tol(out.velocity, -12.3, 1e-9);
	ck_assert_double_eq_tol(out.current_ma, 1500.0, 1e-9);
}
END_TEST

START_TEST(command_with_bad_setpoint_leaves_buffer)
{
	struct omt_regmap p;
	struct regmap_plan plan;
	uint16_t w[REGMAP_WRITE_WORDS] = { 0xaaaa, 0xbbbb, 0xcccc };
	const double bad[] = { NAN, INFINITY, -INFINITY, 3e7, -3e7 };

	regmap_builtin_generic1(&p);
	regmap_plan_build(&p, &plan);
	for (unsigned int i = 0; i < 5; i++) {
		struct drive_command cmd = { .enable = true, .setpoint = bad[i] };

		ck_assert_int_ne(regmap_encode_command(&p, &plan, &cmd, w), 0);
		ck_assert_uint_eq(w[0], 0xaaaa);
		ck_assert_uint_eq(w[1], 0xbbbb);
		ck_assert_uint_eq(w[2], 0xcccc);
	}
}
END_TEST

/*
 * A scattered layout, low word first, other scales: every value must land
 * at the word the plan says and come back unchanged.
 */
START_TEST(scattered_profile_round_trip)
{
	struct omt_regmap p;
	struct regmap_plan plan;

	regmap_builtin_generic1(&p);
	p.addr[REGMAP_REG_STATUS] = 0x100;
	p.addr[REGMAP_REG_FAULT_CODE] = 0x050;
	p.addr[REGMAP_REG_POSITION] = 0x200;
	p.addr[REGMAP_REG_VELOCITY] = 0x202;
	p.addr[REGMAP_REG_CURRENT] = 0x300;
	p.addr[REGMAP_REG_CONTROL] = 0x400;
	p.addr[REGMAP_REG_SETPOINT] = 0x500;
	p.word_order = REGMAP_LOW_WORD_FIRST;
	p.position_scale = 0.001;
	p.velocity_scale = 0.01;
	p.current_scale = 10.0;
	p.function23 = false;
	regmap_plan_build(&p, &plan);

	struct drive_command cmd = { .enable = true, .setpoint = -1.234 };
	uint16_t w[REGMAP_WRITE_WORDS];

	ck_assert_int_eq(regmap_encode_command(&p, &plan, &cmd, w), 0);
	ck_assert_uint_eq(w[plan.word[REGMAP_REG_CONTROL]], 1);
	ck_assert_uint_eq(regmap_join32(&w[plan.word[REGMAP_REG_SETPOINT]],
					 REGMAP_LOW_WORD_FIRST),
			  (uint32_t)-1234);

	uint16_t r[REGMAP_READ_WORDS] = { 0 };

	r[plan.word[REGMAP_REG_STATUS]] = OMT_STATUS_FAULT;
	r[plan.word[REGMAP_REG_FAULT_CODE]] = 7;
	regmap_split32(123456, REGMAP_LOW_WORD_FIRST,
			&r[plan.word[REGMAP_REG_POSITION]]);
	r[plan.word[REGMAP_REG_VELOCITY]] = 250;
	r[plan.word[REGMAP_REG_CURRENT]] = 42;

	struct drive_reading out;

	regmap_decode_reading(&p, &plan, r, &out);
	ck_assert_uint_eq(out.status, OMT_STATUS_FAULT);
	ck_assert_uint_eq(out.fault_code, 7);
	ck_assert_double_eq_tol(out.position, 123.456, 1e-9);
	ck_assert_double_eq_tol(out.velocity, 2.5, 1e-9);
	ck_assert_double_eq_tol(out.current_ma, 420.0, 1e-9);
}
END_TEST

START_TEST(velocity_limit_encoding)
{
	struct omt_regmap p;
	uint16_t w = 99;

	regmap_builtin_generic1(&p);
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, 40.0, &w), 0);
	ck_assert_uint_eq(w, 400);
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, 0.0, &w), 0);
	ck_assert_uint_eq(w, 0);
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, 6553.5, &w), 0);
	ck_assert_uint_eq(w, 65535);
	w = 99;
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, 6553.6, &w), -ERANGE);
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, -1.0, &w), -EINVAL);
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, NAN, &w), -EINVAL);
	ck_assert_int_eq(regmap_encode_velocity_limit(&p, INFINITY, &w),
			 -EINVAL);
	ck_assert_uint_eq(w, 99);
}
END_TEST

START_TEST(identity_decoding)
{
	struct omt_regmap p;
	struct drive_identity id;
	uint16_t kind = OMT_AXIS_KIND_ROTARY, lo[2], hi[2];

	for (unsigned int o = 0; o < 2; o++) {
		regmap_builtin_generic1(&p);
		p.word_order = orders[o];
		regmap_split32((uint32_t)-1000, p.word_order, lo);
		regmap_split32(2500, p.word_order, hi);
		regmap_decode_identity(&p, &kind, lo, hi, &id);
		ck_assert(id.has_kind);
		ck_assert_uint_eq(id.axis_kind, OMT_AXIS_KIND_ROTARY);
		ck_assert(id.has_travel);
		ck_assert_double_eq_tol(id.min_position, -10.0, 1e-9);
		ck_assert_double_eq_tol(id.max_position, 25.0, 1e-9);
	}
	regmap_decode_identity(&p, NULL, NULL, NULL, &id);
	ck_assert(!id.has_kind);
	ck_assert(!id.has_travel);
}
END_TEST

/* Text as a drive stores it: two bytes a word, first in the high byte. */
static void text_words(const char bytes[2 * REGMAP_TEXT_WORDS],
		       uint16_t words[REGMAP_TEXT_WORDS])
{
	for (unsigned int i = 0; i < REGMAP_TEXT_WORDS; i++)
		words[i] = (uint16_t)((uint8_t)bytes[2 * i] << 8 |
				      (uint8_t)bytes[2 * i + 1]);
}

static int decode_bytes(const char bytes[2 * REGMAP_TEXT_WORDS],
			char out[REGMAP_TEXT_MAX])
{
	uint16_t words[REGMAP_TEXT_WORDS];

	text_words(bytes, words);
	return regmap_decode_text(words, out);
}

START_TEST(text_high_byte_first_nul_padded)
{
	char raw[16] = "OMTSIM-0001";
	char out[REGMAP_TEXT_MAX];
	uint16_t words[REGMAP_TEXT_WORDS];

	text_words(raw, words);
	ck_assert_uint_eq(words[0], ('O' << 8) | 'M');
	ck_assert_int_eq(regmap_decode_text(words, out), 0);
	ck_assert_str_eq(out, "OMTSIM-0001");
	/* Sixteen characters fill the block with no terminator. */
	memcpy(raw, "0123456789ABCDEF", 16);
	ck_assert_int_eq(decode_bytes(raw, out), 0);
	ck_assert_str_eq(out, "0123456789ABCDEF");
}
END_TEST

START_TEST(text_padding_dropped)
{
	char out[REGMAP_TEXT_MAX];

	ck_assert_int_eq(decode_bytes("   v2.1 build 7 ", out), 0);
	ck_assert_str_eq(out, "v2.1 build 7");
	ck_assert_int_eq(decode_bytes((const char[16]){ 0, 0, 'A', 'B' }, out), 0);
	ck_assert_str_eq(out, "AB");
	ck_assert_int_eq(decode_bytes((const char[16]){ 'A', 0, ' ', 0, ' ' },
				      out), 0);
	ck_assert_str_eq(out, "A");
}
END_TEST

START_TEST(text_all_padding_is_no_data)
{
	char out[REGMAP_TEXT_MAX] = "stale";

	ck_assert_int_eq(decode_bytes((const char[16]){ 0 }, out), -ENODATA);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(decode_bytes("                ", out), -ENODATA);
	ck_assert_str_eq(out, "");
}
END_TEST

/*
 * Every byte value in every position of otherwise plain text: printable
 * text (less padding at either end) or refused with nothing kept.
 */
START_TEST(text_every_byte_every_position)
{
	char raw[16], out[REGMAP_TEXT_MAX], want[REGMAP_TEXT_MAX];

	for (unsigned int pos = 0; pos < 16; pos++) {
		for (unsigned int c = 0; c < 256; c++) {
			bool padding = c == 0 || c == ' ';
			bool at_end = pos == 0 || pos == 15;
			int r;

			memset(raw, 'x', sizeof(raw));
			raw[pos] = (char)c;
			r = decode_bytes(raw, out);
			if ((c >= 0x21 && c <= 0x7e) || (c == ' ' && !at_end)) {
				ck_assert_int_eq(r, 0);
				memcpy(want, raw, 16);
				want[16] = '\0';
				ck_assert_str_eq(out, want);
			} else if (padding && at_end) {
				ck_assert_int_eq(r, 0);
				memset(want, 'x', 15);
				want[15] = '\0';
				ck_assert_str_eq(out, want);
			} else {
				/* A control byte, or text after a NUL. */
				ck_assert_int_eq(r, -EINVAL);
				ck_assert_str_eq(out, "");
			}
		}
	}
}
END_TEST

/* Whatever a drive sends: a bounded, terminated, printable string. */
START_TEST(text_any_block_bounded_and_printable)
{
	uint16_t words[REGMAP_TEXT_WORDS];
	char out[REGMAP_TEXT_MAX + 1];
	unsigned int seed = 14;

	for (int n = 0; n < 20000; n++) {
		int r;

		for (unsigned int i = 0; i < REGMAP_TEXT_WORDS; i++)
			words[i] = (uint16_t)rand_r(&seed);
		/* Often text-like, so that both outcomes are common. */
		if (n % 2)
			for (unsigned int i = 0; i < REGMAP_TEXT_WORDS; i++)
				words[i] = (uint16_t)(words[i] & 0x7f7f) |
					   0x2020;
		out[REGMAP_TEXT_MAX] = '#';
		r = regmap_decode_text(words, out);
		ck_assert(r == 0 || r == -EINVAL || r == -ENODATA);
		ck_assert_uint_eq(out[REGMAP_TEXT_MAX], '#');
		ck_assert_uint_le(strlen(out), REGMAP_TEXT_MAX - 1);
		ck_assert(r == 0 ? out[0] != '\0' : out[0] == '\0');
		for (const char *p = out; *p; p++)
			ck_assert(*p >= 0x20 && *p <= 0x7e);
	}
}
END_TEST

static Suite *codec_suite(void)
{
	Suite *s = suite_create("codec");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, word_order_layout);
	tcase_add_test(tc, word_order_round_trips);
	tcase_add_test(tc, units_to_counts_rounds_to_nearest);
	tcase_add_test(tc, units_to_counts_int32_boundaries);
	tcase_add_test(tc, units_to_counts_rejects_non_finite);
	tcase_add_test(tc, counts_to_units_scales);
	tcase_add_test(tc, counts_units_counts_round_trip);
	tcase_add_test(tc, status_decode_every_layout_every_bit);
	tcase_add_test(tc, status_decode_all_raw_words_builtin);
	tcase_add_test(tc, status_bits_not_reported_never_set);
	tcase_add_test(tc, control_encode_every_combination);
	tcase_add_test(tc, builtin_control_matches_omt_regs);
	tcase_add_test(tc, builtin_cycle_buffers);
	tcase_add_test(tc, command_with_bad_setpoint_leaves_buffer);
	tcase_add_test(tc, scattered_profile_round_trip);
	tcase_add_test(tc, velocity_limit_encoding);
	tcase_add_test(tc, identity_decoding);
	tcase_add_test(tc, text_high_byte_first_nul_padded);
	tcase_add_test(tc, text_padding_dropped);
	tcase_add_test(tc, text_all_padding_is_no_data);
	tcase_add_test(tc, text_every_byte_every_position);
	tcase_add_test(tc, text_any_block_bounded_and_printable);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(codec_suite());
}
