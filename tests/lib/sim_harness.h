/* SPDX-License-Identifier: MIT */
/*
 * Starting omt-sim from a C test: on an ephemeral TCP port and/or a fresh
 * RTU pseudo-terminal, with a control socket in a private temp directory;
 * waiting for its READY line instead of sleeping; talking to its control
 * socket; and stopping it by pid.
 *
 *   struct sim_harness sim;
 *   struct sim_harness_options opt = { .tcp = true, .rtu = true };
 *   if (sim_harness_start(&sim, &opt) != 0) -> sim.error says why
 *   modbus_t *mb = sim_harness_tcp_client(&sim, 1);   // slave 1: height
 *   sim_harness_command(&sim, "fault height no-reply", reply, sizeof(reply));
 *   sim_harness_stop(&sim);
 *
 * The binary is $OMT_BUILD/omt-sim (default build/omt-sim) unless the
 * options name another.  The simulator gets SIGTERM if the test process
 * dies, so a crashed test leaves nothing running.
 */
#ifndef SIM_HARNESS_H
#define SIM_HARNESS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <modbus.h>

/* At most this many --drive-class arguments are passed on. */
#define SIM_HARNESS_CLASSES_MAX 6

struct sim_harness_options {
	bool tcp;                   /* serve TCP on 127.0.0.1, ephemeral port */
	bool rtu;                   /* serve RTU on a pseudo-terminal */
	unsigned int baud;          /* RTU pacing (--baud), 0 = none */
	const char *binary;         /* NULL: $OMT_BUILD/omt-sim */
	int tcp_port;               /* with tcp: this port, 0: ephemeral */
	/* --drive-class SLAVE=CLASS arguments, NULL-terminated, or NULL. */
	const char *const *drive_classes;
};

struct sim_harness {
	pid_t pid;                  /* 0 when not running */
	char dir[160];              /* private temp dir, removed by stop */
	int tcp_port;               /* 0 without TCP */
	char rtu_path[PATH_MAX];    /* the pty device, "" without RTU */
	char rtu_link[192];         /* a symlink to it inside dir */
	char control_path[192];
	char ready_line[512];
	char error[256];            /* why the last call failed */
};

/* Returns 0 once the simulator serves; -1 with h->error set. */
int sim_harness_start(struct sim_harness *h,
		      const struct sim_harness_options *opt);

/*
 * Sends one control command and reads the whole answer into reply
 * (NUL-terminated).  Returns 0 when the answer starts with "ok", 1 when
 * it is "error ...", -1 when the simulator could not be reached.
 */
int sim_harness_command(struct sim_harness *h, const char *command,
			char *reply, size_t cap);

/* The number after "key=" in a `get`/`stats` answer; false if absent. */
bool sim_harness_field(const char *reply, const char *key, double *value);

/* `get NAME` and one of its fields; NAN on failure. */
double sim_harness_get(struct sim_harness *h, const char *name,
		       const char *key);

/* libmodbus clients with short timeouts (200 ms), connected; NULL on error. */
modbus_t *sim_harness_tcp_client(struct sim_harness *h, int slave);
modbus_t *sim_harness_rtu_client(struct sim_harness *h, int slave,
				 int baud);

/*
 * SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp dir.
 * Returns the exit status (0 for a clean shutdown), or -1.
 */
int sim_harness_stop(struct sim_harness *h);

#endif /* SIM_HARNESS_H */
