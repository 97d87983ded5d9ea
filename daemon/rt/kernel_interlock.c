// SPDX-License-Identifier: MIT
/* Client of /dev/omt_table (see kernel_interlock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <uapi/omt_table.h>

#include "kernel_interlock.h"

/* Records drained per cycle at most, so a flood cannot stretch a cycle. */
#define EVENTS_PER_CYCLE 8

struct kernel_interlock {
	int fd;
	bool enable_requested;
	bool escape_asked;              /* a grant may be running */
};

uint32_t kernel_interlock_timeout_for_period(uint32_t period_ms)
{
	uint64_t ms = (uint64_t)period_ms * 10;

	if (ms < OMT_TABLE_TIMEOUT_MIN_MS)
		ms = OMT_TABLE_TIMEOUT_MIN_MS;
	if (ms > OMT_TABLE_TIMEOUT_MAX_MS)
		ms = OMT_TABLE_TIMEOUT_MAX_MS;
	return (uint32_t)ms;
}

int kernel_interlock_open(const char *path, uint32_t timeout_ms,
			  struct kernel_interlock **out, char *err,
			  size_t errlen)
{
	struct omt_table_status status;
	struct kernel_interlock *ki;
	__u32 timeout = timeout_ms;
	int fd, r;

	*out = NULL;
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
	ki = calloc(1, sizeof(*ki));
	if (!ki) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ki->fd = fd;
	*out = ki;
	return 0;
}

void kernel_interlock_close(struct kernel_interlock *ki)
{
	if (!ki)
		return;
	ioctl(ki->fd, OMT_TABLE_IOC_DISABLE);
	close(ki->fd);
	free(ki);
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

void kernel_interlock_cycle(struct kernel_interlock *ki, bool want_enable,
			    struct kernel_interlock_report *report)
{
	struct omt_table_status status;

	memset(report, 0, sizeof(*report));
	if (want_enable && !ki->enable_requested) {
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
	if (status.faults != 0 || status.estop ||
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
	return status.faults & status.fault_causes ? -EBUSY : 0;
}

uint32_t kernel_interlock_escape_window_for_period(uint32_t period_ms)
{
	uint64_t ms = (uint64_t)period_ms * 3;

	if (ms < OMT_TABLE_ESCAPE_MIN_MS)
		ms = OMT_TABLE_ESCAPE_MIN_MS;
	if (ms > OMT_TABLE_ESCAPE_MAX_MS)
		ms = OMT_TABLE_ESCAPE_MAX_MS;
	return (uint32_t)ms;
}

/* The kernel holds power off for its obstruction switch and nothing else. */
static bool obstruction_alone(const struct kernel_interlock_report *report)
{
	const uint32_t trips = OMT_TABLE_INPUT_ESTOP_A | OMT_TABLE_INPUT_ESTOP_B |
			       OMT_TABLE_INPUT_OBSTRUCTION;

	return !report->error && !report->estop &&
	       report->faults == OMT_TABLE_FAULT_OBSTRUCTION &&
	       (report->inputs & trips) == OMT_TABLE_INPUT_OBSTRUCTION;
}

void kernel_interlock_escape(struct kernel_interlock *ki, bool want_escape,
			     uint32_t window_ms,
			     struct kernel_interlock_report *report)
{
	struct omt_table_escape_status es;
	__u32 window = window_ms;

	report->escape_granted = false;
	report->escape_refused = 0;
	if (obstruction_alone(report))
		report->state = OMT_INTERLOCK_OBSTRUCTED;
	if (window < OMT_TABLE_ESCAPE_MIN_MS)
		window = OMT_TABLE_ESCAPE_MIN_MS;
	if (window > OMT_TABLE_ESCAPE_MAX_MS)
		window = OMT_TABLE_ESCAPE_MAX_MS;
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
	memset(&es, 0, sizeof(es));
	if (ioctl(ki->fd, OMT_TABLE_IOC_GET_ESCAPE, &es) != 0)
		return;
	report->escape_granted = es.active != 0;
	report->escape_used_ms = (uint32_t)(es.used_ns / 1000000u);
	report->escape_total_ms = (uint32_t)(es.total_ns / 1000000u);
}
