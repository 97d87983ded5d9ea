// SPDX-License-Identifier: MIT
/* Starting, driving and stopping omt-sim from tests; see sim_harness.h. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim_harness.h"

#define READY_TIMEOUT_MS 10000      /* generous: sanitizer builds are slow */
#define COMMAND_TIMEOUT_MS 5000
#define STOP_TIMEOUT_MS 5000
#define CLIENT_TIMEOUT_US 200000

static void fail(struct sim_harness *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct sim_harness *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->error, sizeof(h->error), fmt, ap);
	va_end(ap);
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Reads until newline or EOF, within the deadline.  Returns bytes read. */
static ssize_t read_with_deadline(int fd, char *buf, size_t cap, int timeout_ms,
				  bool stop_at_newline)
{
	struct timespec start;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	ssize_t n;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (len + 1 < cap) {
		left = timeout_ms - elapsed_ms(&start);
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (stop_at_newline && memchr(buf, '\n', len))
			break;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

static void exec_sim(struct sim_harness *h, const struct sim_harness_options *opt,
		     const char *binary, int ready_fd)
{
	char tcp[32], baud[16], fd_arg[16];
	const char *argv[16 + 2 * SIM_HARNESS_CLASSES_MAX];
	int argc = 0, devnull;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (dup2(ready_fd, 3) < 0)
		_exit(127);
	devnull = open("/dev/null", O_WRONLY);
	if (devnull >= 0)
		dup2(devnull, STDOUT_FILENO);
	snprintf(tcp, sizeof(tcp), "127.0.0.1:%d", opt->tcp_port);
	snprintf(baud, sizeof(baud), "%u", opt->baud);
	snprintf(fd_arg, sizeof(fd_arg), "3");
	argv[argc++] = binary;
	if (opt->tcp) {
		argv[argc++] = "--tcp";
		argv[argc++] = tcp;
	}
	if (opt->rtu) {
		argv[argc++] = "--rtu-pty";
		argv[argc++] = h->rtu_link;
	}
	if (opt->rtu && opt->baud) {
		argv[argc++] = "--baud";
		argv[argc++] = baud;
	}
	for (int c = 0; opt->drive_classes && opt->drive_classes[c] &&
			c < SIM_HARNESS_CLASSES_MAX; c++) {
		argv[argc++] = "--drive-class";
		argv[argc++] = opt->drive_classes[c];
	}
	argv[argc++] = "--control";
	argv[argc++] = h->control_path;
	argv[argc++] = "--ready-fd";
	argv[argc++] = fd_arg;
	argv[argc] = NULL;
	execv(binary, (char *const *)argv);
	fprintf(stderr, "sim_harness: exec %s: %s\n", binary, strerror(errno));
	_exit(127);
}

static int parse_ready(struct sim_harness *h)
{
	const char *p;

	if (strncmp(h->ready_line, "READY", 5) != 0) {
		fail(h, "unexpected first line from omt-sim: '%s'", h->ready_line);
		return -1;
	}
	p = strstr(h->ready_line, " tcp=");
	if (p) {
		/* The port follows the last colon of the address. */
		const char *end = strchr(p + 1, ' ');
		const char *colon = NULL, *c;

		for (c = p; c && *c && (!end || c < end); c++)
			if (*c == ':')
				colon = c;
		h->tcp_port = colon ? atoi(colon + 1) : 0;
	}
	p = strstr(h->ready_line, " rtu=");
	if (p)
		sscanf(p + 5, "%4095s", h->rtu_path);
	return 0;
}

int sim_harness_start(struct sim_harness *h,
		      const struct sim_harness_options *opt)
{
	char binary[PATH_MAX];
	const char *build = getenv("OMT_BUILD");
	int pipefd[2], status;
	ssize_t n;

	memset(h, 0, sizeof(*h));
	if (opt->binary)
		snprintf(binary, sizeof(binary), "%s", opt->binary);
	else
		snprintf(binary, sizeof(binary), "%s/omt-sim",
			 build && *build ? build : "build");
	if (access(binary, X_OK) != 0) {
		fail(h, "%s: %s", binary, strerror(errno));
		return -1;
	}
	/* Not $TMPDIR: a Unix socket path must stay short. */
	snprintf(h->dir, sizeof(h->dir), "/tmp/omt-sim.XXXXXX");
	if (!mkdtemp(h->dir)) {
		fail(h, "mkdtemp: %s", strerror(errno));
		h->dir[0] = '\0';
		return -1;
	}
	snprintf(h->control_path, sizeof(h->control_path), "%s/control", h->dir);
	snprintf(h->rtu_link, sizeof(h->rtu_link), "%s/tty", h->dir);
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		fail(h, "pipe: %s", strerror(errno));
		rmdir(h->dir);
		return -1;
	}
	h->pid = fork();
	if (h->pid == 0)
		exec_sim(h, opt, binary, pipefd[1]);
	close(pipefd[1]);
	if (h->pid < 0) {
		fail(h, "fork: %s", strerror(errno));
		close(pipefd[0]);
		h->pid = 0;
		rmdir(h->dir);
		return -1;
	}
	n = read_with_deadline(pipefd[0], h->ready_line, sizeof(h->ready_line),
			       READY_TIMEOUT_MS, true);
	close(pipefd[0]);
	if (n <= 0) {
		fail(h, "omt-sim did not become ready");
		if (waitpid(h->pid, &status, WNOHANG) == h->pid)
			h->pid = 0;
		sim_harness_stop(h);
		return -1;
	}
	h->ready_line[strcspn(h->ready_line, "\n")] = '\0';
	if (parse_ready(h) < 0) {
		sim_harness_stop(h);
		return -1;
	}
	return 0;
}

int sim_harness_command(struct sim_harness *h, const char *command,
			char *reply, size_t cap)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = strlen(command);
	int fd;
	ssize_t n;

	reply[0] = '\0';
	if (strlen(h->control_path) >= sizeof(addr.sun_path)) {
		fail(h, "control path too long: %s", h->control_path);
		return -1;
	}
	memcpy(addr.sun_path, h->control_path, strlen(h->control_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    send(fd, command, len, MSG_NOSIGNAL) != (ssize_t)len ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		fail(h, "control socket %s: %s", h->control_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* One command per connection: the answer ends when the server closes. */
	shutdown(fd, SHUT_WR);
	n = read_with_deadline(fd, reply, cap, COMMAND_TIMEOUT_MS, false);
	close(fd);
	if (n <= 0) {
		fail(h, "no answer to '%s'", command);
		return -1;
	}
	if (strncmp(reply, "ok", 2) == 0)
		return 0;
	fail(h, "'%s' -> %s", command, reply);
	return 1;
}

bool sim_harness_field(const char *reply, const char *key, double *value)
{
	size_t klen = strlen(key);
	const char *p = reply;
	char *end;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == reply || p[-1] == ' ') && p[klen] == '=') {
			*value = strtod(p + klen + 1, &end);
			return end != p + klen + 1;
		}
		p += klen;
	}
	return false;
}

double sim_harness_get(struct sim_harness *h, const char *name,
		       const char *key)
{
	char command[64], reply[512];
	double v;

	snprintf(command, sizeof(command), "get %s", name);
	if (sim_harness_command(h, command, reply, sizeof(reply)) != 0 ||
	    !sim_harness_field(reply, key, &v))
		return NAN;
	return v;
}

static modbus_t *finish_client(struct sim_harness *h, modbus_t *mb, int slave)
{
	if (!mb) {
		fail(h, "modbus_new: %s", modbus_strerror(errno));
		return NULL;
	}
	modbus_set_slave(mb, slave);
	modbus_set_response_timeout(mb, 0, CLIENT_TIMEOUT_US);
	if (modbus_connect(mb) < 0) {
		fail(h, "modbus_connect: %s", modbus_strerror(errno));
		modbus_free(mb);
		return NULL;
	}
	return mb;
}

modbus_t *sim_harness_tcp_client(struct sim_harness *h, int slave)
{
	if (h->tcp_port <= 0) {
		fail(h, "simulator has no TCP port");
		return NULL;
	}
	return finish_client(h, modbus_new_tcp("127.0.0.1", h->tcp_port), slave);
}

modbus_t *sim_harness_rtu_client(struct sim_harness *h, int slave, int baud)
{
	if (!h->rtu_path[0]) {
		fail(h, "simulator has no RTU port");
		return NULL;
	}
	return finish_client(h, modbus_new_rtu(h->rtu_path, baud, 'N', 8, 1),
			     slave);
}

int sim_harness_stop(struct sim_harness *h)
{
	struct timespec start;
	int status = 0, rc = -1;
	pid_t got;

	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		clock_gettime(CLOCK_MONOTONIC, &start);
		for (;;) {
			got = waitpid(h->pid, &status, WNOHANG);
			if (got == h->pid || (got < 0 && errno != EINTR))
				break;
			if (elapsed_ms(&start) > STOP_TIMEOUT_MS) {
				kill(h->pid, SIGKILL);
				waitpid(h->pid, &status, 0);
				got = h->pid;
				status = -1;
				break;
			}
			usleep(2000);
		}
		if (got == h->pid && status != -1 && WIFEXITED(status))
			rc = WEXITSTATUS(status);
		h->pid = 0;
	}
	if (h->dir[0]) {
		/* omt-sim removes its own socket and link; anything left is a bug. */
		unlink(h->control_path);
		unlink(h->rtu_link);
		rmdir(h->dir);
		h->dir[0] = '\0';
	}
	return rc;
}
