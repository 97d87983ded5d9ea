// SPDX-License-Identifier: MIT
/*
 * The Modbus link against omt-sim, over TCP and over RTU on the
 * simulator's pseudo-terminal: a cycle moves real bytes both ways, every
 * injected fault comes back as its own error class, the line is usable
 * again once the fault ends, and nothing is sent for a command that
 * cannot be encoded.  The link's configuration is written as omtd.conf
 * text and goes through the real loader.
 */
#include <check.h>
#include <stdatomic.h>
#include <unistd.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "check_run.h"
#include "config.h"
#include "link.h"
#include "omt_io_map.h"
#include "omt_table_types.h"
#include "omt_regs.h"
#include "sim_harness.h"

/*
 * Timeouts generous enough for a sanitizer build on a busy machine: the
 * tests assert error classes, never durations.
 */
#define TEST_LINK_TIMING \
	"[control]\nperiod_ms = 100\nhold_timeout_ms = 400\n" \
	"drive_watchdog_ms = 0\n" \
	"[link]\nresponse_timeout_ms = 95\nbyte_timeout_ms = 50\n"

static struct sim_harness sim;
static bool use_rtu;
static struct link *the_link;
static char log_text[4096];
static atomic_uint log_lines;   /* the link's helper thread logs too */

static void record_log(void *arg, int priority, const char *message)
{
	size_t used = strlen(log_text);

	(void)arg;
	(void)priority;
	snprintf(log_text + used, sizeof(log_text) - used, "%s\n", message);
	log_lines++;
}

/* The omtd.conf text of this test's link, plus extra sections. */
__attribute__((format(printf, 3, 4)))
static void conf_text(char *out, size_t cap, const char *extra_fmt, ...)
{
	char extra[2048];
	va_list ap;
	int used;

	va_start(ap, extra_fmt);
	vsnprintf(extra, sizeof(extra), extra_fmt, ap);
	va_end(ap);
	if (use_rtu)
		used = snprintf(out, cap,
				TEST_LINK_TIMING
				"transport = rtu\ndevice = %s\nbaud = 115200\nparity = N\n%s",
				sim.rtu_path, extra);
	else
		used = snprintf(out, cap,
				TEST_LINK_TIMING
				"transport = tcp\nhost = 127.0.0.1\nport = %d\n%s",
				sim.tcp_port, extra);
	ck_assert_int_lt(used, (int)cap);
}

/* The link's settings from a loaded config (static: one at a time). */
static const struct link_settings *link_settings_of(const struct omtd_config *c)
{
	static struct link_settings settings;

	ck_assert_int_eq(omtd_config_link_settings(c, &settings), 0);
	return &settings;
}

static struct link *open_link_with(const char *extra)
{
	struct omtd_config config;
	char text[4096], err[OMTD_ERR_MAX];
	struct link *l;

	conf_text(text, sizeof(text), "%s", extra);
	ck_assert_msg(omtd_config_load_string(text, "itest.conf", &config, err,
					      sizeof(err)) == 0, "%s", err);
	l = link_open(link_settings_of(&config), record_log, NULL, err,
		      sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
	ck_assert(link_connected(l));
	return l;
}

static void start(bool rtu)
{
	struct sim_harness_options opt = { .tcp = !rtu, .rtu = rtu };

	use_rtu = rtu;
	log_text[0] = '\0';
	log_lines = 0;
	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
	the_link = open_link_with("");
}

static void start_tcp(void)
{
	start(false);
}

static void start_rtu(void)
{
	start(true);
}

static void stop(void)
{
	link_close(the_link);
	the_link = NULL;
	sim_harness_stop(&sim);
}

static void sim_cmd(const char *command)
{
	char reply[512];

	ck_assert_msg(sim_harness_command(&sim, command, reply,
					  sizeof(reply)) == 0,
		      "%s: %s", command, reply);
}

/* Requests the simulator has seen for a slave (its `stats` command). */
static unsigned int sim_requests(const char *slave)
{
	char reply[512];
	double value;

	ck_assert_int_eq(sim_harness_command(&sim, "stats", reply,
					     sizeof(reply)), 0);
	ck_assert_msg(sim_harness_field(reply, slave, &value), "%s", reply);
	return (unsigned int)value;
}

static const struct drive_command idle_cmd = { .setpoint = 700.0 };

static enum link_status cycle(struct drive_reading *out)
{
	struct drive_reading scratch;

	return link_cycle(the_link, OMT_AXIS_HEIGHT, &idle_cmd, out ? out : &scratch);
}

START_TEST(identity_reports_travel_and_kind)
{
	struct drive_identity id;

	ck_assert_int_eq(link_read_identity(the_link, OMT_AXIS_HEIGHT, &id), LINK_OK);
	ck_assert(id.has_kind);
	ck_assert_uint_eq(id.axis_kind, OMT_AXIS_KIND_LINEAR);
	ck_assert(id.has_travel);
	ck_assert_double_eq_tol(id.min_position, 450.0, 1e-9);
	ck_assert_double_eq_tol(id.max_position, 950.0, 1e-9);
	ck_assert_int_eq(link_read_identity(the_link, OMT_AXIS_TILT, &id), LINK_OK);
	ck_assert_uint_eq(id.axis_kind, OMT_AXIS_KIND_ROTARY);
	ck_assert_double_eq_tol(id.min_position, -10.0, 1e-9);
}
END_TEST

START_TEST(cycle_reads_what_the_drive_reports)
{
	struct drive_reading r;

	ck_assert_int_eq(cycle(&r), LINK_OK);
	ck_assert_double_eq_tol(r.position,
				sim_harness_get(&sim, "height", "position"),
				0.011);
	ck_assert_uint_eq(r.status_raw,
			  (unsigned int)sim_harness_get(&sim, "height", "status"));
	ck_assert(r.status & OMT_STATUS_READY);
	ck_assert_uint_eq(r.fault_code, 0);
}
END_TEST

START_TEST(cycle_is_one_transaction_and_writes_setpoint)
{
	struct drive_command cmd = { .enable = true, .setpoint = 712.34 };
	struct drive_reading r;
	struct link_stats s;

	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &r), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.transactions, 1);
	ck_assert_uint_eq(s.ok, 1);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "height", "setpoint"),
				712.34, 1e-6);
	ck_assert_uint_eq((unsigned int)sim_harness_get(&sim, "height", "control"),
			  OMT_CONTROL_ENABLE);
	ck_assert_uint_eq(sim_requests("height"), 1);
}
END_TEST

START_TEST(no_reply_is_a_timeout_and_the_line_recovers)
{
	struct link_stats s;

	ck_assert_int_eq(cycle(NULL), LINK_OK);
	sim_cmd("fault height no-reply");
	ck_assert_int_eq(cycle(NULL), LINK_TIMEOUT);
	ck_assert_int_eq(cycle(NULL), LINK_TIMEOUT);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.errors[LINK_TIMEOUT], 2);
	ck_assert_uint_eq(s.consecutive_failures, 2);
	ck_assert_int_eq(s.last_status, LINK_TIMEOUT);
	sim_cmd("fault height clear");
	ck_assert_int_eq(cycle(NULL), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.consecutive_failures, 0);
	ck_assert(link_connected(the_link));
}
END_TEST

START_TEST(absent_slave_is_a_timeout)
{
	sim_cmd("fault height absent");
	ck_assert_int_eq(cycle(NULL), LINK_TIMEOUT);
	/* The other drives on the same line are not affected. */
	struct drive_command tilt_cmd = { .setpoint = 0.0 };
	struct drive_reading r;

	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_TILT, &tilt_cmd, &r), LINK_OK);
	ck_assert_int_eq(cycle(NULL), LINK_TIMEOUT);
}
END_TEST

START_TEST(exception_reply_carries_its_code)
{
	static const unsigned int codes[] = { 1, 2, 3, 4, 6 };
	struct link_stats s;
	char command[64];

	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(command, sizeof(command), "fault height exception %u",
			 codes[i]);
		sim_cmd(command);
		ck_assert_int_eq(cycle(NULL), LINK_EXCEPTION);
		link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
		ck_assert_uint_eq(s.last_exception, codes[i]);
		ck_assert_uint_eq(s.errors[LINK_EXCEPTION], i + 1);
	}
	sim_cmd("fault height clear");
	ck_assert_int_eq(cycle(NULL), LINK_OK);
}
END_TEST

START_TEST(unencodable_setpoint_sends_nothing)
{
	const double bad[] = { NAN, INFINITY, -INFINITY, 1e12 };
	struct link_stats s;

	for (unsigned int i = 0; i < 4; i++) {
		struct drive_command cmd = { .enable = true, .setpoint = bad[i] };
		struct drive_reading r;

		ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &r),
				 LINK_INVALID);
	}
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.transactions, 0);
	ck_assert_uint_eq(s.errors[LINK_INVALID], 4);
	ck_assert_uint_eq(sim_requests("height"), 0);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "height", "control"), 0, 0.5);
}
END_TEST

START_TEST(drive_without_function_23_uses_16_then_3)
{
	struct drive_command cmd = { .enable = true, .setpoint = 655.5 };
	struct drive_reading r;
	struct link_stats s;

	link_close(the_link);
	the_link = open_link_with(
		"[profile.no23]\n"
		"addr.status = 0x0000\naddr.fault_code = 0x0001\n"
		"addr.position = 0x0002\naddr.velocity = 0x0004\n"
		"addr.current = 0x0005\naddr.control = 0x0010\n"
		"addr.setpoint = 0x0011\n"
		"word_order = high-first\nposition_scale = 0.01\n"
		"velocity_scale = 0.1\ncurrent_scale = 1\n"
		"status_bit.ready = 0\nstatus_bit.enabled = 1\n"
		"status_bit.fault = 4\n"
		"control_bit.enable = 0\ncontrol_bit.quick_stop = 1\n"
		"control_bit.fault_reset = 2\nfunction23 = no\n"
		"[drive.height]\nprofile = no23\n");
	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &r), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.transactions, 2);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "height", "setpoint"),
				655.5, 1e-6);
	ck_assert(r.status & OMT_STATUS_READY);
}
END_TEST

/*
 * A profile whose read set has gaps: FAULT_CODE is taken from 0x0013
 * (which omt-sim serves as VELOCITY_LIMIT), so the cycle needs function 23
 * for the first groups and a separate read for the rest, and the value
 * read must be the one written there.
 */
START_TEST(scattered_profile_reads_each_group)
{
	struct drive_command cmd = { .setpoint = 700.0 };
	struct drive_reading r;
	struct link_stats s;

	link_close(the_link);
	the_link = open_link_with(
		"[profile.scattered]\n"
		"addr.status = 0x0000\naddr.fault_code = 0x0013\n"
		"addr.position = 0x0002\naddr.velocity = 0x0004\n"
		"addr.current = 0x0005\naddr.control = 0x0010\n"
		"addr.setpoint = 0x0011\n"
		"word_order = high-first\nposition_scale = 0.01\n"
		"velocity_scale = 0.1\ncurrent_scale = 1\n"
		"status_bit.ready = 0\nstatus_bit.enabled = 1\n"
		"status_bit.fault = 4\n"
		"control_bit.enable = 0\ncontrol_bit.quick_stop = 1\n"
		"control_bit.fault_reset = 2\nfunction23 = yes\n"
		"[drive.height]\nprofile = scattered\n");
	ck_assert_int_eq(link_write_raw(the_link, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT),
					OMT_REG_VELOCITY_LIMIT, 321), LINK_OK);
	ck_assert_int_eq(link_cycle(the_link, OMT_AXIS_HEIGHT, &cmd, &r), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	/* raw write + (fc 23 with 0x0000, fc 3 of 0x0002..5, fc 3 of 0x0013) */
	ck_assert_uint_eq(s.transactions, 4);
	ck_assert_uint_eq(r.fault_code, 321);
	ck_assert_double_eq_tol(r.position,
				sim_harness_get(&sim, "height", "position"),
				0.011);
}
END_TEST

START_TEST(setup_writes_reach_the_drive)
{
	ck_assert_int_eq(link_write_watchdog(the_link, OMT_AXIS_HEIGHT, 250),
			 LINK_OK);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "height", "watchdog_ms"),
				250, 0.5);
	ck_assert_int_eq(link_write_velocity_limit(the_link, OMT_AXIS_HEIGHT, 25.0),
			 LINK_OK);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "height",
						"velocity_limit"), 250, 0.5);
	ck_assert_int_eq(link_write_velocity_limit(the_link, OMT_AXIS_HEIGHT, NAN),
			 LINK_INVALID);
}
END_TEST

START_TEST(tension_reaches_a_drop_section)
{
	ck_assert_int_eq(link_write_tension(the_link, OMT_AXIS_LUMBAR, 7), LINK_OK);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "lumbar", "tension"), 7,
				0.5);
	/* The drive refuses level 11: an exception, ILLEGAL DATA VALUE. */
	ck_assert_int_eq(link_write_tension(the_link, OMT_AXIS_LUMBAR, 11),
			 LINK_EXCEPTION);
	struct link_stats s;

	link_get_stats(the_link, OMT_AXIS_LUMBAR, &s);
	ck_assert_uint_eq(s.last_exception, 3);
}
END_TEST

START_TEST(tension_needs_the_register_in_the_profile)
{
	struct link_stats s;

	link_close(the_link);
	the_link = open_link_with(
		"[profile.no-tension]\n"
		"addr.status = 0x0000\naddr.fault_code = 0x0001\n"
		"addr.position = 0x0002\naddr.velocity = 0x0004\n"
		"addr.current = 0x0005\naddr.control = 0x0010\n"
		"addr.setpoint = 0x0011\n"
		"word_order = high-first\nposition_scale = 0.01\n"
		"velocity_scale = 0.1\ncurrent_scale = 1\n"
		"status_bit.ready = 0\nstatus_bit.enabled = 1\n"
		"status_bit.fault = 4\n"
		"control_bit.enable = 0\ncontrol_bit.quick_stop = 1\n"
		"control_bit.fault_reset = 2\nfunction23 = yes\n"
		"[drive.lumbar]\nprofile = no-tension\n");
	ck_assert_int_eq(link_write_tension(the_link, OMT_AXIS_LUMBAR, 7),
			 LINK_INVALID);
	link_get_stats(the_link, OMT_AXIS_LUMBAR, &s);
	ck_assert_uint_eq(s.transactions, 0);
	ck_assert_double_eq_tol(sim_harness_get(&sim, "lumbar", "tension"), 5,
				0.5);
}
END_TEST

static void check_inputs(void)
{
	uint32_t in = 0xdead;

	ck_assert_int_eq(link_read_inputs(the_link, &in), LINK_OK);
	ck_assert_uint_eq(in, 0);
	sim_cmd("input pedal-enable-a 1");
	sim_cmd("input estop-b 1");
	ck_assert_int_eq(link_read_inputs(the_link, &in), LINK_OK);
	ck_assert_uint_eq(in, (1u << OMT_IN_PEDAL_ENABLE_A) |
			      (1u << OMT_IN_ESTOP_B));
}

START_TEST(inputs_by_discrete_inputs)
{
	check_inputs();
}
END_TEST

START_TEST(inputs_by_holding_register)
{
	link_close(the_link);
	the_link = open_link_with("[io]\nmodbus_read = holding-register\n");
	check_inputs();
}
END_TEST

START_TEST(raw_access_checks_arguments)
{
	uint16_t words[4];
	struct link_stats s;

	ck_assert_int_eq(link_read_raw(the_link, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), OMT_REG_AXIS_KIND,
				       1, words), LINK_OK);
	ck_assert_uint_eq(words[0], OMT_AXIS_KIND_LINEAR);
	ck_assert_int_eq(link_read_raw(the_link, 0, 0, 1, words), LINK_INVALID);
	ck_assert_int_eq(link_read_raw(the_link, 248, 0, 1, words), LINK_INVALID);
	ck_assert_int_eq(link_read_raw(the_link, 1, 0, 0, words), LINK_INVALID);
	ck_assert_int_eq(link_read_raw(the_link, 1, 0, 126, words), LINK_INVALID);
	ck_assert_int_eq(link_read_raw(the_link, 1, 0xffff, 2, words), LINK_INVALID);
	ck_assert_int_eq(link_write_raw(the_link, 0, 0x13, 1), LINK_INVALID);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.transactions, 1);
	/* An address the drive does not map: ILLEGAL DATA ADDRESS. */
	ck_assert_int_eq(link_read_raw(the_link, OMT_DEFAULT_SLAVE(OMT_AXIS_HEIGHT), 0x0100, 1, words),
			 LINK_EXCEPTION);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.last_exception, 2);
}
END_TEST

START_TEST(statistics_percentiles_are_ordered)
{
	struct link_stats s;

	for (int i = 0; i < 20; i++)
		ck_assert_int_eq(cycle(NULL), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	uint32_t p50 = link_stats_rtt_percentile_us(&s, 50);
	uint32_t p99 = link_stats_rtt_percentile_us(&s, 99);
	uint64_t counted = 0;

	for (unsigned int i = 0; i < LINK_RTT_BUCKETS; i++)
		counted += s.rtt_hist[i];
	ck_assert_uint_eq(counted, 20);
	ck_assert_uint_gt(p50, 0);
	ck_assert_uint_le(p50, p99);
	ck_assert_uint_le(p99, s.rtt_max_us);
}
END_TEST

/*
 * The peer gone: the link says so at once, and reconnecting never blocks
 * the caller (the control thread): a helper thread connects, at most once
 * per reconnect_interval_ms (default 1000) however often it is asked, and
 * the caller adopts the new connection when it is there.
 */
START_TEST(tcp_peer_gone_reconnects_off_the_caller_rate_limited)
{
	struct sim_harness_options opt = { .tcp = true };
	unsigned int lines;
	enum link_status st;
	int i;

	ck_assert_int_eq(cycle(NULL), LINK_OK);
	opt.tcp_port = sim.tcp_port;
	sim_harness_stop(&sim);
	/* The first request may still be written; its reply never comes. */
	st = cycle(NULL);
	if (st != LINK_DISCONNECTED)
		st = cycle(NULL);
	ck_assert_int_eq(st, LINK_DISCONNECTED);
	ck_assert(!link_connected(the_link));
	ck_assert_int_eq(cycle(NULL), LINK_DISCONNECTED);

	lines = atomic_load(&log_lines);
	for (i = 0; i < 300; i++) {
		ck_assert_int_eq(link_reconnect(the_link, 0), LINK_DISCONNECTED);
		usleep(1000);
	}
	/* One refused attempt logged at most. */
	ck_assert_uint_le(atomic_load(&log_lines), lines + 1);

	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
	for (i = 0; i < 300 && link_reconnect(the_link, 0) != LINK_OK; i++)
		usleep(10000);
	ck_assert(link_connected(the_link));
	ck_assert_uint_eq(link_connections(the_link), 2);
	ck_assert_int_eq(cycle(NULL), LINK_OK);
}
END_TEST

START_TEST(rtu_corrupted_crc_is_a_crc_error_and_the_line_recovers)
{
	struct link_stats s;

	ck_assert_int_eq(cycle(NULL), LINK_OK);
	sim_cmd("fault height crc");
	ck_assert_int_eq(cycle(NULL), LINK_CRC);
	ck_assert_int_eq(cycle(NULL), LINK_CRC);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &s);
	ck_assert_uint_eq(s.errors[LINK_CRC], 2);
	sim_cmd("fault height clear");
	ck_assert_int_eq(cycle(NULL), LINK_OK);
}
END_TEST

START_TEST(rtu_pty_without_rs485_is_logged_in_auto_mode)
{
	ck_assert_msg(strstr(log_text, "no kernel RS-485 support") != NULL,
		      "log: %s", log_text);
}
END_TEST

START_TEST(rtu_kernel_rs485_required_refuses_a_pty)
{
	struct omtd_config config;
	char text[4096], err[OMTD_ERR_MAX];

	conf_text(text, sizeof(text), "rs485 = kernel\n");
	ck_assert_msg(omtd_config_load_string(text, "itest.conf", &config, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_ptr_null(link_open(link_settings_of(&config), record_log, NULL, err,
				     sizeof(err)));
	ck_assert_msg(strstr(err, "no kernel RS-485 support") &&
		      strstr(err, "rs485 = kernel"), "%s", err);
}
END_TEST

static void add_common(TCase *tc)
{
	tcase_add_test(tc, identity_reports_travel_and_kind);
	tcase_add_test(tc, cycle_reads_what_the_drive_reports);
	tcase_add_test(tc, cycle_is_one_transaction_and_writes_setpoint);
	tcase_add_test(tc, no_reply_is_a_timeout_and_the_line_recovers);
	tcase_add_test(tc, absent_slave_is_a_timeout);
	tcase_add_test(tc, exception_reply_carries_its_code);
	tcase_add_test(tc, unencodable_setpoint_sends_nothing);
	tcase_add_test(tc, drive_without_function_23_uses_16_then_3);
	tcase_add_test(tc, scattered_profile_reads_each_group);
	tcase_add_test(tc, setup_writes_reach_the_drive);
	tcase_add_test(tc, tension_reaches_a_drop_section);
	tcase_add_test(tc, tension_needs_the_register_in_the_profile);
	tcase_add_test(tc, inputs_by_discrete_inputs);
	tcase_add_test(tc, inputs_by_holding_register);
	tcase_add_test(tc, raw_access_checks_arguments);
	tcase_add_test(tc, statistics_percentiles_are_ordered);
}

static Suite *link_suite(void)
{
	Suite *s = suite_create("link");
	TCase *tcp = tcase_create("tcp");
	TCase *rtu = tcase_create("rtu");

	tcase_add_checked_fixture(tcp, start_tcp, stop);
	tcase_set_timeout(tcp, 30);
	add_common(tcp);
	tcase_add_test(tcp, tcp_peer_gone_reconnects_off_the_caller_rate_limited);
	suite_add_tcase(s, tcp);

	tcase_add_checked_fixture(rtu, start_rtu, stop);
	tcase_set_timeout(rtu, 30);
	add_common(rtu);
	tcase_add_test(rtu, rtu_corrupted_crc_is_a_crc_error_and_the_line_recovers);
	tcase_add_test(rtu, rtu_pty_without_rs485_is_logged_in_auto_mode);
	tcase_add_test(rtu, rtu_kernel_rs485_required_refuses_a_pty);
	suite_add_tcase(s, rtu);
	return s;
}

int main(void)
{
	return omt_check_run(link_suite());
}
