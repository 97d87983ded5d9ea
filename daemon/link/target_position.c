// SPDX-License-Identifier: MIT
/*
 * The target-position class's codec and state machine (target_position.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "omt_regs.h"
#include "target_position.h"

static const struct target_position_params *params(
	const struct target_position_sm *sm)
{
	return &sm->p->dc.target;
}

static void set_phase(struct target_position_sm *sm, enum target_phase phase,
		      uint64_t now_ms)
{
	sm->phase = phase;
	sm->phase_since_ms = now_ms;
	if (phase != TARGET_PHASE_RUNNING)
		sm->run_in_flight = false;
	sm->phase_timed = true;
}

static void latch(struct target_position_sm *sm, enum drive_named_fault f,
		  uint64_t now_ms)
{
	sm->fault = f;
	sm->have_target = false;
	set_phase(sm, TARGET_PHASE_FAULT, now_ms);
}

static bool bit_set(int8_t bit, uint16_t word)
{
	return bit >= 0 && bit < 16 && (word & (1u << bit));
}

enum drive_named_fault target_position_error_fault(const struct omt_regmap *p,
						   uint16_t code)
{
	const struct target_position_params *t = &p->dc.target;

	if (code == 0)
		return DRIVE_FAULT_NONE;
	for (unsigned int i = 0; i < t->n_errors; i++)
		if (t->error[i].code == code)
			return (enum drive_named_fault)t->error[i].fault;
	return DRIVE_FAULT_DRIVE_ERROR;
}

int target_position_init(struct target_position_sm *sm,
			 const struct omt_regmap *p)
{
	const struct target_position_params *t = &p->dc.target;
	static const enum target_reg reg_of[TARGET_READ_COUNT] = {
		[TARGET_READ_POSITION] = TARGET_REG_POSITION,
		[TARGET_READ_CURRENT] = TARGET_REG_CURRENT,
		[TARGET_READ_STATUS] = TARGET_REG_STATUS,
		[TARGET_READ_ERROR] = TARGET_REG_ERROR,
		[TARGET_READ_SPEED_ACTUAL] = TARGET_REG_SPEED_ACTUAL,
	};
	int32_t addr[TARGET_READ_COUNT];
	uint8_t width[TARGET_READ_COUNT];

	if (p->dc.cls != DRIVE_CLASS_TARGET_POSITION)
		return -EINVAL;
	memset(sm, 0, sizeof(*sm));
	sm->p = p;
	for (unsigned int i = 0; i < TARGET_READ_COUNT; i++) {
		addr[i] = t->addr[reg_of[i]];
		width[i] = 1;
	}
	if (drive_reads_plan(&sm->reads, addr, width, TARGET_READ_COUNT))
		return -EINVAL;
	target_position_restart(sm);
	return 0;
}

void target_position_restart(struct target_position_sm *sm)
{
	sm->setup_pending = true;
	sm->setup_in_flight = false;
	sm->have_target = false;
	sm->speed_written = 0;
	sm->speed_in_flight = 0;
	sm->run_in_flight = false;
	sm->phase_timed = false;
	if (sm->phase != TARGET_PHASE_FAULT)
		sm->phase = TARGET_PHASE_STARTUP;
}

enum drive_named_fault target_position_fault(const struct target_position_sm *sm)
{
	return sm->phase == TARGET_PHASE_FAULT ? sm->fault : DRIVE_FAULT_NONE;
}

static int32_t retarget_counts(const struct target_position_sm *sm)
{
	return (int32_t)nearbyint(params(sm)->retarget / sm->p->position_scale);
}

static int sign_beyond(int32_t delta, int32_t band)
{
	if (delta > band)
		return 1;
	if (delta < -band)
		return -1;
	return 0;
}

/* What the actuator is told this exchange besides the heartbeat. */
struct plan {
	bool send_command;        /* write COMMAND this exchange */
	uint16_t command;
	bool speed;               /* write speed_count first */
	uint16_t speed_count;
};

static void emit(struct target_position_sm *sm, const struct plan *pl,
		 struct drive_writes *out)
{
	const struct target_position_params *t = params(sm);
	const int32_t *a = t->addr;

	/* Registers in address order where a profile keeps LINAK's layout
	 * (current limit, speed, soft start, soft stop): one request. */
	if (sm->setup_pending && t->current_limit_a > 0.0)
		(void)drive_writes_add(out, (uint16_t)a[TARGET_REG_CURRENT_LIMIT],
				       (uint16_t)nearbyint(t->current_limit_a /
						t->current_limit_a_per_count));
	if (pl->speed) {
		(void)drive_writes_add(out, (uint16_t)a[TARGET_REG_SPEED],
				       pl->speed_count);
		sm->speed_in_flight = pl->speed_count;
	}
	if (sm->setup_pending) {
		(void)drive_writes_add(out, (uint16_t)a[TARGET_REG_SOFT_START],
				       (uint16_t)nearbyint(t->soft_start_s /
						t->soft_s_per_count));
		(void)drive_writes_add(out, (uint16_t)a[TARGET_REG_SOFT_STOP],
				       (uint16_t)nearbyint(t->soft_stop_s /
						t->soft_s_per_count));
		sm->setup_in_flight = true;
	}
	sm->heartbeat++;
	(void)drive_writes_add(out, (uint16_t)a[TARGET_REG_HEARTBEAT],
			       sm->heartbeat);
	if (pl->send_command)
		(void)drive_writes_add(out, (uint16_t)a[TARGET_REG_COMMAND],
				       pl->command);
}

/* A run towards target_c: speed first when it changed. */
static void plan_run(struct target_position_sm *sm, struct plan *pl,
		     uint16_t target_c, uint16_t speed_c, int dir,
		     uint64_t now_ms)
{
	pl->send_command = true;
	pl->command = target_c;
	sm->run_in_flight = true;
	pl->speed = speed_c != sm->speed_written;
	pl->speed_count = speed_c;
	if (sm->phase != TARGET_PHASE_RUNNING) {
		set_phase(sm, TARGET_PHASE_RUNNING, now_ms);
		sm->seen_running = false;
	}
	sm->have_target = true;
	sm->target_counts = target_c;
	sm->target_dir = dir;
}

int target_position_step(struct target_position_sm *sm,
			 const struct drive_intent *in, uint64_t now_ms,
			 struct drive_writes *out)
{
	const struct target_position_params *t = params(sm);
	bool rising = in->fault_reset && !sm->fault_reset_before;
	bool wants_move = in->enable && in->move && !in->quick_stop;
	struct plan pl = { .send_command = true, .command = t->cmd_stop };
	uint16_t target_c = 0, speed_c = 0;
	int rc = 0;

	sm->fault_reset_before = in->fault_reset;
	drive_writes_clear(out);
	if (!sm->phase_timed)
		set_phase(sm, sm->phase, now_ms);
	if (wants_move) {
		int64_t counts;
		double share = in->speed / t->full_speed;

		rc = regmap_units_to_counts(in->target - t->origin,
					    sm->p->position_scale, 0,
					    t->position_max, &counts);
		if (rc == 0 && !(isfinite(in->speed) && in->speed > 0.0))
			rc = -EINVAL;
		if (rc) {
			wants_move = false;
		} else {
			target_c = (uint16_t)counts;
			share = share > 1.0 ? 1.0 : share;
			/* Rounded down: the actuator is never told more than
			 * the speed asked (a cap, a zone's), but for the one
			 * count of the slowest run. */
			speed_c = (uint16_t)floor(share * t->speed_full + 1e-9);
			speed_c = speed_c < 1 ? 1 : speed_c;
		}
	}
	/* A stop or a start-up that does not end is a fault. */
	if ((sm->phase == TARGET_PHASE_STARTUP ||
	     sm->phase == TARGET_PHASE_STOPPING) &&
	    now_ms - sm->phase_since_ms > t->stop_timeout_ms)
		latch(sm, sm->phase == TARGET_PHASE_STARTUP ?
			  DRIVE_FAULT_STARTUP_TIMEOUT :
			  DRIVE_FAULT_STOP_TIMEOUT, now_ms);

	switch (sm->phase) {
	case TARGET_PHASE_FAULT:
		if (rising) {
			/* Clear, then the whole start-up again: STOP first. */
			pl.command = t->cmd_clear_error;
			sm->clear_in_flight = true;
			sm->fault = DRIVE_FAULT_NONE;
			sm->setup_pending = true;
			sm->speed_written = 0;
			set_phase(sm, TARGET_PHASE_STARTUP, now_ms);
		}
		break;
	case TARGET_PHASE_STARTUP:
		break;
	case TARGET_PHASE_IDLE: {
		int dir = sign_beyond((int32_t)target_c - sm->position_counts,
				      retarget_counts(sm));

		if (rising && sm->overcurrent_shown) {
			/*
			 * The clear acknowledged the actuator's record of a
			 * current cut-off, which it keeps until CLEAR ERROR
			 * (or a run): reset it, and run nothing in this
			 * exchange.  A flag still there after it is judged
			 * again, and latches again.
			 */
			pl.command = t->cmd_clear_error;
			sm->clear_in_flight = true;
			break;
		}
		if (wants_move && sm->position_known && dir != 0)
			plan_run(sm, &pl, target_c, speed_c, dir, now_ms);
		break;
	}
	case TARGET_PHASE_RUNNING: {
		int32_t band = retarget_counts(sm);
		int dir = sign_beyond((int32_t)target_c - sm->position_counts,
				      band);

		if (!wants_move) {
			set_phase(sm, TARGET_PHASE_STOPPING, now_ms);
			break;
		}
		if (abs((int)target_c - (int)sm->target_counts) > band) {
			/*
			 * A new goal behind the actuator, or where it is now:
			 * stop first; the new run starts from standstill
			 * (IDLE), never as a reversal on the move.
			 */
			if (dir != sm->target_dir)
				set_phase(sm, TARGET_PHASE_STOPPING, now_ms);
			else
				plan_run(sm, &pl, target_c, speed_c, dir,
					 now_ms);
			break;
		}
		if (sm->run_in_flight) {
			/* No reply since the run went out: it may not
			 * have; send it (and its speed) again. */
			plan_run(sm, &pl, sm->target_counts, speed_c,
				 sm->target_dir, now_ms);
			break;
		}
		/* Keep running: the run command is not repeated, since each
		 * new target restarts the soft start. */
		pl.send_command = false;
		pl.speed = speed_c != sm->speed_written;
		pl.speed_count = speed_c;
		break;
	}
	case TARGET_PHASE_STOPPING:
		break;
	}
	emit(sm, &pl, out);
	return rc;
}

void target_position_decode(struct target_position_sm *sm,
			    const uint16_t *words, uint64_t now_ms,
			    struct drive_reading *out)
{
	const struct target_position_params *t = params(sm);
	const struct drive_reads *r = &sm->reads;
	uint16_t pos = words[r->word_of[TARGET_READ_POSITION]];
	uint16_t status = words[r->word_of[TARGET_READ_STATUS]];
	uint16_t error = words[r->word_of[TARGET_READ_ERROR]];
	bool out_run = bit_set(t->bit[TARGET_BIT_RUNNING_OUT], status);
	bool in_run = bit_set(t->bit[TARGET_BIT_RUNNING_IN], status);
	bool ignore_error = sm->clear_in_flight;
	bool overcurrent = bit_set(t->bit[TARGET_BIT_OVERCURRENT], status);
	uint16_t canonical = 0;

	sm->have_reading = true;
	sm->clear_in_flight = false;
	sm->run_in_flight = false;
	if (sm->speed_in_flight) {
		sm->speed_written = sm->speed_in_flight;
		sm->speed_in_flight = 0;
	}
	if (sm->setup_in_flight) {
		sm->setup_in_flight = false;
		sm->setup_pending = false;
	}
	sm->running = out_run || in_run;
	sm->running_dir = out_run ? 1 : in_run ? -1 : 0;
	sm->error = error;
	/* Nor is its flag: the clear may not have reset it yet. */
	sm->overcurrent_shown = overcurrent && !ignore_error;
	/* The sentinel, or anything past the travel: position unknown. */
	sm->position_known = pos != t->position_lost && pos <= t->position_max;
	if (sm->position_known)
		sm->position_counts = pos;

	/*
	 * The reply to the exchange that carried CLEAR ERROR may predate
	 * it; judge the error from the next one.  "Need stop" is the
	 * expected state of a start-up; at any other time it means the
	 * actuator lost power and restarted: a fault.
	 */
	if (!ignore_error && error != 0 && sm->phase != TARGET_PHASE_FAULT) {
		enum drive_named_fault f = target_position_error_fault(sm->p,
								       error);

		if (!(sm->phase == TARGET_PHASE_STARTUP &&
		      f == DRIVE_FAULT_NEED_STOP))
			latch(sm, f, now_ms);
	}
	/* Running both ways, or at both ends: a reply not to be believed. */
	if (sm->phase != TARGET_PHASE_FAULT &&
	    ((out_run && in_run) ||
	     (bit_set(t->bit[TARGET_BIT_END_IN], status) &&
	      bit_set(t->bit[TARGET_BIT_END_OUT], status))))
		latch(sm, DRIVE_FAULT_DRIVE_ERROR, now_ms);
	/* Motion needs a known position: lost is a latched fault, cleared
	 * only once the actuator knows where it is again. */
	if (!sm->position_known && sm->phase != TARGET_PHASE_FAULT)
		latch(sm, DRIVE_FAULT_POSITION_LOST, now_ms);

	switch (sm->phase) {
	case TARGET_PHASE_STARTUP:
		if (!ignore_error && error == 0 && !sm->running &&
		    !sm->setup_pending)
			set_phase(sm, TARGET_PHASE_IDLE, now_ms);
		break;
	case TARGET_PHASE_RUNNING:
		if (sm->running)
			sm->seen_running = true;
		else if (sm->seen_running ||
			 now_ms - sm->phase_since_ms > t->stop_timeout_ms)
			/* Arrived, or never started (the loop's stall check
			 * judges that); a new run starts from IDLE. */
			set_phase(sm, TARGET_PHASE_IDLE, now_ms);
		break;
	case TARGET_PHASE_STOPPING:
		if (!sm->running)
			set_phase(sm, TARGET_PHASE_IDLE, now_ms);
		break;
	default:
		break;
	}

	memset(out, 0, sizeof(*out));
	out->status_raw = status;
	if (sm->phase == TARGET_PHASE_IDLE ||
	    sm->phase == TARGET_PHASE_RUNNING ||
	    sm->phase == TARGET_PHASE_STOPPING)
		canonical |= OMT_STATUS_READY | OMT_STATUS_ENABLED;
	if (sm->running)
		canonical |= OMT_STATUS_MOVING;
	if (sm->phase == TARGET_PHASE_IDLE && !sm->running &&
	    sm->have_target &&
	    abs((int)sm->position_counts - (int)sm->target_counts) <=
		    retarget_counts(sm))
		canonical |= OMT_STATUS_IN_POSITION;
	if (sm->phase == TARGET_PHASE_FAULT) {
		canonical |= OMT_STATUS_FAULT;
		out->fault_code = drive_named_fault_canonical(sm->fault);
	}
	if (bit_set(t->bit[TARGET_BIT_END_IN], status))
		canonical |= OMT_STATUS_LIMIT_LOW;
	if (bit_set(t->bit[TARGET_BIT_END_OUT], status))
		canonical |= OMT_STATUS_LIMIT_HIGH;
	if (sm->position_known)
		canonical |= OMT_STATUS_HOMED;
	/*
	 * The actuator stopped itself on current: something is in the way.
	 * Standing, the flag is its record of that cut-off, kept until CLEAR
	 * ERROR, which a fault reset sends: no lasting cause, or the fault
	 * could never be cleared.  Running with it, the current is live.
	 */
	if (sm->overcurrent_shown) {
		canonical |= OMT_STATUS_OBSTRUCTION;
		out->obstruction_recorded = !sm->running;
	}
	out->status = canonical;
	/* Unknown position: the last known one (the fault stops motion). */
	out->position_counts = sm->position_counts;
	out->position = t->origin +
			regmap_counts_to_units(sm->position_counts,
					       sm->p->position_scale);
	if (t->addr[TARGET_REG_SPEED_ACTUAL] != REGMAP_ADDR_NONE) {
		uint16_t speed = words[r->word_of[TARGET_READ_SPEED_ACTUAL]];

		/*
		 * Running, but slower than one count (the first moments of
		 * its soft start): half a count, signed by the way it runs.
		 * A reading of 0 while moving would say it runs without
		 * saying which way, which is a drive that must be stopped
		 * before it is told to run.
		 */
		out->velocity = sm->running_dir *
			(speed ? regmap_counts_to_units(speed,
							sm->p->velocity_scale) :
				 0.5 * sm->p->velocity_scale);
	}
	if (t->addr[TARGET_REG_CURRENT] != REGMAP_ADDR_NONE)
		out->current_ma = regmap_counts_to_units(
			words[r->word_of[TARGET_READ_CURRENT]],
			sm->p->current_scale);
}
