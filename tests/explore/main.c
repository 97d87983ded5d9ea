// SPDX-License-Identifier: MIT
/*
 * omt-explore: the scenario explorer from the command line (make explore).
 *
 *   omt-explore [--seed N] [--cycles N] [--seconds S] [--scenario-cycles N]
 *               [--no-tests] [--verbose]
 *
 * Runs scenarios from seed N on, for N cycles in all or for S seconds,
 * then prints each invariant's verdict, the rate in cycles per second, and
 * for every violated invariant its first scenario shrunk to a Check test;
 * --verbose also prints every violation of every scenario.
 * Exits 1 when an invariant was violated, 2 on a usage error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "explore.h"

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fputs("usage: omt-explore [--seed N] [--cycles N] [--seconds S] "
	      "[--scenario-cycles N] [--no-tests] [--verbose]\n", stderr);
	return 2;
}

static bool number(const char *s, unsigned long long *out)
{
	char *end;

	*out = strtoull(s, &end, 10);
	return *s && !*end;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "cycles", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 't' },
		{ "scenario-cycles", required_argument, NULL, 'n' },
		{ "no-tests", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct explore_campaign c;
	unsigned long long seed = 1, cycles = 1000000, seconds = 0, per = 3000;
	unsigned long long v;
	bool tests = true;
	double start, elapsed;
	int opt;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 's': if (!number(optarg, &seed)) return usage(); break;
		case 'c': if (!number(optarg, &cycles)) return usage(); break;
		case 't': if (!number(optarg, &seconds)) return usage(); break;
		case 'n':
			if (!number(optarg, &v) || v == 0 || v > 100000)
				return usage();
			per = v;
			break;
		case 'q': tests = false; break;
		case 'v': c.trace = stdout; break;
		case 'h': usage(); return 0;
		default: return usage();
		}
	}
	if (optind != argc)
		return usage();
	c.first_seed = seed;
	c.cycles_per_scenario = (uint32_t)per;
	start = seconds_now();
	if (seconds) {
		while (seconds_now() - start < (double)seconds)
			explore_campaign_run(&c, c.cycles + 100 * per);
	} else {
		explore_campaign_run(&c, cycles);
	}
	elapsed = seconds_now() - start;
	explore_campaign_report(stdout, &c, tests);
	printf("\n%llu cycles in %.1f s: %.0f cycles/s\n",
	       (unsigned long long)c.cycles, elapsed,
	       elapsed > 0 ? (double)c.cycles / elapsed : 0.0);
	return c.violated ? 1 : 0;
}
