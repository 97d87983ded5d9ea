// SPDX-License-Identifier: MIT
/*
 * Decoding libmodbus failures into the link's error classes, their names
 * and fault kinds, and reading percentiles off the round-trip histogram.
 */
#include <check.h>
#include <errno.h>
#include <modbus.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "link.h"
#include "link_stats.h"

START_TEST(every_exception_code_is_an_exception_with_its_code)
{
	for (int code = MODBUS_EXCEPTION_ILLEGAL_FUNCTION;
	     code <= MODBUS_EXCEPTION_GATEWAY_TARGET; code++) {
		uint8_t exception = 0xff;

		ck_assert_int_eq(link_classify_errno(MODBUS_ENOBASE + code,
						     &exception), LINK_EXCEPTION);
		ck_assert_uint_eq(exception, code);
	}
}
END_TEST

START_TEST(libmodbus_errors_by_class)
{
	static const struct {
		int err;
		enum link_status status;
	} cases[] = {
		{ ETIMEDOUT, LINK_TIMEOUT },
		{ EMBBADCRC, LINK_CRC },
		{ EMBBADDATA, LINK_FRAME },
		{ EMBMDATA, LINK_FRAME },
		{ EMBBADSLAVE, LINK_FRAME },
		{ EMBBADEXC, LINK_EXCEPTION },
		{ EMBUNKEXC, LINK_EXCEPTION },
		{ ECONNRESET, LINK_DISCONNECTED },
		{ ECONNREFUSED, LINK_DISCONNECTED },
		{ EPIPE, LINK_DISCONNECTED },
		{ EBADF, LINK_DISCONNECTED },
		{ ENXIO, LINK_DISCONNECTED },
		{ EINVAL, LINK_INVALID },
		{ EIO, LINK_IO },
		{ EAGAIN, LINK_IO },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t exception = 0xff;

		ck_assert_msg(link_classify_errno(cases[i].err, &exception) ==
			      cases[i].status, "errno %d", cases[i].err);
		ck_assert_uint_eq(exception, 0);
	}
}
END_TEST

START_TEST(status_names_and_faults)
{
	ck_assert_str_eq(link_status_name(LINK_OK), "ok");
	ck_assert_str_eq(link_status_name(LINK_TIMEOUT), "timeout");
	ck_assert_str_eq(link_status_name(LINK_CRC), "crc");
	ck_assert_str_eq(link_status_name(LINK_EXCEPTION), "exception");
	ck_assert_str_eq(link_status_name(LINK_FRAME), "frame");
	ck_assert_str_eq(link_status_name(LINK_DISCONNECTED), "disconnected");
	ck_assert_str_eq(link_status_name(LINK_STATUS_COUNT), "unknown");
	ck_assert_int_eq(link_status_fault(LINK_TIMEOUT),
			 OMT_FAULT_MODBUS_TIMEOUT);
	ck_assert_int_eq(link_status_fault(LINK_CRC), OMT_FAULT_MODBUS_CRC);
	ck_assert_int_eq(link_status_fault(LINK_EXCEPTION),
			 OMT_FAULT_MODBUS_EXCEPTION);
	ck_assert_int_eq(link_status_fault(LINK_FRAME), OMT_FAULT_MODBUS_FRAME);
	ck_assert_int_eq(link_status_fault(LINK_DISCONNECTED),
			 OMT_FAULT_COMMS_LOST);
}
END_TEST

START_TEST(histogram_buckets_increase)
{
	for (unsigned int i = 1; i < LINK_RTT_BUCKETS; i++)
		ck_assert_uint_gt(link_rtt_bucket_us(i), link_rtt_bucket_us(i - 1));
	ck_assert_uint_eq(link_rtt_bucket_us(LINK_RTT_BUCKETS - 1), UINT32_MAX);
}
END_TEST

START_TEST(percentiles_of_a_known_distribution)
{
	struct link_stats s;

	memset(&s, 0, sizeof(s));
	ck_assert_uint_eq(link_stats_rtt_percentile_us(&s, 50), 0);
	/* 98 fast exchanges (120 us), one at 2.5 ms, one at 40 ms. */
	for (int i = 0; i < 98; i++)
		link_stats_record_rtt(&s, 120);
	link_stats_record_rtt(&s, 2500);
	link_stats_record_rtt(&s, 40000);
	ck_assert_uint_eq(s.rtt_max_us, 40000);
	ck_assert_uint_eq(link_stats_rtt_percentile_us(&s, 50), 150);
	ck_assert_uint_eq(link_stats_rtt_percentile_us(&s, 98), 150);
	ck_assert_uint_eq(link_stats_rtt_percentile_us(&s, 99), 3000);
	/* The top bucket is capped at the largest time actually seen. */
	ck_assert_uint_eq(link_stats_rtt_percentile_us(&s, 100), 40000);
	ck_assert_uint_eq(link_stats_rtt_percentile_us(&s, 0), 150);
}
END_TEST

START_TEST(bucket_edges)
{
	struct link_stats s;

	memset(&s, 0, sizeof(s));
	link_stats_record_rtt(&s, 0);
	link_stats_record_rtt(&s, 49);
	link_stats_record_rtt(&s, 50);
	link_stats_record_rtt(&s, UINT32_MAX);
	ck_assert_uint_eq(s.rtt_hist[0], 2);
	ck_assert_uint_eq(s.rtt_hist[1], 1);
	ck_assert_uint_eq(s.rtt_hist[LINK_RTT_BUCKETS - 1], 1);
}
END_TEST

static Suite *status_suite(void)
{
	Suite *s = suite_create("link status");
	TCase *tc = tcase_create("link status");

	tcase_add_test(tc, every_exception_code_is_an_exception_with_its_code);
	tcase_add_test(tc, libmodbus_errors_by_class);
	tcase_add_test(tc, status_names_and_faults);
	tcase_add_test(tc, histogram_buckets_increase);
	tcase_add_test(tc, percentiles_of_a_known_distribution);
	tcase_add_test(tc, bucket_edges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(status_suite());
}
