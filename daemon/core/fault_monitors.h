/* SPDX-License-Identifier: MIT */
/*
 * The per-axis fault monitors and the latched fault set, as
 * pure logic (time is an input; no I/O, no allocation).  docs/safety.md
 * lists every rule with the requirement it serves and its test.
 *
 * omt_axis_monitor_check() looks at one axis's reading against what the
 * core commanded and names at most one new fault; the table logic latches
 * it in a struct omt_fault_set and decides the reaction (stop, disable,
 * reverse).  Latched faults clear only on request and only once their
 * cause has gone.
 */
#ifndef OMT_FAULT_MONITORS_H
#define OMT_FAULT_MONITORS_H

#include <stdbool.h>
#include <stdint.h>

#include "control_api.h"
#include "omt_table_types.h"

/* What one Modbus exchange with a drive came back as this cycle. */
enum omt_comm_result {
	OMT_COMM_OK = 0,
	OMT_COMM_TIMEOUT,
	OMT_COMM_CRC,
	OMT_COMM_EXCEPTION,
	OMT_COMM_FRAME,
};

/* One axis's reading this cycle, decoded by the runtime. */
struct omt_axis_reading {
	bool present;                   /* drive configured (fitted) */
	enum omt_comm_result comm;      /* the others are stale unless OK */
	/*
	 * Not exchanged this cycle (a bus schedule visits a resting drive
	 * every few cycles): comm and the values are its last exchange's,
	 * and a failure already counted is not counted again.
	 */
	bool stale;
	bool travel_known;              /* hardware travel read at start-up */
	double travel_min;              /* units */
	double travel_max;
	double position;                /* units */
	double velocity;                /* units/s */
	double current_ma;
	uint16_t status;                /* raw STATUS, for the snapshot */
	bool ready, enabled, moving, in_position, fault;
	bool limit_low, limit_high, obstruction, comms_timeout;
	/*
	 * The obstruction is the drive's record of a stop on current (a
	 * LINAK-class actuator's overcurrent flag, standing), kept by the
	 * drive until the fault reset a clear sends: no lasting cause, and
	 * its current is no live one.
	 */
	bool obstruction_recorded;
	uint16_t drive_fault;           /* FAULT_CODE */
	/*
	 * Whether the exchange this reading came from wrote CONTROL's enable
	 * bit set: what the drive was told, as opposed to what the core
	 * wanted (the runtime leaves a drive at rest disabled on the wire).
	 */
	bool enable_sent;
	/*
	 * The runtime verified the drive on this connection (identity, axis
	 * kind, travel, WATCHDOG_MS written and read back).  An unverified
	 * drive is never enabled nor written a setpoint.
	 */
	bool verified;
	bool verify_failed;             /* checked, and found wrong */
	/*
	 * When the exchange it came from ended (monotonic ns): how far the
	 * axis can have moved since the reading before depends on it.  0:
	 * at the step's now_ns (the simulations' readings).
	 */
	uint64_t taken_ns;
};

/* Per-axis thresholds.  Units are the axis's (mm or degrees). */
struct omt_monitor_params {
	double following_error_max;     /* |setpoint - position|; default 5 */
	uint64_t stall_ns;              /* default 500 ms */
	double stall_min_travel;        /* within stall_ns; default 0.5 */
	double obstruction_current_ma;  /* default 3000 */
	double overcurrent_ma;          /* default 5000 */
	double uncommanded_travel;      /* off the rest point; default 2 */
	/*
	 * A reading further from the last one than the axis can travel in
	 * the time between them (max_speed, omt_position_jump_bound()) by
	 * more than position_jump is a jump; default 20 (tilt 5).
	 */
	double position_jump;
	double max_speed;               /* units/s; the table logic sets it
					   to its axis limit's */
	uint64_t settle_ns;             /* rest point follows for; 500 ms */
	uint64_t enable_ns;             /* a drive told to enable must
					   report READY+ENABLED within;
					   default 200 ms */
};

struct omt_fault_monitor_params {
	struct omt_monitor_params axis[OMT_AXIS_COUNT];
	/*
	 * A unit (drive, I/O module) whose exchanges have all failed for
	 * this long is lost (omt_comms_watch_lost()); default 60 ms.
	 */
	uint64_t comms_lost_ns;
	double obstruction_reverse;     /* mm up after one while lowering; 10 */
};

void omt_fault_monitor_params_default(struct omt_fault_monitor_params *params);

/*
 * The communication watchdog of one unit, as time: a unit is lost once
 * its exchanges have all failed for comms_lost_ns, counted from the first
 * failure in a row; until then its last good reading stands in.  A time,
 * not a count of failures, so that one setting means the same at a 2 ms
 * period as at 20 ms.
 *
 * A unit asked less often than every cycle (a drive at rest, read in
 * rotation on a serial bus) must also have had its chance: lost only
 * once it has failed OMT_COMMS_LOST_TRIES exchanges in a row, or once
 * that many of its usual intervals between exchanges (as they were up
 * to its first failure) have passed since that failure.  A drive read
 * every sixth 20 ms cycle that misses one reply is otherwise lost 60 ms
 * later, before it was asked again: a false stop.  The second bound
 * keeps the rule that a unit nobody asks again is not thereby kept
 * alive, and the window so stretched is at most OMT_COMMS_LOST_STRETCH_MAX
 * windows (480 ms by default).  A unit asked every cycle is lost after
 * the window as before.
 */
#define OMT_COMMS_LOST_TRIES 3u
#define OMT_COMMS_LOST_STRETCH_MAX 8u

struct omt_comms_watch {
	bool failing;                   /* its last exchange failed */
	uint64_t failing_since_ns;      /* the first failure in a row */
	enum omt_comm_result last_failure;
	unsigned int failures;          /* failed exchanges in a row */
	bool tried;                     /* tried_ns is valid */
	uint64_t tried_ns;              /* its last exchange */
	uint64_t interval_ns;           /* between exchanges, up to the
					   first failure; 0: not known */
};

/* An exchange with the unit answered well (at now_ns). */
void omt_comms_watch_ok(struct omt_comms_watch *watch, uint64_t now_ns);

/* An exchange failed (a stale reading's failure is not a new one). */
void omt_comms_watch_failed(struct omt_comms_watch *watch,
			    enum omt_comm_result result, uint64_t now_ns);

/*
 * Whether the unit is lost by now: its exchanges have all failed for
 * window_ns, and it has had its chance (see above).
 */
bool omt_comms_watch_lost(const struct omt_comms_watch *watch,
			  uint64_t window_ns, uint64_t now_ns);

/* What the core commanded the axis this cycle. */
struct omt_axis_commanded {
	bool enabled;
	bool moving;                    /* its profile is not at rest */
	double setpoint;
	double velocity;
	bool free_to_move;              /* a fired section settling */
	/*
	 * An armed drop section may fall, not rise: its rest point follows
	 * it down, and a rise of more than uncommanded_travel above it is
	 * uncommanded motion.
	 */
	bool may_fall;
	/*
	 * A drive that runs to a target on its own ramps acts on a command
	 * one lag later: it may trail (or, stopping, lead) the setpoint,
	 * its expected motion, by the lag's travel beyond
	 * following_error_max (units; 0 for a streamed drive).
	 */
	double following_slack;
	/*
	 * The drive runs to a target on its own ramps, and the setpoint is
	 * the motion expected of it: no progress is a stall only while the
	 * expected motion itself made some (a soft start at a crawl is not
	 * a jam).
	 */
	bool runs_to_target;
};

struct omt_axis_monitor {
	struct omt_comms_watch comms;
	bool have_position;
	double last_position;
	uint64_t last_position_ns;      /* when it was taken */
	bool resting;                   /* not commanded to move */
	double rest_point;              /* where a resting axis should stay */
	uint64_t rest_since_ns;
	bool stall_timing;
	int8_t stall_dir;               /* the way it was told, +1 or -1 */
	uint64_t stall_since_ns;
	double stall_from_position;
	double stall_from_current;
	double stall_from_setpoint;     /* where the expected motion was */
	bool enable_seen;               /* answered enabled since told to be */
	uint64_t enable_sent_since_ns;  /* told to enable, not yet seen */
	bool enable_pending;
};

void omt_axis_monitor_init(struct omt_axis_monitor *monitor);

/*
 * After a successful ClearFaults: the rest point and the stall window are
 * taken afresh from where the axis is now (its last reading).  An axis
 * that moved and then settled somewhere new has no lasting cause, and the
 * old rest point would latch uncommanded-motion again at once, for ever.
 * A settled axis stays settled: it is watched from the next cycle on.
 */
void omt_axis_monitor_rebase(struct omt_axis_monitor *monitor);

/*
 * The time between two readings that counts for the jump bound at most:
 * a reading after a longer gap (a starved process, a drive not exchanged
 * for a while) may be compared with a stale one, but no gap makes any
 * jump acceptable.  A drive without fresh setpoints stops at its last
 * one (or by its own watchdog), so a second at top speed is more than
 * any gap can honestly explain.
 */
#define OMT_JUMP_GAP_MAX_NS 1000000000ull

/*
 * The farthest an axis can have moved between two readings elapsed_ns
 * apart: max_speed for that time (capped at OMT_JUMP_GAP_MAX_NS), plus
 * position_jump (the drive's lag caught up, encoder noise, the time
 * stamps' own jitter).
 */
double omt_position_jump_bound(const struct omt_monitor_params *params,
			       uint64_t elapsed_ns);

/*
 * Whether a reading of to, taken at to_ns, lies further from the reading
 * of from, taken at from_ns, than the axis can have moved meanwhile.
 * A reading stamped before the one it follows counts as taken at once.
 */
bool omt_position_jumped(const struct omt_monitor_params *params,
			 double from, uint64_t from_ns, double to,
			 uint64_t to_ns);

/* When a reading was taken (its stamp, or now for an unstamped one). */
uint64_t omt_reading_time(const struct omt_axis_reading *reading,
			  uint64_t now_ns);

/* The most findings one axis can have in one cycle (every kind below). */
#define OMT_MONITOR_FINDINGS_MAX 10

/*
 * What one axis shows this cycle: every fault kind found, most important
 * first (kind[0]); found is n > 0.  All of them, not only the first: a
 * fault already latched on the axis must not hide a later one of another
 * kind (a drive fault latched would keep a new obstruction from ever
 * latching, and ClearFaults would then be accepted with it present).
 */
struct omt_monitor_finding {
	bool found;
	unsigned int n;
	enum omt_fault_kind kind[OMT_MONITOR_FINDINGS_MAX];
};

/*
 * Check one axis for this cycle.  Returns every finding in the order
 * comms, drive, drive disabled, position jump, overcurrent, obstruction,
 * following error, stall, uncommanded motion, limit.  A failed exchange
 * is the only finding of its cycle (the values are stale).  A drive that
 * reports its own fault (FAULT, FAULT_CODE or its watchdog) is not also
 * found "drive-disabled" (the one follows from the other), and its current
 * is the record of what tripped it, not a live one (omt_axis_current_live).
 * comms_lost_ns comes from the fault-monitor params.
 */
struct omt_monitor_finding
omt_axis_monitor_check(struct omt_axis_monitor *monitor,
		       const struct omt_monitor_params *params,
		       uint64_t comms_lost_ns,
		       const struct omt_axis_reading *reading,
		       const struct omt_axis_commanded *commanded,
		       uint64_t now_ns);

/*
 * Whether the cause of a latched fault of this kind is still present on
 * this axis (ClearFaults is refused while it is).
 */
bool omt_axis_fault_cause_present(const struct omt_monitor_params *params,
				  enum omt_fault_kind kind,
				  const struct omt_axis_reading *reading);

/*
 * Whether the reading's current is what the motor draws now.  A drive
 * that reports its own fault latched has its power stage off; the
 * current it reports is the one that tripped it, held until its
 * fault-reset, so it is neither a new finding nor a lasting cause.  So
 * does an actuator that recorded a stop on current (obstruction_recorded).
 */
bool omt_axis_current_live(const struct omt_axis_reading *reading);

/* The fault kind a failed exchange is reported as. */
enum omt_fault_kind omt_comm_fault_kind(enum omt_comm_result result);

/* ---- the latched fault set ---- */

struct omt_fault_set {
	unsigned int n;
	struct omt_active_fault fault[OMT_MAX_ACTIVE_FAULTS];
};

/*
 * Latch a fault; a kind already latched on the same axis only refreshes
 * cause_present.  Returns true when it is new.  A full set keeps the
 * faults it has (the table is stopped either way).
 */
bool omt_fault_set_raise(struct omt_fault_set *set, enum omt_fault_kind kind,
			 enum omt_axis axis, bool cause_present);

bool omt_fault_set_has(const struct omt_fault_set *set,
		       enum omt_fault_kind kind, enum omt_axis axis);

/* Whether any latched fault's cause is still present. */
bool omt_fault_set_any_cause(const struct omt_fault_set *set);

/* Faults only a technician (omt-service) may clear. */
bool omt_fault_is_hardware(enum omt_fault_kind kind);

#endif /* OMT_FAULT_MONITORS_H */
