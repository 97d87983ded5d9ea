// SPDX-License-Identifier: MIT
/*
 * The RTU cycle plan: busy drives every cycle, idle ones in turn, nobody
 * starved; TCP: everyone every cycle; budgets from baud rate and period.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "drive_schedule.h"
#include "omt_bits.h"

#define ALL_SIX ((1u << OMT_AXIS_COUNT) - 1)

static unsigned int popcount(uint32_t m)
{
	unsigned int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

START_TEST(unlimited_budget_visits_every_present_drive)
{
	struct drive_schedule s;

	drive_schedule_init(&s, BIT(0) | BIT(1) | BIT(4), 0);
	for (int i = 0; i < 10; i++)
		ck_assert_uint_eq(drive_schedule_next(&s, 0),
				  BIT(0) | BIT(1) | BIT(4));
}
END_TEST

START_TEST(busy_drives_every_cycle_even_over_budget)
{
	struct drive_schedule s;

	drive_schedule_init(&s, ALL_SIX, 1);
	for (int i = 0; i < 20; i++) {
		uint32_t m = drive_schedule_next(&s, BIT(0) | BIT(1));

		ck_assert_uint_eq(m & (BIT(0) | BIT(1)), BIT(0) | BIT(1));
		/* Plus exactly one idle drive, the floor for idle ones. */
		ck_assert_uint_eq(popcount(m), 3);
	}
}
END_TEST

START_TEST(idle_drives_take_turns_and_none_starves)
{
	/* For every budget and busy set, each idle drive is visited within
	 * as many cycles as there are idle drives. */
	for (unsigned int budget = 1; budget <= 7; budget++) {
		for (uint32_t busy = 0; busy <= ALL_SIX; busy++) {
			struct drive_schedule s;
			uint32_t idle = ALL_SIX & ~busy;
			unsigned int n_idle = popcount(idle);
			unsigned int last_seen[OMT_AXIS_COUNT] = { 0 };

			drive_schedule_init(&s, ALL_SIX, budget);
			for (unsigned int cycle = 1; cycle <= 30; cycle++) {
				uint32_t m = drive_schedule_next(&s, busy);

				ck_assert_uint_eq(m & busy, busy);
				ck_assert_uint_eq(m & ~ALL_SIX, 0);
				if (popcount(busy) < budget)
					ck_assert_uint_le(popcount(m), budget);
				for (int a = 0; a < OMT_AXIS_COUNT; a++) {
					if (!(idle & BIT(a)))
						continue;
					if (m & BIT(a))
						last_seen[a] = cycle;
					ck_assert_uint_le(cycle - last_seen[a],
							  n_idle);
				}
			}
		}
	}
}
END_TEST

START_TEST(absent_drives_are_never_chosen)
{
	struct drive_schedule s;

	drive_schedule_init(&s, BIT(0) | BIT(2), 1);
	for (int i = 0; i < 12; i++) {
		uint32_t m = drive_schedule_next(&s, BIT(1) | BIT(5));

		ck_assert_uint_eq(m & ~(BIT(0) | BIT(2)), 0);
		ck_assert_uint_eq(popcount(m), 1);
	}
}
END_TEST

static struct link_line_settings rtu(uint32_t baud, char parity)
{
	struct link_line_settings l;

	memset(&l, 0, sizeof(l));
	l.transport = LINK_TRANSPORT_RTU;
	l.baud = baud;
	l.parity = parity;
	l.data_bits = 8;
	l.stop_bits = 1;
	return l;
}

START_TEST(budget_follows_baud_rate_and_period)
{
	struct link_line_settings tcp;
	struct link_line_settings fast = rtu(115200, 'N');
	struct link_line_settings slow = rtu(9600, 'E');

	memset(&tcp, 0, sizeof(tcp));
	tcp.transport = LINK_TRANSPORT_TCP;
	ck_assert_uint_eq(drive_schedule_budget(&tcp, 10, true), 0);

	/* 44 chars * 10 bits at 115200 baud = 3.8 ms, + 1 ms turnaround. */
	ck_assert_uint_eq(drive_schedule_rtu_exchange_us(&fast), 4819);
	ck_assert_uint_eq(drive_schedule_budget(&fast, 10, true), 1);
	ck_assert_uint_eq(drive_schedule_budget(&fast, 50, true), 7);
	ck_assert_uint_eq(drive_schedule_budget(&fast, 50, false), 8);
	/* Parity costs a bit per character; 9600 baud is slow. */
	ck_assert_uint_gt(drive_schedule_rtu_exchange_us(&slow),
			  drive_schedule_rtu_exchange_us(&fast) * 10);
	/* Never less than one, however slow. */
	ck_assert_uint_eq(drive_schedule_budget(&slow, 10, true), 1);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("drive_schedule", "schedule", &tc);

	tcase_add_test(tc, unlimited_budget_visits_every_present_drive);
	tcase_add_test(tc, busy_drives_every_cycle_even_over_budget);
	tcase_add_test(tc, idle_drives_take_turns_and_none_starves);
	tcase_add_test(tc, absent_drives_are_never_chosen);
	tcase_add_test(tc, budget_follows_baud_rate_and_period);
	return omt_check_run(s);
}
