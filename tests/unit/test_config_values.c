// SPDX-License-Identifier: MIT
/*
 * The value parsers of omtd.conf take the whole string or nothing, and
 * leave the target alone on error.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config_values.h"

static char err[160];

START_TEST(whole_numbers)
{
	static const struct {
		const char *text;
		uint64_t value;
	} good[] = {
		{ "0", 0 }, { "7", 7 }, { "010", 10 }, { "0x10", 16 },
		{ "0XfF", 255 }, { "65535", 65535 },
	};
	static const char *const bad[] = {
		"", " 1", "1 ", "+1", "-1", "1.0", "1e3", "0x", "0xg", "12abc",
		"one", "99999999999999999999999",
	};
	uint64_t v;

	for (unsigned int i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(config_parse_uint(good[i].text, 0, 65535, &v, err,
						sizeof(err)) == 0, "%s", err);
		ck_assert_uint_eq(v, good[i].value);
	}
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		ck_assert_msg(config_parse_uint(bad[i], 0, UINT64_MAX, &v, err,
						sizeof(err)) == -EINVAL, "'%s'", bad[i]);
		ck_assert_uint_eq(v, 42);
	}
	ck_assert_int_eq(config_parse_uint("65536", 0, 65535, &v, err,
					   sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "'65536' is out of range 0..65535");
	ck_assert_int_eq(config_parse_uint("4", 5, 9, &v, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_uint("x", 5, 9, &v, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "'x' is not a whole number");
}
END_TEST

START_TEST(signed_numbers)
{
	int64_t v = 0;

	ck_assert_int_eq(config_parse_int("-5", -10, 10, &v, err, sizeof(err)), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(config_parse_int("-11", -10, 10, &v, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_int("+5", -10, 10, &v, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_int("0x5", -10, 10, &v, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_int("- 5", -10, 10, &v, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "'- 5' is not a whole number");
	ck_assert_int_eq(config_parse_int("-", -10, 10, &v, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(v, -5);
	/* The whole of int64_t, and one past either end. */
	ck_assert_int_eq(config_parse_int("-9223372036854775808", INT64_MIN,
					  INT64_MAX, &v, err, sizeof(err)), 0);
	ck_assert(v == INT64_MIN);
	ck_assert_int_eq(config_parse_int("9223372036854775807", INT64_MIN,
					  INT64_MAX, &v, err, sizeof(err)), 0);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(config_parse_int("-9223372036854775809", INT64_MIN,
					  INT64_MAX, &v, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_int("9223372036854775808", INT64_MIN,
					  INT64_MAX, &v, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "out of range"));
	ck_assert(v == INT64_MAX);
}
END_TEST

START_TEST(decimal_numbers)
{
	static const struct {
		const char *text;
		double value;
	} good[] = {
		{ "0", 0 }, { "-0.5", -0.5 }, { "12.25", 12.25 }, { "1e3", 1000 },
		{ ".5", 0.5 }, { "5.", 5 }, { "-1E-2", -0.01 },
	};
	static const char *const bad[] = {
		"", "nan", "NaN", "inf", "-inf", "infinity", "0x1p3", "+1",
		" 1", "1 ", "1,5", "fast", "1e", "-", ".",
	};
	double v;

	for (unsigned int i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(config_parse_double(good[i].text, -1e6, 1e6, &v,
						  err, sizeof(err)) == 0, "%s", err);
		ck_assert_double_eq(v, good[i].value);
	}
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42.0;
		ck_assert_msg(config_parse_double(bad[i], -1e6, 1e6, &v, err,
						  sizeof(err)) == -EINVAL, "'%s'", bad[i]);
		ck_assert_double_eq(v, 42.0);
	}
	ck_assert_int_eq(config_parse_double("1e999", -1e6, 1e6, &v, err,
					     sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_double("2", 0, 1, &v, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "'2' is out of range 0..1");
}
END_TEST

START_TEST(yes_and_no)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	static const char *const bad[] = { "", "Yes", "y", "2", "enabled" };
	bool v;

	for (unsigned int i = 0; i < 4; i++) {
		v = false;
		ck_assert_int_eq(config_parse_bool(yes[i], &v, err, sizeof(err)), 0);
		ck_assert(v);
		ck_assert_int_eq(config_parse_bool(no[i], &v, err, sizeof(err)), 0);
		ck_assert(!v);
	}
	for (unsigned int i = 0; i < 5; i++) {
		v = true;
		ck_assert_int_eq(config_parse_bool(bad[i], &v, err, sizeof(err)), -EINVAL);
		ck_assert(v);
	}
}
END_TEST

START_TEST(words_and_strings)
{
	static const char *const words[] = { "auto", "kernel", "off" };
	unsigned int w = 9;
	char s[8] = "keep";

	ck_assert_int_eq(config_parse_word("kernel", words, 3, &w, err,
					   sizeof(err)), 0);
	ck_assert_uint_eq(w, 1);
	ck_assert_int_eq(config_parse_word("Kernel", words, 3, &w, err,
					   sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "'Kernel' is not one of auto, kernel, off");
	ck_assert_uint_eq(w, 1);

	ck_assert_int_eq(config_parse_string("abc", s, sizeof(s), err,
					     sizeof(err)), 0);
	ck_assert_str_eq(s, "abc");
	ck_assert_int_eq(config_parse_string("abcdefgh", s, sizeof(s), err,
					     sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "longer than 7 characters");
	ck_assert_int_eq(config_parse_string("a b", s, sizeof(s), err,
					     sizeof(err)), -EINVAL);
	ck_assert_int_eq(config_parse_string("", s, sizeof(s), err,
					     sizeof(err)), -EINVAL);
	ck_assert_str_eq(s, "abc");
}
END_TEST

static Suite *values_suite(void)
{
	Suite *s = suite_create("config values");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, whole_numbers);
	tcase_add_test(tc, signed_numbers);
	tcase_add_test(tc, decimal_numbers);
	tcase_add_test(tc, yes_and_no);
	tcase_add_test(tc, words_and_strings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(values_suite());
}
