// SPDX-License-Identifier: MIT
/* The one-shot commands of omtctl. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "commands.h"
#include "diag.h"
#include "json.h"
#include "omt_version.h"
#include "presets.h"
#include "report.h"
#include "status.h"

struct plain_call {
	enum omtctl_verb verb;
	const char *method;
	const char *done;           /* what to tell the user afterwards */
};

static const struct plain_call plain_calls[] = {
	{ OMTCTL_STOP, "Stop", "Stopping." },
	{ OMTCTL_ESTOP, "EmergencyStop",
	  "EMERGENCY STOP. The table is halted; 'omtctl faults clear' releases it once safe." },
	{ OMTCTL_LOCK, "Lock", "Locked." },
	{ OMTCTL_UNLOCK, "Unlock", "Unlocked." },
	{ OMTCTL_FAULTS_CLEAR, "ClearFaults", "Faults cleared." },
};

static int finish(sd_bus_error *error, int r, const char *doing,
		  const struct omtctl_request *req, const char *done)
{
	int code;

	if (r < 0) {
		code = omtctl_report(error, r, doing);
		sd_bus_error_free(error);
		return code;
	}
	if (req->json)
		printf("{\"ok\":true}\n");
	else
		printf("%s\n", done);
	return 0;
}

static int call_plain(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;

	for (size_t i = 0; i < sizeof(plain_calls) / sizeof(plain_calls[0]);
	     i++) {
		const struct plain_call *c = &plain_calls[i];
		int r;

		if (c->verb != req->verb)
			continue;
		r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				       OMTCTL_BUS_INTERFACE, c->method, &error,
				       NULL, "");
		return finish(&error, r, c->method, req, c->done);
	}
	return OMTCTL_EXIT_USAGE;
}

static int call_named(sd_bus *bus, const struct omtctl_request *req,
		      const char *method, const char *done_format)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	char done[OMTCTL_NAME_MAX + 64];
	int r;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_BUS_INTERFACE, method, &error, NULL, "s",
			       req->name);
	snprintf(done, sizeof(done), "%s %s.", done_format, req->name);
	return finish(&error, r, method, req, done);
}

static int show(sd_bus *bus, const struct omtctl_request *req)
{
	static struct omtctl_status status;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	int r, code;

	r = omtctl_get_status(bus, &status, &error);
	if (r < 0) {
		code = omtctl_report(&error, r, "reading the table");
		sd_bus_error_free(&error);
		return code;
	}
	if (req->verb == OMTCTL_STATUS)
		omtctl_print_status(stdout, &status, req->json);
	else if (req->verb == OMTCTL_FAULTS)
		omtctl_print_faults(stdout, &status, req->json);
	return 0;
}

/* omtctl's version, and omtd's when it answers. */
static int read_drive_identities(sd_bus *bus, struct omtctl_status *drives)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	int r;

	memset(drives, 0, sizeof(*drives));
	r = omtctl_get_drive_identities(bus, drives, &error);
	sd_bus_error_free(&error);
	return r;
}

/* "drive height: serial OMTSIM-0001, firmware 1.0.0-sim" per drive. */
static void print_drive_identities(const struct omtctl_status *drives)
{
	for (unsigned int i = 0; i < drives->n_drives; i++) {
		const struct omtctl_drive_check *d = &drives->drives[i];

		printf("drive %s: serial %s, firmware %s\n", d->axis,
		       d->serial[0] ? d->serial : "unknown",
		       d->firmware[0] ? d->firmware : "unknown");
	}
}

static void print_drive_identities_json(const struct omtctl_status *drives)
{
	fputs(",\"drives\":{", stdout);
	for (unsigned int i = 0; i < drives->n_drives; i++) {
		const struct omtctl_drive_check *d = &drives->drives[i];

		fputs(i ? "," : "", stdout);
		omtctl_json_string(stdout, d->axis);
		fputs(":{\"serial\":", stdout);
		omtctl_json_string_or_null(stdout, d->serial);
		fputs(",\"firmware\":", stdout);
		omtctl_json_string_or_null(stdout, d->firmware);
		putchar('}');
	}
	putchar('}');
}

static int version(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	static struct omtctl_status drives;
	bool drives_known = false;
	char *daemon = NULL;
	int r = -ENOTCONN;

	if (bus)
		r = sd_bus_get_property_string(bus, OMTCTL_BUS_NAME,
					       OMTCTL_BUS_PATH,
					       OMTCTL_BUS_INTERFACE, "Version",
					       &error, &daemon);
	if (r >= 0)
		drives_known = read_drive_identities(bus, &drives) >= 0;
	if (req->json) {
		fputs("{\"omtctl\":", stdout);
		omtctl_json_string(stdout, omt_version());
		fputs(",\"omtd\":", stdout);
		if (r >= 0)
			omtctl_json_string(stdout, daemon);
		else
			fputs("null", stdout);
		if (drives_known)
			print_drive_identities_json(&drives);
		fputs("}\n", stdout);
	} else {
		printf("omtctl %s\n", omt_version());
		if (r >= 0)
			printf("omtd   %s\n", daemon);
		else
			printf("omtd   not reachable (%s)\n",
			       sd_bus_error_is_set(&error) ? error.message :
			       strerror(-r));
		if (drives_known)
			print_drive_identities(&drives);
	}
	free(daemon);
	sd_bus_error_free(&error);
	return 0;
}

/*
 * The section as the daemon reports it now; NULL when it does not (an
 * older omtd, no answer, no such section).  Valid until the next call.
 */
static const struct omtctl_drop *reported_drop(sd_bus *bus,
					       const char *section)
{
	static struct omtctl_status status;
	sd_bus_error error = SD_BUS_ERROR_NULL;

	memset(&status, 0, sizeof(status));
	omtctl_get_status(bus, &status, &error);
	sd_bus_error_free(&error);
	for (unsigned int i = 0; i < status.n_drops; i++)
		if (strcmp(status.drops[i].section, section) == 0)
			return &status.drops[i];
	return NULL;
}

/* The section's tension as the daemon reports it, 0 when it does not. */
static uint32_t read_tension(sd_bus *bus, const char *section)
{
	const struct omtctl_drop *drop = reported_drop(bus, section);

	return drop ? drop->tension : 0;
}

static int set_tension(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	uint32_t now;
	int r, code;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_BUS_INTERFACE, "SetDropTension", &error,
			       NULL, "su", req->name, req->level);
	if (r < 0) {
		code = omtctl_report(&error, r, "SetDropTension");
		sd_bus_error_free(&error);
		return code;
	}
	/* Echo what the table now reports, not merely what was asked. */
	now = read_tension(bus, req->name);
	if (req->json)
		printf("{\"ok\":true,\"section\":\"%s\",\"tension\":%u}\n",
		       req->name, now ? now : req->level);
	else if (now)
		printf("Drop section %s: tension %u (of 1..10).\n", req->name,
		       now);
	else    /* an older omtd without DropTensions */
		printf("Drop section %s: tension set to %u (of 1..10).\n",
		       req->name, req->level);
	return 0;
}

static const char *drop_state(sd_bus *bus, const char *section)
{
	const struct omtctl_drop *drop = reported_drop(bus, section);

	return drop ? drop->state : "";
}

/* Lowering a cocked section takes the drive a while; wait until down. */
#define DISARM_WAIT_S 15

static int disarm(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	const char *state = "";
	int r, code;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_BUS_INTERFACE, "DisarmDrop", &error,
			       NULL, "s", req->name);
	if (r < 0) {
		code = omtctl_report(&error, r, "DisarmDrop");
		sd_bus_error_free(&error);
		return code;
	}
	if (!req->json) {
		printf("Lowering drop section %s...\n", req->name);
		fflush(stdout);
	}
	for (int i = 0; i < DISARM_WAIT_S * 20; i++) {
		state = drop_state(bus, req->name);
		if (strcmp(state, "down") == 0)
			break;
		nanosleep(&tick, NULL);
	}
	if (strcmp(state, "down") != 0) {
		fprintf(stderr,
			"omtctl: drop section %s still reads '%s' after %d s.\n",
			req->name, state, DISARM_WAIT_S);
		return OMTCTL_EXIT_REFUSED;
	}
	if (req->json)
		printf("{\"ok\":true,\"section\":\"%s\",\"state\":\"down\"}\n",
		       req->name);
	else
		printf("Drop section %s is down.\n", req->name);
	return 0;
}

int omtctl_run_command(sd_bus *bus, const struct omtctl_request *req)
{
	switch (req->verb) {
	case OMTCTL_VERSION:
		return version(bus, req);
	case OMTCTL_STATUS:
	case OMTCTL_FAULTS:
		return show(bus, req);
	case OMTCTL_PRESET_LIST:
	case OMTCTL_PRESET_SHOW:
	case OMTCTL_PRESET_SAVE:
	case OMTCTL_PRESET_RENAME:
		return omtctl_run_preset(bus, req);
	case OMTCTL_PRESET_DELETE:
		return call_named(bus, req, "DeletePreset", "Deleted preset");
	case OMTCTL_DROP_ARM:
		return call_named(bus, req, "ArmDrop", "Arming drop section");
	case OMTCTL_DROP_DISARM:
		return disarm(bus, req);
	case OMTCTL_DROP_TENSION:
		return set_tension(bus, req);
	case OMTCTL_DIAG_LOOP:
	case OMTCTL_DIAG_INPUTS:
	case OMTCTL_DIAG_AXES:
	case OMTCTL_DIAG_TIMING:
	case OMTCTL_DIAG_LINK:
	case OMTCTL_DIAG_READ:
	case OMTCTL_DIAG_WRITE:
	case OMTCTL_DIAG_LOG:
	case OMTCTL_DIAG_TRACE:
	case OMTCTL_DIAG_SELFTEST:
		return omtctl_run_diag(bus, req);
	case OMTCTL_DIAG_REPORT:
		return omtctl_run_report(bus, req);
	default:
		return call_plain(bus, req);
	}
}
