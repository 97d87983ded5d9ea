// SPDX-License-Identifier: MIT
/* Client of /dev/omt_table (see kernel_interlock.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <uapi/omt_table.h>

#include "kernel_interlock.h"

/* Records drained per cycle at most, so a flood cannot stretch a cycle. */
#define EVENTS_PER_CYCLE 8
/* How often the helper tries to open a lost device again. */
#define REOPEN_INTERVAL_NS (1000ULL * 1000 * 1000)
#define HELPER_TICK_MS 20

struct kernel_interlock {
	int fd;                         /* -1 while the device is lost */
	bool enable_requested;
	bool lost_latched;              /* lost since the last clear */
	uint64_t losses;
	uint64_t reopens;

	/* Opening and closing happen on the helper thread. */
	char path[256];
	uint32_t timeout_ms;
	pthread_t helper;
	bool helper_running;
	atomic_bool helper_stop;
	atomic_bool wanted;             /* control -> helper: open it again */
	atomic_int ready;               /* helper -> control: opened, or -1 */
	atomic_int retired;             /* control -> helper: to close, or -1 */
	bool escape_asked;              /* a grant may be running */
};

/* ms held within the module's bounds [min, max]. */
static uint32_t ms_within(uint64_t ms, uint32_t min, uint32_t max)
{
	if (ms < min)
		return min;
	if (ms > max)
		return max;
	return (uint32_t)ms;
}

/* count control periods in ms, within [min, max]. */
static uint32_t periods_within(uint32_t period_ms, uint32_t count,
			       uint32_t min, uint32_t max)
{
	return ms_within((uint64_t)period_ms * count, min, max);
}

uint32_t kernel_interlock_timeout_for_period(uint32_t period_ms)
{
	return periods_within(period_ms, 10, OMT_TABLE_TIMEOUT_MIN_MS,
			      OMT_TABLE_TIMEOUT_MAX_MS);
}

/* Open, check the uapi version, set the timeout: a descriptor or -errno. */
static int open_device(const char *path, uint32_t timeout_ms, char *err,
		       size_t errlen)
{
	struct omt_table_status status;
	__u32 timeout = timeout_ms;
	int fd, r;

	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		if (r == -EBUSY)
			snprintf(err, errlen,
				 "%s is owned by another process", path);
		else
			snprintf(err, errlen, "cannot open %s: %s", path,
				 strerror(-r));
		return r;
	}
	memset(&status, 0, sizeof(status));
	if (ioctl(fd, OMT_TABLE_IOC_GET_STATUS, &status) != 0) {
		r = -errno;
		snprintf(err, errlen, "%s: status: %s", path, strerror(-r));
		close(fd);
		return r;
	}
	if (status.version != OMT_TABLE_UAPI_VERSION) {
		snprintf(err, errlen,
			 "%s speaks interface version %u, omtd needs %u", path,
			 status.version, OMT_TABLE_UAPI_VERSION);
		close(fd);
		return -EPROTO;
	}
	if (timeout < OMT_TABLE_TIMEOUT_MIN_MS)
		timeout = OMT_TABLE_TIMEOUT_MIN_MS;
	if (timeout > OMT_TABLE_TIMEOUT_MAX_MS)
		timeout = OMT_TABLE_TIMEOUT_MAX_MS;
	if (ioctl(fd, OMT_TABLE_IOC_SET_TIMEOUT, &timeout) != 0) {
		r = -errno;
		snprintf(err, errlen, "%s: set heartbeat timeout %u ms: %s",
			 path, timeout, strerror(-r));
		close(fd);
		return r;
	}
	return fd;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * The helper: closes the descriptor of a lost device (its release lets
 * the module be unloaded) and, while one is wanted, opens the device
 * again at most once per REOPEN_INTERVAL_NS.  The control thread never
 * opens or waits: it only exchanges descriptors through the atomics.
 */
static void *reopen_helper(void *arg)
{
	struct kernel_interlock *ki = arg;
	struct timespec tick = { 0, HELPER_TICK_MS * 1000000L };
	uint64_t last = 0;
	char err[320];

	pthread_setname_np(pthread_self(), "omtd-interlock");
	while (!atomic_load(&ki->helper_stop)) {
		int old = atomic_exchange(&ki->retired, -1);
		uint64_t now = now_ns();

		if (old >= 0)
			close(old);
		if (atomic_load(&ki->wanted) && atomic_load(&ki->ready) < 0 &&
		    (last == 0 || now - last >= REOPEN_INTERVAL_NS)) {
			int fd = open_device(ki->path, ki->timeout_ms, err,
					     sizeof(err));

			last = now;
			if (fd >= 0) {
				atomic_store(&ki->wanted, false);
				atomic_store(&ki->ready, fd);
			}
		}
		nanosleep(&tick, NULL);
	}
	return NULL;
}

int kernel_interlock_open(const char *path, uint32_t timeout_ms,
			  struct kernel_interlock **out, char *err,
			  size_t errlen)
{
	struct kernel_interlock *ki;
	int fd, r;

	*out = NULL;
	if (strlen(path) >= sizeof(ki->path)) {
		snprintf(err, errlen, "interlock device path too long");
		return -ENAMETOOLONG;
	}
	fd = open_device(path, timeout_ms, err, errlen);
	if (fd < 0)
		return fd;
	ki = calloc(1, sizeof(*ki));
	if (!ki) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ki->fd = fd;
	snprintf(ki->path, sizeof(ki->path), "%s", path);
	ki->timeout_ms = timeout_ms;
	atomic_init(&ki->helper_stop, false);
	atomic_init(&ki->wanted, false);
	atomic_init(&ki->ready, -1);
	atomic_init(&ki->retired, -1);
	r = pthread_create(&ki->helper, NULL, reopen_helper, ki);
	if (r != 0) {
		snprintf(err, errlen,
			 "cannot start the interlock's helper thread: %s",
			 strerror(r));
		close(fd);
		free(ki);
		return -r;
	}
	ki->helper_running = true;
	*out = ki;
	return 0;
}

void kernel_interlock_close(struct kernel_interlock *ki)
{
	int fd;

	if (!ki)
		return;
	if (ki->helper_running) {
		atomic_store(&ki->helper_stop, true);
		pthread_join(ki->helper, NULL);
	}
	if (ki->fd >= 0) {
		ioctl(ki->fd, OMT_TABLE_IOC_DISABLE);
		close(ki->fd);
	}
	fd = atomic_exchange(&ki->ready, -1);
	if (fd >= 0)
		close(fd);
	fd = atomic_exchange(&ki->retired, -1);
	if (fd >= 0)
		close(fd);
	free(ki);
}

uint64_t kernel_interlock_losses(const struct kernel_interlock *ki)
{
	return ki->losses;
}

uint64_t kernel_interlock_reopens(const struct kernel_interlock *ki)
{
	return ki->reopens;
}

/*
 * The device went away (removed, or its module unloaded and maybe loaded
 * again): hand the dead descriptor to the helper to close and ask it for
 * a new one.
 */
static void lose_device(struct kernel_interlock *ki)
{
	int none = -1;

	if (!atomic_compare_exchange_strong(&ki->retired, &none, ki->fd))
		close(ki->fd);  /* the helper is behind; closing is quick */
	ki->fd = -1;
	ki->enable_requested = false;
	ki->lost_latched = true;
	ki->losses++;
	atomic_store(&ki->wanted, true);
}

/* Whether the device answers at all; false once it is gone. */
static bool device_alive(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 0) < 0)
		return true;    /* EINTR and the like: the ioctls will tell */
	return !(p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void read_events(struct kernel_interlock *ki,
			struct kernel_interlock_report *report)
{
	struct omt_table_event ev;

	for (int i = 0; i < EVENTS_PER_CYCLE; i++) {
		ssize_t n = read(ki->fd, &ev, sizeof(ev));

		if (n != (ssize_t)sizeof(ev))
			break;
		report->events++;
		report->last_event_type = ev.type;
	}
}

/* Lost: the kernel may no longer stand between omtd and the drives. */
static void report_lost(struct kernel_interlock_report *report)
{
	report->lost = true;
	report->error = true;
	report->state = OMT_INTERLOCK_DROPPED;
}

void kernel_interlock_cycle(struct kernel_interlock *ki, bool want_enable,
			    struct kernel_interlock_report *report)
{
	struct omt_table_status status;
	int fd;

	memset(report, 0, sizeof(*report));
	if (ki->fd < 0) {
		fd = atomic_exchange(&ki->ready, -1);
		if (fd < 0) {
			report_lost(report);
			return;
		}
		/* A fresh descriptor: nothing asked of it yet. */
		ki->fd = fd;
		ki->enable_requested = false;
		ki->reopens++;
		report->reopened = true;
	}
	if (!device_alive(ki->fd)) {
		lose_device(ki);
		report_lost(report);
		return;
	}
	if (want_enable && !ki->enable_requested && !ki->lost_latched) {
		/* -EBUSY: an e-stop or fault holds the line low; the status
		 * below tells which, and we ask again next cycle. */
		if (ioctl(ki->fd, OMT_TABLE_IOC_ENABLE) == 0)
			ki->enable_requested = true;
	} else if (!want_enable && ki->enable_requested) {
		ioctl(ki->fd, OMT_TABLE_IOC_DISABLE);
		ki->enable_requested = false;
	}
	if (ioctl(ki->fd, OMT_TABLE_IOC_PING) != 0)
		report->error = true;

	memset(&status, 0, sizeof(status));
	if (ioctl(ki->fd, OMT_TABLE_IOC_GET_STATUS, &status) != 0) {
		if (errno == ENODEV) {
			lose_device(ki);
			report_lost(report);
			return;
		}
		report->error = true;
		report->state = OMT_INTERLOCK_DROPPED;
		return;
	}
	/* The module forgets our request when it drops the line itself. */
	if (!status.enable_requested)
		ki->enable_requested = false;
	report->estop = status.estop != 0;
	report->faults = status.faults;
	report->inputs = status.inputs;
	/*
	 * Dropped means the kernel holds power off against our wish: a
	 * latched fault, an e-stop, or a request it no longer honours.  Not
	 * having asked yet is not a drop: power may come on when we ask.
	 */
	if (status.faults != 0 || status.estop || ki->lost_latched ||
	    (want_enable && !status.enabled && !ki->enable_requested))
		report->state = OMT_INTERLOCK_DROPPED;
	else
		report->state = OMT_INTERLOCK_ENABLED;
	read_events(ki, report);
}

int kernel_interlock_clear_faults(struct kernel_interlock *ki)
{
	struct omt_table_status status;
	__u32 mask;

	if (ki->fd < 0)
		return -ENODEV;
	memset(&status, 0, sizeof(status));
	if (ioctl(ki->fd, OMT_TABLE_IOC_GET_STATUS, &status) != 0)
		return -errno;
	/*
	 * Only the faults whose cause has gone: the module clears nothing
	 * when one named fault's cause lasts, and a WATCHDOG or ESTOP left
	 * beside a lasting OBSTRUCTION would keep the escape refused.
	 */
	mask = status.faults & ~status.fault_causes & OMT_TABLE_FAULT_ALL;
	if (mask != 0 && ioctl(ki->fd, OMT_TABLE_IOC_CLEAR_FAULT, &mask) != 0)
		return -errno;
	/* The device is back: its loss is acknowledged. */
	ki->lost_latched = false;
	return status.faults & status.fault_causes ? -EBUSY : 0;
}

uint32_t kernel_interlock_escape_window_for_period(uint32_t period_ms)
{
	return periods_within(period_ms, 3, OMT_TABLE_ESCAPE_MIN_MS,
			      OMT_TABLE_ESCAPE_MAX_MS);
}

/* The kernel holds power off for its obstruction switch and nothing else. */
static bool obstruction_alone(const struct kernel_interlock_report *report)
{
	const uint32_t trips = OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B |
			       OMT_TABLE_INPUT_OBSTRUCTION;

	return !report->error && !report->lost && !report->estop &&
	       report->faults == OMT_TABLE_FAULT_OBSTRUCTION &&
	       (report->inputs & trips) == OMT_TABLE_INPUT_OBSTRUCTION;
}

void kernel_interlock_escape(struct kernel_interlock *ki, bool want_escape,
			     uint32_t window_ms,
			     struct kernel_interlock_report *report)
{
	struct omt_table_escape_status es;
	__u32 window = ms_within(window_ms, OMT_TABLE_ESCAPE_MIN_MS,
				 OMT_TABLE_ESCAPE_MAX_MS);

	report->escape_granted = false;
	report->escape_refused = 0;
	if (ki->fd < 0 || report->lost) {
		/* No device, no grant: whatever it held died with it. */
		ki->escape_asked = false;
		return;
	}
	if (!ki->lost_latched && obstruction_alone(report))
		report->state = OMT_INTERLOCK_OBSTRUCTED;
	if (want_escape && report->state == OMT_INTERLOCK_OBSTRUCTED) {
		/* Refused (-ENOSPC: the allowance is used up; -EBUSY: a trip
		 * is being handled): the axis stays without power. */
		if (ioctl(ki->fd, OMT_TABLE_IOC_ESCAPE, &window) != 0)
			report->escape_refused = -errno;
		ki->escape_asked = true;
	} else if (ki->escape_asked) {
		/* The escape motion ended: no grant outlives it. */
		ioctl(ki->fd, OMT_TABLE_IOC_DISABLE);
		ki->escape_asked = false;
	}
	/* Only omtd's own request starts a grant: with none running and the
	 * kernel not obstructed there is nothing to read this cycle. */
	if (!ki->escape_asked && report->state != OMT_INTERLOCK_OBSTRUCTED)
		return;
	memset(&es, 0, sizeof(es));
	if (ioctl(ki->fd, OMT_TABLE_IOC_GET_ESCAPE, &es) != 0)
		return;
	report->escape_granted = es.active != 0;
	report->escape_used_ms = (uint32_t)(es.used_ns / 1000000u);
	report->escape_total_ms = (uint32_t)(es.total_ns / 1000000u);
}
