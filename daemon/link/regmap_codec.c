// SPDX-License-Identifier: MIT
/*
 * Register codecs: words to engineering units and back, for any profile.
 * Pure functions; no I/O, no allocation.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>

#include "omt_regs.h"
#include "regmap.h"

uint32_t profile_join32(const uint16_t words[2], enum profile_word_order o)
{
	uint16_t high = o == PROFILE_LOW_WORD_FIRST ? words[1] : words[0];
	uint16_t low = o == PROFILE_LOW_WORD_FIRST ? words[0] : words[1];

	return ((uint32_t)high << 16) | low;
}

void profile_split32(uint32_t value, enum profile_word_order o,
		     uint16_t words[2])
{
	uint16_t high = (uint16_t)(value >> 16);
	uint16_t low = (uint16_t)(value & 0xffffu);

	words[0] = o == PROFILE_LOW_WORD_FIRST ? low : high;
	words[1] = o == PROFILE_LOW_WORD_FIRST ? high : low;
}

static bool scale_usable(double scale)
{
	return isfinite(scale) && scale > 0.0;
}

int profile_units_to_counts(double units, double scale, int64_t min,
			    int64_t max, int64_t *counts)
{
	if (!isfinite(units) || !scale_usable(scale))
		return -EINVAL;
	double exact = units / scale;

	/*
	 * Compare in double before converting: converting a value outside
	 * int64 to an integer is undefined.  Every int32 bound is exact in a
	 * double, so the comparison against the rounded value is too.
	 */
	double rounded = nearbyint(exact);

	if (!isfinite(rounded) || rounded < (double)min || rounded > (double)max)
		return -ERANGE;
	*counts = (int64_t)rounded;
	return 0;
}

double profile_counts_to_units(int64_t counts, double scale)
{
	return (double)counts * scale;
}

uint16_t profile_decode_status(const struct omt_profile *p, uint16_t raw)
{
	uint16_t canonical = 0;

	for (unsigned int flag = 0; flag < PROFILE_ST_COUNT; flag++) {
		int bit = p->status_bit[flag];

		if (bit >= 0 && bit < 16 && (raw & (1u << bit)))
			canonical |= (uint16_t)(1u << flag);
	}
	return canonical;
}

uint16_t profile_encode_control(const struct omt_profile *p,
				const struct drive_command *cmd)
{
	const bool wanted[PROFILE_CTL_COUNT] = {
		[PROFILE_CTL_ENABLE] = cmd->enable,
		[PROFILE_CTL_QUICK_STOP] = cmd->quick_stop,
		[PROFILE_CTL_FAULT_RESET] = cmd->fault_reset,
	};
	uint16_t word = 0;

	for (unsigned int flag = 0; flag < PROFILE_CTL_COUNT; flag++) {
		int bit = p->control_bit[flag];

		if (wanted[flag] && bit >= 0 && bit < 16)
			word |= (uint16_t)(1u << bit);
	}
	return word;
}

int profile_encode_command(const struct omt_profile *p,
			   const struct profile_plan *plan,
			   const struct drive_command *cmd, uint16_t *words)
{
	int64_t counts;
	int rc = profile_units_to_counts(cmd->setpoint, p->position_scale,
					 INT32_MIN, INT32_MAX, &counts);

	if (rc)
		return rc;
	words[plan->word[PROFILE_REG_CONTROL]] = profile_encode_control(p, cmd);
	profile_split32((uint32_t)(int32_t)counts, p->word_order,
			&words[plan->word[PROFILE_REG_SETPOINT]]);
	return 0;
}

void profile_decode_reading(const struct omt_profile *p,
			    const struct profile_plan *plan,
			    const uint16_t *words, struct drive_reading *out)
{
	uint16_t status = words[plan->word[PROFILE_REG_STATUS]];
	uint32_t position = profile_join32(&words[plan->word[PROFILE_REG_POSITION]],
					   p->word_order);
	int16_t velocity = (int16_t)words[plan->word[PROFILE_REG_VELOCITY]];
	uint16_t current = words[plan->word[PROFILE_REG_CURRENT]];

	out->status_raw = status;
	out->status = profile_decode_status(p, status);
	out->fault_code = words[plan->word[PROFILE_REG_FAULT_CODE]];
	out->position_counts = (int32_t)position;
	out->position = profile_counts_to_units(out->position_counts,
						p->position_scale);
	out->velocity = profile_counts_to_units(velocity, p->velocity_scale);
	out->current_ma = profile_counts_to_units(current, p->current_scale);
}

void profile_decode_identity(const struct omt_profile *p, const uint16_t *kind,
			     const uint16_t *min_words,
			     const uint16_t *max_words,
			     struct drive_identity *out)
{
	out->has_kind = kind != NULL;
	out->axis_kind = kind ? *kind : 0;
	out->has_travel = min_words && max_words;
	out->min_position = 0.0;
	out->max_position = 0.0;
	if (out->has_travel) {
		int32_t lo = (int32_t)profile_join32(min_words, p->word_order);
		int32_t hi = (int32_t)profile_join32(max_words, p->word_order);

		out->min_position = profile_counts_to_units(lo, p->position_scale);
		out->max_position = profile_counts_to_units(hi, p->position_scale);
	}
}

int profile_encode_velocity_limit(const struct omt_profile *p, double limit,
				  uint16_t *word)
{
	int64_t counts;
	int rc;

	if (isfinite(limit) && limit < 0.0)
		return -EINVAL;
	rc = profile_units_to_counts(limit, p->velocity_scale, 0, UINT16_MAX,
				     &counts);
	if (rc)
		return rc;
	*word = (uint16_t)counts;
	return 0;
}
