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
#include "../omt_table_guest.h"

/* Physical levels of the active-low enable line. */
#define ENABLE_ON 0
#define ENABLE_OFF 1
#define TREE_TIMEOUT_MS 250

static const char *dev_dir;

/* Both channels released, faults cleared (once the window has passed). */
static void release_and_clear(int fd)
{
	pull(LINE_ESTOP_A, true);
	pull(LINE_ESTOP_B, false);
	xioctl(fd, OMT_TABLE_IOC_DISABLE, 0);
	clear_faults(fd);
	drain(fd);
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
	report(line_value(LINE_ENABLE) == ENABLE_OFF, "dt-active-low-enable-off-at-probe",
	       "line %d", line_value(LINE_ENABLE));
}

/* A low line on the active-low channel is a pressed e-stop (a cut wire). */
static void test_open_contact_reads_pressed(int fd)
{
	struct omt_table_status st;
	int rc;

	pull(LINE_ESTOP_A, false);
	pull(LINE_ESTOP_B, false);
	sleep_ms(50);
	st = status(fd);
	rc = xioctl(fd, OMT_TABLE_IOC_ENABLE, 0);
	report(st.estop && (st.inputs & OMT_TABLE_INPUT_ESTOP_A) &&
	       !(st.inputs & OMT_TABLE_INPUT_ESTOP_B) && rc == -EBUSY &&
	       line_value(LINE_ENABLE) == ENABLE_OFF,
	       "dt-active-low-estop-low-line-is-pressed",
	       "estop %u inputs 0x%x enable rc %d line %d", st.estop, st.inputs, rc,
	       line_value(LINE_ENABLE));

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
	       enable_line_becomes(ENABLE_OFF) && (status(fd).faults & OMT_TABLE_FAULT_WATCHDOG),
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
	if (rc || line_value(LINE_ENABLE) != ENABLE_ON || !status(fd).enabled || atoi(attr) != 1) {
		report(false, name, "enable rc %d line %d sysfs %s", rc,
		       line_value(LINE_ENABLE), attr);
		return;
	}
	pull(line, pressed);
	st = status(fd);
	report(enable_line_becomes(ENABLE_OFF) && (status(fd).faults & OMT_TABLE_FAULT_ESTOP),
	       name, "line %d faults 0x%x", line_value(LINE_ENABLE), st.faults);
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
	fd = open_dev();
	test_tree_properties(fd);
	test_open_contact_reads_pressed(fd);
	test_watchdog_runs_on_tree_timeout(fd);
	test_press_drops_enable(fd, LINE_ESTOP_A, 0, "dt-active-low-enable-on-then-channel-a-press-drops-it");
	test_press_drops_enable(fd, LINE_ESTOP_B, 1, "dt-active-low-enable-on-then-channel-b-press-drops-it");
	release_and_clear(fd);
	close(fd);
	report(line_value(LINE_ENABLE) == ENABLE_OFF, "dt-active-low-enable-off-after-close",
	       "line %d", line_value(LINE_ENABLE));
	return failures ? 1 : 0;
}
