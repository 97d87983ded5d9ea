// SPDX-License-Identifier: MIT
/*
 * The coded values of the wire, as numbers: the lists in omt_regs.h and
 * omt_io_map.h give each value by its place, so a reordered or inserted
 * entry changes the contract.  These checks name the contract's numbers
 * (docs/simulator.md) and fail on any such change; the words are checked
 * beside them.  (omtctl's exit codes: test_cli_args.)
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "omt_io_map.h"
#include "omt_regs.h"

START_TEST(status_bits_are_the_profiles)
{
	static const struct {
		unsigned int mask;
		unsigned int bit;
		const char *word;
	} bits[] = {
		{ OMT_STATUS_READY, 0, "ready" },
		{ OMT_STATUS_ENABLED, 1, "enabled" },
		{ OMT_STATUS_MOVING, 2, "moving" },
		{ OMT_STATUS_IN_POSITION, 3, "in-position" },
		{ OMT_STATUS_FAULT, 4, "fault" },
		{ OMT_STATUS_LIMIT_LOW, 5, "limit-low" },
		{ OMT_STATUS_LIMIT_HIGH, 6, "limit-high" },
		{ OMT_STATUS_HOMED, 7, "homed" },
		{ OMT_STATUS_OBSTRUCTION, 8, "obstruction" },
		{ OMT_STATUS_COMMS_TIMEOUT, 9, "comms-timeout" },
	};

	ck_assert_uint_eq(OMT_STATUS_NAMED, sizeof(bits) / sizeof(bits[0]));
	for (unsigned int i = 0; i < OMT_STATUS_NAMED; i++) {
		ck_assert_uint_eq(bits[i].mask, 1u << bits[i].bit);
		ck_assert_str_eq(omt_status_bit_name(bits[i].bit), bits[i].word);
	}
	ck_assert_ptr_null(omt_status_bit_name(OMT_STATUS_NAMED));
	ck_assert_ptr_null(omt_status_bit_name(15));
}
END_TEST

START_TEST(drive_fault_codes_are_the_profiles)
{
	static const struct {
		unsigned int code;
		unsigned int number;
		const char *word;
	} codes[] = {
		{ OMT_DRIVE_FAULT_NONE, 0, "none" },
		{ OMT_DRIVE_FAULT_OVERCURRENT, 1, "overcurrent" },
		{ OMT_DRIVE_FAULT_OVERTEMPERATURE, 2, "overtemperature" },
		{ OMT_DRIVE_FAULT_FOLLOWING_ERROR, 3, "following-error" },
		{ OMT_DRIVE_FAULT_COMMS_WATCHDOG, 4, "comms-watchdog" },
		{ OMT_DRIVE_FAULT_LIMIT, 5, "limit" },
		{ OMT_DRIVE_FAULT_ENCODER, 6, "encoder" },
		{ OMT_DRIVE_FAULT_SUPPLY, 7, "supply" },
	};

	ck_assert_uint_eq(OMT_DRIVE_FAULT_COUNT, sizeof(codes) / sizeof(codes[0]));
	for (unsigned int i = 0; i < OMT_DRIVE_FAULT_COUNT; i++) {
		ck_assert_uint_eq(codes[i].code, codes[i].number);
		ck_assert_str_eq(omt_drive_fault_name(codes[i].number),
				 codes[i].word);
	}
	ck_assert_str_eq(omt_drive_fault_name(OMT_DRIVE_FAULT_COUNT), "unknown");
	ck_assert_uint_eq(OMT_AXIS_KIND_LINEAR, 1);
	ck_assert_uint_eq(OMT_AXIS_KIND_ROTARY, 2);
	ck_assert_uint_eq(OMT_AXIS_KIND_DROP, 3);
}
END_TEST

START_TEST(io_inputs_are_the_modules_discrete_inputs)
{
	static const struct {
		unsigned int input;
		unsigned int number;
		const char *word;
	} inputs[] = {
		{ OMT_IN_PEDAL_HEIGHT_UP, 0, "pedal-height-up" },
		{ OMT_IN_PEDAL_HEIGHT_DOWN, 1, "pedal-height-down" },
		{ OMT_IN_PEDAL_TILT_UP, 2, "pedal-tilt-up" },
		{ OMT_IN_PEDAL_TILT_DOWN, 3, "pedal-tilt-down" },
		{ OMT_IN_PEDAL_ENABLE_A, 4, "pedal-enable-a" },
		{ OMT_IN_PEDAL_ENABLE_B, 5, "pedal-enable-b" },
		{ OMT_IN_PEDAL_ARM_DROPS, 6, "pedal-arm-drops" },
		{ OMT_IN_PEDAL_PRESET, 7, "pedal-preset" },
		{ OMT_IN_DROP_FIRED_CERVICAL, 8, "drop-fired-cervical" },
		{ OMT_IN_DROP_FIRED_THORACIC, 9, "drop-fired-thoracic" },
		{ OMT_IN_DROP_FIRED_LUMBAR, 10, "drop-fired-lumbar" },
		{ OMT_IN_DROP_FIRED_PELVIC, 11, "drop-fired-pelvic" },
		{ OMT_IN_ESTOP_A, 12, "estop-a" },
		{ OMT_IN_ESTOP_B, 13, "estop-b" },
	};

	ck_assert_uint_eq(OMT_IN_COUNT, sizeof(inputs) / sizeof(inputs[0]));
	for (unsigned int i = 0; i < OMT_IN_COUNT; i++) {
		ck_assert_uint_eq(inputs[i].input, inputs[i].number);
		ck_assert_str_eq(omt_io_input_name(inputs[i].number),
				 inputs[i].word);
		ck_assert_uint_eq(omt_io_input_from_name(inputs[i].word),
				  inputs[i].number);
	}
	ck_assert_str_eq(omt_io_input_name(OMT_IN_COUNT), "unknown");
	ck_assert_uint_eq(omt_io_input_from_name("pedal"), OMT_IN_COUNT);
	/* The default slave addresses of docs/configuration.md. */
	for (unsigned int a = 0; a < 6; a++)
		ck_assert_uint_eq(OMT_DEFAULT_SLAVE(a), a + 1);
	ck_assert_uint_eq(OMT_SLAVE_IO, 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("register_words");
	TCase *tc = tcase_create("contract");

	tcase_add_test(tc, status_bits_are_the_profiles);
	tcase_add_test(tc, drive_fault_codes_are_the_profiles);
	tcase_add_test(tc, io_inputs_are_the_modules_discrete_inputs);
	suite_add_tcase(s, tc);
	return omt_check_run(s);
}
