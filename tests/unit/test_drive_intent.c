// SPDX-License-Identifier: MIT
/*
 * What a drive of a newer class is told from the core's axis output
 * (daemon/rt/drive_intent.c), over every combination of the output's
 * flags and the schedule's wire enable; and the runtime's check of such
 * a drive's answers at (re)connection (drive_verify_judge_class()).
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "check_run.h"
#include "config.h"
#include "drive_intent.h"
#include "drive_verify.h"
#include "linak_regs.h"

static struct omt_axis_output output(unsigned int bits)
{
	struct omt_axis_output o;

	memset(&o, 0, sizeof(o));
	o.enable = bits & 1u;
	o.move = bits & 2u;
	o.quick_stop = bits & 4u;
	o.fault_reset = bits & 8u;
	o.target = 612.5;
	o.speed = 17.0;
	o.setpoint = 601.25;
	return o;
}

/* Every combination: the rules of drive_intent.h, one by one. */
START_TEST(every_output_maps_by_the_rules)
{
	for (unsigned int bits = 0; bits < 16; bits++) {
		for (int wire = 0; wire <= 1; wire++) {
			struct omt_axis_output o = output(bits);
			struct drive_intent in;
			bool moving;

			memset(&in, 0x5a, sizeof(in));
			drive_intent_from_output(&o, wire, &in);
			moving = wire && o.move && !o.quick_stop;
			ck_assert_int_eq(in.enable, wire);
			ck_assert_int_eq(in.quick_stop, o.quick_stop);
			ck_assert_int_eq(in.fault_reset, o.fault_reset);
			ck_assert_int_eq(in.move, moving);
			ck_assert_double_eq(in.setpoint, o.setpoint);
			/* A goal only while moving. */
			ck_assert_double_eq(in.target, moving ? o.target : 0.0);
			ck_assert_double_eq(in.speed, moving ? o.speed : 0.0);
		}
	}
}
END_TEST

/* A release (move goes false) is a stop, whatever else holds. */
START_TEST(a_release_or_a_parked_drive_never_moves)
{
	struct omt_axis_output o = output(1u | 2u);
	struct drive_intent in;

	drive_intent_from_output(&o, true, &in);
	ck_assert(in.move);
	o.move = false;
	drive_intent_from_output(&o, true, &in);
	ck_assert(!in.move);
	ck_assert(in.enable);
	/* Parked on the wire: no motion even if the core still says move. */
	o.move = true;
	drive_intent_from_output(&o, false, &in);
	ck_assert(!in.move && !in.enable);
	/* A quick stop outranks a move. */
	o.quick_stop = true;
	drive_intent_from_output(&o, true, &in);
	ck_assert(!in.move && in.quick_stop);
}
END_TEST

START_TEST(intents_differ_by_what_the_drive_is_told)
{
	struct omt_axis_output o = output(1u | 2u);
	struct drive_intent a, b;

	drive_intent_from_output(&o, true, &a);
	b = a;
	ck_assert(drive_intent_same(&a, &b));
	b.target += 0.001;
	ck_assert(!drive_intent_same(&a, &b));
	b = a;
	b.speed = 3.0;
	ck_assert(!drive_intent_same(&a, &b));
	b = a;
	b.move = false;
	ck_assert(!drive_intent_same(&a, &b));
	b = a;
	b.fault_reset = true;
	ck_assert(!drive_intent_same(&a, &b));
	b = a;
	b.quick_stop = true;
	ck_assert(!drive_intent_same(&a, &b));
	b = a;
	b.enable = false;
	ck_assert(!drive_intent_same(&a, &b));
	/* Standing still, the streamed setpoint and goal do not count. */
	o.move = false;
	drive_intent_from_output(&o, true, &a);
	o.setpoint += 1.0;
	o.target += 5.0;
	drive_intent_from_output(&o, true, &b);
	ck_assert(drive_intent_same(&a, &b));
}
END_TEST

/* ---- drive_verify_judge_class() ---- */

static void load(const char *text, struct omtd_config *c)
{
	char e[OMTD_ERR_MAX];

	ck_assert_msg(omtd_config_load_string(text, "t.conf", c, e,
					      sizeof(e)) == 0, "%s", e);
}

static const struct omt_regmap *profile(const struct omtd_config *c,
					enum omt_axis a)
{
	return &c->profiles[c->drive[a].regmap_index];
}

START_TEST(a_target_position_drive_is_judged_by_its_position)
{
	struct omtd_config c;
	uint16_t detail = 0xffff;

	load("[drive.height]\nprofile = linak-techline-tcp\n", &c);
	/* A position in range: verified; travel 0..6425.5 mm holds the
	 * default soft limits. */
	ck_assert_int_eq(drive_verify_judge_class(&c, OMT_AXIS_HEIGHT,
						  profile(&c, OMT_AXIS_HEIGHT),
						  0, 2500, &detail),
			 OMT_VERIFY_OK);
	ck_assert_uint_eq(detail, 0);
	/* Position lost: still of its class; the codec latches the fault. */
	ck_assert_int_eq(drive_verify_judge_class(&c, OMT_AXIS_HEIGHT,
						  profile(&c, OMT_AXIS_HEIGHT),
						  0, LINAK_POSITION_LOST,
						  &detail),
			 OMT_VERIFY_OK);
	/* Anything else beyond the range: not a position register. */
	for (uint32_t v = LINAK_POSITION_MAX + 1u; v <= 0xffffu; v++) {
		if (v == LINAK_POSITION_LOST)
			continue;
		ck_assert_int_eq(drive_verify_judge_class(
					 &c, OMT_AXIS_HEIGHT,
					 profile(&c, OMT_AXIS_HEIGHT), 0,
					 (uint16_t)v, &detail),
				 OMT_VERIFY_CLASS);
		ck_assert_uint_eq(detail, v);
	}
}
END_TEST

START_TEST(a_target_position_drive_must_hold_the_soft_limits)
{
	struct omtd_config c;
	uint16_t detail;

	/* A 20 mm stroke (position_max 200 at 0.1 mm) cannot hold
	 * 460..940 mm. */
	load("[drive.height]\nprofile = short\n"
	     "[profile.short]\nclass = target-position\n"
	     "position_scale = 0.1\nvelocity_scale = 0.1\ncurrent_scale = 1\n"
	     "target.addr.heartbeat = 0x2001\ntarget.addr.command = 0x2002\n"
	     "target.addr.speed = 0x2004\ntarget.addr.soft_start = 0x2005\n"
	     "target.addr.soft_stop = 0x2006\ntarget.addr.position = 0x2101\n"
	     "target.addr.status = 0x2103\ntarget.addr.error = 0x2104\n"
	     "target.bit.running_out = 3\ntarget.bit.running_in = 4\n"
	     "target.position_max = 200\ntarget.position_lost = 65024\n"
	     "target.cmd.stop = 64259\ntarget.cmd.clear_error = 64256\n"
	     "target.speed_full = 200\ntarget.full_speed = 30\n"
	     "target.soft_start_s = 0.6\ntarget.soft_stop_s = 0.25\n"
	     "target.soft_s_per_count = 0.05\ntarget.retarget = 1\n"
	     "target.heartbeat_ms = 500\ntarget.stop_timeout_ms = 1000\n",
	     &c);
	ck_assert_int_eq(drive_verify_judge_class(&c, OMT_AXIS_HEIGHT,
						  profile(&c, OMT_AXIS_HEIGHT),
						  0, 100, &detail),
			 OMT_VERIFY_TRAVEL);
}
END_TEST

START_TEST(a_cia402_drive_must_answer_a_state)
{
	struct omtd_config c;
	uint16_t detail;
	unsigned int ok = 0;

	load("[drive.tilt]\nprofile = cia402-pp\n", &c);
	for (uint32_t sw = 0; sw <= 0xffffu; sw++) {
		enum omt_verify_state v = drive_verify_judge_class(
			&c, OMT_AXIS_TILT, profile(&c, OMT_AXIS_TILT),
			(uint16_t)sw, 0, &detail);

		if (cia402_state_of((uint16_t)sw) == CIA402_STATE_UNKNOWN) {
			ck_assert_int_eq(v, OMT_VERIFY_CLASS);
			ck_assert_uint_eq(detail, sw);
		} else {
			ck_assert_int_eq(v, OMT_VERIFY_OK);
			ok++;
		}
	}
	/* Switch-on-disabled as a drive powers up is one of them. */
	ck_assert_int_eq(drive_verify_judge_class(&c, OMT_AXIS_TILT,
						  profile(&c, OMT_AXIS_TILT),
						  0x0040, 0, &detail),
			 OMT_VERIFY_OK);
	ck_assert_uint_gt(ok, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("drive intent");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_output_maps_by_the_rules);
	tcase_add_test(tc, a_release_or_a_parked_drive_never_moves);
	tcase_add_test(tc, intents_differ_by_what_the_drive_is_told);
	tcase_add_test(tc, a_target_position_drive_is_judged_by_its_position);
	tcase_add_test(tc, a_target_position_drive_must_hold_the_soft_limits);
	tcase_add_test(tc, a_cia402_drive_must_answer_a_state);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(suite());
}
