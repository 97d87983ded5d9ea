/* SPDX-License-Identifier: MIT */
/* omtctl diag ...: the technician's views of org.omt.Table1.Diagnostics. */
#ifndef OMTCTL_DIAG_H
#define OMTCTL_DIAG_H

#include <systemd/sd-bus.h>

#include "args.h"

int omtctl_run_diag(sd_bus *bus, const struct omtctl_request *request);

#endif /* OMTCTL_DIAG_H */
