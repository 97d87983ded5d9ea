// SPDX-License-Identifier: MIT
/*
 * A campaign: scenario after scenario, seed after seed, keeping for each
 * invariant the first scenario that broke it and how many cycles it took
 * to get there (the explorer's power, measured).
 */
#include "explore_internal.h"

void explore_campaign_run(struct explore_campaign *c, uint64_t total_cycles)
{
	static struct explore_scenario sc;
	static struct explore_result res;

	if (!c->cycles_per_scenario)
		c->cycles_per_scenario = 3000;
	while (c->cycles < total_cycles) {
		uint64_t seed = c->first_seed + c->scenarios;

		explore_generate(seed, c->cycles_per_scenario, &sc);
		explore_run(&sc, 0, &res);
		for (int i = 0; i < INV_COUNT; i++) {
			struct explore_finding *f = &c->found[i];

			if (!(res.violated & EX_BIT(i)))
				continue;
			if (c->trace)
				fprintf(c->trace, "seed %llu: %s at cycle %u: %s\n",
					(unsigned long long)seed,
					explore_invariant_name((enum explore_invariant)i),
					res.first_cycle[i], res.message[i]);
			if (!f->scenarios++) {
				f->first_seed = seed;
				f->cycles_to_first = c->cycles + res.first_cycle[i] + 1;
				snprintf(f->message, sizeof(f->message), "%s",
					 res.message[i]);
			}
		}
		c->violated |= res.violated;
		c->cycles += res.cycles_run;
		c->scenarios++;
	}
}

void explore_campaign_report(FILE *out, const struct explore_campaign *c,
			     bool print_tests)
{
	static struct explore_scenario sc;

	fprintf(out, "%llu scenarios, %llu cycles, seeds %llu..%llu\n",
		(unsigned long long)c->scenarios, (unsigned long long)c->cycles,
		(unsigned long long)c->first_seed,
		(unsigned long long)(c->first_seed + c->scenarios - 1));
	for (int i = 0; i < INV_COUNT; i++) {
		const struct explore_finding *f = &c->found[i];

		if (!f->scenarios) {
			fprintf(out, "  holds     %s\n",
				explore_invariant_name((enum explore_invariant)i));
			continue;
		}
		fprintf(out, "  VIOLATED  %s: %u scenarios, first seed %llu after %llu cycles: %s\n",
			explore_invariant_name((enum explore_invariant)i),
			f->scenarios, (unsigned long long)f->first_seed,
			(unsigned long long)f->cycles_to_first, f->message);
	}
	if (!print_tests)
		return;
	for (int i = 0; i < INV_COUNT; i++) {
		const struct explore_finding *f = &c->found[i];

		if (!f->scenarios)
			continue;
		explore_generate(f->first_seed, c->cycles_per_scenario, &sc);
		explore_shrink(&sc, (enum explore_invariant)i);
		fputc('\n', out);
		explore_print_check_test(out, &sc, (enum explore_invariant)i,
					 f->first_seed);
	}
}
