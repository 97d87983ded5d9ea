/* SPDX-License-Identifier: MIT */
/*
 * What a drive of a newer class (target-position, cia402-profile-position)
 * is told in one exchange, from what the control core decided for its
 * axis: the pure mapping from struct omt_axis_output to the class codec's
 * struct drive_intent (link/drive_exchange.h).
 *
 *   enable       the schedule's wire enable (the core's, parked at rest:
 *                drive_schedule_park())
 *   move         the core's move, only while enabled and not quick-stopped:
 *                a release, a stop or a disable is move = false, which
 *                every class turns into its stop in that very exchange
 *   target       the core's target and speed, passed only while moving:
 *   speed        a stopped drive is not given a goal it might keep
 *   quick_stop   the core's (e-stop, faults, the last cycle)
 *   fault_reset  the core's level (ClearFaults); the codec makes the edge
 *   setpoint     the streamed setpoint (cyclic-position only)
 *
 * Pure: no I/O, no clock.
 */
#ifndef OMTD_DRIVE_INTENT_H
#define OMTD_DRIVE_INTENT_H

#include <stdbool.h>

#include "link.h"
#include "table_logic.h"

void drive_intent_from_output(const struct omt_axis_output *o,
			      bool wire_enable, struct drive_intent *out);

/*
 * Whether two intents tell a drive the same: a drive whose intent
 * changed must be exchanged this cycle (drive_schedule's "must go").
 * A target or speed counts only while moving.
 */
bool drive_intent_same(const struct drive_intent *x,
		       const struct drive_intent *y);

#endif /* OMTD_DRIVE_INTENT_H */
