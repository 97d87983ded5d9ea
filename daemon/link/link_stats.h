/* SPDX-License-Identifier: MIT */
/* Recording into struct link_stats (link.h); pure, no allocation. */
#ifndef OMTD_LINK_STATS_H
#define OMTD_LINK_STATS_H

#include <stdint.h>

#include "link.h"

/* Count one round trip of us microseconds. */
void link_stats_record_rtt(struct link_stats *s, uint32_t us);

#endif /* OMTD_LINK_STATS_H */
