/* SPDX-License-Identifier: MIT */
/*
 * omtd's control thread in the test (or bench) process, driving a real
 * omt-sim over Modbus TCP (or RTU on a pseudo-terminal): the simulator started by sim_harness on an
 * ephemeral port, a private configuration, the real link, the real table
 * logic.  The caller acts on the table through the simulator's control
 * socket (pedals, faults) and through the control port (commands), and
 * waits in control cycles, never in wall-clock time.
 *
 *   struct control_harness h;
 *   struct control_harness_options opt = { .period_ms = 10 };
 *   if (control_harness_start(&h, &opt) != 0) -> h.error says why
 *   control_harness_unlock(&h);
 *   control_harness_input(&h, "pedal-height-up", 1);
 *   control_harness_stop(&h);
 */
#ifndef CONTROL_HARNESS_H
#define CONTROL_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "control_port.h"
#include "sim_harness.h"
#include "table_logic.h"

#define CONTROL_HARNESS_EVENTS 2048
#define CONTROL_HARNESS_TABLE_TEXT 8192

struct control_harness_options {
	unsigned int period_ms;         /* 0: 10 ms */
	int rt_priority;                /* 0: not real-time */
	bool lock_memory;               /* mlockall, as omtd does */
	const char *extra_config;       /* INI text appended (other
					   sections than [link], [control]) */
	/*
	 * The table: NULL or "generic", six omt-generic-1 drives; else the
	 * name of a file of etc/tables/ ("mixed"), whose sections are
	 * appended to the configuration and whose "# omt-sim:" line says
	 * which drive classes the simulator plays (as make run TABLE=).
	 */
	const char *table;
	unsigned int comms_lost_ms;     /* 0: omtd's default */
	unsigned int drive_watchdog_ms; /* 0: 500 (a loaded test machine) */
	unsigned int rtu_baud;          /* 0: Modbus TCP; else RTU on the
					   simulator's pty, paced at this */
	/*
	 * TCP only: start the simulator this long after the control loop,
	 * on a port chosen before (the bus comes up after omtd).
	 */
	unsigned int sim_late_ms;
	/*
	 * The simulator's --drive-class SLAVE=CLASS arguments,
	 * NULL-terminated, or NULL (every drive omt-generic-1); used
	 * without a table only (a caller that edits a table's text into
	 * extra_config passes the table's classes here).
	 */
	const char *const *drive_classes;
	/* Called on the control thread once it runs (may be NULL). */
	void (*on_thread_ready)(void *arg);
	void *on_thread_ready_arg;
};

struct control_harness {
	struct sim_harness sim;
	struct omtd_config config;
	struct omt_table_params params;
	struct link *link;
	struct omt_control *control;
	/* Events taken from the port so far, oldest first. */
	unsigned int n_events;
	struct omt_event events[CONTROL_HARNESS_EVENTS];
	/* The table's file and the simulator's drive classes from it. */
	char table_text[CONTROL_HARNESS_TABLE_TEXT];
	const char *drive_classes[SIM_HARNESS_CLASSES_MAX + 1];
	char error[OMTD_ERR_MAX + 64];
};

/* One setpoint write as the simulator recorded it. */
struct control_harness_record {
	uint64_t t_ns;                  /* CLOCK_MONOTONIC at the simulator */
	double setpoint;                /* units */
	unsigned int control;           /* CONTROL word */
};

/*
 * The drive classes etc/tables/NAME.conf's "# omt-sim:" line names
 * ("height=linak", ...) into classes (NULL-terminated, at most max - 1,
 * pointing into text, which holds up to text_len bytes of the file) and
 * the file's text into text.  Returns 0, or -1 with err set (no such
 * table, a name that is not a file name).
 */
int control_harness_table(const char *name, char *text, size_t text_len,
			  const char **classes, unsigned int max, char *err,
			  size_t err_len);

/* Returns 0 with the loop running, or -1 with h->error set. */
int control_harness_start(struct control_harness *h,
			  const struct control_harness_options *opt);

/* Stops the loop (controlled stop), the link and the simulator. */
void control_harness_stop(struct control_harness *h);

/* Move every waiting event into h->events. */
void control_harness_drain(struct control_harness *h);

struct omt_snapshot control_harness_snapshot(struct control_harness *h);

typedef bool (*control_harness_test)(const struct omt_snapshot *s, void *arg);

/*
 * Drain events and poll the snapshot until test() holds; give up after
 * max_cycles control cycles.  Returns whether it held.
 */
bool control_harness_wait(struct control_harness *h,
			  control_harness_test test, void *arg,
			  uint64_t max_cycles);

/* Let n control cycles pass. */
bool control_harness_wait_cycles(struct control_harness *h, uint64_t n);

/* Set a simulator input ("pedal-height-up", ...).  Returns 0 or -1. */
int control_harness_input(struct control_harness *h, const char *name,
			  int value);

/* Both channels of the enable pedal. */
int control_harness_enable_pedal(struct control_harness *h, int value);

/* The unlock gesture (enable pressed twice); true once unlocked. */
bool control_harness_unlock(struct control_harness *h);

/*
 * The simulator's last max setpoint writes to a drive, oldest first.
 * Returns how many were read (0 on error).
 */
unsigned int control_harness_history(struct control_harness *h,
				     const char *drive,
				     struct control_harness_record *out,
				     unsigned int max);

uint64_t control_harness_now_ns(void);

/*
 * For a failure's message: the loop's overruns and late wake-ups, each
 * part of the cycle's longest run, and per unit the link's requests and
 * failures by kind, one line each to out.
 */
void control_harness_report_loop(struct control_harness *h, FILE *out);

#endif /* CONTROL_HARNESS_H */
