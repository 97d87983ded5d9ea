/* SPDX-License-Identifier: MIT */
/*
 * The scenario explorer: runs the pure control core (daemon/core) against
 * a plant model of the drives and the I/O module, through scenarios drawn
 * from a seed, and checks the safety invariants (docs/explorer.md) after
 * every cycle.
 *
 * A scenario is a plain list of timed events (a pedal pressed, a sample
 * lost, a command sent, a drive jammed, ...).  Everything else is derived
 * deterministically from it, so a scenario replays exactly, can be shrunk
 * by deleting events, and prints as a Check test that replays it:
 *
 *   struct explore_scenario sc;
 *   explore_generate(seed, cycles, &sc);
 *   struct explore_result res;
 *   explore_run(&sc, &res);            res.violated: bit per invariant
 *   explore_shrink(&sc, invariant);    smallest scenario still violating it
 *   explore_print_check_test(stdout, &sc, invariant, seed);
 *
 * No clock, no I/O, no allocation: the fuzz harness (fuzz/) drives the
 * same run from bytes.
 */
#ifndef OMT_EXPLORE_H
#define OMT_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "table_logic.h"

#define EXPLORE_CYCLE_NS 10000000ull    /* 10 ms, omtd's default */
#define EXPLORE_MAX_EVENTS 512
#define EXPLORE_OWNERS 3                /* 0: the table (local), 1, 2: bus */

enum explore_event_kind {
	EX_INPUT = 0,   /* a: enum omt_io_input, b: 0/1 (the line itself) */
	EX_IO_FAIL,     /* b: enum omt_comm_result, n: cycles (invalid samples) */
	EX_AXIS_FAIL,   /* a: axis, b: enum omt_comm_result, n: cycles */
	EX_ESTOP,       /* b: button pressed 0/1 */
	EX_KERNEL,      /* b: enum omt_interlock_state */
	EX_JAM,         /* a: axis, b: jammed 0/1 */
	EX_OBSTRUCT,    /* a: axis, b: obstruction 0/1 */
	EX_DRIVE_FAULT, /* a: axis, b: FAULT_CODE, n: 1 = cause lasts */
	EX_PUSH,        /* a: axis, x: displacement by an outside force */
	EX_FIRE,        /* a: drop section: it falls to its stop */
	EX_LATE,        /* n: this cycle comes n ms late */
	EX_HOLDER,      /* a: owner, b: keep-alives on/off (every 100 ms) */
	EX_CMD,         /* a: enum omt_command_kind, b: owner or section,
			   n: target mask (MOVE_TO), level, or may-clear;
			   x, y: targets */
	EX_KIND_COUNT,
};

struct explore_event {
	uint32_t cycle;
	uint8_t kind;
	uint8_t a;
	uint8_t b;
	uint8_t n;
	double x, y;
};

/*
 * The drive of the height or the tilt: 0 a drive that follows the
 * streamed setpoint (cyclic); else one that runs to a target on its own
 * ramps (explore_class_drive.h), kind an enum omt_drive_kind, lag 1..3
 * exchanges, variant 0..3 its ramps (explore_world.c).
 */
#define EXPLORE_DRIVE(kind, lag, variant) \
	((uint8_t)((kind) | (((lag) - 1) << 2) | ((variant) << 4)))

struct explore_scenario {
	uint32_t cycles;
	double start_height, start_tilt;
	uint8_t drive[OMT_MOTION_AXES];         /* EXPLORE_DRIVE(), 0: cyclic */
	unsigned int n_events;
	struct explore_event event[EXPLORE_MAX_EVENTS];  /* by cycle */
};

/* The invariants, each documented in docs/explorer.md. */
enum explore_invariant {
	INV_ESTOP_CUTS_POWER = 0,
	INV_NO_MOTION_WHILE_LOCKED,
	INV_NO_MOTION_WHILE_FAULTED,
	INV_RELEASED_HOLD_BRAKES,
	INV_COMBINATION_BOXES_AVOIDED,
	INV_SETPOINT_WITHIN_LIMITS,
	INV_DROPS_AND_TABLE_EXCLUSIVE,
	INV_NO_EDGE_FROM_INVALID_SAMPLE,
	INV_FAULTS_REPORTED,
	INV_CLEAR_REFUSED_WHILE_CAUSE,
	INV_CLEARED_FAULT_STAYS_CLEARED,
	INV_FAULTED_DRIVE_NOT_PUSHING,
	INV_LOCKED_DRIVES_DISABLED,
	INV_PEDAL_OUTRANKS_BUS,
	INV_NOBODY_TRAPPED,
	INV_CLASS_DRIVE_BOUNDED,
	INV_COUNT,
};

const char *explore_invariant_name(enum explore_invariant inv);
/* Returns INV_COUNT when unknown. */
enum explore_invariant explore_invariant_from_name(const char *name);

/*
 * The invariants named in a list (spaces, commas, newlines; '#' starts a
 * comment to the end of its line), as a bit mask.  Returns -EINVAL on an
 * unknown name (copied into bad), else 0.
 */
int explore_invariants_from_list(const char *list, uint32_t *mask,
				 char *bad, size_t bad_len);

/* The list kept in fuzz/core_step.ignore: invariants the core is known to
 * break today (each with a pending scenario).  0 when the file is absent. */
int explore_known_broken(const char *path, uint32_t *mask, char *bad,
			 size_t bad_len);

struct explore_result {
	uint32_t violated;                      /* bit per invariant */
	uint32_t first_cycle[INV_COUNT];        /* valid where violated */
	char message[INV_COUNT][160];
	uint64_t cycles_run;
};

/* Run a scenario from scratch; stop_on (bitmask, 0: never) ends the run
 * at the first violation of one of those invariants. */
void explore_run(const struct explore_scenario *sc, uint32_t stop_on,
		 struct explore_result *res);

/* A scenario of `cycles` cycles drawn from seed. */
void explore_generate(uint64_t seed, uint32_t cycles,
		      struct explore_scenario *sc);

/* Shrink sc, in place, to a scenario that still violates inv. */
void explore_shrink(struct explore_scenario *sc, enum explore_invariant inv);

/* A ready-to-paste Check test that fails while sc violates inv. */
void explore_print_check_test(FILE *out, const struct explore_scenario *sc,
			      enum explore_invariant inv, uint64_t seed);

/*
 * Replay a scenario given as its parts (what a printed Check test holds);
 * true when inv holds throughout, else false with why filled.
 */
bool explore_replay_holds(const struct explore_event *events,
			  unsigned int n_events, uint32_t cycles,
			  double start_height, double start_tilt,
			  enum explore_invariant inv, char *why, size_t len);
/* The same with the height's and the tilt's drives (EXPLORE_DRIVE()). */
bool explore_replay_drives_hold(const struct explore_event *events,
				unsigned int n_events, uint32_t cycles,
				double start_height, double start_tilt,
				uint8_t height_drive, uint8_t tilt_drive,
				enum explore_invariant inv, char *why, size_t len);

/* Many scenarios, seed after seed: what each invariant found first. */
struct explore_finding {
	uint32_t scenarios;                     /* scenarios violating it */
	uint64_t first_seed;
	uint64_t cycles_to_first;               /* all cycles run until then */
	char message[160];
};

struct explore_campaign {
	uint64_t first_seed;
	uint32_t cycles_per_scenario;
	uint64_t scenarios;
	uint64_t cycles;
	uint32_t violated;                      /* bit per invariant */
	struct explore_finding found[INV_COUNT];
	FILE *trace;                            /* each violation, or NULL */
};

/* Run scenarios from c->first_seed on until c->cycles reaches
 * total_cycles. */
void explore_campaign_run(struct explore_campaign *c, uint64_t total_cycles);

/* One line per invariant; for each violated one, its first scenario
 * shrunk and printed as a Check test. */
void explore_campaign_report(FILE *out, const struct explore_campaign *c,
			     bool print_tests);

/* Bytes (fuzzer input) to a scenario; never fails. */
void explore_from_bytes(const uint8_t *data, size_t size,
			struct explore_scenario *sc);

#endif /* OMT_EXPLORE_H */
