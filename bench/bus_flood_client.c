// SPDX-License-Identifier: MIT
/*
 * One client of the property-read flood (bench/bus_flood.c starts several):
 * reads org.omt.Table1's properties back to back, as fast as the bus
 * answers, until an absolute CLOCK_MONOTONIC deadline, then prints how
 * many reads it made.  It rotates a cheap read (Height), a string (State)
 * and GetAll, the heaviest read the interface offers.
 *
 *   bus_flood_client DEADLINE_NS      (DBUS_SYSTEM_BUS_ADDRESS names the bus)
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "omt_time.h"

static int read_one(sd_bus *bus, unsigned int which)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	int r;

	switch (which % 3) {
	case 0:
		r = sd_bus_get_property(bus, "org.omt.Table1", "/org/omt/Table1",
					"org.omt.Table1", "Height", &error,
					&reply, "d");
		break;
	case 1:
		r = sd_bus_get_property(bus, "org.omt.Table1", "/org/omt/Table1",
					"org.omt.Table1", "State", &error,
					&reply, "s");
		break;
	default:
		r = sd_bus_call_method(bus, "org.omt.Table1", "/org/omt/Table1",
				       "org.freedesktop.DBus.Properties",
				       "GetAll", &error, &reply, "s",
				       "org.omt.Table1");
		break;
	}
	if (r < 0)
		fprintf(stderr, "bus_flood_client: %s\n",
			error.message ? error.message : strerror(-r));
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
	return r;
}

int main(int argc, char **argv)
{
	unsigned long long reads = 0;
	uint64_t deadline;
	sd_bus *bus = NULL;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: bus_flood_client DEADLINE_NS\n");
		return 2;
	}
	deadline = strtoull(argv[1], NULL, 10);
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		fprintf(stderr, "bus_flood_client: cannot reach the bus: %s\n",
			strerror(-r));
		return 1;
	}
	while (monotonic_ns() < deadline) {
		if (read_one(bus, (unsigned int)reads) < 0)
			return 1;
		reads++;
	}
	sd_bus_flush_close_unref(bus);
	printf("reads %llu\n", reads);
	return 0;
}
