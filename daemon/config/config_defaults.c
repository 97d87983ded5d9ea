// SPDX-License-Identifier: MIT
/*
 * The configuration an empty omtd.conf gives: every key's default from the
 * key table (config_keys.c), which etc/omtd.conf and docs/configuration.md
 * list and a unit test holds them to.  What the table does not hold comes
 * from its one home: each drive's slave (common/omt_io_map.h), the pedal
 * wiring (the core's omt_pedal_params_default()), the built-in register
 * map (link/regmap.c).  RTU timing: the loader, when transport = rtu.
 */
#include <string.h>

#include "config_keys.h"

static unsigned int section_count(enum omtd_section s)
{
	switch (s) {
	case OMTD_SECTION_DRIVE:
		return OMT_AXIS_COUNT;
	case OMTD_SECTION_AXIS:
		return OMTD_AXIS_GROUP_COUNT;
	case OMTD_SECTION_PINCH:
	case OMTD_SECTION_RULE:
		return 0;       /* none until the file names one */
	default:
		return 1;
	}
}

static void apply_table_defaults(struct omtd_config *c)
{
	char err[OMTD_ERR_MAX];

	for (unsigned int i = 0; i < omtd_config_n_keys; i++) {
		const struct omtd_config_key *k = &omtd_config_keys[i];

		for (unsigned int index = 0; index < section_count(k->section);
		     index++) {
			const char *def = omtd_config_key_default(k, index);
			void *base = omtd_config_section_base(c, k->section,
							      index);
			unsigned int items = k->count ? k->count : 1;

			if (!def || (k->only_index >= 0 &&
				     (unsigned int)k->only_index != index))
				continue;
			/* A default the parser refuses fails test_config. */
			for (unsigned int item = 0; item < items; item++)
				k->parse(k, def, omtd_config_key_field(k, base, item),
					 err, sizeof(err));
		}
	}
}

void omtd_config_defaults(struct omtd_config *c)
{
	struct omt_pedal_params wiring;

	memset(c, 0, sizeof(*c));
	apply_table_defaults(c);

	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		c->drive[a].slave = OMT_DEFAULT_SLAVE(a);
		c->drive[a].regmap_index = 0;
	}
	omt_pedal_params_default(&wiring);
	for (unsigned int i = 0; i < OMT_PEDAL_INPUTS; i++)
		c->io.pedal[i].function = wiring.function[i];

	c->n_pinch = 0;
	c->rules.n_rules = 0;
	c->n_profiles = 1;
	regmap_builtin_generic1(&c->profiles[0]);
}
