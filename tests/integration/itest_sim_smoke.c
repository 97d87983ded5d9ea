// SPDX-License-Identifier: MIT
/*
 * omt-sim as a client sees it: started by the harness, answering
 * libmodbus over TCP and over RTU on its pseudo-terminal, silent for a
 * slave that is not on the bus, and leaving nothing behind on SIGTERM.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <modbus.h>

#include "check_run.h"
#include "omt_io_map.h"
#include "omt_table_types.h"
#include "omt_regs.h"
#include "sim_harness.h"

static struct sim_harness sim;

static void start_sim(void)
{
	struct sim_harness_options opt = { .tcp = true, .rtu = true };

	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
}

static void stop_sim(void)
{
	sim_harness_stop(&sim);
}

static int32_t reg32(const uint16_t *r)
{
	return (int32_t)((uint32_t)r[0] << 16 | r[1]);
}

START_TEST(tcp_serves_the_height_drive_profile)
{
	modbus_t *mb = sim_harness_tcp_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t r[5];

	ck_assert_msg(mb != NULL, "%s", sim.error);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_AXIS_KIND, 5, r), 5);
	ck_assert_int_eq(r[0], OMT_AXIS_KIND_LINEAR);
	ck_assert_int_eq(reg32(r + 1), 45000);
	ck_assert_int_eq(reg32(r + 3), 95000);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, r), 1);
	ck_assert(r[0] & OMT_STATUS_READY);
	ck_assert(r[0] & OMT_STATUS_HOMED);
	modbus_close(mb);
	modbus_free(mb);
}
END_TEST

START_TEST(rtu_serves_every_slave_on_one_line)
{
	static const int slaves[] = { OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), OMT_DEFAULT_SLAVE(OMT_AXIS_TILT),
				      OMT_DEFAULT_SLAVE(OMT_AXIS_CERVICAL), OMT_DEFAULT_SLAVE(OMT_AXIS_PELVIC) };
	static const int kinds[] = { OMT_AXIS_KIND_LINEAR, OMT_AXIS_KIND_ROTARY,
				     OMT_AXIS_KIND_DROP, OMT_AXIS_KIND_DROP };
	modbus_t *mb = sim_harness_rtu_client(&sim, 1, 115200);
	uint8_t bits[OMT_IN_COUNT];
	uint16_t kind;
	unsigned int i;

	ck_assert_msg(mb != NULL, "%s", sim.error);
	for (i = 0; i < sizeof(slaves) / sizeof(slaves[0]); i++) {
		modbus_set_slave(mb, slaves[i]);
		ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_AXIS_KIND, 1,
						       &kind), 1);
		ck_assert_int_eq(kind, kinds[i]);
	}
	modbus_set_slave(mb, OMT_SLAVE_IO);
	ck_assert_int_eq(modbus_read_input_bits(mb, 0, OMT_IN_COUNT, bits),
			 OMT_IN_COUNT);
	modbus_close(mb);
	modbus_free(mb);
}
END_TEST

START_TEST(a_missing_slave_never_answers)
{
	modbus_t *mb = sim_harness_tcp_client(&sim, 7);
	double unknown = 0;
	char reply[512];
	uint16_t r;

	ck_assert_msg(mb != NULL, "%s", sim.error);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &r), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_int_eq(sim_harness_command(&sim, "stats", reply, sizeof(reply)), 0);
	ck_assert(sim_harness_field(reply, "unknown_slave", &unknown));
	ck_assert(unknown == 1);
	modbus_close(mb);
	modbus_free(mb);
}
END_TEST

START_TEST(several_tcp_clients_are_served_at_once)
{
	modbus_t *a = sim_harness_tcp_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	modbus_t *b = sim_harness_tcp_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_TILT));
	uint16_t ka, kb;
	int i;

	ck_assert(a && b);
	for (i = 0; i < 20; i++) {
		ck_assert_int_eq(modbus_read_registers(a, OMT_REG_AXIS_KIND, 1, &ka), 1);
		ck_assert_int_eq(modbus_read_registers(b, OMT_REG_AXIS_KIND, 1, &kb), 1);
		ck_assert_int_eq(ka, OMT_AXIS_KIND_LINEAR);
		ck_assert_int_eq(kb, OMT_AXIS_KIND_ROTARY);
	}
	modbus_close(a);
	modbus_free(a);
	modbus_close(b);
	modbus_free(b);
}
END_TEST

START_TEST(function_23_streams_a_setpoint_the_drive_follows)
{
	modbus_t *mb = sim_harness_tcp_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t w[3] = { OMT_CONTROL_ENABLE, 0, 0 }, r[6];
	int32_t target = 70500;             /* 705.00 mm, 5 mm up */
	double pos = 0;
	int i;

	ck_assert(mb != NULL);
	w[1] = (uint16_t)((uint32_t)target >> 16);
	w[2] = (uint16_t)(target & 0xffff);
	/* Stream as a master does, until the drive reports in-position. */
	for (i = 0; i < 2000; i++) {
		ck_assert_int_eq(modbus_write_and_read_registers(mb,
				OMT_REG_WRITE_BLOCK_START, 3, w,
				OMT_REG_READ_BLOCK_START, 6, r), 6);
		if (reg32(r + 2) == target && (r[0] & OMT_STATUS_IN_POSITION))
			break;
		usleep(5000);
	}
	ck_assert_int_eq(reg32(r + 2), target);
	ck_assert(r[0] & OMT_STATUS_ENABLED);
	pos = sim_harness_get(&sim, "height", "position");
	ck_assert(fabs(pos - 705.0) < 0.005);
	modbus_close(mb);
	modbus_free(mb);
}
END_TEST

START_TEST(sigterm_removes_socket_and_link)
{
	char control[PATH_MAX], link[PATH_MAX];

	snprintf(control, sizeof(control), "%s", sim.control_path);
	snprintf(link, sizeof(link), "%s", sim.rtu_link);
	ck_assert_int_eq(access(control, F_OK), 0);
	ck_assert_int_eq(access(link, F_OK), 0);
	kill(sim.pid, SIGTERM);
	ck_assert_int_eq(sim_harness_stop(&sim), 0);
	ck_assert_int_eq(access(control, F_OK), -1);
	ck_assert_int_eq(access(link, F_OK), -1);
}
END_TEST

/*
 * With --baud the line is paced: the exchange must still be whole and in
 * order for every slave, back to back, at a slow and at a fast rate.
 * (How long it takes is the bench's business, not a test's.)
 */
START_TEST(a_paced_line_carries_every_exchange_intact)
{
	static const unsigned int bauds[] = { 9600, 115200 };
	struct sim_harness paced;
	struct sim_harness_options opt = { .rtu = true, .baud = bauds[_i] };
	uint16_t w[3] = { 0, 1, 0x1170 }, r[6];   /* disabled, 700.00 mm */
	modbus_t *mb;
	int i, slave;

	ck_assert_msg(sim_harness_start(&paced, &opt) == 0, "%s", paced.error);
	mb = sim_harness_rtu_client(&paced, 1, (int)bauds[_i]);
	ck_assert_msg(mb != NULL, "%s", paced.error);
	modbus_set_response_timeout(mb, 1, 0);
	for (i = 0; i < 12; i++) {
		slave = OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT) + i % 2;
		modbus_set_slave(mb, slave);
		w[1] = slave == OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT) ? 1 : 0;
		w[2] = slave == OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT) ? 0x1170 : 0;
		ck_assert_int_eq(modbus_write_and_read_registers(mb,
				OMT_REG_WRITE_BLOCK_START, 3, w,
				OMT_REG_READ_BLOCK_START, 6, r), 6);
		ck_assert_int_eq(reg32(r + 2), slave == OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT) ? 70000 : 0);
	}
	modbus_close(mb);
	modbus_free(mb);
	ck_assert_int_eq(sim_harness_stop(&paced), 0);
}
END_TEST

static Suite *smoke_suite(void)
{
	Suite *s = suite_create("sim_smoke");
	TCase *tc = tcase_create("bus");
	TCase *paced = tcase_create("paced");

	tcase_add_checked_fixture(tc, start_sim, stop_sim);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, tcp_serves_the_height_drive_profile);
	tcase_add_test(tc, rtu_serves_every_slave_on_one_line);
	tcase_add_test(tc, a_missing_slave_never_answers);
	tcase_add_test(tc, several_tcp_clients_are_served_at_once);
	tcase_add_test(tc, function_23_streams_a_setpoint_the_drive_follows);
	tcase_add_test(tc, sigterm_removes_socket_and_link);
	suite_add_tcase(s, tc);
	tcase_set_timeout(paced, 30);
	tcase_add_loop_test(paced, a_paced_line_carries_every_exchange_intact, 0, 2);
	suite_add_tcase(s, paced);
	return s;
}

int main(void)
{
	return omt_check_run(smoke_suite());
}
