// SPDX-License-Identifier: MIT
/*
 * The simulated CiA 402 drive in profile position mode: the state
 * machine's transitions from the controlword (read back through
 * cia402_state_of()), no motion outside operation-enabled, the
 * new-set-point handshake with change-immediately and the one-deep
 * buffer, target reached, halt, quick stop and its options, the fault
 * reaction and fault reset, following error, and the object maps'
 * register codec with its refusals.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include <modbus.h>

#include "check_run.h"
#include "cia402_drive.h"
#include "cia402_drive_regs.h"
#include "cia402_maps.h"

#define DT 0.001

static struct sim_cia402 d;

static enum cia402_state state(void)
{
	return cia402_state_of(sim_cia402_statusword(&d));
}

static void cw(uint16_t v)
{
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_CONTROLWORD, v), 0);
	sim_cia402_write_controlword(&d, v);
}

static void run_for(double seconds)
{
	int steps = (int)lround(seconds / DT);

	for (int i = 0; i < steps; i++)
		sim_cia402_step(&d, DT);
}

/* The tilt drive: -10..25 degrees, 4 deg/s, 15 deg/s^2. */
static void power_up(void)
{
	sim_cia402_init(&d, &sim_spec_tilt, 0.0);
}

static void enabled_pp(void)
{
	power_up();
	d.mode = CIA402_MODE_PROFILE_POSITION;
	cw(CIA402_CMD_SHUTDOWN);
	cw(CIA402_CMD_SWITCH_ON);
	cw(CIA402_CMD_ENABLE_OPERATION);
	ck_assert_int_eq(state(), CIA402_OPERATION_ENABLED);
}

static void go(double degrees, uint16_t extra)
{
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_TARGET_POSITION,
			 (uint32_t)sim_cia402_units_to_counts(degrees)), 0);
	d.target = sim_cia402_units_to_counts(degrees);
	cw(CIA402_CMD_ENABLE_OPERATION | extra);
	cw(CIA402_CMD_ENABLE_OPERATION | CIA402_CW_NEW_SETPOINT | extra);
}

START_TEST(powers_up_switch_on_disabled)
{
	power_up();
	ck_assert_int_eq(state(), CIA402_SWITCH_ON_DISABLED);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_REMOTE);
	ck_assert_int_eq(d.mode, 0);
}
END_TEST

struct transition {
	enum cia402_state from;
	uint16_t controlword;
	enum cia402_state to;
};

static void reach(enum cia402_state s)
{
	power_up();
	d.mode = CIA402_MODE_PROFILE_POSITION;
	switch (s) {
	case CIA402_SWITCH_ON_DISABLED:
		break;
	case CIA402_READY_TO_SWITCH_ON:
		cw(CIA402_CMD_SHUTDOWN);
		break;
	case CIA402_SWITCHED_ON:
		cw(CIA402_CMD_SHUTDOWN);
		cw(CIA402_CMD_SWITCH_ON);
		break;
	case CIA402_OPERATION_ENABLED:
		enabled_pp();
		break;
	case CIA402_QUICK_STOP_ACTIVE:
		enabled_pp();
		d.quick_stop_option = 6;        /* stays until told */
		cw(CIA402_CMD_QUICK_STOP);
		break;
	case CIA402_FAULT:
		sim_cia402_inject_fault(&d, 0x1234);
		break;
	default:
		ck_abort_msg("unreachable start state");
	}
	ck_assert_int_eq(state(), s);
}

/* The profile's transitions, and commands each state ignores. */
static const struct transition transitions[] = {
	{ CIA402_SWITCH_ON_DISABLED, CIA402_CMD_SHUTDOWN, CIA402_READY_TO_SWITCH_ON },
	{ CIA402_SWITCH_ON_DISABLED, CIA402_CMD_SWITCH_ON, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_SWITCH_ON_DISABLED, CIA402_CMD_ENABLE_OPERATION, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_SWITCH_ON_DISABLED, CIA402_CMD_QUICK_STOP, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_READY_TO_SWITCH_ON, CIA402_CMD_SWITCH_ON, CIA402_SWITCHED_ON },
	{ CIA402_READY_TO_SWITCH_ON, CIA402_CMD_ENABLE_OPERATION, CIA402_OPERATION_ENABLED },
	{ CIA402_READY_TO_SWITCH_ON, CIA402_CMD_DISABLE_VOLTAGE, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_READY_TO_SWITCH_ON, CIA402_CMD_QUICK_STOP, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_SWITCHED_ON, CIA402_CMD_ENABLE_OPERATION, CIA402_OPERATION_ENABLED },
	{ CIA402_SWITCHED_ON, CIA402_CMD_SHUTDOWN, CIA402_READY_TO_SWITCH_ON },
	{ CIA402_SWITCHED_ON, CIA402_CMD_DISABLE_VOLTAGE, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_SWITCHED_ON, CIA402_CMD_QUICK_STOP, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_OPERATION_ENABLED, CIA402_CMD_DISABLE_OPERATION, CIA402_SWITCHED_ON },
	{ CIA402_OPERATION_ENABLED, CIA402_CMD_SHUTDOWN, CIA402_READY_TO_SWITCH_ON },
	{ CIA402_OPERATION_ENABLED, CIA402_CMD_DISABLE_VOLTAGE, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_OPERATION_ENABLED, CIA402_CMD_QUICK_STOP, CIA402_QUICK_STOP_ACTIVE },
	{ CIA402_QUICK_STOP_ACTIVE, CIA402_CMD_ENABLE_OPERATION, CIA402_OPERATION_ENABLED },
	{ CIA402_QUICK_STOP_ACTIVE, CIA402_CMD_DISABLE_VOLTAGE, CIA402_SWITCH_ON_DISABLED },
	{ CIA402_QUICK_STOP_ACTIVE, CIA402_CMD_SHUTDOWN, CIA402_QUICK_STOP_ACTIVE },
	{ CIA402_FAULT, CIA402_CMD_ENABLE_OPERATION, CIA402_FAULT },
	{ CIA402_FAULT, CIA402_CMD_SHUTDOWN, CIA402_FAULT },
	{ CIA402_FAULT, CIA402_CW_FAULT_RESET, CIA402_SWITCH_ON_DISABLED },
};

START_TEST(controlword_drives_the_state_machine)
{
	const struct transition *t = &transitions[_i];

	reach(t->from);
	cw(t->controlword);
	ck_assert_msg(state() == t->to, "%s + 0x%04x: %s, expected %s",
		      cia402_state_name(t->from), t->controlword,
		      cia402_state_name(state()), cia402_state_name(t->to));
}
END_TEST

START_TEST(fault_reset_acts_on_the_rising_edge_only)
{
	reach(CIA402_FAULT);
	/* Bit 7 already set when the fault came: no edge. */
	power_up();
	cw(CIA402_CW_FAULT_RESET);
	sim_cia402_inject_fault(&d, 0x2310);
	cw(CIA402_CW_FAULT_RESET);
	ck_assert_int_eq(state(), CIA402_FAULT);
	ck_assert_uint_eq(sim_cia402_read_object(&d, CIA402_OBJ_ERROR_CODE), 0x2310);
	cw(0);
	ck_assert_int_eq(state(), CIA402_FAULT);
	cw(CIA402_CW_FAULT_RESET);
	ck_assert_int_eq(state(), CIA402_SWITCH_ON_DISABLED);
	ck_assert_uint_eq(sim_cia402_read_object(&d, CIA402_OBJ_ERROR_CODE), 0);
}
END_TEST

START_TEST(no_motion_outside_operation_enabled)
{
	static const uint16_t not_enabling[] = {
		CIA402_CMD_DISABLE_VOLTAGE, CIA402_CMD_SHUTDOWN,
		CIA402_CMD_SWITCH_ON, CIA402_CMD_QUICK_STOP,
	};

	for (size_t i = 0; i < sizeof(not_enabling) / sizeof(not_enabling[0]); i++) {
		power_up();
		d.mode = CIA402_MODE_PROFILE_POSITION;
		cw(CIA402_CMD_SHUTDOWN);
		cw(not_enabling[i]);
		d.target = sim_cia402_units_to_counts(10.0);
		cw(not_enabling[i] | CIA402_CW_NEW_SETPOINT);
		run_for(2.0);
		ck_assert_double_eq(d.position, 0.0);
		ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK));
	}
}
END_TEST

START_TEST(no_motion_without_profile_position_mode)
{
	enabled_pp();
	d.mode = 0;
	go(10.0, 0);
	run_for(2.0);
	ck_assert_double_eq(d.position, 0.0);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK));
}
END_TEST

START_TEST(setpoint_handshake_acknowledges_while_bit4_stays)
{
	enabled_pp();
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_TARGET_REACHED);
	go(10.0, 0);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_TARGET_REACHED));
	run_for(0.5);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK);
	ck_assert_double_gt(d.position, 0.0);
	cw(CIA402_CMD_ENABLE_OPERATION);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK));
	run_for(5.0);
	ck_assert_double_eq(d.position, 10.0);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_TARGET_REACHED);
	ck_assert_uint_eq(sim_cia402_read_object(&d, CIA402_OBJ_POSITION_ACTUAL), 10000);
}
END_TEST

START_TEST(target_written_without_the_edge_is_not_taken)
{
	enabled_pp();
	d.target = sim_cia402_units_to_counts(10.0);
	cw(CIA402_CMD_ENABLE_OPERATION);
	run_for(2.0);
	ck_assert_double_eq(d.position, 0.0);
	/* Bit 4 held high: a second target needs a new edge. */
	go(5.0, 0);
	d.target = sim_cia402_units_to_counts(-5.0);
	cw(CIA402_CMD_ENABLE_OPERATION | CIA402_CW_NEW_SETPOINT);
	run_for(4.0);
	ck_assert_double_eq(d.position, 5.0);
}
END_TEST

START_TEST(follows_profile_velocity_and_acceleration)
{
	enabled_pp();
	d.profile_velocity = 2000;      /* 2 deg/s */
	d.profile_accel = 4000;         /* 4 deg/s^2 */
	go(20.0, 0);
	run_for(0.25);
	ck_assert_double_eq_tol(d.velocity, 1.0, 0.01);
	run_for(1.0);
	ck_assert_double_eq_tol(d.velocity, 2.0, 1e-9);
	ck_assert_int_eq((int32_t)sim_cia402_read_object(&d, CIA402_OBJ_VELOCITY_ACTUAL), 2000);
	/* Above the drive's own top speed it stays at its top speed. */
	d.profile_velocity = 100000;
	run_for(1.0);
	ck_assert_double_eq_tol(d.velocity, sim_spec_tilt.max_speed, 1e-9);
}
END_TEST

START_TEST(change_immediately_replaces_the_running_target)
{
	enabled_pp();
	go(20.0, 0);
	run_for(1.0);
	go(-5.0, CIA402_CW_CHANGE_IMMEDIATELY);
	run_for(0.1);
	/* Still going up, braking before it turns. */
	run_for(12.0);
	ck_assert_double_eq(d.position, -5.0);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_TARGET_REACHED);
}
END_TEST

START_TEST(without_change_immediately_the_next_target_waits)
{
	double peak = 0.0;

	enabled_pp();
	go(5.0, 0);
	run_for(0.5);
	go(-5.0, 0);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK);
	/* The buffer is full: a third set-point is not acknowledged. */
	cw(CIA402_CMD_ENABLE_OPERATION);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK);
	d.target = 0;
	cw(CIA402_CMD_ENABLE_OPERATION | CIA402_CW_NEW_SETPOINT);
	ck_assert_double_eq(d.buffered, -5.0);
	for (int i = 0; i < 12000; i++) {
		sim_cia402_step(&d, DT);
		if (d.position > peak)
			peak = d.position;
	}
	ck_assert_double_eq(peak, 5.0);
	ck_assert_double_eq(d.position, -5.0);
}
END_TEST

START_TEST(relative_target_adds_to_the_last)
{
	enabled_pp();
	go(3.0, 0);
	run_for(3.0);
	go(2.0, CIA402_CW_RELATIVE);
	run_for(3.0);
	ck_assert_double_eq(d.position, 5.0);
	/* Relative beyond the travel: not acknowledged, nothing moves. */
	go(25.0, CIA402_CW_RELATIVE);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_SETPOINT_ACK));
	run_for(1.0);
	ck_assert_double_eq(d.position, 5.0);
}
END_TEST

START_TEST(halt_brakes_holds_and_resumes)
{
	enabled_pp();
	go(20.0, 0);
	run_for(1.0);
	cw(CIA402_CMD_ENABLE_OPERATION | CIA402_CW_NEW_SETPOINT | CIA402_CW_HALT);
	run_for(1.0);
	ck_assert_double_eq(d.velocity, 0.0);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_TARGET_REACHED);
	ck_assert_int_eq(state(), CIA402_OPERATION_ENABLED);
	double held = d.position;
	run_for(1.0);
	ck_assert_double_eq(d.position, held);
	cw(CIA402_CMD_ENABLE_OPERATION);
	run_for(10.0);
	ck_assert_double_eq(d.position, 20.0);
}
END_TEST

/* Distance from full speed to rest after controlword c. */
static double stop_from_full_speed(uint16_t c, double *seconds)
{
	double at;
	int steps = 0;

	enabled_pp();
	go(25.0, 0);
	run_for(1.5);
	ck_assert_double_eq_tol(d.velocity, 4.0, 1e-9);
	at = d.position;
	cw(c);
	while (d.velocity != 0.0 && steps < 100000) {
		sim_cia402_step(&d, DT);
		steps++;
	}
	*seconds = steps * DT;
	return d.position - at;
}

START_TEST(quick_stop_uses_its_deceleration_then_disables)
{
	double s, dist;

	/* 40 deg/s^2 from 4 deg/s: 0.1 s, 0.2 degrees. */
	dist = stop_from_full_speed(CIA402_CMD_QUICK_STOP, &s);
	ck_assert_double_eq_tol(s, 0.1, 0.002);
	ck_assert_double_eq_tol(dist, 0.2, 0.005);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_QUICK_STOP_N) ||
		  state() == CIA402_SWITCH_ON_DISABLED);
	run_for(0.01);
	ck_assert_int_eq(state(), CIA402_SWITCH_ON_DISABLED);
	/* It stays stopped whatever comes next short of the sequence. */
	go(0.0, 0);
	run_for(1.0);
	ck_assert_double_eq(d.velocity, 0.0);
}
END_TEST

START_TEST(quick_stop_option_6_stays_until_enable)
{
	double s;

	enabled_pp();
	d.quick_stop_option = 6;
	d.quick_stop_decel = 8000;      /* 8 deg/s^2: 0.5 s */
	go(25.0, 0);
	run_for(1.5);
	cw(CIA402_CMD_QUICK_STOP);
	ck_assert_int_eq(state(), CIA402_QUICK_STOP_ACTIVE);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_QUICK_STOP_N));
	s = 0.0;
	while (d.velocity != 0.0) {
		sim_cia402_step(&d, DT);
		s += DT;
	}
	ck_assert_double_eq_tol(s, 0.5, 0.002);
	run_for(0.5);
	ck_assert_int_eq(state(), CIA402_QUICK_STOP_ACTIVE);
	cw(CIA402_CMD_ENABLE_OPERATION);
	ck_assert_int_eq(state(), CIA402_OPERATION_ENABLED);
	/* The old target is gone: standing until a new set-point. */
	run_for(1.0);
	ck_assert_double_eq(d.velocity, 0.0);
}
END_TEST

START_TEST(leaving_operation_enabled_stops_at_once)
{
	double s;

	stop_from_full_speed(CIA402_CMD_DISABLE_OPERATION, &s);
	ck_assert_double_eq(s, 0.0);
	ck_assert_int_eq(state(), CIA402_SWITCHED_ON);
	stop_from_full_speed(CIA402_CMD_DISABLE_VOLTAGE, &s);
	ck_assert_double_eq(s, 0.0);
	run_for(1.0);
	ck_assert_double_eq(d.velocity, 0.0);
}
END_TEST

START_TEST(fault_reaction_brakes_then_latches_fault)
{
	double at, s = 0.0;

	enabled_pp();
	go(25.0, 0);
	run_for(1.5);
	at = d.position;
	sim_cia402_inject_fault(&d, SIM_CIA402_ERR_OVERCURRENT);
	ck_assert_int_eq(state(), CIA402_FAULT_REACTION_ACTIVE);
	while (state() == CIA402_FAULT_REACTION_ACTIVE) {
		sim_cia402_step(&d, DT);
		s += DT;
	}
	ck_assert_int_eq(state(), CIA402_FAULT);
	ck_assert_double_eq_tol(s, 0.1, 0.003);
	ck_assert_double_eq_tol(d.position - at, 0.2, 0.005);
	ck_assert_uint_eq(sim_cia402_read_object(&d, CIA402_OBJ_ERROR_CODE),
			  SIM_CIA402_ERR_OVERCURRENT);
	/* Commands are ignored in fault; a second fault keeps the first
	 * code. */
	cw(CIA402_CMD_ENABLE_OPERATION);
	sim_cia402_inject_fault(&d, 0x9999);
	ck_assert_uint_eq(d.error_code, SIM_CIA402_ERR_OVERCURRENT);
	run_for(1.0);
	ck_assert_double_eq(d.velocity, 0.0);
	/* Reset, then the whole sequence again to move. */
	cw(CIA402_CW_FAULT_RESET);
	ck_assert_int_eq(state(), CIA402_SWITCH_ON_DISABLED);
	cw(CIA402_CMD_SHUTDOWN);
	cw(CIA402_CMD_ENABLE_OPERATION);
	go(0.0, 0);
	run_for(10.0);
	ck_assert_double_eq(d.position, 0.0);
}
END_TEST

START_TEST(stall_raises_following_error_and_faults)
{
	enabled_pp();
	d.stalled = true;
	go(10.0, 0);
	for (int i = 0; i < 2000 && state() == CIA402_OPERATION_ENABLED; i++)
		sim_cia402_step(&d, DT);
	ck_assert_int_eq(state(), CIA402_FAULT_REACTION_ACTIVE);
	ck_assert(sim_cia402_statusword(&d) & CIA402_SW_FOLLOWING_ERROR);
	ck_assert_uint_eq(d.error_code, SIM_CIA402_ERR_FOLLOWING_ERROR);
	run_for(0.5);
	ck_assert_int_eq(state(), CIA402_FAULT);
	ck_assert_double_eq(d.position, 0.0);
	cw(CIA402_CW_FAULT_RESET);
	ck_assert(!(sim_cia402_statusword(&d) & CIA402_SW_FOLLOWING_ERROR));
}
END_TEST

START_TEST(fault_outside_operation_goes_straight_to_fault)
{
	reach(CIA402_SWITCHED_ON);
	sim_cia402_inject_fault(&d, 0x5555);
	ck_assert_int_eq(state(), CIA402_FAULT);
}
END_TEST

START_TEST(power_cycle_returns_to_switch_on_disabled)
{
	enabled_pp();
	go(10.0, 0);
	run_for(0.5);
	sim_cia402_power_cycle(&d);
	ck_assert_int_eq(state(), CIA402_SWITCH_ON_DISABLED);
	ck_assert_int_eq(d.mode, 0);
	ck_assert_double_eq(d.velocity, 0.0);
}
END_TEST

/* ---- objects and maps ---- */

START_TEST(object_values_are_checked)
{
	power_up();
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_CONTROLWORD, 0x0200),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_MODES_OF_OPERATION, 3),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_MODES_OF_OPERATION, 1), 0);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_QUICK_STOP_OPTION, 0),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_TARGET_POSITION, 25001),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_TARGET_POSITION,
						 (uint32_t)-10001),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_TARGET_POSITION,
						 (uint32_t)-10000), 0);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_PROFILE_VELOCITY, 0),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_QUICK_STOP_DECEL, 0),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_STATUSWORD, 0),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_POSITION_ACTUAL, 0),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert_int_eq(sim_cia402_check_object(&d, CIA402_OBJ_ERROR_CODE, 0),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
}
END_TEST

START_TEST(index_map_serves_objects_at_their_index)
{
	const struct cia402_map *m = cia402_map_find("index");
	uint16_t w[2] = { 0, 0 }, out[4];

	power_up();
	ck_assert_int_eq(sim_cia402_check_read(m, CIA402_OBJ_STATUSWORD, 1), 0);
	sim_cia402_read(&d, m, CIA402_OBJ_STATUSWORD, 1, out);
	ck_assert_int_eq(cia402_state_of(out[0]), CIA402_SWITCH_ON_DISABLED);
	/* Two words, high first: target -1000 counts. */
	w[0] = 0xffff;
	w[1] = (uint16_t)(-1000 & 0xffff);
	ck_assert_int_eq(sim_cia402_check_write(&d, m, CIA402_OBJ_TARGET_POSITION,
						2, w), 0);
	sim_cia402_write(&d, m, CIA402_OBJ_TARGET_POSITION, 2, w);
	ck_assert_int_eq(d.target, -1000);
	/* 0x6083 with two words is the acceleration, 0x6084 the
	 * deceleration: the request says which. */
	d.profile_accel = 0x00010002;
	d.profile_decel = 0x00030004;
	sim_cia402_read(&d, m, CIA402_OBJ_PROFILE_ACCEL, 2, out);
	ck_assert_uint_eq(out[0], 1);
	ck_assert_uint_eq(out[1], 2);
	sim_cia402_read(&d, m, CIA402_OBJ_PROFILE_DECEL, 2, out);
	ck_assert_uint_eq(out[0], 3);
	ck_assert_uint_eq(out[1], 4);
	/* Half an object, and an address no object starts at. */
	ck_assert_int_eq(sim_cia402_check_read(m, CIA402_OBJ_TARGET_POSITION, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_cia402_check_read(m, CIA402_OBJ_TARGET_POSITION + 1, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_cia402_check_read(m, 0x6042, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_cia402_check_write(&d, m, CIA402_OBJ_TARGET_POSITION,
						1, w),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	/* Controlword then statusword in one read. */
	ck_assert_int_eq(sim_cia402_check_read(m, CIA402_OBJ_CONTROLWORD, 2), 0);
}
END_TEST

START_TEST(kinco_map_places_objects_low_word_first)
{
	const struct cia402_map *m = cia402_map_find("kinco");
	uint16_t w[2], out[2], v;

	ck_assert_ptr_nonnull(m);
	ck_assert(!m->high_word_first);
	power_up();
	v = CIA402_CMD_SHUTDOWN;
	ck_assert_int_eq(sim_cia402_check_write(&d, m, 0x3100, 1, &v), 0);
	sim_cia402_write(&d, m, 0x3100, 1, &v);
	sim_cia402_read(&d, m, 0x3200, 1, out);
	ck_assert_int_eq(cia402_state_of(out[0]), CIA402_READY_TO_SWITCH_ON);
	w[0] = 0x09c4;                  /* 2500 counts, low word first */
	w[1] = 0x0000;
	ck_assert_int_eq(sim_cia402_check_write(&d, m, 0x4000, 2, w), 0);
	sim_cia402_write(&d, m, 0x4000, 2, w);
	ck_assert_int_eq(d.target, 2500);
	d.position = -1.0;
	sim_cia402_read(&d, m, 0x3700, 2, out);
	ck_assert_uint_eq(out[0], (uint16_t)(-1000 & 0xffff));
	ck_assert_uint_eq(out[1], 0xffff);
	/* Objects the map lacks are not served at their index. */
	ck_assert_int_eq(sim_cia402_check_read(m, CIA402_OBJ_CONTROLWORD, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_cia402_check_read(m, 0x3101, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
}
END_TEST

START_TEST(shipped_maps_are_well_formed)
{
	static const uint16_t needed[] = {
		CIA402_OBJ_CONTROLWORD, CIA402_OBJ_STATUSWORD,
		CIA402_OBJ_MODES_OF_OPERATION, CIA402_OBJ_POSITION_ACTUAL,
		CIA402_OBJ_TARGET_POSITION, CIA402_OBJ_PROFILE_VELOCITY,
	};
	size_t n, i, j, k;
	const struct cia402_map *maps = cia402_maps(&n);

	ck_assert_uint_ge(n, 2);
	for (i = 0; i < n; i++) {
		const struct cia402_map *m = &maps[i];

		ck_assert_ptr_eq(cia402_map_find(m->name), m);
		for (k = 0; k < sizeof(needed) / sizeof(needed[0]); k++)
			ck_assert_msg(cia402_map_entry_of(m, needed[k]),
				      "map %s lacks 0x%04x", m->name, needed[k]);
		for (j = 0; j < m->n_entries; j++) {
			const struct cia402_map_entry *e = &m->entries[j];

			ck_assert(e->words == 1 || e->words == 2);
			ck_assert_uint_le((unsigned int)e->addr + e->words, 0x10000);
			/* Each object once, each start address once. */
			for (k = j + 1; k < m->n_entries; k++) {
				ck_assert_uint_ne(e->object, m->entries[k].object);
				ck_assert_uint_ne(e->addr, m->entries[k].addr);
			}
		}
	}
	ck_assert_ptr_null(cia402_map_find("acme"));
	ck_assert_ptr_null(cia402_map_find(NULL));
}
END_TEST

START_TEST(refused_writes_change_nothing)
{
	const struct cia402_map *m = cia402_map_find("index");
	struct sim_cia402 before;
	uint16_t w[2] = { 0, 0x7fff };

	enabled_pp();
	before = d;
	/* Target beyond the travel. */
	ck_assert_int_eq(sim_cia402_check_write(&d, m, CIA402_OBJ_TARGET_POSITION,
						2, w),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	w[0] = 0x0400;
	ck_assert_int_eq(sim_cia402_check_write(&d, m, CIA402_OBJ_CONTROLWORD,
						1, w),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	/* Controlword fine, statusword read-only: the whole write fails. */
	w[0] = CIA402_CMD_DISABLE_VOLTAGE;
	ck_assert_int_eq(sim_cia402_check_write(&d, m, CIA402_OBJ_CONTROLWORD,
						2, w),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	ck_assert(memcmp(&before, &d, sizeof(d)) == 0);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim_cia402", "drive", &tc);

	tcase_add_test(tc, powers_up_switch_on_disabled);
	tcase_add_loop_test(tc, controlword_drives_the_state_machine, 0,
			    (int)(sizeof(transitions) / sizeof(transitions[0])));
	tcase_add_test(tc, fault_reset_acts_on_the_rising_edge_only);
	tcase_add_test(tc, no_motion_outside_operation_enabled);
	tcase_add_test(tc, no_motion_without_profile_position_mode);
	tcase_add_test(tc, setpoint_handshake_acknowledges_while_bit4_stays);
	tcase_add_test(tc, target_written_without_the_edge_is_not_taken);
	tcase_add_test(tc, follows_profile_velocity_and_acceleration);
	tcase_add_test(tc, change_immediately_replaces_the_running_target);
	tcase_add_test(tc, without_change_immediately_the_next_target_waits);
	tcase_add_test(tc, relative_target_adds_to_the_last);
	tcase_add_test(tc, halt_brakes_holds_and_resumes);
	tcase_add_test(tc, quick_stop_uses_its_deceleration_then_disables);
	tcase_add_test(tc, quick_stop_option_6_stays_until_enable);
	tcase_add_test(tc, leaving_operation_enabled_stops_at_once);
	tcase_add_test(tc, fault_reaction_brakes_then_latches_fault);
	tcase_add_test(tc, stall_raises_following_error_and_faults);
	tcase_add_test(tc, fault_outside_operation_goes_straight_to_fault);
	tcase_add_test(tc, power_cycle_returns_to_switch_on_disabled);
	tcase_add_test(tc, object_values_are_checked);
	tcase_add_test(tc, index_map_serves_objects_at_their_index);
	tcase_add_test(tc, kinco_map_places_objects_low_word_first);
	tcase_add_test(tc, shipped_maps_are_well_formed);
	tcase_add_test(tc, refused_writes_change_nothing);
	return omt_check_run(s);
}
