/* SPDX-License-Identifier: MIT */
/*
 * The seam between omtd's main thread (D-Bus, sd-event) and its real-time
 * control thread.  Nothing else crosses it:
 *
 *   main -> control   struct omt_command, through a single-producer,
 *                     single-consumer lock-free ring;
 *   control -> main   struct omt_event, through another such ring, with an
 *                     eventfd written after each push so sd-event wakes;
 *   control -> main   struct omt_snapshot, published every cycle through a
 *                     sequence lock the reader retries on;
 *   control -> main   struct omt_trace_record, one a cycle through a third
 *                     SPSC ring, only while an OMT_CMD_TRACE has it armed
 *                     (diagnostics; the main thread drains it on its
 *                     timer, no eventfd).
 *
 * All three are fixed-size plain data, so the control thread never
 * allocates, locks or blocks on the main thread's account.
 *
 * A command that can be refused (MOVE_TO, UNLOCK, ARM_DROP, ...) is decided
 * by the control thread, which owns the state, and answered with an
 * OMT_EV_REPLY event carrying the command's cookie; the bus method replies
 * then.  RAW_READ's reply carries the registers read in the event's
 * registers[] (n_registers of them), so no reply needs memory of its own.  The main thread validates only what needs no state: argument
 * types, NaN and infinities, names, and the configured travel limits.
 */
#ifndef OMT_CONTROL_API_H
#define OMT_CONTROL_API_H

#include <stdbool.h>
#include <stdint.h>

#include "omt_regs.h"
#include "omt_table_types.h"

enum omt_command_kind {
	OMT_CMD_MOVE_TO = 0,    /* targets in target[]/target_mask, owner set */
	OMT_CMD_HOLD,           /* keep-alive for motion_id */
	OMT_CMD_STOP,           /* controlled stop of everything */
	OMT_CMD_ESTOP,          /* immediate stop, latched */
	OMT_CMD_CLEAR_FAULTS,
	OMT_CMD_LOCK,
	OMT_CMD_UNLOCK,
	OMT_CMD_ARM_DROP,       /* section */
	OMT_CMD_DISARM_DROP,    /* section */
	OMT_CMD_SET_TENSION,    /* section, level 1..10 */
	OMT_CMD_OWNER_GONE,     /* owner left the bus: stop its motion now */
	/*
	 * Diagnostics, answered by the control thread itself (the link is
	 * its own), never by the table logic:
	 */
	OMT_CMD_RAW_READ,       /* unit, reg_addr, reg_count: registers[] */
	OMT_CMD_RAW_WRITE,      /* unit, reg_addr, reg_value; service mode */
	OMT_CMD_TRACE,          /* trace_cycles records, one a cycle (0: end) */
	OMT_CMD_KIND_COUNT,
};

/* Owner 0 is the table itself (pedals, presets on a pedal). */
#define OMT_OWNER_LOCAL 0u

/* Raw register access: a drive by its axis, or the I/O module. */
#define OMT_RAW_UNIT_IO OMT_AXIS_COUNT
/* At most this many registers per raw read (one Modbus request). */
#define OMT_RAW_REGISTERS_MAX 16

struct omt_command {
	enum omt_command_kind kind;
	uint64_t cookie;                    /* echoed in the OMT_EV_REPLY */
	uint32_t owner;                     /* bus peer, from the bus's table */
	uint32_t motion_id;                 /* HOLD */
	uint32_t target_mask;               /* MOVE_TO: 1u << OMT_AXIS_HEIGHT ... */
	double target[OMT_MOTION_AXES];     /* MOVE_TO: mm, degrees */
	enum omt_axis section;              /* drop commands */
	uint32_t level;                     /* SET_TENSION */
	bool may_clear_hardware_faults;     /* caller is root or omt-service */
	uint32_t unit;                      /* RAW_*: axis or OMT_RAW_UNIT_IO */
	uint16_t reg_addr;                  /* RAW_* */
	uint16_t reg_count;                 /* RAW_READ: 1..OMT_RAW_REGISTERS_MAX */
	uint16_t reg_value;                 /* RAW_WRITE */
	uint32_t trace_cycles;              /* TRACE */
	/*
	 * HOLD: CLOCK_MONOTONIC when the bus service received it (0: not
	 * known).  A keep-alive counts from then, not from when the control
	 * thread took it: the time it spent queued must not lengthen it.
	 */
	uint64_t received_ns;
};

enum omt_event_kind {
	OMT_EV_REPLY = 0,        /* cookie, result, motion_id (MOVE_TO) */
	OMT_EV_MOTION_FINISHED,  /* motion_id, outcome */
	OMT_EV_FAULT_RAISED,     /* fault, axis, message */
	OMT_EV_FAULT_CLEARED,    /* fault, axis */
	OMT_EV_DROP_FIRED,       /* axis */
	OMT_EV_STATE_CHANGED,    /* the snapshot's public fields changed */
	OMT_EV_LOG,              /* message: a line for the journal */
};

#define OMT_EVENT_MESSAGE_MAX 112

struct omt_event {
	enum omt_event_kind kind;
	uint64_t cookie;
	enum omt_cmd_result result;
	uint32_t motion_id;
	enum omt_motion_outcome outcome;
	enum omt_fault_kind fault;
	enum omt_axis axis;                 /* OMT_AXIS_COUNT: table-wide */
	uint64_t monotonic_ns;
	char message[OMT_EVENT_MESSAGE_MAX];
	/* REPLY to RAW_READ: the registers read, n_registers of them. */
	uint16_t n_registers;
	uint16_t registers[OMT_RAW_REGISTERS_MAX];
};

/*
 * One control cycle as a trace sees it, pushed by the control thread
 * through a third SPSC ring while a TRACE command has it armed.
 * exchanged: the drive was written (setpoint) and read this cycle.
 */
struct omt_trace_axis {
	double setpoint;                    /* what was sent, mm or degrees */
	double position;                    /* the last reading */
	double current_ma;
	bool exchanged;
};

struct omt_trace_record {
	uint64_t cycle;
	uint64_t monotonic_ns;
	struct omt_trace_axis axis[OMT_MOTION_AXES];
};

#define OMT_MAX_ACTIVE_FAULTS 16

struct omt_active_fault {
	enum omt_fault_kind kind;
	enum omt_axis axis;                 /* OMT_AXIS_COUNT: table-wide */
	bool cause_present;                 /* ClearFaults is refused while set */
};

struct omt_axis_snapshot {
	double position;                    /* mm or degrees (drops: mm) */
	double setpoint;
	double velocity;
	double current_ma;
	uint16_t status;                    /* raw STATUS register */
	uint16_t drive_fault;               /* raw FAULT_CODE register */
	bool online;
	uint8_t verify;                     /* enum omt_verify_state */
	uint16_t verify_detail;             /* what was read, see the enum */
	/* Serial number and firmware version as the drive reported them on
	 * this connection (printable ASCII); "" when unknown.  Set by the
	 * runtime, like verify. */
	char serial[OMT_DRIVE_TEXT_MAX + 1];
	char firmware[OMT_DRIVE_TEXT_MAX + 1];
	/* A drive of a newer class: the fault its codec names (enum
	 * drive_named_fault of the link's drive_class.h, 0 = none), finer
	 * than drive_fault's canonical code.  Set by the runtime. */
	uint8_t named_fault;
	/* The setpoint generator: enum omt_profile_mode (idle, moving,
	 * stopping) and its speed, units/s. */
	uint8_t motion;
	double setpoint_velocity;
	uint64_t duty_left_ns;              /* motor time left in its window */
};

struct omt_snapshot {
	uint64_t cycle;
	uint64_t monotonic_ns;
	enum omt_table_state state;
	bool locked;
	bool estop;
	bool kernel_interlock;              /* false: software interlock only */
	bool realtime;                      /* SCHED_FIFO in force */
	uint8_t interlock_state;            /* enum omt_interlock_state */
	bool kernel_estop;                  /* the kernel module reports e-stop */
	uint32_t active_motion_id;          /* 0 when none */
	uint8_t motion_source;              /* enum omt_motion_source: none,
					       a pedal, a command */
	struct omt_axis_snapshot axis[OMT_AXIS_COUNT];
	enum omt_drop_state drop[OMT_DROP_SECTIONS];
	uint32_t drop_tension[OMT_DROP_SECTIONS];
	uint32_t inputs;                    /* bit per enum omt_io_input */
	/*
	 * Motor duty cycle per motion axis: the budget per window, and how
	 * long until it is whole again with the motor off (0: whole now);
	 * what is left is each axis' duty_left_ns.  Budget 0: no limit.
	 */
	uint64_t duty_budget_ns[OMT_MOTION_AXES];
	uint64_t duty_whole_in_ns[OMT_MOTION_AXES];
	unsigned int n_faults;
	struct omt_active_fault faults[OMT_MAX_ACTIVE_FAULTS];
	/* Loop statistics (diagnostics). */
	uint64_t overruns;
	uint64_t lateness_max_ns;
	uint64_t healthy_ns;                /* last cycle the loop proved sane */
};

#endif /* OMT_CONTROL_API_H */
