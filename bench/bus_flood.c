// SPDX-License-Identifier: MIT
/*
 * Does a flood of D-Bus property reads disturb the control loop?  omtd's
 * own parts in one process, wired as omtd's main() wires them: the control
 * thread (SCHED_FIFO, memory locked) driving a real omt-sim over Modbus
 * TCP, and the org.omt.Table1 service on this thread's sd-event loop,
 * connected to the bus DBUS_SYSTEM_BUS_ADDRESS names.  In-process because
 * omtd itself reports only its maximum lateness over the bus, while the
 * target is on the 99th percentile, which needs the loop's histogram.
 *
 * The loop's wake-up lateness is recorded in four windows of SECONDS/2
 * each: quiet, flood, flood, quiet (so a drift of the machine's load
 * during the run weighs on both sides alike).  During a flood CLIENTS
 * processes (bus_flood_client, next to this program) read properties as
 * fast as the bus answers.  The flood's p99 is compared with the quiet
 * windows' p99 (target: ratio <= 1.1).  The table stands still: the loop
 * still exchanges with every drive each cycle, and the snapshot the
 * property reads copy is published every cycle.
 *
 *   bus_flood SECONDS CLIENTS PERIOD_MS PRIORITY
 *
 * Prints RESULT lines (docs/benchmarks.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <systemd/sd-event.h>

#include "bus.h"
#include "control_harness.h"

#define TARGET_RATIO 1.1
#define MAX_CLIENTS 32
/* Clients connect before a flood window opens. */
#define SETTLE_NS 500000000ull

extern char **environ;

struct window {
	bool flood;
	struct cycle_lateness lateness;  /* the window's own samples */
};

struct flood {
	pid_t pid[MAX_CLIENTS];
	int reads_fd;                    /* read end of the clients' stdout */
	unsigned int clients;
	unsigned long long reads;
};

/*
 * Serve the bus until the absolute CLOCK_MONOTONIC time until_ns.  An
 * sd-event loop that has exited cannot run again, so this runs it one
 * iteration at a time instead of sd_event_loop() and sd_event_exit().
 */
static int serve_until(sd_event *event, uint64_t until_ns)
{
	uint64_t now;
	int r;

	while ((now = control_harness_now_ns()) < until_ns) {
		r = sd_event_run(event, (until_ns - now + 999) / 1000);
		if (r < 0) {
			fprintf(stderr, "bus_flood: event loop: %s\n", strerror(-r));
			return r;
		}
	}
	return 0;
}

static int start_clients(struct flood *f, const char *client,
			 uint64_t deadline_ns)
{
	posix_spawn_file_actions_t actions;
	char deadline[32];
	char *argv[] = { (char *)client, deadline, NULL };
	int pipefd[2], r = 0;

	snprintf(deadline, sizeof(deadline), "%llu",
		 (unsigned long long)deadline_ns);
	if (pipe2(pipefd, O_CLOEXEC) != 0)
		return -errno;
	/* posix_spawn: this process has threads, a bare fork would not do. */
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
	for (unsigned int i = 0; i < f->clients && r == 0; i++)
		r = -posix_spawn(&f->pid[i], client, &actions, NULL, argv,
				 environ);
	posix_spawn_file_actions_destroy(&actions);
	close(pipefd[1]);
	f->reads_fd = pipefd[0];
	return r;
}

/* Reap the clients and add up their reads; false if one failed. */
static bool finish_clients(struct flood *f)
{
	char text[4096];
	size_t used = 0;
	ssize_t n;
	bool ok = true;

	while ((n = read(f->reads_fd, text + used, sizeof(text) - 1 - used)) > 0)
		used += (size_t)n;
	text[used] = '\0';
	close(f->reads_fd);
	for (unsigned int i = 0; i < f->clients; i++) {
		int status;

		if (f->pid[i] <= 0)
			continue;
		if (waitpid(f->pid[i], &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ok = false;
		f->pid[i] = 0;
	}
	for (char *line = strstr(text, "reads "); line;
	     line = strstr(line + 1, "reads "))
		f->reads += strtoull(line + 6, NULL, 10);
	return ok;
}

static void lateness_since(const struct cycle_lateness *before,
			   const struct cycle_lateness *after,
			   struct cycle_lateness *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < CYCLE_LATENESS_BUCKETS; i++) {
		out->bucket[i] = after->bucket[i] - before->bucket[i];
		out->count += out->bucket[i];
	}
	out->sum_ns = after->sum_ns - before->sum_ns;
	/*
	 * The loop keeps one maximum for its whole life; the window's is
	 * known only to its bucket, so percentiles are capped there.
	 */
	for (unsigned int i = CYCLE_LATENESS_BUCKETS; i-- > 0;)
		if (out->bucket[i]) {
			out->max_ns = i + 1 < CYCLE_LATENESS_BUCKETS ?
				cycle_lateness_bucket_limit_ns(i) : after->max_ns;
			break;
		}
}

static void lateness_add(struct cycle_lateness *sum,
			 const struct cycle_lateness *w)
{
	for (unsigned int i = 0; i < CYCLE_LATENESS_BUCKETS; i++)
		sum->bucket[i] += w->bucket[i];
	sum->count += w->count;
	sum->sum_ns += w->sum_ns;
	if (w->max_ns > sum->max_ns)
		sum->max_ns = w->max_ns;
}

static void result(const char *name, double value, double baseline,
		   const char *baseline_name, const char *target)
{
	printf("RESULT name=%s value=%.1f unit=us baseline=%.1f "
	       "baseline_name=%s ratio=%.2f target=%s\n", name, value / 1000.0,
	       baseline / 1000.0, baseline_name,
	       baseline > 0 ? value / baseline : 0.0, target);
}

int main(int argc, char **argv)
{
	static struct control_harness h;
	struct control_harness_options opt = { .lock_memory = true };
	struct window windows[4] = {
		{ .flood = false }, { .flood = true },
		{ .flood = true }, { .flood = false },
	};
	struct cycle_lateness quiet = { 0 }, flooded = { 0 };
	char client[PATH_MAX], target[16];
	struct omt_loop_stats before, after;
	struct omt_bus *bus = NULL;
	sd_event *event = NULL;
	unsigned long long reads = 0;
	uint64_t window_ns;
	unsigned int clients;
	ssize_t n;
	int r, rc = 1;

	if (argc != 5 || atoi(argv[1]) < 2 || atoi(argv[2]) < 1 ||
	    atoi(argv[2]) > MAX_CLIENTS) {
		fprintf(stderr, "usage: bus_flood SECONDS(>=2) CLIENTS(1..%d) PERIOD_MS PRIORITY\n",
			MAX_CLIENTS);
		return 2;
	}
	window_ns = (uint64_t)atoi(argv[1]) * 500000000ull;
	clients = (unsigned int)atoi(argv[2]);
	opt.period_ms = (unsigned int)atoi(argv[3]);
	opt.rt_priority = atoi(argv[4]);

	n = readlink("/proc/self/exe", client, sizeof(client) - 32);
	if (n <= 0) {
		perror("bus_flood: /proc/self/exe");
		return 1;
	}
	client[n] = '\0';
	strcpy(strrchr(client, '/') + 1, "bus_flood_client");

	signal(SIGPIPE, SIG_IGN);
	if (control_harness_start(&h, &opt) != 0) {
		fprintf(stderr, "bus_flood: %s\n", h.error);
		return 1;
	}
	r = sd_event_default(&event);
	if (r >= 0)
		r = omt_bus_start(event, h.control, &h.config, &bus);
	if (r < 0) {
		fprintf(stderr, "bus_flood: the bus service did not start: %s\n",
			strerror(-r));
		goto out;
	}

	for (unsigned int w = 0; w < 4; w++) {
		struct flood f = { .clients = windows[w].flood ? clients : 0 };
		uint64_t open_ns = control_harness_now_ns() + SETTLE_NS;
		uint64_t close_ns = open_ns + window_ns;

		if (f.clients && (r = start_clients(&f, client, close_ns)) < 0) {
			fprintf(stderr, "bus_flood: cannot start %s: %s\n",
				client, strerror(-r));
			finish_clients(&f);
			goto out;
		}
		if (serve_until(event, open_ns) < 0)
			goto out;
		omt_control_loop_stats(h.control, &before);
		if (serve_until(event, close_ns) < 0)
			goto out;
		omt_control_loop_stats(h.control, &after);
		lateness_since(&before.lateness, &after.lateness,
			       &windows[w].lateness);
		lateness_add(windows[w].flood ? &flooded : &quiet,
			     &windows[w].lateness);
		if (f.clients) {
			/* The clients' last reads are answered while they go. */
			if (serve_until(event, close_ns + 100000000ull) < 0)
				goto out;
			if (!finish_clients(&f)) {
				fprintf(stderr, "bus_flood: a client failed\n");
				goto out;
			}
			reads += f.reads;
		}
	}
	if (!after.realtime)
		fprintf(stderr, "bus_flood: the control loop ran without SCHED_FIFO\n");

	printf("bus_flood: %u clients, %llu property reads in %.1f s (%.0f per second); "
	       "lateness p99 %.1f us flooded, %.1f us quiet (%llu and %llu cycles)\n",
	       clients, reads, 2 * window_ns / 1e9, reads / (2 * window_ns / 1e9),
	       cycle_lateness_percentile_ns(&flooded, 99) / 1000.0,
	       cycle_lateness_percentile_ns(&quiet, 99) / 1000.0,
	       (unsigned long long)flooded.count,
	       (unsigned long long)quiet.count);
	snprintf(target, sizeof(target), "<=%.1f", TARGET_RATIO);
	result("flood_lateness_p99",
	       (double)cycle_lateness_percentile_ns(&flooded, 99),
	       (double)cycle_lateness_percentile_ns(&quiet, 99),
	       "quiet_p99", target);
	result("flood_lateness_p50",
	       (double)cycle_lateness_percentile_ns(&flooded, 50),
	       (double)cycle_lateness_percentile_ns(&quiet, 50),
	       "quiet_p50", "none");
	rc = reads > 0 && flooded.count > 0 && quiet.count > 0 ? 0 : 1;
out:
	omt_bus_free(bus);
	sd_event_unref(event);
	control_harness_stop(&h);
	return rc;
}
