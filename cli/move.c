// SPDX-License-Identifier: MIT
/* Starting a motion and holding it until it finishes. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "move.h"
#include "status.h"

/* Well inside the daemon's default 300 ms hold timeout. */
#define HOLD_PERIOD_US (100 * 1000ULL)

struct motion {
	const struct omtctl_request *request;
	uint32_t id;
	bool started;
	bool finished;
	char outcome[32];
	struct omtctl_status status;
	double start[2], target[2];
	bool progress;
	int hold_failures;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL + (uint64_t)ts.tv_nsec / 1000;
}

static int on_motion_finished(sd_bus_message *m, void *userdata,
			      sd_bus_error *error)
{
	struct motion *motion = userdata;
	const char *outcome;
	uint32_t id;

	if (sd_bus_message_read(m, "us", &id, &outcome) < 0)
		return 0;
	if (!motion->started || id != motion->id)
		return 0;
	motion->finished = true;
	snprintf(motion->outcome, sizeof(motion->outcome), "%s", outcome);
	return 0;
}

static int on_properties_changed(sd_bus_message *m, void *userdata,
				 sd_bus_error *error)
{
	struct motion *motion = userdata;
	const char *interface;

	if (sd_bus_message_read(m, "s", &interface) < 0 ||
	    strcmp(interface, OMTCTL_BUS_INTERFACE) != 0)
		return 0;
	omtctl_read_properties(m, &motion->status);
	return 0;
}

static int on_hold_reply(sd_bus_message *m, void *userdata,
			 sd_bus_error *error)
{
	struct motion *motion = userdata;

	/* The motion may just have ended; its signal says how. */
	if (sd_bus_message_is_method_error(m, NULL))
		motion->hold_failures++;
	return 0;
}

static void show_progress(struct motion *motion, bool final)
{
	double now[2] = { motion->status.height, motion->status.tilt };
	char bar[64];

	if (!motion->progress)
		return;
	if (motion->request->verb == OMTCTL_MOVE) {
		omtctl_format_progress(bar, sizeof(bar),
				       omtctl_move_fraction(motion->request->targets,
							    motion->start,
							    motion->target, now));
		printf("\r%s  height %.1f mm  tilt %.1f deg ", bar, now[0],
		       now[1]);
	} else {
		printf("\rheight %.1f mm  tilt %.1f deg ", now[0], now[1]);
	}
	if (final)
		putchar('\n');
	fflush(stdout);
}

static int start(sd_bus *bus, struct motion *motion, sd_bus_error *error)
{
	const struct omtctl_request *req = motion->request;
	sd_bus_message *call = NULL, *reply = NULL;
	int r;

	if (req->verb == OMTCTL_PRESET_RECALL) {
		r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				       OMTCTL_BUS_INTERFACE, "RecallPreset",
				       error, &reply, "s", req->name);
	} else {
		r = sd_bus_message_new_method_call(bus, &call, OMTCTL_BUS_NAME,
						   OMTCTL_BUS_PATH,
						   OMTCTL_BUS_INTERFACE,
						   "MoveTo");
		if (r >= 0)
			r = sd_bus_message_open_container(call, 'a', "{sd}");
		if (r >= 0 && (req->targets & OMTCTL_HAS_HEIGHT))
			r = sd_bus_message_append(call, "{sd}", "height",
						  req->height);
		if (r >= 0 && (req->targets & OMTCTL_HAS_TILT))
			r = sd_bus_message_append(call, "{sd}", "tilt",
						  req->tilt);
		if (r >= 0)
			r = sd_bus_message_close_container(call);
		if (r >= 0)
			r = sd_bus_call(bus, call, 0, error, &reply);
		sd_bus_message_unref(call);
	}
	if (r >= 0)
		r = sd_bus_message_read(reply, "u", &motion->id);
	sd_bus_message_unref(reply);
	if (r >= 0)
		motion->started = true;
	return r;
}

int omtctl_run_motion(sd_bus *bus, const struct omtctl_request *request)
{
	struct motion motion = { .request = request };
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t next_hold;
	int r, code;

	/* Subscribe before starting, or a short motion's end is missed. */
	r = sd_bus_match_signal(bus, NULL, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				OMTCTL_BUS_INTERFACE, "MotionFinished",
				on_motion_finished, &motion);
	if (r < 0)
		return omtctl_report(NULL, r, "subscribing to the table");
	motion.progress = isatty(STDOUT_FILENO) && !request->quiet &&
			  !request->json;
	r = sd_bus_match_signal(bus, NULL, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				"org.freedesktop.DBus.Properties",
				"PropertiesChanged", on_properties_changed,
				&motion);
	if (r >= 0)
		r = omtctl_get_status(bus, &motion.status, &error);
	if (r < 0) {
		code = omtctl_report(&error, r, "reading the table");
		sd_bus_error_free(&error);
		return code;
	}
	motion.start[0] = motion.status.height;
	motion.start[1] = motion.status.tilt;
	motion.target[0] = request->targets & OMTCTL_HAS_HEIGHT ?
			   request->height : motion.start[0];
	motion.target[1] = request->targets & OMTCTL_HAS_TILT ?
			   request->tilt : motion.start[1];

	/* No SA_RESTART: the wait below must return at Ctrl-C. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	r = start(bus, &motion, &error);
	if (r < 0) {
		code = omtctl_report(&error, r, request->verb == OMTCTL_MOVE ?
				     "MoveTo" : "RecallPreset");
		sd_bus_error_free(&error);
		return code;
	}

	next_hold = now_us() + HOLD_PERIOD_US;
	while (!motion.finished && !interrupted) {
		uint64_t t = now_us();

		if (t >= next_hold) {
			r = sd_bus_call_method_async(bus, NULL, OMTCTL_BUS_NAME,
						     OMTCTL_BUS_PATH,
						     OMTCTL_BUS_INTERFACE,
						     "Hold", on_hold_reply,
						     &motion, "u", motion.id);
			if (r < 0)
				break;
			next_hold += HOLD_PERIOD_US;
			/* Never burst to catch up after a stall. */
			if (next_hold < t)
				next_hold = t + HOLD_PERIOD_US;
			show_progress(&motion, false);
		}
		do
			r = sd_bus_process(bus, NULL);
		while (r > 0 && !motion.finished);
		if (r < 0)
			break;
		if (motion.finished)
			break;
		r = sd_bus_wait(bus, next_hold > now_us() ?
				next_hold - now_us() : 0);
		if (r < 0 && r != -EINTR)
			break;
	}
	show_progress(&motion, true);
	if (interrupted) {
		/* Leaving drops the connection: the daemon stops the table. */
		fprintf(stderr, "omtctl: interrupted; the table stops.\n");
		return OMTCTL_EXIT_NOT_REACHED;
	}
	if (!motion.finished) {
		fprintf(stderr,
			"omtctl: lost the table daemon during the motion (%s); the table stops.\n",
			strerror(-r));
		return OMTCTL_EXIT_UNREACHABLE;
	}
	if (request->json && !request->silent)
		printf("{\"motion_id\":%u,\"outcome\":\"%s\"}\n", motion.id,
		       motion.outcome);
	if (strcmp(motion.outcome, "reached") == 0) {
		if (!request->json && !request->silent)
			printf("Reached the target.\n");
		return 0;
	}
	if (!request->json && !request->silent)
		printf("Motion ended without reaching the target: %s.\n",
		       motion.outcome);
	return OMTCTL_EXIT_NOT_REACHED;
}
