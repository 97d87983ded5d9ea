// SPDX-License-Identifier: MIT
/*
 * Fuzz harness: the control core's step function through the scenario
 * explorer (tests/explore).  The fuzzer's bytes become a scenario
 * (explore_from_bytes: start pose, then timed events: pedals, invalid
 * samples, commands, jams, obstructions, drive faults, e-stop, the
 * kernel interlock ...), the scenario runs against the plant model, and
 * every invariant of docs/explorer.md is checked every cycle.  A
 * violation prints the shrunk scenario as a Check test and aborts, which
 * the fuzzer keeps as a crash.
 *
 * OMT_EXPLORE_IGNORE (invariant names, separated by spaces or commas)
 * leaves out invariants known to be broken, so the fuzzer can look past
 * them; fuzz/core_step.ignore lists them for the make targets.
 */
#include <stdio.h>
#include <stdlib.h>

#include "explore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t checked_invariants(void)
{
	static bool known;
	static uint32_t mask;
	const char *env = getenv("OMT_EXPLORE_IGNORE");
	uint32_t ignore = 0;
	char bad[64];

	if (known)
		return mask;
	known = true;
	if (env && explore_invariants_from_list(env, &ignore, bad, sizeof(bad))) {
		fprintf(stderr, "OMT_EXPLORE_IGNORE: unknown invariant '%s'\n", bad);
		abort();
	}
	mask = ((1u << INV_COUNT) - 1u) & ~ignore;
	return mask;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct explore_scenario sc;
	static struct explore_result res;
	uint32_t broken;

	explore_from_bytes(data, size, &sc);
	explore_run(&sc, 0, &res);
	broken = res.violated & checked_invariants();
	if (!broken)
		return 0;
	for (int i = 0; i < INV_COUNT; i++) {
		if (!(broken & (1u << i)))
			continue;
		explore_shrink(&sc, (enum explore_invariant)i);
		explore_print_check_test(stderr, &sc, (enum explore_invariant)i, 0);
		break;
	}
	abort();
}
