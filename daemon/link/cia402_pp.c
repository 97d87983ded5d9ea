// SPDX-License-Identifier: MIT
/*
 * The cia402-profile-position class's codec and state machine
 * (cia402_pp.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cia402_pp.h"
#include "omt_regs.h"

enum drive_named_fault cia402_error_fault(uint16_t code)
{
	if (code == 0)
		return DRIVE_FAULT_NONE;
	if (code == 0x8611)                    /* following error */
		return DRIVE_FAULT_FOLLOWING_ERROR;
	if ((code & 0xf000) == 0x2000)         /* current */
		return DRIVE_FAULT_OVERCURRENT;
	if ((code & 0xfff0) == 0x3210)         /* DC link overvoltage */
		return DRIVE_FAULT_OVERVOLTAGE;
	if ((code & 0xfff0) == 0x3220)         /* DC link undervoltage */
		return DRIVE_FAULT_UNDERVOLTAGE;
	if ((code & 0xf000) == 0x4000)         /* temperature */
		return DRIVE_FAULT_OVERTEMPERATURE;
	if ((code & 0xff00) == 0x7300)         /* sensor */
		return DRIVE_FAULT_SENSOR;
	return DRIVE_FAULT_DRIVE_FAULT_STATE;
}

static bool state_is_fault(enum cia402_state s)
{
	return s == CIA402_FAULT || s == CIA402_FAULT_REACTION_ACTIVE;
}

int cia402_pp_init(struct cia402_pp_sm *sm, const struct omt_regmap *p)
{
	static const uint16_t objects[CIA402_READ_COUNT] = {
		[CIA402_READ_STATUSWORD] = CIA402_OBJ_STATUSWORD,
		[CIA402_READ_ERROR_CODE] = CIA402_OBJ_ERROR_CODE,
		[CIA402_READ_POSITION] = CIA402_OBJ_POSITION_ACTUAL,
		[CIA402_READ_VELOCITY] = CIA402_OBJ_VELOCITY_ACTUAL,
	};
	int32_t addr[CIA402_READ_COUNT];
	uint8_t width[CIA402_READ_COUNT];
	const struct cia402_map *map;

	if (p->dc.cls != DRIVE_CLASS_CIA402_PP)
		return -EINVAL;
	map = cia402_map_find(p->dc.cia402.map);
	if (!map || !cia402_map_entry_of(map, CIA402_OBJ_STATUSWORD) ||
	    !cia402_map_entry_of(map, CIA402_OBJ_POSITION_ACTUAL) ||
	    !cia402_map_entry_of(map, CIA402_OBJ_CONTROLWORD))
		return -EINVAL;
	memset(sm, 0, sizeof(*sm));
	sm->p = p;
	sm->map = map;
	for (unsigned int i = 0; i < CIA402_READ_COUNT; i++) {
		const struct cia402_map_entry *e =
			cia402_map_entry_of(map, objects[i]);

		addr[i] = e ? e->addr : -1;
		width[i] = e ? e->words : 1;
	}
	if (drive_reads_plan(&sm->reads, addr, width, CIA402_READ_COUNT))
		return -EINVAL;
	sm->state = CIA402_STATE_UNKNOWN;
	cia402_pp_restart(sm);
	return 0;
}

void cia402_pp_restart(struct cia402_pp_sm *sm)
{
	sm->setup_pending = true;
	sm->setup_in_flight = false;
	sm->have_reading = false;
	sm->state = CIA402_STATE_UNKNOWN;
	sm->state_timed = false;
	sm->cw_written = false;
	sm->reset_pending = false;
	sm->reset_grace_until_ms = 0;
	sm->wanted = CIA402_STATE_UNKNOWN;
	sm->sp = CIA402_SP_IDLE;
	sm->have_target = false;
	sm->halted = false;
}

enum drive_named_fault cia402_pp_fault(const struct cia402_pp_sm *sm)
{
	return sm->fault;
}

/* Write one object of the map; absent objects are skipped. */
static void write_obj(const struct cia402_pp_sm *sm, struct drive_writes *out,
		      uint16_t object, uint32_t value)
{
	const struct cia402_map_entry *e = cia402_map_entry_of(sm->map, object);

	if (!e)
		return;
	if (e->words == 1)
		(void)drive_writes_add(out, e->addr, (uint16_t)value);
	else
		(void)drive_writes_add32(out, e->addr, value,
					 sm->map->high_word_first);
}

static void latch(struct cia402_pp_sm *sm, enum drive_named_fault f)
{
	if (sm->fault == DRIVE_FAULT_NONE)
		sm->fault = f;
	sm->sp = CIA402_SP_IDLE;
	sm->have_target = false;
}

static uint32_t accel_counts(const struct cia402_pp_sm *sm, double units)
{
	double c = nearbyint(units / sm->p->dc.cia402.acceleration_scale);

	return c < 1.0 ? 1u : c > 4294967295.0 ? 0xffffffffu : (uint32_t)c;
}

/* The controlword in operation-enabled, with the set-point handshake. */
static uint16_t operation_word(struct cia402_pp_sm *sm, bool wants_move,
			       int32_t target_c, uint32_t speed_c,
			       uint64_t now_ms, struct drive_writes *out)
{
	const struct cia402_pp_params *c = &sm->p->dc.cia402;
	uint16_t cw = CIA402_CMD_ENABLE_OPERATION | CIA402_CW_CHANGE_IMMEDIATELY;
	int32_t band = (int32_t)nearbyint(c->retarget / sm->p->position_scale);

	if (!wants_move)
		sm->halted = true;
	if (wants_move && sm->sp == CIA402_SP_IDLE &&
	    (!sm->have_target || sm->halted ||
	     llabs((long long)target_c - sm->target_counts) > band ||
	     speed_c != sm->speed_counts)) {
		write_obj(sm, out, CIA402_OBJ_TARGET_POSITION,
			  (uint32_t)target_c);
		write_obj(sm, out, CIA402_OBJ_PROFILE_VELOCITY, speed_c);
		sm->sp = CIA402_SP_WAIT_ACK;
		sm->sp_since_ms = now_ms;
		sm->sp_replies = 0;
		sm->have_target = true;
		sm->target_counts = target_c;
		sm->speed_counts = speed_c;
		sm->halted = false;
	} else if (sm->sp == CIA402_SP_WAIT_ACK) {
		/*
		 * Until the drive acknowledges, the objects go again with
		 * bit 4: had the exchange that carried them failed, a
		 * rising bit 4 alone would start the target left in it.
		 */
		write_obj(sm, out, CIA402_OBJ_TARGET_POSITION,
			  (uint32_t)sm->target_counts);
		write_obj(sm, out, CIA402_OBJ_PROFILE_VELOCITY,
			  sm->speed_counts);
	}
	/*
	 * Not acknowledged: the timeout passed and the drive answered since
	 * (twice: the reply in the set-point's own exchange may precede its
	 * acknowledge).  Exchanges that fail are the comms watch's to judge;
	 * counted here too, a set-point sent every few exchanges (the leash,
	 * R16) on a slow RS-485 round latched this for one late reply.
	 */
	if (sm->sp != CIA402_SP_IDLE &&
	    now_ms - sm->sp_since_ms > c->ack_timeout_ms &&
	    sm->sp_replies >= 2) {
		latch(sm, DRIVE_FAULT_SETPOINT_NOT_ACKNOWLEDGED);
		return CIA402_CMD_ENABLE_OPERATION | CIA402_CW_HALT;
	}
	if (sm->sp == CIA402_SP_WAIT_ACK)
		cw |= CIA402_CW_NEW_SETPOINT;
	if (sm->halted)
		cw |= CIA402_CW_HALT;
	return cw;
}

int cia402_pp_step(struct cia402_pp_sm *sm, const struct drive_intent *in,
		   uint64_t now_ms, struct drive_writes *out)
{
	const struct cia402_pp_params *c = &sm->p->dc.cia402;
	bool rising = in->fault_reset && !sm->fault_reset_before;
	bool wants_move = in->enable && in->move && !in->quick_stop;
	int64_t target_c = 0, speed_c = 0;
	enum cia402_state wanted;
	uint16_t cw;
	int rc = 0;

	sm->fault_reset_before = in->fault_reset;
	drive_writes_clear(out);
	if (!sm->state_timed) {
		sm->state_since_ms = now_ms;
		sm->state_timed = true;
	}
	if (wants_move) {
		rc = regmap_units_to_counts(in->target, sm->p->position_scale,
					    INT32_MIN, INT32_MAX, &target_c);
		if (rc == 0 && !(isfinite(in->speed) && in->speed > 0.0))
			rc = -EINVAL;
		if (rc == 0)
			rc = regmap_units_to_counts(in->speed,
						    sm->p->velocity_scale, 1,
						    UINT32_MAX, &speed_c);
		if (rc)
			wants_move = false;
	}
	if (rising) {
		/* Clear what this codec latched; the drive's own fault
		 * needs the controlword's edge below.  A cause that
		 * persists latches again from the next reply. */
		sm->fault = DRIVE_FAULT_NONE;
		sm->setup_pending = true;
		sm->sp = CIA402_SP_IDLE;
		sm->have_target = false;
		sm->state_since_ms = now_ms;
		if (state_is_fault(sm->state))
			sm->reset_pending = true;
	}
	if (sm->setup_pending) {
		write_obj(sm, out, CIA402_OBJ_MODES_OF_OPERATION,
			  CIA402_MODE_PROFILE_POSITION);
		write_obj(sm, out, CIA402_OBJ_PROFILE_ACCEL,
			  accel_counts(sm, c->acceleration));
		write_obj(sm, out, CIA402_OBJ_PROFILE_DECEL,
			  accel_counts(sm, c->deceleration));
		sm->setup_in_flight = true;
	}
	/* Nothing is commanded to a drive whose state is not yet known. */
	if (!sm->have_reading) {
		sm->cw_written = false;
		return rc;
	}
	wanted = in->quick_stop ? CIA402_QUICK_STOP_ACTIVE :
		 in->enable ? CIA402_OPERATION_ENABLED : CIA402_SWITCHED_ON;
	if (wanted != sm->wanted) {
		/* A new aim: its steps are timed from now. */
		sm->wanted = wanted;
		sm->state_since_ms = now_ms;
	}
	if (sm->fault == DRIVE_FAULT_NONE && !in->quick_stop &&
	    !state_is_fault(sm->state) && sm->state != wanted &&
	    now_ms - sm->state_since_ms > c->state_timeout_ms)
		latch(sm, DRIVE_FAULT_STARTUP_TIMEOUT);

	if (state_is_fault(sm->state)) {
		/* Bit 7 low first, then high: the drive acts on the edge. */
		cw = CIA402_CMD_DISABLE_VOLTAGE;
		if (sm->reset_pending && sm->state == CIA402_FAULT &&
		    sm->cw_written && !(sm->cw_last & CIA402_CW_FAULT_RESET)) {
			cw = CIA402_CW_FAULT_RESET;
			sm->reset_pending = false;
			sm->reset_grace_until_ms = now_ms + c->state_timeout_ms;
		}
	} else if (sm->fault != DRIVE_FAULT_NONE) {
		/* Latched here: hold still (with torque when enabled). */
		cw = sm->state == CIA402_OPERATION_ENABLED ?
			     CIA402_CMD_ENABLE_OPERATION | CIA402_CW_HALT :
			     CIA402_CMD_DISABLE_VOLTAGE;
	} else if (in->quick_stop) {
		cw = CIA402_CMD_QUICK_STOP;
		sm->have_target = false;
	} else {
		switch (sm->state) {
		case CIA402_SWITCH_ON_DISABLED:
			cw = CIA402_CMD_SHUTDOWN;
			break;
		case CIA402_READY_TO_SWITCH_ON:
			cw = CIA402_CMD_SWITCH_ON;
			break;
		case CIA402_SWITCHED_ON:
			/* Enabled halted: a target left in the drive from
			 * before must not start a motion; our first
			 * set-point clears the halt. */
			cw = in->enable ? CIA402_CMD_ENABLE_OPERATION |
					  CIA402_CW_HALT :
					  CIA402_CMD_SWITCH_ON;
			break;
		case CIA402_OPERATION_ENABLED:
			if (in->enable)
				cw = operation_word(sm, wants_move,
						    (int32_t)target_c,
						    (uint32_t)speed_c, now_ms,
						    out);
			else if (!(sm->statusword & CIA402_SW_TARGET_REACHED))
				/* Halt on the drive's ramp first: disable
				 * operation may let it coast (605Ch). */
				cw = CIA402_CMD_ENABLE_OPERATION |
				     CIA402_CW_HALT;
			else
				cw = CIA402_CMD_DISABLE_OPERATION;
			break;
		default:
			/* Not ready, quick stop active, unknown: voltage
			 * off, then the walk from switch-on-disabled. */
			cw = CIA402_CMD_DISABLE_VOLTAGE;
			break;
		}
	}
	write_obj(sm, out, CIA402_OBJ_CONTROLWORD, cw);
	sm->cw_last = cw;
	sm->cw_written = true;
	return rc;
}

void cia402_pp_decode(struct cia402_pp_sm *sm, const uint16_t *words,
		      uint64_t now_ms, struct drive_reading *out)
{
	const struct drive_reads *r = &sm->reads;
	uint16_t sw = words[r->word_of[CIA402_READ_STATUSWORD]];
	enum cia402_state state = cia402_state_of(sw);
	enum cia402_state before = sm->have_reading ? sm->state :
						      CIA402_STATE_UNKNOWN;
	const struct cia402_map_entry *pos_e =
		cia402_map_entry_of(sm->map, CIA402_OBJ_POSITION_ACTUAL);
	const struct cia402_map_entry *vel_e =
		cia402_map_entry_of(sm->map, CIA402_OBJ_VELOCITY_ACTUAL);
	enum regmap_word_order order = sm->map->high_word_first ?
		REGMAP_HIGH_WORD_FIRST : REGMAP_LOW_WORD_FIRST;
	uint16_t canonical = 0;
	int32_t position;

	if (sm->setup_in_flight) {
		sm->setup_in_flight = false;
		sm->setup_pending = false;
	}
	sm->statusword = sw;
	if (state != before || !sm->have_reading)
		sm->state_since_ms = now_ms;
	sm->state_timed = true;
	sm->state = state;
	sm->have_reading = true;
	sm->error_code = cia402_map_entry_of(sm->map, CIA402_OBJ_ERROR_CODE) ?
		words[r->word_of[CIA402_READ_ERROR_CODE]] : 0;

	if (state_is_fault(state) && !sm->reset_pending &&
	    now_ms >= sm->reset_grace_until_ms) {
		enum drive_named_fault f = cia402_error_fault(sm->error_code);

		latch(sm, f == DRIVE_FAULT_NONE ?
			  DRIVE_FAULT_DRIVE_FAULT_STATE : f);
	}
	if (!state_is_fault(state) && before == CIA402_OPERATION_ENABLED &&
		   state != CIA402_OPERATION_ENABLED && sm->cw_written &&
		   (sm->cw_last & 0x000f) == CIA402_CMD_ENABLE_OPERATION) {
		/* Asked to stay enabled, the drive left by itself. */
		latch(sm, DRIVE_FAULT_LEFT_OPERATION);
	}
	if (state == CIA402_OPERATION_ENABLED &&
	    (sw & CIA402_SW_FOLLOWING_ERROR))
		latch(sm, DRIVE_FAULT_FOLLOWING_ERROR);
	if (sm->sp != CIA402_SP_IDLE && sm->sp_replies < UINT8_MAX)
		sm->sp_replies++;
	if (state != CIA402_OPERATION_ENABLED) {
		sm->sp = CIA402_SP_IDLE;
		sm->have_target = false;
	} else if (sm->sp == CIA402_SP_WAIT_ACK &&
		   (sw & CIA402_SW_SETPOINT_ACK)) {
		sm->sp = CIA402_SP_WAIT_CLEAR;
		sm->sp_since_ms = now_ms;
		sm->sp_replies = 0;
	} else if (sm->sp == CIA402_SP_WAIT_CLEAR &&
		   !(sw & CIA402_SW_SETPOINT_ACK)) {
		sm->sp = CIA402_SP_IDLE;
	}

	memset(out, 0, sizeof(*out));
	out->status_raw = sw;
	if (sm->fault == DRIVE_FAULT_NONE &&
	    (state == CIA402_READY_TO_SWITCH_ON || state == CIA402_SWITCHED_ON ||
	     state == CIA402_OPERATION_ENABLED))
		canonical |= OMT_STATUS_READY;
	if (sm->fault == DRIVE_FAULT_NONE && state == CIA402_OPERATION_ENABLED)
		canonical |= OMT_STATUS_ENABLED;
	if ((state == CIA402_OPERATION_ENABLED ||
	     state == CIA402_QUICK_STOP_ACTIVE) &&
	    !(sw & CIA402_SW_TARGET_REACHED))
		canonical |= OMT_STATUS_MOVING;
	if (state == CIA402_OPERATION_ENABLED &&
	    (sw & CIA402_SW_TARGET_REACHED) && sm->have_target &&
	    !sm->halted && sm->sp == CIA402_SP_IDLE)
		canonical |= OMT_STATUS_IN_POSITION;
	if (sm->fault != DRIVE_FAULT_NONE || state_is_fault(state)) {
		enum drive_named_fault f = sm->fault;

		if (f == DRIVE_FAULT_NONE)
			f = cia402_error_fault(sm->error_code);
		if (f == DRIVE_FAULT_NONE)
			f = DRIVE_FAULT_DRIVE_FAULT_STATE;
		canonical |= OMT_STATUS_FAULT;
		out->fault_code = drive_named_fault_canonical(f);
	}
	out->status = canonical;
	position = (int32_t)regmap_join32(&words[r->word_of[CIA402_READ_POSITION]],
					  order);
	(void)pos_e;
	out->position_counts = position;
	out->position = regmap_counts_to_units(position, sm->p->position_scale);
	if (vel_e)
		out->velocity = regmap_counts_to_units(
			(int32_t)regmap_join32(
				&words[r->word_of[CIA402_READ_VELOCITY]], order),
			sm->p->velocity_scale);
}
