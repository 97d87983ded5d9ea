// SPDX-License-Identifier: MIT
/* Drop-section state machine: every state against every event. */
#include <check.h>

#include "check_run.h"
#include "drops.h"

static struct omt_drop_params params;

static struct omt_drop_section section_in(enum omt_drop_state state,
					  bool lowering)
{
	struct omt_drop_section d;

	omt_drop_params_default(&params);
	omt_drop_init(&d, &params);
	d.state = state;
	d.lowering = lowering;
	return d;
}

START_TEST(starts_down_with_the_default_tension)
{
	struct omt_drop_section d = section_in(OMT_DROP_DOWN, false);

	ck_assert_int_eq(d.state, OMT_DROP_DOWN);
	ck_assert_uint_eq(d.tension, 5);
	ck_assert(!omt_drop_blocks_motion(&d));
}
END_TEST

START_TEST(only_arming_and_armed_block_motion)
{
	ck_assert(!omt_drop_blocks_motion(&(struct omt_drop_section){ .state = OMT_DROP_DOWN }));
	ck_assert(omt_drop_blocks_motion(&(struct omt_drop_section){ .state = OMT_DROP_ARMING }));
	ck_assert(omt_drop_blocks_motion(&(struct omt_drop_section){ .state = OMT_DROP_ARMED }));
	ck_assert(!omt_drop_blocks_motion(&(struct omt_drop_section){ .state = OMT_DROP_FIRED }));
}
END_TEST

START_TEST(tension_outside_one_to_ten_is_refused_and_changes_nothing)
{
	struct omt_drop_section d = section_in(OMT_DROP_DOWN, false);

	for (uint32_t level = 0; level <= 20; level++) {
		enum omt_cmd_result r;

		d.tension = 5;
		r = omt_drop_set_tension(&d, level);
		if (level >= 1 && level <= 10) {
			ck_assert_int_eq(r, OMT_CMD_OK);
			ck_assert_uint_eq(d.tension, level);
		} else {
			ck_assert_int_eq(r, OMT_CMD_OUT_OF_RANGE);
			ck_assert_uint_eq(d.tension, 5);
		}
	}
	ck_assert_int_eq(omt_drop_set_tension(&d, UINT32_MAX), OMT_CMD_OUT_OF_RANGE);
}
END_TEST

START_TEST(arming_completes_only_at_rest_in_the_cocked_position)
{
	struct omt_drop_section d = section_in(OMT_DROP_DOWN, false);

	ck_assert_double_eq(omt_drop_arm(&d, &params), 15.0);
	ck_assert_int_eq(d.state, OMT_DROP_ARMING);
	omt_drop_update(&d, &params, 15.0, false, false);
	ck_assert_int_eq(d.state, OMT_DROP_ARMING);
	omt_drop_update(&d, &params, 10.0, true, false);
	ck_assert_int_eq(d.state, OMT_DROP_ARMING);
	/* The sensor means nothing until armed. */
	ck_assert(!omt_drop_update(&d, &params, 14.0, false, true));
	omt_drop_update(&d, &params, 14.6, true, false);
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
}
END_TEST

START_TEST(armed_fires_on_the_sensor_edge_only)
{
	struct omt_drop_section d = section_in(OMT_DROP_ARMED, false);

	ck_assert(omt_drop_update(&d, &params, 2.0, true, true));
	ck_assert_int_eq(d.state, OMT_DROP_FIRED);
	ck_assert_uint_eq(d.fired_count, 1);
	ck_assert(!omt_drop_update(&d, &params, 2.0, true, true));
	ck_assert_uint_eq(d.fired_count, 1);
	/* A sensor stuck on before arming is no firing, even with a fall. */
	d = section_in(OMT_DROP_ARMING, false);
	omt_drop_update(&d, &params, 10.0, false, true);
	omt_drop_update(&d, &params, 15.0, true, true);
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
	ck_assert(!omt_drop_update(&d, &params, 15.0, true, true));
	ck_assert(!omt_drop_update(&d, &params, 0.0, true, true));
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
}
END_TEST

/*
 * A firing is the sensor's edge while armed and the fall, in either
 * order: the sensor alone (the section still cocked) is none, nor is the
 * fall alone.
 */
START_TEST(a_firing_needs_the_sensor_edge_and_the_fall)
{
	struct omt_drop_section d = section_in(OMT_DROP_ARMED, false);

	/* The sensor first: nothing until the position shows the fall. */
	ck_assert(!omt_drop_update(&d, &params, 15.0, true, true));
	ck_assert(!omt_drop_update(&d, &params, 14.0, true, false));
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
	ck_assert(omt_drop_update(&d, &params, 12.9, true, false));
	ck_assert_int_eq(d.state, OMT_DROP_FIRED);
	/* The fall first: armed until the sensor's edge comes. */
	d = section_in(OMT_DROP_ARMED, false);
	ck_assert(!omt_drop_update(&d, &params, 0.0, true, false));
	ck_assert(!omt_drop_update(&d, &params, 0.0, true, false));
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
	ck_assert(omt_drop_update(&d, &params, 0.0, true, true));
	ck_assert_int_eq(d.state, OMT_DROP_FIRED);
	/* Re-arming forgets an edge seen before. */
	d = section_in(OMT_DROP_ARMED, false);
	ck_assert(!omt_drop_update(&d, &params, 15.0, true, true));
	omt_drop_arm(&d, &params);
	omt_drop_update(&d, &params, 15.0, true, false);
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
	ck_assert(!omt_drop_update(&d, &params, 0.0, true, false));
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
}
END_TEST

START_TEST(disarm_keeps_the_state_until_down)
{
	static const enum omt_drop_state from[] = {
		OMT_DROP_ARMING, OMT_DROP_ARMED, OMT_DROP_FIRED, OMT_DROP_DOWN,
	};

	for (unsigned int i = 0; i < 4; i++) {
		struct omt_drop_section d = section_in(from[i], false);

		ck_assert_double_eq(omt_drop_disarm(&d, &params), 0.0);
		ck_assert_int_eq(d.state, from[i]);
		/* Firing while lowering is not a drop. */
		ck_assert(!omt_drop_update(&d, &params, 7.0, false, true));
		ck_assert_int_eq(d.state, from[i]);
		omt_drop_update(&d, &params, 0.2, true, false);
		ck_assert_int_eq(d.state, OMT_DROP_DOWN);
		ck_assert(!d.lowering);
	}
}
END_TEST

START_TEST(arm_from_any_state_heads_for_the_cocked_position)
{
	static const enum omt_drop_state from[] = {
		OMT_DROP_DOWN, OMT_DROP_FIRED, OMT_DROP_ARMING,
	};

	for (unsigned int i = 0; i < 3; i++) {
		struct omt_drop_section d = section_in(from[i], false);

		omt_drop_arm(&d, &params);
		ck_assert_int_eq(d.state, OMT_DROP_ARMING);
	}
	/* Armed stays armed; armed but lowering re-arms. */
	struct omt_drop_section d = section_in(OMT_DROP_ARMED, false);

	omt_drop_arm(&d, &params);
	ck_assert_int_eq(d.state, OMT_DROP_ARMED);
	d = section_in(OMT_DROP_ARMED, true);
	omt_drop_arm(&d, &params);
	ck_assert_int_eq(d.state, OMT_DROP_ARMING);
	ck_assert(!d.lowering);
}
END_TEST

static Suite *drops_suite(void)
{
	Suite *s = suite_create("drops");
	TCase *tc = tcase_create("states");

	tcase_add_test(tc, starts_down_with_the_default_tension);
	tcase_add_test(tc, only_arming_and_armed_block_motion);
	tcase_add_test(tc, tension_outside_one_to_ten_is_refused_and_changes_nothing);
	tcase_add_test(tc, arming_completes_only_at_rest_in_the_cocked_position);
	tcase_add_test(tc, armed_fires_on_the_sensor_edge_only);
	tcase_add_test(tc, a_firing_needs_the_sensor_edge_and_the_fall);
	tcase_add_test(tc, disarm_keeps_the_state_until_down);
	tcase_add_test(tc, arm_from_any_state_heads_for_the_cocked_position);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return omt_check_run(drops_suite());
}
