// SPDX-License-Identifier: MIT
/*
 * How each drive class stops: the real control thread and link against
 * omt-sim playing that class, the axis driven by its pedal and released
 * over and over.  For each release:
 *
 *   stop command latency  from the pedal release (just before the
 *                         simulator is told) to the moment the simulator
 *                         receives the drive's stop command, both on
 *                         CLOCK_MONOTONIC: LINAK STOP (COMMAND 64259), a
 *                         CiA 402 controlword that halts or leaves
 *                         operation (halt bit 8, quick stop, disable), or
 *                         for a cyclic drive the first setpoint that brakes;
 *   stopping distance     from where the simulator had the axis at the
 *                         release to where it came to rest, against the
 *                         axis's bound v^2 / (2 stop_decel) + v period (v:
 *                         the simulator's speed at the release), and
 *                         against the same bound at the axis's top speed
 *                         (what daemon/link/drive_stopping.c holds a
 *                         drive's own stop to at start, docs/safety.md
 *                         R16: a stop ramp of fixed time exceeds the
 *                         first below stop_decel x its time).
 *
 *   class_stop_probe CLASS SECONDS
 *
 * CLASS: cyclic (the height on omt-generic-1, the generic table), linak
 * (the height on the LINAK-class actuator of etc/tables/mixed.conf),
 * cia402 (the tilt on its CiA 402 drive).  OMT_PROBE_RTU_BAUD: Modbus RTU
 * on the simulator's pty paced at this baud rate, a 20 ms period for the
 * cyclic class and OMT_PROBE_RTU_CLASS_PERIOD_MS (80) for the others
 * (else TCP, 10 ms).  Prints "name value" lines for bench/class_stop.sh:
 * stops, latency_p50_us, latency_p99_us, latency_max_us, period_us,
 * ratio_p50, ratio_max (distance / bound), ratio_top_max (distance /
 * the bound at top speed), speed_mean, faults,
 * fault_incidents (faults cleared to go on: a loaded machine's late
 * replies; the motions they ended are not counted).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cia402_regs.h"
#include "control_harness.h"
#include "linak_regs.h"
#include "samples.h"

#define MAX_STOPS 2048
#define HISTORY 400

enum probe_class { CYCLIC, LINAK, CIA402 };

static struct control_harness h;
static enum probe_class cls;
static const char *drive;
static enum omt_axis axis;
static double stop_decel, period_s, top_speed, top_bound;

static bool moving(const struct omt_snapshot *s, void *arg)
{
	return s->state == OMT_STATE_MOVING;
}

static bool at_rest(const struct omt_snapshot *s, void *arg)
{
	return s->state != OMT_STATE_MOVING && s->state != OMT_STATE_STOPPING;
}

/* The simulator's own position (a LINAK actuator's real one). */
static double sim_position(void)
{
	return sim_harness_get(&h.sim, drive,
			       cls == LINAK ? "real_position" : "position");
}

/* A controlword that no longer runs the profile: halt, or any command
 * but enable operation. */
static bool cia402_stops(unsigned int cw)
{
	return (cw & CIA402_CW_HALT) ||
	       (cw & 0x0fu) != (CIA402_CW_SWITCH_ON | CIA402_CW_ENABLE_VOLTAGE |
				CIA402_CW_QUICK_STOP_N |
				CIA402_CW_ENABLE_OPERATION);
}

/*
 * The cyclic drive has no stop command: its braking setpoints are.  The
 * first setpoint that falls behind the cruise (extrapolated from the
 * steps before the release) by more than the setpoints' rounding (0.01
 * units at each end), as bench/control_loop_probe.c; at the axis's own
 * stop deceleration that is often the second braking write (at 10 ms and
 * 100 mm/s^2 the first falls a*dt^2 = 0.01 mm behind), so the braking
 * writes before it are counted back from how far it fell behind: k
 * writes into a braking at a, a*dt^2*k(k+1)/2.
 */
#define CRUISE_STEPS 4
#define BRAKE_DEVIATION 0.015
static bool stop_command_ns(uint64_t release_ns, int direction, uint64_t *at)
{
	static struct control_harness_record rec[HISTORY];
	unsigned int n = control_harness_history(&h, drive, rec, HISTORY);
	unsigned int i = 0, last;
	double step;

	while (i < n && rec[i].t_ns <= release_ns)
		i++;
	if (cls != CYCLIC) {
		for (; i < n; i++)
			if (cls == LINAK ? rec[i].control == LINAK_CMD_STOP :
					   cia402_stops(rec[i].control)) {
				*at = rec[i].t_ns;
				return true;
			}
		return false;
	}
	if (i < CRUISE_STEPS + 1 || i >= n)
		return false;
	last = i - 1;
	step = (rec[last].setpoint - rec[last - CRUISE_STEPS].setpoint) /
	       CRUISE_STEPS;
	for (; i < n; i++) {
		double line = rec[last].setpoint + step * (double)(i - last);

		double behind = direction * (line - rec[i].setpoint);

		if (behind > BRAKE_DEVIATION) {
			double a_dt2 = stop_decel * period_s * period_s;
			double k = floor((-1.0 + sqrt(1.0 + 8.0 * behind / a_dt2)) / 2.0 + 0.5);
			unsigned int back = k > 1 ? (unsigned int)k - 1 : 0;

			if (back > i - last - 1)
				back = i - last - 1;
			*at = rec[i - back].t_ns;
			return true;
		}
	}
	return false;
}

static bool standing(void)
{
	for (int i = 0; i < 300; i++) {
		if (fabs(sim_harness_get(&h.sim, drive, "velocity")) < 1e-6)
			return true;
		control_harness_wait_cycles(&h, 1);
	}
	return false;
}

/* Why the run ended early, for the bench's log. */
static void report_stuck(const char *what)
{
	struct omt_snapshot s = control_harness_snapshot(&h);
	char code[64];

	fprintf(stderr, "class_stop_probe: %s (state %s, locked %d)\n", what,
		omt_table_state_name(s.state), s.locked);
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		fprintf(stderr, "class_stop_probe: %s: position %.2f check %s online %d status 0x%x\n",
			omt_axis_name((enum omt_axis)a), s.axis[a].position,
			omt_verify_state_name(s.axis[a].verify),
			s.axis[a].online, s.axis[a].status);
	for (unsigned int i = 0; i < s.n_faults; i++) {
		omt_fault_code(s.faults[i].kind, s.faults[i].axis, code,
			       sizeof(code));
		fprintf(stderr, "class_stop_probe: fault %s\n", code);
	}
	for (unsigned int i = 0; i < h.n_events; i++)
		if (h.events[i].kind == OMT_EV_LOG)
			fprintf(stderr, "class_stop_probe: log: %s\n",
				h.events[i].message);
	control_harness_report_loop(&h, stderr);
}

static bool no_faults(const struct omt_snapshot *s, void *arg)
{
	return s->n_faults == 0;
}

static bool unlocked(const struct omt_snapshot *s, void *arg)
{
	return !s->locked;
}

/*
 * Unlock by command (the pedal gesture is not what is measured, and at
 * the RTU class period of 80 ms its four edges three cycles apart would
 * not fit in the gesture's second).
 */
static bool unlock(void)
{
	struct omt_command c = {
		.kind = OMT_CMD_UNLOCK, .cookie = 0x0b10c,
		.owner = OMT_OWNER_LOCAL,
	};

	for (int i = 0; i < 10; i++) {
		if (omt_control_submit(h.control, &c) &&
		    control_harness_wait(&h, unlocked, NULL, 20))
			return true;
		control_harness_wait_cycles(&h, 5);
	}
	snprintf(h.error, sizeof(h.error), "Unlock not taken");
	return false;
}

/*
 * A fault stopped the table (a loaded machine's late replies): cleared
 * and unlocked again as a technician would, counted (fault_incidents);
 * false when it cannot be.
 */
static bool clear_and_unlock(unsigned int period_ms)
{
	struct omt_command clear = {
		.kind = OMT_CMD_CLEAR_FAULTS, .cookie = 0xc1ea7,
		.owner = OMT_OWNER_LOCAL, .may_clear_hardware_faults = true,
	};

	control_harness_input(&h, "pedal-height-up", 0);
	control_harness_input(&h, "pedal-height-down", 0);
	control_harness_input(&h, "pedal-tilt-up", 0);
	control_harness_input(&h, "pedal-tilt-down", 0);
	control_harness_enable_pedal(&h, 0);
	for (int i = 0; i < 20; i++) {
		if (!omt_control_submit(h.control, &clear))
			return false;
		if (control_harness_wait(&h, no_faults, NULL, 50))
			break;
	}
	if (control_harness_snapshot(&h).n_faults != 0 || !unlock())
		return false;
	control_harness_wait_cycles(&h, 150 / period_ms + 1);
	return true;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static uint64_t latency[MAX_STOPS];
	static double ratio[MAX_STOPS], ratio_top[MAX_STOPS];
	static char table[CONTROL_HARNESS_TABLE_TEXT];
	static char text[CONTROL_HARNESS_TABLE_TEXT + 256];
	const char *classes[SIM_HARNESS_CLASSES_MAX + 1];
	/* As omtd runs (and bench/control_loop.sh): real-time, locked. */
	struct control_harness_options opt = {
		.period_ms = 10, .rt_priority = 80, .lock_memory = true,
	};
	const char *up, *down, *env;
	unsigned int n_stops = 0, n_latency = 0, seconds, incidents = 0;
	double home, speed_sum = 0;
	uint64_t end_ns;
	char err[256];

	if (argc != 3) {
		fprintf(stderr, "usage: class_stop_probe cyclic|linak|cia402 SECONDS\n");
		return 2;
	}
	if (strcmp(argv[1], "cyclic") == 0)
		cls = CYCLIC;
	else if (strcmp(argv[1], "linak") == 0)
		cls = LINAK;
	else if (strcmp(argv[1], "cia402") == 0)
		cls = CIA402;
	else {
		fprintf(stderr, "class_stop_probe: CLASS is cyclic, linak or cia402\n");
		return 2;
	}
	seconds = (unsigned int)atoi(argv[2]);
	drive = cls == CIA402 ? "tilt" : "height";
	axis = cls == CIA402 ? OMT_AXIS_TILT : OMT_AXIS_HEIGHT;
	up = cls == CIA402 ? "pedal-tilt-up" : "pedal-height-up";
	down = cls == CIA402 ? "pedal-tilt-down" : "pedal-height-down";
	env = getenv("OMT_PROBE_RTU_BAUD");
	opt.rtu_baud = env ? (unsigned int)atoi(env) : 0;
	if (opt.rtu_baud) {
		/*
		 * The shipped RTU period for omt-generic-1 drives; a drive of
		 * another class takes several requests an exchange (a CiA 402
		 * one up to eight, 5 ms each at 115200 baud), which fit with
		 * the other units' only in a longer round (OMT_PROBE_RTU_
		 * CLASS_PERIOD_MS, default 80 ms, as itest_omtd_drive_classes).
		 */
		env = getenv("OMT_PROBE_RTU_CLASS_PERIOD_MS");
		opt.period_ms = cls == CYCLIC ? 20 :
				env ? (unsigned int)atoi(env) : 80;
		/* omtd's RTU watchdog, at least two periods. */
		opt.drive_watchdog_ms = opt.period_ms * 5 > 100 ?
					opt.period_ms * 5 : 100;
		opt.comms_lost_ms = cls == CYCLIC ? 0 : 5 * opt.period_ms;
	}
	if (cls == CYCLIC) {
		/* The motor duty limit would end a long run. */
		snprintf(text, sizeof(text), "[axis.height]\nduty_window_s = 0\n");
	} else {
		/* (classes point into table's end, past its text.) */
		if (control_harness_table("mixed", table, sizeof(table),
					  classes, SIM_HARNESS_CLASSES_MAX + 1,
					  err, sizeof(err)) != 0) {
			fprintf(stderr, "class_stop_probe: %s\n", err);
			return 1;
		}
		/* The motor duty limit would end a long run. */
		snprintf(text, sizeof(text),
			 "%s\n[axis.height]\nduty_window_s = 0\n"
			 "[axis.tilt]\nduty_window_s = 0\n", table);
		opt.drive_classes = classes;
	}
	opt.extra_config = text;
	if (control_harness_start(&h, &opt) != 0) {
		fprintf(stderr, "class_stop_probe: %s\n", h.error);
		return 1;
	}
	stop_decel = omt_axis_limits_stop_decel(&h.params.limits[axis]);
	period_s = (double)h.params.cycle_ns / 1e9;
	top_speed = h.params.limits[axis].max_speed;
	top_bound = top_speed * top_speed / (2.0 * stop_decel) +
		    top_speed * period_s;
	if (!unlock() &&
	    !(control_harness_snapshot(&h).n_faults &&
	      clear_and_unlock(opt.period_ms) && ++incidents)) {
		fprintf(stderr, "class_stop_probe: cannot unlock: %s\n", h.error);
		control_harness_stop(&h);
		return 1;
	}
	control_harness_wait_cycles(&h, 150 / opt.period_ms + 1);
	home = control_harness_snapshot(&h).axis[axis].position;
	end_ns = control_harness_now_ns() + (uint64_t)seconds * 1000000000ull;
	while (control_harness_now_ns() < end_ns && n_stops < MAX_STOPS) {
		int direction = control_harness_snapshot(&h).axis[axis].position <=
					home ? 1 : -1;
		const char *pedal = direction > 0 ? up : down;
		double from, speed, bound, distance;
		uint64_t release_ns, at;

		if (control_harness_enable_pedal(&h, 1) != 0 ||
		    control_harness_input(&h, pedal, 1) != 0)
			break;
		if (!control_harness_wait(&h, moving, NULL, 300)) {
			if (control_harness_snapshot(&h).n_faults &&
			    clear_and_unlock(opt.period_ms)) {
				incidents++;
				continue;
			}
			report_stuck("the pedal did not start a motion");
			break;
		}
		/* Long enough to reach the pedal speed past any soft start. */
		control_harness_wait_cycles(&h, 1000 / opt.period_ms);
		/*
		 * The speed at the release: the simulator's travel over the
		 * last 100 ms (its velocity reading is one instant's, and a
		 * loaded machine's late setpoints make it jitter).
		 */
		{
			double p0 = sim_position();
			uint64_t t0 = control_harness_now_ns();

			control_harness_wait_cycles(&h, 100 / opt.period_ms);
			from = sim_position();
			release_ns = control_harness_now_ns();
			speed = fabs(from - p0) / ((double)(release_ns - t0) / 1e9);
		}
		if (control_harness_input(&h, pedal, 0) != 0 ||
		    control_harness_enable_pedal(&h, 0) != 0)
			break;
		if (!control_harness_wait(&h, at_rest, NULL, 500) || !standing()) {
			report_stuck("the axis did not come to rest");
			break;
		}
		distance = fabs(sim_position() - from);
		bound = speed * speed / (2.0 * stop_decel) + speed * period_s;
		if (getenv("OMT_PROBE_VERBOSE"))
			fprintf(stderr, "stop: from %.3f speed %.3f distance %.3f bound %.3f\n",
				from, speed, distance, bound);
		/* A motion a fault ended is not a stop by release. */
		if (control_harness_snapshot(&h).n_faults) {
			if (!clear_and_unlock(opt.period_ms)) {
				fprintf(stderr, "class_stop_probe: a fault that cannot be cleared\n");
				break;
			}
			incidents++;
			continue;
		}
		if (bound > 0 && isfinite(distance)) {
			ratio[n_stops] = distance / bound;
			ratio_top[n_stops++] = distance / top_bound;
		}
		speed_sum += speed;
		if (stop_command_ns(release_ns, direction, &at))
			latency[n_latency++] = at - release_ns;
	}
	printf("faults %u\n", control_harness_snapshot(&h).n_faults);
	printf("fault_incidents %u\n", incidents);
	control_harness_stop(&h);
	bench_sort_samples(latency, n_latency);
	qsort(ratio, n_stops, sizeof(ratio[0]), compare_double);
	printf("stops %u\n", n_stops);
	printf("period_us %u\n", opt.period_ms * 1000);
	printf("stop_decel %.1f\n", stop_decel);
	if (n_latency) {
		printf("latency_p50_us %.1f\n", latency[n_latency / 2] / 1000.0);
		printf("latency_p99_us %.1f\n",
		       latency[(n_latency * 99 + 99) / 100 - 1] / 1000.0);
		printf("latency_max_us %.1f\n", latency[n_latency - 1] / 1000.0);
	}
	if (n_stops) {
		printf("ratio_p50 %.3f\n", ratio[n_stops / 2]);
		printf("ratio_max %.3f\n", ratio[n_stops - 1]);
		qsort(ratio_top, n_stops, sizeof(ratio_top[0]), compare_double);
		printf("ratio_top_max %.3f\n", ratio_top[n_stops - 1]);
		printf("speed_mean %.2f\n", speed_sum / n_stops);
	}
	return n_stops && n_latency ? 0 : 1;
}
