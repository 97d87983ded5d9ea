/* SPDX-License-Identifier: MIT */
/* omtctl preset list|show|save|rename. */
#ifndef OMTCTL_PRESETS_H
#define OMTCTL_PRESETS_H

#include <systemd/sd-bus.h>

#include "args.h"

/* Returns the exit code. */
int omtctl_run_preset(sd_bus *bus, const struct omtctl_request *request);

#endif /* OMTCTL_PRESETS_H */
