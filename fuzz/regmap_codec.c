// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the register-map codec.  The input is a profile written as
 * omtd.conf keys ("key = value" lines, as in a [profile.NAME] section,
 * over the built-in omt-generic-1), then a setpoint and a read block.  A
 * profile that validates gets a plan whose groups stay in their buffers;
 * a setpoint that encodes comes back from its SETPOINT words within half
 * a count; any read block decodes to finite values.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "regmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "key = value" lines up to the first NUL; the rest is the numbers. */
static size_t apply_keys(struct omt_regmap *p, const uint8_t *data,
			 size_t size)
{
	char text[1024], err[160], *line, *save = NULL;
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size;

	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		char *key = line, *value, *end;

		if (!eq)
			continue;
		*eq = '\0';
		value = eq + 1;
		while (*key == ' ')
			key++;
		for (end = eq; end > key && end[-1] == ' '; end--)
			end[-1] = '\0';
		while (*value == ' ')
			value++;
		if (regmap_key_known(key))
			regmap_set_key(p, key, value, err, sizeof(err));
	}
	return nul ? (size_t)(nul - data) + 1 : size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t words[REGMAP_WRITE_WORDS], block[REGMAP_READ_WORDS] = { 0 };
	struct drive_command cmd = { 0 };
	struct drive_reading reading;
	struct regmap_plan plan;
	struct omt_regmap p;
	char bad_key[64], why[160];
	size_t used;

	regmap_builtin_generic1(&p);
	used = apply_keys(&p, data, size);
	data += used;
	size -= used;
	if (regmap_validate(&p, bad_key, sizeof(bad_key), why, sizeof(why)) != 0)
		return 0;
	regmap_plan_build(&p, &plan);
	if (plan.n_read > REGMAP_MAX_GROUPS || plan.n_write > REGMAP_MAX_GROUPS)
		abort();
	for (unsigned int i = 0; i < plan.n_read; i++)
		if (plan.read[i].offset + plan.read[i].count > REGMAP_READ_WORDS)
			abort();
	for (unsigned int i = 0; i < plan.n_write; i++)
		if (plan.write[i].offset + plan.write[i].count > REGMAP_WRITE_WORDS)
			abort();

	if (size >= sizeof(double)) {
		memcpy(&cmd.setpoint, data, sizeof(double));
		data += sizeof(double);
		size -= sizeof(double);
	}
	if (regmap_encode_command(&p, &plan, &cmd, words) == 0) {
		int32_t counts = (int32_t)regmap_join32(
			&words[plan.word[REGMAP_REG_SETPOINT]], p.word_order);
		double back = regmap_counts_to_units(counts, p.position_scale);

		if (!(fabs(back - cmd.setpoint) <= p.position_scale * 0.5 +
		      fabs(cmd.setpoint) * 1e-12))
			abort();
	}
	memcpy(block, data, size < sizeof(block) ? size : sizeof(block));
	regmap_decode_reading(&p, &plan, block, &reading);
	if (!isfinite(reading.position) || !isfinite(reading.velocity) ||
	    !isfinite(reading.current_ma))
		abort();
	/* An identity text: whatever came, bounded printable ASCII. */
	{
		uint16_t text_words[REGMAP_TEXT_WORDS] = { 0 };
		char text[REGMAP_TEXT_MAX];
		int r;

		memcpy(text_words, data, size < sizeof(text_words) ?
					 size : sizeof(text_words));
		r = regmap_decode_text(text_words, text);
		if (strnlen(text, sizeof(text)) >= sizeof(text) ||
		    (r == 0) != (text[0] != '\0'))
			abort();
		for (const char *c = text; *c; c++)
			if (*c < 0x20 || *c > 0x7e)
				abort();
	}
	return 0;
}
