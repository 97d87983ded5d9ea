// SPDX-License-Identifier: MIT
/*
 * What org.omt.Table1 costs a client per property read, against the
 * cheapest call the same daemon answers: Properties.Get(Height) and
 * org.freedesktop.DBus.Peer.Ping (answered inside sd-bus, without the
 * daemon's own code), sent to org.omt.Table1 on the same connection,
 * interleaved (the order swaps every round, so neither call always runs
 * on a warmer cache), one at a time.  The ratio of the medians is what
 * omtd's property code adds to a bus round trip.
 *
 *   bus_roundtrip CALLS        (DBUS_SYSTEM_BUS_ADDRESS names the bus)
 *
 * Prints RESULT lines (docs/benchmarks.md).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "omt_time.h"
#include "samples.h"

#define TARGET_RATIO 1.3
#define WARM_UP 200

/* One Get(Height); its value must be a plain number. */
static int get_height(sd_bus *bus, uint64_t *took)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	uint64_t t0 = monotonic_ns();
	double height;
	int r;

	r = sd_bus_get_property_trivial(bus, "org.omt.Table1", "/org/omt/Table1",
					"org.omt.Table1", "Height", &error,
					'd', &height);
	*took = monotonic_ns() - t0;
	if (r < 0)
		fprintf(stderr, "bus_roundtrip: Get(Height): %s\n",
			error.message ? error.message : strerror(-r));
	sd_bus_error_free(&error);
	return r;
}

static int ping(sd_bus *bus, uint64_t *took)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	uint64_t t0 = monotonic_ns();
	int r;

	r = sd_bus_call_method(bus, "org.omt.Table1", "/org/omt/Table1",
			       "org.freedesktop.DBus.Peer", "Ping", &error,
			       &reply, "");
	*took = monotonic_ns() - t0;
	if (r < 0)
		fprintf(stderr, "bus_roundtrip: Peer.Ping: %s\n",
			error.message ? error.message : strerror(-r));
	sd_bus_message_unref(reply);
	sd_bus_error_free(&error);
	return r;
}

static void result(const char *name, double value, double baseline,
		   const char *baseline_name, const char *target)
{
	printf("RESULT name=%s value=%.1f unit=us baseline=%.1f "
	       "baseline_name=%s ratio=%.2f target=%s\n", name, value / 1000.0,
	       baseline / 1000.0, baseline_name, value / baseline, target);
}

int main(int argc, char **argv)
{
	uint64_t *get_ns, *ping_ns, scratch;
	char target[16];
	sd_bus *bus = NULL;
	long calls;
	int r;

	if (argc != 2 || (calls = strtol(argv[1], NULL, 10)) < 10) {
		fprintf(stderr, "usage: bus_roundtrip CALLS (at least 10)\n");
		return 2;
	}
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		fprintf(stderr, "bus_roundtrip: cannot reach the bus: %s\n",
			strerror(-r));
		return 1;
	}
	get_ns = calloc((size_t)calls, sizeof(*get_ns));
	ping_ns = calloc((size_t)calls, sizeof(*ping_ns));
	if (!get_ns || !ping_ns) {
		fprintf(stderr, "bus_roundtrip: out of memory\n");
		return 1;
	}
	/* Connection set-up, page faults and the daemon's first replies are
	 * not what is measured. */
	for (int i = 0; i < WARM_UP; i++)
		if (get_height(bus, &scratch) < 0 || ping(bus, &scratch) < 0)
			return 1;
	for (long i = 0; i < calls; i++) {
		if (i % 2 == 0)
			r = get_height(bus, &get_ns[i]) < 0 ? -1 : ping(bus, &ping_ns[i]);
		else
			r = ping(bus, &ping_ns[i]) < 0 ? -1 : get_height(bus, &get_ns[i]);
		if (r < 0)
			return 1;
	}
	sd_bus_flush_close_unref(bus);

	bench_sort_samples(get_ns, (size_t)calls);
	bench_sort_samples(ping_ns, (size_t)calls);
	printf("bus_roundtrip: %ld calls of each; Get(Height) p50 %.1f us, p99 %.1f us; "
	       "Peer.Ping p50 %.1f us, p99 %.1f us\n", calls,
	       get_ns[calls / 2] / 1000.0, get_ns[calls * 99 / 100] / 1000.0,
	       ping_ns[calls / 2] / 1000.0, ping_ns[calls * 99 / 100] / 1000.0);
	snprintf(target, sizeof(target), "<=%.1f", TARGET_RATIO);
	result("bus_get_height_p50", (double)get_ns[calls / 2],
	       (double)ping_ns[calls / 2], "peer_ping_p50", target);
	result("bus_get_height_p99", (double)get_ns[calls * 99 / 100],
	       (double)ping_ns[calls * 99 / 100], "peer_ping_p99", "none");
	free(get_ns);
	free(ping_ns);
	return 0;
}
