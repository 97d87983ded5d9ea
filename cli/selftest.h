/* SPDX-License-Identifier: MIT */
/* omtctl diag selftest: identity, a small motion per axis, the pedals. */
#ifndef OMTCTL_SELFTEST_H
#define OMTCTL_SELFTEST_H

#include <systemd/sd-bus.h>

#include "args.h"

/* Exit code: 0 every step passed or was skipped, 1 one failed. */
int omtctl_run_selftest(sd_bus *bus, const struct omtctl_request *request);

#endif /* OMTCTL_SELFTEST_H */
