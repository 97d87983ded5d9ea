// SPDX-License-Identifier: MIT
/* The one-shot commands of omtctl. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "commands.h"
#include "diag.h"
#include "json.h"
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
	char done[128];
	int r;

	if (req->verb == OMTCTL_DROP_TENSION)
		r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				       OMTCTL_BUS_INTERFACE, method, &error,
				       NULL, "su", req->name, req->level);
	else
		r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				       OMTCTL_BUS_INTERFACE, method, &error,
				       NULL, "s", req->name);
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
	else
		omtctl_print_presets(stdout, &status, req->json);
	return 0;
}

int omtctl_run_command(sd_bus *bus, const struct omtctl_request *req)
{
	switch (req->verb) {
	case OMTCTL_STATUS:
	case OMTCTL_FAULTS:
	case OMTCTL_PRESET_LIST:
		return show(bus, req);
	case OMTCTL_PRESET_SAVE:
		return call_named(bus, req, "SavePreset", "Saved preset");
	case OMTCTL_PRESET_DELETE:
		return call_named(bus, req, "DeletePreset", "Deleted preset");
	case OMTCTL_DROP_ARM:
		return call_named(bus, req, "ArmDrop", "Arming drop section");
	case OMTCTL_DROP_DISARM:
		return call_named(bus, req, "DisarmDrop",
				  "Disarmed drop section");
	case OMTCTL_DROP_TENSION:
		return call_named(bus, req, "SetDropTension",
				  "Set the tension of drop section");
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
	default:
		return call_plain(bus, req);
	}
}
