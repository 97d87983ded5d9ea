// SPDX-License-Identifier: MIT
/*
 * A shrunk scenario as a Check test ready to paste into a file that links
 * the explorer (see tests/pending/test_explore_regressions.c): the events
 * with their symbolic names, replayed by explore_replay_holds().
 */
#include <ctype.h>
#include <stdio.h>

#include "explore_internal.h"

static const char *const kind_names[EX_KIND_COUNT] = {
	"EX_INPUT", "EX_IO_FAIL", "EX_AXIS_FAIL", "EX_ESTOP", "EX_KERNEL",
	"EX_JAM", "EX_OBSTRUCT", "EX_DRIVE_FAULT", "EX_PUSH", "EX_FIRE",
	"EX_LATE", "EX_HOLDER", "EX_CMD",
};

static const char *const input_names[OMT_IN_COUNT] = {
	"OMT_IN_PEDAL_HEIGHT_UP", "OMT_IN_PEDAL_HEIGHT_DOWN",
	"OMT_IN_PEDAL_TILT_UP", "OMT_IN_PEDAL_TILT_DOWN",
	"OMT_IN_PEDAL_ENABLE_A", "OMT_IN_PEDAL_ENABLE_B",
	"OMT_IN_PEDAL_ARM_DROPS", "OMT_IN_PEDAL_PRESET",
	"OMT_IN_DROP_FIRED_CERVICAL", "OMT_IN_DROP_FIRED_THORACIC",
	"OMT_IN_DROP_FIRED_LUMBAR", "OMT_IN_DROP_FIRED_PELVIC",
	"OMT_IN_ESTOP_A", "OMT_IN_ESTOP_B",
};

static const char *const axis_names[OMT_AXIS_COUNT] = {
	"OMT_AXIS_HEIGHT", "OMT_AXIS_TILT", "OMT_AXIS_CERVICAL",
	"OMT_AXIS_THORACIC", "OMT_AXIS_LUMBAR", "OMT_AXIS_PELVIC",
};

static const char *const command_names[OMT_CMD_KIND_COUNT] = {
	"OMT_CMD_MOVE_TO", "OMT_CMD_HOLD", "OMT_CMD_STOP", "OMT_CMD_ESTOP",
	"OMT_CMD_CLEAR_FAULTS", "OMT_CMD_LOCK", "OMT_CMD_UNLOCK",
	"OMT_CMD_ARM_DROP", "OMT_CMD_DISARM_DROP", "OMT_CMD_SET_TENSION",
	"OMT_CMD_OWNER_GONE", "OMT_CMD_RAW_READ", "OMT_CMD_RAW_WRITE",
	"OMT_CMD_TRACE",
};

/* The event's `a` field by what it names. */
static void print_a(FILE *out, const struct explore_event *e)
{
	switch (e->kind) {
	case EX_INPUT:
		if (e->a < OMT_IN_COUNT) {
			fputs(input_names[e->a], out);
			return;
		}
		break;
	case EX_AXIS_FAIL:
	case EX_JAM:
	case EX_OBSTRUCT:
	case EX_DRIVE_FAULT:
	case EX_PUSH:
	case EX_FIRE:
		if (e->a < OMT_AXIS_COUNT) {
			fputs(axis_names[e->a], out);
			return;
		}
		break;
	case EX_CMD:
		if (e->a < OMT_CMD_KIND_COUNT) {
			fputs(command_names[e->a], out);
			return;
		}
		break;
	default:
		break;
	}
	fprintf(out, "%u", e->a);
}

void explore_print_check_test(FILE *out, const struct explore_scenario *sc,
			      enum explore_invariant inv, uint64_t seed)
{
	static struct explore_result res;
	const char *name = explore_invariant_name(inv);
	char upper[64];
	unsigned int i;

	explore_run(sc, 0, &res);
	for (i = 0; name[i] && i < sizeof(upper) - 1; i++)
		upper[i] = (char)toupper((unsigned char)name[i]);
	upper[i] = '\0';
	fprintf(out, "/*\n * Found by the scenario explorer, seed %llu, shrunk to %u events:\n"
		" * %s at cycle %u: %s\n */\n",
		(unsigned long long)seed, sc->n_events, name,
		res.first_cycle[inv], res.message[inv]);
	fprintf(out, "START_TEST(explore_seed_%llu_%s)\n{\n",
		(unsigned long long)seed, name);
	fputs("\tstatic const struct explore_event events[] = {\n", out);
	for (i = 0; i < sc->n_events; i++) {
		const struct explore_event *e = &sc->event[i];

		fprintf(out, "\t\t{ %u, %s, ", e->cycle,
			e->kind < EX_KIND_COUNT ? kind_names[e->kind] : "?");
		print_a(out, e);
		fprintf(out, ", %u, %u, %.17g, %.17g },\n", e->b, e->n, e->x, e->y);
	}
	fputs("\t};\n\tchar why[200];\n\n", out);
	if (sc->drive[OMT_AXIS_HEIGHT] || sc->drive[OMT_AXIS_TILT])
		fprintf(out, "\tck_assert_msg(explore_replay_drives_hold(events, %u, %u, %.17g, %.17g,\n"
			"\t\t\t\t\t\t 0x%02x, 0x%02x, INV_%s, why, sizeof(why)),\n"
			"\t\t      \"%%s\", why);\n}\nEND_TEST\n",
			sc->n_events, sc->cycles, sc->start_height,
			sc->start_tilt, sc->drive[OMT_AXIS_HEIGHT],
			sc->drive[OMT_AXIS_TILT], upper);
	else
		fprintf(out, "\tck_assert_msg(explore_replay_holds(events, %u, %u, %.17g, %.17g,\n"
			"\t\t\t\t\t   INV_%s, why, sizeof(why)),\n"
			"\t\t      \"%%s\", why);\n}\nEND_TEST\n",
			sc->n_events, sc->cycles, sc->start_height,
			sc->start_tilt, upper);
}
