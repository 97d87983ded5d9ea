/* SPDX-License-Identifier: MIT */
/*
 * Hold-to-run moves: start a motion (MoveTo or RecallPreset), keep it
 * alive with Hold about every 100 ms, show progress on a terminal, and
 * wait for MotionFinished.  If omtctl stops (Ctrl-C, a crash), the holds
 * stop and its connection closes, so the table stops.
 */
#ifndef OMTCTL_MOVE_H
#define OMTCTL_MOVE_H

#include <systemd/sd-bus.h>

#include "args.h"

/* Returns the exit code: 0 reached, 5 ended elsewhere, 1/3/4 failures. */
int omtctl_run_motion(sd_bus *bus, const struct omtctl_request *request);

#endif /* OMTCTL_MOVE_H */
