/* SPDX-License-Identifier: MIT */
/*
 * Foot pedals: what the operator's feet ask for, from the raw input bits.
 *
 * Pure logic, time is an input.  Each cycle omt_pedals_update() turns the
 * input bits (bit N = enum omt_io_input N) into a struct omt_pedal_request:
 *   - a pedal counts only after it has been seen released since start-up
 *     or since the last unlock (a pedal held then, or jammed, moves
 *     nothing until it is let go);
 *   - up and down held together on one axis ask for nothing (stop);
 *   - with two_channel_enable, the enable pedal is pressed only when both
 *     channels say so, and channels that disagree for longer than
 *     mismatch_ns raise a pedal-mismatch fault;
 *   - the unlock gesture: the enable pedal pressed twice within
 *     unlock_gesture_ns while no motion pedal is held;
 *   - arm-drops and preset pedals report their press (rising edge) once;
 *   - an invalid sample (the I/O module did not answer) changes no level:
 *     the last valid sample stands in.  An edge (a press, a step of the
 *     gesture) is a change between two valid samples, never one made by
 *     an invalid sample, and an invalid sample cancels a gesture in
 *     progress;
 *   - in two-channel mode, the enable pedal is released for the gesture
 *     only when both channels are, and pressed only when both close
 *     within mismatch_ns of each other; one channel alone presses
 *     nothing;
 *   - an input that changes more than chatter_edges times within
 *     chatter_window_ns chatters: a broken contact, not a foot.
 */
#ifndef OMT_PEDALS_H
#define OMT_PEDALS_H

#include <stdbool.h>
#include <stdint.h>

#include "omt_io_map.h"
#include "omt_table_types.h"

enum omt_pedal_function {
	OMT_PEDAL_NONE = 0,
	OMT_PEDAL_HEIGHT_UP,
	OMT_PEDAL_HEIGHT_DOWN,
	OMT_PEDAL_TILT_UP,
	OMT_PEDAL_TILT_DOWN,
	OMT_PEDAL_ENABLE,
	OMT_PEDAL_ARM_DROPS,
	OMT_PEDAL_PRESET,               /* the runtime knows which preset */
};

/* Inputs that may carry a pedal function: OMT_IN_PEDAL_HEIGHT_UP..PRESET. */
#define OMT_PEDAL_INPUTS (OMT_IN_PEDAL_PRESET + 1)

struct omt_pedal_params {
	enum omt_pedal_function function[OMT_PEDAL_INPUTS];
	/*
	 * Enable is channel A and B (OMT_IN_PEDAL_ENABLE_A/_B) together.  When
	 * false, any input mapped to OMT_PEDAL_ENABLE is the enable pedal.
	 */
	bool two_channel_enable;
	uint64_t mismatch_ns;           /* default 200 ms */
	uint64_t unlock_gesture_ns;     /* default 1 s */
	uint64_t chatter_window_ns;     /* default 100 ms */
	unsigned int chatter_edges;     /* changes allowed in it; default 4 */
};

/*
 * The wiring of omt_io_map.h: each pedal does what its name says, but the
 * preset pedal does nothing until given a preset.  Two-channel enable.
 * omtd.conf's default wiring is this one.
 */
void omt_pedal_params_default(struct omt_pedal_params *params);

struct omt_pedal_request {
	int height;                     /* +1 up, -1 down, 0 none */
	int tilt;
	bool enable;                    /* enable pedal held */
	bool any_motion_pedal;          /* some motion pedal held (counted) */
	bool arm_drops_pressed;         /* rising edge */
	int preset_pressed;             /* OMT_IN_* of a preset press, or -1 */
	bool preset_held;               /* some preset pedal held */
	bool unlock_gesture;            /* the double press just completed */
	bool mismatch;                  /* channels disagree past the window */
	bool chatter;                   /* an input changes too often */
};

struct omt_pedals {
	struct omt_pedal_params params;
	uint32_t previous;              /* counted bits of the last cycle */
	uint32_t must_release;          /* held since start-up or unlock */
	bool mismatch_timing;
	uint64_t mismatch_since_ns;
	unsigned int enable_presses;    /* presses in the current gesture */
	uint64_t first_press_ns;
	bool enable_was_down;
	/* Enable as the gesture sees it: in two-channel mode it changes
	 * only when both channels agree. */
	bool enable_settled;
	/* One enable channel closed alone since then (two-channel mode):
	 * a press is the other joining it within mismatch_ns. */
	bool enable_one_closed;
	uint64_t enable_one_closed_ns;
	/* Both enable channels closed since both were last released: that
	 * closing was the press, counted or not (two-channel mode). */
	bool enable_pair_closed;
	uint32_t last_raw;              /* the last valid sample */
	unsigned int chatter_count[OMT_PEDAL_INPUTS];
	uint64_t chatter_since_ns[OMT_PEDAL_INPUTS];
	uint64_t chatter_until_ns;
};

void omt_pedals_init(struct omt_pedals *pedals,
		     const struct omt_pedal_params *params);

/*
 * Decode one cycle's inputs.  inputs_valid false (I/O module silent): the
 * last valid sample stands for every level, nothing is pressed, a gesture
 * in progress is cancelled and the cross-check pauses.  The caller stops
 * everything once the failures last the comms-lost window.
 */
void omt_pedals_update(struct omt_pedals *pedals, uint32_t inputs,
		       bool inputs_valid, uint64_t now_ns,
		       struct omt_pedal_request *request);

/* After an unlock: pedals held now count only once released. */
void omt_pedals_require_release(struct omt_pedals *pedals, uint32_t inputs);

#endif /* OMT_PEDALS_H */
