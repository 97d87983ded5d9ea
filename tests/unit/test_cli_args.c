// SPDX-License-Identifier: MIT
/*
 * omtctl's pure parts: every verb parses to the right request, every bad
 * word is a usage error (exit 2) that leaves the request untouched, D-Bus
 * errors map to the contract's exit codes, JSON is escaped.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "args.h"
#include "color.h"
#include "drive_status.h"
#include "errors.h"
#include "json.h"
#include "json_pretty.h"
#include "omt_regs.h"
#include "status.h"

static int parse_words(const char *line, struct omtctl_request *req)
{
	static char buffer[512];
	char *words[32] = { (char *)"omtctl" };
	char error[160];
	int n = 1, r;

	snprintf(buffer, sizeof(buffer), "%s", line);
	for (char *save = NULL, *w = strtok_r(buffer, " ", &save); w;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	error[0] = '\0';
	r = omtctl_parse(n, words, req, error, sizeof(error));
	if (r)
		ck_assert_msg(error[0] != '\0', "no reason for '%s'", line);
	return r;
}

START_TEST(simple_verbs)
{
	static const struct {
		const char *line;
		enum omtctl_verb verb;
	} cases[] = {
		{ "status", OMTCTL_STATUS },     { "stop", OMTCTL_STOP },
		{ "estop", OMTCTL_ESTOP },       { "lock", OMTCTL_LOCK },
		{ "unlock", OMTCTL_UNLOCK },     { "monitor", OMTCTL_MONITOR },
		{ "faults", OMTCTL_FAULTS },
		{ "faults clear", OMTCTL_FAULTS_CLEAR },
		{ "preset list", OMTCTL_PRESET_LIST },
		{ "diag loop", OMTCTL_DIAG_LOOP },
		{ "diag inputs", OMTCTL_DIAG_INPUTS },
		{ "diag axes", OMTCTL_DIAG_AXES },
		{ "help", OMTCTL_HELP },         { "--help", OMTCTL_HELP },
		{ "status -h", OMTCTL_HELP },
	};
	struct omtctl_request req;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(parse_words(cases[i].line, &req), 0);
		ck_assert_int_eq(req.verb, cases[i].verb);
	}
}
END_TEST

START_TEST(json_anywhere)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("--json status", &req), 0);
	ck_assert(req.json);
	ck_assert_int_eq(parse_words("status --json", &req), 0);
	ck_assert(req.json);
	ck_assert_int_eq(parse_words("status", &req), 0);
	ck_assert(!req.json);
	ck_assert_int_eq(parse_words("-q move height=600", &req), 0);
	ck_assert(req.quiet);
}
END_TEST

START_TEST(move_targets)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("move height=650.5 tilt=-2.5", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_MOVE);
	ck_assert_uint_eq(req.targets, OMTCTL_HAS_HEIGHT | OMTCTL_HAS_TILT);
	ck_assert(req.height == 650.5 && req.tilt == -2.5);
	ck_assert_int_eq(parse_words("move tilt=3", &req), 0);
	ck_assert_uint_eq(req.targets, OMTCTL_HAS_TILT);
	ck_assert(req.tilt == 3);
	/* A negative value after "--" is a word, not an option. */
	ck_assert_int_eq(parse_words("move -- height=700", &req), 0);
	ck_assert_uint_eq(req.targets, OMTCTL_HAS_HEIGHT);
}
END_TEST

START_TEST(named_verbs)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("preset save Prone_2", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_SAVE);
	ck_assert_str_eq(req.name, "Prone_2");
	ck_assert_int_eq(parse_words("preset recall supine", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_RECALL);
	ck_assert_int_eq(parse_words("preset delete a-b", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_DELETE);
	ck_assert_int_eq(parse_words("drop arm lumbar", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DROP_ARM);
	ck_assert_str_eq(req.name, "lumbar");
	ck_assert_int_eq(parse_words("drop disarm cervical", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DROP_DISARM);
	ck_assert_int_eq(parse_words("drop tension pelvic 10", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DROP_TENSION);
	ck_assert_uint_eq(req.level, 10);
	ck_assert_int_eq(parse_words("drop tension thoracic 1", &req), 0);
	ck_assert_uint_eq(req.level, 1);
}
END_TEST

START_TEST(diag_verbs)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("diag timing", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_TIMING);
	ck_assert_int_eq(parse_words("diag link", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_LINK);
	ck_assert_int_eq(parse_words("--json diag log", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_LOG);
	ck_assert(req.json);
	ck_assert_int_eq(parse_words("diag read height 0x20 5", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_READ);
	ck_assert_str_eq(req.name, "height");
	ck_assert_uint_eq(req.address, 0x20);
	ck_assert_uint_eq(req.count, 5);
	ck_assert_int_eq(parse_words("diag read io 65535 1", &req), 0);
	ck_assert_str_eq(req.name, "io");
	ck_assert_uint_eq(req.address, 65535);
	ck_assert_int_eq(parse_words("diag write lumbar 19 0xffff", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_WRITE);
	ck_assert_uint_eq(req.address, 19);
	ck_assert_uint_eq(req.value, 0xffff);
	ck_assert_int_eq(parse_words("diag trace --seconds 600 --out /tmp/t.csv", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_TRACE);
	ck_assert_uint_eq(req.seconds, 600);
	ck_assert_str_eq(req.out_path, "/tmp/t.csv");
	ck_assert_int_eq(parse_words("--out t.csv diag trace --seconds 1", &req), 0);
	ck_assert_uint_eq(req.seconds, 1);
	ck_assert_int_eq(parse_words("diag selftest", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_SELFTEST);
	ck_assert(!req.no_pedals);
	ck_assert_int_eq(parse_words("diag selftest --no-pedals", &req), 0);
	ck_assert(req.no_pedals);
}
END_TEST

START_TEST(no_verb_is_status)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_STATUS);
	ck_assert_int_eq(parse_words("--json", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_STATUS);
	ck_assert(req.json);
	ck_assert_int_eq(parse_words("--version", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_VERSION);
}
END_TEST

/* getopt_long: values joined with '=' or given apart, options anywhere. */
START_TEST(long_option_forms)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("diag report --out=r.tar.gz", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_DIAG_REPORT);
	ck_assert_str_eq(req.out_path, "r.tar.gz");
	ck_assert_int_eq(parse_words("diag trace --seconds=2 --out=t.csv", &req), 0);
	ck_assert_uint_eq(req.seconds, 2);
	ck_assert_str_eq(req.out_path, "t.csv");
	ck_assert_int_eq(parse_words("--json=pretty status", &req), 0);
	ck_assert_int_eq(req.json_style, OMTCTL_JSON_PRETTY);
	ck_assert(req.json);
	ck_assert_int_eq(parse_words("--json=short status", &req), 0);
	ck_assert_int_eq(req.json_style, OMTCTL_JSON_SHORT);
	ck_assert_int_eq(parse_words("--json=off status", &req), 0);
	ck_assert(!req.json);
	ck_assert_int_eq(parse_words("--no-legend --no-pager preset list", &req), 0);
	ck_assert(req.no_legend);
	ck_assert_int_eq(parse_words("move tilt=-2.5 --quiet", &req), 0);
	ck_assert(req.quiet);
	ck_assert(req.tilt == -2.5);
}
END_TEST

START_TEST(preset_words)
{
	struct omtctl_request req;

	ck_assert_int_eq(parse_words("preset save \xc3\x84rztin --for dr-lee --force", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_SAVE);
	ck_assert_str_eq(req.name, "\xc3\x84rztin");
	ck_assert_str_eq(req.owner, "dr-lee");
	ck_assert(req.force);
	ck_assert_int_eq(parse_words("preset save prone", &req), 0);
	ck_assert(!req.force);
	ck_assert_str_eq(req.owner, "");
	ck_assert_int_eq(parse_words("preset show Prone", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_SHOW);
	ck_assert_int_eq(parse_words("preset rename prone Bauchlage", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_RENAME);
	ck_assert_str_eq(req.name, "prone");
	ck_assert_str_eq(req.new_name, "Bauchlage");
	ck_assert_int_eq(parse_words("preset save dot.name", &req), 0);
	ck_assert_int_eq(parse_words("preset list --for dr-lee", &req), 0);
	ck_assert_int_eq(req.verb, OMTCTL_PRESET_LIST);
	ck_assert_str_eq(req.owner, "dr-lee");
}
END_TEST

static const char *const bad_lines[] = {
	"frobnicate",
	"status extra",
	"stop now",
	"--verbose status",
	"-x",
	"move",
	"move height",
	"move height=",
	"move height=abc",
	"move height=600mm",
	"move height=600 mm",
	"move height=nan",
	"move height=inf",
	"move tilt=-infinity",
	"move height=1e999",
	"move depth=3",
	"move height=600 height=700",
	"move Height=600",
	"move =5",
	"preset",
	"preset list extra",
	"preset save",
	"preset save a b",
	"preset save bad/name",
	"preset save has\tspace",
	"preset save \xc3",
	"preset show",
	"preset rename a b c",
	"preset rename a b/c",
	"preset recall x --force",
	"preset list --force",
	"preset delete x --for dr-lee",
	"preset save x --for dr/lee",
	"preset save x --for",
	"move height=0x2ee",
	"move height=70cm",
	"move height=1e3",
	"move tilt=5deg",
	"move height=.",
	"move height=-",
	"--json=long status",
	"--version status",
	"--seconds",
	"preset save 0123456789abcdefghijABCDEFGHIJ_-x",
	"preset recall sp/ace",
	"preset rename a",
	"drop",
	"drop arm",
	"drop arm spine",
	"drop arm Lumbar",
	"drop fire lumbar",
	"drop tension lumbar",
	"drop tension lumbar 0",
	"drop tension lumbar 11",
	"drop tension lumbar -1",
	"drop tension lumbar 5.5",
	"drop tension lumbar +3",
	"drop tension lumbar 99999999999999999999",
	"faults reset",
	"faults clear now",
	"diag",
	"diag registers",
	"diag read",
	"diag read height 0",
	"diag read height 0 0",
	"diag read height 0 17",
	"diag read height 65536 1",
	"diag read height -1 1",
	"diag read height 0x 1",
	"diag read drawer 0 1",
	"diag read Height 0 1",
	"diag write height 19",
	"diag write height 19 65536",
	"diag write io 0 1 2",
	"diag trace",
	"diag trace --seconds 5",
	"diag trace --out x.csv",
	"diag trace --seconds 0 --out x.csv",
	"diag trace --seconds 601 --out x.csv",
	"diag trace --seconds 1.5 --out x.csv",
	"diag trace --seconds 5 --out",
	"diag log --seconds 5",
	"status --out x.csv",
	"diag selftest extra",
	"diag log --no-pedals",
	"diag report",
	"diag report --seconds 5 --out x.tar.gz",
	"diag selftest --out x.tar.gz",
};

START_TEST(bad_words_are_usage_errors)
{
	struct omtctl_request req = { .verb = OMTCTL_MONITOR, .level = 77 };

	ck_assert_int_eq(parse_words(bad_lines[_i], &req), OMTCTL_EXIT_USAGE);
	/* Untouched: nothing half-parsed can be acted on. */
	ck_assert_int_eq(req.verb, OMTCTL_MONITOR);
	ck_assert_uint_eq(req.level, 77);
}
END_TEST

START_TEST(exit_codes_for_errors)
{
	ck_assert_int_eq(omtctl_exit_for_error("org.omt.Table1.Error.OutOfRange"), 1);
	ck_assert_int_eq(omtctl_exit_for_error("org.omt.Table1.Error.Locked"), 1);
	ck_assert_int_eq(omtctl_exit_for_error("org.omt.Table1.Error.Faulted"), 1);
	ck_assert_int_eq(omtctl_exit_for_error("org.omt.Table1.Error.Interlock"), 1);
	ck_assert_int_eq(omtctl_exit_for_error("org.omt.Table1.Error.NotFound"), 1);
	ck_assert_int_eq(omtctl_exit_for_error("org.freedesktop.DBus.Error.InvalidArgs"), 1);
	ck_assert_int_eq(omtctl_exit_for_error("org.freedesktop.DBus.Error.AccessDenied"), 3);
	ck_assert_int_eq(omtctl_exit_for_error("org.freedesktop.DBus.Error.ServiceUnknown"), 4);
	ck_assert_int_eq(omtctl_exit_for_error("org.freedesktop.DBus.Error.NameHasNoOwner"), 4);
	ck_assert_int_eq(omtctl_exit_for_error("org.freedesktop.DBus.Error.NoReply"), 4);
	ck_assert_int_eq(omtctl_exit_for_error("com.example.Whatever"), 1);
	ck_assert_int_eq(omtctl_exit_for_error(NULL), 1);
}
END_TEST

START_TEST(sentences_for_errors)
{
	ck_assert(strstr(omtctl_error_sentence("org.omt.Table1.Error.Locked"),
			 "unlock") != NULL);
	ck_assert(strstr(omtctl_error_sentence("org.freedesktop.DBus.Error.AccessDenied"),
			 "omt-operator") != NULL);
	ck_assert(strstr(omtctl_error_sentence("org.freedesktop.DBus.Error.ServiceUnknown"),
			 "not running") != NULL);
	ck_assert_ptr_nonnull(omtctl_error_sentence("x.y"));
}
END_TEST

static char *capture(void (*emit)(FILE *, const void *), const void *arg)
{
	static char text[4096];
	FILE *f = fmemopen(text, sizeof(text), "w");

	ck_assert_ptr_nonnull(f);
	emit(f, arg);
	fclose(f);
	return text;
}

static void emit_string(FILE *f, const void *arg)
{
	omtctl_json_string(f, arg);
}

START_TEST(json_escaping)
{
	ck_assert_str_eq(capture(emit_string, "plain"), "\"plain\"");
	ck_assert_str_eq(capture(emit_string, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	ck_assert_str_eq(capture(emit_string, "l1\nl2\t\x01"),
			 "\"l1\\nl2\\t\\u0001\"");
}
END_TEST

static void emit_status(FILE *f, const void *arg)
{
	omtctl_print_status(f, arg, true);
}

static void emit_pretty(FILE *f, const void *arg)
{
	struct omtctl_json_pretty state = { 0 };
	const char *text = arg;

	/* Fed in two pieces: a stream may split anywhere. */
	omtctl_json_pretty_feed(&state, text, 9, f);
	omtctl_json_pretty_feed(&state, text + 9, strlen(text) - 9, f);
}

START_TEST(json_pretty_indents)
{
	ck_assert_str_eq(capture(emit_pretty,
				 "{\"a\":[1,{\"b\":\"x,{}:\\\"\"}],\"e\":{},\"f\":[]}\n[]\n"),
			 "{\n"
			 "  \"a\": [\n"
			 "    1,\n"
			 "    {\n"
			 "      \"b\": \"x,{}:\\\"\"\n"
			 "    }\n"
			 "  ],\n"
			 "  \"e\": {},\n"
			 "  \"f\": []\n"
			 "}\n"
			 "[]\n");
}
END_TEST

START_TEST(drive_status_in_words)
{
	char text[160], small[8];

	ck_assert_int_gt(omtctl_status_words(0x0083, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "ready,enabled,homed");
	omtctl_status_words(0x0000, text, sizeof(text));
	ck_assert_str_eq(text, "-");
	omtctl_status_words(0x0300, text, sizeof(text));
	ck_assert_str_eq(text, "obstruction,comms-timeout");
	omtctl_status_words(0x8010, text, sizeof(text));
	ck_assert_str_eq(text, "fault,bit15");
	omtctl_status_words(0xffff, text, sizeof(text));
	ck_assert_str_eq(text, "ready,enabled,moving,in-position,fault,"
			 "limit-low,limit-high,homed,obstruction,comms-timeout,"
			 "bit10,bit11,bit12,bit13,bit14,bit15");
	ck_assert_int_eq(omtctl_status_words(0x0003, small, sizeof(small)), -1);
	ck_assert_str_eq(omt_drive_fault_name(0), "none");
	ck_assert_str_eq(omt_drive_fault_name(3), "following-error");
	ck_assert_str_eq(omt_drive_fault_name(7), "supply");
	ck_assert_str_eq(omt_drive_fault_name(8), "unknown");
	ck_assert_str_eq(omt_axis_kind_name(OMT_AXIS_KIND_ROTARY), "rotary");
	ck_assert_str_eq(omt_axis_kind_name(3), "drop section");
	ck_assert_str_eq(omt_axis_kind_name(0), "unknown");
	ck_assert_str_eq(omt_axis_kind_name(4), "unknown");
	ck_assert_str_eq(omtctl_axis_unit("tilt"), "deg");
	ck_assert_str_eq(omtctl_axis_unit("height"), "mm");
	ck_assert_str_eq(omtctl_axis_unit("lumbar"), "mm");
}
END_TEST

START_TEST(color_only_on_a_terminal_without_no_color)
{
	ck_assert(omtctl_color_wanted(true, NULL, "xterm"));
	ck_assert(omtctl_color_wanted(true, "", "xterm"));   /* empty: unset */
	ck_assert(omtctl_color_wanted(true, NULL, NULL));
	ck_assert(!omtctl_color_wanted(false, NULL, "xterm"));
	ck_assert(!omtctl_color_wanted(true, "1", "xterm"));
	ck_assert(!omtctl_color_wanted(true, NULL, "dumb"));
	ck_assert_str_eq(omtctl_state_color("estop"), OMTCTL_COLOR_FAULT);
	ck_assert_str_eq(omtctl_state_color("fault"), OMTCTL_COLOR_FAULT);
	ck_assert_str_eq(omtctl_state_color("locked"), "");
}
END_TEST

START_TEST(status_json_shape)
{
	static struct omtctl_status s = {
		.state = "idle", .height = 650.5, .tilt = -1, .locked = true,
		.hold_timeout_ms = 300, .n_faults = 1,
		.faults = { "modbus-timeout:height" }, .n_presets = 2,
		.n_messages = 1, .message_codes = { "modbus-timeout:height" },
		.fault_messages = { "no reply from the height drive" },
		.presets = { "a", "b" }, .n_drops = 1,
		.drops = { { "lumbar", "armed", 7 } },
		.n_duty = 1, .duty = { { "height", 25, 12.5, 40 } },
	};

	ck_assert_str_eq(capture(emit_status, &s),
			 "{\"state\":\"idle\",\"height\":650.50,\"tilt\":-1.00,"
			 "\"locked\":true,\"active_faults\":[\"modbus-timeout:height\"],"
			 "\"faults\":[{\"code\":\"modbus-timeout:height\","
			 "\"message\":\"no reply from the height drive\"}],"
			 "\"drops\":{\"lumbar\":\"armed\"},\"drop_tensions\":{\"lumbar\":7},"
			 "\"duty_cycle\":{\"height\":{\"budget_s\":25.00,"
			 "\"left_s\":12.50,\"whole_in_s\":40.00}},\"drives\":{},"
			 "\"presets\":[\"a\",\"b\"],"
			 "\"hold_timeout_ms\":300}\n");
	s.height = NAN;
	ck_assert(strstr(capture(emit_status, &s), "\"height\":null") != NULL);
}
END_TEST

START_TEST(progress)
{
	const double start[2] = { 600, 0 }, target[2] = { 700, 10 };
	double now[2] = { 650, 0 };
	char bar[64];

	ck_assert(fabs(omtctl_move_fraction(OMTCTL_HAS_HEIGHT, start, target,
					    now) - 0.5) < 1e-9);
	ck_assert(fabs(omtctl_move_fraction(OMTCTL_HAS_HEIGHT | OMTCTL_HAS_TILT,
					    start, target, now) -
		       50.0 / 110.0) < 1e-9);
	/* Overshoot backwards, nothing to do, arrived. */
	now[0] = 500;
	ck_assert(omtctl_move_fraction(OMTCTL_HAS_HEIGHT, start, target, now) == 0);
	ck_assert(omtctl_move_fraction(OMTCTL_HAS_HEIGHT, start, start, now) == 1);
	now[0] = 700;
	ck_assert(omtctl_move_fraction(OMTCTL_HAS_HEIGHT, start, target, now) == 1);
	omtctl_format_progress(bar, sizeof(bar), 0.5);
	ck_assert_str_eq(bar, "[###############...............]  50%");
	omtctl_format_progress(bar, sizeof(bar), NAN);
	ck_assert_str_eq(bar, "[..............................]   0%");
	omtctl_format_progress(bar, sizeof(bar), 7);
	ck_assert_str_eq(bar, "[##############################] 100%");
}
END_TEST

/* A code is its place in OMTCTL_EXIT_LIST: these are the contract's. */
START_TEST(exit_codes_are_the_contracts)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	ck_assert_int_eq(OMTCTL_EXIT_OK, 0);
	ck_assert_int_eq(OMTCTL_EXIT_REFUSED, 1);
	ck_assert_int_eq(OMTCTL_EXIT_USAGE, 2);
	ck_assert_int_eq(OMTCTL_EXIT_DENIED, 3);
	ck_assert_int_eq(OMTCTL_EXIT_UNREACHABLE, 4);
	ck_assert_int_eq(OMTCTL_EXIT_NOT_REACHED, 5);
	ck_assert_int_eq(OMTCTL_EXIT_CODES, 6);
	/* --help lists each with its meaning. */
	ck_assert_ptr_nonnull(out);
	omtctl_print_usage(out);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "Exit status:\n  0  done\n"));
	ck_assert_ptr_nonnull(strstr(text, "  3  not authorized\n"));
	ck_assert_ptr_nonnull(strstr(text,
				     "  5  motion ended short of its target\n"));
	free(text);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("omtctl", "pure", &tc);

	tcase_add_test(tc, simple_verbs);
	tcase_add_test(tc, json_anywhere);
	tcase_add_test(tc, json_pretty_indents);
	tcase_add_test(tc, drive_status_in_words);
	tcase_add_test(tc, color_only_on_a_terminal_without_no_color);
	tcase_add_test(tc, no_verb_is_status);
	tcase_add_test(tc, long_option_forms);
	tcase_add_test(tc, preset_words);
	tcase_add_test(tc, move_targets);
	tcase_add_test(tc, named_verbs);
	tcase_add_test(tc, diag_verbs);
	tcase_add_loop_test(tc, bad_words_are_usage_errors, 0,
			    sizeof(bad_lines) / sizeof(bad_lines[0]));
	tcase_add_test(tc, exit_codes_for_errors);
	tcase_add_test(tc, sentences_for_errors);
	tcase_add_test(tc, json_escaping);
	tcase_add_test(tc, status_json_shape);
	tcase_add_test(tc, progress);
	tcase_add_test(tc, exit_codes_are_the_contracts);
	return omt_check_run(s);
}
