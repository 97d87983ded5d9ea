/* SPDX-License-Identifier: MIT */
/*
 * Which units (drives, the I/O module) the control loop talks to in a
 * cycle, so that the cycle fits the bus.
 *
 * A serial (RTU) bus is slow: at 115200 baud, 8E1, one function-23
 * exchange with a drive takes about 7 ms on the wire and the I/O module's
 * read about 5 ms, so a 20 ms cycle holds the I/O module and one or two
 * drives, not six.  The rules:
 *
 *  - a drive whose command changes (it moves, brakes, is enabled or
 *    disabled, quick-stopped or reset) "must go": every cycle, first;
 *  - a drive at rest is left disabled on the wire once it has been at
 *    rest for DRIVE_SCHEDULE_PARK_NS (drive_schedule_park()), so it needs
 *    no refresh; one still enabled must go too when its WATCHDOG_MS would
 *    otherwise run out before the cycle after next;
 *  - the I/O module goes every cycle when it fits with the drives that
 *    must go, and at least every io_every cycles whatever they need;
 *  - the other drives in turn while room is left: the status of a
 *    parked or unverified drive keeps being read; when a job waits
 *    (verification step, speed-cap write, a diagnostics request), room
 *    for it is kept first;
 *  - a failing drive (its last exchange failed) is tried again every
 *    cycle while merely suspect (not lost yet by the core's rule,
 *    omt_comms_watch_lost() with the comms-lost window, setup.lost_ns:
 *    the schedule keeps its failures in the same watch the runtime and
 *    the logic judge a unit by, so the three never disagree on whether a
 *    drive is lost), ahead of the status turn, so that one lost
 *    or garbled reply is not taken for a lost drive; it goes after every
 *    drive that answers, since a silent one (cut off, switched off) may
 *    cost the whole rest of the cycle waiting for a reply that never
 *    comes.  Lost, it must not go any more (the logic has stopped it);
 *    a silent one is tried once per DRIVE_SCHEDULE_RETRY_NS, one a cycle
 *    and only when no suspect goes, to find it back, while one that
 *    answers badly costs only its wire time and stays in the status
 *    turn.  Silent drives thus never starve the ones that answer for
 *    longer than the window, and an enabled drive that answers is
 *    refreshed within its WATCHDOG_MS however many others are silent.
 *
 * Times come from measured exchanges (drive_schedule_done()): an estimate
 * per unit that rises at once with a slow exchange and decays slowly, and
 * starts from the wire time the baud rate gives.  The plan keeps the sum
 * of estimates inside the window (the period less a guard); the runtime
 * also checks each exchange against the clock before starting it
 * (drive_schedule_may_start()), so a late wake-up, or a bus kept quiet
 * for a reply given up on, does not start exchanges that cannot end by
 * the window's end, where the wait for their reply would be cut
 * (drive_schedule_cutoff()): a unit that answers late or not at all costs
 * the cycle that reply, never the next deadline.  One exception: a drive
 * that must go and was left out last cycle goes whenever the bus is free
 * before the window's end (a moving drive left unwritten neither follows
 * nor brakes), so none waits two cycles in a row.
 *
 * Over TCP exchanges take well under a millisecond; the same rules then
 * simply plan every drive every cycle.
 *
 * Pure: times in, a plan out.
 */
#ifndef OMTD_DRIVE_SCHEDULE_H
#define OMTD_DRIVE_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "link.h"
#include "omt_table_types.h"
#include "table_logic.h"

/*
 * The I/O module's unit number (drives are their enum omt_axis), and the
 * estimate of a job's single-register request (any unit).
 */
#define DRIVE_SCHEDULE_IO OMT_AXIS_COUNT
#define DRIVE_SCHEDULE_JOB (OMT_AXIS_COUNT + 1)
#define DRIVE_SCHEDULE_UNITS (OMT_AXIS_COUNT + 2)

/*
 * A drive at rest this long after its motion is disabled on the wire:
 * time for its position loop to take up the last setpoint's lag, and
 * short of any comms watchdog, so that the parking write itself is the
 * refresh a drive at rest would otherwise need.
 */
#define DRIVE_SCHEDULE_PARK_NS (60ull * 1000000ull)

/*
 * How often a lost drive is tried again: each try may cost the rest of
 * a cycle, and finding a drive back a fifth of a second late costs
 * nothing (it is verified again before it may move).
 */
#define DRIVE_SCHEDULE_RETRY_NS (200ull * 1000000ull)

struct drive_schedule_setup {
	uint32_t present;               /* bit per enum omt_axis */
	bool io_on_bus;                 /* the I/O module is a Modbus unit */
	uint64_t period_ns;
	uint64_t watchdog_ns;           /* drives' WATCHDOG_MS; 0: none */
	uint64_t lost_ns;               /* the comms-lost window */
	uint64_t drive_estimate_ns;     /* first guess of one exchange */
	uint64_t io_estimate_ns;        /* and of a single-register request */
};

struct drive_schedule {
	uint32_t present;
	bool io_on_bus;
	uint64_t period_ns;
	uint64_t window_ns;             /* planned exchanges end within */
	uint64_t watchdog_ns;
	uint64_t lost_ns;
	unsigned int io_every;          /* the I/O module at least this often */
	unsigned int io_age;            /* cycles since it was last planned */
	unsigned int cursor;            /* next drive of the status turn */
	unsigned int first_must;        /* fairness among deferred drives */
	unsigned int retry_cursor;      /* next lost drive to try again */
	uint64_t estimate_ns[DRIVE_SCHEDULE_UNITS];
	bool refreshed[OMT_AXIS_COUNT]; /* refreshed_ns is valid */
	uint64_t refreshed_ns[OMT_AXIS_COUNT]; /* last enable write */
	bool enabled_on_wire[OMT_AXIS_COUNT];
	bool wire_on[OMT_AXIS_COUNT];   /* drive_schedule_park()'s answer */
	bool resting[OMT_AXIS_COUNT];
	uint64_t rest_since_ns[OMT_AXIS_COUNT];
	/*
	 * Each drive's exchanges as the core's comms-lost rule sees them:
	 * failing (its last exchange failed), since when, how many in a row,
	 * its last exchange and its usual interval.
	 */
	struct omt_comms_watch comms[OMT_AXIS_COUNT];
	bool silent[OMT_AXIS_COUNT];    /* failing for want of a reply */
	bool io_silent;                 /* the I/O module's last read unanswered */
};

struct drive_schedule_plan {
	unsigned int n;
	uint8_t unit[DRIVE_SCHEDULE_UNITS];     /* in order */
	uint32_t deferred;              /* must-go drives that did not fit */
	uint64_t spare_ns;              /* estimated room left in the window */
};

void drive_schedule_init(struct drive_schedule *s,
			 const struct drive_schedule_setup *setup);

/*
 * Whether a drive the core wants enabled is enabled on the wire: while it
 * moves, and for DRIVE_SCHEDULE_PARK_NS once it comes to rest; a drive at
 * rest that was not enabled stays so.  at_rest: its profile is at rest.
 * Call once per drive and cycle.
 */
bool drive_schedule_park(struct drive_schedule *s, unsigned int drive,
			 bool want_enable, bool at_rest, uint64_t now_ns);

/*
 * Whether the I/O module is read this cycle: when it fits with the drives
 * that must go (a bit per drive whose command differs from the last one
 * it was sent; the runtime knows them from the last cycle, since it reads
 * the inputs before the logic decides) and no drive that must go was left
 * out last cycle (waited, a bit per drive: it takes the bus first), and
 * at least every io_every cycles whatever.
 */
bool drive_schedule_io_turn(struct drive_schedule *s, uint32_t must_go,
			    uint32_t waited, uint64_t now_ns);

/*
 * Whether the I/O module, when it has its turn, is read after the
 * drives rather than before them: while its last read went unanswered.
 * A silent module's read waits out the whole response timeout (most of
 * the period), and a drive planned behind it would get only what is
 * left: a moving drive whose exchange (a CiA 402 drive's several
 * requests) did not fit was cut off, counted failing, put at the back
 * behind the module again, and so never told to stop: it ran on to its
 * target.  Read last, the module costs its wait to nothing the table
 * needs; its sample serves the next cycle, whose inputs are unknown
 * anyway (a silent module's levels stand only until comms-lost, then
 * the e-stop counts as pressed).
 */
bool drive_schedule_io_last(const struct drive_schedule *s);

/*
 * The drives of this cycle's plan, starting at now_ns, after the I/O
 * module's read when io is true; job_waiting keeps room for one job.
 */
void drive_schedule_plan(struct drive_schedule *s, uint32_t must_go,
			 bool io, bool job_waiting, uint64_t now_ns,
			 struct drive_schedule_plan *plan);

/*
 * Whether an exchange with unit (its estimate), started at now_ns, ends
 * by end_ns.
 */
bool drive_schedule_fits(const struct drive_schedule *s, unsigned int unit,
			 uint64_t now_ns, uint64_t end_ns);

/* How an exchange ended, as far as the bus's time is concerned. */
enum drive_schedule_reply {
	DRIVE_SCHEDULE_TOOK,            /* answered, and the request took */
	DRIVE_SCHEDULE_REFUSED,         /* answered, but an exception, a bad
					   CRC or frame: the bus was not
					   held up, but nothing took */
	DRIVE_SCHEDULE_SILENT,          /* no reply by the timeout or the
					   cut-off: the unit fails */
};

/*
 * Whether an exchange with unit may start at bus_free_ns (when the bus
 * can carry it: now, or once a reply given up on can no longer arrive)
 * in the cycle that woke for deadline_ns: when its estimate ends by the
 * cycle's cut-off.  Started later, it would end in a sure timeout,
 * counted against a unit that may well have answered, and the bus's
 * quiet time after it would push the next cycle's exchanges late in
 * turn, into the same (one late wake-up became a timeout of the moving
 * drive cycle after cycle, and three made a comms fault).  waited: a
 * drive that must go and was left out last cycle; it goes whenever the
 * bus is free before the cut-off, unless it is failing
 * (then it goes only where there is room, see above).
 */
bool drive_schedule_may_start(const struct drive_schedule *s,
			      unsigned int unit, uint64_t bus_free_ns,
			      uint64_t deadline_ns, bool waited);

/*
 * An exchange with unit ended: how, how long it took, and for a drive
 * whether its CONTROL write had enable set (which, if it took, refreshes
 * the drive's comms watchdog).  A drive is failing from its first failed
 * exchange to its next good one.
 */
void drive_schedule_done(struct drive_schedule *s, unsigned int unit,
			 enum drive_schedule_reply reply, uint64_t elapsed_ns,
			 bool wrote_enable, uint64_t now_ns);

/*
 * A new connection: the silence was the link's, not the drives', and
 * each is tried afresh in the status turn rather than at its retry rate.
 * Whether a drive is lost does not change (its watch goes on until it
 * answers).
 */
void drive_schedule_forget_failures(struct drive_schedule *s);

/*
 * Whether a drive's exchanges are failing, and whether it is lost by
 * now: omt_comms_watch_lost() on its exchanges with the comms-lost
 * window, the one rule the runtime (which stops writing it) and the
 * logic (which latches comms-lost) apply.
 */
bool drive_schedule_failing(const struct drive_schedule *s,
			    unsigned int drive);
bool drive_schedule_lost(const struct drive_schedule *s, unsigned int drive,
			 uint64_t now_ns);

/*
 * When every wait for a reply ends in the cycle that woke at deadline_ns:
 * the end of its window, before the next deadline.  A unit that answers
 * later, or not at all, costs that cycle its reply, never the next
 * deadline: its response timeout (15 ms on RTU by default) may be longer
 * than what is left of the period, and the cycle's first drive that must
 * go is started even when it does not fit.
 */
uint64_t drive_schedule_cutoff(const struct drive_schedule *s,
			       uint64_t deadline_ns);

/* Whether an enabled drive went longer than its watchdog unrefreshed. */
bool drive_schedule_overdue(const struct drive_schedule *s,
			    unsigned int drive, uint64_t now_ns);

/*
 * Wire time of one function-23 exchange (write 3, read 6 registers) and
 * of the I/O module's read, in microseconds, at the configured character
 * format: the frames, the silent intervals (3.5 characters, 1.75 ms above
 * 19200 baud) and a turnaround allowance.  The first estimates on RTU.
 */
uint32_t drive_schedule_rtu_exchange_us(const struct link_line_settings *link);
uint32_t drive_schedule_rtu_io_us(const struct link_line_settings *link);

/*
 * The set-up of a link's schedule with its first estimates; lost_ms is
 * the comms-lost window (fault_monitors.h).
 */
void drive_schedule_setup_for(struct drive_schedule_setup *setup,
			      const struct link_line_settings *link,
			      uint32_t present, bool io_on_bus,
			      uint32_t period_ms, uint32_t watchdog_ms,
			      uint32_t lost_ms);

#endif /* OMTD_DRIVE_SCHEDULE_H */
