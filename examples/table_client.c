// SPDX-License-Identifier: MIT
/*
 * A client of org.omt.Table1 in C with sd-bus: it unlocks the table, shows
 * how each refusal arrives (by its D-Bus error name), moves the table
 * while holding the motion and following its progress from
 * PropertiesChanged, saves a preset and recalls it the same way.
 *
 *	DBUS_SYSTEM_BUS_ADDRESS=... table-client [HEIGHT_MM]
 *
 * Run it as root or as a member of group omt-operator.  Exit status: 0
 * when every step went as expected, 1 otherwise.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <systemd/sd-bus.h>

#define NAME "org.omt.Table1"
#define PATH "/org/omt/Table1"
#define ERROR_PREFIX "org.omt.Table1.Error."
#define HOLD_US (100 * 1000ULL)    /* at most; a third of HoldTimeoutMs if shorter */

/* What a client does about each refusal.  A refused call changed nothing. */
static const struct {
	const char *name, *advice;
} advice[] = {
	{ ERROR_PREFIX "OutOfRange", "pick a value inside the permitted travel" },
	{ ERROR_PREFIX "Locked", "call Unlock() first" },
	{ ERROR_PREFIX "Faulted", "read ActiveFaults/FaultMessages, then ClearFaults()" },
	{ ERROR_PREFIX "Interlock", "release the e-stop or disarm the drop sections" },
	{ ERROR_PREFIX "NotFound", "check the name against the Presets property" },
	{ ERROR_PREFIX "Busy", "wait (the duty cycle refusal says how long) and retry" },
	{ ERROR_PREFIX "Storage", "the preset file could not be written; tell a technician" },
	{ ERROR_PREFIX "Exists", "choose another name or pass overwrite=true" },
	{ "org.freedesktop.DBus.Error.InvalidArgs", "fix the arguments" },
	{ "org.freedesktop.DBus.Error.AccessDenied", "join group omt-operator" },
};

struct motion {
	uint64_t hold_us;           /* the keep-alive period */
	uint32_t id;
	bool finished;
	char outcome[32];
	double shown;               /* the height last printed */
};

static const char *advice_for(const char *name)
{
	for (size_t i = 0; i < sizeof(advice) / sizeof(advice[0]); i++)
		if (strcmp(advice[i].name, name) == 0)
			return advice[i].advice;
	return "?";
}

/* Report a refusal the way a client would handle it; true if as wanted. */
static bool refused(const char *what, int r, const sd_bus_error *error,
		    const char *wanted, const char *also)
{
	const char *short_name;

	if (r >= 0) {
		printf("  %s: not refused\n", what);
		return false;
	}
	short_name = strrchr(error->name, '.');
	printf("  %s: %s: %s (%s)\n", what, short_name ? short_name + 1 :
	       error->name, error->message, advice_for(error->name));
	return sd_bus_error_has_name(error, wanted) ||
	       (also && sd_bus_error_has_name(error, also));
}

static int call(sd_bus *bus, const char *method, sd_bus_error *error,
		sd_bus_message **reply, const char *types, ...)
{
	sd_bus_message *m = NULL;
	va_list ap;
	int r;

	r = sd_bus_message_new_method_call(bus, &m, NAME, PATH, NAME, method);
	if (r >= 0 && types) {
		va_start(ap, types);
		r = sd_bus_message_appendv(m, types, ap);
		va_end(ap);
	}
	if (r >= 0)
		r = sd_bus_call(bus, m, 0, error, reply);
	sd_bus_message_unref(m);
	return r;
}

static int must(sd_bus *bus, const char *method)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	int r = call(bus, method, &error, NULL, NULL);

	if (r < 0)
		fprintf(stderr, "%s: %s\n", method,
			error.message ? error.message : strerror(-r));
	sd_bus_error_free(&error);
	return r;
}

static int on_finished(sd_bus_message *m, void *userdata,
		       sd_bus_error *ret_error)
{
	struct motion *motion = userdata;
	const char *outcome;
	uint32_t id;

	if (sd_bus_message_read(m, "us", &id, &outcome) >= 0 &&
	    id == motion->id) {
		motion->finished = true;
		snprintf(motion->outcome, sizeof(motion->outcome), "%s",
			 outcome);
	}
	return 0;
}

/* PropertiesChanged(s interface, a{sv} changed, as invalidated) */
static int on_changed(sd_bus_message *m, void *userdata,
		      sd_bus_error *ret_error)
{
	struct motion *motion = userdata;
	const char *interface, *name;
	double height;
	int r;

	if (!motion->id || sd_bus_message_read(m, "s", &interface) < 0 ||
	    strcmp(interface, NAME) != 0)
		return 0;
	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = sd_bus_message_read(m, "s", &name);
		if (r >= 0 && strcmp(name, "Height") == 0) {
			r = sd_bus_message_read(m, "v", "d", &height);
			/* Every 5 mm is progress enough for a person. */
			if (r >= 0 && !(fabs(height - motion->shown) < 5)) {
				printf("  height %.1f mm\n", height);
				motion->shown = height;
			}
		} else if (r >= 0) {
			r = sd_bus_message_skip(m, "v");
		}
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	return 0;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * Hold the motion started by reply until MotionFinished: Hold() every
 * 100 ms, signals processed in between.  True if it reached its target.
 */
static bool hold_until_finished(sd_bus *bus, struct motion *motion,
				sd_bus_message *reply)
{
	uint64_t next = now_us();
	int r;

	motion->finished = false;
	motion->shown = NAN;
	if (sd_bus_message_read(reply, "u", &motion->id) < 0)
		return false;
	while (!motion->finished) {
		if (now_us() >= next) {
			/* Errors are fine: the motion may just have ended. */
			call(bus, "Hold", NULL, NULL, "u", motion->id);
			next = now_us() + motion->hold_us;
		}
		r = sd_bus_process(bus, NULL);
		if (r < 0)
			return false;
		if (r > 0)
			continue;
		r = sd_bus_wait(bus, next > now_us() ? next - now_us() : 0);
		if (r < 0 && r != -EINTR)
			return false;
	}
	printf("  motion %u finished: %s\n", motion->id, motion->outcome);
	motion->id = 0;
	return strcmp(motion->outcome, "reached") == 0;
}

/* Three keep-alives per HoldTimeoutMs, one late one is no stop; 100 ms at most. */
static uint64_t hold_period_us(sd_bus *bus)
{
	uint32_t timeout_ms = 0;

	if (sd_bus_get_property_trivial(bus, NAME, PATH, NAME, "HoldTimeoutMs",
					NULL, 'u', &timeout_ms) < 0 ||
	    timeout_ms == 0 || timeout_ms * 1000ULL / 3 >= HOLD_US)
		return HOLD_US;
	return timeout_ms * 1000ULL / 3;
}

static double get_double(sd_bus *bus, const char *property)
{
	double value = NAN;

	sd_bus_get_property_trivial(bus, NAME, PATH, NAME, property, NULL,
				    'd', &value);
	return value;
}

/*
 * The drives' serial numbers and firmware versions: the Diagnostics
 * property DriveIdentities, a{sa{sv}} (axis -> "serial", "firmware"), which
 * anyone may read.  A key is absent while its value is unknown, and a
 * newer omtd may add keys: look up the ones wanted, skip the rest.
 */
static void print_drives(sd_bus *bus)
{
	sd_bus_message *reply = NULL;
	const char *axis, *key, *text;
	char serial[17], firmware[17];
	int r;

	r = sd_bus_get_property(bus, NAME, PATH, NAME ".Diagnostics",
				"DriveIdentities", NULL, &reply, "a{sa{sv}}");
	if (r >= 0)
		r = sd_bus_message_enter_container(reply, 'a', "{sa{sv}}");
	while (r >= 0 &&
	       (r = sd_bus_message_enter_container(reply, 'e', "sa{sv}")) > 0) {
		r = sd_bus_message_read(reply, "s", &axis);
		snprintf(serial, sizeof(serial), "unknown");
		snprintf(firmware, sizeof(firmware), "unknown");
		if (r >= 0)
			r = sd_bus_message_enter_container(reply, 'a', "{sv}");
		while (r >= 0 &&
		       (r = sd_bus_message_enter_container(reply, 'e', "sv")) > 0) {
			r = sd_bus_message_read(reply, "s", &key);
			if (r >= 0 && (strcmp(key, "serial") == 0 ||
				       strcmp(key, "firmware") == 0) &&
			    sd_bus_message_verify_type(reply, 'v', "s") > 0) {
				r = sd_bus_message_read(reply, "v", "s", &text);
				if (r >= 0)
					snprintf(key[0] == 's' ? serial : firmware,
						 sizeof(serial), "%s", text);
			} else if (r >= 0) {
				r = sd_bus_message_skip(reply, "v");
			}
			if (r >= 0)
				r = sd_bus_message_exit_container(reply);
		}
		if (r >= 0)
			r = sd_bus_message_exit_container(reply);
		if (r >= 0)
			r = sd_bus_message_exit_container(reply);
		if (r >= 0)
			printf("  drive %s: serial %s, firmware %s\n", axis,
			       serial, firmware);
	}
	if (r < 0)
		printf("  drives: unknown (%s)\n", strerror(-r));
	sd_bus_message_unref(reply);
}

int main(int argc, char *argv[])
{
	double target = argc > 1 ? strtod(argv[1], NULL) : 720.0;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	struct motion motion = { 0 };
	char *version = NULL, *state = NULL;
	sd_bus *bus = NULL;
	double here;
	bool ok = true;
	int r;

	/* Progress is for watching: a line at a time even into a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		fprintf(stderr, "cannot reach the system bus: %s\n",
			strerror(-r));
		return 1;
	}
	sd_bus_match_signal(bus, NULL, NAME, PATH, NAME, "MotionFinished",
			    on_finished, &motion);
	sd_bus_match_signal(bus, NULL, NAME, PATH,
			    "org.freedesktop.DBus.Properties",
			    "PropertiesChanged", on_changed, &motion);
	sd_bus_get_property_string(bus, NAME, PATH, NAME, "Version", NULL,
				   &version);
	motion.hold_us = hold_period_us(bus);
	sd_bus_get_property_string(bus, NAME, PATH, NAME, "State", NULL,
				   &state);
	printf("omtd %s: %s, %.1f mm, %.1f deg\n", version ? version : "?",
	       state ? state : "?", get_double(bus, "Height"),
	       get_double(bus, "Tilt"));
	free(version);
	free(state);
	print_drives(bus);

	if (must(bus, "Lock") < 0)
		return 1;
	printf("refusals, by error name:\n");
	r = call(bus, "MoveTo", &error, NULL, "a{sd}", 1, "height", target);
	ok &= refused("MoveTo while locked", r, &error,
		      ERROR_PREFIX "Locked", NULL);
	sd_bus_error_free(&error);
	r = call(bus, "RecallPreset", &error, NULL, "s", "no-such-preset");
	ok &= refused("RecallPreset of no preset", r, &error,
		      ERROR_PREFIX "NotFound", NULL);
	sd_bus_error_free(&error);
	if (must(bus, "Unlock") < 0)
		return 1;
	printf("unlocked\n");
	r = call(bus, "MoveTo", &error, NULL, "a{sd}", 1, "height", 5000.0);
	ok &= refused("MoveTo 5000 mm", r, &error, ERROR_PREFIX "OutOfRange",
		      NULL);
	sd_bus_error_free(&error);
	r = call(bus, "MoveTo", &error, NULL, "a{sd}", 1, "depth", 1.0);
	ok &= refused("MoveTo depth", r, &error,
		      "org.freedesktop.DBus.Error.InvalidArgs", NULL);
	sd_bus_error_free(&error);
	must(bus, "EmergencyStop");
	r = call(bus, "MoveTo", &error, NULL, "a{sd}", 1, "height", target);
	ok &= refused("MoveTo after an e-stop", r, &error,
		      ERROR_PREFIX "Interlock", ERROR_PREFIX "Faulted");
	sd_bus_error_free(&error);
	must(bus, "ClearFaults");

	here = get_double(bus, "Height");
	r = call(bus, "SavePresetWithOptions", &error, NULL, "sa{sv}",
		 "example-start", 1, "overwrite", "b", 1);
	ok &= r >= 0;
	sd_bus_error_free(&error);
	r = call(bus, "SavePresetWithOptions", &error, NULL, "sa{sv}",
		 "EXAMPLE-START", 1, "overwrite", "b", 0);
	ok &= refused("SavePresetWithOptions of a taken name", r, &error,
		      ERROR_PREFIX "Exists", NULL);
	sd_bus_error_free(&error);

	printf("move to %.1f mm:\n", target);
	r = call(bus, "MoveTo", &error, &reply, "a{sd}", 1, "height", target);
	if (r < 0)
		ok &= refused("MoveTo", r, &error, "", NULL);
	else
		ok &= hold_until_finished(bus, &motion, reply);
	sd_bus_error_free(&error);
	reply = sd_bus_message_unref(reply);

	printf("recall example-start (%.1f mm):\n", here);
	r = call(bus, "RecallPreset", &error, &reply, "s", "example-start");
	if (r < 0)
		ok &= refused("RecallPreset", r, &error, "", NULL);
	else
		ok &= hold_until_finished(bus, &motion, reply);
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	call(bus, "DeletePreset", NULL, NULL, "s", "example-start");

	printf("now at %.1f mm\n%s\n", get_double(bus, "Height"),
	       ok ? "done" : "FAILED");
	sd_bus_flush_close_unref(bus);
	return ok ? 0 : 1;
}
