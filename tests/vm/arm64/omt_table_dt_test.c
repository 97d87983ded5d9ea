/*
 * omt_table_dt_test - the interlock on a device-tree board with active-low lines
 *
 *   omt_table_dt_test SIM_BANK_SYSFS_DIR OMT_TABLE_SYSFS_DIR
 *
 * Runs in the arm64 guest (tests/vm/arm64/guest-dt.sh) on the tree of
 * board.dtsi + active-low.dtsi: line 0 e-stop channel A, active low (a
 * normally closed contact: high while released, so a cut wire reads as
 * pressed), line 1 channel B, active high, line 2 the enable output,
 * active low (the drive enables on a low line), and a watchdog timeout
 * of 250 ms from the tree.  Inputs are driven through sim_gpioN/pull and
 * the enable line is read back from sim_gpio2/value: physical levels, so
 * each check shows that the tree's flags reached the module.  Prints one
 * "ok - NAME" or "not ok - NAME" line per test; waits are bounded, and no
 * test asserts a duration.  Uses only the uapi header.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "uapi/omt_table.h"

enum { LINE_ESTOP_A, LINE_ESTOP_B, LINE_ENABLE };

/* Physical levels of the active-low enable line. */
#define ENABLE_ON 0
#define ENABLE_OFF 1
#define TREE_TIMEOUT_MS 250
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

/* Drive a simulated input to a physical level. */
static void set_level(int line, int level)
{
	char path[512];
	const char *text = level ? "pull-up" : "pull-down";
	int fd;

	snprintf(path, sizeof(path), "%s/sim_gpio%d/pull", sim_dir, line);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(2);
	}
	close(fd);
}

static int level(int line)
{
	char path[512], buf[16];

	snprintf(path, sizeof(path), "%s/sim_gpio%d/value", sim_dir, line);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return atoi(buf);
}

static bool enable_becomes(int want)
{
	int waited;

	for (waited = 0; waited < REACTION_WAIT_MS; waited++) {
		if (level(LINE_ENABLE) == want)
			return true;
		sleep_ms(1);
	}
	return false;
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

/* Both channels released, faults cleared (once the window has passed). */
static void release_and_clear(int fd)
{
	struct omt_table_event ev;
	int flags, i;

	set_level(LINE_ESTOP_A, 1);
	set_level(LINE_ESTOP_B, 0);
	xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	for (i = 0; i < 100 && status(fd).faults; i++) {
		set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ALL);
		sleep_ms(10);
	}
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (read(fd, &ev, sizeof(ev)) == sizeof(ev))
		;
	fcntl(fd, F_SETFL, flags);
}

static void test_tree_properties(int fd)
{
	struct omt_table_status st = status(fd);

	report(st.watchdog_timeout_ms == TREE_TIMEOUT_MS, "dt-timeout-in-status",
	       "timeout %u", st.watchdog_timeout_ms);
	report(st.lines_present == (OMT_TABLE_LINE_ESTOP_B | OMT_TABLE_LINE_LIMIT_LOW |
				    OMT_TABLE_LINE_LIMIT_HIGH | OMT_TABLE_LINE_OBSTRUCTION),
	       "dt-two-estop-channels-present", "lines 0x%x", st.lines_present);
}

/* Probe drives an active-low enable to its high, "off" level. */
static void test_enable_off_at_probe(void)
{
	report(level(LINE_ENABLE) == ENABLE_OFF, "dt-active-low-enable-off-at-probe",
	       "line %d", level(LINE_ENABLE));
}

/* A low line on the active-low channel is a pressed e-stop (a cut wire). */
static void test_open_contact_reads_pressed(int fd)
{
	struct omt_table_status st;
	int rc;

	set_level(LINE_ESTOP_A, 0);
	set_level(LINE_ESTOP_B, 0);
	sleep_ms(50);
	st = status(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(st.estop && (st.inputs & OMT_TABLE_INPUT_ESTOP_A) &&
	       !(st.inputs & OMT_TABLE_INPUT_ESTOP_B) && rc == -EBUSY &&
	       level(LINE_ENABLE) == ENABLE_OFF,
	       "dt-active-low-estop-low-line-is-pressed",
	       "estop %u inputs 0x%x enable rc %d line %d", st.estop, st.inputs, rc,
	       level(LINE_ENABLE));

	release_and_clear(fd);
	st = status(fd);
	report(!st.estop && !st.inputs && !st.faults, "dt-active-low-estop-high-line-is-released",
	       "estop %u inputs 0x%x faults 0x%x", st.estop, st.inputs, st.faults);
}

/* The tree's timeout is the one the watchdog runs on. */
static void test_watchdog_runs_on_tree_timeout(int fd)
{
	struct omt_table_event ev = { 0 };
	bool got;
	int rc;

	release_and_clear(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	got = wait_event_type(fd, OMT_TABLE_EV_WATCHDOG_EXPIRED, &ev);
	report(rc == 0 && got && ev.value == TREE_TIMEOUT_MS * 1000000ULL &&
	       enable_becomes(ENABLE_OFF) && (status(fd).faults & OMT_TABLE_FAULT_WATCHDOG),
	       "dt-watchdog-expires-after-tree-timeout", "rc %d event %d value %llu",
	       rc, got, (unsigned long long)ev.value);
}

/* ENABLE lowers the active-low line; a press on either channel raises it. */
static void test_press_drops_enable(int fd, int line, int pressed, const char *name)
{
	struct omt_table_status st;
	char path[512], attr[16] = "";
	int rc;

	release_and_clear(fd);
	set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, OMT_TABLE_TIMEOUT_MAX_MS);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	snprintf(path, sizeof(path), "%s/enabled", dev_dir);
	read_file(path, attr, sizeof(attr));
	/* "enabled" is the logical state: 1 while the line is low here. */
	if (rc || level(LINE_ENABLE) != ENABLE_ON || !status(fd).enabled || atoi(attr) != 1) {
		report(false, name, "enable rc %d line %d sysfs %s", rc,
		       level(LINE_ENABLE), attr);
		return;
	}
	set_level(line, pressed);
	st = status(fd);
	report(enable_becomes(ENABLE_OFF) && (status(fd).faults & OMT_TABLE_FAULT_ESTOP),
	       name, "line %d faults 0x%x", level(LINE_ENABLE), st.faults);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SIM_BANK_SYSFS_DIR OMT_TABLE_SYSFS_DIR\n", argv[0]);
		return 2;
	}
	sim_dir = argv[1];
	dev_dir = argv[2];

	test_enable_off_at_probe();
	fd = open(OMT_TABLE_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", OMT_TABLE_DEVICE, strerror(errno));
		return 2;
	}
	test_tree_properties(fd);
	test_open_contact_reads_pressed(fd);
	test_watchdog_runs_on_tree_timeout(fd);
	test_press_drops_enable(fd, LINE_ESTOP_A, 0, "dt-active-low-enable-on-then-channel-a-press-drops-it");
	test_press_drops_enable(fd, LINE_ESTOP_B, 1, "dt-active-low-enable-on-then-channel-b-press-drops-it");
	release_and_clear(fd);
	close(fd);
	report(level(LINE_ENABLE) == ENABLE_OFF, "dt-active-low-enable-off-after-close",
	       "line %d", level(LINE_ENABLE));
	return failures ? 1 : 0;
}
