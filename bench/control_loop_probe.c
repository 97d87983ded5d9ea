// SPDX-License-Identifier: MIT
/*
 * The control loop measured in place: the real control thread against a
 * real omt-sim over Modbus TCP, for a given time, while the table is
 * driven up and down with the height pedal.  Prints one "name value" line
 * per figure for bench/control_loop.sh:
 *
 *   cycles, overruns, lateness_p50_us, lateness_p99_us, lateness_max_us,
 *   stops, stop_p50_us, stop_p99_us, stop_max_us, period_us,
 *   allocations, realtime
 *
 * Stop latency is from the pedal release (just before the simulator is
 * told) to the first setpoint write at the simulator that brakes.
 *
 *   control_loop_probe SECONDS PERIOD_MS PRIORITY
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control_harness.h"
#include "control_loop_alloc_counter.h"
#include "fault_monitors.h"

#define MAX_STOPS 4096
#define HISTORY 300

static void on_thread_ready(void *arg)
{
	alloc_counter_watch_this_thread();
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
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
 * first braking write well past that (STOP_DECEL: 0.03 mm behind).
 */
#define STOP_DECEL "300"
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
	for (unsigned int i = 0; i < s.n_faults; i++) {
		omt_fault_code(s.faults[i].kind, s.faults[i].axis, code,
			       sizeof(code));
		fprintf(stderr, "control_loop_probe: fault %s\n", code);
	}
}

int main(int argc, char **argv)
{
	static uint64_t stops[MAX_STOPS];
	struct control_harness_options opt = {
		.lock_memory = true,
		/* The motor duty-cycle limit would end a long run early. */
		.extra_config = "[axis.height]\nduty_window_s = 0\n"
				"stop_decel = " STOP_DECEL "\n",
		.on_thread_ready = on_thread_ready,
	};
	static struct control_harness h;
	struct omt_loop_stats stats;
	unsigned int n_stops = 0, seconds;
	uint64_t end_ns;
	int direction = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: control_loop_probe SECONDS PERIOD_MS PRIORITY\n");
		return 2;
	}
	alloc_counter_install();
	seconds = (unsigned int)atoi(argv[1]);
	opt.period_ms = (unsigned int)atoi(argv[2]);
	opt.rt_priority = atoi(argv[3]);
	if (control_harness_start(&h, &opt) != 0) {
		fprintf(stderr, "control_loop_probe: %s\n", h.error);
		return 1;
	}
	if (!control_harness_unlock(&h)) {
		fprintf(stderr, "control_loop_probe: cannot unlock the table\n");
		control_harness_stop(&h);
		return 1;
	}
	end_ns = control_harness_now_ns() + (uint64_t)seconds * 1000000000ull;
	while (control_harness_now_ns() < end_ns && n_stops < MAX_STOPS) {
		const char *pedal = direction > 0 ? "pedal-height-up"
						  : "pedal-height-down";
		uint64_t release_ns, latency;

		control_harness_enable_pedal(&h, 1);
		control_harness_input(&h, pedal, 1);
		if (!control_harness_wait(&h, moving, NULL, 300)) {
			report_stuck(&h, "the pedal did not start a motion");
			break;
		}
		/* Long enough to reach pedal speed, short enough to stay
		 * inside the travel going back and forth. */
		control_harness_wait_cycles(&h, 40);
		release_ns = control_harness_now_ns();
		control_harness_input(&h, pedal, 0);
		control_harness_enable_pedal(&h, 0);
		if (!control_harness_wait(&h, at_rest, NULL, 500)) {
			report_stuck(&h, "the table did not come to rest");
			break;
		}
		if (stop_latency(&h, release_ns, direction, &latency))
			stops[n_stops++] = latency;
		direction = -direction;
	}
	omt_control_loop_stats(h.control, &stats);
	control_harness_stop(&h);

	qsort(stops, n_stops, sizeof(stops[0]), compare_u64);
	printf("cycles %llu\n", (unsigned long long)stats.cycles);
	printf("overruns %llu\n", (unsigned long long)stats.overruns);
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
	return n_stops ? 0 : 1;
}
