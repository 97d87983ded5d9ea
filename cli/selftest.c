// SPDX-License-Identifier: MIT
/*
 * omtctl diag selftest: a technician's check of the whole table, step by
 * step, each reported PASS, FAIL or SKIP:
 *
 *   identity  every configured drive answers with the AXIS_KIND of its
 *             axis (height linear, tilt rotary, drops drop-section) and a
 *             hardware travel with min < max that holds omtd's configured
 *             soft limits;
 *   motion    height 5 mm and tilt 0.5 degree away and back, each a normal
 *             hold-to-run MoveTo held by omtctl itself (so the table stops
 *             the moment omtctl goes away), only while the table is idle
 *             and unlocked; passing means the drive reached its target
 *             without the daemon's following-error supervision (or any
 *             other fault) ending the move;
 *   pedals    (unless --no-pedals) the table is locked, so a pedal moves
 *             nothing, and each pedal is asked for in turn: "press X now",
 *             then "release it", watching GetInputs, 15 s for each.
 *
 * Exit 0 when nothing failed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "json.h"
#include "move.h"
#include "omt_regs.h"
#include "selftest.h"

#define PEDAL_WAIT_S 15
#define POLL_NS (50 * 1000 * 1000L)

struct tally {
	const struct omtctl_request *req;
	int failed;
	int reported;
};

static void report(struct tally *t, const char *result, const char *step,
		   const char *detail)
{
	if (strcmp(result, "FAIL") == 0)
		t->failed++;
	if (t->req->json) {
		/* One document: {"steps":[...],"failed":N}, built as it goes. */
		printf("%s{\"step\":", t->reported++ ? "," : "{\"steps\":[");
		omtctl_json_string(stdout, step);
		printf(",\"result\":\"%s\",\"detail\":", result);
		omtctl_json_string(stdout, detail);
		printf("}");
	} else
		printf("%-4s  %-22s %s\n", result, step, detail);
	fflush(stdout);
}

static enum omt_axis_kind expected_kind(const char *axis)
{
	if (strcmp(axis, "height") == 0)
		return OMT_AXIS_KIND_LINEAR;
	if (strcmp(axis, "tilt") == 0)
		return OMT_AXIS_KIND_ROTARY;
	return OMT_AXIS_KIND_DROP;
}

/* The drives omtd has configured, as GetAxes lists them. */
static int configured_drives(sd_bus *bus, char names[][16], int max)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *name;
	double d;
	uint16_t q;
	int online, n = 0, r;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_DIAG_INTERFACE, "GetAxes", &error, &reply,
			       "");
	if (r < 0) {
		r = omtctl_report(&error, r, "GetAxes");
		sd_bus_error_free(&error);
		return -r;
	}
	r = sd_bus_message_enter_container(reply, 'a', "(sbddddqq)");
	while (r >= 0 && n < max &&
	       (r = sd_bus_message_read(reply, "(sbddddqq)", &name, &online,
					&d, &d, &d, &d, &q, &q)) > 0)
		snprintf(names[n++], sizeof(names[0]), "%s", name);
	return n;
}

/* The configured soft limits of axis; false when omtd does not say. */
static bool soft_limits(sd_bus *bus, const char *axis, double *min,
			double *max)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *name;
	double lo, hi;
	bool found = false;
	int r;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_DIAG_INTERFACE, "GetTravelLimits", NULL,
			       &reply, "");
	if (r >= 0)
		r = sd_bus_message_enter_container(reply, 'a', "(sdd)");
	while (r >= 0 &&
	       (r = sd_bus_message_read(reply, "(sdd)", &name, &lo, &hi)) > 0)
		if (strcmp(name, axis) == 0) {
			*min = lo;
			*max = hi;
			found = true;
		}
	return found;
}

static void identity_step(sd_bus *bus, struct tally *t, const char *axis,
			  double travel[2])
{
	double soft_min = 0, soft_max = 0;
	bool have_soft;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const uint16_t *regs;
	char step[40], detail[160];
	size_t size;
	int kind, r;
	int32_t min, max;

	snprintf(step, sizeof(step), "identity %s", axis);
	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_DIAG_INTERFACE, "ReadRegisters", &error,
			       &reply, "sqq", axis, 0x20, 5);
	if (r >= 0)
		r = sd_bus_message_read_array(reply, 'q', (const void **)&regs,
					      &size);
	if (r < 0 || size != 5 * sizeof(uint16_t)) {
		snprintf(detail, sizeof(detail), "no identity: %s",
			 error.message ? error.message : strerror(-r));
		report(t, "FAIL", step, detail);
		sd_bus_error_free(&error);
		sd_bus_message_unref(reply);
		return;
	}
	kind = regs[0];
	min = (int32_t)((uint32_t)regs[1] << 16 | regs[2]);
	max = (int32_t)((uint32_t)regs[3] << 16 | regs[4]);
	travel[0] = min / 100.0;
	travel[1] = max / 100.0;
	have_soft = soft_limits(bus, axis, &soft_min, &soft_max);
	snprintf(detail, sizeof(detail),
		 "%s (%d), travel %.2f..%.2f, soft limits %.2f..%.2f",
		 omt_axis_kind_name(kind), kind, travel[0], travel[1], soft_min, soft_max);
	if (!have_soft) {
		strncat(detail, ": omtd did not give its soft limits",
			sizeof(detail) - strlen(detail) - 1);
		report(t, "FAIL", step, detail);
	} else if (soft_min < travel[0] || soft_max > travel[1] ||
		   soft_min >= soft_max) {
		strncat(detail, ": the soft limits are not inside the travel",
			sizeof(detail) - strlen(detail) - 1);
		report(t, "FAIL", step, detail);
	} else if (kind != (int)expected_kind(axis)) {
		strncat(detail, ": the wrong kind for this axis",
			sizeof(detail) - strlen(detail) - 1);
		report(t, "FAIL", step, detail);
	} else if (min >= max) {
		strncat(detail, ": min is not below max",
			sizeof(detail) - strlen(detail) - 1);
		report(t, "FAIL", step, detail);
	} else {
		report(t, "PASS", step, detail);
	}
	sd_bus_message_unref(reply);
}

/* There and back, each leg held to run like any omtctl move. */
static void motion_step(sd_bus *bus, struct tally *t, bool height,
			double here, double step_size, const double travel[2])
{
	struct omtctl_request move = { .verb = OMTCTL_MOVE, .quiet = true,
				       .silent = true };
	const char *name = height ? "motion height" : "motion tilt";
	double away = here + step_size;
	char detail[120];
	int r;

	/* Toward the middle of the travel, so the step fits. */
	if (here > (travel[0] + travel[1]) / 2)
		away = here - step_size;
	move.targets = height ? OMTCTL_HAS_HEIGHT : OMTCTL_HAS_TILT;
	for (int leg = 0; leg < 2; leg++) {
		double target = leg == 0 ? away : here;

		if (height)
			move.height = target;
		else
			move.tilt = target;
		r = omtctl_run_motion(bus, &move);
		if (r != 0) {
			snprintf(detail, sizeof(detail),
				 "the move to %.2f did not reach it (exit %d)",
				 target, r);
			report(t, "FAIL", name, detail);
			return;
		}
	}
	snprintf(detail, sizeof(detail),
		 "%.2f -> %.2f -> %.2f, no following-error or other fault",
		 here, away, here);
	report(t, "PASS", name, detail);
}

/* Whether the named input is on; -1 when it cannot be read. */
static int input_on(sd_bus *bus, const char *input)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *name;
	int on, r, found = -1;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_DIAG_INTERFACE, "GetInputs", NULL,
			       &reply, "");
	if (r >= 0)
		r = sd_bus_message_enter_container(reply, 'a', "{sb}");
	while (r >= 0 &&
	       (r = sd_bus_message_read(reply, "{sb}", &name, &on)) > 0)
		if (strcmp(name, input) == 0)
			found = on;
	return found;
}

static bool wait_input(sd_bus *bus, const char *input, int want)
{
	struct timespec pause = { 0, POLL_NS };

	for (long i = 0; i < PEDAL_WAIT_S * 1000000000L / POLL_NS; i++) {
		if (input_on(bus, input) == want)
			return true;
		nanosleep(&pause, NULL);
	}
	return false;
}

static const char *const pedals[] = {
	"pedal-height-up", "pedal-height-down", "pedal-tilt-up",
	"pedal-tilt-down", "pedal-enable-a", "pedal-enable-b",
};

static void pedal_steps(sd_bus *bus, struct tally *t)
{
	char step[40];

	if (sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_BUS_INTERFACE, "Lock", NULL, NULL,
			       "") < 0) {
		report(t, "FAIL", "pedals", "cannot lock the table for the pedal test");
		return;
	}
	for (size_t i = 0; i < sizeof(pedals) / sizeof(pedals[0]); i++) {
		const char *p = pedals[i];

		snprintf(step, sizeof(step), "pedal %s", p + strlen("pedal-"));
		/* Prompts are for the person: with --json, stdout is JSON. */
		fprintf(t->req->json ? stderr : stdout,
			"press %s now (table locked: nothing moves)\n", p);
		fflush(stdout);
		if (!wait_input(bus, p, 1)) {
			report(t, "FAIL", step, "never went on");
			continue;
		}
		fprintf(t->req->json ? stderr : stdout, "release %s\n", p);
		fflush(stdout);
		if (!wait_input(bus, p, 0))
			report(t, "FAIL", step, "went on, never off again");
		else
			report(t, "PASS", step, "on, then off");
	}
}

int omtctl_run_selftest(sd_bus *bus, const struct omtctl_request *req)
{
	struct tally t = { .req = req };
	struct omtctl_status status;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	char names[8][16];
	double travel[8][2] = { { 0, 0 } };
	int n, r;

	n = configured_drives(bus, names, 8);
	if (n < 0)
		return -n;
	for (int i = 0; i < n; i++)
		identity_step(bus, &t, names[i], travel[i]);

	r = omtctl_get_status(bus, &status, &error);
	if (r < 0) {
		r = omtctl_report(&error, r, "reading the table");
		sd_bus_error_free(&error);
		if (req->json && t.reported)
			printf("],\"failed\":%d}\n", t.failed);
		return r;
	}
	if (req->no_motion) {
		report(&t, "SKIP", "motion", "part of a report: nothing moves");
	} else if (strcmp(status.state, "idle") != 0 || status.locked) {
		report(&t, "SKIP", "motion",
		       "the table is not idle and unlocked; unlock it (clear faults) to test motion");
	} else {
		for (int i = 0; i < n; i++) {
			if (strcmp(names[i], "height") == 0)
				motion_step(bus, &t, true, status.height, 5.0,
					    travel[i]);
			else if (strcmp(names[i], "tilt") == 0)
				motion_step(bus, &t, false, status.tilt, 0.5,
					    travel[i]);
		}
	}
	if (req->no_pedals)
		report(&t, "SKIP", "pedals", "--no-pedals");
	else
		pedal_steps(bus, &t);
	if (req->json)
		printf("%s],\"failed\":%d}\n", t.reported ? "" : "{\"steps\":[",
		       t.failed);
	else
		printf("%s: %d step%s failed.\n", t.failed ? "FAILED" : "Passed",
		       t.failed, t.failed == 1 ? "" : "s");
	return t.failed ? OMTCTL_EXIT_REFUSED : 0;
}
