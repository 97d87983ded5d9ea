// SPDX-License-Identifier: MIT
/* omtd's names of the kernel interlock's fault bits (daemon/rt/kernel_fault_names.c). */
#include <check.h>
#include <string.h>

#include <uapi/omt_table.h>

#include "check_run.h"
#include "kernel_fault_names.h"

START_TEST(every_uapi_fault_bit_has_its_name)
{
	ck_assert_str_eq(kernel_fault_name(OMT_TABLE_FAULT_ESTOP), "estop");
	ck_assert_str_eq(kernel_fault_name(OMT_TABLE_FAULT_ESTOP_DISAGREE), "estop-disagree");
	ck_assert_str_eq(kernel_fault_name(OMT_TABLE_FAULT_WATCHDOG), "watchdog");
	ck_assert_str_eq(kernel_fault_name(OMT_TABLE_FAULT_OBSTRUCTION), "obstruction");
	ck_assert_str_eq(kernel_fault_name(OMT_TABLE_FAULT_SUSPEND), "suspend");
	ck_assert_uint_eq(OMT_TABLE_FAULT_SUSPEND, 0x10);
	/* Every bit the module can latch is named, and no other. */
	for (unsigned int i = 0; i < 32; i++) {
		uint32_t bit = UINT32_C(1) << i;

		ck_assert_msg((kernel_fault_name(bit) != NULL) == !!(bit & OMT_TABLE_FAULT_ALL),
			      "bit 0x%x", bit);
	}
	ck_assert_ptr_null(kernel_fault_name(0));
	ck_assert_ptr_null(kernel_fault_name(OMT_TABLE_FAULT_ESTOP | OMT_TABLE_FAULT_SUSPEND));
}
END_TEST

START_TEST(fault_sets_are_listed_in_bit_order)
{
	char buf[128];

	ck_assert_str_eq(kernel_fault_names(0, buf, sizeof(buf)), "none");
	ck_assert_str_eq(kernel_fault_names(0x10, buf, sizeof(buf)), "suspend");
	ck_assert_str_eq(kernel_fault_names(OMT_TABLE_FAULT_ALL, buf, sizeof(buf)),
			 "estop,estop-disagree,watchdog,obstruction,suspend");
	ck_assert_str_eq(kernel_fault_names(0x14, buf, sizeof(buf)), "watchdog,suspend");
	ck_assert_str_eq(kernel_fault_names(0x80000001u, buf, sizeof(buf)), "estop,0x80000000");
}
END_TEST

START_TEST(a_short_buffer_is_truncated_and_terminated)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	kernel_fault_names(OMT_TABLE_FAULT_ALL, buf, sizeof(buf));
	ck_assert_uint_lt(strlen(buf), sizeof(buf));
	ck_assert_str_eq(buf, "estop");
	kernel_fault_names(OMT_TABLE_FAULT_ALL, buf, 1);
	ck_assert_str_eq(buf, "");
	ck_assert_ptr_eq(kernel_fault_names(1, buf, 0), buf);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("kernel_fault_names", "names", &tc);

	tcase_add_test(tc, every_uapi_fault_bit_has_its_name);
	tcase_add_test(tc, fault_sets_are_listed_in_bit_order);
	tcase_add_test(tc, a_short_buffer_is_truncated_and_terminated);
	return omt_check_run(s);
}
