// SPDX-License-Identifier: MIT
/*
 * Register codecs: words to engineering units and back, for any profile.
 * Pure functions; no I/O, no allocation.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "omt_regs.h"
#include "regmap.h"

uint32_t regmap_join32(const uint16_t words[2], enum regmap_word_order o)
{
	uint16_t high = o == REGMAP_LOW_WORD_FIRST ? words[1] : words[0];
	uint16_t low = o == REGMAP_LOW_WORD_FIRST ? words[0] : words[1];

	return ((uint32_t)high << 16) | low;
}

void regmap_split32(uint32_t value, enum regmap_word_order o,
		     uint16_t words[2])
{
	uint16_t high = (uint16_t)(value >> 16);
	uint16_t low = (uint16_t)(value & 0xffffu);

	words[0] = o == REGMAP_LOW_WORD_FIRST ? low : high;
	words[1] = o == REGMAP_LOW_WORD_FIRST ? high : low;
}

static bool scale_usable(double scale)
{
	return isfinite(scale) && scale > 0.0;
}

int regmap_units_to_counts(double units, double scale, int64_t min,
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

double regmap_counts_to_units(int64_t counts, double scale)
{
	return (double)counts * scale;
}

uint16_t regmap_decode_status(const struct omt_regmap *p, uint16_t raw)
{
	uint16_t canonical = 0;

	for (unsigned int flag = 0; flag < REGMAP_ST_COUNT; flag++) {
		int bit = p->status_bit[flag];

		if (bit >= 0 && bit < 16 && (raw & (1u << bit)))
			canonical |= (uint16_t)(1u << flag);
	}
	return canonical;
}

uint16_t regmap_encode_control(const struct omt_regmap *p,
				const struct drive_command *cmd)
{
	const bool wanted[REGMAP_CTL_COUNT] = {
		[REGMAP_CTL_ENABLE] = cmd->enable,
		[REGMAP_CTL_QUICK_STOP] = cmd->quick_stop,
		[REGMAP_CTL_FAULT_RESET] = cmd->fault_reset,
	};
	uint16_t word = 0;

	for (unsigned int flag = 0; flag < REGMAP_CTL_COUNT; flag++) {
		int bit = p->control_bit[flag];

		if (wanted[flag] && bit >= 0 && bit < 16)
			word |= (uint16_t)(1u << bit);
	}
	return word;
}

int regmap_encode_command(const struct omt_regmap *p,
			   const struct regmap_plan *plan,
			   const struct drive_command *cmd, uint16_t *words)
{
	int64_t counts;
	int rc = regmap_units_to_counts(cmd->setpoint, p->position_scale,
					 INT32_MIN, INT32_MAX, &counts);

	if (rc)
		return rc;
	words[plan->word[REGMAP_REG_CONTROL]] = regmap_encode_control(p, cmd);
	regmap_split32((uint32_t)(int32_t)counts, p->word_order,
			&words[plan->word[REGMAP_REG_SETPOINT]]);
	return 0;
}

void regmap_decode_reading(const struct omt_regmap *p,
			    const struct regmap_plan *plan,
			    const uint16_t *words, struct drive_reading *out)
{
	uint16_t status = words[plan->word[REGMAP_REG_STATUS]];
	uint32_t position = regmap_join32(&words[plan->word[REGMAP_REG_POSITION]],
					   p->word_order);
	int16_t velocity = (int16_t)words[plan->word[REGMAP_REG_VELOCITY]];
	uint16_t current = words[plan->word[REGMAP_REG_CURRENT]];

	out->status_raw = status;
	out->status = regmap_decode_status(p, status);
	out->fault_code = words[plan->word[REGMAP_REG_FAULT_CODE]];
	out->position_counts = (int32_t)position;
	out->position = regmap_counts_to_units(out->position_counts,
						p->position_scale);
	out->velocity = regmap_counts_to_units(velocity, p->velocity_scale);
	out->current_ma = regmap_counts_to_units(current, p->current_scale);
	out->obstruction_recorded = false;
}

void regmap_decode_identity(const struct omt_regmap *p, const uint16_t *kind,
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
		int32_t lo = (int32_t)regmap_join32(min_words, p->word_order);
		int32_t hi = (int32_t)regmap_join32(max_words, p->word_order);

		out->min_position = regmap_counts_to_units(lo, p->position_scale);
		out->max_position = regmap_counts_to_units(hi, p->position_scale);
	}
}

static bool text_padding(char c)
{
	return c == '\0' || c == ' ';
}

int regmap_decode_text(const uint16_t words[REGMAP_TEXT_WORDS],
		       char out[REGMAP_TEXT_MAX])
{
	char raw[2 * REGMAP_TEXT_WORDS];
	unsigned int first = 0, end = sizeof(raw), i;
	bool ended = false;

	out[0] = '\0';
	for (i = 0; i < REGMAP_TEXT_WORDS; i++) {
		raw[2 * i] = (char)(words[i] >> 8);
		raw[2 * i + 1] = (char)(words[i] & 0xffu);
	}
	/* Leading padding (some drives right-align), then the text. */
	while (first < end && text_padding(raw[first]))
		first++;
	for (i = first; i < end; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c == '\0') {
			ended = true;
			continue;
		}
		if (ended && c == ' ')
			continue;       /* padding after the end */
		/* Text after a NUL: a garbled or uninitialised block. */
		if (ended || c < 0x20 || c > 0x7e)
			return -EINVAL;
	}
	while (end > first && text_padding(raw[end - 1]))
		end--;
	if (end == first)
		return -ENODATA;
	memcpy(out, raw + first, end - first);
	out[end - first] = '\0';
	return 0;
}

int regmap_encode_velocity_limit(const struct omt_regmap *p, double limit,
				  uint16_t *word)
{
	int64_t counts;
	int rc;

	if (isfinite(limit) && limit < 0.0)
		return -EINVAL;
	rc = regmap_units_to_counts(limit, p->velocity_scale, 0, UINT16_MAX,
				     &counts);
	if (rc)
		return rc;
	*word = (uint16_t)counts;
	return 0;
}
