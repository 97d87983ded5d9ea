/* SPDX-License-Identifier: MIT */
/*
 * The fault matrix (tests/unit/test_fault_matrix*.c): every fault omt-sim
 * can inject, in every state of the table, on the real control thread and
 * link against a real omt-sim (tests/lib/control_harness), for one table
 * (the harness's `table`: six omt-generic-1 drives, or a mixed table of
 * etc/tables/).  In each cell:
 *   - the table ends stopped: no state moving or stopping, and every
 *     drive still in the simulator's own readings;
 *   - a fault that shows is latched (a fault in the set, or the e-stop)
 *     and reported (FAULT_RAISED on the event port);
 *   - nothing moves by itself afterwards: the simulator's positions stay
 *     put for half a second;
 *   - once the cause is gone, ClearFaults is accepted and leaves no fault;
 *     where the cause cannot go without a technician (a LINAK actuator
 *     that lost its position in a power cycle needs a recovery run), the
 *     fault stays latched through ClearFaults and a pedal moves nothing.
 * An injection that cannot show in a state (a stall while nothing is
 * asked to move) must leave the table as it was.  The matrix is printed,
 * one row per state, one column per fault.
 *
 * Faults of a drive's own class (an error code, a power cycle) exist only
 * for drives of the newer classes (omt-sim's --drive-class): they go to
 * the class drive of the state (tilt while tilting, else height) and are
 * columns only when the table has such drives.
 */
#ifndef FAULT_MATRIX_H
#define FAULT_MATRIX_H

#include <stdbool.h>

struct fault_matrix_result {
	unsigned int cells;     /* judged (a state never reached: failed) */
	unsigned int held;
	unsigned int restarts;  /* starts tried again */
};

/*
 * Says whether a program leaves a cell out (state and fault by their
 * printed names): NULL runs it, else a label of at most 11 characters
 * printed in its place, "(pending)" for instance.
 */
typedef const char *(*fault_matrix_left_out)(const char *state,
					     const char *fault);

/*
 * Runs the matrix for the table (NULL: generic), every cell but those
 * left_out (may be NULL) leaves out, and prints it on stdout.  Returns 0,
 * or -1 when the table cannot be read.
 */
int fault_matrix_run(const char *table, fault_matrix_left_out left_out,
		     struct fault_matrix_result *out);

#endif /* FAULT_MATRIX_H */
