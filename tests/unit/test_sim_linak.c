// SPDX-License-Identifier: MIT
/*
 * The simulated LINAK-class target-position actuator: need-stop after
 * power-up, runs to a target and to the ends, STOP on the soft-stop ramp,
 * stop-before-reverse, heartbeat loss, CLEAR_ERROR, soft start, SPEED,
 * position lost after a power cycle, end-of-stroke and running flags,
 * stall and overcurrent, and the register map's refusals.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include <modbus.h>

#include "check_run.h"
#include "linak_actuator.h"
#include "linak_drive_regs.h"

#define DT 0.001

static struct sim_linak a;

/* The height actuator's figures: 500 mm stroke, 40 mm/s. */
static void power_up(double position)
{
	sim_linak_init(&a, &sim_spec_height, position);
}

/* Steps for seconds, changing the heartbeat every 100 ms. */
static void run_for(double seconds, bool heartbeat)
{
	int steps = (int)lround(seconds / DT);

	for (int i = 0; i < steps; i++) {
		if (heartbeat && i % 100 == 0)
			sim_linak_heartbeat(&a, (uint16_t)((a.heartbeat + 1) & 0xff));
		sim_linak_step(&a, DT);
	}
}

static void ready(double position)
{
	power_up(position);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_STOP), SIM_LINAK_TAKEN);
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
}

static uint16_t counts(double mm)
{
	return (uint16_t)lround(mm * 10.0);
}

START_TEST(power_up_refuses_to_run_until_stop)
{
	power_up(250.0);
	ck_assert_uint_eq(a.error, LINAK_ERR_NEED_STOP);
	ck_assert_int_eq(sim_linak_command(&a, counts(300.0)),
			 SIM_LINAK_REFUSED_NEED_STOP);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT),
			 SIM_LINAK_REFUSED_NEED_STOP);
	/* CLEAR_ERROR is not STOP. */
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_CLEAR_ERROR),
			 SIM_LINAK_REFUSED_NEED_STOP);
	run_for(1.0, true);
	ck_assert_double_eq(a.position, 250.0);
	ck_assert_uint_eq(a.command, LINAK_CMD_STOP);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_STOP), SIM_LINAK_TAKEN);
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
	ck_assert_int_eq(sim_linak_command(&a, counts(260.0)), SIM_LINAK_TAKEN);
	run_for(2.0, true);
	ck_assert_double_eq_tol(a.position, 260.0, 1e-9);
}
END_TEST

START_TEST(runs_to_a_target_and_stands_there)
{
	ready(250.0);
	ck_assert_int_eq(sim_linak_command(&a, counts(400.0)), SIM_LINAK_TAKEN);
	ck_assert_uint_eq(a.command, counts(400.0));
	run_for(0.2, true);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_RUNNING_OUT);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_HEARTBEAT_NEEDED);
	ck_assert(!(sim_linak_status(&a) & LINAK_STATUS_RUNNING_IN));
	run_for(8.0, true);
	ck_assert_double_eq(a.position, 400.0);
	ck_assert_double_eq(a.velocity, 0.0);
	ck_assert_uint_eq(sim_linak_status(&a), 0);
	ck_assert_uint_eq(sim_linak_position_register(&a), 4000);
	/* And back in. */
	ck_assert_int_eq(sim_linak_command(&a, counts(100.0)), SIM_LINAK_TAKEN);
	run_for(0.2, true);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_RUNNING_IN);
	run_for(12.0, true);
	ck_assert_double_eq(a.position, 100.0);
}
END_TEST

START_TEST(cruises_at_the_speed_register)
{
	ready(0.0);
	a.speed = 100;                  /* 50 % */
	sim_linak_command(&a, counts(400.0));
	run_for(3.0, true);
	ck_assert_double_eq_tol(a.velocity, 20.0, 1e-9);
	a.speed = 200;
	run_for(3.0, true);
	ck_assert_double_eq_tol(a.velocity, 40.0, 1e-9);
}
END_TEST

START_TEST(soft_start_takes_its_time_to_full_speed)
{
	ready(0.0);
	a.soft_start = 20;              /* 1.0 s */
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(0.5, true);
	ck_assert_double_eq_tol(a.velocity, 20.0, 0.05);
	run_for(0.6, true);
	ck_assert_double_eq_tol(a.velocity, 40.0, 1e-9);
	/* Zero: full speed from the first step. */
	ready(0.0);
	a.soft_start = 0;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(0.001, true);
	ck_assert_double_eq_tol(a.velocity, 40.0, 1e-9);
}
END_TEST

/* Stopping distance from full speed with a soft stop of `ramp` counts. */
static double stop_distance(uint16_t ramp, double *seconds)
{
	double at;
	int steps = 0;

	ready(0.0);
	a.soft_start = 0;
	a.soft_stop = ramp;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(2.0, true);
	ck_assert_double_eq_tol(a.velocity, 40.0, 1e-9);
	at = a.position;
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_STOP), SIM_LINAK_TAKEN);
	while (a.velocity != 0.0 && steps < 100000) {
		sim_linak_step(&a, DT);
		steps++;
	}
	*seconds = steps * DT;
	return a.position - at;
}

START_TEST(stop_follows_the_soft_stop_ramp)
{
	double s, d;

	/* 251: the default 1.5 s; v t / 2 = 30 mm at 40 mm/s. */
	d = stop_distance(LINAK_SOFT_DEFAULT, &s);
	ck_assert_double_eq_tol(s, LINAK_SOFT_STOP_DEFAULT_S, 0.002);
	ck_assert_double_eq_tol(d, 30.0, 0.1);
	ck_assert(!(sim_linak_status(&a) & LINAK_STATUS_RUNNING_OUT));
	/* 10 counts: 0.5 s, 10 mm. */
	d = stop_distance(10, &s);
	ck_assert_double_eq_tol(s, 0.5, 0.002);
	ck_assert_double_eq_tol(d, 10.0, 0.1);
	/* 0: stops at once. */
	d = stop_distance(0, &s);
	ck_assert_double_eq_tol(d, 0.0, 0.05);
}
END_TEST

START_TEST(stop_on_the_ramp_reads_running_until_standing)
{
	ready(0.0);
	a.soft_start = 0;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(1.0, true);
	sim_linak_command(&a, LINAK_CMD_STOP);
	run_for(0.5, false);
	ck_assert_int_eq(a.run, SIM_LINAK_STOPPING);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_RUNNING_OUT);
	/* Stopping needs no heartbeat. */
	ck_assert(!(sim_linak_status(&a) & LINAK_STATUS_HEARTBEAT_NEEDED));
	run_for(1.1, false);
	ck_assert_int_eq(a.run, SIM_LINAK_STANDING);
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
}
END_TEST

START_TEST(reverse_while_running_is_refused_until_stopped)
{
	double before;

	ready(250.0);
	a.soft_stop = 10;
	sim_linak_command(&a, counts(400.0));
	run_for(1.0, true);
	ck_assert_int_eq(sim_linak_command(&a, counts(100.0)),
			 SIM_LINAK_REFUSED_REVERSE);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_IN),
			 SIM_LINAK_REFUSED_REVERSE);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RECOVERY_IN),
			 SIM_LINAK_REFUSED_REVERSE);
	ck_assert_uint_eq(a.command, counts(400.0));
	before = a.position;
	run_for(0.1, true);
	ck_assert_double_gt(a.position, before);
	/* Same way: a new target is taken. */
	ck_assert_int_eq(sim_linak_command(&a, counts(450.0)), SIM_LINAK_TAKEN);
	sim_linak_command(&a, LINAK_CMD_STOP);
	/* Still on the stop ramp: reverse is still refused. */
	run_for(0.1, false);
	ck_assert_int_eq(sim_linak_command(&a, counts(100.0)),
			 SIM_LINAK_REFUSED_REVERSE);
	run_for(1.0, false);
	ck_assert_int_eq(sim_linak_command(&a, counts(100.0)), SIM_LINAK_TAKEN);
	run_for(0.3, true);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_RUNNING_IN);
}
END_TEST

START_TEST(heartbeat_silence_stops_with_error_5)
{
	ready(100.0);
	a.soft_stop = 0;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	/* 499 ms without a change: still running. */
	run_for(0.499, false);
	ck_assert(sim_linak_running(&a));
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
	run_for(0.003, false);
	ck_assert(!sim_linak_running(&a));
	ck_assert_uint_eq(a.error, LINAK_ERR_HEARTBEAT_LOST);
	ck_assert_double_eq(a.velocity, 0.0);
	/* Error 5 refuses runs until CLEAR_ERROR. */
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT),
			 SIM_LINAK_REFUSED_ERROR);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_STOP), SIM_LINAK_TAKEN);
	ck_assert_uint_eq(a.error, LINAK_ERR_HEARTBEAT_LOST);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_CLEAR_ERROR),
			 SIM_LINAK_TAKEN);
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT), SIM_LINAK_TAKEN);
}
END_TEST

START_TEST(heartbeat_repeating_one_value_is_silence)
{
	ready(100.0);
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	for (int i = 0; i < 600; i++) {
		sim_linak_heartbeat(&a, 7);
		sim_linak_step(&a, DT);
	}
	ck_assert_uint_eq(a.error, LINAK_ERR_HEARTBEAT_LOST);
}
END_TEST

START_TEST(changing_heartbeat_keeps_a_long_run_going)
{
	ready(0.0);
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(5.0, true);
	ck_assert(sim_linak_running(&a));
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
}
END_TEST

START_TEST(standing_needs_no_heartbeat)
{
	ready(100.0);
	run_for(3.0, false);
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
	/* A run from standstill opens a fresh window. */
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT), SIM_LINAK_TAKEN);
	run_for(0.3, false);
	ck_assert(sim_linak_running(&a));
}
END_TEST

START_TEST(heartbeat_window_opens_with_a_run_and_not_with_a_retarget)
{
	ready(0.0);
	sim_linak_command(&a, counts(400.0));
	run_for(0.3, false);
	/* Retargeting the same way does not stand for a heartbeat. */
	ck_assert_int_eq(sim_linak_command(&a, counts(450.0)), SIM_LINAK_TAKEN);
	run_for(0.3, false);
	ck_assert_uint_eq(a.error, LINAK_ERR_HEARTBEAT_LOST);
	/* Taken again from the stop ramp: a fresh window. */
	ready(0.0);
	a.soft_start = 0;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(0.4, true);
	sim_linak_command(&a, LINAK_CMD_STOP);
	run_for(0.6, false);
	ck_assert_int_eq(a.run, SIM_LINAK_STOPPING);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT), SIM_LINAK_TAKEN);
	run_for(0.3, false);
	ck_assert(sim_linak_running(&a));
	ck_assert_uint_eq(a.error, LINAK_ERR_NONE);
}
END_TEST

START_TEST(run_out_and_in_reach_the_ends_and_flag_them)
{
	ready(495.0);
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(2.0, true);
	ck_assert_double_eq(a.position, 500.0);
	ck_assert_uint_eq(sim_linak_status(&a), LINAK_STATUS_END_OUT);
	sim_linak_command(&a, LINAK_CMD_RUN_IN);
	run_for(14.0, true);
	ck_assert_double_eq(a.position, 0.0);
	ck_assert_uint_eq(sim_linak_status(&a), LINAK_STATUS_END_IN);
	/* A target beyond the stroke runs to the end. */
	sim_linak_command(&a, LINAK_POSITION_MAX);
	run_for(14.0, true);
	ck_assert_double_eq(a.position, 500.0);
}
END_TEST

START_TEST(power_cycle_loses_the_position_until_an_end)
{
	ready(250.0);
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(1.0, true);
	sim_linak_power_cycle(&a);
	ck_assert_double_eq(a.velocity, 0.0);
	ck_assert_uint_eq(a.error, LINAK_ERR_NEED_STOP);
	ck_assert_uint_eq(sim_linak_position_register(&a), LINAK_POSITION_LOST);
	sim_linak_command(&a, LINAK_CMD_STOP);
	ck_assert_int_eq(sim_linak_command(&a, counts(100.0)),
			 SIM_LINAK_REFUSED_POSITION_LOST);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_IN), SIM_LINAK_TAKEN);
	run_for(3.0, true);
	ck_assert_uint_eq(sim_linak_position_register(&a), LINAK_POSITION_LOST);
	run_for(10.0, true);
	ck_assert_uint_eq(sim_linak_position_register(&a), 0);
	ck_assert_int_eq(sim_linak_command(&a, counts(100.0)), SIM_LINAK_TAKEN);
}
END_TEST

START_TEST(stop_on_the_way_does_not_find_the_position)
{
	ready(250.0);
	sim_linak_power_cycle(&a);
	sim_linak_command(&a, LINAK_CMD_STOP);
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(1.0, true);
	sim_linak_command(&a, LINAK_CMD_STOP);
	run_for(2.0, false);
	ck_assert_uint_eq(sim_linak_position_register(&a), LINAK_POSITION_LOST);
}
END_TEST

START_TEST(stall_climbs_to_the_current_limit_and_cuts_off)
{
	ready(250.0);
	a.stalled = true;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(0.5, true);
	ck_assert(sim_linak_running(&a));
	ck_assert_double_eq(a.position, 250.0);
	run_for(2.0, true);
	ck_assert(!sim_linak_running(&a));
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_OVERCURRENT);
	/* The flag stays until a run is taken or CLEAR_ERROR. */
	run_for(1.0, false);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_OVERCURRENT);
	a.stalled = false;
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_IN), SIM_LINAK_TAKEN);
	ck_assert(!(sim_linak_status(&a) & LINAK_STATUS_OVERCURRENT));
}
END_TEST

START_TEST(injected_overcurrent_stops_dead)
{
	ready(250.0);
	a.soft_stop = LINAK_SOFT_DEFAULT;
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(1.0, true);
	sim_linak_inject_overcurrent(&a);
	ck_assert_double_eq(a.velocity, 0.0);
	ck_assert(!sim_linak_running(&a));
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_OVERCURRENT);
	sim_linak_command(&a, LINAK_CMD_CLEAR_ERROR);
	ck_assert(!(sim_linak_status(&a) & LINAK_STATUS_OVERCURRENT));
}
END_TEST

START_TEST(lower_current_limit_trips_under_load)
{
	ready(250.0);
	a.load_kg = 100.0;              /* 400 + 3000 + speed mA */
	a.current_limit = 12;           /* 3 A */
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(0.1, true);
	ck_assert(sim_linak_status(&a) & LINAK_STATUS_OVERCURRENT);
	ck_assert(!sim_linak_running(&a));
}
END_TEST

START_TEST(injected_error_stops_dead_until_cleared)
{
	ready(250.0);
	sim_linak_command(&a, LINAK_CMD_RUN_OUT);
	run_for(1.0, true);
	ck_assert(!sim_linak_inject_error(&a, LINAK_ERR_NONE));
	ck_assert(!sim_linak_inject_error(&a, LINAK_ERR_NEED_STOP));
	ck_assert(sim_linak_running(&a));
	ck_assert(sim_linak_inject_error(&a, LINAK_ERR_TEMPERATURE));
	ck_assert_double_eq(a.velocity, 0.0);
	ck_assert(!sim_linak_running(&a));
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT),
			 SIM_LINAK_REFUSED_ERROR);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_CLEAR_ERROR),
			 SIM_LINAK_TAKEN);
	ck_assert_int_eq(sim_linak_command(&a, LINAK_CMD_RUN_OUT), SIM_LINAK_TAKEN);
}
END_TEST

/* ---- registers ---- */

START_TEST(registers_read_back_and_report)
{
	uint16_t v = 0;

	ready(123.4);
	ck_assert_int_eq(sim_linak_check_read(&a, LINAK_REG_HEARTBEAT, 6), 0);
	ck_assert_int_eq(sim_linak_check_read(&a, LINAK_REG_POSITION, 5), 0);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_POSITION), 1234);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_SPEED), 200);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_SOFT_STOP), LINAK_SOFT_DEFAULT);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_CURRENT_LIMIT), 32);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_ERROR), 0);
	v = 4000;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_COMMAND, 1, &v), 0);
	sim_linak_write(&a, LINAK_REG_COMMAND, 1, &v);
	run_for(1.0, true);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_SPEED_ACTUAL), 400);
	ck_assert_uint_eq(sim_linak_read(&a, LINAK_REG_STATUS),
			  LINAK_STATUS_RUNNING_OUT | LINAK_STATUS_HEARTBEAT_NEEDED);
	ck_assert_uint_gt(sim_linak_read(&a, LINAK_REG_CURRENT), 400);
}
END_TEST

START_TEST(heartbeat_and_command_in_one_write_take_effect_in_order)
{
	uint16_t w[2] = { 9, LINAK_CMD_RUN_OUT };

	ready(100.0);
	a.since_heartbeat_s = 10.0;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_HEARTBEAT, 2, w), 0);
	sim_linak_write(&a, LINAK_REG_HEARTBEAT, 2, w);
	ck_assert_uint_eq(a.heartbeat, 9);
	ck_assert(sim_linak_running(&a));
	run_for(0.4, false);
	ck_assert(sim_linak_running(&a));
}
END_TEST

START_TEST(unknown_addresses_are_illegal_data_address)
{
	uint16_t v = 0;

	ready(100.0);
	ck_assert_int_eq(sim_linak_check_read(&a, 0x2000, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_linak_check_read(&a, LINAK_REG_SOFT_STOP, 2),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_linak_check_read(&a, LINAK_REG_SPEED_ACTUAL, 2),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_linak_check_read(&a, 0x0000, 1),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
	ck_assert_int_eq(sim_linak_check_write(&a, 0x2007, 1, &v),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
}
END_TEST

struct bad_write {
	uint16_t addr, value;
};

static const struct bad_write bad_writes[] = {
	{ LINAK_REG_HEARTBEAT, 256 },
	{ LINAK_REG_COMMAND, LINAK_CMD_RECOVERY_IN + 1 },
	{ LINAK_REG_COMMAND, 0xffff },
	{ LINAK_REG_CURRENT_LIMIT, 0 },
	{ LINAK_REG_CURRENT_LIMIT, 33 },
	{ LINAK_REG_SPEED, 0 },
	{ LINAK_REG_SPEED, 201 },
	{ LINAK_REG_SOFT_START, 252 },
	{ LINAK_REG_SOFT_STOP, 0xffff },
	{ LINAK_REG_POSITION, 0 },
	{ LINAK_REG_STATUS, 0 },
	{ LINAK_REG_ERROR, 0 },
};

START_TEST(bad_values_are_illegal_data_value_and_change_nothing)
{
	const struct bad_write *b = &bad_writes[_i];
	uint16_t w[2] = { 5, b->value };
	struct sim_linak before;

	ready(100.0);
	before = a;
	ck_assert_int_eq(sim_linak_check_write(&a, b->addr, 1, &b->value),
			 MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
	/* In a longer write the good register before it is refused too:
	 * the world applies nothing of a refused request. */
	if (b->addr > LINAK_REG_HEARTBEAT && b->addr <= LINAK_REG_SOFT_STOP)
		ck_assert_int_ne(sim_linak_check_write(&a, b->addr - 1, 2, w), 0);
	ck_assert(memcmp(&before, &a, sizeof(a)) == 0);
}
END_TEST

START_TEST(edge_values_are_taken)
{
	uint16_t v;

	ready(100.0);
	v = 255;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_HEARTBEAT, 1, &v), 0);
	v = LINAK_CMD_RECOVERY_IN;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_COMMAND, 1, &v), 0);
	v = 250;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_SOFT_STOP, 1, &v), 0);
	v = LINAK_SOFT_DEFAULT;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_SOFT_START, 1, &v), 0);
	v = 32;
	ck_assert_int_eq(sim_linak_check_write(&a, LINAK_REG_CURRENT_LIMIT, 1, &v), 0);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim_linak", "actuator", &tc);

	tcase_add_test(tc, power_up_refuses_to_run_until_stop);
	tcase_add_test(tc, runs_to_a_target_and_stands_there);
	tcase_add_test(tc, cruises_at_the_speed_register);
	tcase_add_test(tc, soft_start_takes_its_time_to_full_speed);
	tcase_add_test(tc, stop_follows_the_soft_stop_ramp);
	tcase_add_test(tc, stop_on_the_ramp_reads_running_until_standing);
	tcase_add_test(tc, reverse_while_running_is_refused_until_stopped);
	tcase_add_test(tc, heartbeat_silence_stops_with_error_5);
	tcase_add_test(tc, heartbeat_repeating_one_value_is_silence);
	tcase_add_test(tc, changing_heartbeat_keeps_a_long_run_going);
	tcase_add_test(tc, standing_needs_no_heartbeat);
	tcase_add_test(tc, heartbeat_window_opens_with_a_run_and_not_with_a_retarget);
	tcase_add_test(tc, run_out_and_in_reach_the_ends_and_flag_them);
	tcase_add_test(tc, power_cycle_loses_the_position_until_an_end);
	tcase_add_test(tc, stop_on_the_way_does_not_find_the_position);
	tcase_add_test(tc, stall_climbs_to_the_current_limit_and_cuts_off);
	tcase_add_test(tc, injected_overcurrent_stops_dead);
	tcase_add_test(tc, lower_current_limit_trips_under_load);
	tcase_add_test(tc, injected_error_stops_dead_until_cleared);
	tcase_add_test(tc, registers_read_back_and_report);
	tcase_add_test(tc, heartbeat_and_command_in_one_write_take_effect_in_order);
	tcase_add_test(tc, unknown_addresses_are_illegal_data_address);
	tcase_add_loop_test(tc, bad_values_are_illegal_data_value_and_change_nothing,
			    0, (int)(sizeof(bad_writes) / sizeof(bad_writes[0])));
	tcase_add_test(tc, edge_values_are_taken);
	return omt_check_run(s);
}
