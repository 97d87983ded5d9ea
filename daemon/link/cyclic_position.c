// SPDX-License-Identifier: MIT
/* The cyclic-position class over the existing codec (cyclic_position.h). */
#include <errno.h>
#include <string.h>

#include "cyclic_position.h"

int cyclic_position_init(struct cyclic_position_codec *c,
			 const struct omt_regmap *p)
{
	if (p->dc.cls != DRIVE_CLASS_CYCLIC_POSITION)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->p = p;
	regmap_plan_build(p, &c->plan);
	c->reads.n_groups = c->plan.n_read;
	memcpy(c->reads.group, c->plan.read,
	       c->plan.n_read * sizeof(c->plan.read[0]));
	c->reads.words = REGMAP_READ_WORDS;
	return 0;
}

int cyclic_position_step(const struct cyclic_position_codec *c,
			 const struct drive_intent *in,
			 struct drive_writes *out)
{
	const struct drive_command cmd = {
		.enable = in->enable,
		.quick_stop = in->quick_stop,
		.fault_reset = in->fault_reset,
		.setpoint = in->setpoint,
	};
	uint16_t words[REGMAP_WRITE_WORDS];
	int rc;

	drive_writes_clear(out);
	rc = regmap_encode_command(c->p, &c->plan, &cmd, words);
	if (rc)
		return rc;
	for (unsigned int g = 0; g < c->plan.n_write; g++) {
		const struct regmap_group *grp = &c->plan.write[g];
		struct drive_write *w = &out->w[out->n++];

		w->addr = grp->addr;
		w->count = grp->count;
		memcpy(w->words, &words[grp->offset],
		       grp->count * sizeof(words[0]));
	}
	return 0;
}

void cyclic_position_decode(const struct cyclic_position_codec *c,
			    const uint16_t *words, struct drive_reading *out)
{
	regmap_decode_reading(c->p, &c->plan, words, out);
}
