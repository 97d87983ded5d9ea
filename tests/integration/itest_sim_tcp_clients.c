// SPDX-License-Identifier: MIT
/*
 * omt-sim as a TCP server facing misbehaving masters: connections that
 * stay open and silent cannot lock a working master out (the slot of the
 * one silent longest is given to the newcomer), and the exception reply to
 * a request whose function code is 0x80 or above carries that function
 * with bit 7 set (it used to wrap to a normal function).
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_run.h"
#include "sim_harness.h"

#define IDLE_CLIENTS 40

static struct sim_harness sim;

static void start(void)
{
	struct sim_harness_options opt = { .tcp = true };

	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
}

static int connect_raw(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	a.sin_port = htons((uint16_t)sim.tcp_port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

START_TEST(idle_connections_do_not_lock_a_master_out)
{
	int idle[IDLE_CLIENTS];
	uint16_t kind = 0;
	modbus_t *mb;

	start();
	for (int i = 0; i < IDLE_CLIENTS; i++)
		idle[i] = connect_raw();
	mb = sim_harness_tcp_client(&sim, 1);
	ck_assert_ptr_nonnull(mb);
	/* AXIS_KIND of the height drive: 1, linear. */
	ck_assert_int_eq(modbus_read_registers(mb, 0x20, 1, &kind), 1);
	ck_assert_uint_eq(kind, 1);
	modbus_close(mb);
	modbus_free(mb);
	for (int i = 0; i < IDLE_CLIENTS; i++)
		close(idle[i]);
	ck_assert_int_eq(sim_harness_stop(&sim), 0);
}
END_TEST

START_TEST(exception_to_a_high_function_code_keeps_bit_7)
{
	/* Transaction 0x0102, protocol 0, length 2, unit 1, function 0x85. */
	const uint8_t request[] = { 0x01, 0x02, 0, 0, 0, 2, 1, 0x85 };
	const uint8_t expect[] = { 0x01, 0x02, 0, 0, 0, 3, 1, 0x85, 0x01 };
	struct pollfd p = { .events = POLLIN };
	uint8_t reply[32];
	size_t got = 0;
	ssize_t n;

	start();
	p.fd = connect_raw();
	ck_assert_int_eq(send(p.fd, request, sizeof(request), 0),
			 (ssize_t)sizeof(request));
	while (got < sizeof(expect) && poll(&p, 1, 5000) > 0) {
		n = read(p.fd, reply + got, sizeof(reply) - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	ck_assert_uint_eq(got, sizeof(expect));
	ck_assert_int_eq(memcmp(reply, expect, sizeof(expect)), 0);
	close(p.fd);
	ck_assert_int_eq(sim_harness_stop(&sim), 0);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("sim tcp clients", "tcp", &tc);

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, idle_connections_do_not_lock_a_master_out);
	tcase_add_test(tc, exception_to_a_high_function_code_keeps_bit_7);
	return omt_check_run(s);
}
