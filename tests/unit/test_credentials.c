// SPDX-License-Identifier: MIT
/* Who may do what: the decision from uid and groups, every combination. */
#include <check.h>
#include <stdlib.h>

#include "check_run.h"
#include "credentials.h"

static const struct omt_rights_groups groups = {
	.operator_gid = 901, .service_gid = 902,
};

START_TEST(root_may_do_everything)
{
	ck_assert_int_eq(omt_rights_of(0, 0, NULL, 0, &groups),
			 OMT_PERMIT_SERVICE);
	ck_assert_int_eq(omt_rights_of(0, 65534, NULL, 0, &groups),
			 OMT_PERMIT_SERVICE);
}
END_TEST

START_TEST(stranger_reads_only)
{
	const gid_t other[] = { 100, 27, 900, 903 };

	ck_assert_int_eq(omt_rights_of(1000, 1000, other, 4, &groups),
			 OMT_PERMIT_READ);
	ck_assert_int_eq(omt_rights_of(65534, 65534, NULL, 0, &groups),
			 OMT_PERMIT_READ);
}
END_TEST

START_TEST(operator_by_supplementary_or_primary)
{
	const gid_t sup[] = { 100, 901 };

	ck_assert_int_eq(omt_rights_of(1000, 1000, sup, 2, &groups),
			 OMT_PERMIT_OPERATE);
	ck_assert_int_eq(omt_rights_of(1000, 901, NULL, 0, &groups),
			 OMT_PERMIT_OPERATE);
}
END_TEST

START_TEST(service_outranks_operator)
{
	const gid_t both[] = { 901, 902 };
	const gid_t service[] = { 902 };

	ck_assert_int_eq(omt_rights_of(1000, 1000, both, 2, &groups),
			 OMT_PERMIT_SERVICE);
	ck_assert_int_eq(omt_rights_of(1000, 1000, service, 1, &groups),
			 OMT_PERMIT_SERVICE);
	ck_assert_int_eq(omt_rights_of(1000, 902, NULL, 0, &groups),
			 OMT_PERMIT_SERVICE);
}
END_TEST

/* Where the groups do not exist, no gid (not even -1) grants anything. */
START_TEST(missing_groups_grant_nothing)
{
	const struct omt_rights_groups none = {
		.operator_gid = OMT_NO_GID, .service_gid = OMT_NO_GID,
	};
	const gid_t sup[] = { OMT_NO_GID };

	ck_assert_int_eq(omt_rights_of(1000, OMT_NO_GID, sup, 1, &none),
			 OMT_PERMIT_READ);
	ck_assert_int_eq(omt_rights_of(0, 0, NULL, 0, &none),
			 OMT_PERMIT_SERVICE);
}
END_TEST

/* The permissions are ordered: whoever may service may also operate. */
START_TEST(permissions_ordered)
{
	ck_assert_int_lt(OMT_PERMIT_READ, OMT_PERMIT_OPERATE);
	ck_assert_int_lt(OMT_PERMIT_OPERATE, OMT_PERMIT_SERVICE);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("credentials", "rights", &tc);

	tcase_add_test(tc, root_may_do_everything);
	tcase_add_test(tc, stranger_reads_only);
	tcase_add_test(tc, operator_by_supplementary_or_primary);
	tcase_add_test(tc, service_outranks_operator);
	tcase_add_test(tc, missing_groups_grant_nothing);
	tcase_add_test(tc, permissions_ordered);
	return omt_check_run(s);
}
