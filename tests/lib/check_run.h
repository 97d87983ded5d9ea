/* SPDX-License-Identifier: MIT */
/*
 * The one main() of the Check programs: build a suite of one test case,
 * run it, exit non-zero when anything failed.  Check prints the
 * "NN%: Checks: N, Failures: F, Errors: E" line tests/run-all.sh counts.
 *
 *	int main(void)
 *	{
 *		TCase *tc;
 *		Suite *s = omt_check_suite("pedals", "decode", &tc);
 *
 *		tcase_add_test(tc, every_combination_decodes_as_expected);
 *		return omt_check_run(s);
 *	}
 */
#ifndef OMT_TESTS_CHECK_RUN_H
#define OMT_TESTS_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

/* A suite called name with one test case called tcase, returned in *tc. */
static inline Suite *omt_check_suite(const char *name, const char *tcase,
				     TCase **tc)
{
	Suite *s = suite_create(name);

	*tc = tcase_create(tcase);
	suite_add_tcase(s, *tc);
	return s;
}

/*
 * Run every test of s; EXIT_SUCCESS only when none failed.  fork:
 * CK_FORK_GETENV (Check's default: each test in its own process unless
 * CK_FORK=no), or CK_NOFORK for tests that must share this process.
 */
static inline int omt_check_run_with(Suite *s, enum fork_status fork)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_fork_status(sr, fork);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static inline int omt_check_run(Suite *s)
{
	return omt_check_run_with(s, CK_FORK_GETENV);
}

#endif /* OMT_TESTS_CHECK_RUN_H */
