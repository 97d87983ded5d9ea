/* SPDX-License-Identifier: MIT */
/*
 * The network part of omtd.service that only the configuration can know,
 * as a systemd drop-in (omtd --unit-dropin; systemd/omt-generator writes
 * it at boot).  The shipped unit denies every IP address but localhost:
 *
 *   rtu           PrivateNetwork=yes and AF_UNIX only: no network at all
 *   tcp, IP host  IPAddressAllow= that address
 *   tcp, a name   the deny list lifted (an allow list takes addresses
 *                 only, and a name resolved at boot may change)
 */
#ifndef OMTD_UNIT_DROPIN_H
#define OMTD_UNIT_DROPIN_H

#include <stddef.h>

#include "config.h"

/* Writes the drop-in's text; returns its length, or -ENOSPC. */
int omtd_unit_dropin(const struct omtd_config *config, char *out, size_t cap);

#endif /* OMTD_UNIT_DROPIN_H */
