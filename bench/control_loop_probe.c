// SPDX-License-Identifier: MIT
/*
 * The control loop measured in place: the real control thread against a
 * real omt-sim over Modbus TCP, for a given time, while the table is
 * driven up and down with the height pedal.  Prints one "name value" line
 * per figure for bench/control_loop.sh:
 *
 *   cycles, overruns, late_wakeups, lateness_p50_us, lateness_p99_us, lateness_max_us,
 *   stops, stop_p50_us, stop_p99_us, stop_max_us, period_us,
 *   allocations, realtime, and "phase NAME MAX_US OVERRUNS" per part of
 *   the cycle (enum cycle_phase)
 *
 * Stop latency is from the pedal release (just before the simulator is
 * told) to the first setpoint write at the simulator that brakes.
 *
 *   control_loop_probe SECONDS PERIOD_MS PRIORITY
 *
 * Environment:
 *   OMT_PROBE_RTU_BAUD   Modbus RTU on the simulator's pty paced at this
 *                        baud rate, omtd's RTU defaults (else TCP);
 *   OMT_PROBE_IDLE=1     the table stays at rest (locked), no pedal;
 *   OMT_PROBE_DIAG_FLOOD=1  a technician's flood of raw register reads,
 *                        queued as fast as the command ring takes them;
 *   OMT_PROBE_TRACE_DIR=DIR, OMT_PROBE_TRACE_OUT=PREFIX  after each
 *                        overrun (up to 8), the ftrace instance DIR's
 *                        trace is copied to PREFIX.N a few milliseconds
 *                        on, ending with the late cycle, and emptied
 *                        (bench/trace_overrun.sh); printed: trace_captures.
 * Also printed: exchanges_skipped, must_go_deferred (the bus schedule).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "control_harness.h"
#include "control_loop_alloc_counter.h"
#include "fault_monitors.h"
#include "samples.h"

#define MAX_STOPS 4096
#define HISTORY 300

/* enum cycle_phase, as the bench prints them. */
static const char *const phase_names[CYCLE_PHASES] = {
	[CYCLE_PHASE_WAKEUP] = "wakeup", [CYCLE_PHASE_INPUTS] = "inputs",
	[CYCLE_PHASE_STEP] = "step", [CYCLE_PHASE_DRIVES] = "drives",
	[CYCLE_PHASE_JOBS] = "jobs", [CYCLE_PHASE_PUBLISH] = "publish",
};

static atomic_bool flood_stop;
static atomic_bool flood_paused;
static atomic_ullong flood_sent;

/* The only producer on the command ring while it runs. */
static void *diag_flood(void *arg)
{
	struct omt_control *control = arg;
	struct omt_command read = {
		.kind = OMT_CMD_RAW_READ, .unit = OMT_AXIS_TILT,
		.reg_addr = 0, .reg_count = 6,
	};
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };

	while (!atomic_load(&flood_stop)) {
		if (atomic_load(&flood_paused)) {
			nanosleep(&pause, NULL);
			continue;
		}
		read.cookie++;
		if (omt_control_submit(control, &read))
			atomic_fetch_add(&flood_sent, 1);
		else
			nanosleep(&pause, NULL);
	}
	return NULL;
}

struct trace_watch {
	struct omt_control *control;
	const char *dir;                /* an ftrace instance */
	const char *out;                /* captures go to OUT.1, OUT.2 ... */
	unsigned int captures;
};

static atomic_bool watch_stop;

static bool write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

/* The instance's trace as it stands into OUT.N, then an empty one. */
static void capture_trace(struct trace_watch *w)
{
	char path[512], buf[65536];
	FILE *in, *to;
	size_t n;

	write_file(w->dir, "tracing_on", "0\n");
	snprintf(path, sizeof(path), "%s/trace", w->dir);
	in = fopen(path, "r");
	snprintf(path, sizeof(path), "%s.%u", w->out, ++w->captures);
	to = fopen(path, "w");
	while (in && to && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, to);
	if (in)
		fclose(in);
	if (to)
		fclose(to);
	/* (Opening it for writing empties it.) */
	write_file(w->dir, "trace", "");
	write_file(w->dir, "tracing_on", "1\n");
}

/*
 * After each overrun (up to TRACE_CAPTURES) the kernel's trace, a few
 * milliseconds on, so that it ends with the late cycle.
 */
#define TRACE_CAPTURES 8
static void *trace_watch(void *arg)
{
	struct trace_watch *w = arg;
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
	struct timespec after = { .tv_sec = 0, .tv_nsec = 5000000 };
	static struct omt_loop_stats stats;
	uint64_t seen;

	omt_control_loop_stats(w->control, &stats);
	seen = stats.overruns;
	while (!atomic_load(&watch_stop) && w->captures < TRACE_CAPTURES) {
		nanosleep(&tick, NULL);
		omt_control_loop_stats(w->control, &stats);
		if (stats.overruns == seen)
			continue;
		nanosleep(&after, NULL);
		capture_trace(w);
		omt_control_loop_stats(w->control, &stats);
		seen = stats.overruns;
	}
	return NULL;
}

static void on_thread_ready(void *arg)
{
	alloc_counter_watch_this_thread();
}

static bool moving(const struct omt_snapshot *s, void *arg)
{
	return s->state == OMT_STATE_MOVING;
}

static bool at_rest(const struct omt_snapshot *s, void *arg)
{
	return s->state != OMT_STATE_MOVING && s->state != OMT_STATE_STOPPING;
}

/*
 * Time from release_ns to the first write that brakes.  The setpoints
 * arrive rounded to 0.01 mm, so a single step is no guide (at a steady
 * 0.25 mm per cycle they alternate 0.24, 0.26): the cruise is extrapolated
 * from the last CRUISE_STEPS steps before the release, and the first write
 * that falls behind that line by more than the rounding of both ends
 * (BRAKE_DEVIATION) is the brake.  The probe's stop deceleration puts the
 * first braking write well past that: a*dt^2 = 0.03 mm behind, so
 * STOP_DECEL_AT_10MS at 10 ms and four times that per halving of the
 * period (a 2 ms loop's first braking step would otherwise hide in the
 * rounding for five cycles), within omtd's 10000 mm/s^2.
 */
#define STOP_DECEL_AT_10MS 300.0
#define STOP_DECEL_MAX 10000.0
#define CRUISE_STEPS 4
#define BRAKE_DEVIATION 0.015
static bool stop_latency(struct control_harness *h, uint64_t release_ns,
			 int direction, uint64_t *latency)
{
	static struct control_harness_record rec[HISTORY];
	unsigned int n = control_harness_history(h, "height", rec, HISTORY);
	unsigned int i = 0, last;
	double step;

	while (i < n && rec[i].t_ns <= release_ns)
		i++;
	if (i < CRUISE_STEPS + 1 || i >= n)
		return false;
	last = i - 1;
	step = (rec[last].setpoint - rec[last - CRUISE_STEPS].setpoint) /
	       CRUISE_STEPS;
	for (; i < n; i++) {
		double line = rec[last].setpoint + step * (double)(i - last);

		if (direction * (line - rec[i].setpoint) > BRAKE_DEVIATION) {
			*latency = rec[i].t_ns - release_ns;
			return true;
		}
	}
	return false;
}

/* Why the run ended early, for the bench's log. */
static void report_stuck(struct control_harness *h, const char *what)
{
	struct omt_snapshot s = control_harness_snapshot(h);
	char code[64];

	fprintf(stderr, "control_loop_probe: %s (state %s)\n", what,
		omt_table_state_name(s.state));
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		fprintf(stderr, "control_loop_probe: %s: position %.2f setpoint %.2f check %s status 0x%x\n",
			omt_axis_name((enum omt_axis)a), s.axis[a].position,
			s.axis[a].setpoint,
			omt_verify_state_name(s.axis[a].verify),
			s.axis[a].status);
	{
		static struct control_harness_record rec[HISTORY];
		unsigned int n = control_harness_history(h, "height", rec, HISTORY);

		for (unsigned int i = n > 40 ? n - 40 : 0; i < n; i++)
			fprintf(stderr, "control_loop_probe: height write at %.3f s: setpoint %.2f control 0x%x\n",
				rec[i].t_ns / 1e9, rec[i].setpoint, rec[i].control);
	}
	control_harness_report_loop(h, stderr);
	for (unsigned int i = 0; i < s.n_faults; i++) {
		omt_fault_code(s.faults[i].kind, s.faults[i].axis, code,
			       sizeof(code));
		fprintf(stderr, "control_loop_probe: fault %s\n", code);
	}
}

static bool no_faults(const struct omt_snapshot *s, void *arg)
{
	return s->n_faults == 0;
}

/*
 * A fault stopped the table (on a loaded machine, an RTU line whose
 * replies the kernel delivers too late, several cycles in a row): as a
 * technician would, clear it and unlock again, so that a long run goes
 * on measuring; the incidents are counted and printed (fault_incidents).
 * False when the fault cannot be cleared.
 */
static bool clear_and_unlock(struct control_harness *h, unsigned int period_ms)
{
	struct omt_command clear = {
		.kind = OMT_CMD_CLEAR_FAULTS, .cookie = 0xc1ea7,
		.owner = OMT_OWNER_LOCAL, .may_clear_hardware_faults = true,
	};

	struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };
	bool taken;

	control_harness_input(h, "pedal-height-up", 0);
	control_harness_input(h, "pedal-height-down", 0);
	control_harness_enable_pedal(h, 0);
	/*
	 * The technician's flood fills the command ring as fast as the loop
	 * empties it: it pauses while the faults are cleared (ClearFaults
	 * goes through the ring; it found the ring full and a long run with
	 * a flood ended at its first fault).
	 */
	atomic_store(&flood_paused, true);
	for (int i = 0; i < 20; i++) {
		taken = false;
		for (int t = 0; t < 1000 && !taken; t++)
			if (!(taken = omt_control_submit(h->control, &clear)))
				nanosleep(&pause, NULL);
		if (!taken)
			break;
		if (control_harness_wait(h, no_faults, NULL, 50))
			break;
	}
	atomic_store(&flood_paused, false);
	if (control_harness_snapshot(h).n_faults != 0 ||
	    !control_harness_unlock(h))
		return false;
	control_harness_wait_cycles(h, 150 / period_ms + 1);
	return true;
}

int main(int argc, char **argv)
{
	static uint64_t stops[MAX_STOPS];
	struct control_harness_options opt = {
		.lock_memory = true,
		.on_thread_ready = on_thread_ready,
	};
	static char extra[128];
	double decel;
	static struct control_harness h;
	struct omt_loop_stats stats;
	unsigned int n_stops = 0, seconds, incidents = 0;
	uint64_t end_ns;
	int direction = 1;
	double home;
	const char *env;
	bool idle, flood;
	pthread_t flood_thread, watch_thread;
	struct trace_watch watch = { 0 };

	if (argc != 4) {
		fprintf(stderr, "usage: control_loop_probe SECONDS PERIOD_MS PRIORITY\n");
		return 2;
	}
	alloc_counter_install();
	seconds = (unsigned int)atoi(argv[1]);
	opt.period_ms = (unsigned int)atoi(argv[2]);
	decel = STOP_DECEL_AT_10MS * 100.0 /
		((double)opt.period_ms * opt.period_ms);
	if (decel < STOP_DECEL_AT_10MS)
		decel = STOP_DECEL_AT_10MS;
	if (decel > STOP_DECEL_MAX)
		decel = STOP_DECEL_MAX;
	/* The motor duty-cycle limit would end a long run early. */
	snprintf(extra, sizeof(extra),
		 "[axis.height]\nduty_window_s = 0\nstop_decel = %.0f\n", decel);
	opt.extra_config = extra;
	opt.rt_priority = atoi(argv[3]);
	env = getenv("OMT_PROBE_RTU_BAUD");
	opt.rtu_baud = env ? (unsigned int)atoi(env) : 0;
	/* On RS-485 as shipped: the drives' WATCHDOG_MS is omtd's 100 ms. */
	if (opt.rtu_baud)
		opt.drive_watchdog_ms = 100;
	env = getenv("OMT_PROBE_IDLE");
	idle = env && env[0] == '1';
	env = getenv("OMT_PROBE_DIAG_FLOOD");
	flood = env && env[0] == '1';
	if (control_harness_start(&h, &opt) != 0) {
		fprintf(stderr, "control_loop_probe: %s\n", h.error);
		return 1;
	}
	watch.control = h.control;
	watch.dir = getenv("OMT_PROBE_TRACE_DIR");
	watch.out = getenv("OMT_PROBE_TRACE_OUT");
	if (!watch.out)
		watch.dir = NULL;
	if (watch.dir && pthread_create(&watch_thread, NULL, trace_watch,
					&watch) != 0)
		watch.dir = NULL;
	if (flood && pthread_create(&flood_thread, NULL, diag_flood,
				    h.control) != 0) {
		fprintf(stderr, "control_loop_probe: cannot start the flood\n");
		return 1;
	}
	if (idle) {
		struct timespec rest = { .tv_sec = seconds, .tv_nsec = 0 };

		while (nanosleep(&rest, &rest) != 0)
			;
	} else if (!control_harness_unlock(&h) &&
		   !(control_harness_snapshot(&h).n_faults &&
		     clear_and_unlock(&h, opt.period_ms) && ++incidents)) {
		fprintf(stderr, "control_loop_probe: cannot unlock the table: %s\n",
			h.error);
		if (flood) {
			atomic_store(&flood_stop, true);
			pthread_join(flood_thread, NULL);
		}
		control_harness_stop(&h);
		return 1;
	}
	/*
	 * The unlock gesture's four edges of the enable pedal count towards
	 * its chatter limit (4 in 100 ms): at a short period the first press
	 * would follow them inside that window.
	 */
	if (!idle)
		control_harness_wait_cycles(&h, 150 / opt.period_ms + 1);
	home = control_harness_snapshot(&h).axis[OMT_AXIS_HEIGHT].position;
	end_ns = control_harness_now_ns() + (uint64_t)seconds * 1000000000ull;
	while (!idle && control_harness_now_ns() < end_ns && n_stops < MAX_STOPS) {
		const char *pedal;
		uint64_t release_ns, latency;

		/*
		 * Back towards where the run began: a motion cut short by a
		 * fault was followed by a whole one the same way, and after
		 * some 48 of those the table stood at its upper soft limit,
		 * where the up pedal moves nothing (a long run ended there).
		 */
		direction = control_harness_snapshot(&h)
					.axis[OMT_AXIS_HEIGHT].position <= home ?
			    1 : -1;
		pedal = direction > 0 ? "pedal-height-up" : "pedal-height-down";

		/* A press the simulator did not take ends the run, said so. */
		if (control_harness_enable_pedal(&h, 1) != 0 ||
		    control_harness_input(&h, pedal, 1) != 0) {
			report_stuck(&h, h.error);
			break;
		}
		if (!control_harness_wait(&h, moving, NULL, 300)) {
			if (control_harness_snapshot(&h).n_faults &&
			    clear_and_unlock(&h, opt.period_ms)) {
				incidents++;
				continue;
			}
			report_stuck(&h, "the pedal did not start a motion");
			break;
		}
		/*
		 * Long enough to reach pedal speed, short enough to stay
		 * inside the travel going back and forth: 400 ms whatever the
		 * period (40 cycles at 2 ms left the lift still accelerating
		 * at 5 mm/s, whose first braking step hides in the
		 * setpoints' rounding and was seen a period late).
		 */
		control_harness_wait_cycles(&h, 400 / opt.period_ms);
		release_ns = control_harness_now_ns();
		if (control_harness_input(&h, pedal, 0) != 0 ||
		    control_harness_enable_pedal(&h, 0) != 0) {
			report_stuck(&h, h.error);
			break;
		}
		if (!control_harness_wait(&h, at_rest, NULL, 500)) {
			report_stuck(&h, "the table did not come to rest");
			break;
		}
		if (stop_latency(&h, release_ns, direction, &latency))
			stops[n_stops++] = latency;
	}
	omt_control_loop_stats(h.control, &stats);
	if (watch.dir) {
		atomic_store(&watch_stop, true);
		pthread_join(watch_thread, NULL);
		printf("trace_captures %u\n", watch.captures);
	}
	if (flood) {
		atomic_store(&flood_stop, true);
		pthread_join(flood_thread, NULL);
	}
	{
		struct omt_snapshot s = control_harness_snapshot(&h);
		char code[64];

		for (unsigned int i = 0; i < s.n_faults; i++) {
			omt_fault_code(s.faults[i].kind, s.faults[i].axis,
				       code, sizeof(code));
			fprintf(stderr, "control_loop_probe: fault %s at the end\n",
				code);
		}
		printf("faults %u\n", s.n_faults);
		printf("fault_incidents %u\n", incidents);
		printf("healthy %d\n", s.healthy_ns != 0);
	}
	control_harness_stop(&h);

	bench_sort_samples(stops, n_stops);
	printf("cycles %llu\n", (unsigned long long)stats.cycles);
	printf("overruns %llu\n", (unsigned long long)stats.overruns);
	printf("late_wakeups %llu\n", (unsigned long long)stats.late_wakeups);
	/* Where the time went: each phase's longest run, and its overruns. */
	for (unsigned int i = 0; i < CYCLE_PHASES; i++)
		printf("phase %s %.1f %llu\n", phase_names[i],
		       stats.phase_max_ns[i] / 1000.0,
		       (unsigned long long)stats.overrun_phase[i]);
	printf("lateness_p50_us %.1f\n",
	       cycle_lateness_percentile_ns(&stats.lateness, 50) / 1000.0);
	printf("lateness_p99_us %.1f\n",
	       cycle_lateness_percentile_ns(&stats.lateness, 99) / 1000.0);
	printf("lateness_max_us %.1f\n", stats.lateness.max_ns / 1000.0);
	/* The histogram itself (from, to, count), for the report's plot. */
	for (unsigned int i = 0; i < CYCLE_LATENESS_BUCKETS; i++) {
		uint64_t from = i ? cycle_lateness_bucket_limit_ns(i - 1) : 0;
		uint64_t to = cycle_lateness_bucket_limit_ns(i);

		if (stats.lateness.bucket[i])
			printf("lateness_bucket_us %.3f %.3f %llu\n", from / 1000.0,
			       (to == UINT64_MAX ? stats.lateness.max_ns : to) / 1000.0,
			       (unsigned long long)stats.lateness.bucket[i]);
	}
	printf("stops %u\n", n_stops);
	if (n_stops) {
		printf("stop_p50_us %.1f\n", stops[n_stops / 2] / 1000.0);
		printf("stop_p99_us %.1f\n",
		       stops[(n_stops * 99 + 99) / 100 - 1] / 1000.0);
		printf("stop_max_us %.1f\n", stops[n_stops - 1] / 1000.0);
	}
	printf("period_us %u\n", opt.period_ms * 1000);
	printf("allocations %llu\n",
	       (unsigned long long)alloc_counter_total());
	printf("realtime %d\n", stats.realtime ? 1 : 0);
	printf("exchanges_skipped %llu\n",
	       (unsigned long long)stats.exchanges_skipped);
	printf("must_go_deferred %llu\n",
	       (unsigned long long)stats.must_go_deferred);
	printf("diag_requests %llu\n", (unsigned long long)flood_sent);
	for (unsigned int u = 0; u < OMT_AXIS_COUNT + 2; u++)
		printf("estimate_us_%u %.0f\n", u,
		       stats.exchange_estimate_ns[u] / 1000.0);
	return n_stops || idle ? 0 : 1;
}
