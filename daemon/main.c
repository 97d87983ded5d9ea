// SPDX-License-Identifier: MIT
/*
 * omtd: the treatment-table daemon.
 *
 * The main thread loads the configuration, opens the Modbus link (the
 * control loop verifies every drive on it), opens the kernel interlock and the
 * operator inputs, starts the real-time control thread, and then serves
 * org.omt.Table1 on its sd-event loop until SIGTERM or SIGINT, when it
 * stops the table in a controlled way and exits.  docs/architecture.md
 * draws the threads and the data between them.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>

#include "bus.h"
#include "config.h"
#include "control_port.h"
#include "link.h"
#include "log.h"
#include "omt_version.h"
#include "omt_regs.h"
#include "store.h"
#include "omt_time.h"

struct options {
	const char *config_path;
	bool check_config;
	bool unit_dropin;
	bool no_bus;
};

/* Everything main owns, so one function can take it all down. */
struct daemon {
	struct options opt;
	struct omtd_config config;
	struct omt_table_params params;
	struct link *link;
	struct gpio_inputs *gpio;
	struct kernel_interlock *interlock;
	struct omt_control *control;
	sd_event *event;
	struct omt_bus *bus;
	sd_event_source *watchdog_timer;
	sd_event_source *local_events;      /* --no-bus: we log events */
	uint64_t watchdog_usec;
};

static void usage(FILE *to)
{
	fprintf(to,
		"Usage: omtd [OPTIONS]\n"
		"\n"
		"The treatment-table daemon: real-time control of the table's drives\n"
		"and the org.omt.Table1 D-Bus service.\n"
		"\n"
		"  -c, --config PATH   configuration file (default %s)\n"
		"      --check-config  validate the configuration and exit\n"
		"      --unit-dropin   print omtd.service's network policy for this\n"
		"                      configuration (a systemd drop-in) and exit\n"
		"  -f, --foreground    stay in the foreground (omtd always does; for\n"
		"                      service managers that pass it)\n"
		"      --no-bus        run the control loop without the D-Bus service\n"
		"                      (bench and bring-up; events go to the log)\n"
		"      --version       omtd's version and the commit it was built from\n"
		"  -h, --help          this text\n"
		"\n"
		"See omtd(8) and omtd.conf's documentation (docs/configuration.md).\n"
		"\n"
		"Exit status: 0 after a clean stop, 1 on a start-up error, 2 on bad usage.\n",
		OMTD_CONFIG_DEFAULT_PATH);
}

/* Returns 0 to run, 1 when done (help), 2 on bad usage. */
static int parse_args(int argc, char **argv, struct options *opt)
{
	enum { OPT_CHECK = 256, OPT_NO_BUS, OPT_VERSION, OPT_UNIT_DROPIN };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, OPT_CHECK },
		{ "unit-dropin", no_argument, NULL, OPT_UNIT_DROPIN },
		{ "foreground", no_argument, NULL, 'f' },
		{ "no-bus", no_argument, NULL, OPT_NO_BUS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opt->config_path = OMTD_CONFIG_DEFAULT_PATH;
	opterr = 0;     /* one line of ours instead of getopt's */
	while ((c = getopt_long(argc, argv, ":c:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt->config_path = optarg;
			break;
		case OPT_CHECK:
			opt->check_config = true;
			break;
		case OPT_UNIT_DROPIN:
			opt->unit_dropin = true;
			break;
		case 'f':
			break;
		case OPT_NO_BUS:
			opt->no_bus = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("omtd %s\n", omt_version());
			return 1;
		case ':':
			fprintf(stderr, "omtd: %s needs a value; see 'omtd --help'\n",
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "omtd: unknown option '%s'; see 'omtd --help'\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "omtd: unexpected argument '%s'; see 'omtd --help'\n",
			argv[optind]);
		return 2;
	}
	return 0;
}

/* ---- log routing: the link logs from whichever thread calls it ---- */

static struct omt_control *log_control;

static void link_log(void *arg, int priority, const char *message)
{
	/* On the control thread: never block on the journal there. */
	if (log_control && omt_control_on_thread(log_control))
		omt_control_log(log_control, message);
	else
		omt_log(priority, NULL, NULL, "%s", message);
}

/* ---- start-up ---- */

static int open_interlock(struct daemon *d)
{
	const char *path = d->config.control.interlock_device;
	char err[OMTD_ERR_MAX];
	int r;

	if (!path[0])
		path = "/dev/omt_table";
	r = kernel_interlock_open(path,
				  kernel_interlock_timeout_for_period(d->config.control.period_ms),
				  &d->interlock, err, sizeof(err));
	if (r == -ENOENT) {
		omt_log(LOG_WARNING, NULL, NULL,
			"no kernel interlock at %s: running on the software interlock alone",
			path);
		return 0;
	}
	if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL, "kernel interlock: %s", err);
		return r;
	}
	omt_log(LOG_INFO, NULL, NULL, "kernel interlock %s in use", path);
	return 0;
}

/*
 * Targets of the preset pedals, from the preset store as it is at start.
 * A preset saved later reaches a pedal at the next start.  They are the
 * core's parameters: the core starts a pedal's recall itself.
 */
static void load_pedal_presets(struct daemon *d)
{
	static struct omt_preset_set set;
	char err[OMTD_ERR_MAX];
	bool any = false;
	int r;

	for (int i = 0; i < OMT_PEDAL_INPUTS; i++)
		any |= d->config.io.pedal[i].function == OMT_PEDAL_PRESET;
	if (!any)
		return;
	err[0] = '\0';
	r = omt_presets_load(d->config.control.state_dir, &set, err,
			     sizeof(err));
	if (r < 0) {
		omt_log(LOG_WARNING, NULL, NULL,
			"presets in %s unreadable (%s): preset pedals do nothing",
			d->config.control.state_dir,
			err[0] ? err : strerror(-r));
		return;
	}
	for (int i = 0; i < OMT_PEDAL_INPUTS; i++) {
		const struct omtd_pedal *pedal = &d->config.io.pedal[i];
		const struct omt_preset *preset;

		if (pedal->function != OMT_PEDAL_PRESET)
			continue;
		preset = omt_preset_find(&set, pedal->preset);
		if (!preset) {
			omt_log(LOG_WARNING, NULL, NULL,
				"pedal %s: no preset '%s' saved: the pedal does nothing",
				omt_io_input_name((enum omt_io_input)i),
				pedal->preset);
			continue;
		}
		d->params.pedal_preset[i].valid = true;
		d->params.pedal_preset[i].target[OMT_AXIS_HEIGHT] = preset->height;
		d->params.pedal_preset[i].target[OMT_AXIS_TILT] = preset->tilt;
	}
}

static int start_control(struct daemon *d)
{
	struct omt_control_setup setup;
	struct omt_snapshot snap;
	char err[OMTD_ERR_MAX];

	memset(&setup, 0, sizeof(setup));
	setup.config = &d->config;
	setup.params = &d->params;
	setup.lock_memory = true;

	struct link_settings link_settings;

	if (omtd_config_link_settings(&d->config, &link_settings) != 0) {
		omt_log(LOG_ERR, NULL, NULL, "link: a drive's profile is out of range");
		return -EINVAL;
	}
	d->link = link_open(&link_settings, link_log, NULL, err, sizeof(err));
	if (!d->link) {
		omt_log(LOG_ERR, NULL, NULL, "link: %s", err);
		return -EINVAL;
	}
	/*
	 * Each drive's identity, travel and comms watchdog are checked by the
	 * control loop on every connection, this first one included; no
	 * drive is enabled before (drive_verify.h).
	 */
	if (!link_connected(d->link))
		omt_log(LOG_WARNING, NULL, NULL,
			"the drives' bus is not reachable yet; retrying");
	setup.link = d->link;

	if (d->config.io.source == OMTD_IO_GPIO) {
		d->gpio = gpio_inputs_open(&d->config.io, err, sizeof(err));
		if (!d->gpio) {
			omt_log(LOG_ERR, NULL, NULL, "inputs: %s", err);
			return -EINVAL;
		}
		setup.gpio = d->gpio;
	}
	if (open_interlock(d) != 0)
		return -EINVAL;
	setup.interlock = d->interlock;
	load_pedal_presets(d);

	if (omt_control_create(&setup, &d->control, err, sizeof(err)) != 0) {
		omt_log(LOG_ERR, NULL, NULL, "%s", err);
		return -EINVAL;
	}
	log_control = d->control;
	if (omt_control_start(d->control, err, sizeof(err)) != 0) {
		omt_log(LOG_ERR, NULL, NULL, "%s", err);
		return -EINVAL;
	}
	if (!omt_control_wait_running(d->control)) {
		omt_log(LOG_ERR, NULL, NULL, "the control thread ended at start");
		return -EINVAL;
	}
	omt_control_snapshot(d->control, &snap);
	if (!snap.realtime && d->config.control.rt_priority > 0) {
		struct omt_loop_stats stats;

		omt_control_loop_stats(d->control, &stats);
		omt_log(LOG_WARNING, NULL, NULL,
			"SCHED_FIFO priority %d refused (%s): the control loop runs without real-time scheduling",
			(int)d->config.control.rt_priority,
			strerror(-stats.rt_error));
	}
	omt_log(LOG_INFO, NULL, NULL,
		"control loop running: period %u ms, %s, %s interlock",
		d->config.control.period_ms,
		snap.realtime ? "SCHED_FIFO" : "not real-time",
		d->interlock ? "kernel" : "software");
	return 0;
}

/* ---- the event loop ---- */

/*
 * WATCHDOG=1 only while the control loop proves itself: its last healthy
 * cycle is recent.  A stuck or dead loop stops the pings, and systemd
 * restarts us (the kernel interlock has long dropped power by then).
 */
static int on_watchdog_timer(sd_event_source *s, uint64_t usec, void *arg)
{
	struct daemon *d = arg;
	struct omt_snapshot snap;
	uint64_t now = monotonic_ns();
	uint64_t recent_ns = d->watchdog_usec * 1000 / 2;

	omt_control_snapshot(d->control, &snap);
	if (snap.healthy_ns != 0 && now - snap.healthy_ns < recent_ns)
		sd_notify(0, "WATCHDOG=1");
	/* A time source fires once: set the next time and arm it again. */
	sd_event_source_set_time(s, usec + d->watchdog_usec / 4);
	sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
	return 0;
}

static int start_watchdog(struct daemon *d)
{
	uint64_t now;

	if (sd_watchdog_enabled(0, &d->watchdog_usec) <= 0)
		return 0;
	sd_event_now(d->event, CLOCK_MONOTONIC, &now);
	return sd_event_add_time(d->event, &d->watchdog_timer, CLOCK_MONOTONIC,
				 now + d->watchdog_usec / 4, 0,
				 on_watchdog_timer, d);
}

/* Without the bus service, the control thread's events go to the log. */
static void log_event(const struct omt_event *ev)
{
	omt_event_journal(ev);
	if (ev->kind == OMT_EV_MOTION_FINISHED)
		omt_log(LOG_INFO, NULL, NULL, "motion %u finished: %s",
			ev->motion_id, omt_outcome_name(ev->outcome));
}

static int on_local_events(sd_event_source *s, int fd, uint32_t revents,
			   void *arg)
{
	struct daemon *d = arg;
	struct omt_event ev;

	while (omt_control_next_event(d->control, &ev))
		log_event(&ev);
	return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si,
		     void *arg)
{
	struct daemon *d = arg;

	omt_log(LOG_INFO, NULL, NULL, "signal %u: stopping the table",
		si->ssi_signo);
	sd_notify(0, "STOPPING=1");
	return sd_event_exit(d->event, 0);
}

static int serve(struct daemon *d)
{
	int r;

	r = sd_event_default(&d->event);
	if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL, "sd-event: %s", strerror(-r));
		return r;
	}
	if (sd_event_add_signal(d->event, NULL, SIGTERM, on_signal, d) < 0 ||
	    sd_event_add_signal(d->event, NULL, SIGINT, on_signal, d) < 0) {
		omt_log(LOG_ERR, NULL, NULL, "cannot watch SIGTERM/SIGINT");
		return -EINVAL;
	}
	if (d->opt.no_bus) {
		r = sd_event_add_io(d->event, &d->local_events,
				    omt_control_event_fd(d->control), EPOLLIN,
				    on_local_events, d);
	} else {
		r = omt_bus_start(d->event, d->control, &d->config, &d->bus);
	}
	if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL, "cannot start the %s: %s",
			d->opt.no_bus ? "event log" : "D-Bus service",
			strerror(-r));
		return r;
	}
	if (start_watchdog(d) < 0) {
		omt_log(LOG_ERR, NULL, NULL, "cannot arm the service watchdog");
		return -EINVAL;
	}
	/* The bus name is ours (or there is no bus): clients may come. */
	sd_notify(0, "READY=1");
	omt_log(LOG_INFO, NULL, NULL, "ready%s",
		d->opt.no_bus ? " (no D-Bus service)" : "");
	r = sd_event_loop(d->event);
	return r < 0 ? r : 0;
}

static void shut_down(struct daemon *d)
{
	struct omt_event ev;

	/* The bus goes first: no new commands while the table stops. */
	omt_bus_free(d->bus);
	d->bus = NULL;
	if (d->control) {
		omt_control_stop(d->control);
		while (omt_control_next_event(d->control, &ev))
			log_event(&ev);
	}
	sd_event_source_unref(d->local_events);
	sd_event_source_unref(d->watchdog_timer);
	sd_event_unref(d->event);
	omt_control_free(d->control);
	log_control = NULL;
	kernel_interlock_close(d->interlock);
	gpio_inputs_close(d->gpio);
	link_close(d->link);
}

static int load_config(struct daemon *d)
{
	char err[OMTD_ERR_MAX];

	if (omtd_config_load(d->opt.config_path, &d->config, err,
			     sizeof(err)) != 0) {
		fprintf(stderr, "omtd: %s\n", err);
		return -EINVAL;
	}
	if (omtd_params_from_config(&d->config, &d->params, err,
				    sizeof(err)) != 0) {
		fprintf(stderr, "omtd: %s: %s\n", d->opt.config_path, err);
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct daemon d;
	sigset_t signals;
	int r;

	r = parse_args(argc, argv, &d.opt);
	if (r != 0)
		return r == 1 ? EXIT_SUCCESS : 2;
	if (load_config(&d) != 0)
		return EXIT_FAILURE;
	if (d.opt.check_config) {
		printf("%s: ok\n", d.opt.config_path);
		return EXIT_SUCCESS;
	}
	if (d.opt.unit_dropin) {
		char dropin[512];

		if (omtd_unit_dropin(&d.config, dropin, sizeof(dropin)) < 0)
			return EXIT_FAILURE;
		fputs(dropin, stdout);
		return EXIT_SUCCESS;
	}

	/*
	 * Block the stop signals before any thread starts, so only the
	 * event loop's signalfd ever sees them.
	 */
	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);

	r = start_control(&d) == 0 && serve(&d) == 0 ? EXIT_SUCCESS
						     : EXIT_FAILURE;
	shut_down(&d);
	omt_log(LOG_INFO, NULL, NULL, "stopped");
	return r;
}
