// SPDX-License-Identifier: MIT
/*
 * omt-sim's control socket and injected faults, seen from a libmodbus
 * master on the real TCP socket and RTU pseudo-terminal: lost replies,
 * exceptions, bad CRCs, absent slaves, the drive watchdog, overcurrent,
 * stall, position jumps, drop sections firing under thrust, load, the
 * setpoint log, and refusal of bad control commands.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <modbus.h>

#include "check_run.h"
#include "omt_io_map.h"
#include "omt_table_types.h"
#include "omt_regs.h"
#include "sim_harness.h"

#define WAIT_STEPS 400              /* bounded waits, 5 ms apart */

static struct sim_harness sim;
static char reply[64 * 1024];

static void start_sim(void)
{
	struct sim_harness_options opt = { .tcp = true, .rtu = true };

	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
}

static void stop_sim(void)
{
	ck_assert_int_eq(sim_harness_stop(&sim), 0);
}

static void cmd_ok(const char *command)
{
	ck_assert_msg(sim_harness_command(&sim, command, reply, sizeof(reply)) == 0,
		      "%s", sim.error);
}

static modbus_t *tcp(int slave)
{
	modbus_t *mb = sim_harness_tcp_client(&sim, slave);

	ck_assert_msg(mb != NULL, "%s", sim.error);
	return mb;
}

static void done(modbus_t *mb)
{
	modbus_close(mb);
	modbus_free(mb);
}

static void write_setpoint(modbus_t *mb, uint16_t control, int32_t raw)
{
	uint16_t w[3] = { control, (uint16_t)((uint32_t)raw >> 16),
			  (uint16_t)(raw & 0xffff) };

	ck_assert_int_eq(modbus_write_registers(mb, OMT_REG_CONTROL, 3, w), 3);
}

static uint16_t read_reg(modbus_t *mb, int addr)
{
	uint16_t v = 0;

	ck_assert_int_eq(modbus_read_registers(mb, addr, 1, &v), 1);
	return v;
}

/* Waits, within a bounded number of polls, for `get NAME` KEY == value. */
static bool wait_field(const char *name, const char *key, double value)
{
	int i;

	for (i = 0; i < WAIT_STEPS; i++) {
		if (fabs(sim_harness_get(&sim, name, key) - value) < 0.005)
			return true;
		usleep(5000);
	}
	return false;
}

START_TEST(no_reply_loses_replies_but_acts)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t v;

	cmd_ok("fault height no-reply");
	v = 0;
	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	cmd_ok("fault height clear");
	modbus_flush(mb);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_WATCHDOG_MS, 1, &v), 1);
	ck_assert_uint_eq(v, 0);
	done(mb);
}
END_TEST

START_TEST(exception_injection_reaches_the_master)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_TILT));
	uint16_t v;

	cmd_ok("fault tilt exception 6");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &v), -1);
	ck_assert_int_eq(errno, EMBXSBUSY);
	cmd_ok("fault tilt exception 4");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &v), -1);
	ck_assert_int_eq(errno, EMBXSFAIL);
	cmd_ok("fault tilt clear");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &v), 1);
	done(mb);
}
END_TEST

START_TEST(bad_crc_on_rtu_only)
{
	modbus_t *rtu = sim_harness_rtu_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), 115200);
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t v;

	ck_assert_msg(rtu != NULL, "%s", sim.error);
	cmd_ok("fault height crc");
	ck_assert_int_eq(modbus_read_registers(rtu, OMT_REG_STATUS, 1, &v), -1);
	ck_assert_int_eq(errno, EMBBADCRC);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &v), 1);
	/* Other slaves on the same line are unaffected. */
	modbus_set_slave(rtu, OMT_DEFAULT_SLAVE(OMT_AXIS_TILT));
	ck_assert_int_eq(modbus_read_registers(rtu, OMT_REG_STATUS, 1, &v), 1);
	cmd_ok("fault height clear");
	modbus_set_slave(rtu, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	ck_assert_int_eq(modbus_read_registers(rtu, OMT_REG_STATUS, 1, &v), 1);
	done(rtu);
	done(mb);
}
END_TEST

START_TEST(absent_slave_is_silent_and_uncounted)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_LUMBAR));
	double before, after;
	uint16_t v;

	cmd_ok("stats");
	ck_assert(sim_harness_field(reply, "lumbar", &before));
	cmd_ok("fault lumbar absent");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, &v), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	cmd_ok("stats");
	ck_assert(sim_harness_field(reply, "lumbar", &after));
	ck_assert(after == before);
	done(mb);
}
END_TEST

START_TEST(noise_on_the_rtu_line_is_dropped)
{
	static const uint8_t noise[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00 };
	modbus_t *rtu = sim_harness_rtu_client(&sim, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), 115200);
	double crc_errors = 0;
	uint8_t rsp[MODBUS_RTU_MAX_ADU_LENGTH];
	uint16_t v;

	ck_assert(rtu != NULL);
	ck_assert_int_eq(modbus_send_raw_request(rtu, noise, sizeof(noise) - 2), 8);
	/* A good CRC on a bad frame is answered; the test sends one next. */
	ck_assert_int_eq(modbus_receive_confirmation(rtu, rsp), 7);
	/* Raw bytes with a wrong CRC: nothing comes back. */
	ck_assert_int_eq(write(modbus_get_socket(rtu), noise, sizeof(noise)), 8);
	ck_assert_int_eq(modbus_receive_confirmation(rtu, rsp), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	cmd_ok("stats");
	ck_assert(sim_harness_field(reply, "crc_errors", &crc_errors));
	ck_assert(crc_errors == 1);
	ck_assert_int_eq(modbus_read_registers(rtu, OMT_REG_STATUS, 1, &v), 1);
	done(rtu);
}
END_TEST

START_TEST(drive_watchdog_stops_and_latches_until_reset)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t status = 0;
	int i;

	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 50), 1);
	write_setpoint(mb, OMT_CONTROL_ENABLE, 90000);
	for (i = 0; i < WAIT_STEPS; i++) {
		status = read_reg(mb, OMT_REG_STATUS);
		if (status & OMT_STATUS_COMMS_TIMEOUT)
			break;
		usleep(5000);
	}
	ck_assert(status & OMT_STATUS_COMMS_TIMEOUT);
	ck_assert(status & OMT_STATUS_FAULT);
	ck_assert_uint_eq(read_reg(mb, OMT_REG_FAULT_CODE), OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	ck_assert(wait_field("height", "velocity", 0.0));
	ck_assert(sim_harness_get(&sim, "height", "position") < 900.0);
	/* The master comes back: fault-reset edge clears it. */
	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), 1);
	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_CONTROL,
		OMT_CONTROL_ENABLE | OMT_CONTROL_FAULT_RESET), 1);
	ck_assert_uint_eq(read_reg(mb, OMT_REG_FAULT_CODE), 0);
	ck_assert(!(read_reg(mb, OMT_REG_STATUS) & OMT_STATUS_COMMS_TIMEOUT));
	done(mb);
}
END_TEST

START_TEST(overcurrent_shows_in_registers)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_TILT));
	uint16_t r[6];

	cmd_ok("fault tilt overcurrent");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 6, r), 6);
	ck_assert(r[0] & OMT_STATUS_FAULT);
	ck_assert_uint_eq(r[1], OMT_DRIVE_FAULT_OVERCURRENT);
	ck_assert_uint_gt(r[5], 6000);
	done(mb);
}
END_TEST

START_TEST(stall_holds_position_and_current_climbs)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	double first, later;
	int i;

	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), 1);
	cmd_ok("fault height stall");
	write_setpoint(mb, OMT_CONTROL_ENABLE, 80000);
	first = sim_harness_get(&sim, "height", "current");
	for (i = 0; i < WAIT_STEPS; i++) {
		later = sim_harness_get(&sim, "height", "current");
		if (later > first + 500)
			break;
		usleep(5000);
	}
	ck_assert(later > first + 500);
	ck_assert(sim_harness_get(&sim, "height", "position") == 700.0);
	ck_assert_uint_eq(read_reg(mb, OMT_REG_FAULT_CODE), 0);
	cmd_ok("fault height clear");
	ck_assert(wait_field("height", "position", 800.0) ||
		  sim_harness_get(&sim, "height", "position") > 700.0);
	done(mb);
}
END_TEST

START_TEST(obstruction_shows_in_status_until_cleared)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_TILT));

	cmd_ok("fault tilt obstruction");
	ck_assert(read_reg(mb, OMT_REG_STATUS) & OMT_STATUS_OBSTRUCTION);
	cmd_ok("fault tilt clear");
	ck_assert(!(read_reg(mb, OMT_REG_STATUS) & OMT_STATUS_OBSTRUCTION));
	done(mb);
}
END_TEST

START_TEST(jump_moves_the_position_register)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t p[2];

	cmd_ok("fault height jump 12.5");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_POSITION, 2, p), 2);
	ck_assert_int_eq((int32_t)((uint32_t)p[0] << 16 | p[1]), 71250);
	cmd_ok("fault height jump 500");
	ck_assert(read_reg(mb, OMT_REG_STATUS) & OMT_STATUS_LIMIT_HIGH);
	done(mb);
}
END_TEST

START_TEST(thrust_fires_a_cocked_drop_and_the_io_module_sees_it)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_LUMBAR)), *io = tcp(OMT_SLAVE_IO);
	uint8_t bits[OMT_IN_COUNT];

	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), 1);
	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_TENSION, 2), 1);
	cmd_ok("thrust lumbar 500");
	ck_assert_str_eq(reply, "ok not-cocked\n");
	write_setpoint(mb, OMT_CONTROL_ENABLE, 1000);
	ck_assert(wait_field("lumbar", "cocked", 1));
	cmd_ok("thrust lumbar 99");
	ck_assert_str_eq(reply, "ok held\n");
	cmd_ok("thrust lumbar 100");
	ck_assert_str_eq(reply, "ok fired\n");
	ck_assert_int_eq(modbus_read_input_bits(io, 0, OMT_IN_COUNT, bits), OMT_IN_COUNT);
	ck_assert_uint_eq(bits[OMT_IN_DROP_FIRED_LUMBAR], 1);
	ck_assert_uint_eq(bits[OMT_IN_DROP_FIRED_CERVICAL], 0);
	ck_assert_uint_eq(read_reg(io, OMT_IO_REG_INPUTS), 1u << OMT_IN_DROP_FIRED_LUMBAR);
	/* Lowering acknowledges it. */
	write_setpoint(mb, OMT_CONTROL_ENABLE, 0);
	ck_assert_int_eq(modbus_read_input_bits(io, 0, OMT_IN_COUNT, bits), OMT_IN_COUNT);
	ck_assert_uint_eq(bits[OMT_IN_DROP_FIRED_LUMBAR], 0);
	done(mb);
	done(io);
}
END_TEST

START_TEST(load_raises_the_current_register)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	uint16_t empty, loaded;

	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), 1);
	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_CONTROL, OMT_CONTROL_ENABLE), 1);
	ck_assert(wait_field("height", "current", 400));
	empty = read_reg(mb, OMT_REG_CURRENT);
	cmd_ok("load height 100");
	ck_assert(wait_field("height", "current", 3400));
	loaded = read_reg(mb, OMT_REG_CURRENT);
	ck_assert_uint_eq(empty, 400);
	ck_assert_uint_eq(loaded, 3400);
	done(mb);
}
END_TEST

START_TEST(setpoint_log_and_watch_stream)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	struct pollfd p;
	char line[256] = "";
	unsigned long long t1, t2;
	double s1, s2;
	int fd, n = 0, got = 0;

	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), 1);
	write_setpoint(mb, OMT_CONTROL_ENABLE, 70100);
	write_setpoint(mb, OMT_CONTROL_ENABLE | OMT_CONTROL_QUICK_STOP, 70200);
	cmd_ok("history height 5");
	ck_assert_int_eq(sscanf(reply, "ok 2\n%llu 701.00 0x0001\n%llu 702.00 0x0003\n",
				&t1, &t2), 2);
	ck_assert(t2 > t1);
	cmd_ok("history tilt 5");
	ck_assert_str_eq(reply, "ok 0\n");

	/* A watcher gets each new write as a line. */
	memcpy(addr.sun_path, sim.control_path, strlen(sim.control_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(write(fd, "watch height\n", 13), 13);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	while (got < 2 && poll(&p, 1, 5000) == 1) {
		ssize_t r = read(fd, line + n, sizeof(line) - 1 - (size_t)n);

		ck_assert_int_gt(r, 0);
		n += (int)r;
		line[n] = '\0';
		got = 0;
		for (char *c = line; (c = strchr(c, '\n')); c++)
			got++;
		if (got == 1 && strstr(line, "ok watching height\n"))
			write_setpoint(mb, OMT_CONTROL_ENABLE, 70300);
	}
	ck_assert_int_eq(got, 2);
	ck_assert_int_eq(sscanf(line, "ok watching height\n%llu %lf", &t1, &s1), 2);
	ck_assert(s1 == 703.0);
	(void)s2;
	close(fd);
	done(mb);
}
END_TEST

START_TEST(a_watcher_that_stops_reading_does_not_stall_the_bus)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT));
	int fd, i;

	memcpy(addr.sun_path, sim.control_path, strlen(sim.control_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ck_assert_int_eq(write(fd, "watch height\n", 13), 13);
	/* Never read: the lines pile up until the simulator gives up on it. */
	modbus_set_response_timeout(mb, 2, 0);
	ck_assert_int_eq(modbus_write_register(mb, OMT_REG_WATCHDOG_MS, 0), 1);
	for (i = 0; i < 5000; i++)
		write_setpoint(mb, 0, 70000 + i % 100);
	cmd_ok("history height 1");
	ck_assert(strstr(reply, " 700.99 ") != NULL);
	close(fd);
	done(mb);
}
END_TEST

START_TEST(bad_control_commands_are_refused_and_change_nothing)
{
	static const char *const bad[] = {
		"", "explode", "get", "get nothing", "get height extra",
		"fault height", "fault height explode", "fault io stall",
		"fault height exception 0", "fault height exception 12",
		"fault height exception 2.5", "fault height jump", "fault height jump x",
		"fault nobody clear", "load height -5", "load height 1e9",
		"load height nan", "load io 10", "thrust height 100",
		"thrust lumbar -1", "thrust lumbar", "input drop-fired-lumbar 1",
		"input pedal-height-up 2", "input nothing 1", "history height 0",
		"history height 1025", "watch io", "a b c d e",
		"identity", "identity io", "identity height serial",
		"identity height serial 0123456789abcdefg",
		"identity height serial-hex 414", "identity height serial-hex 4g",
		"identity height firmware-hex 000102030405060708090a0b0c0d0e0f10",
		"identity height off", "identity height none now",
		"identity height silent please",
	};
	static char before[sizeof(reply)], after[sizeof(reply)];
	size_t i;

	cmd_ok("get height");
	snprintf(before, sizeof(before), "%s", reply);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(sim_harness_command(&sim, bad[i], reply, sizeof(reply)) == 1,
			      "'%s' -> %s", bad[i], reply);
		ck_assert_msg(strncmp(reply, "error ", 6) == 0, "'%s'", bad[i]);
	}
	cmd_ok("get height");
	snprintf(after, sizeof(after), "%s", reply);
	ck_assert_str_eq(before, after);
	cmd_ok("identity height");
	ck_assert_str_eq(reply, "ok serial=OMTSIM-0001 firmware=1.0.0-sim\n");
	cmd_ok("get io");
	ck_assert_str_eq(reply, "ok inputs=0x0000\n");
	cmd_ok("stats");
	ck_assert(strstr(reply, "height=0 ") != NULL);
}
END_TEST

/* The identity registers over Modbus, as the control socket sets them. */
START_TEST(identity_registers_follow_the_control_socket)
{
	modbus_t *mb = tcp(OMT_DEFAULT_SLAVE(OMT_AXIS_LUMBAR));
	uint16_t w[OMT_REG_TEXT_WORDS];

	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_SERIAL_NUMBER,
					       OMT_REG_TEXT_WORDS, w),
			 OMT_REG_TEXT_WORDS);
	ck_assert_uint_eq(w[0], ('O' << 8) | 'M');
	ck_assert_uint_eq(w[5], '5' << 8);
	cmd_ok("identity lumbar firmware 2.0");
	ck_assert_str_eq(reply, "ok serial=OMTSIM-0005 firmware=2.0\n");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_FIRMWARE_VERSION,
					       OMT_REG_TEXT_WORDS, w),
			 OMT_REG_TEXT_WORDS);
	ck_assert_uint_eq(w[0], ('2' << 8) | '.');
	ck_assert_uint_eq(w[1], '0' << 8);
	ck_assert_uint_eq(w[7], 0);
	/* Any bytes, for a master's validation to meet. */
	cmd_ok("identity lumbar serial-hex 41071b");
	ck_assert_str_eq(reply, "ok serial=A\\x07\\x1b firmware=2.0\n");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_SERIAL_NUMBER, 2, w), 2);
	ck_assert_uint_eq(w[0], 0x4107);
	ck_assert_uint_eq(w[1], 0x1b00);
	/* Without them: exception 2, as a drive that lacks them answers. */
	cmd_ok("identity lumbar none");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_SERIAL_NUMBER, 1, w), -1);
	ck_assert_int_eq(errno, EMBXILADD);
	/* Or no reply at all, as a drive that ignores such addresses. */
	cmd_ok("identity lumbar silent");
	ck_assert_str_eq(reply, "ok silent\n");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_FIRMWARE_VERSION - 1,
					       2, w), -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ck_assert_int_eq(modbus_flush(mb), 0);
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_STATUS, 1, w), 1);
	cmd_ok("identity lumbar on");
	ck_assert_int_eq(modbus_read_registers(mb, OMT_REG_FIRMWARE_VERSION, 1, w), 1);
	done(mb);
}
END_TEST

static Suite *faults_suite(void)
{
	Suite *s = suite_create("sim_faults");
	TCase *tc = tcase_create("faults");

	tcase_add_checked_fixture(tc, start_sim, stop_sim);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, no_reply_loses_replies_but_acts);
	tcase_add_test(tc, exception_injection_reaches_the_master);
	tcase_add_test(tc, bad_crc_on_rtu_only);
	tcase_add_test(tc, absent_slave_is_silent_and_uncounted);
	tcase_add_test(tc, noise_on_the_rtu_line_is_dropped);
	tcase_add_test(tc, drive_watchdog_stops_and_latches_until_reset);
	tcase_add_test(tc, overcurrent_shows_in_registers);
	tcase_add_test(tc, stall_holds_position_and_current_climbs);
	tcase_add_test(tc, obstruction_shows_in_status_until_cleared);
	tcase_add_test(tc, jump_moves_the_position_register);
	tcase_add_test(tc, thrust_fires_a_cocked_drop_and_the_io_module_sees_it);
	tcase_add_test(tc, load_raises_the_current_register);
	tcase_add_test(tc, setpoint_log_and_watch_stream);
	tcase_add_test(tc, a_watcher_that_stops_reading_does_not_stall_the_bus);
	tcase_add_test(tc, bad_control_commands_are_refused_and_change_nothing);
	tcase_add_test(tc, identity_registers_follow_the_control_socket);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(faults_suite());
}
