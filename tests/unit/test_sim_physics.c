// SPDX-License-Identifier: MIT
/*
 * The simulated drives' physics: setpoint following within the actuator's
 * speed and acceleration, VELOCITY_LIMIT, enable and quick-stop, travel
 * ends, the comms watchdog, drop sections and thrust, injected stall,
 * overcurrent and jumps, and current against load and acceleration.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "check_run.h"
#include "axis.h"
#include "omt_regs.h"

#define DT 0.001
#define EPS 1e-9

static const struct sim_axis_spec *const specs[] = {
	&sim_spec_height, &sim_spec_tilt, &sim_spec_drop,
};
#define N_SPECS (sizeof(specs) / sizeof(specs[0]))

static void enable(struct sim_axis *a)
{
	a->watchdog_ms = 0;
	sim_axis_write_control(a, OMT_CONTROL_ENABLE);
}

struct run_stats {
	double max_speed, max_accel, max_overshoot, seconds;
	double arrival_dv;      /* speed shed by the step that arrives */
	bool reached;
};

/* Steps until in-position (or the time runs out), recording extremes. */
static struct run_stats run_to(struct sim_axis *a, double target, double limit_s)
{
	struct run_stats st = { 0 };
	double dir = target >= a->position ? 1.0 : -1.0;
	double v_prev = a->velocity, over;

	sim_axis_write_setpoint(a, target);
	while (st.seconds < limit_s) {
		sim_axis_step(a, DT);
		st.seconds += DT;
		if (fabs(a->velocity) > st.max_speed)
			st.max_speed = fabs(a->velocity);
		over = dir * (a->position - target);
		if (over > st.max_overshoot)
			st.max_overshoot = over;
		if (sim_axis_status(a) & OMT_STATUS_IN_POSITION) {
			st.arrival_dv = fabs(v_prev);
			st.reached = true;
			break;
		}
		if (fabs(a->velocity - v_prev) / DT > st.max_accel)
			st.max_accel = fabs(a->velocity - v_prev) / DT;
		v_prev = a->velocity;
	}
	return st;
}

/* Shortest time for a trapezoidal (or triangular) move. */
static double ideal_time(double dist, double v, double acc)
{
	if (dist >= v * v / acc)
		return dist / v + v / acc;
	return 2.0 * sqrt(dist / acc);
}

START_TEST(follows_every_setpoint_within_speed_and_acceleration)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	int from, to;

	for (from = 0; from <= 10; from++) {
		for (to = 0; to <= 10; to++) {
			double p0 = s->min + (s->max - s->min) * from / 10.0;
			double p1 = s->min + (s->max - s->min) * to / 10.0;
			double t_min = ideal_time(fabs(p1 - p0), s->max_speed, s->accel);
			struct run_stats st;

			sim_axis_init(&a, s, p0);
			enable(&a);
			st = run_to(&a, p1, t_min * 1.1 + 0.1);
			ck_assert_msg(st.reached, "%g -> %g not reached", p0, p1);
			ck_assert(fabs(a.position - p1) <= s->in_position_band);
			ck_assert(st.max_speed <= s->max_speed + EPS);
			ck_assert(st.max_accel <= s->accel + EPS);
			/* Arriving sheds at most a few steps' worth of creep. */
			ck_assert(st.arrival_dv <= 3.0 * s->accel * DT);
			ck_assert(st.max_overshoot <= 0.005);
			ck_assert_msg(st.seconds >= t_min - 0.01, "%g -> %g too fast", p0, p1);
			ck_assert(!(sim_axis_status(&a) & OMT_STATUS_MOVING));
		}
	}
}
END_TEST

/*
 * A master streams a trapezoidal trajectory every 10 ms, as omtd does.  A
 * drive in cyclic position mode tracks it closely (velocity feed-forward):
 * the lag stays far under the daemon's following-error limit, and the axis
 * does not overshoot where the trajectory ends.
 */
static void stream_trapezoid(struct sim_axis *a, double from, double to,
			     double vmax, double accel, double *worst_lag,
			     double *overshoot)
{
	const double period = 0.010;
	double dir = to >= from ? 1.0 : -1.0, sp = from, v = 0.0, t;
	int steps = (int)lround(period / DT), cycle, i;

	*worst_lag = 0.0;
	*overshoot = 0.0;
	for (cycle = 0; cycle < 4000; cycle++) {
		double left = fabs(to - sp);

		/* Brake when the remaining distance asks for it. */
		if (v * v / (2.0 * accel) >= left)
			v -= accel * period;
		else if (v < vmax)
			v += accel * period;
		if (v > vmax)
			v = vmax;
		if (v < 0.0 || left <= v * period) {
			v = 0.0;
			sp = to;
		} else {
			sp += dir * v * period;
		}
		sim_axis_write_setpoint(a, sp);
		for (i = 0; i < steps; i++) {
			sim_axis_step(a, DT);
			if (dir * (a->position - to) > *overshoot)
				*overshoot = dir * (a->position - to);
		}
		t = fabs(sp - a->position);
		if (t > *worst_lag)
			*worst_lag = t;
		if (sp == to && (sim_axis_status(a) & OMT_STATUS_IN_POSITION))
			break;
	}
}

START_TEST(tracks_a_streamed_trajectory_closely)
{
	struct sim_axis a;
	double lag, over;

	sim_axis_init(&a, &sim_spec_height, 500.0);
	enable(&a);
	stream_trapezoid(&a, 500.0, 800.0, 30.0, 50.0, &lag, &over);
	ck_assert_msg(lag < 1.0, "height trails its setpoint by %.2f mm", lag);
	ck_assert_msg(over < 0.05, "height overshoots by %.3f mm", over);
	ck_assert(fabs(a.position - 800.0) <= sim_spec_height.in_position_band);

	sim_axis_init(&a, &sim_spec_tilt, 0.0);
	enable(&a);
	stream_trapezoid(&a, 0.0, -8.0, 3.0, 5.0, &lag, &over);
	ck_assert_msg(lag < 0.2, "tilt trails its setpoint by %.2f deg", lag);
	ck_assert_msg(over < 0.01, "tilt overshoots by %.3f deg", over);
}
END_TEST

START_TEST(acceleration_is_bounded_while_cruising)
{
	struct sim_axis a;
	double v_prev = 0.0, worst = 0.0;
	int i;

	sim_axis_init(&a, &sim_spec_height, 500.0);
	enable(&a);
	sim_axis_write_setpoint(&a, 900.0);
	/* Up to 9 s: the whole move but the final arrival step. */
	for (i = 0; i < 9000; i++) {
		sim_axis_step(&a, DT);
		if (fabs(a.velocity - v_prev) / DT > worst)
			worst = fabs(a.velocity - v_prev) / DT;
		v_prev = a.velocity;
	}
	ck_assert(worst <= sim_spec_height.accel + EPS);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_MOVING);
}
END_TEST

START_TEST(velocity_limit_register_caps_speed)
{
	static const uint16_t limits[] = { 1, 50, 100, 399, 400, 1000, 65535 };
	struct sim_axis a;
	unsigned int i;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		double cap = fmin(limits[i] / 10.0, sim_spec_height.max_speed);
		struct run_stats st;

		sim_axis_init(&a, &sim_spec_height, 600.0);
		enable(&a);
		a.velocity_limit = limits[i];
		st = run_to(&a, 601.0, 20.0);
		ck_assert(st.reached);
		ck_assert_msg(st.max_speed <= cap + EPS, "limit %u: %g",
			      limits[i], st.max_speed);
		/* Reaches the cap when the move is long enough to. */
		if (cap * cap / sim_spec_height.accel < 1.0)
			ck_assert(st.max_speed >= cap * 0.99);
	}
}
END_TEST

START_TEST(zero_velocity_limit_holds_still)
{
	struct sim_axis a;
	int i;

	sim_axis_init(&a, &sim_spec_height, 600.0);
	enable(&a);
	a.velocity_limit = 0;
	sim_axis_write_setpoint(&a, 700.0);
	for (i = 0; i < 1000; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position == 600.0);
}
END_TEST

START_TEST(no_motion_without_enable)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	double mid = (s->min + s->max) / 2.0;
	int i;

	sim_axis_init(&a, s, mid);
	a.watchdog_ms = 0;
	sim_axis_write_control(&a, OMT_CONTROL_QUICK_STOP);
	sim_axis_write_setpoint(&a, s->max);
	for (i = 0; i < 2000; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position == mid);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_ENABLED));
	ck_assert(a.current_ma == s->idle_ma);
}
END_TEST

START_TEST(no_motion_while_faulted)
{
	struct sim_axis a;
	int i;

	sim_axis_init(&a, &sim_spec_tilt, 0.0);
	enable(&a);
	sim_axis_inject_overcurrent(&a);
	sim_axis_write_setpoint(&a, 10.0);
	for (i = 0; i < 2000; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position == 0.0);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_FAULT);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_READY));
}
END_TEST

/* Brings the axis to full speed towards max. */
static void cruise(struct sim_axis *a, const struct sim_axis_spec *s)
{
	int i;

	sim_axis_init(a, s, s->min + 0.1 * (s->max - s->min));
	enable(a);
	sim_axis_write_setpoint(a, s->max);
	for (i = 0; i < 100000 && a->velocity < s->max_speed; i++)
		sim_axis_step(a, DT);
	ck_assert(fabs(a->velocity - s->max_speed) < EPS);
}

static double distance_to_stop(struct sim_axis *a, double *worst_decel)
{
	double start = a->position, v_prev = a->velocity;
	int i;

	*worst_decel = 0.0;
	for (i = 0; i < 100000 && a->velocity != 0.0; i++) {
		sim_axis_step(a, DT);
		if ((v_prev - a->velocity) / DT > *worst_decel)
			*worst_decel = (v_prev - a->velocity) / DT;
		v_prev = a->velocity;
	}
	ck_assert(a->velocity == 0.0);
	return a->position - start;
}

START_TEST(quick_stop_decelerates_hard)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	double d, decel, v = s->max_speed;

	cruise(&a, s);
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE | OMT_CONTROL_QUICK_STOP);
	d = distance_to_stop(&a, &decel);
	ck_assert(d <= v * v / (2.0 * s->quick_stop_decel) + v * DT + EPS);
	ck_assert(decel <= s->quick_stop_decel + EPS);
	ck_assert(decel > s->accel);
	/* And it stays put while the bit is held. */
	for (int i = 0; i < 500; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.velocity == 0.0);
}
END_TEST

START_TEST(disable_ramps_down_at_normal_acceleration)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	double d, decel, v = s->max_speed;

	cruise(&a, s);
	sim_axis_write_control(&a, 0);
	d = distance_to_stop(&a, &decel);
	ck_assert(decel <= s->accel + EPS);
	ck_assert(d >= v * v / (2.0 * s->accel) - v * DT);
	ck_assert(d <= v * v / (2.0 * s->accel) + v * DT);
}
END_TEST

START_TEST(travel_ends_raise_limit_flags_and_stop)
{
	struct sim_axis a;
	uint16_t st;
	int i;

	sim_axis_init(&a, &sim_spec_height, 940.0);
	enable(&a);
	ck_assert(run_to(&a, 950.0, 5.0).reached);
	st = sim_axis_status(&a);
	ck_assert(st & OMT_STATUS_LIMIT_HIGH);
	ck_assert(!(st & OMT_STATUS_LIMIT_LOW));
	ck_assert(a.position == 950.0);

	/* An encoder jump past the end is stopped by the switch. */
	sim_axis_init(&a, &sim_spec_height, 700.0);
	enable(&a);
	sim_axis_inject_jump(&a, 500.0);
	ck_assert(a.position == 950.0);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_LIMIT_HIGH);
	sim_axis_inject_jump(&a, -1000.0);
	ck_assert(a.position == 450.0);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_LIMIT_LOW);
	for (i = 0; i < 100; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position >= 450.0);

	sim_axis_init(&a, &sim_spec_tilt, -5.0);
	enable(&a);
	ck_assert(run_to(&a, -10.0, 10.0).reached);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_LIMIT_LOW);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_LIMIT_HIGH));
}
END_TEST

START_TEST(mid_travel_raises_no_limit_flag)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;

	sim_axis_init(&a, s, (s->min + s->max) / 2.0);
	ck_assert(!(sim_axis_status(&a) &
		    (OMT_STATUS_LIMIT_LOW | OMT_STATUS_LIMIT_HIGH)));
}
END_TEST

START_TEST(a_drop_section_resting_down_is_not_at_a_limit)
{
	struct sim_axis a;

	sim_axis_init(&a, &sim_spec_drop, 0.0);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_LIMIT_LOW));
}
END_TEST

START_TEST(status_at_start_is_ready_homed_in_position)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	uint16_t st;

	sim_axis_init(&a, s, (s->min + s->max) / 2.0);
	st = sim_axis_status(&a);
	ck_assert_uint_eq(st, OMT_STATUS_READY | OMT_STATUS_HOMED |
			  OMT_STATUS_IN_POSITION);
	ck_assert_uint_eq(a.watchdog_ms, SIM_WATCHDOG_DEFAULT_MS);
	ck_assert_uint_eq(a.velocity_limit, (uint16_t)lround(s->max_speed * 10));
}
END_TEST

START_TEST(watchdog_trips_without_commands)
{
	struct sim_axis a;
	int i;

	sim_axis_init(&a, &sim_spec_height, 600.0);
	a.watchdog_ms = 100;
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE);
	sim_axis_write_setpoint(&a, 900.0);
	for (i = 0; i < 99; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, 0);
	ck_assert(a.velocity > 0.0);
	for (i = 0; i < 3; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_COMMS_TIMEOUT);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_FAULT);
	for (i = 0; i < 200; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.velocity == 0.0);
}
END_TEST

START_TEST(watchdog_is_fed_by_control_and_setpoint_writes)
{
	struct sim_axis a;
	int i;

	sim_axis_init(&a, &sim_spec_height, 600.0);
	a.watchdog_ms = 50;
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE);
	for (i = 0; i < 2000; i++) {
		if (i % 40 == 0) {
			if (i % 80 == 0)
				sim_axis_write_setpoint(&a, 600.0 + i / 100.0);
			else
				sim_axis_write_control(&a, OMT_CONTROL_ENABLE);
		}
		sim_axis_step(&a, DT);
	}
	ck_assert_uint_eq(a.fault_code, 0);
	ck_assert(!a.comms_timeout);
}
END_TEST

START_TEST(watchdog_off_or_disabled_never_trips)
{
	struct sim_axis a;
	int i;

	sim_axis_init(&a, &sim_spec_height, 600.0);
	a.watchdog_ms = 0;
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE);
	for (i = 0; i < 5000; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, 0);

	sim_axis_init(&a, &sim_spec_height, 600.0);
	a.watchdog_ms = 10;
	for (i = 0; i < 5000; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, 0);
}
END_TEST

START_TEST(fault_reset_acts_on_the_rising_edge_only)
{
	struct sim_axis a;
	int i;

	sim_axis_init(&a, &sim_spec_height, 600.0);
	a.watchdog_ms = 10;
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE);
	for (i = 0; i < 20; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	/* A setpoint write alone does not clear a latched fault. */
	sim_axis_write_setpoint(&a, 600.0);
	ck_assert_uint_eq(a.fault_code, OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE | OMT_CONTROL_FAULT_RESET);
	ck_assert_uint_eq(a.fault_code, 0);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_COMMS_TIMEOUT));
	/* Trip again while the reset bit stays high: no new edge, no reset. */
	for (i = 0; i < 20; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE | OMT_CONTROL_FAULT_RESET);
	ck_assert_uint_eq(a.fault_code, OMT_DRIVE_FAULT_COMMS_WATCHDOG);
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE);
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE | OMT_CONTROL_FAULT_RESET);
	ck_assert_uint_eq(a.fault_code, 0);
}
END_TEST

static void cock(struct sim_axis *a, double height)
{
	sim_axis_init(a, &sim_spec_drop, 0.0);
	enable(a);
	ck_assert(run_to(a, height, 5.0).reached);
}

START_TEST(a_drop_fires_at_the_tension_threshold)
{
	uint16_t level = (uint16_t)_i;
	double threshold = SIM_DROP_NEWTONS_PER_TENSION * level;
	struct sim_axis a;

	cock(&a, 10.0);
	a.tension = level;
	ck_assert(sim_axis_cocked(&a));
	ck_assert_int_eq(sim_axis_thrust(&a, threshold - 0.5), SIM_THRUST_HELD);
	ck_assert(a.position == 10.0);
	ck_assert_int_eq(sim_axis_thrust(&a, threshold), SIM_THRUST_FIRED);
	ck_assert(a.position == 0.0);
	ck_assert(a.fired);
	ck_assert(!sim_axis_cocked(&a));
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_IN_POSITION));
}
END_TEST

START_TEST(a_fired_drop_stays_down_until_lowered_then_recocks)
{
	struct sim_axis a;
	int i;

	cock(&a, 10.0);
	ck_assert_int_eq(sim_axis_thrust(&a, 1000.0), SIM_THRUST_FIRED);
	/* The master keeps streaming the cocked setpoint: nothing moves. */
	for (i = 0; i < 1000; i++) {
		sim_axis_write_setpoint(&a, 10.0);
		sim_axis_step(&a, DT);
	}
	ck_assert(a.position == 0.0);
	ck_assert(a.fired);
	ck_assert_int_eq(sim_axis_thrust(&a, 1000.0), SIM_THRUST_NOT_COCKED);
	sim_axis_write_setpoint(&a, 0.0);
	ck_assert(!a.fired);
	ck_assert(run_to(&a, 10.0, 5.0).reached);
	ck_assert(sim_axis_cocked(&a));
}
END_TEST

START_TEST(thrust_needs_a_cocked_drop_section)
{
	struct sim_axis a;

	sim_axis_init(&a, &sim_spec_drop, 0.0);
	ck_assert_int_eq(sim_axis_thrust(&a, 5000.0), SIM_THRUST_NOT_COCKED);
	cock(&a, 0.5);
	ck_assert_int_eq(sim_axis_thrust(&a, 5000.0), SIM_THRUST_NOT_COCKED);
	/* Still moving up: not cocked yet. */
	sim_axis_init(&a, &sim_spec_drop, 0.0);
	enable(&a);
	sim_axis_write_setpoint(&a, 10.0);
	for (int i = 0; i < 400; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position > SIM_DROP_COCKED_MIN);
	ck_assert_int_eq(sim_axis_thrust(&a, 5000.0), SIM_THRUST_NOT_COCKED);

	sim_axis_init(&a, &sim_spec_height, 700.0);
	ck_assert_int_eq(sim_axis_thrust(&a, 5000.0), SIM_THRUST_NOT_A_DROP);
	ck_assert(a.position == 700.0);
}
END_TEST

START_TEST(stall_freezes_position_while_current_climbs)
{
	struct sim_axis a;
	double last_current, cap = 0.95 * sim_spec_height.current_limit_ma;
	int i;

	sim_axis_init(&a, &sim_spec_height, 600.0);
	enable(&a);
	a.stalled = true;
	sim_axis_write_setpoint(&a, 700.0);
	sim_axis_step(&a, DT);
	last_current = a.current_ma;
	for (i = 0; i < 3000; i++) {
		sim_axis_step(&a, DT);
		ck_assert(a.position == 600.0);
		ck_assert(a.current_ma >= last_current);
		last_current = a.current_ma;
	}
	ck_assert(fabs(a.current_ma - cap) < EPS);
	ck_assert(a.current_ma < sim_spec_height.current_limit_ma);
	ck_assert_uint_eq(a.fault_code, 0);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_IN_POSITION));
	/* Unblocked, it moves again. */
	a.stalled = false;
	for (i = 0; i < 1000; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position > 600.0);
}
END_TEST

START_TEST(overcurrent_reports_the_tripping_current_until_reset)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	int i;

	cruise(&a, s);
	sim_axis_inject_overcurrent(&a);
	for (i = 0; i < 2000; i++)
		sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, OMT_DRIVE_FAULT_OVERCURRENT);
	ck_assert(a.current_ma > s->current_limit_ma);
	ck_assert(a.velocity == 0.0);
	sim_axis_write_control(&a, OMT_CONTROL_ENABLE | OMT_CONTROL_FAULT_RESET);
	sim_axis_step(&a, DT);
	ck_assert_uint_eq(a.fault_code, 0);
	ck_assert(a.current_ma < s->current_limit_ma);
}
END_TEST

START_TEST(obstruction_stops_hard_and_flags_until_cleared)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	double d, decel, v = s->max_speed, held;
	int i;

	cruise(&a, s);
	ck_assert(!(sim_axis_status(&a) & OMT_STATUS_OBSTRUCTION));
	a.obstructed = true;
	d = distance_to_stop(&a, &decel);
	ck_assert(d <= v * v / (2.0 * s->quick_stop_decel) + v * DT + EPS);
	ck_assert(sim_axis_status(&a) & OMT_STATUS_OBSTRUCTION);
	ck_assert_uint_eq(a.fault_code, 0);
	held = a.position;
	for (i = 0; i < 1000; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position == held);
	a.obstructed = false;
	for (i = 0; i < 1000; i++)
		sim_axis_step(&a, DT);
	ck_assert(a.position > held);
}
END_TEST

START_TEST(jump_moves_the_reported_position_once)
{
	struct sim_axis a;

	sim_axis_init(&a, &sim_spec_height, 700.0);
	sim_axis_inject_jump(&a, 12.5);
	ck_assert(fabs(a.position - 712.5) < EPS);
	sim_axis_inject_jump(&a, -2.5);
	ck_assert(fabs(a.position - 710.0) < EPS);
	ck_assert(a.setpoint == 700.0);
}
END_TEST

START_TEST(standing_current_rises_with_load)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	double prev = -1.0;
	int kg;

	for (kg = 0; kg <= 200; kg += 10) {
		sim_axis_init(&a, s, (s->min + s->max) / 2.0);
		enable(&a);
		a.load_kg = kg;
		sim_axis_step(&a, DT);
		ck_assert(a.current_ma > prev);
		ck_assert(fabs(a.current_ma - (s->hold_ma + s->ma_per_kg * kg)) < EPS);
		prev = a.current_ma;
	}
}
END_TEST

START_TEST(current_is_highest_while_accelerating)
{
	const struct sim_axis_spec *s = specs[_i];
	struct sim_axis a;
	double standing, accelerating, cruising;
	int i;

	sim_axis_init(&a, s, s->min);
	enable(&a);
	a.load_kg = 80.0;
	sim_axis_step(&a, DT);
	standing = a.current_ma;
	sim_axis_write_setpoint(&a, s->max);
	sim_axis_step(&a, DT);
	sim_axis_step(&a, DT);
	accelerating = a.current_ma;
	for (i = 0; i < 100000 && a.velocity < s->max_speed; i++)
		sim_axis_step(&a, DT);
	sim_axis_step(&a, DT);
	cruising = a.current_ma;
	ck_assert(accelerating > cruising);
	ck_assert(cruising > standing);
}
END_TEST

START_TEST(time_step_size_does_not_change_the_destination)
{
	struct sim_axis a, b;
	int i;

	sim_axis_init(&a, &sim_spec_tilt, 0.0);
	sim_axis_init(&b, &sim_spec_tilt, 0.0);
	enable(&a);
	enable(&b);
	sim_axis_write_setpoint(&a, 12.34);
	sim_axis_write_setpoint(&b, 12.34);
	for (i = 0; i < 10000; i++)
		sim_axis_step(&a, 0.001);
	for (i = 0; i < 40000; i++)
		sim_axis_step(&b, 0.00025);
	ck_assert(a.position == 12.34);
	ck_assert(b.position == 12.34);
}
END_TEST

static Suite *physics_suite(void)
{
	Suite *s = suite_create("sim_physics");
	TCase *motion = tcase_create("motion");
	TCase *safety = tcase_create("stops");
	TCase *drops = tcase_create("drops");
	TCase *faults = tcase_create("faults");

	tcase_set_timeout(motion, 60);
	tcase_add_loop_test(motion, follows_every_setpoint_within_speed_and_acceleration, 0, N_SPECS);
	tcase_add_test(motion, acceleration_is_bounded_while_cruising);
	tcase_add_test(motion, tracks_a_streamed_trajectory_closely);
	tcase_add_test(motion, velocity_limit_register_caps_speed);
	tcase_add_test(motion, zero_velocity_limit_holds_still);
	tcase_add_loop_test(motion, status_at_start_is_ready_homed_in_position, 0, N_SPECS);
	tcase_add_test(motion, time_step_size_does_not_change_the_destination);
	tcase_add_loop_test(safety, no_motion_without_enable, 0, N_SPECS);
	tcase_add_test(safety, no_motion_while_faulted);
	tcase_add_loop_test(safety, quick_stop_decelerates_hard, 0, N_SPECS);
	tcase_add_loop_test(safety, disable_ramps_down_at_normal_acceleration, 0, N_SPECS);
	tcase_add_test(safety, travel_ends_raise_limit_flags_and_stop);
	tcase_add_loop_test(safety, mid_travel_raises_no_limit_flag, 0, N_SPECS);
	tcase_add_test(safety, watchdog_trips_without_commands);
	tcase_add_test(safety, watchdog_is_fed_by_control_and_setpoint_writes);
	tcase_add_test(safety, watchdog_off_or_disabled_never_trips);
	tcase_add_test(safety, fault_reset_acts_on_the_rising_edge_only);
	tcase_add_test(drops, a_drop_section_resting_down_is_not_at_a_limit);
	tcase_add_loop_test(drops, a_drop_fires_at_the_tension_threshold,
			    SIM_TENSION_MIN, SIM_TENSION_MAX + 1);
	tcase_add_test(drops, a_fired_drop_stays_down_until_lowered_then_recocks);
	tcase_add_test(drops, thrust_needs_a_cocked_drop_section);
	tcase_add_test(faults, stall_freezes_position_while_current_climbs);
	tcase_add_loop_test(faults, overcurrent_reports_the_tripping_current_until_reset, 0, N_SPECS);
	tcase_add_loop_test(faults, obstruction_stops_hard_and_flags_until_cleared, 0, N_SPECS);
	tcase_add_test(faults, jump_moves_the_reported_position_once);
	tcase_add_loop_test(faults, standing_current_rises_with_load, 0, N_SPECS);
	tcase_add_loop_test(faults, current_is_highest_while_accelerating, 0, N_SPECS);
	suite_add_tcase(s, motion);
	suite_add_tcase(s, safety);
	suite_add_tcase(s, drops);
	suite_add_tcase(s, faults);
	return s;
}

int main(void)
{
	return omt_check_run(physics_suite());
}
