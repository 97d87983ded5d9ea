/* SPDX-License-Identifier: MIT */
/* omtctl diag report --out FILE.tar.gz: the factory bundle in one go. */
#ifndef OMTCTL_REPORT_H
#define OMTCTL_REPORT_H

#include <systemd/sd-bus.h>

#include "args.h"

/* Returns the exit code: 0 when every part was written. */
int omtctl_run_report(sd_bus *bus, const struct omtctl_request *request);

#endif /* OMTCTL_REPORT_H */
