/*
 * omt_table_test - behaviour of /dev/omt_table on a gpio-sim board
 *
 *   omt_table_test SIM_CHIP_SYSFS_DIR OMT_TABLE_SYSFS_DIR
 *   omt_table_test kill PID
 *   omt_table_test suspend SIM_CHIP_SYSFS_DIR
 *   omt_table_test removal IN_CHIP_SYSFS_DIR OUT_CHIP_SYSFS_DIR ENABLE_OFFSET LIVE_FILE
 *   omt_table_test thread-only SIM_CHIP_SYSFS_DIR OMT_TABLE_SYSFS_DIR
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
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/netlink.h>

#include "omt_table_guest.h"

static const char *dev_dir;

static int dev_attr(const char *name, char *buf, size_t len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dev_dir, name);
	return read_file(path, buf, len);
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
	clear_faults(fd);
	drain(fd);
}

/* Open, clear whatever an earlier test left latched, close. */
static void clear_leftovers(void)
{
	int fd = open_dev();

	reset(fd);
	close(fd);
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

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void test_watchdog(int fd)
{
	struct omt_table_event ev = { 0 };
	unsigned long long prev, gap = 0;
	struct omt_table_status st;
	int i, rc, attempt;
	bool got;

	/*
	 * Pinging well inside a long timeout keeps enable up.  An attempt in
	 * which the guest's clock jumped past the timeout between two pings
	 * (a host starving the emulator) proves nothing and is repeated.
	 */
	for (attempt = 0; attempt < 3; attempt++) {
		reset(fd);
		xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
		gap = 0;
		prev = now_ns();
		for (i = 0; i < 20; i++) {
			sleep_ms(20);
			xioctl(fd, OMT_TABLE_IOC_PING, 0);
			gap = now_ns() - prev > gap ? now_ns() - prev : gap;
			prev = now_ns();
		}
		st = status(fd);
		if (st.enabled || gap < OMT_TABLE_TIMEOUT_MAX_MS * 1000000ULL)
			break;
		printf("# ping attempt %d: %llu ms between two pings (guest starved)\n",
		       attempt + 1, gap / 1000000ULL);
	}
	report(st.enabled && !st.faults && line_value(LINE_ENABLE) == 1,
	       "ping-keeps-enable", "enabled %u faults 0x%x, longest gap between pings %llu ms",
	       st.enabled, st.faults, gap / 1000000ULL);
	/* Enabled afresh, so an expiry above cannot stand in for this one. */
	reset(fd);
	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
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
	/*
	 * The press's own record may still be queued: wait for the one that
	 * reports the switch released, so the clear never races the release
	 * edge's thread on a slow guest.
	 */
	for (int i = 0; i < 8; i++)
		if (wait_event_type(fd, OMT_TABLE_EV_OBSTRUCTION, &ev) &&
		    !(ev.inputs & OMT_TABLE_INPUT_OBSTRUCTION))
			break;
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

	clear_leftovers();
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
		/* Keep the heartbeat: only the owner's death may drop enable. */
		for (;;) {
			xioctl(cfd, OMT_TABLE_IOC_PING, 0);
			sleep_ms(100);
		}
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
 * Timing windows.  The test process runs SCHED_FIFO 80 (omtd's ENABLE
 * runs at 80, the irq threads at 50) on CPU 0 with the irq thread of
 * e-stop A pinned there too: after a pull, the hard handler has run (the
 * simulator raises its interrupt on the writing CPU) but the thread
 * cannot run until the test process sleeps.  That is the window in which
 * an ENABLE could outrun the thread.
 */
static pid_t irq_thread_pid(const char *action)
{
	char line[512], want[64], path[300], comm[64];
	struct dirent *de;
	FILE *f = fopen("/proc/interrupts", "r");
	int irq = -1;
	pid_t pid = -1;
	DIR *d;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, action)) {
			irq = atoi(line);
			break;
		}
	fclose(f);
	if (irq < 0)
		return -1;
	snprintf(want, sizeof(want), "irq/%d-", irq);
	d = opendir("/proc");
	while (d && (de = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if (read_file(path, comm, sizeof(comm)))
			continue;
		if (!strncmp(comm, want, strlen(want))) {
			pid = atoi(de->d_name);
			break;
		}
	}
	if (d)
		closedir(d);
	return pid;
}

static void set_cpu(pid_t pid, int cpu)
{
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	if (cpu >= 0)
		CPU_SET(cpu, &set);
	else
		for (i = 0; i < CPU_SETSIZE; i++)
			CPU_SET(i, &set);
	sched_setaffinity(pid, sizeof(set), &set);
}

static bool rt_begin(void)
{
	struct sched_param sp = { .sched_priority = 80 };
	pid_t thread = irq_thread_pid("omt_table-estop-a");

	if (thread < 0)
		return false;
	set_cpu(thread, 0);
	set_cpu(0, 0);
	return sched_setscheduler(0, SCHED_FIFO, &sp) == 0;
}

static void rt_end(void)
{
	struct sched_param sp = { .sched_priority = 0 };
	pid_t thread = irq_thread_pid("omt_table-estop-a");

	sched_setscheduler(0, SCHED_OTHER, &sp);
	set_cpu(0, -1);
	if (thread > 0)
		set_cpu(thread, -1);
}

/* An ENABLE right after a press, before the irq thread ran, is refused. */
static void test_enable_outruns_thread(int fd)
{
	int attempts = 10, hits = 0, i, rc;
	bool setup = true;

	for (i = 0; i < attempts; i++) {
		reset(fd);
		if (!rt_begin()) {
			setup = false;
			break;
		}
		pull(LINE_ESTOP_A, true);
		rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
		rt_end();
		if (rc == 0)
			hits++;
		enable_line_becomes(0);
		pull(LINE_ESTOP_A, false);
	}
	printf("# ENABLE accepted with e-stop A pressed: %d of %d attempts\n", hits, attempts);
	report(setup && hits == 0, "enable-refused-before-estop-thread-ran",
	       "setup %d, accepted in %d of %d attempts", setup, hits, attempts);
	reset(fd);
}

/* A press and release both inside the thread's wake-up, enable off: latched. */
static void test_short_press_while_idle(int fd)
{
	struct omt_table_status st;
	bool setup;

	reset(fd);
	setup = rt_begin();
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_A, false);
	rt_end();
	sleep_ms(200);
	st = status(fd);
	report(setup && (st.faults & OMT_TABLE_FAULT_ESTOP) && !(st.inputs & OMT_TABLE_INPUT_ESTOP_A),
	       "short-press-while-idle-latches", "setup %d faults 0x%x inputs 0x%x", setup,
	       st.faults, st.inputs);
	reset(fd);
}

static volatile bool clearing;

static void *clear_loop(void *arg)
{
	int fd = *(int *)arg;

	while (clearing)
		set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ESTOP);
	return NULL;
}

/* The press's thread has stored the line: e-stop A shows in the status. */
static struct omt_table_status status_once_estop_a_stored(int fd)
{
	struct omt_table_status st = status(fd);
	int waited;

	for (waited = 0; waited < REACTION_WAIT_MS && !(st.inputs & OMT_TABLE_INPUT_ESTOP_A);
	     waited++) {
		sleep_ms(1);
		st = status(fd);
	}
	return st;
}

/*
 * Presses timed into clears: afterwards the pressed channel must be in
 * the state and ESTOP latched.  A clear that overwrote the state with a
 * read from before the press would leave the first out; a clear decided
 * on the state while the press's hard handler had latched ESTOP but its
 * thread had not yet stored the line would leave the second out (seen
 * on the arm64 guest: 8 of 200 attempts before that was fixed).  The
 * state is awaited (bounded) rather than read after a fixed pause: under
 * emulation the press's thread can run tens of milliseconds late, and
 * that alone erases nothing.
 */
static void test_clear_never_erases_press(int fd)
{
	const char *env = getenv("OMT_RACE_ATTEMPTS");
	int attempts = env ? atoi(env) : 50, hits = 0, i, rc;
	struct omt_table_status st;
	pthread_t clearer;

	for (i = 0; i < attempts; i++) {
		reset(fd);
		clearing = true;
		if (pthread_create(&clearer, NULL, clear_loop, &fd))
			break;
		sleep_ms(i % 3);
		pull(LINE_ESTOP_A, true);
		sleep_ms(1 + i % 4);
		clearing = false;
		pthread_join(clearer, NULL);
		st = status_once_estop_a_stored(fd);
		rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
		if (!(st.inputs & OMT_TABLE_INPUT_ESTOP_A) || !(st.faults & OMT_TABLE_FAULT_ESTOP) ||
		    rc == 0) {
			hits++;
			printf("# attempt %d: press erased: inputs 0x%x faults 0x%x, ENABLE gave %d\n",
			       i, st.inputs, st.faults, rc);
		}
		xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
		pull(LINE_ESTOP_A, false);
	}
	printf("# press erased by a concurrent clear: %d of %d attempts\n", hits, i);
	report(i == attempts && hits == 0, "clear-never-erases-press",
	       "erased in %d of %d attempts", hits, i);
	reset(fd);
}

/* Raising the timeout without pings still expires, from the last ping. */
static void test_timeout_change_rearms(int fd)
{
	char path[512];
	struct omt_table_status st;
	bool dropped;
	int rc;

	reset(fd);
	snprintf(path, sizeof(path), "%s/watchdog_timeout_ms", dev_dir);
	set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, 300);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	rc = rc ? rc : write_file(path, "1000");
	dropped = enable_line_becomes(0);
	st = status(fd);
	report(rc == 0 && dropped && (st.faults & OMT_TABLE_FAULT_WATCHDOG),
	       "sysfs-longer-timeout-still-expires", "rc %d dropped %d faults 0x%x", rc,
	       dropped, st.faults);

	reset(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	sleep_ms(200);
	rc = rc ? rc : write_file(path, "100");
	dropped = enable_line_becomes(0);
	st = status(fd);
	report(rc == 0 && dropped && (st.faults & OMT_TABLE_FAULT_WATCHDOG),
	       "sysfs-exceeded-timeout-expires", "rc %d dropped %d faults 0x%x", rc,
	       dropped, st.faults);
	reset(fd);
}

/* A refused ENABLE does not refresh the heartbeat. */
static void test_refused_enable_not_a_ping(int fd)
{
	struct omt_table_status st;
	int rc;

	reset(fd);
	pull(LINE_OBSTRUCTION, true);
	wait_event_type(fd, OMT_TABLE_EV_OBSTRUCTION, NULL);
	xioctl(fd, OMT_TABLE_IOC_PING, 0);
	sleep_ms(300);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	st = status(fd);
	report(rc == -EBUSY && st.heartbeat_age_ns >= 250000000ULL,
	       "refused-enable-is-not-a-ping", "rc %d age %llu ns", rc,
	       (unsigned long long)st.heartbeat_age_ns);
	pull(LINE_OBSTRUCTION, false);
	reset(fd);
}

/* Read every queued record without blocking; returns the count. */
static int read_all(int fd, struct omt_table_event *ev, int max)
{
	int flags = fcntl(fd, F_GETFL), n = 0;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while (n < max && read(fd, &ev[n], sizeof(ev[n])) == sizeof(ev[n]))
		n++;
	fcntl(fd, F_SETFL, flags);
	return n;
}

/* The trip's record comes before the DISABLED record it caused. */
static void test_cause_before_disabled(int fd)
{
	struct omt_table_event ev[64];
	int n, i, pressed = -1, disabled = -1;

	reset(fd);
	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	drain(fd);
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	enable_line_becomes(0);
	sleep_ms(100);
	n = read_all(fd, ev, 64);
	for (i = 0; i < n; i++) {
		if (ev[i].type == OMT_TABLE_EV_ESTOP_PRESSED && pressed < 0)
			pressed = i;
		if (ev[i].type == OMT_TABLE_EV_DISABLED && disabled < 0)
			disabled = i;
	}
	report(pressed >= 0 && disabled > pressed, "estop-record-before-disabled",
	       "ESTOP_PRESSED at %d, DISABLED at %d of %d", pressed, disabled, n);
	reset(fd);
}

/* A record is not lost when copying it to the reader fails. */
static void test_efault_keeps_record(int fd)
{
	struct omt_table_event ev[4];
	void *noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ssize_t bad, n;

	reset(fd);
	xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	bad = noaccess == MAP_FAILED ? 0 : read(fd, noaccess, sizeof(ev[0]));
	if (noaccess != MAP_FAILED)
		munmap(noaccess, 4096);
	n = read_all(fd, ev, 4);
	report(bad < 0 && n == 2 && ev[0].type == OMT_TABLE_EV_ENABLED &&
	       ev[1].type == OMT_TABLE_EV_DISABLED, "efault-read-keeps-record",
	       "bad read %zd, then %zd records, first type %u", bad, n, n ? ev[0].type : 0);
}

/* Chattering limit switches never push an e-stop record out of the queue. */
static void test_chatter_keeps_estop_record(int fd)
{
	struct omt_table_event ev[64];
	struct omt_table_status st;
	bool found = false;
	int i, n;

	reset(fd);
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	for (i = 0; i < 300 && !status(fd).estop; i++)
		sleep_ms(10);
	for (i = 0; i < 40; i++) {
		pull(LINE_LIMIT_LOW, true);
		sleep_ms(2);
		pull(LINE_LIMIT_LOW, false);
		sleep_ms(2);
	}
	sleep_ms(300);
	st = status(fd);
	n = read_all(fd, ev, 64);
	for (i = 0; i < n; i++)
		if (ev[i].type == OMT_TABLE_EV_ESTOP_PRESSED)
			found = true;
	report(found && st.events_dropped > 0, "limit-chatter-keeps-estop-record",
	       "found %d, %d records read, %llu dropped", found, n,
	       (unsigned long long)st.events_dropped);
	reset(fd);
}

/* A refused clear during a lasting disagreement starts no new window. */
static void test_refused_clear_no_new_window(int fd)
{
	struct omt_table_event ev[64];
	__u64 before, after;
	int i, n, more = 0;

	reset(fd);
	pull(LINE_ESTOP_A, true);
	wait_event_type(fd, OMT_TABLE_EV_ESTOP_DISAGREE, NULL);
	before = status(fd).disagreements;
	for (i = 0; i < 3; i++) {
		set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_ESTOP_DISAGREE);
		sleep_ms(300);
	}
	after = status(fd).disagreements;
	n = read_all(fd, ev, 64);
	for (i = 0; i < n; i++)
		if (ev[i].type == OMT_TABLE_EV_ESTOP_DISAGREE)
			more++;
	report(after == before && !more, "refused-clear-keeps-agreement-window",
	       "disagreements %llu -> %llu, %d new records", (unsigned long long)before,
	       (unsigned long long)after, more);
	pull(LINE_ESTOP_A, false);
	reset(fd);
}

/* ================= the supervised escape (OMT_TABLE_IOC_ESCAPE) ================= */

static struct omt_table_escape_status escape_status(int fd)
{
	struct omt_table_escape_status es;

	memset(&es, 0xff, sizeof(es));
	if (ioctl(fd, OMT_TABLE_IOC_GET_ESCAPE, &es)) {
		fprintf(stderr, "GET_ESCAPE: %s\n", strerror(errno));
		exit(2);
	}
	return es;
}

/* Clean state, then the obstruction switch pressed and OBSTRUCTION latched. */
static bool obstructed(int fd)
{
	struct omt_table_status st;
	int i;

	reset(fd);
	pull(LINE_OBSTRUCTION, true);
	if (!wait_event_type(fd, OMT_TABLE_EV_OBSTRUCTION, NULL))
		return false;
	for (i = 0; i < 300; i++) {
		st = status(fd);
		if (st.faults == OMT_TABLE_FAULT_OBSTRUCTION &&
		    (st.inputs & OMT_TABLE_INPUT_OBSTRUCTION))
			break;
		sleep_ms(10);
	}
	drain(fd);
	return st.faults == OMT_TABLE_FAULT_OBSTRUCTION && line_value(LINE_ENABLE) == 0;
}

/* The first queued record of @type among @n, or NULL. */
static const struct omt_table_event *find_record(const struct omt_table_event *ev, int n,
						  __u32 type)
{
	for (int i = 0; i < n; i++)
		if (ev[i].type == type)
			return &ev[i];
	return NULL;
}

static int count_records(const struct omt_table_event *ev, int n, __u32 type)
{
	int count = 0;

	for (int i = 0; i < n; i++)
		count += ev[i].type == type;
	return count;
}

/* Nothing to escape from, or something else holds the line: refused. */
static void test_escape_refused_unless_obstruction_alone(int fd)
{
	int none, estop, watchdog;

	reset(fd);
	none = set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100);
	report(none == -EBUSY && line_value(LINE_ENABLE) == 0 &&
	       !escape_status(fd).active, "escape-refused-without-obstruction", "rc %d", none);

	obstructed(fd);
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	wait_event_type(fd, OMT_TABLE_EV_ESTOP_PRESSED, NULL);
	estop = set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100);
	report(estop == -EBUSY && line_value(LINE_ENABLE) == 0,
	       "escape-refused-with-estop", "rc %d line %d", estop, line_value(LINE_ENABLE));

	/* A WATCHDOG latched beside the obstruction refuses it too. */
	obstructed(fd);
	set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, 20);
	set_u32(fd, OMT_TABLE_IOC_ESCAPE, 300);
	wait_event_type(fd, OMT_TABLE_EV_WATCHDOG_EXPIRED, NULL);
	watchdog = set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100);
	report(watchdog == -EBUSY && line_value(LINE_ENABLE) == 0,
	       "escape-refused-with-another-fault", "rc %d faults 0x%x", watchdog,
	       status(fd).faults);
	reset(fd);
}

/* A window out of bounds or an unreadable argument changes nothing. */
static void test_escape_bad_arguments(int fd)
{
	static const __u32 bad[] = { 0, OMT_TABLE_ESCAPE_MIN_MS - 1,
				     OMT_TABLE_ESCAPE_MAX_MS + 1, 0xffffffffU };
	struct omt_table_escape_status before, after;
	struct omt_table_event ev[8];
	bool ok = true;
	int rc, n;

	obstructed(fd);
	before = escape_status(fd);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, bad[i]);
		if (rc != -EINVAL || line_value(LINE_ENABLE) != 0) {
			printf("# window %u: rc %d line %d\n", bad[i], rc, line_value(LINE_ENABLE));
			ok = false;
		}
	}
	rc = xioctl(fd, OMT_TABLE_IOC_ESCAPE, 0);
	ok = ok && rc == -EFAULT;
	rc = xioctl(fd, OMT_TABLE_IOC_GET_ESCAPE, 8);
	ok = ok && rc == -EFAULT;
	after = escape_status(fd);
	n = read_all(fd, ev, 8);
	report(ok && !after.active && after.grants == before.grants &&
	       after.used_ns == before.used_ns && n == 0 &&
	       status(fd).faults == OMT_TABLE_FAULT_OBSTRUCTION,
	       "escape-bad-window-einval-changes-nothing",
	       "last rc %d, grants %llu -> %llu, %d records", rc,
	       (unsigned long long)before.grants, (unsigned long long)after.grants, n);
	reset(fd);
}

/*
 * A grant raises enable for its window only: with the heartbeat kept
 * fresh but no renewal, it ends by itself (EXPIRED) and the line falls.
 */
static void test_escape_grant_bounded_in_time(int fd)
{
	struct omt_table_escape_status es;
	struct omt_table_event ev[16];
	const struct omt_table_event *granted, *ended;
	unsigned long long t0;
	int rc, n, high, pings = 0;

	obstructed(fd);
	rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100);
	high = line_value(LINE_ENABLE);
	es = escape_status(fd);
	t0 = now_ns();
	/* Ping (not renew) until the line falls. */
	while (line_value(LINE_ENABLE) == 1 && now_ns() - t0 < REACTION_WAIT_MS * 1000000ULL) {
		xioctl(fd, OMT_TABLE_IOC_PING, 0);
		pings++;
		sleep_ms(5);
	}
	sleep_ms(50);
	n = read_all(fd, ev, 16);
	granted = find_record(ev, n, OMT_TABLE_EV_ESCAPE_GRANTED);
	ended = find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED);
	if (granted && ended)
		printf("# escape window 100 ms: granted to ended %llu us, %d pings\n",
		       (unsigned long long)(ended->timestamp_ns - granted->timestamp_ns) / 1000,
		       pings);
	report(rc == 0 && high == 1 && es.active && es.window_ms == 100 &&
	       line_value(LINE_ENABLE) == 0 && granted && granted->value == 100 &&
	       ended && ended > granted && ended->value == OMT_TABLE_ESCAPE_END_EXPIRED &&
	       ended->timestamp_ns - granted->timestamp_ns >= 100000000ULL &&
	       find_record(ev, n, OMT_TABLE_EV_ENABLED) &&
	       !escape_status(fd).active && status(fd).faults == OMT_TABLE_FAULT_OBSTRUCTION,
	       "escape-grant-ends-after-its-window",
	       "rc %d high %d active %u, line now %d, granted %d ended %d (reason %llu)",
	       rc, high, es.active, line_value(LINE_ENABLE), !!granted, !!ended,
	       ended ? (unsigned long long)ended->value : 0ULL);
	reset(fd);
}

/*
 * Renewed often, the line stays up; a renewal storm queues no record
 * and counts only the time that passed.
 */
static void test_escape_renewals(int fd)
{
	struct omt_table_escape_status es = { 0 };
	struct omt_table_event ev[64];
	unsigned long long t0 = 0, elapsed = 0, dropped = 0;
	int i, n = 0, low = 0, attempt, rc = 0;

	for (attempt = 0; attempt < 3; attempt++) {
		obstructed(fd);
		dropped = status(fd).events_dropped;
		rc = 0;
		low = 0;
		t0 = now_ns();
		for (i = 0; i < 40; i++) {
			rc |= set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
			low += line_value(LINE_ENABLE) != 1;
			sleep_ms(20);
		}
		/* The storm: as fast as the guest can ask. */
		for (i = 0; i < 5000; i++)
			rc |= set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
		es = escape_status(fd);
		elapsed = now_ns() - t0;
		n = read_all(fd, ev, 64);
		if (!low && !rc)
			break;
		printf("# renewal attempt %d: line low %d times, rc %d (guest starved?)\n",
		       attempt + 1, low, rc);
	}
	report(!rc && !low && es.active && count_records(ev, n, OMT_TABLE_EV_ESCAPE_GRANTED) == 1 &&
	       !find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED) && es.renewals >= 5039 &&
	       status(fd).events_dropped == dropped,
	       "escape-renewed-stays-up-one-record", "low %d, %d GRANTED, renewals %llu",
	       low, count_records(ev, n, OMT_TABLE_EV_ESCAPE_GRANTED),
	       (unsigned long long)es.renewals);
	report(es.used_ns <= elapsed, "escape-renewal-storm-counts-elapsed-time",
	       "used %llu ms, elapsed %llu ms", (unsigned long long)es.used_ns / 1000000,
	       elapsed / 1000000);
	rc = xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	n = read_all(fd, ev, 64);
	report(rc == 0 && line_value(LINE_ENABLE) == 0 && !escape_status(fd).active &&
	       find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED) &&
	       find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED)->value == OMT_TABLE_ESCAPE_END_REQUEST,
	       "escape-ended-by-disable", "rc %d line %d", rc, line_value(LINE_ENABLE));
	reset(fd);
}

/* An e-stop during a grant drops the line and ends the grant. */
static void test_escape_dropped_by_estop(int fd)
{
	struct omt_table_event ev[64];
	const struct omt_table_event *ended;
	int rc, again, n;

	obstructed(fd);
	rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	/* Renew while the e-stop acts: no renewal may hold the line up. */
	for (int i = 0; i < 20; i++) {
		set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
		sleep_ms(2);
	}
	enable_line_becomes(0);
	sleep_ms(100);
	n = read_all(fd, ev, 64);
	ended = find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED);
	report(rc == 0 && line_value(LINE_ENABLE) == 0 && ended &&
	       ended->value == OMT_TABLE_ESCAPE_END_TRIP &&
	       (status(fd).faults & OMT_TABLE_FAULT_ESTOP) && !escape_status(fd).active,
	       "escape-dropped-by-estop", "rc %d line %d, ended %d reason %llu faults 0x%x",
	       rc, line_value(LINE_ENABLE), !!ended, ended ? (unsigned long long)ended->value : 0ULL,
	       status(fd).faults);
	/* Released, ESTOP still latched: still refused until it is cleared. */
	pull(LINE_ESTOP_A, false);
	pull(LINE_ESTOP_B, false);
	wait_event_type(fd, OMT_TABLE_EV_ESTOP_RELEASED, NULL);
	again = set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100);
	report(again == -EBUSY && line_value(LINE_ENABLE) == 0,
	       "escape-refused-while-estop-latched", "rc %d", again);
	for (int i = 0; i < 100 && set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT,
					   OMT_TABLE_FAULT_ESTOP | OMT_TABLE_FAULT_ESTOP_DISAGREE); i++)
		sleep_ms(10);
	again = set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100);
	report(again == 0 && line_value(LINE_ENABLE) == 1,
	       "escape-granted-again-once-estop-cleared", "rc %d faults 0x%x", again,
	       status(fd).faults);
	reset(fd);
}

/* A daemon that stops pinging: the watchdog ends the grant first. */
static void test_escape_dropped_by_watchdog(int fd)
{
	struct omt_table_event ev[64];
	const struct omt_table_event *ended;
	int rc, n;

	obstructed(fd);
	set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, 20);
	rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
	enable_line_becomes(0);
	sleep_ms(100);
	n = read_all(fd, ev, 64);
	ended = find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED);
	report(rc == 0 && line_value(LINE_ENABLE) == 0 && ended &&
	       ended->value == OMT_TABLE_ESCAPE_END_FAULT &&
	       (status(fd).faults & OMT_TABLE_FAULT_WATCHDOG),
	       "escape-dropped-by-watchdog", "rc %d line %d ended %d reason %llu faults 0x%x",
	       rc, line_value(LINE_ENABLE), !!ended,
	       ended ? (unsigned long long)ended->value : 0ULL, status(fd).faults);
	reset(fd);
}

/* The obstruction released during a grant: the grant ends, the fault clears. */
static void test_escape_ended_by_release(int fd)
{
	struct omt_table_event ev[64];
	const struct omt_table_event *ended;
	int rc, again, clear, n;

	obstructed(fd);
	rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
	pull(LINE_OBSTRUCTION, false);
	enable_line_becomes(0);
	sleep_ms(100);
	n = read_all(fd, ev, 64);
	ended = find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED);
	again = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
	/* EBUSY while the release edge is still being handled: ask again. */
	for (int i = 0; i < 100 && (clear = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT,
						    OMT_TABLE_FAULT_OBSTRUCTION)) == -EBUSY; i++)
		sleep_ms(10);
	report(rc == 0 && line_value(LINE_ENABLE) == 0 && again == -EBUSY && clear == 0 &&
	       ended && ended->value == OMT_TABLE_ESCAPE_END_TRIP &&
	       find_record(ev, n, OMT_TABLE_EV_OBSTRUCTION) > ended,
	       "escape-ended-by-obstruction-release",
	       "rc %d line %d, again %d, clear %d, ended %d reason %llu", rc,
	       line_value(LINE_ENABLE), again, clear, !!ended,
	       ended ? (unsigned long long)ended->value : 0ULL);
	reset(fd);
}

/*
 * An escape request for @ms: 0 when it was granted.  The shortest window
 * (OMT_TABLE_ESCAPE_MIN_MS, 10 ms) can run out before the call returns
 * when the emulated guest is held up (the kernel then answers -EBUSY: the
 * line is already low again); that grant is still in the event queue,
 * with its end by expiry, so it counts as granted.  A refusal queues no
 * grant and is returned as it came.
 */
static int escape_granted(int fd, __u32 ms)
{
	struct omt_table_event ev;
	int rc;

	drain(fd);
	rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, ms);
	if (rc != -EBUSY)
		return rc;
	if (wait_event_type(fd, OMT_TABLE_EV_ESCAPE_GRANTED, &ev) && ev.value == ms &&
	    wait_event_type(fd, OMT_TABLE_EV_ESCAPE_ENDED, &ev) &&
	    ev.value == OMT_TABLE_ESCAPE_END_EXPIRED)
		return 0;
	return rc;
}

/*
 * The time granted per OBSTRUCTION latch is bounded: renewing until
 * refused stops at the total, stays refused after the grant ends, and a
 * new latch (after release and clear) starts a new allowance.
 */
static void test_escape_total_bounded(int fd)
{
	struct omt_table_escape_status es, last;
	unsigned long long t0;
	int rc = 0, after = 0, fresh, renewals = 0, short_ones;

	obstructed(fd);
	t0 = now_ns();
	while (now_ns() - t0 < 4ULL * OMT_TABLE_ESCAPE_TOTAL_MS * 1000000ULL) {
		rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
		if (rc)
			break;
		renewals++;
		sleep_ms(100);
	}
	es = escape_status(fd);
	printf("# escape allowance: %d grants/renewals of %u ms, %llu ms used when refused\n",
	       renewals, OMT_TABLE_ESCAPE_MAX_MS, (unsigned long long)es.used_ns / 1000000);
	enable_line_becomes(0);
	/* What is left is less than a whole window: shorter ones, until none fits. */
	for (short_ones = 0; short_ones < 100; short_ones++) {
		after = escape_granted(fd, OMT_TABLE_ESCAPE_MIN_MS);
		if (after)
			break;
		enable_line_becomes(0);
	}
	last = escape_status(fd);
	printf("# then %d grants of %u ms; %llu ms used in all\n", short_ones,
	       OMT_TABLE_ESCAPE_MIN_MS, (unsigned long long)last.used_ns / 1000000);
	report(rc == -ENOSPC && es.total_ns == OMT_TABLE_ESCAPE_TOTAL_MS * 1000000ULL &&
	       es.used_ns + OMT_TABLE_ESCAPE_MAX_MS * 1000000ULL > es.total_ns &&
	       after == -ENOSPC && short_ones < 100 && line_value(LINE_ENABLE) == 0 &&
	       !last.active && last.used_ns + OMT_TABLE_ESCAPE_MIN_MS * 1000000ULL > last.total_ns,
	       "escape-total-per-latch-bounded", "rc %d, used %llu ms, then %d after %d, line %d",
	       rc, (unsigned long long)es.used_ns / 1000000, after, short_ones,
	       line_value(LINE_ENABLE));
	/* The chattering switch brings no new allowance; a new latch does. */
	pull(LINE_OBSTRUCTION, false);
	wait_event_type(fd, OMT_TABLE_EV_OBSTRUCTION, NULL);
	pull(LINE_OBSTRUCTION, true);
	wait_event_type(fd, OMT_TABLE_EV_OBSTRUCTION, NULL);
	after = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MIN_MS);
	fresh = obstructed(fd) ? escape_granted(fd, OMT_TABLE_ESCAPE_MIN_MS) : -1;
	report(after == -ENOSPC && fresh == 0, "escape-new-latch-new-allowance",
	       "re-pressed %d, after clear and new latch %d", after, fresh);
	reset(fd);
}

/*
 * Only the owner, on a descriptor open for writing: a read-only holder
 * and a child that inherited the descriptor are refused.  Closing the
 * device during a grant drops the line; the next owner reads why.
 */
static void test_escape_owner_only(void)
{
	int fd = open_dev(), ro, rc_ro, status_ro, n;
	struct omt_table_event ev[64];
	const struct omt_table_event *ended;
	pid_t child;
	int wstatus = 0, rc;

	obstructed(fd);
	child = fork();
	if (child == 0)
		_exit(set_u32(fd, OMT_TABLE_IOC_ESCAPE, 100) == -EPERM &&
		      line_value(LINE_ENABLE) == 0 ? 0 : 1);
	waitpid(child, &wstatus, 0);
	report(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 && line_value(LINE_ENABLE) == 0 &&
	       !escape_status(fd).active, "escape-refused-for-inheriting-child",
	       "child status 0x%x", wstatus);
	rc = set_u32(fd, OMT_TABLE_IOC_ESCAPE, OMT_TABLE_ESCAPE_MAX_MS);
	close(fd);
	enable_line_becomes(0);

	ro = open(OMT_TABLE_DEVICE, O_RDONLY | O_CLOEXEC);
	rc_ro = ro < 0 ? -errno : set_u32(ro, OMT_TABLE_IOC_ESCAPE, 100);
	status_ro = ro < 0 ? -1 : (int)status(ro).faults;
	n = ro < 0 ? 0 : read_all(ro, ev, 64);
	ended = find_record(ev, n, OMT_TABLE_EV_ESCAPE_ENDED);
	report(rc == 0 && rc_ro == -EBADF && line_value(LINE_ENABLE) == 0 &&
	       status_ro == OMT_TABLE_FAULT_OBSTRUCTION,
	       "escape-refused-read-only", "rc %d, read-only rc %d faults 0x%x", rc, rc_ro,
	       status_ro);
	report(ended && ended->value == OMT_TABLE_ESCAPE_END_CLOSE,
	       "escape-ended-by-close", "ended %d reason %llu", !!ended,
	       ended ? (unsigned long long)ended->value : 0ULL);
	if (ro >= 0)
		close(ro);
	clear_leftovers();
}

static void test_escape(int fd)
{
	test_escape_refused_unless_obstruction_alone(fd);
	test_escape_bad_arguments(fd);
	test_escape_grant_bounded_in_time(fd);
	test_escape_renewals(fd);
	test_escape_dropped_by_estop(fd);
	test_escape_dropped_by_watchdog(fd);
	test_escape_ended_by_release(fd);
	test_escape_total_bounded(fd);
}

/* Only a descriptor open for writing may enable. */
static void test_read_only_cannot_enable(void)
{
	int fd = open(OMT_TABLE_DEVICE, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		report(false, "read-only-open-cannot-enable", "open: %s", strerror(errno));
		return;
	}
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(rc != 0 && line_value(LINE_ENABLE) == 0 && !status(fd).enable_requested,
	       "read-only-open-cannot-enable", "rc %d line %d", rc, line_value(LINE_ENABLE));
	close(fd);
}

/*
 * The owner forks a child that inherits the descriptor, then dies: the
 * line goes low although the child keeps the file open and keeps
 * pinging, and the child cannot enable.  One attempt: 0 passed, 1
 * failed, -1 the heartbeat expired first (a guest starved by its host
 * for a whole timeout), which proves nothing either way.
 */
static int forked_child_attempt(char *enabled, char *verdict_out, char *faults, size_t len)
{
	int ready[2], verdict[2];
	pid_t owner;
	char c = '?';
	bool low;

	clear_leftovers();
	if (pipe(ready) || pipe(verdict))
		exit(2);
	owner = fork();
	if (owner == 0) {
		int fd = open_dev();
		pid_t child;

		set_u32(fd, OMT_TABLE_IOC_SET_TIMEOUT, OMT_TABLE_TIMEOUT_MAX_MS);
		c = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0) == 0 ? 'y' : 'n';
		child = fork();
		if (child == 0) {
			int i;

			/* Wait for the owner's exit, keep pinging, then try to enable. */
			while (getppid() != 1 && kill(getppid(), 0) == 0)
				sleep_ms(5);
			for (i = 0; i < 30; i++) {
				xioctl(fd, OMT_TABLE_IOC_PING, 0);
				sleep_ms(100);
			}
			c = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0) == 0 ? 'E' : 'r';
			if (write(verdict[1], &c, 1) != 1)
				_exit(1);
			for (i = 0; i < 20; i++) {
				xioctl(fd, OMT_TABLE_IOC_PING, 0);
				sleep_ms(100);
			}
			_exit(0);
		}
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(verdict[1]);
	if (read(ready[0], enabled, 1) != 1)
		*enabled = '?';
	waitpid(owner, NULL, 0);
	low = enable_line_becomes(0);
	/* Dropped because the owner left, not by a watchdog expiry. */
	if (dev_attr("fault", faults, len))
		faults[0] = '\0';
	if (read(verdict[0], verdict_out, 1) != 1)
		*verdict_out = '?';
	close(ready[0]);
	close(verdict[0]);
	/* The child closes its copy on exit; the device is free again after. */
	for (int i = 0; i < 100; i++) {
		int fd = open(OMT_TABLE_DEVICE, O_RDWR | O_CLOEXEC);

		if (fd >= 0) {
			close(fd);
			break;
		}
		sleep_ms(50);
	}
	if (strtoul(faults, NULL, 16) & OMT_TABLE_FAULT_WATCHDOG)
		return -1;
	return *enabled == 'y' && low && !strtoul(faults, NULL, 16) ? 0 : 1;
}

static void test_forked_child_not_owner(void)
{
	char enabled = '?', verdict = '?', faults[32] = "";
	int attempt, rc = -1;

	for (attempt = 0; attempt < 3 && rc < 0; attempt++) {
		rc = forked_child_attempt(&enabled, &verdict, faults, sizeof(faults));
		if (rc < 0)
			printf("# forked-child attempt %d: the heartbeat expired first (guest starved)\n",
			       attempt + 1);
	}
	report(rc == 0, "owner-death-drops-enable-despite-child", "owner enabled %c, faults %s",
	       enabled, faults);
	report(rc >= 0 && verdict == 'r', "inheriting-child-cannot-enable", "child says %c",
	       verdict);
	clear_leftovers();
}

/*
 * "suspend SIM_DIR": enabled, the system goes through a suspend (the
 * caller chose the pm_test level): enable is low afterwards and SUSPEND
 * latched; clearing it works.
 */
static int suspend_test(void)
{
	struct omt_table_status st;
	int fd = open_dev(), rc, wrc;

	release_all_inputs();
	reset(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(rc == 0 && line_value(LINE_ENABLE) == 1, "enabled-before-suspend", "rc %d", rc);
	wrc = write_file("/sys/power/state", "freeze");
	st = status(fd);
	report(wrc == 0 && line_value(LINE_ENABLE) == 0 && !st.enabled &&
	       (st.faults & OMT_TABLE_FAULT_SUSPEND) && !st.enable_requested,
	       "suspend-drops-enable-and-latches", "suspend %d line %d faults 0x%x", wrc,
	       line_value(LINE_ENABLE), st.faults);
	rc = set_u32(fd, OMT_TABLE_IOC_CLEAR_FAULT, OMT_TABLE_FAULT_SUSPEND);
	report(rc == 0 && !status(fd).faults, "suspend-fault-clears", "rc %d", rc);
	close(fd);
	return failures ? 1 : 0;
}

/*
 * "removal IN_DIR OUT_DIR ENABLE_OFFSET LIVE_FILE": inputs on one chip,
 * enable on another.  An e-stop on the input chip drops enable on the
 * other; then the input chip is removed (LIVE_FILE <- 0) with the device
 * open and enabled: enable goes low and the open file answers -ENODEV.
 */
static int removal_test(const char *live)
{
	struct pollfd p;
	struct omt_table_event ev;
	int fd = open_dev(), rc;
	ssize_t n;
	bool low;

	release_all_inputs();
	reset(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(rc == 0 && line_value(LINE_ENABLE) == 1, "two-chip-enable", "rc %d line %d", rc,
	       line_value(LINE_ENABLE));
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, true);
	low = enable_line_becomes(0);
	report(low && (status(fd).faults & OMT_TABLE_FAULT_ESTOP), "two-chip-estop-drops-enable",
	       "line %d", line_value(LINE_ENABLE));
	reset(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	if (rc || line_value(LINE_ENABLE) != 1) {
		report(false, "input-chip-removal-drops-enable", "could not enable: %d", rc);
		close(fd);
		return 1;
	}
	rc = write_file(live, "0");
	low = enable_line_becomes(0);
	report(rc == 0 && low, "input-chip-removal-drops-enable", "rc %d line %d", rc,
	       line_value(LINE_ENABLE));
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	n = read(fd, &ev, sizeof(ev));
	report(n < 0 && errno == ENODEV && xioctl(fd, OMT_TABLE_IOC_ENABLE, 0) == -ENODEV &&
	       xioctl(fd, OMT_TABLE_IOC_GET_STATUS, (unsigned long)&(struct omt_table_status){ 0 }) ==
	       -ENODEV && poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) && (p.revents & POLLERR),
	       "removed-device-answers-enodev", "read %zd revents 0x%x", n, p.revents);
	close(fd);
	return failures ? 1 : 0;
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

/*
 * "thread-only SIM_DIR DEV_DIR": the module was loaded with
 * trip_thread_only=1, so no hard handler runs for the trip inputs (as on
 * a nested expander interrupt): the threads' own trip rule must hold.
 * The press shorter than the thread's wake-up is the case that needs it
 * (its thread reads the line released); the others must hold unchanged.
 * Names carry the prefix "thread-only-".
 */
static int thread_only_tests(void)
{
	int fd;

	name_prefix = "thread-only-";
	release_all_inputs();
	fd = open_dev();
	reset(fd);
	test_estop_press_and_release(fd);
	test_obstruction_and_limits(fd);
	test_enable_outruns_thread(fd);
	test_short_press_while_idle(fd);
	test_clear_never_erases_press(fd);
	close(fd);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc == 4 && !strcmp(argv[1], "thread-only")) {
		sim_dir = argv[2];
		dev_dir = argv[3];
		return thread_only_tests();
	}

	if (argc == 3 && !strcmp(argv[1], "kill"))
		return kill_owner_and_measure(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "suspend")) {
		sim_dir = argv[2];
		return suspend_test();
	}
	if (argc == 6 && !strcmp(argv[1], "removal")) {
		sim_dir = argv[2];
		out_dir = argv[3];
		enable_offset = atoi(argv[4]);
		return removal_test(argv[5]);
	}

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
	test_enable_outruns_thread(fd);
	test_short_press_while_idle(fd);
	test_clear_never_erases_press(fd);
	test_timeout_change_rearms(fd);
	test_refused_enable_not_a_ping(fd);
	test_cause_before_disabled(fd);
	test_efault_keeps_record(fd);
	test_chatter_keeps_estop_record(fd);
	test_refused_clear_no_new_window(fd);
	test_escape(fd);
	close(fd);
	test_escape_owner_only();
	test_read_only_cannot_enable();
	test_forked_child_not_owner();
	test_owner_death();
	return failures ? 1 : 0;
}
