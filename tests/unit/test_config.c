// SPDX-License-Identifier: MIT
/*
 * omtd.conf: the shipped file gives exactly the built-in defaults, a full
 * custom file lands in the right fields, and every malformed file in
 * tests/data/config/ fails with its exact "FILE:LINE: [SECTION] KEY: ..."
 * message while the caller's struct stays untouched.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config.h"

static char top[256];         /* the tests/ directory, from this file's path */

static void find_top(void)
{
	const char *unit = strstr(__FILE__, "unit/test_config.c");

	snprintf(top, sizeof(top), "%.*s", unit ? (int)(unit - __FILE__) : 0,
		 __FILE__);
}

static void fixture(char *path, size_t cap, const char *name)
{
	snprintf(path, cap, "%sdata/config/%s", top, name);
}

struct bad_case {
	const char *file;
	const char *message;   /* after "PATH:" */
};

static const struct bad_case bad_cases[] = {
	{ "not_a_number.conf",
	  "4: [axis.height] max_speed: 'fast' is not a number" },
	{ "unknown_section.conf",
	  "4: [motors]: unknown section (see docs/configuration.md)" },
	{ "unknown_key.conf",
	  "3: [link] speed: unknown key (see docs/configuration.md)" },
	{ "duplicate_key.conf",
	  "4: [control] period_ms: set twice (first at line 2)" },
	{ "duplicate_section.conf",
	  "7: [control]: section appears twice (first at line 1)" },
	{ "key_outside_section.conf",
	  "2: period_ms: key outside any section (put it under [link], [control], ...)" },
	{ "syntax_error.conf",
	  "3: syntax error: expected [section], key = value, or a comment" },
	{ "out_of_range.conf",
	  "2: [control] period_ms: '0' is out of range 2..100" },
	{ "bad_transport.conf",
	  "2: [link] transport: 'udp' is not one of tcp, rtu" },
	{ "bad_baud.conf",
	  "3: [link] baud: 12345 is not a standard rate (1200 .. 921600)" },
	{ "limits_reversed.conf",
	  "3: [axis.tilt] max: 10 is not above min (20)" },
	{ "response_timeout_too_long.conf",
	  "5: [link] response_timeout_ms: 50 ms is not shorter than the control period (10 ms)" },
	{ "slave_clash.conf",
	  "5: [drive.tilt] slave: 1 is also the slave of [drive.height]" },
	{ "unknown_profile.conf",
	  "2: [drive.height] profile: no profile 'acme-9' (shipped: omt-generic-1, linak-techline-tcp, cia402-pp; others need a [profile.acme-9] section)" },
	{ "profile_incomplete.conf",
	  "2: [profile.acme-9] addr.current: missing (required)" },
	{ "builtin_redefined.conf",
	  "1: [profile.omt-generic-1]: omt-generic-1 is built in and cannot be redefined; give your profile another name" },
	{ "rule_bad_syntax.conf",
	  "2: [rule.low-table] when: '<>' is not one of <, <=, >, >=" },
	{ "rule_missing_forbid.conf",
	  "1: [rule.low-table] forbid: missing (required)" },
	{ "bad_condition_axis.conf",
	  "2: [rule.r1] when: 'lumbar' is not height or tilt" },
	{ "pinch_outside_limits.conf",
	  "7: [pinch.floor] from: zone 450..550 is not inside the soft limits 500..940" },
	{ "stop_decel_gentle.conf",
	  "3: [axis.height] stop_decel: 30 is below max_accel (50): a stop never brakes gentler than a start" },
	{ "pinch_bad_axis.conf",
	  "2: [pinch.floor] axis: 'lumbar' is not one of height, tilt" },
	{ "pedal_bad_function.conf",
	  "2: [io] function.pedal-preset: 'jump' is not one of none, height-up, height-down, tilt-up, tilt-down, enable, arm-drops, preset:NAME" },
	{ "two_channel_mismatch.conf",
	  "2: [io] two_channel_enable: needs function.pedal-enable-a and function.pedal-enable-b both 'enable'" },
	{ "gpio_missing_line.conf",
	  "1: [io] line.pedal-height-down: missing: the input has function height-down but no GPIO line" },
	{ "relative_path.conf",
	  "2: [control] state_dir: 'var/lib/omt' is not an absolute path" },
	{ "nan_value.conf",
	  "2: [axis.height] max: 'nan' is not a number" },
	{ "drop_key_on_height.conf",
	  "2: [axis.height] cocked_position: unknown key (see docs/configuration.md)" },
	{ "watchdog_too_short.conf",
	  "3: [control] drive_watchdog_ms: 15 ms is shorter than two control periods (20 ms): the drives would stop between writes" },
	{ "comms_lost_too_short.conf",
	  "3: [control] comms_lost_ms: 30 ms is shorter than two control periods (40 ms): one late exchange would count as a lost unit" },
	{ "comms_lost_beyond_watchdog.conf",
	  "3: [control] comms_lost_ms: 250 ms is longer than twice drive_watchdog_ms (200 ms): omtd would count on a drive long after it stopped itself" },
	{ "comms_failure_limit_retired.conf",
	  "2: [control] comms_failure_limit: replaced by comms_lost_ms, a time: a unit whose exchanges all fail for that long is lost" },
	{ "long_line.conf",
	  "2: line longer than 198 characters" },
	{ "utf8_bom.conf",
	  "1: the file starts with a UTF-8 byte-order mark: save it without one" },
	{ "nul_line.conf",
	  "3: NUL byte in the line (a binary or damaged file?)" },
};
#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(malformed_file_gives_its_message_and_changes_nothing)
{
	const struct bad_case *c = &bad_cases[_i];
	struct omtd_config out, sentinel;
	char path[512], expect[768], err[OMTD_ERR_MAX];

	fixture(path, sizeof(path), c->file);
	memset(&out, 0xa5, sizeof(out));
	memcpy(&sentinel, &out, sizeof(out));
	ck_assert_int_eq(omtd_config_load(path, &out, err, sizeof(err)), -EINVAL);
	snprintf(expect, sizeof(expect), "%s:%s", path, c->message);
	ck_assert_str_eq(err, expect);
	ck_assert_int_eq(memcmp(&out, &sentinel, sizeof(out)), 0);
}
END_TEST

START_TEST(every_fixture_is_checked)
{
	/* A fixture added to the directory without a case here is a gap. */
	char cmd[600], path[512];
	unsigned int files = 0;
	FILE *ls;

	fixture(path, sizeof(path), "");
	snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c '\\.conf$'", path);
	ls = popen(cmd, "r");
	ck_assert_ptr_nonnull(ls);
	ck_assert_int_eq(fscanf(ls, "%u", &files), 1);
	pclose(ls);
	ck_assert_uint_eq(files, N_BAD);
}
END_TEST

START_TEST(missing_file_is_named)
{
	struct omtd_config out;
	char err[OMTD_ERR_MAX];

	ck_assert_int_eq(omtd_config_load("/nonexistent/omtd.conf", &out, err,
					  sizeof(err)), -ENOENT);
	ck_assert_str_eq(err,
			 "/nonexistent/omtd.conf: cannot open: No such file or directory");
}
END_TEST

START_TEST(shipped_file_is_the_defaults)
{
	struct omtd_config loaded, defaults;
	char path[512], err[OMTD_ERR_MAX];

	snprintf(path, sizeof(path), "%s../etc/omtd.conf", top);
	ck_assert_msg(omtd_config_load(path, &loaded, err, sizeof(err)) == 0,
		      "%s", err);
	omtd_config_defaults(&defaults);
	ck_assert_int_eq(memcmp(&loaded, &defaults, sizeof(loaded)), 0);
}
END_TEST

START_TEST(empty_file_is_the_defaults_and_they_are_valid)
{
	struct omtd_config loaded, defaults;
	struct omtd_config_issue issue;
	char err[OMTD_ERR_MAX];

	ck_assert_int_eq(omtd_config_load_string("", "empty.conf", &loaded, err,
						 sizeof(err)), 0);
	omtd_config_defaults(&defaults);
	ck_assert_int_eq(omtd_config_validate(&defaults, &issue), 0);
	ck_assert_int_eq(memcmp(&loaded, &defaults, sizeof(loaded)), 0);
	ck_assert_int_eq(defaults.link.transport, LINK_TRANSPORT_TCP);
	ck_assert_uint_eq(defaults.control.period_ms, 10);
	ck_assert_uint_lt(defaults.link.response_timeout_ms,
			  defaults.control.period_ms);
	ck_assert_uint_eq(defaults.control.comms_lost_ms, 60);
	ck_assert_uint_eq(defaults.control.hold_timeout_ms, 300);
	ck_assert_str_eq(defaults.control.interlock_device, "/dev/omt_table");
	ck_assert_str_eq(defaults.control.state_dir, "/var/lib/omt");
	ck_assert_str_eq(defaults.drive[OMT_AXIS_PELVIC].profile,
			 "omt-generic-1");
	ck_assert_uint_eq(defaults.drive[OMT_AXIS_TILT].slave, 2);
	ck_assert_uint_eq(defaults.io.slave, 10);
	ck_assert_uint_eq(defaults.n_profiles, 1);
}
END_TEST

START_TEST(rtu_gets_rtu_timing_unless_set)
{
	struct omtd_config c;
	char err[OMTD_ERR_MAX];

	ck_assert_int_eq(omtd_config_load_string("[link]\ntransport = rtu\n",
						 "rtu.conf", &c, err,
						 sizeof(err)), 0);
	ck_assert_uint_eq(c.control.period_ms, 20);
	ck_assert_uint_eq(c.link.response_timeout_ms, 15);
	ck_assert_uint_eq(c.link.byte_timeout_ms, 3);
	ck_assert_msg(omtd_config_load_string(
			      "[link]\ntransport = rtu\nresponse_timeout_ms = 30\n"
			      "[control]\nperiod_ms = 40\ndrive_watchdog_ms = 200\n"
			      "comms_lost_ms = 100\n",
			      "rtu.conf", &c, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(c.control.period_ms, 40);
	ck_assert_uint_eq(c.link.response_timeout_ms, 30);
}
END_TEST

static const char full_config[] =
	"; every section at once\n"
	"[link]\n"
	"transport = rtu\n"
	"device = /dev/ttyAMA1\n"
	"baud = 57600\n"
	"parity = O\n"
	"data_bits = 8\n"
	"stop_bits = 2\n"
	"rs485 = kernel\n"
	"rts_delay_before_ms = 1\n"
	"rts_delay_after_ms = 2\n"
	"response_timeout_ms = 25\n"
	"byte_timeout_ms = 4\n"
	"reconnect_interval_ms = 2500\n"
	"[control]\n"
	"period_ms = 30\n"
	"rt_priority = 70\n"
	"comms_lost_ms = 90\n"
	"idle_lock_s = 0\n"
	"hold_timeout_ms = 500\n"
	"drive_watchdog_ms = 200\n"
	"interlock_device = /dev/omt_table1\n"
	"state_dir = /srv/omt\n"
	"[drive.tilt]\n"
	"slave = 12\n"
	"profile = acme-9\n"
	"[drive.pelvic]\n"
	"present = no\n"
	"[io]\n"
	"source = gpio\n"
	"gpio_chip = omt-pedals\n"
	"gpio_active_low = yes\n"
	"two_channel_enable = no\n"
	"pedal_mismatch_ms = 150\n"
	"unlock_gesture_ms = 800\n"
	"line.pedal-height-up = 0\n"
	"line.pedal-height-down = 1\n"
	"line.pedal-tilt-up = TILT_UP\n"
	"line.pedal-tilt-down = TILT_DOWN\n"
	"line.pedal-enable-a = 4\n"
	"line.pedal-arm-drops = 6\n"
	"line.pedal-preset = 7\n"
	"function.pedal-enable-b = none\n"
	"function.pedal-preset = preset:treatment-1\n"
	"[axis.height]\n"
	"min = 500\n"
	"max = 900.5\n"
	"max_speed = 30\n"
	"max_accel = 60\n"
	"max_jerk = 400\n"
	"slow_zone_below = 560\n"
	"slow_zone_factor = 0.5\n"
	"following_error_max = 4\n"
	"stall_time_ms = 700\n"
	"stall_min_travel = 0.8\n"
	"obstruction_current_ma = 2500\n"
	"overcurrent_ma = 4500\n"
	"uncommanded_travel = 3\n"
	"position_jump = 15\n"
	"duty_on_s = 30\n"
	"duty_window_s = 600\n"
	"[axis.tilt]\n"
	"slow_zone_below = none\n"
	"[axis.drops]\n"
	"cocked_position = 10\n"
	"default_tension = 3\n"
	"[pinch.floor]\n"
	"axis = height\n"
	"from = 500\n"
	"to = 540\n"
	"speed_factor = 0.2\n"
	"[rule.low-table]\n"
	"when = height < 600\n"
	"forbid = tilt >= 10.5\n"
	"[profile.acme-9]\n"
	"addr.status = 0x0100\n"
	"addr.fault_code = 0x0101\n"
	"addr.position = 0x0102\n"
	"addr.velocity = 0x0104\n"
	"addr.current = 0x0105\n"
	"addr.control = 0x0200\n"
	"addr.setpoint = 0x0201\n"
	"addr.min_position = 0x0300\n"
	"addr.max_position = 0x0302\n"
	"word_order = low-first\n"
	"position_scale = 0.001\n"
	"velocity_scale = 0.01\n"
	"current_scale = 10\n"
	"status_bit.ready = 15\n"
	"status_bit.enabled = 14\n"
	"status_bit.fault = 3\n"
	"status_bit.obstruction = 9\n"
	"control_bit.enable = 0\n"
	"control_bit.quick_stop = 2\n"
	"control_bit.fault_reset = 7\n"
	"function23 = no\n";

START_TEST(full_file_lands_in_the_right_fields)
{
	struct omtd_config c;
	char err[OMTD_ERR_MAX];

	ck_assert_msg(omtd_config_load_string(full_config, "full.conf", &c, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(c.link.transport, LINK_TRANSPORT_RTU);
	ck_assert_str_eq(c.link.device, "/dev/ttyAMA1");
	ck_assert_uint_eq(c.link.baud, 57600);
	ck_assert_int_eq(c.link.parity, 'O');
	ck_assert_uint_eq(c.link.stop_bits, 2);
	ck_assert_int_eq(c.link.rs485, LINK_RS485_KERNEL);
	ck_assert_uint_eq(c.link.rts_delay_after_ms, 2);
	ck_assert_uint_eq(c.link.response_timeout_ms, 25);
	ck_assert_uint_eq(c.link.byte_timeout_ms, 4);
	ck_assert_uint_eq(c.link.reconnect_interval_ms, 2500);
	ck_assert_uint_eq(c.control.period_ms, 30);
	ck_assert_int_eq(c.control.rt_priority, 70);
	ck_assert_uint_eq(c.control.idle_lock_s, 0);
	ck_assert_uint_eq(c.control.drive_watchdog_ms, 200);
	ck_assert_uint_eq(c.control.comms_lost_ms, 90);
	ck_assert_str_eq(c.control.state_dir, "/srv/omt");
	ck_assert_uint_eq(c.drive[OMT_AXIS_TILT].slave, 12);
	ck_assert_str_eq(c.drive[OMT_AXIS_TILT].profile, "acme-9");
	ck_assert_uint_eq(c.drive[OMT_AXIS_TILT].regmap_index, 1);
	ck_assert_uint_eq(c.drive[OMT_AXIS_HEIGHT].regmap_index, 0);
	ck_assert(!c.drive[OMT_AXIS_PELVIC].present);
	ck_assert_int_eq(c.io.source, OMTD_IO_GPIO);
	ck_assert_str_eq(c.io.gpio_chip, "omt-pedals");
	ck_assert(c.io.input[OMT_IN_PEDAL_TILT_UP].active_low);
	ck_assert_int_eq(c.io.input[OMT_IN_PEDAL_HEIGHT_DOWN].line_offset, 1);
	ck_assert_int_eq(c.io.input[OMT_IN_PEDAL_TILT_UP].line_offset, -1);
	ck_assert_str_eq(c.io.input[OMT_IN_PEDAL_TILT_UP].line_name, "TILT_UP");
	ck_assert_int_eq(c.io.input[OMT_IN_ESTOP_A].line_offset, -2);
	ck_assert(!c.io.two_channel_enable);
	ck_assert_uint_eq(c.io.pedal_mismatch_ms, 150);
	ck_assert_int_eq(c.io.pedal[OMT_IN_PEDAL_ENABLE_B].function,
			 OMT_PEDAL_NONE);
	ck_assert_int_eq(c.io.pedal[OMT_IN_PEDAL_PRESET].function,
			 OMT_PEDAL_PRESET);
	ck_assert_str_eq(c.io.pedal[OMT_IN_PEDAL_PRESET].preset, "treatment-1");

	const struct omtd_axis_config *h = &c.axis[OMTD_AXIS_GROUP_HEIGHT];

	ck_assert_double_eq(h->min, 500.0);
	ck_assert_double_eq(h->max, 900.5);
	ck_assert_double_eq(h->max_jerk, 400.0);
	ck_assert(h->slow_zone);
	ck_assert_double_eq(h->slow_zone_below, 560.0);
	ck_assert_double_eq(h->slow_zone_factor, 0.5);
	ck_assert_uint_eq(h->stall_time_ms, 700);
	ck_assert_uint_eq(h->obstruction_current_ma, 2500);
	ck_assert_uint_eq(h->duty_window_s, 600);
	ck_assert(!c.axis[OMTD_AXIS_GROUP_TILT].slow_zone);
	ck_assert_double_eq(c.axis[OMTD_AXIS_GROUP_DROPS].drop_cocked_position,
			    10.0);
	ck_assert_uint_eq(c.axis[OMTD_AXIS_GROUP_DROPS].drop_default_tension, 3);

	ck_assert_uint_eq(c.n_pinch, 1);
	ck_assert_str_eq(c.pinch[0].name, "floor");
	ck_assert_int_eq(c.pinch[0].axis, OMT_AXIS_HEIGHT);
	ck_assert_double_eq(c.pinch[0].to, 540.0);
	ck_assert_double_eq(c.pinch[0].speed_factor, 0.2);

	ck_assert_uint_eq(c.rules.n_rules, 1);
	ck_assert_str_eq(c.rule_name[0], "low-table");
	ck_assert_int_eq(c.rules.rule[0].when.axis, OMT_AXIS_HEIGHT);
	ck_assert_int_eq(c.rules.rule[0].when.cmp, OMT_CMP_LT);
	ck_assert_double_eq(c.rules.rule[0].when.value, 600.0);
	ck_assert_int_eq(c.rules.rule[0].forbid.axis, OMT_AXIS_TILT);
	ck_assert_int_eq(c.rules.rule[0].forbid.cmp, OMT_CMP_GE);
	ck_assert_double_eq(c.rules.rule[0].forbid.value, 10.5);

	const struct omt_regmap *p = omtd_config_profile(&c, "acme-9");

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->addr[REGMAP_REG_STATUS], 0x100);
	ck_assert_int_eq(p->addr[REGMAP_REG_MAX_POSITION], 0x302);
	ck_assert_int_eq(p->addr[REGMAP_REG_TENSION], REGMAP_ADDR_NONE);
	ck_assert_int_eq(p->word_order, REGMAP_LOW_WORD_FIRST);
	ck_assert_double_eq(p->position_scale, 0.001);
	ck_assert_int_eq(p->status_bit[REGMAP_ST_READY], 15);
	ck_assert_int_eq(p->status_bit[REGMAP_ST_OBSTRUCTION], 9);
	ck_assert_int_eq(p->status_bit[REGMAP_ST_HOMED], REGMAP_BIT_NONE);
	ck_assert_int_eq(p->control_bit[REGMAP_CTL_FAULT_RESET], 7);
	ck_assert(!p->function23);
	ck_assert_ptr_null(omtd_config_profile(&c, "acme-10"));
}
END_TEST

static size_t slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_msg(f != NULL, "%s", path);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

/* The commented-out examples of etc/omtd.conf are valid as written. */
START_TEST(shipped_examples_load)
{
	static char file[32768], text[8192];
	struct omtd_config c;
	char path[512], err[OMTD_ERR_MAX];
	size_t used = 0;

	snprintf(path, sizeof(path), "%s../etc/omtd.conf", top);
	slurp(path, file, sizeof(file));
	for (char *line = strtok(file, "\n"); line; line = strtok(NULL, "\n")) {
		const char *eq, *r = line + 2;

		if (strncmp(line, "# ", 2) != 0)
			continue;
		eq = strstr(r, " = ");
		if (r[0] != '[' && !(eq && memchr(r, ' ', (size_t)(eq - r)) == NULL))
			continue;
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s\n", r);
	}
	ck_assert(strstr(text, "[profile.acme-la40]") && strstr(text, "[rule."));
	ck_assert_msg(omtd_config_load_string(text, "examples", &c, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(c.n_pinch, 1);
	ck_assert_uint_eq(c.rules.n_rules, 1);
	ck_assert_ptr_nonnull(omtd_config_profile(&c, "acme-la40"));
}
END_TEST

/* The example of docs/register-profiles.md is valid as written. */
START_TEST(documented_profile_example_loads)
{
	static char doc[32768];
	struct omtd_config c;
	char path[512], err[OMTD_ERR_MAX];
	char *start, *end;

	snprintf(path, sizeof(path), "%s../docs/register-profiles.md", top);
	slurp(path, doc, sizeof(doc));
	start = strstr(doc, "```\n[profile.");
	ck_assert_ptr_nonnull(start);
	start += 4;
	end = strstr(start, "```");
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	ck_assert_msg(omtd_config_load_string(start, "example", &c, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(c.profiles[c.drive[OMT_AXIS_HEIGHT].regmap_index].name,
			 "acme-la40");
}
END_TEST

START_TEST(inline_comments_and_blanks_are_fine)
{
	struct omtd_config c;
	char err[OMTD_ERR_MAX];

	ck_assert_msg(omtd_config_load_string(
			      "# comment\n\n  [control]  \nperiod_ms = 20 ; faster\n"
			      "  rt_priority=50\n",
			      "c.conf", &c, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(c.control.period_ms, 20);
	ck_assert_int_eq(c.control.rt_priority, 50);
}
END_TEST

START_TEST(condition_syntax)
{
	static const struct {
		const char *text;
		enum omt_axis axis;
		enum omt_cmp cmp;
		double value;
	} good[] = {
		{ "height < 600", OMT_AXIS_HEIGHT, OMT_CMP_LT, 600 },
		{ "height <= 600.5", OMT_AXIS_HEIGHT, OMT_CMP_LE, 600.5 },
		{ "tilt > -5", OMT_AXIS_TILT, OMT_CMP_GT, -5 },
		{ "tilt >= 0", OMT_AXIS_TILT, OMT_CMP_GE, 0 },
	};
	static const char *const bad[] = {
		"", "height", "height <", "height < 600 mm", "height<600",
		"height == 600", "height < six", "height < nan",
		"roll < 5", "tilt => 3", "tilt < 1e9",
	};
	struct omt_condition c;
	char err[256];

	for (unsigned int i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(omtd_condition_parse(good[i].text, &c, err,
						   sizeof(err)) == 0, "%s", err);
		ck_assert_int_eq(c.axis, good[i].axis);
		ck_assert_int_eq(c.cmp, good[i].cmp);
		ck_assert_double_eq(c.value, good[i].value);
	}
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c.axis = OMT_AXIS_COUNT;
		err[0] = '\0';
		ck_assert_msg(omtd_condition_parse(bad[i], &c, err,
						   sizeof(err)) == -EINVAL, "%s", bad[i]);
		ck_assert_int_eq(c.axis, OMT_AXIS_COUNT);
		ck_assert_msg(err[0] != '\0', "no message for '%s'", bad[i]);
	}
}
END_TEST

/* The pure cross-field check, without a file: where and what. */
START_TEST(validation_names_section_and_key)
{
	struct omtd_config c;
	struct omtd_config_issue issue;

	omtd_config_defaults(&c);
	c.drive[OMT_AXIS_PELVIC].slave = 10;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.section, "drive.pelvic");
	ck_assert_str_eq(issue.key, "slave");
	ck_assert_str_eq(issue.message, "10 is also the slave of [io]");

	/* An absent drive's address clashes with nothing. */
	c.drive[OMT_AXIS_PELVIC].present = false;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), 0);

	omtd_config_defaults(&c);
	c.axis[OMTD_AXIS_GROUP_HEIGHT].obstruction_current_ma = 7500;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.section, "axis.height");
	ck_assert_str_eq(issue.key, "obstruction_current_ma");

	omtd_config_defaults(&c);
	c.axis[OMTD_AXIS_GROUP_TILT].duty_on_s = 500;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.key, "duty_on_s");
	c.axis[OMTD_AXIS_GROUP_TILT].duty_window_s = 0;   /* no limit at all */
	ck_assert_int_eq(omtd_config_validate(&c, &issue), 0);

	omtd_config_defaults(&c);
	c.link.byte_timeout_ms = 6;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.key, "byte_timeout_ms");

	omtd_config_defaults(&c);
	c.control.hold_timeout_ms = 20;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.key, "hold_timeout_ms");

	omtd_config_defaults(&c);
	c.io.source = OMTD_IO_GPIO;
	c.io.gpio_chip[0] = '\0';
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.key, "gpio_chip");
	snprintf(c.io.gpio_chip, sizeof(c.io.gpio_chip), "gpiochip1");
	for (unsigned int i = 0; i < OMT_PEDAL_INPUTS; i++)
		c.io.input[i].line_offset = (int32_t)i;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), 0);
	c.io.input[OMT_IN_ESTOP_A].line_offset = 3;
	ck_assert_int_eq(omtd_config_validate(&c, &issue), -EINVAL);
	ck_assert_str_eq(issue.key, "line.estop-a");
	ck_assert_str_eq(issue.message, "same GPIO line as line.pedal-tilt-down");
}
END_TEST

START_TEST(soft_limits_against_drive_travel)
{
	struct omtd_config c;
	struct drive_identity id = { .has_travel = true, .min_position = 450,
				     .max_position = 950 };
	char err[256];

	omtd_config_defaults(&c);
	ck_assert_int_eq(omtd_config_check_travel(&c, OMT_AXIS_HEIGHT, &id,
						  err, sizeof(err)), 0);
	id.max_position = 900;
	ck_assert_int_eq(omtd_config_check_travel(&c, OMT_AXIS_HEIGHT, &id,
						  err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err,
			 "[axis.height] soft limits 460..940 are outside the height drive's travel 450..900");
	id.has_travel = false;
	ck_assert_int_eq(omtd_config_check_travel(&c, OMT_AXIS_HEIGHT, &id,
						  err, sizeof(err)), 0);
	/* Drop sections share [axis.drops]. */
	id = (struct drive_identity){ .has_travel = true, .min_position = 0,
				      .max_position = 10 };
	ck_assert_int_eq(omtd_config_check_travel(&c, OMT_AXIS_LUMBAR, &id,
						  err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "[axis.drops]") && strstr(err, "lumbar"),
		      "%s", err);
}
END_TEST

START_TEST(names_of_inputs_and_functions)
{
	ck_assert_str_eq(omt_io_input_name(OMT_IN_PEDAL_ENABLE_B),
			 "pedal-enable-b");
	ck_assert_str_eq(omt_io_input_name(OMT_IN_DROP_FIRED_PELVIC),
			 "drop-fired-pelvic");
	ck_assert_str_eq(omt_io_input_name(OMT_IN_COUNT), "unknown");
	ck_assert_str_eq(omtd_pedal_function_name(OMT_PEDAL_ARM_DROPS),
			 "arm-drops");
	ck_assert_int_eq(omtd_axis_group_of(OMT_AXIS_CERVICAL),
			 OMTD_AXIS_GROUP_DROPS);
	ck_assert_int_eq(omtd_axis_group_of(OMT_AXIS_TILT),
			 OMTD_AXIS_GROUP_TILT);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_loop_test(tc, malformed_file_gives_its_message_and_changes_nothing,
			    0, N_BAD);
	tcase_add_test(tc, every_fixture_is_checked);
	tcase_add_test(tc, missing_file_is_named);
	tcase_add_test(tc, shipped_file_is_the_defaults);
	tcase_add_test(tc, empty_file_is_the_defaults_and_they_are_valid);
	tcase_add_test(tc, rtu_gets_rtu_timing_unless_set);
	tcase_add_test(tc, full_file_lands_in_the_right_fields);
	tcase_add_test(tc, shipped_examples_load);
	tcase_add_test(tc, documented_profile_example_loads);
	tcase_add_test(tc, inline_comments_and_blanks_are_fine);
	tcase_add_test(tc, condition_syntax);
	tcase_add_test(tc, validation_names_section_and_key);
	tcase_add_test(tc, soft_limits_against_drive_travel);
	tcase_add_test(tc, names_of_inputs_and_functions);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	find_top();
	return omt_check_run(config_suite());
}
