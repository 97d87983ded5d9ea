// SPDX-License-Identifier: MIT
/*
 * omtd.service's network policy from omtd.conf (omtd --unit-dropin): no
 * network at all under Modbus RTU, the gateway's address only under TCP
 * with an address (and its address family only), the deny list lifted for
 * a host name.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "config.h"

static char out[512];

static void dropin_for(const char *conf)
{
	struct omtd_config c;
	char err[OMTD_ERR_MAX];

	ck_assert_msg(omtd_config_load_string(conf, "t.conf", &c, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_int_gt(omtd_unit_dropin(&c, out, sizeof(out)), 0);
}

START_TEST(rtu_takes_the_network_away)
{
	dropin_for("[link]\ntransport = rtu\ndevice = /dev/omt-rs485\n");
	ck_assert_ptr_nonnull(strstr(out, "\nPrivateNetwork=yes\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nRestrictAddressFamilies=\nRestrictAddressFamilies=AF_UNIX\n"));
	ck_assert_ptr_null(strstr(out, "IPAddress"));
}
END_TEST

START_TEST(tcp_allows_the_gateway_address_only)
{
	dropin_for("[link]\ntransport = tcp\nhost = 192.168.7.20\n");
	/* The gateway only: the unit's own localhost entry is reset. */
	ck_assert_ptr_nonnull(strstr(out, "[Service]\nIPAddressAllow=\nIPAddressAllow=192.168.7.20\n"));
	ck_assert_ptr_null(strstr(out, "PrivateNetwork"));
	dropin_for("[link]\ntransport = tcp\nhost = fd00::7\n");
	ck_assert_ptr_nonnull(strstr(out, "\nIPAddressAllow=fd00::7\n"));
}
END_TEST

START_TEST(tcp_to_an_address_allows_its_family_only)
{
	dropin_for("[link]\ntransport = tcp\nhost = 192.168.7.20\n");
	ck_assert_ptr_nonnull(strstr(out, "\nRestrictAddressFamilies=\nRestrictAddressFamilies=AF_UNIX AF_INET\n"));
	dropin_for("[link]\ntransport = tcp\nhost = fd00::7\n");
	ck_assert_ptr_nonnull(strstr(out, "\nRestrictAddressFamilies=\nRestrictAddressFamilies=AF_UNIX AF_INET6\n"));
	/* A name may resolve to either family: both stay. */
	dropin_for("[link]\ntransport = tcp\nhost = gateway.local\n");
	ck_assert_ptr_null(strstr(out, "RestrictAddressFamilies"));
}
END_TEST

START_TEST(tcp_to_a_name_lifts_the_deny_list)
{
	dropin_for("[link]\ntransport = tcp\nhost = gateway.local\n");
	ck_assert_ptr_nonnull(strstr(out, "\nIPAddressDeny=\n"));
	ck_assert_ptr_null(strstr(out, "IPAddressAllow"));
}
END_TEST

START_TEST(too_small_a_buffer_is_refused)
{
	struct omtd_config c;

	omtd_config_defaults(&c);
	ck_assert_int_eq(omtd_unit_dropin(&c, out, 10), -ENOSPC);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("unit_dropin", "dropin", &tc);

	tcase_add_test(tc, rtu_takes_the_network_away);
	tcase_add_test(tc, tcp_allows_the_gateway_address_only);
	tcase_add_test(tc, tcp_to_an_address_allows_its_family_only);
	tcase_add_test(tc, tcp_to_a_name_lifts_the_deny_list);
	tcase_add_test(tc, too_small_a_buffer_is_refused);
	return omt_check_run(s);
}
