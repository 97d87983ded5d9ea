/* SPDX-License-Identifier: MIT */
/*
 * The mixed table's fault-matrix cells that fail on main, each with its
 * cause: tests/unit/test_fault_matrix_mixed.c leaves them out,
 * tests/pending/test_fault_matrix_mixed_pending.c runs exactly them
 * (make check-pending) until the fix lands and they move back.
 *
 *   overcurrent on the LINAK height, at rest or moving up: the
 *     actuator's overcurrent flag (a record of a current cut-off, kept
 *     until CLEAR ERROR or the next run) reads as a standing obstruction,
 *     so ClearFaults is refused while it shows, and CLEAR ERROR goes out
 *     only with an accepted ClearFaults: the table cannot be recovered
 *     (the generic drives' overcurrent had the same circle, R4/R12).
 *   io-silent while the CiA 402 tilt moves: intermittent (one run in
 *     three): the tilt moved 0.83 degrees in the half second watched
 *     after the table was at rest; cause not found yet.
 */
#ifndef FAULT_MATRIX_MIXED_DEFECTS_H
#define FAULT_MATRIX_MIXED_DEFECTS_H

#include <stdbool.h>
#include <string.h>

static inline bool fault_matrix_mixed_defect(const char *state,
					     const char *fault)
{
	static const char *const cells[][2] = {
		{ "locked", "overcurrent" }, { "idle", "overcurrent" },
		{ "height up", "overcurrent" },
		{ "tilt up", "io-silent" }, { "tilt down", "io-silent" },
	};

	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		if (strcmp(cells[i][0], state) == 0 &&
		    strcmp(cells[i][1], fault) == 0)
			return true;
	return false;
}

#endif /* FAULT_MATRIX_MIXED_DEFECTS_H */
