/* SPDX-License-Identifier: MIT */
/*
 * omt-sim's event loop: Modbus TCP clients, one RTU pseudo-terminal, the
 * control socket and the physics clock, in one thread around ppoll().
 */
#ifndef SIM_SERVER_H
#define SIM_SERVER_H

#include <stdbool.h>

#include "sim_drive_class.h"
#include "omt_table_types.h"

struct sim_config {
	const char *tcp_host;       /* NULL: no TCP */
	unsigned int tcp_port;      /* 0: ephemeral */
	bool rtu;                   /* serve RTU on a pseudo-terminal */
	const char *rtu_link;       /* symlink to the pty's slave side, or NULL */
	unsigned int baud;          /* RTU pacing; 0: replies at once */
	const char *control_path;   /* control socket, or NULL */
	int ready_fd;               /* -1: none */
	/* --drive-class choices; a drive not named stays omt-generic-1. */
	struct sim_class_choice classes[OMT_AXIS_COUNT];
	int n_classes;
};

/* Runs until SIGINT or SIGTERM.  Returns the process exit status. */
int sim_server_run(const struct sim_config *config);

#endif /* SIM_SERVER_H */
