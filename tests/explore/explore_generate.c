// SPDX-License-Identifier: MIT
/*
 * Scenarios from a seed: overlapping episodes of what happens around a
 * treatment table (a clinician's pedals, a bus client's motions, drop
 * sections cocked and fired) and of what goes wrong (invalid samples,
 * chatter, lost replies, jams, obstructions, drive faults, pushes, e-stop,
 * the kernel interlock, late cycles).  Boundary values of the combination
 * rule are favoured, since that is where plans go wrong.
 */
#include <string.h>

#include "explore_internal.h"

struct gen {
	uint64_t state;
	struct explore_scenario *sc;
};

static uint64_t next(struct gen *g)
{
	/* splitmix64 */
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(struct gen *g, uint32_t n)
{
	return n ? (uint32_t)(next(g) % n) : 0;
}

static uint32_t between(struct gen *g, uint32_t lo, uint32_t hi)
{
	return lo + below(g, hi - lo + 1);
}

static double uniform(struct gen *g, double lo, double hi)
{
	return lo + (hi - lo) * (double)(next(g) >> 11) / 9007199254740992.0;
}

static bool chance(struct gen *g, unsigned int percent)
{
	return below(g, 100) < percent;
}

static void add(struct gen *g, uint32_t cycle, enum explore_event_kind kind,
		unsigned int a, unsigned int b, unsigned int n, double x, double y)
{
	struct explore_scenario *sc = g->sc;

	if (cycle >= sc->cycles || sc->n_events >= EXPLORE_MAX_EVENTS)
		return;
	sc->event[sc->n_events++] = (struct explore_event){
		.cycle = cycle, .kind = (uint8_t)kind, .a = (uint8_t)a,
		.b = (uint8_t)b, .n = (uint8_t)n, .x = x, .y = y,
	};
}

static void input(struct gen *g, uint32_t t, unsigned int line, bool on)
{
	add(g, t, EX_INPUT, line, on, 0, 0, 0);
}

static void cmd(struct gen *g, uint32_t t, enum omt_command_kind kind,
		unsigned int b, unsigned int n, double x, double y)
{
	add(g, t, EX_CMD, kind, b, n, x, y);
}

/* A press with, sometimes, contact bounce at both ends. */
static void press(struct gen *g, uint32_t t, uint32_t len, unsigned int line)
{
	bool bounce = chance(g, 20);

	input(g, t, line, true);
	if (bounce) {
		input(g, t + 1, line, false);
		input(g, t + 2, line, true);
	}
	input(g, t + len, line, false);
	if (bounce) {
		input(g, t + len + 1, line, true);
		input(g, t + len + 2, line, false);
	}
}

static double target_height(struct gen *g)
{
	return chance(g, 40) ? uniform(g, 780.0, 830.0) : uniform(g, 600.0, 950.0);
}

static double target_tilt(struct gen *g)
{
	return chance(g, 40) ? uniform(g, 5.0, 20.0) : uniform(g, -10.0, 30.0);
}

static void bus_move(struct gen *g, uint32_t t)
{
	unsigned int owner = between(g, 1, EXPLORE_OWNERS - 1);
	uint32_t end = t + between(g, 10, 300);

	cmd(g, t, OMT_CMD_MOVE_TO, owner, between(g, 1, 3), target_height(g),
	    target_tilt(g));
	if (chance(g, 85))
		add(g, t, EX_HOLDER, owner, 1, 0, 0, 0);
	switch (below(g, 6)) {
	case 0:
	case 1:
		add(g, end, EX_HOLDER, owner, 0, 0, 0, 0);
		break;
	case 2:
		cmd(g, end, OMT_CMD_STOP, owner, 0, 0, 0);
		break;
	case 3:
		cmd(g, end, OMT_CMD_OWNER_GONE, owner, 0, 0, 0);
		add(g, end, EX_HOLDER, owner, 0, 0, 0, 0);
		break;
	case 4:
		/* A new target mid-motion. */
		cmd(g, end, OMT_CMD_MOVE_TO, owner, between(g, 1, 3),
		    target_height(g), target_tilt(g));
		break;
	default:
		break;
	}
}

static void pedal_motion(struct gen *g, uint32_t t)
{
	uint32_t len = between(g, 3, 200);

	press(g, t, len, between(g, OMT_IN_PEDAL_HEIGHT_UP, OMT_IN_PEDAL_TILT_DOWN));
	if (chance(g, 30)) {
		input(g, t, OMT_IN_PEDAL_ENABLE_A, true);
		input(g, t, OMT_IN_PEDAL_ENABLE_B, true);
		input(g, t + len, OMT_IN_PEDAL_ENABLE_A, false);
		input(g, t + len, OMT_IN_PEDAL_ENABLE_B, false);
	}
}

/* The unlock gesture, clean or not. */
static void gesture(struct gen *g, uint32_t t)
{
	uint32_t second = t + between(g, 6, 40);

	switch (below(g, 4)) {
	case 0:         /* one channel held, the other bouncing */
		input(g, t, OMT_IN_PEDAL_ENABLE_A, true);
		for (uint32_t i = 0; i < 4; i++) {
			input(g, t + 2 + 8 * i, OMT_IN_PEDAL_ENABLE_B, true);
			input(g, t + 6 + 8 * i, OMT_IN_PEDAL_ENABLE_B, false);
		}
		input(g, t + 40, OMT_IN_PEDAL_ENABLE_A, false);
		return;
	case 1:         /* the channels a cycle apart */
		input(g, t, OMT_IN_PEDAL_ENABLE_A, true);
		input(g, t + 1, OMT_IN_PEDAL_ENABLE_B, true);
		break;
	default:
		input(g, t, OMT_IN_PEDAL_ENABLE_A, true);
		input(g, t, OMT_IN_PEDAL_ENABLE_B, true);
		break;
	}
	if (chance(g, 50)) {
		/* Held, with a sample or two lost while held. */
		add(g, t + between(g, 2, 20), EX_IO_FAIL, 0, below(g, 4),
		    between(g, 1, 2), 0, 0);
		if (chance(g, 50))
			add(g, t + between(g, 25, 60), EX_IO_FAIL, 0, below(g, 4),
			    between(g, 1, 2), 0, 0);
		second = t + between(g, 60, 200);
	} else {
		input(g, t + between(g, 3, 5), OMT_IN_PEDAL_ENABLE_A, false);
		input(g, t + 5, OMT_IN_PEDAL_ENABLE_B, false);
		input(g, second, OMT_IN_PEDAL_ENABLE_A, true);
		input(g, second, OMT_IN_PEDAL_ENABLE_B, true);
	}
	input(g, second + 5, OMT_IN_PEDAL_ENABLE_A, false);
	input(g, second + 5, OMT_IN_PEDAL_ENABLE_B, false);
}

static void drops(struct gen *g, uint32_t t)
{
	unsigned int s = below(g, OMT_DROP_SECTIONS);
	unsigned int sensor = OMT_IN_DROP_FIRED_CERVICAL + s;
	uint32_t later = t + between(g, 50, 250);

	if (chance(g, 10))
		input(g, t - (t > 0), sensor, true);    /* already on */
	if (chance(g, 50))
		press(g, t, between(g, 3, 150), OMT_IN_PEDAL_ARM_DROPS);
	else
		cmd(g, t, OMT_CMD_ARM_DROP, s, 0, 0, 0);
	switch (below(g, 4)) {
	case 0:
	case 1:
		add(g, later, EX_FIRE, OMT_AXIS_CERVICAL + s, 0, 0, 0, 0);
		input(g, later, sensor, true);
		input(g, later + between(g, 5, 60), sensor, false);
		if (chance(g, 50))
			cmd(g, later + between(g, 70, 200), OMT_CMD_DISARM_DROP, s,
			    0, 0, 0);
		break;
	case 2:
		cmd(g, later, OMT_CMD_DISARM_DROP, s, 0, 0, 0);
		break;
	default:
		press(g, later, between(g, 3, 30), OMT_IN_PEDAL_ARM_DROPS);
		break;
	}
}

static unsigned int some_axis(struct gen *g)
{
	return chance(g, 70) ? below(g, OMT_MOTION_AXES) : below(g, OMT_AXIS_COUNT);
}

static void mishap(struct gen *g, uint32_t t)
{
	unsigned int a = some_axis(g);
	uint32_t len = between(g, 5, 400);
	double size;

	switch (below(g, 9)) {
	case 0:
		add(g, t, EX_AXIS_FAIL, a, below(g, 4), between(g, 1, 6), 0, 0);
		break;
	case 1:
		add(g, t, EX_JAM, a, 1, 0, 0, 0);
		add(g, t + len, EX_JAM, a, 0, 0, 0, 0);
		break;
	case 2:
		a = chance(g, 70) ? OMT_AXIS_HEIGHT : a;
		add(g, t, EX_OBSTRUCT, a, 1, 0, 0, 0);
		add(g, t + (chance(g, 30) ? 2000 : len), EX_OBSTRUCT, a, 0, 0, 0, 0);
		break;
	case 3:
		add(g, t, EX_DRIVE_FAULT, a, between(g, 1, 7), chance(g, 30), 0, 0);
		break;
	case 4:
		size = uniform(g, 1.0, 15.0);
		if (a < OMT_MOTION_AXES && chance(g, 50))
			size = -size;
		if (a == OMT_AXIS_TILT)
			size /= 3.0;
		add(g, t, EX_PUSH, a, 0, 0, size, 0);
		break;
	case 5:
		add(g, t, EX_ESTOP, 0, 1, 0, 0, 0);
		add(g, t + len, EX_ESTOP, 0, 0, 0, 0, 0);
		break;
	case 6:
		if (chance(g, 15)) {
			add(g, t, EX_KERNEL, 0, OMT_INTERLOCK_ABSENT, 0, 0, 0);
		} else {
			add(g, t, EX_KERNEL, 0, OMT_INTERLOCK_DROPPED, 0, 0, 0);
			add(g, t + len, EX_KERNEL, 0, OMT_INTERLOCK_ENABLED, 0, 0, 0);
		}
		break;
	case 7:
		add(g, t, EX_LATE, 0, 0, between(g, 5, 80), 0, 0);
		break;
	default:
		add(g, t, EX_IO_FAIL, 0, below(g, 4), between(g, 1, 4), 0, 0);
		break;
	}
}

void explore_sort(struct explore_scenario *sc)
{
	/* Insertion sort: stable, and scenarios are nearly sorted. */
	for (unsigned int i = 1; i < sc->n_events; i++) {
		struct explore_event e = sc->event[i];
		unsigned int j = i;

		while (j > 0 && sc->event[j - 1].cycle > e.cycle) {
			sc->event[j] = sc->event[j - 1];
			j--;
		}
		sc->event[j] = e;
	}
}

/*
 * The height's and the tilt's drives: each a streamed (cyclic) drive in
 * four scenarios of ten, else one that runs to a target, of either class,
 * with one of four sets of ramps and a lag of 1 to 3 exchanges.  Drawn
 * from a stream of their own, so that the events of a seed are what they
 * were before drives were drawn.
 */
static void pick_drives(uint64_t seed, struct explore_scenario *sc)
{
	struct gen d = { .state = seed ^ 0x6a09e667f3bcc909ull, .sc = sc };

	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		uint32_t kind;

		if (chance(&d, 40))
			continue;
		kind = chance(&d, 50) ? OMT_DRIVE_TARGET_POSITION
				      : OMT_DRIVE_PROFILE_POSITION;
		sc->drive[a] = EXPLORE_DRIVE(kind, between(&d, 1, 3), below(&d, 4));
	}
}

void explore_generate(uint64_t seed, uint32_t cycles,
		      struct explore_scenario *sc)
{
	struct gen g = { .state = seed, .sc = sc };
	uint32_t t;

	memset(sc, 0, sizeof(*sc));
	sc->cycles = cycles;
	sc->start_height = uniform(&g, 650.0, 920.0);
	sc->start_tilt = sc->start_height < 800.0 ? uniform(&g, -5.0, 10.0)
						  : uniform(&g, -5.0, 25.0);
	pick_drives(seed, sc);
	t = between(&g, 2, 10);
	if (chance(&g, 70))
		cmd(&g, t, OMT_CMD_UNLOCK, 1, 0, 0, 0);
	else
		gesture(&g, t);
	for (t += 20; t < cycles; t += between(&g, 5, 120)) {
		switch (below(&g, 20)) {
		case 0: case 1: case 2: case 3: case 4:
			bus_move(&g, t);
			break;
		case 5: case 6: case 7:
			pedal_motion(&g, t);
			break;
		case 8:
			gesture(&g, t);
			break;
		case 9:
			press(&g, t, between(&g, 1, 100), OMT_IN_PEDAL_PRESET);
			break;
		case 10: case 11:
			drops(&g, t);
			break;
		case 12: case 13: case 14:
			mishap(&g, t);
			break;
		case 15: case 16:
			cmd(&g, t, OMT_CMD_CLEAR_FAULTS, 1, chance(&g, 90), 0, 0);
			break;
		case 17:
			cmd(&g, t, OMT_CMD_LOCK, 1, 0, 0, 0);
			if (chance(&g, 70))
				cmd(&g, t + between(&g, 5, 100), OMT_CMD_UNLOCK, 1, 0, 0, 0);
			else
				gesture(&g, t + between(&g, 5, 100));
			break;
		case 18:
			cmd(&g, t, OMT_CMD_STOP, 1, 0, 0, 0);
			break;
		default:
			cmd(&g, t, OMT_CMD_SET_TENSION, below(&g, 4), between(&g, 0, 11),
			    0, 0);
			break;
		}
	}
	explore_sort(sc);
}
