// SPDX-License-Identifier: MIT
/*
 * The fault matrix: every fault omt-sim can inject, in every state of the
 * table, on the real control thread and link against a real omt-sim
 * (tests/lib/control_harness).  In each cell:
 *   - the table ends stopped: no state moving or stopping, and every
 *     drive still in the simulator's own readings;
 *   - a fault that shows is latched (a fault in the set, or the e-stop)
 *     and reported (FAULT_RAISED on the event port);
 *   - nothing moves by itself afterwards: the simulator's positions stay
 *     put for half a second;
 *   - once the cause is gone, ClearFaults is accepted and leaves no fault.
 * An injection that cannot show in a state (a stall while nothing is
 * asked to move) must leave the table as it was.  The matrix is printed
 * in the log, one row per state, one column per fault.
 *
 * Not covered here: the D-Bus signals and the event log on disk (the
 * stack's own tests, tests/integration/bus*.sh, show those for one cell
 * each).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "control_harness.h"

enum state {
	ST_LOCKED, ST_IDLE, ST_HEIGHT_UP, ST_HEIGHT_DOWN, ST_TILT_UP,
	ST_TILT_DOWN, ST_BOTH, ST_STOPPING, ST_COCKING, ST_ARMED, ST_FIRED,
	ST_COUNT,
};

static const char *const state_names[ST_COUNT] = {
	"locked", "idle", "height up", "height down", "tilt up", "tilt down",
	"both", "stopping", "cocking", "armed", "fired",
};

enum fault {
	F_NO_REPLY, F_EXCEPTION, F_CRC, F_ABSENT, F_STALL, F_OVERCURRENT,
	F_OBSTRUCTION, F_JUMP, F_IO_SILENT, F_ESTOP, F_COUNT,
};

static const char *const fault_names[F_COUNT] = {
	"no-reply", "exception", "crc", "absent", "stall", "overcurrent",
	"obstruction", "jump", "io-silent", "e-stop",
};

static struct control_harness h;
static char verdict[ST_COUNT][F_COUNT][128];
static uint64_t cookie = 1;

/* One simulator command: "VERB SLAVE [REST]". */
static bool sim3(const char *verb, const char *slave, const char *rest)
{
	char command[96], reply[256];

	snprintf(command, sizeof(command), "%s %s%s%s", verb, slave,
		 rest ? " " : "", rest ? rest : "");
	return sim_harness_command(&h.sim, command, reply, sizeof(reply)) == 0;
}

static enum omt_cmd_result command(enum omt_command_kind kind)
{
	struct omt_command c;
	uint64_t mine = ++cookie;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.cookie = mine;
	c.owner = 7;
	c.section = OMT_AXIS_CERVICAL;
	c.may_clear_hardware_faults = true;
	if (!omt_control_submit(h.control, &c))
		return OMT_CMD_INVALID;
	for (int i = 0; i < 50; i++) {
		control_harness_wait_cycles(&h, 1);
		for (unsigned int e = 0; e < h.n_events; e++)
			if (h.events[e].kind == OMT_EV_REPLY &&
			    h.events[e].cookie == mine)
				return h.events[e].result;
	}
	return OMT_CMD_INVALID;
}

static bool moving(const struct omt_snapshot *s, void *arg)
{
	return s->state == OMT_STATE_MOVING;
}

static bool at_rest(const struct omt_snapshot *s, void *arg)
{
	return s->state != OMT_STATE_MOVING && s->state != OMT_STATE_STOPPING;
}

static bool armed(const struct omt_snapshot *s, void *arg)
{
	return s->drop[0] == OMT_DROP_ARMED;
}

static bool fired(const struct omt_snapshot *s, void *arg)
{
	return s->drop[0] == OMT_DROP_FIRED;
}

static bool cleared(const struct omt_snapshot *s, void *arg)
{
	return s->n_faults == 0 && !s->estop;
}

/* The pedals a motion state holds. */
static const char *const *pedals_of(enum state st)
{
	static const char *const up[] = { "pedal-height-up", NULL };
	static const char *const down[] = { "pedal-height-down", NULL };
	static const char *const tup[] = { "pedal-tilt-up", NULL };
	static const char *const tdown[] = { "pedal-tilt-down", NULL };
	static const char *const both[] = { "pedal-height-down", "pedal-tilt-up", NULL };
	static const char *const none[] = { NULL };

	switch (st) {
	case ST_HEIGHT_UP: return up;
	case ST_HEIGHT_DOWN: case ST_STOPPING: return down;
	case ST_TILT_UP: return tup;
	case ST_TILT_DOWN: return tdown;
	case ST_BOTH: return both;
	default: return none;
	}
}

/* The drive a fault goes to in a state: the one moving, else height. */
static const char *target_of(enum state st, enum fault f)
{
	if (f == F_IO_SILENT)
		return "io";
	switch (st) {
	case ST_TILT_UP: case ST_TILT_DOWN: return "tilt";
	case ST_COCKING: case ST_ARMED: case ST_FIRED: return "cervical";
	default: return "height";
	}
}

/* Each drive's last exchange succeeded. */
static bool all_online(const struct omt_snapshot *s, void *arg)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if (!s->axis[a].online)
			return false;
	return true;
}

/* Each drive verified on this connection (the runtime logs it). */
static bool all_verified(const struct omt_snapshot *s, void *arg)
{
	unsigned int n = 0;

	for (unsigned int e = 0; e < h.n_events; e++)
		if (h.events[e].kind == OMT_EV_LOG &&
		    strstr(h.events[e].message, " verified"))
			n++;
	return n >= 6;
}

static bool reach(enum state st, char *why, size_t len)
{
	const char *const *p = pedals_of(st);
	enum omt_cmd_result r = OMT_CMD_INVALID;

	/*
	 * Just started, the drives may not be verified yet (on RTU at
	 * 115200 baud, or on a loaded machine, the six take a while), and
	 * until then nothing moves or arms: pedals move nothing, ArmDrop
	 * answers Interlock.  That is the start, not the cell.
	 */
	if (!control_harness_wait(&h, all_verified, NULL, 1000)) {
		snprintf(why, len, "drives never verified");
		return false;
	}
	if (st == ST_LOCKED)
		return true;
	/* Unlocked by command: the pedal gesture is not what is tested. */
	if (command(OMT_CMD_UNLOCK) != OMT_CMD_OK) {
		snprintf(why, len, "Unlock refused");
		return false;
	}
	if (*p) {
		for (; *p; p++)
			control_harness_input(&h, *p, 1);
		if (!control_harness_wait(&h, moving, NULL, 500)) {
			snprintf(why, len, "never moved");
			return false;
		}
		control_harness_wait_cycles(&h, 20);
		if (st == ST_STOPPING)
			for (p = pedals_of(st); *p; p++)
				control_harness_input(&h, *p, 0);
		return true;
	}
	if (st == ST_IDLE)
		return true;
	r = command(OMT_CMD_ARM_DROP);
	if (r != OMT_CMD_OK) {
		snprintf(why, len, "ArmDrop refused (%d)", r);
		return false;
	}
	if (st == ST_COCKING) {
		control_harness_wait_cycles(&h, 10);
		return true;
	}
	if (!control_harness_wait(&h, armed, NULL, 600)) {
		snprintf(why, len, "never armed");
		return false;
	}
	if (st != ST_FIRED)
		return true;
	/* The simulator counts the section cocked once it has settled. */
	for (int i = 0; i < 20; i++) {
		sim3("thrust", "cervical", "2000");
		if (control_harness_wait(&h, fired, NULL, 10))
			return true;
	}
	snprintf(why, len, "never fired");
	return false;
}

static void inject(enum state st, enum fault f)
{
	const char *t = target_of(st, f);

	switch (f) {
	case F_NO_REPLY: case F_IO_SILENT: sim3("fault", t, "no-reply"); break;
	case F_EXCEPTION: sim3("fault", t, "exception 4"); break;
	case F_CRC: sim3("fault", t, "crc"); break;
	case F_ABSENT: sim3("fault", t, "absent"); break;
	case F_STALL: sim3("fault", t, "stall"); break;
	case F_OVERCURRENT: sim3("fault", t, "overcurrent"); break;
	case F_OBSTRUCTION: sim3("fault", t, "obstruction"); break;
	case F_JUMP: sim3("fault", t, "jump 30"); break;
	case F_ESTOP:
		control_harness_input(&h, "estop-a", 1);
		control_harness_input(&h, "estop-b", 1);
		break;
	default: break;
	}
}

static void remove_cause(enum state st, enum fault f)
{
	if (f == F_ESTOP) {
		control_harness_input(&h, "estop-a", 0);
		control_harness_input(&h, "estop-b", 0);
	} else {
		sim3("fault", target_of(st, f), "clear");
	}
}

static double position(const char *drive)
{
	return sim_harness_get(&h.sim, drive, "position");
}

static bool any_fault_raised(void)
{
	for (unsigned int e = 0; e < h.n_events; e++)
		if (h.events[e].kind == OMT_EV_FAULT_RAISED)
			return true;
	return false;
}

/* Returns false when the state was never reached (the fault never
 * injected): the start's trouble, not the cell's. */
static bool run_cell(enum state st, enum fault f, char *why, size_t len)
{
	static const char *const drives[] = {
		"height", "tilt", "cervical", "thoracic", "lumbar", "pelvic",
	};
	struct control_harness_options opt = { .period_ms = 10 };
	double before[6];
	struct omt_snapshot s;
	enum omt_cmd_result r = OMT_CMD_INVALID;
	bool online;

	why[0] = '\0';
	if (f == F_CRC) {
		/*
		 * CRC errors exist only on RTU: a pseudo-terminal, whose data
		 * a loaded machine delays more than a UART's, so as in
		 * itest_omtd_control_loop a slower cycle and a longer
		 * comms-lost window: as long as the harness's drive watchdog
		 * (500 ms), about what ten missed replies in a row gave when
		 * the limit was a count (a parked drive is read every sixth
		 * cycle at this speed).
		 */
		opt.period_ms = 20;
		opt.rtu_baud = 115200;
		opt.comms_lost_ms = 500;
	}
	if (control_harness_start(&h, &opt) != 0) {
		snprintf(why, len, "start: %.60s", h.error);
		return false;
	}
	if (!reach(st, why, len)) {
		control_harness_stop(&h);
		return false;
	}
	inject(st, f);
	control_harness_wait_cycles(&h, 60);
	for (const char *const *p = pedals_of(st); *p; p++)
		control_harness_input(&h, *p, 0);
	if (!control_harness_wait(&h, at_rest, NULL, 300)) {
		snprintf(why, len, "still moving");
		goto out;
	}
	control_harness_wait_cycles(&h, 30);
	s = control_harness_snapshot(&h);
	if (any_fault_raised() && s.n_faults == 0 && !s.estop) {
		snprintf(why, len, "raised, not latched");
		goto out;
	}
	if ((s.n_faults || s.estop) && !any_fault_raised() && !s.estop) {
		snprintf(why, len, "latched, not reported");
		goto out;
	}
	/* Nothing moves by itself: half a second of the simulator's own
	 * positions (a drive silenced by the fault reads its last value). */
	for (int a = 0; a < 6; a++)
		before[a] = position(drives[a]);
	control_harness_wait_cycles(&h, 50);
	for (int a = 0; a < 6; a++)
		if (fabs(position(drives[a]) - before[a]) > 0.1) {
			snprintf(why, len, "%s moved %.2f by itself", drives[a],
				 position(drives[a]) - before[a]);
			goto out;
		}
	remove_cause(st, f);
	/*
	 * Gone for the core too: every drive answered again (on RTU under
	 * load a drive at rest can take a while to be asked, and a link
	 * counts as lost until it answers).
	 */
	online = control_harness_wait(&h, all_online, NULL, 500);
	control_harness_wait_cycles(&h, 10);
	for (int i = 0; i < 5 && r != OMT_CMD_OK; i++) {
		r = command(OMT_CMD_CLEAR_FAULTS);
		if (r != OMT_CMD_OK)
			control_harness_wait_cycles(&h, 20);
	}
	if (r != OMT_CMD_OK) {
		/* What kept it latched, for whoever reads the failure. */
		char code[64] = "none";

		s = control_harness_snapshot(&h);
		if (s.n_faults)
			omt_fault_code(s.faults[0].kind, s.faults[0].axis,
				       code, sizeof(code));
		snprintf(why, len,
			 "ClearFaults refused (%d; %u faults, first %s; %s)",
			 r, s.n_faults, code,
			 online ? "every drive online" : "a drive still offline");
		goto out;
	}
	if (!control_harness_wait(&h, cleared, NULL, 50))
		snprintf(why, len, "a fault latched again after ClearFaults");
out:
	control_harness_stop(&h);
	return true;
}

START_TEST(every_fault_in_every_state_ends_stopped_latched_and_clearable)
{
	unsigned int held = 0, cells = 0, restarts = 0;

	for (int st = 0; st < ST_COUNT; st++)
		for (int f = 0; f < F_COUNT; f++) {
			/*
			 * A state not reached (on a loaded machine the start
			 * can outlast the setup's waits) is tried afresh, up
			 * to three times; its verdict stays a failure if it
			 * never is.  Only a reached state's cell is judged.
			 */
			for (int t = 0; t < 3; t++) {
				if (run_cell((enum state)st, (enum fault)f,
					     verdict[st][f],
					     sizeof(verdict[st][f])))
					break;
				restarts++;
			}
			cells++;
			held += verdict[st][f][0] == '\0';
		}
	printf("%-12s", "state");
	for (int f = 0; f < F_COUNT; f++)
		printf(" | %-11s", fault_names[f]);
	printf("\n");
	for (int st = 0; st < ST_COUNT; st++) {
		printf("%-12s", state_names[st]);
		for (int f = 0; f < F_COUNT; f++)
			printf(" | %-11s", verdict[st][f][0] ? "FAILS" : "holds");
		printf("\n");
	}
	for (int st = 0; st < ST_COUNT; st++)
		for (int f = 0; f < F_COUNT; f++)
			if (verdict[st][f][0])
				printf("%s / %s: %s\n", state_names[st],
				       fault_names[f], verdict[st][f]);
	printf("%u of %u cells hold (%u starts tried again)\n", held, cells,
	       restarts);
	fflush(stdout);
	ck_assert_uint_eq(held, cells);
}
END_TEST

static Suite *fault_matrix_suite(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("fault_matrix", "matrix", &tc);

	tcase_set_timeout(tc, 1800);
	tcase_add_test(tc, every_fault_in_every_state_ends_stopped_latched_and_clearable);
	return s;
}

int main(void)
{
	return omt_check_run(fault_matrix_suite());
}
