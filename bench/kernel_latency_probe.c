/*
 * kernel_latency_probe - e-stop reaction of omt_table, in the qemu guest
 *
 *   kernel_latency_probe SIM_CHIP_SYSFS_DIR CHIP_LABEL PRESSES
 *
 * Board (bench/kernel_latency_guest.sh): gpio-sim line 0 e-stop, 2 enable,
 * 6 a spare line for the baseline.  Three figures, each over PRESSES
 * repetitions:
 *   module    e-stop edge to enable-low as the module measures it (the
 *             ESTOP_PRESSED event's value: hard-irq timestamp to the
 *             line write returning);
 *   baseline  the same kind of gpio-sim edge on a spare line, from the
 *             kernel's edge timestamp to a plain libgpiod line request
 *             reading the event in user space;
 *   owner     SIGKILL of the device's owner to enable-low (kill() issued
 *             to the DISABLED/CLOSE event's timestamp).
 * Prints "name p50_ns p99_ns n" lines for bench/kernel_latency.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "uapi/omt_table.h"

#define LINE_ESTOP 0
#define LINE_BASELINE 6

static const char *sim_dir;

static void die(const char *what)
{
	fprintf(stderr, "kernel_latency_probe: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void pull(int line, int up)
{
	char path[512];
	const char *text = up ? "pull-up" : "pull-down";
	int fd;

	snprintf(path, sizeof(path), "%s/sim_gpio%d/pull", sim_dir, line);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		die(path);
	close(fd);
}

/* Next event of @type; other records are skipped. */
static struct omt_table_event next_event(int fd, __u32 type)
{
	struct omt_table_event ev;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 5000) != 1)
			die("waiting for an interlock event");
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev))
			die("read event");
		if (ev.type == type)
			return ev;
	}
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static void print_figure(const char *name, unsigned long long *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_ull);
	printf("%s %llu %llu %d\n", name, v[n / 2], v[(n * 99) / 100], n);
}

/*
 * A press counts only if enable was high when the edge came: under
 * emulation the probe can stall past the heartbeat timeout, and a press
 * that finds the line already low measures nothing.  Such presses are
 * repeated (at most n/10 times) and their number printed.
 */
static void module_latency(int fd, unsigned long long *v, int n)
{
	__u32 mask = OMT_TABLE_FAULT_ALL;
	int i = 0, repeated = 0;

	while (i < n) {
		struct omt_table_event ev;

		if (ioctl(fd, OMT_TABLE_IOC_ENABLE, 0))
			die("enable");
		pull(LINE_ESTOP, 1);
		ev = next_event(fd, OMT_TABLE_EV_ESTOP_PRESSED);
		pull(LINE_ESTOP, 0);
		next_event(fd, OMT_TABLE_EV_ESTOP_RELEASED);
		if (ioctl(fd, OMT_TABLE_IOC_CLEAR_FAULT, &mask))
			die("clear fault");
		if (ev.value) {
			v[i++] = ev.value;
		} else if (++repeated > n / 10) {
			errno = EPROTO;
			die("too many presses found the line already low");
		}
	}
	printf("module_repeated %d\n", repeated);
}

static void baseline_latency(const char *label, unsigned long long *v, int n)
{
	struct gpiod_line_event ev;
	struct gpiod_chip *chip;
	struct gpiod_line *line;
	int i;

	chip = gpiod_chip_open_by_label(label);
	if (!chip)
		die("open chip");
	line = gpiod_chip_get_line(chip, LINE_BASELINE);
	if (!line || gpiod_line_request_rising_edge_events(line, "omt-bench") < 0)
		die("request baseline line");
	for (i = 0; i < n; i++) {
		pull(LINE_BASELINE, 1);
		if (gpiod_line_event_read(line, &ev) < 0)
			die("read baseline event");
		v[i] = now_ns() - ((unsigned long long)ev.ts.tv_sec * 1000000000ULL +
				   ev.ts.tv_nsec);
		pull(LINE_BASELINE, 0);
	}
	gpiod_line_release(line);
	gpiod_chip_close(chip);
}

static void owner_death_latency(unsigned long long *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		unsigned long long killed;
		int ready[2], fd;
		pid_t child;
		char c = 0;

		if (pipe(ready))
			die("pipe");
		child = fork();
		if (child < 0)
			die("fork");
		if (child == 0) {
			int cfd = open(OMT_TABLE_DEVICE, O_RDWR);

			if (cfd < 0 || ioctl(cfd, OMT_TABLE_IOC_ENABLE, 0))
				_exit(1);
			c = 'y';
			if (write(ready[1], &c, 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		close(ready[1]);
		if (read(ready[0], &c, 1) != 1 || c != 'y')
			die("child could not enable");
		close(ready[0]);
		killed = now_ns();
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		fd = open(OMT_TABLE_DEVICE, O_RDWR);
		if (fd < 0)
			die("reopen");
		for (;;) {
			struct omt_table_event ev = next_event(fd, OMT_TABLE_EV_DISABLED);

			if (ev.value == OMT_TABLE_REASON_CLOSE && ev.timestamp_ns >= killed) {
				v[i] = ev.timestamp_ns - killed;
				break;
			}
		}
		close(fd);
	}
}

int main(int argc, char **argv)
{
	unsigned long long *v;
	int n, fd;
	__u32 timeout = OMT_TABLE_TIMEOUT_MAX_MS;

	if (argc != 4 || (n = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: %s SIM_CHIP_SYSFS_DIR CHIP_LABEL PRESSES\n", argv[0]);
		return 2;
	}
	sim_dir = argv[1];
	v = calloc(n, sizeof(*v));
	if (!v)
		die("calloc");

	fd = open(OMT_TABLE_DEVICE, O_RDWR);
	if (fd < 0 || ioctl(fd, OMT_TABLE_IOC_SET_TIMEOUT, &timeout))
		die("open " OMT_TABLE_DEVICE);
	module_latency(fd, v, n);
	print_figure("module", v, n);
	close(fd);

	baseline_latency(argv[2], v, n);
	print_figure("baseline", v, n);

	n = n / 5 > 0 ? n / 5 : 1;
	owner_death_latency(v, n);
	print_figure("owner", v, n);
	free(v);
	return 0;
}
