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

static void unlock_gesture(struct omt_pedals *pedals, bool enable,
			   bool motion_pedal_down, uint64_t now_ns,
			   struct omt_pedal_request *request)
{
	bool pressed = enable && !pedals->enable_was_down;

	pedals->enable_was_down = enable;
	if (motion_pedal_down) {
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

void omt_pedals_update(struct omt_pedals *pedals, uint32_t inputs,
		       bool inputs_valid, uint64_t now_ns,
		       struct omt_pedal_request *request)
{
	uint32_t raw = inputs_valid ? inputs & PEDAL_MASK : 0;
	uint32_t counted, pressed, presets;
	bool motion_raw;

	memset(request, 0, sizeof(*request));
	request->preset_pressed = -1;
	/* A silent I/O module proves no pedal released. */
	if (inputs_valid)
		pedals->must_release &= raw;
	counted = raw & ~pedals->must_release;
	pressed = counted & ~pedals->previous;

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
	unlock_gesture(pedals, request->enable, motion_raw, now_ns, request);
	cross_check(pedals, raw, inputs_valid, now_ns, request);
	pedals->previous = counted;
}
