/*
 * omt_table_test - behaviour of /dev/omt_table on a gpio-sim board
 *
 *   omt_table_test SIM_CHIP_SYSFS_DIR OMT_TABLE_SYSFS_DIR
 *   omt_table_test kill PID
 *
 * Runs in the qemu guest (tests/vm/guest-tests.sh) with the module loaded
 * on a gpio-sim chip: line 0 e-stop A, 1 e-stop B, 2 enable, 3 limit low,
 * 4 limit high, 5 obstruction, all active high.  Inputs are driven
 * through the chip's sim_gpioN/pull files and the enable line is read
 * back from sim_gpio2/value, so every check goes through the real GPIO
 * and interrupt paths.  Uses only the uapi header.  Prints one
 * "ok - NAME" or "not ok - NAME" line per test.
 *
 * Waits for the interlock's reaction are bounded (a few seconds) so that
 * a broken module fails instead of hanging; no test asserts a duration.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "uapi/omt_table.h"

enum { LINE_ESTOP_A, LINE_ESTOP_B, LINE_ENABLE, LINE_LIMIT_LOW, LINE_LIMIT_HIGH,
       LINE_OBSTRUCTION };

#define REACTION_WAIT_MS 3000

static const char *sim_dir;
static const char *dev_dir;
static int failures;

static void report(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok - %s\n", name);
	} else {
		failures++;
		printf("not ok - %s # ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static void pull(int line, bool up)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/sim_gpio%d/pull", sim_dir, line);
	if (write_file(path, up ? "pull-up" : "pull-down")) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
}

static int line_value(int line)
{
	char path[512], buf[16];

	snprintf(path, sizeof(path), "%s/sim_gpio%d/value", sim_dir, line);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return atoi(buf);
}

static bool enable_line_becomes(int want)
{
	int waited;

	for (waited = 0; waited < REACTION_WAIT_MS; waited++) {
		if (line_value(LINE_ENABLE) == want)
			return true;
		sleep_ms(1);
	}
	return false;
}

static int dev_attr(const char *name, char *buf, size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dev_dir, name);
	return read_file(path, buf, len);
}

static int xioctl(int fd, unsigned long req, unsigned long arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static int set_u32(int fd, unsigned long req, __u32 v)
{
	return ioctl(fd, req, &v) ? -errno : 0;
}

static struct omt_table_status status(int fd)
{
	struct omt_table_status st;

	memset(&st, 0xff, sizeof(st));
	if (ioctl(fd, OMT_TABLE_IOC_GET_STATUS, &st)) {
		fprintf(stderr, "GET_STATUS: %s\n", strerror(errno));
		exit(2);
	}
	return st;
}

/* Wait for an event of @type, dropping others; false on timeout. */
static bool wait_event_type(int fd, __u32 type, struct omt_table_event *out)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct omt_table_event ev;
	int rounds;

	for (rounds = 0; rounds < 1000; rounds++) {
		if (poll(&p, 1, REACTION_WAIT_MS) <= 0)
			return false;
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev))
			return false;
		if (ev.type == type) {
			if (out)
				*out = ev;
			return true;
		}
	}
	return false;
}

static void drain(int fd)
{
	struct omt_table_event ev;
	int flags = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (read(fd, &ev, sizeof(ev)) == sizeof(ev))
		;
	fcntl(fd, F_SETFL, flags);
}

static int open_dev(void)
{
	int fd = open(OMT_TABLE_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", OMT_TABLE_DEVICE, strerror(errno));
		exit(2);
	}
	return fd;
}

static void release_all_inputs(void)
{
	pull(LINE_ESTOP_A, false);
	pull(LINE_ESTOP_B, false);
	pull(LINE_LIMIT_LOW, false);
	pull(LINE_LIMIT_HIGH, false);
	pull(LINE_OBSTRUCTION, false);
}

/* Back to a clean, enabled-capable state between tests. */
static void reset(int fd)
{
	release_all_inputs();
	xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, OMT_TABLE_TIMEOUT_MAX_MS);
	/* The agreement window may still be running from the release. */
	for (int i = 0; i < 100 && status(fd).faults; i++) {
		set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ALL);
		sleep_ms(10);
	}
	drain(fd);
}

static void test_exclusive_open(void)
{
	int second = open(OMT_TABLE_DEVICE, O_RDWR);
	int err = second < 0 ? errno : 0;

	if (second >= 0)
		close(second);
	report(second < 0 && err == EBUSY, "exclusive-open",
	       "second open gave %s", second < 0 ? strerror(err) : "a descriptor");
}

static void test_status_header(int fd)
{
	struct omt_table_status st = status(fd);

	report(st.version == OMT_TABLE_UAPI_VERSION && st.size == sizeof(st) &&
	       st.lines_present == (OMT_TABLE_LINE_ESTOP_B | OMT_TABLE_LINE_LIMIT_LOW |
				    OMT_TABLE_LINE_LIMIT_HIGH | OMT_TABLE_LINE_OBSTRUCTION) &&
	       st.watchdog_timeout_ms == OMT_TABLE_TIMEOUT_MAX_MS,
	       "status-structure", "version %u size %u lines 0x%x timeout %u",
	       st.version, st.size, st.lines_present, st.watchdog_timeout_ms);
}

static void test_enable_and_disable(int fd)
{
	char buf[16];
	int rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	bool high = line_value(LINE_ENABLE) == 1;
	bool attr = !dev_attr("enabled", buf, sizeof(buf)) && atoi(buf) == 1;

	report(rc == 0 && high && attr && status(fd).enabled, "enable-drives-line-high",
	       "rc %d line %d sysfs %s", rc, line_value(LINE_ENABLE), buf);
	rc = xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	report(rc == 0 && line_value(LINE_ENABLE) == 0 && !status(fd).faults,
	       "disable-drives-line-low", "rc %d line %d", rc, line_value(LINE_ENABLE));
}

static void test_estop_press_and_release(int fd)
{
	struct omt_table_event ev = { 0 };
	struct omt_table_status st;
	char buf[32];
	bool dropped, got;
	int rc;

	reset(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	if (rc || line_value(LINE_ENABLE) != 1) {
		report(false, "estop-drops-enable", "could not enable: %d", rc);
		return;
	}
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	dropped = enable_line_becomes(0);
	got = wait_event_type(fd, OMT_TABLE_EV_ESTOP_PRESSED, &ev);
	st = status(fd);
	report(dropped && st.estop && !st.enabled && (st.faults & OMT_TABLE_FAULT_ESTOP),
	       "estop-drops-enable", "line %d estop %u faults 0x%x",
	       line_value(LINE_ENABLE), st.estop, st.faults);
	report(got && ev.value > 0 && ev.value == st.last_latency_ns &&
	       (ev.faults & OMT_TABLE_FAULT_ESTOP),
	       "estop-event-carries-latency", "event %d value %llu last %llu",
	       got, (unsigned long long)ev.value, (unsigned long long)st.last_latency_ns);
	report(!dev_attr("last_latency_ns", buf, sizeof(buf)) &&
	       strtoull(buf, NULL, 10) == st.last_latency_ns &&
	       !dev_attr("estop", buf, sizeof(buf)) && atoi(buf) == 1,
	       "sysfs-estop-and-latency", "sysfs says %s", buf);

	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(rc == -EBUSY && line_value(LINE_ENABLE) == 0, "enable-refused-during-estop",
	       "rc %d", rc);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ESTOP);
	st = status(fd);
	report(rc == -EBUSY && (st.faults & OMT_TABLE_FAULT_ESTOP),
	       "clear-refused-while-pressed", "rc %d faults 0x%x", rc, st.faults);

	pull(LINE_ESTOP_A, false);
	pull(LINE_ESTOP_B, false);
	got = wait_event_type(fd, OMT_TABLE_EV_ESTOP_RELEASED, NULL);
	st = status(fd);
	report(got && !st.estop && (st.faults & OMT_TABLE_FAULT_ESTOP) &&
	       line_value(LINE_ENABLE) == 0,
	       "release-keeps-fault-latched", "event %d estop %u faults 0x%x", got,
	       st.estop, st.faults);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ESTOP);
	st = status(fd);
	report(rc == 0 && !st.faults && !st.enabled && line_value(LINE_ENABLE) == 0,
	       "clear-after-release-does-not-enable", "rc %d faults 0x%x", rc, st.faults);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(rc == 0 && line_value(LINE_ENABLE) == 1, "enable-after-clear", "rc %d", rc);
	xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
}

static void test_single_channel_press(int fd)
{
	struct omt_table_status st;

	reset(fd);
	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	pull(LINE_ESTOP_B, true);
	st = status(fd);
	report(enable_line_becomes(0) && (status(fd).faults & OMT_TABLE_FAULT_ESTOP),
	       "either-channel-drops-enable", "faults 0x%x", st.faults);
	pull(LINE_ESTOP_B, false);
}

static void test_disagreement(int fd)
{
	struct omt_table_status st;
	bool got;
	int rc;

	reset(fd);
	pull(LINE_ESTOP_A, true);
	got = wait_event_type(fd, OMT_TABLE_EV_ESTOP_DISAGREE, NULL);
	st = status(fd);
	report(got && (st.faults & OMT_TABLE_FAULT_ESTOP_DISAGREE) && st.disagreements >= 1,
	       "channel-disagreement-latches", "event %d faults 0x%x", got, st.faults);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ESTOP_DISAGREE);
	report(rc == -EBUSY && (status(fd).faults & OMT_TABLE_FAULT_ESTOP_DISAGREE),
	       "disagreement-clear-refused-while-it-lasts", "rc %d", rc);
	pull(LINE_ESTOP_A, false);
	wait_event_type(fd, OMT_TABLE_EV_ESTOP_RELEASED, NULL);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT,
		     OMT_TABLE_FAULT_ESTOP_DISAGREE | OMT_TABLE_FAULT_ESTOP);
	report(rc == 0 && !status(fd).faults, "disagreement-clears-once-channels-agree",
	       "rc %d faults 0x%x", rc, status(fd).faults);

	/* Both channels within the window: a press, not a wiring fault. */
	reset(fd);
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	wait_event_type(fd, OMT_TABLE_EV_ESTOP_PRESSED, NULL);
	sleep_ms(300);
	st = status(fd);
	report(!(st.faults & OMT_TABLE_FAULT_ESTOP_DISAGREE) && (st.faults & OMT_TABLE_FAULT_ESTOP),
	       "agreeing-channels-no-disagreement", "faults 0x%x", st.faults);
	pull(LINE_ESTOP_A, false);
	pull(LINE_ESTOP_B, false);
}

static void test_watchdog(int fd)
{
	struct omt_table_event ev = { 0 };
	struct omt_table_status st;
	bool got;
	int i, rc;

	reset(fd);
	/* Pinging well inside a long timeout keeps enable up. */
	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	for (i = 0; i < 20; i++) {
		sleep_ms(20);
		xioctl(fd, OMT_TABLE_IOC_PING, 0);
	}
	st = status(fd);
	report(st.enabled && !st.faults && line_value(LINE_ENABLE) == 1,
	       "ping-keeps-enable", "enabled %u faults 0x%x", st.enabled, st.faults);

	rc = set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, 20);
	got = wait_event_type(fd, OMT_TABLE_EV_WATCHDOG_EXPIRED, &ev);
	st = status(fd);
	report(rc == 0 && got && ev.value == 20000000ULL && enable_line_becomes(0) &&
	       (st.faults & OMT_TABLE_FAULT_WATCHDOG) && !st.enable_requested &&
	       st.watchdog_expiries >= 1,
	       "watchdog-expiry-drops-enable", "rc %d event %d faults 0x%x", rc, got, st.faults);
	xioctl(fd, OMT_TABLE_IOC_PING, 0);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(rc == -EBUSY, "watchdog-fault-blocks-enable", "rc %d", rc);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_WATCHDOG);
	report(rc == 0 && !status(fd).faults, "watchdog-fault-clears", "rc %d", rc);
}

static void test_obstruction_and_limits(int fd)
{
	struct omt_table_event ev = { 0 };
	struct omt_table_status st;
	bool got;
	int rc;

	reset(fd);
	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	pull(LINE_LIMIT_LOW, true);
	got = wait_event_type(fd, OMT_TABLE_EV_LIMIT, &ev);
	st = status(fd);
	report(got && ev.value == OMT_TABLE_INPUT_LIMIT_LOW && st.enabled &&
	       (st.inputs & OMT_TABLE_INPUT_LIMIT_LOW),
	       "limit-switch-reported-not-tripping", "event %d value %llu enabled %u",
	       got, (unsigned long long)ev.value, st.enabled);
	pull(LINE_LIMIT_LOW, false);

	pull(LINE_OBSTRUCTION, true);
	st = status(fd);
	report(enable_line_becomes(0) && (status(fd).faults & OMT_TABLE_FAULT_OBSTRUCTION),
	       "obstruction-drops-enable", "faults 0x%x", st.faults);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_OBSTRUCTION);
	report(rc == -EBUSY, "obstruction-clear-refused-while-tripped", "rc %d", rc);
	pull(LINE_OBSTRUCTION, false);
	wait_event_type(fd, OMT_TABLE_EV_OBSTRUCTION, NULL);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_OBSTRUCTION);
	report(rc == 0, "obstruction-clears-after-release", "rc %d", rc);
}

static void test_bad_arguments(int fd)
{
	static const __u32 bad_timeouts[] = { 0, OMT_TABLE_TIMEOUT_MIN_MS - 1,
					      OMT_TABLE_TIMEOUT_MAX_MS + 1, 0xffffffffU };
	static const __u32 bad_masks[] = { 0, OMT_TABLE_FAULT_ALL + 1, 0x80000000U };
	struct omt_table_status after;
	char buf[512];
	bool ok = true;
	size_t i;
	int rc;

	reset(fd);
	set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, 250);
	for (i = 0; i < sizeof(bad_timeouts) / sizeof(bad_timeouts[0]); i++) {
		rc = set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, bad_timeouts[i]);
		if (rc != -EINVAL) {
			printf("# SET_TIMEOUT %u gave %d\n", bad_timeouts[i], rc);
			ok = false;
		}
	}
	after = status(fd);
	report(ok && after.watchdog_timeout_ms == 250, "bad-timeout-rejected-unchanged",
	       "timeout now %u", after.watchdog_timeout_ms);

	ok = true;
	for (i = 0; i < sizeof(bad_masks) / sizeof(bad_masks[0]); i++) {
		rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, bad_masks[i]);
		if (rc != -EINVAL) {
			printf("# CLEAR_FAULT 0x%x gave %d\n", bad_masks[i], rc);
			ok = false;
		}
	}
	report(ok, "bad-fault-mask-rejected", "see above");

	/* Junk in the unused argument never stands in the way of a disable. */
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0x5a5a);
	ok = rc == 0 && line_value(LINE_ENABLE) == 1 &&
	     xioctl(fd, OMT_TABLE_IOC_PING, ~0UL) == 0 &&
	     xioctl(fd, OMT_TABLE_IOC_DISABLE, 0xdeadbeef) == 0;
	report(ok && line_value(LINE_ENABLE) == 0 && !status(fd).enable_requested,
	       "argless-ioctls-ignore-argument", "enable rc %d line %d", rc,
	       line_value(LINE_ENABLE));
	report(xioctl(fd, _IO(OMT_TABLE_IOC_MAGIC, 0x7f), 0) == -ENOTTY &&
	       xioctl(fd, _IOW(OMT_TABLE_IOC_MAGIC, 0x05, __u64), 0) == -ENOTTY,
	       "unknown-ioctl-enotty", "accepted an unknown request");
	report(xioctl(fd, OMT_TABLE_IOC_GET_STATUS, 8) == -EFAULT &&
	       xioctl(fd, OMT_TABLE_IOC_SET_TIMEOUT, 8) == -EFAULT &&
	       xioctl(fd, OMT_TABLE_IOC_CLEAR_FAULT, 8) == -EFAULT,
	       "bad-pointer-efault", "a bad pointer was not refused");

	{
		char small[sizeof(struct omt_table_event) - 1];
		ssize_t n;

		xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
		xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
		n = read(fd, small, sizeof(small));
		report(n < 0 && errno == EINVAL && poll(&(struct pollfd){ fd, POLLIN, 0 }, 1, 0) == 1,
		       "short-read-einval-keeps-events", "read gave %zd", n);
	}

	snprintf(buf, sizeof(buf), "%s/watchdog_timeout_ms", dev_dir);
	ok = write_file(buf, "abc") == -EINVAL && write_file(buf, "5") == -EINVAL &&
	     write_file(buf, "-100") == -EINVAL && write_file(buf, "99999999999") < 0;
	report(ok && status(fd).watchdog_timeout_ms == 250, "sysfs-bad-timeout-rejected",
	       "timeout now %u", status(fd).watchdog_timeout_ms);
	ok = write_file(buf, "300") == 0 && status(fd).watchdog_timeout_ms == 300;
	report(ok, "sysfs-timeout-settable", "timeout now %u", status(fd).watchdog_timeout_ms);
}

static void test_events_and_poll(int fd)
{
	struct omt_table_event ev[4];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int flags = fcntl(fd, F_GETFL);
	ssize_t n;

	reset(fd);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	n = read(fd, ev, sizeof(ev));
	report(n < 0 && errno == EAGAIN && poll(&p, 1, 0) == 0, "nonblocking-empty-eagain",
	       "read gave %zd", n);

	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	report(poll(&p, 1, REACTION_WAIT_MS) == 1 && (p.revents & POLLIN), "poll-reports-event",
	       "revents 0x%x", p.revents);
	n = read(fd, ev, sizeof(ev));
	report(n == 2 * sizeof(ev[0]) && ev[0].type == OMT_TABLE_EV_ENABLED &&
	       ev[1].type == OMT_TABLE_EV_DISABLED && ev[1].value == OMT_TABLE_REASON_REQUEST &&
	       ev[1].seq == ev[0].seq + 1 && ev[1].timestamp_ns >= ev[0].timestamp_ns,
	       "event-records-in-order", "read %zd types %u %u", n, ev[0].type, ev[1].type);
	fcntl(fd, F_SETFL, flags);
}

/* The kernel's KOBJ_CHANGE uevent for a fault change. */
static void test_fault_uevent(int fd)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	char msg[4096];
	bool seen = false;
	int sock, i;

	reset(fd);
	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof(addr))) {
		report(false, "fault-uevent", "netlink: %s", strerror(errno));
		return;
	}
	pull(LINE_OBSTRUCTION, true);
	for (i = 0; i < 50 && !seen; i++) {
		struct pollfd p = { .fd = sock, .events = POLLIN };
		ssize_t n, off;

		if (poll(&p, 1, REACTION_WAIT_MS) <= 0)
			break;
		n = recv(sock, msg, sizeof(msg) - 1, 0);
		if (n <= 0)
			break;
		msg[n] = '\0';
		if (strncmp(msg, "change@", 7) || !strstr(msg, "omt_table"))
			continue;
		for (off = 0; off < n; off += strlen(msg + off) + 1)
			if (!strcmp(msg + off, "OMT_FAULT=0x00000008"))
				seen = true;
	}
	close(sock);
	report(seen, "fault-uevent", "no change uevent with OMT_FAULT=0x00000008");
	pull(LINE_OBSTRUCTION, false);
	reset(fd);
}

/* A process that dies holding enable leaves it low, and the device free. */
static void test_owner_death(void)
{
	int ready[2];
	pid_t child;
	char c;
	int fd, status_word;

	if (pipe(ready))
		exit(2);
	child = fork();
	if (child == 0) {
		int cfd = open_dev();

		close(ready[0]);
		set_u32(cfd, OMT_TABLE_IOC_SET_TIMEOUT, OMT_TABLE_TIMEOUT_MAX_MS);
		c = xioctl(cfd, OMT_TABLE_IOC_ENABLE, 0) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		c = '?';
	close(ready[0]);
	report(c == 'y' && line_value(LINE_ENABLE) == 1, "child-owner-enables",
	       "child said %c", c);
	kill(child, SIGKILL);
	waitpid(child, &status_word, 0);
	report(line_value(LINE_ENABLE) == 0, "owner-death-drops-enable", "line %d",
	       line_value(LINE_ENABLE));

	fd = open_dev();
	report(!status(fd).faults && !status(fd).enabled, "reopen-after-owner-death",
	       "faults 0x%x", status(fd).faults);
	if (xioctl(fd, OMT_TABLE_IOC_ENABLE, 0) || line_value(LINE_ENABLE) != 1) {
		report(false, "close-drops-enable", "could not enable before closing");
		close(fd);
		return;
	}
	close(fd);
	report(line_value(LINE_ENABLE) == 0, "close-drops-enable", "line %d",
	       line_value(LINE_ENABLE));
}

/*
 * "kill PID": SIGKILL the device's owner and print, as a comment line,
 * the time from the kill to the enable line going low, taken from the
 * DISABLED (CLOSE) record the kernel queued.  Exit status 0 when found.
 */
static int kill_owner_and_measure(pid_t pid)
{
	struct omt_table_event ev;
	struct timespec ts;
	unsigned long long killed;
	int fd = -1, i;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	killed = (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	if (kill(pid, SIGKILL))
		return 1;
	/* The device is exclusive: it opens once the owner's file is released. */
	for (i = 0; i < REACTION_WAIT_MS && fd < 0; i++) {
		fd = open(OMT_TABLE_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			sleep_ms(1);
	}
	if (fd < 0)
		return 1;
	while (wait_event_type(fd, OMT_TABLE_EV_DISABLED, &ev)) {
		if (ev.value == OMT_TABLE_REASON_CLOSE && ev.timestamp_ns >= killed) {
			printf("# owner kill -9 to enable low: %llu us\n",
			       (unsigned long long)(ev.timestamp_ns - killed) / 1000);
			close(fd);
			return 0;
		}
	}
	close(fd);
	return 1;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc == 3 && !strcmp(argv[1], "kill"))
		return kill_owner_and_measure(atoi(argv[2]));

	if (argc != 3) {
		fprintf(stderr, "usage: %s SIM_CHIP_SYSFS_DIR OMT_TABLE_SYSFS_DIR\n", argv[0]);
		return 2;
	}
	sim_dir = argv[1];
	dev_dir = argv[2];
	release_all_inputs();

	fd = open_dev();
	test_exclusive_open();
	reset(fd);
	test_status_header(fd);
	test_enable_and_disable(fd);
	test_estop_press_and_release(fd);
	test_single_channel_press(fd);
	test_disagreement(fd);
	test_watchdog(fd);
	test_obstruction_and_limits(fd);
	test_bad_arguments(fd);
	test_events_and_poll(fd);
	test_fault_uevent(fd);
	close(fd);
	test_owner_death();
	return failures ? 1 : 0;
}
