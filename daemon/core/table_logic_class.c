// SPDX-License-Identifier: MIT
/*
 * Drives that run to a target on their own ramps (LINAK-class
 * target-position actuators, CiA 402 profile position): what the core
 * tells them and what it expects of them (docs/safety.md R16).
 *
 * Such a drive never sees the streamed setpoint.  It is told move,
 * target and speed (table_logic.c, write_outputs) and runs its own
 * ramps, a command reaching it one lag later.  So the profile here is
 * the motion the drive itself should make: it speeds up and brakes at
 * the drive's own rates for the speed it was told, at one speed per leg,
 * and the following-error check allows for the lag's travel.  At rest
 * the drive stands where its own stop left it, not where the expected
 * motion ended: the resting profile follows the reading.  A reversal
 * waits until the drive stands still (a LINAK-class actuator refuses to
 * reverse while running).
 */
#include <math.h>

#include "table_logic_internal.h"

/* A drive reading less than this share of its top speed stands still. */
#define STILL_SPEED_FRACTION 0.01
/*
 * How much faster than told a drive may read and still count as running
 * at the speed told, as a share of its top speed: a speed register's
 * step (a LINAK actuator's is 0.5 % of full speed) and a speed reading's
 * resolution (0.1 mm/s).  Without it a drive told 25 mm/s that reads
 * 25.1 was stopped and restarted every other cycle.
 */
#define TOLD_SPEED_SLACK_FRACTION 0.02

bool logic_class_axis(const struct omt_table_logic *logic, int a)
{
	return omt_drive_runs_to_target(&logic->params.drive[a]);
}

static bool reads_still(const struct omt_table_logic *logic, int a)
{
	const struct omt_axis_reading *r = &logic->reading[a];

	return !r->moving &&
	       fabs(r->velocity) <
		       STILL_SPEED_FRACTION * logic->params.limits[a].max_speed;
}

/*
 * Whether a motion in direction dir may start: the drive stands still,
 * or already runs that way.  One that runs (or says it runs without
 * saying which way) the other way must first stop.
 */
/*
 * Whether a run told may still be on its way to the drive, unseen in its
 * readings: they show a command a lag after it went out, and a cycle on.
 * The lag counts as time and as exchanges, whichever is longer: a late
 * cycle is a late exchange too.
 */
static bool told_run_in_flight(const struct omt_table_logic *logic, int a)
{
	const struct omt_drive_model *m = &logic->params.drive[a];
	uint64_t lag_cycles = (m->lag_ns + logic->params.cycle_ns - 1) /
			      logic->params.cycle_ns;

	if (!logic->class_told_dir[a])
		return false;
	return logic->now_ns - logic->class_told_ns[a] <=
		       m->lag_ns + logic->params.cycle_ns ||
	       logic->cycle - logic->class_told_cycle[a] <= lag_cycles + 1;
}

static bool free_to_go(const struct omt_table_logic *logic, int a, int dir)
{
	const struct omt_axis_reading *r = &logic->reading[a];

	/* Told the other way a moment ago, it may be starting that way
	 * unseen. */
	if (logic->class_told_dir[a] == -dir && told_run_in_flight(logic, a))
		return false;
	/* Told this way last, and reading no speed the other way: it is
	 * starting (or running) the way it was told; a drive whose speed
	 * reading lags its running flag (a run just started, below the
	 * reading's resolution) is not a reversal. */
	if (logic->class_told_dir[a] == dir && r->velocity * dir >= 0.0)
		return true;
	return reads_still(logic, a) || r->velocity * dir > 0.0;
}

static bool fresh_reading(const struct omt_table_logic *logic, int a)
{
	const struct omt_axis_reading *r = &logic->reading[a];

	return r->present && r->comm == OMT_COMM_OK &&
	       !logic->reading_refused[a];
}

bool logic_class_still(const struct omt_table_logic *logic, int a)
{
	const struct omt_axis_reading *r = &logic->reading[a];

	if (!logic_class_axis(logic, a))
		return true;
	/*
	 * Switched off by a fault and silent: its last reading may say it
	 * runs, and will say so for ever.  Nothing is told to it until
	 * ClearFaults, which waits for it to answer; the motion it was in
	 * must end meanwhile, not wait for a reading that never comes.
	 */
	if (!r->present || (logic->axis_disabled[a] && !fresh_reading(logic, a)))
		return true;
	return reads_still(logic, a) && !told_run_in_flight(logic, a);
}

bool logic_class_reached(const struct omt_table_logic *logic, int a,
			 double target)
{
	const struct omt_axis_reading *r = &logic->reading[a];

	/* It stands within its own in-position band of the target (the
	 * resting profile follows where it stands). */
	return r->in_position &&
	       fabs(r->position - target) <=
		       0.5 * logic->params.fault_monitors.axis[a].following_error_max;
}

void logic_class_told(struct omt_table_logic *logic, int a, bool move,
		      double target)
{
	double to = target - logic->reading[a].position;

	/* A stop ends the run it was told: the same target told again
	 * afterwards is a new run (overruns_new_target). */
	if (!move) {
		logic->class_told_target[a] = NAN;
		return;
	}
	if (to == 0.0)
		return;
	logic->class_told_dir[a] = to > 0.0 ? 1 : -1;
	logic->class_told_ns[a] = logic->now_ns;
	logic->class_told_cycle[a] = logic->cycle;
	logic->class_told_target[a] = target;
}

/*
 * Whether a new target lies too close ahead for the drive running
 * towards it: hearing of it a lag from now, on its own ramp it would
 * stop only past it, and then have to turn back (a reversal told
 * unawares).  It is stopped first instead, and runs to the target from
 * where it stands.  A run told a moment ago that its readings do not
 * show yet counts as running at the speed told: read standing short of
 * the new target, the drive was told it on the cycle after a run past
 * it, had run past it when it heard, and refused to turn back (explorer
 * seed 25094248).
 */
static bool overruns_new_target(const struct omt_table_logic *logic, int a,
				double target)
{
	const struct omt_axis_reading *r = &logic->reading[a];
	const struct omt_drive_model *m = &logic->params.drive[a];
	double v = fabs(r->velocity), way = r->velocity, ahead, accel, decel;

	if (told_run_in_flight(logic, a) &&
	    way * logic->class_told_dir[a] >= 0.0) {
		way = logic->class_told_dir[a];
		v = fmax(v, logic->class_speed[a]);
	}
	if (target == logic->class_told_target[a] ||
	    way * (target - r->position) <= 0.0)
		return false;
	omt_drive_model_ramps(m, fmax(v, logic->class_speed[a]), logic->cycle_s,
			      &accel, &decel);
	ahead = fabs(target - r->position) - v * omt_drive_lag_s(m);
	return v * v / (2.0 * decel) > ahead;
}

/* The braking that stops a motion at speed v within to of a point. */
static double stop_need(const struct omt_table_logic *logic, double v,
			double to)
{
	/* On it with the last step's speed: at rest in this one. */
	return to == 0.0 ? fabs(v) / logic->cycle_s : v * v / (2.0 * fabs(to));
}

/*
 * The braking rate for this cycle, decel the drive's ramp for the speed
 * it runs at, prev the rate of the last cycle.  A ramp that falls while
 * the expected motion brakes onto its target (a pedal's lower speed
 * taking over a faster move whose braking had begun, its range end a
 * combination rule's edge just beyond) would carry it past the target,
 * into the rule's box, though the drive, told a target only when it can
 * stop on it (overruns_new_target), stands on it (explorer seed
 * 12181199).  The rate from before is kept until the new one alone
 * stops the motion on that target, or it rests or turns away: a stop or
 * a reversal on the way keeps it too.  A ramp that does not fall is
 * never raised (the first form of this raised it wherever the discrete
 * braking curve asked a hair more; a pedal released or reversed in the
 * last of such braking passed the edge: seeds 23008437, 25000919).
 */
static double braking_rate(struct omt_table_logic *logic, int a,
			   double decel, double prev)
{
	const struct omt_motion_profile *p = &logic->profile[a];
	double v = p->velocity, to;

	if (logic->class_kept_decel[a] > decel) {
		to = logic->class_kept_target[a] - p->position;
		if (v != 0.0 && v * to >= 0.0 && stop_need(logic, v, to) > decel)
			return logic->class_kept_decel[a];
	}
	logic->class_kept_decel[a] = 0.0;
	to = p->target - p->position;
	if (prev > decel && p->mode != OMT_PROFILE_IDLE && v != 0.0 &&
	    v * to >= 0.0 && stop_need(logic, v, to) > decel) {
		logic->class_kept_decel[a] = prev;
		logic->class_kept_target[a] = p->target;
		return prev;
	}
	return decel;
}

/* The drive's own ramps for the speed it runs at, on the profile. */
static void set_ramps(struct omt_table_logic *logic, int a)
{
	struct omt_motion_profile *p = &logic->profile[a];
	double speed = logic->class_speed[a] > 0.0 ? logic->class_speed[a]
						   : p->limits.max_speed;
	double accel, decel;

	omt_drive_model_ramps(&logic->params.drive[a], speed, logic->cycle_s,
			      &accel, &decel);
	p->limits.max_accel = accel;
	p->limits.brake_decel = braking_rate(logic, a, decel,
					     p->limits.brake_decel);
}

/*
 * A drive whose ramps are times (target-position) ramps from the speed it
 * is told: told a lower speed while it runs faster, it would stop from
 * its speed on the ramp of the lower one, longer than the axis's bound.
 * It slows down on its stop instead, and is told to run on once it is no
 * faster than the new speed.
 */
static bool slows_down_on_its_stop(const struct omt_table_logic *logic,
				   int a, double speed)
{
	return logic->params.drive[a].kind == OMT_DRIVE_TARGET_POSITION &&
	       fabs(logic->reading[a].velocity) >
		       speed + TOLD_SPEED_SLACK_FRACTION *
				       logic->profile[a].limits.max_speed;
}

/* Which way the drive must run from where it is to reach target. */
static int way_to(const struct omt_table_logic *logic, int a, double target)
{
	double to = target - logic->reading[a].position;

	return to > 0.0 ? 1 : (to < 0.0 ? -1 : 0);
}

/*
 * A drive told to stop stops from the speed it runs at, on its own
 * ramp: not from the speed expected of it.  One held back (a jam let go
 * late, within its following error's give) runs slower than its
 * expected motion; braking from the expected speed, the setpoint ran
 * on past where the drive stood, the gap it trailed by grew by the
 * difference of the two stopping distances, and a drive that did as it
 * was told latched a following error with no cause (explorer seed
 * 25107010: 4 mm behind at 5.6 mm/s read, the setpoint braking from
 * 23.8 mm/s ran 2.7 mm on, the drive 0.4).  The expected stop is
 * from no more than the drive's reading, and what it may gain before
 * it hears of the stop (a lag and a cycle on its ramp up) and a speed
 * reading's resolution.  Never raised: a drive that runs faster than
 * expected is not followed.
 */
static void brake_from_drive_speed(struct omt_table_logic *logic, int a)
{
	struct omt_motion_profile *p = &logic->profile[a];
	const struct omt_axis_reading *r = &logic->reading[a];
	double v = p->velocity, runs, cap;

	if (v == 0.0 || !fresh_reading(logic, a))
		return;
	runs = v > 0.0 ? r->velocity : -r->velocity;
	cap = fmax(runs, 0.0) +
	      p->limits.max_accel * (omt_drive_lag_s(&logic->params.drive[a]) +
				     logic->cycle_s) +
	      TOLD_SPEED_SLACK_FRACTION * p->limits.max_speed;
	if (fabs(v) > cap)
		p->velocity = v > 0.0 ? cap : -cap;
}

bool logic_class_prepare(struct omt_table_logic *logic, int a)
{
	struct omt_motion_profile *p = &logic->profile[a];

	logic->class_wait[a] = false;
	if (omt_profile_at_rest(p)) {
		/* It stands where its own stop left it. */
		if (fresh_reading(logic, a))
			omt_profile_resync(p, logic->reading[a].position);
		if (reads_still(logic, a))
			logic->class_speed[a] = 0.0;
		set_ramps(logic, a);
		return true;
	}
	if (p->mode == OMT_PROFILE_MOVING) {
		double dir = p->target - p->position;
		int way = way_to(logic, a, p->target);

		/*
		 * The obstruction back-off runs upwards, away from it, only.
		 * Carried past its target (the table top lifted while it
		 * ran), the height has backed off: the motion stops there.
		 * Told the target again, the drive would run back down
		 * towards the obstruction with the fault latched.
		 */
		if (logic->reversing && a == OMT_AXIS_HEIGHT && way < 0) {
			omt_profile_stop(p);
			set_ramps(logic, a);
			return true;
		}
		/* One speed for the whole leg: the drive is not told of the
		 * zones on its way (from where it is, and from where it is
		 * expected to be). */
		p->speed_limit = fmin(p->speed_limit,
				      fmin(omt_drive_leg_cap(&p->limits, p->position,
							     p->target),
					   omt_drive_leg_cap(&p->limits,
							     logic->reading[a].position,
							     p->target)));
		/*
		 * A reversal (or a start while it still runs the other
		 * way): once the expected motion has braked (at the drive's
		 * own rate, move false meanwhile), the drive must stand
		 * still before it is told to run: the motion waits, held at
		 * rest where the drive stands, and starts from there.
		 */
		if (way && p->velocity * dir >= 0.0 && !free_to_go(logic, a, way)) {
			logic->class_wait[a] = true;
			p->velocity = 0.0;
			if (fresh_reading(logic, a))
				p->position = logic->reading[a].position;
			return false;
		}
		/*
		 * A lower speed for a target-position drive that runs
		 * faster is not told yet: the drive stops on the ramp of
		 * the speed it runs at (logic_class_move), and the expected
		 * motion brakes at that rate too.  At the new speed's
		 * slower ramp it ran on past where the drive stood, into a
		 * following error with no cause.
		 */
		if (p->velocity * dir >= 0.0 &&
		    !slows_down_on_its_stop(logic, a, p->speed_limit))
			logic->class_speed[a] = p->speed_limit;
	}
	/* Told to stop: the motion ends, or brakes before it turns. */
	if (p->mode == OMT_PROFILE_STOPPING ||
	    p->velocity * (p->target - p->position) < 0.0)
		brake_from_drive_speed(logic, a);
	set_ramps(logic, a);
	return true;
}

/* Whether the drive still runs onto target (it heard of it a lag late). */
static bool running_onto(const struct omt_table_logic *logic, int a,
			 double target)
{
	const struct omt_axis_reading *r = &logic->reading[a];

	return !reads_still(logic, a) &&
	       r->velocity * (target - r->position) > 0.0;
}

void logic_class_after_step(struct omt_table_logic *logic, int a)
{
	struct omt_motion_profile *p = &logic->profile[a];

	/*
	 * The expected motion has arrived on its target, the drive not
	 * yet: it is still told to run there (it brakes onto it by
	 * itself).  Told to stop instead, it would stop on its soft stop,
	 * past the target: past a combination rule's edge, a pedal's
	 * range end.  A stop decision (release, Stop, a fault) stops the
	 * profile, and with it this.
	 */
	if (p->mode == OMT_PROFILE_IDLE && p->reached &&
	    running_onto(logic, a, p->target))
		p->mode = OMT_PROFILE_MOVING;
}

bool logic_class_move(const struct omt_table_logic *logic, int a)
{
	const struct omt_motion_profile *p = &logic->profile[a];
	double to = p->target - p->position;
	int way = way_to(logic, a, p->target);

	if (p->mode != OMT_PROFILE_MOVING || logic->class_wait[a])
		return false;
	/* Arrived as expected: on while the drive still runs onto it. */
	if (to == 0.0)
		return running_onto(logic, a, p->target) &&
		       !overruns_new_target(logic, a, p->target);
	/* One that runs faster than the leg's speed slows down on its
	 * stop first. */
	if (slows_down_on_its_stop(logic, a, p->speed_limit))
		return false;
	/* Braking before it turns round is a stop, not a run; so is a run
	 * the drive, still running the other way, would have to reverse
	 * into (the profile may have turned round within this step), and
	 * one to a new target it would overrun. */
	return p->velocity * to >= 0.0 && way && free_to_go(logic, a, way) &&
	       !overruns_new_target(logic, a, p->target);
}

double logic_class_slack(const struct omt_table_logic *logic, int a)
{
	const struct omt_drive_model *m = &logic->params.drive[a];

	if (!omt_drive_runs_to_target(m))
		return 0.0;
	return fmax(logic->class_speed[a], fabs(logic->profile[a].velocity)) *
	       omt_drive_lag_s(m);
}
