// SPDX-License-Identifier: MIT
/* The control thread in-process against omt-sim (see control_harness.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "control_harness.h"
#include "link.h"
#include "config.h"
#include "fault_monitors.h"

uint64_t control_harness_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A TCP port nobody listens on now (the kernel's pick, then closed). */
static int free_tcp_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

int control_harness_start(struct control_harness *h,
			  const struct control_harness_options *opt)
{
	struct sim_harness_options sim_opt = {
		.tcp = opt->rtu_baud == 0,
		.rtu = opt->rtu_baud != 0,
		.baud = opt->rtu_baud,
		.drive_classes = opt->drive_classes,
	};
	struct omt_control_setup setup;
	struct link_settings link_settings;
	unsigned int period = opt->period_ms ? opt->period_ms : 10;
	char text[4096], link_text[320], limit_text[64] = "", err[OMTD_ERR_MAX];

	memset(h, 0, sizeof(*h));
	if (opt->sim_late_ms) {
		/* The simulator comes later, on a port chosen now. */
		sim_opt.tcp_port = free_tcp_port();
		h->sim.tcp_port = sim_opt.tcp_port;
		snprintf(h->sim.dir, sizeof(h->sim.dir), "/nonexistent");
		if (sim_opt.tcp_port <= 0 || opt->rtu_baud) {
			snprintf(h->error, sizeof(h->error),
				 "sim_late_ms: TCP only, and a free port");
			return -1;
		}
	} else if (sim_harness_start(&h->sim, &sim_opt) != 0) {
		snprintf(h->error, sizeof(h->error), "omt-sim: %s",
			 h->sim.error);
		return -1;
	}
	/*
	 * Response timeout: most of the period, so a loaded test machine
	 * is not mistaken for a failing bus.
	 */
	/*
	 * The simulator stands in for the drives' own electronics, which a
	 * busy test machine would not slow down: with a real-time loop, it
	 * runs real-time too, just below the loop (best effort).
	 */
	if (opt->rt_priority > 1) {
		struct sched_param sp = { .sched_priority = opt->rt_priority - 1 };

		sched_setscheduler(h->sim.pid, SCHED_FIFO, &sp);
	}
	if (opt->rtu_baud)
		snprintf(link_text, sizeof(link_text),
			 "[link]\ntransport = rtu\ndevice = %s\nbaud = %u\n"
			 "rs485 = off\n", h->sim.rtu_link, opt->rtu_baud);
	else
		snprintf(link_text, sizeof(link_text),
			 "[link]\ntransport = tcp\nhost = 127.0.0.1\nport = %d\n",
			 h->sim.tcp_port);
	if (opt->comms_lost_ms)
		snprintf(limit_text, sizeof(limit_text),
			 "comms_lost_ms = %u\n", opt->comms_lost_ms);
	snprintf(text, sizeof(text),
		 "%sresponse_timeout_ms = %u\nbyte_timeout_ms = %u\n"
		 "[control]\nperiod_ms = %u\nrt_priority = %d\n"
		 "drive_watchdog_ms = %u\nstate_dir = %s\n"
		 "interlock_device = %s/no-interlock\n%s%s",
		 link_text, period * 8 / 10,
		 /* No longer than the whole reply's wait (short periods). */
		 period * 8 / 10 < 2 ? period * 8 / 10 : (opt->rtu_baud ? 3 : 2),
		 period, opt->rt_priority,
		 opt->drive_watchdog_ms ? opt->drive_watchdog_ms : 500,
		 h->sim.dir, h->sim.dir, limit_text,
		 opt->extra_config ? opt->extra_config : "");
	if (omtd_config_load_string(text, "harness.conf", &h->config, err,
				    sizeof(err)) != 0 ||
	    omtd_params_from_config(&h->config, &h->params, err,
				    sizeof(err)) != 0) {
		snprintf(h->error, sizeof(h->error), "config: %s", err);
		goto fail;
	}
	if (omtd_config_link_settings(&h->config, &link_settings) != 0) {
		snprintf(h->error, sizeof(h->error), "config: no link settings");
		goto fail;
	}
	h->link = link_open(&link_settings, NULL, NULL, err, sizeof(err));
	if (!h->link || (!link_connected(h->link) && !opt->sim_late_ms)) {
		snprintf(h->error, sizeof(h->error), "link: %s",
			 h->link ? "not connected" : err);
		goto fail;
	}
	memset(&setup, 0, sizeof(setup));
	setup.config = &h->config;
	setup.params = &h->params;
	setup.link = h->link;
	setup.lock_memory = opt->lock_memory;
	setup.on_thread_ready = opt->on_thread_ready;
	setup.on_thread_ready_arg = opt->on_thread_ready_arg;
	if (omt_control_create(&setup, &h->control, err, sizeof(err)) != 0 ||
	    omt_control_start(h->control, err, sizeof(err)) != 0) {
		snprintf(h->error, sizeof(h->error), "control: %s", err);
		goto fail;
	}
	if (!omt_control_wait_running(h->control)) {
		snprintf(h->error, sizeof(h->error), "control thread died");
		goto fail;
	}
	if (opt->sim_late_ms) {
		struct timespec late = {
			.tv_sec = opt->sim_late_ms / 1000,
			.tv_nsec = (long)(opt->sim_late_ms % 1000) * 1000000L,
		};

		nanosleep(&late, NULL);
		if (sim_harness_start(&h->sim, &sim_opt) != 0) {
			snprintf(h->error, sizeof(h->error), "omt-sim: %s",
				 h->sim.error);
			goto fail;
		}
	}
	return 0;
fail:
	control_harness_stop(h);
	return -1;
}

void control_harness_stop(struct control_harness *h)
{
	omt_control_free(h->control);
	h->control = NULL;
	link_close(h->link);
	h->link = NULL;
	sim_harness_stop(&h->sim);
}

void control_harness_drain(struct control_harness *h)
{
	struct omt_event ev;

	while (omt_control_next_event(h->control, &ev))
		if (h->n_events < CONTROL_HARNESS_EVENTS)
			h->events[h->n_events++] = ev;
}

struct omt_snapshot control_harness_snapshot(struct control_harness *h)
{
	struct omt_snapshot s;

	omt_control_snapshot(h->control, &s);
	return s;
}

bool control_harness_wait(struct control_harness *h,
			  control_harness_test test, void *arg,
			  uint64_t max_cycles)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 500000 };
	struct omt_snapshot s = control_harness_snapshot(h);
	uint64_t until = s.cycle + max_cycles;

	for (;;) {
		control_harness_drain(h);
		s = control_harness_snapshot(h);
		if (test(&s, arg))
			return true;
		if (s.cycle >= until)
			return false;
		nanosleep(&pause, NULL);
	}
}

static bool cycle_reached(const struct omt_snapshot *s, void *arg)
{
	return s->cycle >= *(const uint64_t *)arg;
}

bool control_harness_wait_cycles(struct control_harness *h, uint64_t n)
{
	uint64_t target = control_harness_snapshot(h).cycle + n;

	return control_harness_wait(h, cycle_reached, &target, n + 1);
}

int control_harness_input(struct control_harness *h, const char *name,
			  int value)
{
	char command[96], reply[128];

	snprintf(command, sizeof(command), "input %s %d", name, value);
	if (sim_harness_command(&h->sim, command, reply, sizeof(reply)) != 0) {
		snprintf(h->error, sizeof(h->error), "sim '%s': %s", command,
			 reply);
		return -1;
	}
	return 0;
}

int control_harness_enable_pedal(struct control_harness *h, int value)
{
	if (control_harness_input(h, "pedal-enable-a", value) != 0 ||
	    control_harness_input(h, "pedal-enable-b", value) != 0)
		return -1;
	return 0;
}

/* Say in h->error what the table is doing, for a failed wait. */
static void describe_state(struct control_harness *h, const char *what)
{
	struct omt_snapshot s = control_harness_snapshot(h);
	size_t n;

	n = (size_t)snprintf(h->error, sizeof(h->error), "%s: state %s, inputs 0x%x",
			     what, omt_table_state_name(s.state), s.inputs);
	for (unsigned int i = 0; i < s.n_faults && n < sizeof(h->error); i++) {
		char code[64];

		omt_fault_code(s.faults[i].kind, s.faults[i].axis, code,
			       sizeof(code));
		n += (size_t)snprintf(h->error + n, sizeof(h->error) - n,
				      ", fault %s", code);
	}
}

static bool unlocked(const struct omt_snapshot *s, void *arg)
{
	return !s->locked;
}

bool control_harness_unlock(struct control_harness *h)
{
	/* A pedal counts only once the table has seen it released. */
	if (control_harness_enable_pedal(h, 0) != 0 ||
	    !control_harness_wait_cycles(h, 3))
		return false;
	for (int i = 0; i < 2; i++) {
		if (control_harness_enable_pedal(h, 1) != 0 ||
		    !control_harness_wait_cycles(h, 3) ||
		    control_harness_enable_pedal(h, 0) != 0 ||
		    !control_harness_wait_cycles(h, 3))
			return false;
	}
	if (control_harness_wait(h, unlocked, NULL, 50))
		return true;
	describe_state(h, "still locked after the unlock gesture");
	return false;
}

unsigned int control_harness_history(struct control_harness *h,
				     const char *drive,
				     struct control_harness_record *out,
				     unsigned int max)
{
	static char reply[96 * 1024];
	char command[64];
	unsigned int n = 0;
	char *line;

	snprintf(command, sizeof(command), "history %s %u", drive, max);
	if (sim_harness_command(&h->sim, command, reply, sizeof(reply)) != 0)
		return 0;
	for (line = strchr(reply, '\n'); line && n < max;
	     line = strchr(line, '\n')) {
		unsigned long long t;
		double setpoint;
		unsigned int control;

		line++;
		if (sscanf(line, "%llu %lf %x", &t, &setpoint, &control) != 3)
			break;
		out[n].t_ns = t;
		out[n].setpoint = setpoint;
		out[n].control = control;
		n++;
	}
	return n;
}

void control_harness_report_loop(struct control_harness *h, FILE *out)
{
	static const char *const phase[CYCLE_PHASES] = {
		"wake-up", "inputs", "step", "drives", "jobs", "publish",
	};
	static struct omt_loop_stats st;

	omt_control_loop_stats(h->control, &st);
	fprintf(out, "loop: %llu cycles, %llu overruns, %llu late wake-ups\n",
		(unsigned long long)st.cycles,
		(unsigned long long)st.overruns,
		(unsigned long long)st.late_wakeups);
	for (unsigned int i = 0; i < CYCLE_PHASES; i++)
		fprintf(out, "loop: %s longest %.1f ms, overruns in it %llu\n",
			phase[i], st.phase_max_ns[i] / 1e6,
			(unsigned long long)st.overrun_phase[i]);
	for (unsigned int u = 0; u < LINK_UNITS; u++)
		fprintf(out, "link unit %u: %llu requests, %llu timeouts, %llu crc, %llu frame, %llu exceptions, %llu disconnected\n",
			u, (unsigned long long)st.link[u].transactions,
			(unsigned long long)st.link[u].errors[LINK_TIMEOUT],
			(unsigned long long)st.link[u].errors[LINK_CRC],
			(unsigned long long)st.link[u].errors[LINK_FRAME],
			(unsigned long long)st.link[u].errors[LINK_EXCEPTION],
			(unsigned long long)st.link[u].errors[LINK_DISCONNECTED]);
}
