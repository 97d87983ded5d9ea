// SPDX-License-Identifier: MIT
/*
 * The world a scenario runs in: a plant model of the six drives and the
 * I/O module, and the few things omtd's runtime does around the core
 * (keep-alives from bus clients, how an e-stop
 * and a lost input sample reach the core).  Then the run loop: events,
 * plant, core step, invariants.
 *
 * The plant: a drive that is enabled follows its setpoint as a position
 * loop with a 30 ms time constant, limited by the speed cap omtd writes
 * (and 1.5x the axis's speed) and by four times the axis's acceleration;
 * a disabled or quick-stopped drive holds where it is (brake).  A jammed
 * axis does not move and its current grows with the distance to its
 * setpoint; a drive fault is latched in the drive until a fault-reset
 * unless its cause lasts.  What the runtime mirrors is named beside it.
 */
#include <math.h>
#include <string.h>

#include "omt_regs.h"
#include "explore_internal.h"

#define PLANT_TAU_S 0.03
#define PRESET_HEIGHT 750.0     /* the preset the preset pedal recalls */
#define PRESET_TILT 5.0

/*
 * A drive that runs to a target, from its code (EXPLORE_DRIVE()): four
 * sets of ramps per class, every one within the axis's stopping bound
 * (a soft stop of at most 0.25 s; a deceleration of at least stop_decel)
 * and from a start four times gentler than the axis's acceleration to
 * one twice as hard.
 */
static void drive_from_code(uint8_t code, const struct omt_axis_limits *l,
			    struct omt_drive_model *m, unsigned int *lag)
{
	static const double start_s[4] = { 0.5, 0.3, 1.0, 0.0 };
	static const double stop_s[4] = { 0.25, 0.1, 0.2, 0.0 };
	static const double accel[4] = { 1.0, 0.5, 2.0, 0.25 };
	static const double decel[4] = { 1.0, 1.5, 1.0, 2.0 };
	unsigned int kind = code & 3u, variant = (code >> 4) & 3u;

	*lag = ((code >> 2) & 3u) + 1;
	*m = (struct omt_drive_model){ .kind = OMT_DRIVE_CYCLIC };
	if (kind != OMT_DRIVE_TARGET_POSITION && kind != OMT_DRIVE_PROFILE_POSITION)
		return;
	m->kind = (enum omt_drive_kind)kind;
	m->lag_ns = *lag * EXPLORE_CYCLE_NS;
	m->start_s = start_s[variant];
	m->stop_s = stop_s[variant];
	m->accel = l->max_accel * accel[variant];
	m->decel = omt_axis_limits_stop_decel(l) * decel[variant];
}

bool explore_class_axis(const struct explore_world *w, int a)
{
	return a < OMT_MOTION_AXES &&
	       omt_drive_runs_to_target(&w->params.drive[a]);
}

static void world_params(struct omt_table_params *p)
{
	omt_table_params_default(p);
	/* Stops harder than starts, as omtd ships them (etc/omtd.conf). */
	p->limits[OMT_AXIS_HEIGHT].stop_decel = 100.0;
	p->limits[OMT_AXIS_TILT].stop_decel = 12.0;
	/* The combination rule of the safety review: height < 800 forbids
	 * tilt > 10. */
	p->rules.n_rules = 1;
	p->rules.rule[0] = (struct omt_combo_rule){
		.when = { OMT_AXIS_HEIGHT, OMT_CMP_LT, 800.0 },
		.forbid = { OMT_AXIS_TILT, OMT_CMP_GT, 10.0 },
	};
	/* The preset pedal recalls 750 mm, 5 degrees. */
	p->pedal_preset[OMT_IN_PEDAL_PRESET] = (struct omt_pedal_preset){
		.valid = true, .target = { PRESET_HEIGHT, PRESET_TILT },
	};
}

void explore_world_start(struct explore_world *w,
		       const struct explore_scenario *sc,
		       struct explore_result *res, uint32_t stop_on)
{
	unsigned int lag[OMT_MOTION_AXES];

	memset(w, 0, sizeof(*w));
	memset(res, 0, sizeof(*res));
	w->sc = sc;
	w->res = res;
	w->stop_on = stop_on;
	world_params(&w->params);
	w->now = 1000 * EXPLORE_CYCLE_NS;
	for (int a = 0; a < OMT_MOTION_AXES; a++)
		drive_from_code(sc->drive[a], &w->params.limits[a],
				&w->params.drive[a], &lag[a]);
	w->kernel = OMT_INTERLOCK_ENABLED;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct plant_axis *p = &w->plant[a];
		const struct omt_axis_limits *l = &w->params.limits[a];

		p->pos = a == OMT_AXIS_HEIGHT ? sc->start_height
			 : a == OMT_AXIS_TILT ? sc->start_tilt : 0.0;
		/* Hardware travel a little beyond the soft limits; a drop
		 * section rests on its end stop. */
		p->travel_min = OMT_AXIS_IS_DROP(a) ? l->soft_min : l->soft_min - 5.0;
		p->travel_max = OMT_AXIS_IS_DROP(a) ? l->soft_max : l->soft_max + 5.0;
		if (a < OMT_MOTION_AXES)
			class_drive_init(&w->class_drive[a], &w->params.drive[a],
					 lag[a], p->pos);
	}
	omt_table_logic_init(&w->logic, &w->params, w->now);
	explore_check_init(w);
}

bool explore_cause_present(const struct explore_world *w, bool with_jam)
{
	if (w->estop_button || w->kernel == OMT_INTERLOCK_DROPPED ||
	    w->io_fail_left)
		return true;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct plant_axis *p = &w->plant[a];

		if (p->obstruct || p->fail_left || (p->drive_fault && p->fault_lasts) ||
		    (with_jam && p->jam))
			return true;
	}
	/* The two enable channels disagree. */
	return !(w->lines & EX_BIT(OMT_IN_PEDAL_ENABLE_A)) !=
	       !(w->lines & EX_BIT(OMT_IN_PEDAL_ENABLE_B));
}

static void drain(struct explore_world *w)
{
	struct omt_event ev;

	while (omt_table_logic_next_event(&w->logic, &ev))
		explore_check_event(w, &ev);
}

void explore_cmd(struct explore_world *w, const struct omt_command *cmd)
{
	struct omt_motion before = w->logic.motion;
	uint32_t id = 0;
	enum omt_cmd_result r;

	r = omt_table_logic_command(&w->logic, cmd, w->now, &id);
	if (r == OMT_CMD_OK && cmd->kind == OMT_CMD_MOVE_TO &&
	    cmd->owner < EXPLORE_OWNERS) {
		w->motion_id[cmd->owner] = id;
		w->hold_ok_ns[cmd->owner] = w->now;
	}
	if (r == OMT_CMD_OK && cmd->kind == OMT_CMD_HOLD &&
	    cmd->owner < EXPLORE_OWNERS)
		w->hold_ok_ns[cmd->owner] = w->now;
	explore_check_command(w, cmd, &before, r);
	drain(w);
}

static void scenario_command(struct explore_world *w,
			     const struct explore_event *e)
{
	struct omt_command c = {
		.kind = (enum omt_command_kind)e->a,
		.cookie = w->cycle,
		.owner = e->b,
	};

	switch (c.kind) {
	case OMT_CMD_MOVE_TO:
		c.target_mask = e->n & 3u;
		c.target[OMT_AXIS_HEIGHT] = e->x;
		c.target[OMT_AXIS_TILT] = e->y;
		break;
	case OMT_CMD_CLEAR_FAULTS:
		c.may_clear_hardware_faults = e->n != 0;
		break;
	case OMT_CMD_ARM_DROP:
	case OMT_CMD_DISARM_DROP:
	case OMT_CMD_SET_TENSION:
		c.section = (enum omt_axis)(OMT_AXIS_CERVICAL + e->b % OMT_DROP_SECTIONS);
		c.level = e->n;
		c.owner = 1;
		break;
	case OMT_CMD_UNLOCK:
		w->unlock_cmd = true;
		break;
	case OMT_CMD_RAW_READ:
	case OMT_CMD_RAW_WRITE:
	case OMT_CMD_TRACE:
		return;         /* the runtime's, never the core's */
	default:
		break;
	}
	if (c.kind == OMT_CMD_ARM_DROP)
		w->arm_cmd[c.section - OMT_AXIS_CERVICAL] = true;
	explore_cmd(w, &c);
}

/* One scenario event, at the start of its cycle. */
static void apply(struct explore_world *w, const struct explore_event *e)
{
	struct plant_axis *p = &w->plant[e->a % OMT_AXIS_COUNT];

	explore_check_injection(w, e);
	switch (e->kind) {
	case EX_INPUT:
		if (e->a < OMT_IN_COUNT) {
			if (e->b)
				w->lines |= EX_BIT(e->a);
			else
				w->lines &= ~EX_BIT(e->a);
		}
		break;
	case EX_IO_FAIL:
		w->io_fail_left = e->n;
		w->io_fail_kind = (enum omt_comm_result)(1 + e->b % 4);
		break;
	case EX_AXIS_FAIL:
		p->fail_left = e->n;
		p->fail_kind = (enum omt_comm_result)(1 + e->b % 4);
		break;
	case EX_ESTOP:
		w->estop_button = e->b != 0;
		break;
	case EX_KERNEL:
		w->kernel = (enum omt_interlock_state)(e->b % 3);
		break;
	case EX_JAM:
		p->jam = e->b != 0;
		break;
	case EX_OBSTRUCT:
		p->obstruct = e->b != 0;
		break;
	case EX_DRIVE_FAULT:
		p->drive_fault = e->b ? e->b : OMT_DRIVE_FAULT_OVERCURRENT;
		p->fault_lasts = e->n != 0;
		break;
	case EX_PUSH:
		w->pushed_table |= e->a % OMT_AXIS_COUNT < OMT_MOTION_AXES;
		w->pushed_axes |= EX_BIT(e->a % OMT_AXIS_COUNT);
		p->pos = fmin(fmax(p->pos + e->x, p->travel_min), p->travel_max);
		break;
	case EX_FIRE:
		if (OMT_AXIS_IS_DROP(e->a % OMT_AXIS_COUNT)) {
			p->pos = p->travel_min;
			p->vel = 0.0;
		}
		break;
	case EX_CMD:
		scenario_command(w, e);
		break;
	case EX_HOLDER:
		w->holder[e->a % EXPLORE_OWNERS] = e->b != 0;
		break;
	default:
		break;
	}
}

/* Bus clients that hold their motion send a keep-alive every 100 ms. */
static void keep_alives(struct explore_world *w)
{
	for (uint32_t o = 1; o < EXPLORE_OWNERS; o++) {
		struct omt_command c = {
			.kind = OMT_CMD_HOLD, .owner = o,
			.motion_id = w->motion_id[o], .cookie = w->cycle,
		};

		if (!w->holder[o] || !w->motion_id[o] ||
		    w->now - w->hold_sent_ns[o] < EX_HOLD_EVERY_NS)
			continue;
		w->hold_sent_ns[o] = w->now;
		explore_cmd(w, &c);
	}
}

/*
 * A drive that runs to a target: it hears move, target and speed its lag
 * late and runs its own ramps (explore_class_drive.h); disabled, quick-
 * stopped or faulted it stands at once, as a streamed drive does here.
 */
static void class_plant_step(struct explore_world *w, int a, double dt)
{
	struct plant_axis *p = &w->plant[a];
	struct class_drive *d = &w->class_drive[a];
	const struct omt_axis_output *o = &w->out.axis[a];
	const struct omt_axis_limits *l = &w->params.limits[a];
	struct class_drive_cmd cmd = {
		.move = o->move, .target = o->target, .speed = o->speed,
	};
	bool on;

	if (o->fault_reset && !p->fault_lasts)
		p->drive_fault = OMT_DRIVE_FAULT_NONE;
	on = o->enable && !o->quick_stop && !p->drive_fault &&
	     w->kernel != OMT_INTERLOCK_DROPPED;
	d->pos = p->pos;                /* pushed, or fallen on its stop */
	class_drive_step(d, &cmd, on, p->jam, dt);
	p->pos = d->pos;
	p->vel = d->vel;
	if (p->jam || !on)
		p->current = on ? fmin(2900.0, 800.0 + 300.0 * fabs(o->setpoint - p->pos))
				: 0.0;
	else
		p->current = 400.0 + 1000.0 * fabs(p->vel) / l->max_speed;
	if (p->pos < p->travel_min || p->pos > p->travel_max) {
		p->pos = fmin(fmax(p->pos, p->travel_min), p->travel_max);
		p->vel = 0.0;
		d->pos = p->pos;
		d->vel = 0.0;
	}
}

static void plant_step(struct explore_world *w, double dt)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (explore_class_axis(w, a)) {
			class_plant_step(w, a, dt);
			continue;
		}
		struct plant_axis *p = &w->plant[a];
		const struct omt_axis_output *o = &w->out.axis[a];
		const struct omt_axis_limits *l = &w->params.limits[a];
		bool on = o->enable && !o->quick_stop && !p->drive_fault &&
			  w->kernel != OMT_INTERLOCK_DROPPED;
		double err = o->setpoint - p->pos;

		if (o->fault_reset && !p->fault_lasts)
			p->drive_fault = OMT_DRIVE_FAULT_NONE;
		if (p->jam || !on) {
			p->vel = 0.0;
			p->current = on ? fmin(2900.0, 800.0 + 300.0 * fabs(err)) : 0.0;
		} else {
			double vmax = fmin(o->velocity_limit, 1.5 * l->max_speed);
			double want = fmax(-vmax, fmin(vmax, err / PLANT_TAU_S));
			double dv = 4.0 * l->max_accel * dt;

			p->vel += fmax(-dv, fmin(dv, want - p->vel));
			p->pos += p->vel * dt;
			p->current = 400.0 + 1000.0 * fabs(p->vel) / l->max_speed;
		}
		if (p->pos < p->travel_min || p->pos > p->travel_max) {
			p->pos = fmin(fmax(p->pos, p->travel_min), p->travel_max);
			p->vel = 0.0;
		}
	}
}

static void read_axis(struct explore_world *w, int a,
		      struct omt_axis_reading *r)
{
	struct plant_axis *p = &w->plant[a];
	bool on = w->out.axis[a].enable && !p->drive_fault;

	memset(r, 0, sizeof(*r));
	r->present = true;
	r->comm = OMT_COMM_OK;
	if (p->fail_left) {
		p->fail_left--;
		r->comm = p->fail_kind;
	}
	/* The runtime verified every drive at start, and wrote the enable
	 * bit the core asked for last cycle. */
	r->verified = true;
	r->enable_sent = w->out.axis[a].enable;
	r->travel_known = true;
	r->travel_min = p->travel_min;
	r->travel_max = p->travel_max;
	r->position = p->pos;
	r->velocity = p->vel;
	r->current_ma = p->current;
	r->ready = true;
	r->enabled = on;
	r->moving = fabs(p->vel) > 1e-3;
	r->in_position = fabs(w->out.axis[a].setpoint - p->pos) < 0.1;
	r->fault = p->drive_fault != OMT_DRIVE_FAULT_NONE;
	r->drive_fault = p->drive_fault;
	r->limit_low = p->pos <= p->travel_min + 1e-6;
	r->limit_high = p->pos >= p->travel_max - 1e-6;
	r->obstruction = p->obstruct;
	r->status = (uint16_t)(OMT_STATUS_READY |
			       (r->enabled ? OMT_STATUS_ENABLED : 0) |
			       (r->moving ? OMT_STATUS_MOVING : 0) |
			       (r->fault ? OMT_STATUS_FAULT : 0) |
			       (r->obstruction ? OMT_STATUS_OBSTRUCTION : 0));
}

static void build_inputs(struct explore_world *w)
{
	struct omt_cycle_inputs *in = &w->in;
	const uint32_t estop_lines = EX_BIT(OMT_IN_ESTOP_A) | EX_BIT(OMT_IN_ESTOP_B);
	bool kernel_estop;

	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		read_axis(w, a, &in->axis[a]);
	/* The button's contacts are also wired to the I/O module. */
	if (w->estop_button)
		w->lines |= estop_lines;
	else
		w->lines &= ~estop_lines;
	if (w->io_fail_left) {
		w->io_fail_left--;
		in->io_comm = w->io_fail_kind;
		/* control_thread.c keeps the last bits read. */
		in->inputs = w->last_good_lines;
	} else {
		in->io_comm = OMT_COMM_OK;
		in->inputs = w->lines;
		w->last_good_lines = w->lines;
	}
	in->interlock = w->kernel;
	/* As control_thread.c composes it: the kernel's own e-stop report
	 * (when the module is there), or the I/O module's contacts from a
	 * good sample. */
	kernel_estop = w->estop_button && w->kernel != OMT_INTERLOCK_ABSENT;
	in->estop = kernel_estop ||
		    (in->io_comm == OMT_COMM_OK && (in->inputs & estop_lines));
}

void explore_world_cycle(struct explore_world *w)
{
	const struct explore_scenario *sc = w->sc;
	uint64_t late = 0;
	unsigned int first, end;

	w->now += EXPLORE_CYCLE_NS;
	w->unlock_cmd = false;
	w->pushed_axes = 0;
	memset(w->arm_cmd, 0, sizeof(w->arm_cmd));
	/* Events are sorted by cycle; a late cycle is late for all of them. */
	first = w->next_event;
	for (end = first; end < sc->n_events && sc->event[end].cycle <= w->cycle;
	     end++)
		if (sc->event[end].kind == EX_LATE)
			late += (uint64_t)(sc->event[end].n % 100) * 1000000ull;
	w->next_event = end;
	w->now += late;
	for (unsigned int i = first; i < end; i++)
		if (sc->event[i].kind != EX_LATE)
			apply(w, &sc->event[i]);
	keep_alives(w);
	w->locked_before = w->logic.locked;
	w->motion_before = w->logic.motion;
	for (int i = 0; i < OMT_DROP_SECTIONS; i++)
		w->drop_before[i] = w->logic.drop[i].state;
	plant_step(w, (double)(EXPLORE_CYCLE_NS + late) / 1e9);
	build_inputs(w);
	omt_table_logic_step(&w->logic, &w->in, w->now, &w->out);
	drain(w);
	explore_check_cycle(w);
}

void explore_run(const struct explore_scenario *sc, uint32_t stop_on,
		 struct explore_result *res)
{
	static struct explore_world world;   /* large; one run at a time */
	struct explore_world *w = &world;

	explore_world_start(w, sc, res, stop_on);
	for (w->cycle = 0; w->cycle < sc->cycles && !w->stopped; w->cycle++)
		explore_world_cycle(w);
	res->cycles_run = w->cycle;
}
