/* SPDX-License-Identifier: MIT */
/*
 * Shared between the table logic's files (table_logic.c: the cycle;
 * table_logic_commands.c: the commands; table_logic_events.c: the event
 * queue).  Not for use outside the control core.
 */
#ifndef OMT_TABLE_LOGIC_INTERNAL_H
#define OMT_TABLE_LOGIC_INTERNAL_H

#include "table_logic.h"
#include "omt_bits.h"
#include "omt_time.h"

/* Cycles a drive gets to act on a fault-reset before its latch counts. */
#define FAULT_RESET_GRACE_CYCLES 3
#define MOTION_AXES_MASK (BIT(OMT_AXIS_HEIGHT) | BIT(OMT_AXIS_TILT))

/* ---- table_logic_events.c ---- */
void logic_push_event(struct omt_table_logic *logic,
		      const struct omt_event *event);
void logic_reply(struct omt_table_logic *logic, uint64_t cookie,
		 enum omt_cmd_result result, uint32_t motion_id,
		 const char *message);
void logic_log(struct omt_table_logic *logic, enum omt_axis axis,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void logic_motion_finished(struct omt_table_logic *logic, uint32_t id,
			   enum omt_motion_outcome outcome);
void logic_fault_event(struct omt_table_logic *logic, bool raised,
		       enum omt_fault_kind kind, enum omt_axis axis);
void logic_report_changes(struct omt_table_logic *logic);

/* ---- table_logic_commands.c ---- */
/* Start the local recall of a preset pedal's preset (no reply). */
void logic_recall_pedal_preset(struct omt_table_logic *logic, int input);

/* ---- table_logic.c ---- */
bool logic_estop(const struct omt_table_logic *logic);
/* The axis's drive is fitted, talking, and its profile follows it. */
bool logic_axis_ready(const struct omt_table_logic *logic, enum omt_axis axis);
/* Whether a drive, or the I/O module (OMT_AXIS_COUNT), is lost now. */
bool logic_comms_lost(const struct omt_table_logic *logic, enum omt_axis unit);
bool logic_any_drop_blocks(const struct omt_table_logic *logic);
bool logic_escape_drop_blocks(const struct omt_table_logic *logic);
bool logic_table_moving(const struct omt_table_logic *logic);
/* Stop the current motion (controlled) and remember its outcome. */
void logic_end_motion(struct omt_table_logic *logic,
		      enum omt_motion_outcome outcome);
void logic_enter_estop(struct omt_table_logic *logic);
void logic_raise(struct omt_table_logic *logic, enum omt_fault_kind kind,
		 enum omt_axis axis, bool cause_present);
/*
 * Whether a kernel limit switch forbids moving this axis in direction dir
 * (+1 up, -1 down): a reached limit stops motion towards it only.
 */
bool logic_limit_blocks(const struct omt_table_logic *logic, int axis, int dir);
/*
 * Whether the supervised escape may move this axis in direction dir now:
 * the only faults whose cause lasts are the obstruction it escapes, and
 * nothing else (e-stop, interlock, lockout, a drive not ready) forbids.
 */
bool logic_escape_allowed(const struct omt_table_logic *logic, int axis,
			  int dir);
/*
 * Where an axis comes to rest if braked now, erring long (its position
 * when at rest).
 */
double logic_stopping_point(const struct omt_table_logic *logic, int a);
/* The escape's far end for its axis (within the soft limits). */
double logic_escape_limit(const struct omt_table_logic *logic);
/* Why a drop section cannot be armed now, or OMT_CMD_OK. */
enum omt_cmd_result logic_may_arm(const struct omt_table_logic *logic,
				  enum omt_axis section);
/* Whether a section may be driven to target (its soft limits). */
bool logic_drop_target_ok(const struct omt_table_logic *logic,
			  enum omt_axis section, double target);
void logic_arm(struct omt_table_logic *logic, enum omt_axis section);

/* ---- table_logic_class.c: drives that run to a target ---- */
/* Whether the axis's drive runs to a target (not cyclic). */
bool logic_class_axis(const struct omt_table_logic *logic, int a);
/*
 * Before the profile's step: the drive's own ramps for the speed it is
 * told, one speed per leg, a resting profile where the drive stands.
 * Returns false when the motion waits for the drive to stand still
 * (a reversal): no step this cycle.
 */
bool logic_class_prepare(struct omt_table_logic *logic, int a);
/* After the profile's step: an expected motion that has arrived goes on
 * while the drive still runs onto its target. */
void logic_class_after_step(struct omt_table_logic *logic, int a);
/* Whether the drive is told to run this cycle (omt_axis_output.move). */
bool logic_class_move(const struct omt_table_logic *logic, int a);
/* The move this cycle's outputs tell the drive, towards target. */
void logic_class_told(struct omt_table_logic *logic, int a, double target);
/*
 * Whether the axis's drive stands still as far as the core can know:
 * it reads still, and no run it was told can still be on its way to it
 * (always true for a streamed drive: its profile says it all).
 */
bool logic_class_still(const struct omt_table_logic *logic, int a);
/* How far the drive may trail or lead its expected motion: the lag. */
double logic_class_slack(const struct omt_table_logic *logic, int a);
void logic_disarm(struct omt_table_logic *logic, enum omt_axis section);

#endif /* OMT_TABLE_LOGIC_INTERNAL_H */
