// SPDX-License-Identifier: MIT
/* Foot pedals: raw input bits to what the operator asks for. */
#include <string.h>

#include "pedals.h"
#include "omt_bits.h"
#include "omt_time.h"

#define PEDAL_MASK (BIT(OMT_PEDAL_INPUTS) - 1u)

void omt_pedal_params_default(struct omt_pedal_params *params)
{
	static const enum omt_pedal_function wiring[OMT_PEDAL_INPUTS] = {
		[OMT_IN_PEDAL_HEIGHT_UP] = OMT_PEDAL_HEIGHT_UP,
		[OMT_IN_PEDAL_HEIGHT_DOWN] = OMT_PEDAL_HEIGHT_DOWN,
		[OMT_IN_PEDAL_TILT_UP] = OMT_PEDAL_TILT_UP,
		[OMT_IN_PEDAL_TILT_DOWN] = OMT_PEDAL_TILT_DOWN,
		[OMT_IN_PEDAL_ENABLE_A] = OMT_PEDAL_ENABLE,
		[OMT_IN_PEDAL_ENABLE_B] = OMT_PEDAL_ENABLE,
		[OMT_IN_PEDAL_ARM_DROPS] = OMT_PEDAL_ARM_DROPS,
		/* A preset pedal needs a preset's name: nothing until given one. */
		[OMT_IN_PEDAL_PRESET] = OMT_PEDAL_NONE,
	};

	memset(params, 0, sizeof(*params));
	memcpy(params->function, wiring, sizeof(wiring));
	params->two_channel_enable = true;
	params->mismatch_ns = 200 * NSEC_PER_MSEC;
	params->unlock_gesture_ns = 1000 * NSEC_PER_MSEC;
	/* Five changes in 100 ms (20 ms a state) are no foot's work. */
	params->chatter_window_ns = 100 * NSEC_PER_MSEC;
	params->chatter_edges = 4;
}

void omt_pedals_init(struct omt_pedals *pedals,
		     const struct omt_pedal_params *params)
{
	memset(pedals, 0, sizeof(*pedals));
	pedals->params = *params;
	/* Nothing counts until it has been seen released once. */
	pedals->must_release = PEDAL_MASK;
}

void omt_pedals_require_release(struct omt_pedals *pedals, uint32_t inputs)
{
	pedals->must_release |= inputs & PEDAL_MASK;
}

/* Inputs (among bits) that carry function f. */
static uint32_t with_function(const struct omt_pedals *pedals, uint32_t bits,
			      enum omt_pedal_function f)
{
	uint32_t out = 0;

	for (int i = 0; i < OMT_PEDAL_INPUTS; i++) {
		if (!(bits & BIT(i)) || pedals->params.function[i] != f)
			continue;
		/* In two-channel mode the enable pair is only enable. */
		if (pedals->params.two_channel_enable &&
		    (i == OMT_IN_PEDAL_ENABLE_A || i == OMT_IN_PEDAL_ENABLE_B))
			continue;
		out |= BIT(i);
	}
	return out;
}

static int direction(bool up, bool down)
{
	if (up == down)
		return 0;       /* none, or both: stop */
	return up ? 1 : -1;
}

static void cross_check(struct omt_pedals *pedals, uint32_t raw,
			bool inputs_valid, uint64_t now_ns,
			struct omt_pedal_request *request)
{
	bool a = raw & BIT(OMT_IN_PEDAL_ENABLE_A);
	bool b = raw & BIT(OMT_IN_PEDAL_ENABLE_B);

	if (!pedals->params.two_channel_enable || !inputs_valid || a == b) {
		pedals->mismatch_timing = false;
		return;
	}
	if (!pedals->mismatch_timing) {
		pedals->mismatch_timing = true;
		pedals->mismatch_since_ns = now_ns;
	}
	request->mismatch =
		now_ns - pedals->mismatch_since_ns >= pedals->params.mismatch_ns;
}

static bool enable_held(const struct omt_pedals *pedals, uint32_t counted)
{
	const uint32_t pair = BIT(OMT_IN_PEDAL_ENABLE_A) | BIT(OMT_IN_PEDAL_ENABLE_B);

	if (pedals->params.two_channel_enable)
		return (counted & pair) == pair;
	return with_function(pedals, counted, OMT_PEDAL_ENABLE) != 0;
}

/*
 * Enable as the gesture counts it.  With two channels it is released only
 * when both are released and pressed only when both are pressed; while
 * they disagree it keeps its last state, so one channel on its own (a
 * bouncing contact) never makes a press.  A press is both channels
 * closing within the mismatch window of each other: one channel joining
 * the other after it had been closed alone for the window (the
 * pedal-mismatch fault's time; a contact failed closed) presses nothing
 * until both have been released again, and neither does the pair closing
 * while it does not count (omt_pedals_require_release).  Only valid
 * samples count.
 */
static bool enable_for_gesture(struct omt_pedals *pedals, uint32_t raw,
			       bool enable, bool inputs_valid, uint64_t now_ns)
{
	const uint32_t pair = BIT(OMT_IN_PEDAL_ENABLE_A) | BIT(OMT_IN_PEDAL_ENABLE_B);
	uint32_t on = raw & pair;

	if (!pedals->params.two_channel_enable) {
		pedals->enable_settled = enable;
		return enable;
	}
	if (inputs_valid && !on) {
		pedals->enable_one_closed = false;
		pedals->enable_pair_closed = false;
		pedals->enable_settled = false;
	} else if (inputs_valid && on != pair && !pedals->enable_one_closed) {
		pedals->enable_one_closed = true;
		pedals->enable_one_closed_ns = now_ns;
	}
	/*
	 * The pair closing is the one chance to press until both are
	 * released.  A pair that closed while it did not count (a channel
	 * held through Stop or an unlock must be released first) would
	 * otherwise press when that channel bounced open and shut with the
	 * other held: a bounce completing the gesture (explorer seed
	 * 19193456).
	 */
	if (inputs_valid && on == pair && !pedals->enable_pair_closed) {
		pedals->enable_pair_closed = true;
		pedals->enable_settled =
			enable &&
			(!pedals->enable_one_closed ||
			 now_ns - pedals->enable_one_closed_ns <
				 pedals->params.mismatch_ns);
	}
	return pedals->enable_settled;
}

static void unlock_gesture(struct omt_pedals *pedals, bool enable,
			   bool motion_pedal_down, bool inputs_valid,
			   uint64_t now_ns, struct omt_pedal_request *request)
{
	bool pressed = inputs_valid && enable && !pedals->enable_was_down;

	pedals->enable_was_down = enable;
	/* An invalid sample cancels a gesture in progress. */
	if (motion_pedal_down || !inputs_valid) {
		pedals->enable_presses = 0;
		return;
	}
	if (!pressed)
		return;
	if (pedals->enable_presses == 0 ||
	    now_ns - pedals->first_press_ns > pedals->params.unlock_gesture_ns) {
		pedals->enable_presses = 1;
		pedals->first_press_ns = now_ns;
		return;
	}
	pedals->enable_presses = 0;
	request->unlock_gesture = true;
}

/*
 * Count each input's changes in a window; more than chatter_edges is a
 * contact bouncing, and the finding lasts one window past the last excess.
 */
static void watch_chatter(struct omt_pedals *pedals, uint32_t raw,
			  uint64_t now_ns, struct omt_pedal_request *request)
{
	const struct omt_pedal_params *p = &pedals->params;
	uint32_t changed = raw ^ pedals->last_raw;

	for (int i = 0; i < OMT_PEDAL_INPUTS && p->chatter_edges; i++) {
		if (!(changed & BIT(i)))
			continue;
		if (pedals->chatter_count[i] == 0 ||
		    now_ns - pedals->chatter_since_ns[i] > p->chatter_window_ns) {
			pedals->chatter_count[i] = 0;
			pedals->chatter_since_ns[i] = now_ns;
		}
		if (++pedals->chatter_count[i] > p->chatter_edges)
			pedals->chatter_until_ns = now_ns + p->chatter_window_ns;
	}
	request->chatter = pedals->chatter_until_ns &&
			   now_ns < pedals->chatter_until_ns;
}

void omt_pedals_update(struct omt_pedals *pedals, uint32_t inputs,
		       bool inputs_valid, uint64_t now_ns,
		       struct omt_pedal_request *request)
{
	uint32_t raw;
	uint32_t counted, pressed, presets;
	bool motion_raw;

	memset(request, 0, sizeof(*request));
	request->preset_pressed = -1;
	if (inputs_valid) {
		raw = inputs & PEDAL_MASK;
		watch_chatter(pedals, raw, now_ns, request);
		pedals->last_raw = raw;
	} else {
		/* Levels: the last valid sample stands. */
		raw = pedals->last_raw;
		request->chatter = now_ns < pedals->chatter_until_ns;
	}
	/* A silent I/O module proves no pedal released. */
	if (inputs_valid)
		pedals->must_release &= raw;
	counted = raw & ~pedals->must_release;
	/* An edge is a change between the last valid sample and this one:
	 * an invalid sample makes none. */
	pressed = inputs_valid ? counted & ~pedals->previous : 0;

	request->height = direction(
		with_function(pedals, counted, OMT_PEDAL_HEIGHT_UP) != 0,
		with_function(pedals, counted, OMT_PEDAL_HEIGHT_DOWN) != 0);
	request->tilt = direction(
		with_function(pedals, counted, OMT_PEDAL_TILT_UP) != 0,
		with_function(pedals, counted, OMT_PEDAL_TILT_DOWN) != 0);
	request->any_motion_pedal =
		with_function(pedals, counted, OMT_PEDAL_HEIGHT_UP) ||
		with_function(pedals, counted, OMT_PEDAL_HEIGHT_DOWN) ||
		with_function(pedals, counted, OMT_PEDAL_TILT_UP) ||
		with_function(pedals, counted, OMT_PEDAL_TILT_DOWN);
	request->enable = enable_held(pedals, counted);
	request->arm_drops_pressed =
		with_function(pedals, pressed, OMT_PEDAL_ARM_DROPS) != 0;
	presets = with_function(pedals, pressed, OMT_PEDAL_PRESET);
	for (int i = 0; i < OMT_PEDAL_INPUTS && presets; i++) {
		if (presets & BIT(i)) {
			request->preset_pressed = i;
			break;
		}
	}
	request->preset_held =
		with_function(pedals, counted, OMT_PEDAL_PRESET) != 0;

	/* Held but not yet counted still spoils the gesture. */
	motion_raw = with_function(pedals, raw, OMT_PEDAL_HEIGHT_UP) ||
		     with_function(pedals, raw, OMT_PEDAL_HEIGHT_DOWN) ||
		     with_function(pedals, raw, OMT_PEDAL_TILT_UP) ||
		     with_function(pedals, raw, OMT_PEDAL_TILT_DOWN);
	unlock_gesture(pedals,
		       enable_for_gesture(pedals, raw, request->enable,
					  inputs_valid, now_ns),
		       motion_raw, inputs_valid, now_ns, request);
	cross_check(pedals, raw, inputs_valid, now_ns, request);
	pedals->previous = counted;
}
