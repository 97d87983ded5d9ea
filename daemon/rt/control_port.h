/* SPDX-License-Identifier: MIT */
/*
 * The runtime layer's seam: omtd's real-time control thread, as main()
 * starts it and the bus service talks to it.  The thread owns the table
 * logic, the Modbus link, the operator inputs and the kernel interlock
 * while it runs, and talks to the main thread only through the port below
 * (commands in, events, snapshots and loop statistics out).
 *
 * Each cycle, on an absolute CLOCK_MONOTONIC deadline:
 *   1. drain queued commands into the logic;
 *   2. read the operator inputs (Modbus I/O module or GPIO lines) and the
 *      kernel interlock's state;
 *   3. step the logic with them and the drives' last readings;
 *   4. exchange each drive the bus schedule plans (drive_schedule.h):
 *      write its new command, read its state (one function-23
 *      transaction); a drive not yet verified on this connection
 *      (drive_verify.h) is only read;
 *   5. heartbeat the kernel interlock, asking for drive power only while
 *      the logic wants it;
 *   6. pass the logic's events on (eventfd wakes the main thread);
 *   7. in the room left before the window's end, one request at a time:
 *      verification steps, speed-cap and tension writes, one diagnostics
 *      register request;
 *   8. publish the snapshot, with healthy_ns set when the cycle was sane.
 * A cycle that runs past its next deadline is counted as an overrun and
 * the loop resumes at the first deadline still ahead, never in a burst.
 *
 * Nothing on this thread allocates, locks or blocks on the main thread
 * after start-up.
 *
 * Use from main():
 *
 *	omt_control_create(&setup, &control, err, sizeof(err));
 *	omt_control_start(control, err, sizeof(err));
 *	... sd-event loop, bus service through control_port.h ...
 *	omt_control_stop(control);     // controlled stop, drives disabled
 *	omt_control_free(control);
 */
#ifndef OMT_CONTROL_PORT_H
#define OMT_CONTROL_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "cycle_timing.h"
#include "gpio_inputs.h"
#include "kernel_interlock.h"
#include "link.h"
#include "table_logic.h"

struct omt_control;
struct link;
struct gpio_inputs;
struct kernel_interlock;

struct omt_control_setup {
	const struct omtd_config *config;       /* copied */
	const struct omt_table_params *params;  /* copied */
	/*
	 * Borrowed, and used only by the control thread between start and
	 * stop; the caller closes them after omt_control_free().
	 */
	struct link *link;
	struct gpio_inputs *gpio;               /* NULL: I/O over Modbus */
	struct kernel_interlock *interlock;     /* NULL: software only */
	/*
	 * Whether to mlockall() the process at start.  omtd does; in-process
	 * tests may not want their whole address space locked.
	 */
	bool lock_memory;
	/*
	 * Called once on the control thread when its start-up is complete,
	 * just before the first cycle: from then on the thread must not
	 * allocate.  Tests and the bench mark the thread here to count its
	 * allocations.  May be NULL.
	 */
	void (*on_thread_ready)(void *arg);
	void *on_thread_ready_arg;
};

/*
 * Cookie of the commands the control thread gives itself (the shut-down
 * Stop): their replies concern nobody and are not passed on.
 */
#define OMT_CONTROL_OWN_COOKIE UINT64_MAX

/* Loop statistics beyond the snapshot's, for diagnostics and the bench. */
struct omt_loop_stats {
	uint64_t cycles;
	uint64_t overruns;                     /* by the cycle's own work */
	uint64_t late_wakeups;                 /* periods gone before it woke */
	struct cycle_lateness lateness;
	/*
	 * Where the time went (enum cycle_phase): each phase's longest run
	 * (the wake-up's: its lateness), and how many overruns passed the
	 * deadline in each.
	 */
	uint64_t phase_max_ns[CYCLE_PHASES];
	uint64_t overrun_phase[CYCLE_PHASES];
	uint64_t events_dropped;               /* event ring was full */
	uint64_t commands;                     /* taken from the ring */
	/* The bus schedule (drive_schedule.h). */
	uint64_t exchange_estimate_ns[OMT_AXIS_COUNT + 2]; /* drives, I/O, job */
	uint64_t exchanges_skipped;            /* would have run past the
						  next deadline */
	uint64_t must_go_deferred;             /* cycles a drive that had to
						  go did not fit */
	bool realtime;
	int rt_error;                          /* -errno of SCHED_FIFO, or 0 */
	uint64_t period_ns;
	/*
	 * The link's counters per unit (drives, then LINK_UNIT_IO), copied
	 * from the link every OMT_LINK_STATS_EVERY cycles: the link is the
	 * control thread's, so this copy is how anyone else sees them.
	 */
	uint64_t link_stats_cycle;             /* cycle of that copy */
	struct link_stats link[LINK_UNITS];
};

#define OMT_LINK_STATS_EVERY 16

/*
 * Check the setup and allocate everything the thread will need.  Returns
 * 0, or a negative errno with a message in err.  Nothing runs yet.
 */
int omt_control_create(const struct omt_control_setup *setup,
		       struct omt_control **out, char *err, size_t errlen);

/*
 * Lock memory (if asked) and start the thread.  Returns 0, or a negative
 * errno with a message in err.  A SCHED_FIFO the system refuses is not an
 * error: the thread runs anyway and reports realtime=false.
 */
int omt_control_start(struct omt_control *control, char *err, size_t errlen);

/*
 * Wait until the thread has published its first snapshot (or died).
 * Returns true when it did.  Main thread only.
 */
bool omt_control_wait_running(struct omt_control *control);

/*
 * Controlled stop: the logic stops every motion, the loop runs until the
 * axes are at rest (bounded by a few seconds), disables the drives, drops
 * the interlock's enable, and the thread ends.  Idempotent.
 */
void omt_control_stop(struct omt_control *control);

/* Stops if still running, then frees.  NULL is accepted. */
void omt_control_free(struct omt_control *control);

/* A consistent copy of the loop statistics (any thread). */
void omt_control_loop_stats(struct omt_control *control,
			    struct omt_loop_stats *stats);

/*
 * Journal a control event drained from the port (faults with their
 * OMT_FAULT=/OMT_AXIS= fields, fired drops, log lines); other kinds are
 * the drainer's to report.
 */
void omt_event_journal(const struct omt_event *event);

/* Whether the caller is the control thread (for log routing). */
bool omt_control_on_thread(const struct omt_control *control);

/*
 * Queue a log line as an OMT_EV_LOG event.  Control thread only (it is
 * the event ring's single producer); false when the ring is full.
 */
bool omt_control_log(struct omt_control *control, const char *message);

/* ---- the port: what the main thread (bus service, sd-event) may call ----
 *
 * Every call here is wait-free for the control thread: it never waits on
 * the main thread, whatever the main thread does.
 */

/*
 * Queue a command for the control thread.  Returns false when the command
 * ring is full (the caller answers the bus with a "busy" error; nothing
 * changed).  Its outcome arrives later as an OMT_EV_REPLY with its cookie.
 */
bool omt_control_submit(struct omt_control *control,
			const struct omt_command *command);

/*
 * Stop (emergency: EmergencyStop) without needing room in the command
 * ring: a flag the control thread takes at its next cycle, after the
 * commands queued before it.  Never fails, never waits.
 */
void omt_control_request_stop(struct omt_control *control, bool emergency);

/* Copy the latest consistent snapshot the control thread published. */
void omt_control_snapshot(struct omt_control *control,
			  struct omt_snapshot *snapshot);

/* Readable (EPOLLIN) whenever events are waiting; for sd_event_add_io. */
int omt_control_event_fd(struct omt_control *control);

/*
 * Take the next event, oldest first.  Returns false when none is left; the
 * caller drains until then each time the event fd is readable.
 */
bool omt_control_next_event(struct omt_control *control,
			    struct omt_event *event);

/*
 * Take the next trace record (OMT_CMD_TRACE), oldest first; false when
 * none is waiting.  The trace ring is small: a tracing caller drains it
 * every few cycles' worth of time; records it could not hold are counted
 * in omt_control_trace_dropped().
 */
bool omt_control_next_trace(struct omt_control *control,
			    struct omt_trace_record *record);
uint64_t omt_control_trace_dropped(struct omt_control *control);

#endif /* OMT_CONTROL_PORT_H */
