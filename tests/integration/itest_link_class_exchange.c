// SPDX-License-Identifier: MIT
/*
 * link_exchange(), one exchange of a drive of a newer class, against
 * omt-sim's LINAK-class actuator over TCP and over RTU on its pty: the
 * writes go in order, one register by function 6 and several by 16, then
 * the read groups by function 3; each write reaches the actuator; a
 * failed write ends the exchange (nothing after it is sent, nothing is
 * read, the caller's buffer is untouched) and counts as one failed cycle
 * of the drive; a plan beyond the link's buffers sends nothing.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "config.h"
#include "linak_regs.h"
#include "link.h"
#include "sim_harness.h"

static const char *const classes[] = { "height=linak", NULL };
static struct sim_harness sim;
static struct link *the_link;
static bool use_rtu;

static void start(bool rtu)
{
	struct sim_harness_options opt = { .tcp = !rtu, .rtu = rtu,
					   .drive_classes = classes };
	struct omtd_config config;
	struct link_settings settings;
	char text[5120], err[OMTD_ERR_MAX];

	use_rtu = rtu;
	ck_assert_msg(sim_harness_start(&sim, &opt) == 0, "%s", sim.error);
	if (rtu)
		snprintf(text, sizeof(text),
			 "[control]\nperiod_ms = 100\ncomms_lost_ms = 200\n"
			 "drive_watchdog_ms = 0\n"
			 "[link]\nresponse_timeout_ms = 95\nbyte_timeout_ms = 50\n"
			 "transport = rtu\ndevice = %s\nbaud = 115200\n"
			 "parity = N\nrs485 = off\n"
			 "[drive.height]\nprofile = linak-techline-tcp\n",
			 sim.rtu_path);
	else
		snprintf(text, sizeof(text),
			 "[control]\nperiod_ms = 100\ncomms_lost_ms = 200\n"
			 "drive_watchdog_ms = 0\n"
			 "[link]\nresponse_timeout_ms = 95\nbyte_timeout_ms = 50\n"
			 "transport = tcp\nhost = 127.0.0.1\nport = %d\n"
			 "[drive.height]\nprofile = linak-techline-tcp\n",
			 sim.tcp_port);
	ck_assert_msg(omtd_config_load_string(text, "itest.conf", &config, err,
					      sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(omtd_config_link_settings(&config, &settings), 0);
	the_link = link_open(&settings, NULL, NULL, err, sizeof(err));
	ck_assert_msg(the_link && link_connected(the_link), "%s", err);
}

static void start_tcp(void)
{
	start(false);
}

static void start_rtu(void)
{
	start(true);
}

static void stop(void)
{
	link_close(the_link);
	the_link = NULL;
	sim_harness_stop(&sim);
}

static double sim_get(const char *field)
{
	return sim_harness_get(&sim, "height", field);
}

/* The actuator's feedback block 0x2101..0x2105, as the codec plans it. */
static struct drive_reads feedback(void)
{
	static const int32_t addr[] = {
		LINAK_REG_POSITION, LINAK_REG_CURRENT, LINAK_REG_STATUS,
		LINAK_REG_ERROR, LINAK_REG_SPEED_ACTUAL,
	};
	static const uint8_t width[] = { 1, 1, 1, 1, 1 };
	struct drive_reads r;

	ck_assert_int_eq(drive_reads_plan(&r, addr, width, 5), 0);
	ck_assert_uint_eq(r.n_groups, 1);
	return r;
}

START_TEST(writes_in_order_then_reads)
{
	struct drive_reads reads = feedback();
	struct drive_writes w;
	struct link_stats before, after;
	uint16_t words[DRIVE_READ_WORDS_MAX];

	drive_writes_clear(&w);
	/* heartbeat + STOP: one function 16; the soft stop alone:
	 * function 6; speed + soft start: one function 16. */
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_HEARTBEAT, 7), 0);
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_COMMAND,
					  LINAK_CMD_STOP), 0);
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_SOFT_STOP, 4), 0);
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_SPEED, 100), 0);
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_SOFT_START, 0), 0);
	ck_assert_uint_eq(w.n, 3);
	ck_assert_uint_eq(w.w[1].count, 1);
	ck_assert_double_eq(sim_get("error"), LINAK_ERR_NEED_STOP);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &before);
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_HEIGHT, &w, &reads,
				       words), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &after);
	/* Three writes and one read, each a request. */
	ck_assert_uint_eq(after.transactions - before.transactions, 4);
	ck_assert_uint_eq(after.ok - before.ok, 4);
	ck_assert_double_eq(sim_get("heartbeat"), 7);
	ck_assert_double_eq(sim_get("command"), LINAK_CMD_STOP);
	ck_assert_double_eq(sim_get("speed"), 100);
	ck_assert_double_eq(sim_get("soft_start"), 0);
	ck_assert_double_eq(sim_get("soft_stop"), 4);
	/* The reply read after the writes: STOP cleared "need stop". */
	ck_assert_uint_eq(words[reads.word_of[0]], 2500);
	ck_assert_uint_eq(words[reads.word_of[3]], LINAK_ERR_NONE);
}
END_TEST

START_TEST(no_writes_reads_only)
{
	struct drive_reads reads = feedback();
	struct drive_writes w;
	uint16_t words[DRIVE_READ_WORDS_MAX];

	drive_writes_clear(&w);
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_HEIGHT, &w, &reads,
				       words), LINK_OK);
	ck_assert_uint_eq(words[reads.word_of[3]], LINAK_ERR_NEED_STOP);
	ck_assert_double_eq(sim_get("heartbeat"), 0);
}
END_TEST

START_TEST(a_failed_write_ends_the_exchange)
{
	struct drive_reads reads = feedback();
	struct drive_writes w;
	struct link_stats before, after;
	uint16_t words[DRIVE_READ_WORDS_MAX];

	for (unsigned int i = 0; i < DRIVE_READ_WORDS_MAX; i++)
		words[i] = 0xbeef;
	drive_writes_clear(&w);
	/* A soft stop past the actuator's range: exception 3, nothing
	 * changed; the heartbeat after it must not go out. */
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_SOFT_STOP, 300), 0);
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_HEARTBEAT, 9), 0);
	ck_assert_uint_eq(w.n, 2);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &before);
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_HEIGHT, &w, &reads,
				       words), LINK_EXCEPTION);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &after);
	ck_assert_uint_eq(after.transactions - before.transactions, 1);
	ck_assert_uint_eq(after.last_exception, 3);
	ck_assert_uint_eq(after.consecutive_failures, 1);
	ck_assert_double_eq(sim_get("heartbeat"), 0);
	for (unsigned int i = 0; i < DRIVE_READ_WORDS_MAX; i++)
		ck_assert_uint_eq(words[i], 0xbeef);
	/* The next good exchange ends the streak. */
	drive_writes_clear(&w);
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_HEIGHT, &w, &reads,
				       words), LINK_OK);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &after);
	ck_assert_uint_eq(after.consecutive_failures, 0);
}
END_TEST

START_TEST(a_plan_beyond_the_buffers_sends_nothing)
{
	struct drive_reads reads = feedback();
	struct drive_writes w;
	struct link_stats before, after;
	uint16_t words[DRIVE_READ_WORDS_MAX];

	drive_writes_clear(&w);
	ck_assert_int_eq(drive_writes_add(&w, LINAK_REG_HEARTBEAT, 5), 0);
	w.w[0].count = DRIVE_WRITE_WORDS_MAX + 1;
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &before);
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_HEIGHT, &w, &reads,
				       words), LINK_INVALID);
	drive_writes_clear(&w);
	reads.words = DRIVE_READ_WORDS_MAX + 1;
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_HEIGHT, &w, &reads,
				       words), LINK_INVALID);
	link_get_stats(the_link, OMT_AXIS_HEIGHT, &after);
	ck_assert_uint_eq(after.transactions, before.transactions);
	ck_assert_double_eq(sim_get("heartbeat"), 0);
	/* Nor to a drive that is not configured. */
	ck_assert_int_eq(link_exchange(the_link, OMT_AXIS_COUNT, &w, &reads,
				       words), LINK_INVALID);
}
END_TEST

/* The class's registers are omtd's own: no raw service write to them. */
START_TEST(the_class_registers_are_the_loops)
{
	ck_assert(link_register_is_loops(the_link, OMT_AXIS_HEIGHT,
					 LINAK_REG_HEARTBEAT));
	ck_assert(link_register_is_loops(the_link, OMT_AXIS_HEIGHT,
					 LINAK_REG_COMMAND));
	ck_assert(link_register_is_loops(the_link, OMT_AXIS_HEIGHT,
					 LINAK_REG_SOFT_STOP));
	ck_assert(!link_register_is_loops(the_link, OMT_AXIS_HEIGHT,
					  LINAK_REG_POSITION));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("link class exchange");
	TCase *tcp = tcase_create("tcp");
	TCase *rtu = tcase_create("rtu");

	tcase_add_checked_fixture(tcp, start_tcp, stop);
	tcase_set_timeout(tcp, 60);
	tcase_add_test(tcp, writes_in_order_then_reads);
	tcase_add_test(tcp, no_writes_reads_only);
	tcase_add_test(tcp, a_failed_write_ends_the_exchange);
	tcase_add_test(tcp, a_plan_beyond_the_buffers_sends_nothing);
	tcase_add_test(tcp, the_class_registers_are_the_loops);
	suite_add_tcase(s, tcp);
	tcase_add_checked_fixture(rtu, start_rtu, stop);
	tcase_set_timeout(rtu, 60);
	tcase_add_test(rtu, writes_in_order_then_reads);
	tcase_add_test(rtu, a_failed_write_ends_the_exchange);
	suite_add_tcase(s, rtu);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
