/* SPDX-License-Identifier: MIT */
/* omtctl's one-shot commands: a call, a reply, a line of output. */
#ifndef OMTCTL_COMMANDS_H
#define OMTCTL_COMMANDS_H

#include <systemd/sd-bus.h>

#include "args.h"

/* Every verb but move, recall and monitor.  Returns the exit code. */
int omtctl_run_command(sd_bus *bus, const struct omtctl_request *request);

/* monitor: follow the table until Ctrl-C.  Returns the exit code. */
int omtctl_run_monitor(sd_bus *bus, const struct omtctl_request *request);

#endif /* OMTCTL_COMMANDS_H */
