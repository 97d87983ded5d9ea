/* SPDX-License-Identifier: MIT */
/*
 * The simulator's control language: one command per line, from tests and
 * from people, to inject faults, move the world (thrust, load, pedals) and
 * look inside (get, stats, history).  Every command answers "ok ..." or
 * "error <reason>"; a refused command changes nothing.  The full list is
 * in docs/simulator.md and `omt-sim --help`.
 */
#ifndef SIM_CONTROL_H
#define SIM_CONTROL_H

#include <stddef.h>

#include "world.h"

#define SIM_CONTROL_LINE_MAX 256
/* Room for the longest answer: a full history. */
#define SIM_CONTROL_REPLY_MAX (64 + SIM_HISTORY_LEN * 48)

/*
 * Executes one command line (without its newline).  Writes the answer,
 * newline-terminated, to out.  For `watch` also sets *watch to the axis
 * to stream; otherwise *watch is -1.
 */
void sim_control_execute(struct sim_world *world, const char *line,
			 char *out, size_t cap, int *watch);

/* One streamed line for a history record: "t_ns setpoint control\n". */
int sim_control_format_record(const struct sim_setpoint_record *rec,
			      char *out, size_t cap);

#endif /* SIM_CONTROL_H */
