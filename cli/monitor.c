// SPDX-License-Identifier: MIT
/*
 * omtctl monitor: the table's state, then one line per change or signal as
 * it happens (or one JSON object per line with --json), until Ctrl-C.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "json.h"
#include "status.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	stop_requested = sig;
}

static void stamp(void)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	printf("%02d:%02d:%02d.%03ld ", tm.tm_hour, tm.tm_min, tm.tm_sec,
	       ts.tv_nsec / 1000000);
}

/*
 * The opening of a JSON line: {"time":"2026-11-30T03:12:00.123+0000",
 * wall-clock time with the zone, so lines from machines compare.
 */
static void json_open(void)
{
	struct timespec ts;
	struct tm tm;
	char zone[8];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	printf("{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ld%s\",",
	       tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	       tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, zone);
}

static int on_signal_message(sd_bus_message *m, void *userdata,
			     sd_bus_error *error)
{
	const struct omtctl_request *req = userdata;
	const char *member = sd_bus_message_get_member(m);
	const char *a = "", *b = "";
	uint32_t id;

	if (strcmp(member, "MotionFinished") == 0) {
		if (sd_bus_message_read(m, "us", &id, &a) < 0)
			return 0;
		if (req->json) {
			json_open();
			printf("\"signal\":\"MotionFinished\",\"motion_id\":%u,\"outcome\":", id);
		}
		else {
			stamp();
			printf("motion %u finished: %s\n", id, a);
		}
	} else if (strcmp(member, "FaultRaised") == 0) {
		if (sd_bus_message_read(m, "ss", &a, &b) < 0)
			return 0;
		if (req->json) {
			json_open();
			printf("\"signal\":\"FaultRaised\",\"code\":");
		}
		else {
			stamp();
			printf("FAULT %s: %s\n", a, b);
		}
	} else if (strcmp(member, "DropFired") == 0) {
		if (sd_bus_message_read(m, "s", &a) < 0)
			return 0;
		if (req->json) {
			json_open();
			printf("\"signal\":\"DropFired\",\"section\":");
		}
		else {
			stamp();
			printf("drop section %s fired\n", a);
		}
	} else {
		return 0;
	}
	if (req->json) {
		omtctl_json_string(stdout, a);
		if (strcmp(member, "FaultRaised") == 0) {
			printf(",\"message\":");
			omtctl_json_string(stdout, b);
		}
		printf("}\n");
	}
	fflush(stdout);
	return 0;
}

/* One line of state, stamped: text or a JSON object. */
static void print_state(const struct omtctl_status *status,
			const struct omtctl_request *req)
{
	if (req->json) {
		char *text = NULL;
		size_t size = 0;
		FILE *f = open_memstream(&text, &size);

		/* The status object, with the time as its first key. */
		if (!f)
			return;
		omtctl_print_status(f, status, true);
		fclose(f);
		json_open();
		fputs(text + 1, stdout);
		free(text);
	} else {
		stamp();
		printf("%s  height %.1f mm  tilt %.1f deg%s", status->state,
		       status->height, status->tilt,
		       status->locked ? "  locked" : "");
		for (unsigned int i = 0; i < status->n_faults; i++)
			printf("%s%s", i ? ", " : "  FAULTS ", status->faults[i]);
		putchar('\n');
	}
}

static int on_properties_changed(sd_bus_message *m, void *userdata,
				 sd_bus_error *error)
{
	const struct omtctl_request *req = userdata;
	static struct omtctl_status status;
	const char *interface;

	if (sd_bus_message_read(m, "s", &interface) < 0 ||
	    strcmp(interface, OMTCTL_BUS_INTERFACE) != 0)
		return 0;
	/* Unchanged fields keep their last values: print the whole state. */
	if (omtctl_get_status(sd_bus_message_get_bus(m), &status, NULL) < 0)
		return 0;
	print_state(&status, req);
	fflush(stdout);
	return 0;
}

/*
 * Input lines have no signal (they change every cycle a foot moves): for a
 * caller allowed Diagnostics, poll GetInputs at 10 Hz and print each line
 * that changed.  Returns false when the caller may not (or omtd cannot)
 * answer, and the monitor then goes on without inputs.
 */
#define INPUT_POLL_US (100 * 1000ULL)
#define INPUT_LINES 32

struct input_watch {
	bool known;
	char name[INPUT_LINES][32];
	int on[INPUT_LINES];
	int n;
};

static bool poll_inputs(sd_bus *bus, const struct omtctl_request *req,
			struct input_watch *w)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *name;
	int on, r, i = 0;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_DIAG_INTERFACE, "GetInputs", NULL,
			       &reply, "");
	if (r >= 0)
		r = sd_bus_message_enter_container(reply, 'a', "{sb}");
	while (r >= 0 && i < INPUT_LINES &&
	       (r = sd_bus_message_read(reply, "{sb}", &name, &on)) > 0) {
		if (w->known && i < w->n && w->on[i] != on) {
			if (req->json) {
				json_open();
				printf("\"input\":");
				omtctl_json_string(stdout, name);
				printf(",\"on\":%s}\n", on ? "true" : "false");
			} else {
				stamp();
				printf("input %s %s\n", name, on ? "on" : "off");
			}
			fflush(stdout);
		}
		snprintf(w->name[i], sizeof(w->name[i]), "%s", name);
		w->on[i++] = on;
	}
	if (r < 0)
		return false;
	w->n = i;
	w->known = true;
	return true;
}

int omtctl_run_monitor(sd_bus *bus, const struct omtctl_request *req)
{
	static struct input_watch inputs;
	bool watch_inputs;
	static struct omtctl_status status;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	int r, code;

	r = sd_bus_match_signal(bus, NULL, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				OMTCTL_BUS_INTERFACE, NULL, on_signal_message,
				(void *)req);
	if (r >= 0)
		r = sd_bus_match_signal(bus, NULL, OMTCTL_BUS_NAME,
					OMTCTL_BUS_PATH,
					"org.freedesktop.DBus.Properties",
					"PropertiesChanged",
					on_properties_changed, (void *)req);
	if (r >= 0)
		r = omtctl_get_status(bus, &status, &error);
	if (r < 0) {
		code = omtctl_report(&error, r, "following the table");
		sd_bus_error_free(&error);
		return code;
	}
	print_state(&status, req);
	fflush(stdout);
	watch_inputs = poll_inputs(bus, req, &inputs);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop_requested) {
		r = sd_bus_process(bus, NULL);
		if (r < 0)
			break;
		if (r > 0)
			continue;
		r = sd_bus_wait(bus, watch_inputs ? INPUT_POLL_US : UINT64_MAX);
		if (r < 0 && r != -EINTR)
			break;
		if (watch_inputs && !stop_requested)
			watch_inputs = poll_inputs(bus, req, &inputs);
	}
	if (stop_requested)
		return 0;
	fprintf(stderr, "omtctl: lost the table daemon: %s\n", strerror(-r));
	return OMTCTL_EXIT_UNREACHABLE;
}
