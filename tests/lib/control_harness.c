// SPDX-License-Identifier: MIT
/* The control thread in-process against omt-sim (see control_harness.h). */
#include <arpa/inet.h>
#include <ctype.h>
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

/* The project's top directory, from this file's path ("" when built
 * from the top, as make does). */
static void top_dir(char *out, size_t len)
{
	const char *me = __FILE__, *at = strstr(me, "tests/lib/control_harness.c");

	snprintf(out, len, "%.*s", at ? (int)(at - me) : 0, me);
}

int control_harness_table(const char *name, char *text, size_t text_len,
			  const char **classes, unsigned int max, char *err,
			  size_t err_len)
{
	char top[256], path[512], *line;
	unsigned int n = 0;
	size_t got;
	FILE *f;

	if (max == 0 || text_len < 2) {
		snprintf(err, err_len, "no room");
		return -1;
	}
	classes[0] = NULL;
	text[0] = '\0';
	if (!name || strcmp(name, "generic") == 0)
		return 0;
	for (const char *c = name; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '-' && *c != '_') {
			snprintf(err, err_len, "table '%s': not a table's name",
				 name);
			return -1;
		}
	top_dir(top, sizeof(top));
	snprintf(path, sizeof(path), "%setc/tables/%s.conf", top, name);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_len, "table '%s': cannot open %s", name, path);
		return -1;
	}
	got = fread(text, 1, text_len - 1, f);
	text[got] = '\0';
	if (!feof(f)) {
		fclose(f);
		snprintf(err, err_len, "table '%s': %s is too long", name, path);
		return -1;
	}
	fclose(f);
	/*
	 * "# omt-sim: SLAVE=CLASS ...": the words are cut out of a copy at
	 * the end of text, so the configuration text stays whole.
	 */
	line = strstr(text, "\n# omt-sim:");
	if (line) {
		size_t used = strlen(text) + 1, len;
		char *copy = text + used, *word, *save = NULL;

		line += strlen("\n# omt-sim:");
		len = strcspn(line, "\n");
		if (used + len + 1 > text_len) {
			snprintf(err, err_len, "table '%s': %s is too long",
				 name, path);
			return -1;
		}
		memcpy(copy, line, len);
		copy[len] = '\0';
		for (word = strtok_r(copy, " \t", &save); word;
		     word = strtok_r(NULL, " \t", &save)) {
			if (n + 1 >= max) {
				snprintf(err, err_len,
					 "table '%s': too many drive classes",
					 name);
				return -1;
			}
			classes[n++] = word;
		}
		classes[n] = NULL;
	}
	return 0;
}

int control_harness_start(struct control_harness *h,
			  const struct control_harness_options *opt)
{
	struct sim_harness_options sim_opt = {
		.tcp = opt->rtu_baud == 0,
		.rtu = opt->rtu_baud != 0,
		.baud = opt->rtu_baud,
	};
	struct omt_control_setup setup;
	struct link_settings link_settings;
	unsigned int period = opt->period_ms ? opt->period_ms : 10;
	char link_text[320], limit_text[64] = "", err[OMTD_ERR_MAX];
	size_t text_len;
	char *text = NULL;

	memset(h, 0, sizeof(*h));
	if (control_harness_table(opt->table, h->table_text,
				  sizeof(h->table_text), h->drive_classes,
				  SIM_HARNESS_CLASSES_MAX + 1, h->error,
				  sizeof(h->error)) != 0)
		return -1;
	if (!h->drive_classes[0] && opt->drive_classes) {
		unsigned int n = 0;

		while (opt->drive_classes[n] && n < SIM_HARNESS_CLASSES_MAX) {
			h->drive_classes[n] = opt->drive_classes[n];
			n++;
		}
		h->drive_classes[n] = NULL;
	}
	sim_opt.drive_classes = h->drive_classes[0] ? h->drive_classes : NULL;
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
	text_len = 1024 + strlen(h->table_text) +
		   (opt->extra_config ? strlen(opt->extra_config) : 0);
	text = malloc(text_len);
	if (!text) {
		snprintf(h->error, sizeof(h->error), "out of memory");
		goto fail;
	}
	snprintf(text, text_len,
		 "%sresponse_timeout_ms = %u\nbyte_timeout_ms = %u\n"
		 "[control]\nperiod_ms = %u\nrt_priority = %d\n"
		 "drive_watchdog_ms = %u\nstate_dir = %s\n"
		 "interlock_device = %s/no-interlock\n%s%s\n%s",
		 link_text, period * 8 / 10,
		 /* No longer than the whole reply's wait (short periods). */
		 period * 8 / 10 < 2 ? period * 8 / 10 : (opt->rtu_baud ? 3 : 2),
		 period, opt->rt_priority,
		 opt->drive_watchdog_ms ? opt->drive_watchdog_ms : 500,
		 h->sim.dir, h->sim.dir, limit_text, h->table_text,
		 opt->extra_config ? opt->extra_config : "");
	if (omtd_config_load_string(text, "harness.conf", &h->config, err,
				    sizeof(err)) != 0 ||
	    omtd_params_from_config(&h->config, &h->params, err,
				    sizeof(err)) != 0) {
		snprintf(h->error, sizeof(h->error), "config: %s", err);
		goto fail;
	}
	free(text);
	text = NULL;
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
	free(text);
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

/*
 * Both channels in one connection: the simulator runs its lines back to
 * back, so no I/O exchange falls between them.  Two connections on a
 * loaded machine could leave one sample with the channels apart, or a
 * press shorter than the exchange's period.
 */
int control_harness_enable_pedal(struct control_harness *h, int value)
{
	char command[96], reply[128];

	snprintf(command, sizeof(command),
		 "input pedal-enable-a %d\ninput pedal-enable-b %d", value,
		 value);
	if (sim_harness_command(&h->sim, command, reply, sizeof(reply)) != 0 ||
	    strncmp(reply, "ok\nok", 5) != 0) {
		snprintf(h->error, sizeof(h->error), "sim enable pedal %d: %s",
			 value, reply);
		return -1;
	}
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
	/*
	 * A loaded machine's late I/O reply is an invalid sample, which
	 * cancels a gesture in progress (docs/safety.md R14): then the
	 * gesture is made again once its window (1 s) has passed, as a
	 * person would, up to three times.
	 */
	for (int attempt = 0; attempt < 3; attempt++) {
		if (attempt > 0)
			usleep(1200 * 1000);
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
	}
	describe_state(h, "still locked after the unlock gesture, made three times");
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
