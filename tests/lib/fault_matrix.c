// SPDX-License-Identifier: MIT
/* The fault matrix for one table (see fault_matrix.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "control_harness.h"
#include "fault_matrix.h"

enum state {
	ST_LOCKED, ST_IDLE, ST_HEIGHT_UP, ST_HEIGHT_DOWN, ST_TILT_UP,
	ST_TILT_DOWN, ST_BOTH, ST_STOPPING, ST_COCKING, ST_ARMED, ST_FIRED,
	ST_COUNT,
};

static const char *const state_names[ST_COUNT] = {
	"locked", "idle", "height up", "height down", "tilt up", "tilt down",
	"both", "stopping", "cocking", "armed", "fired",
};

/*
 * The faults of every table, then those of a drive class's own (columns
 * only on a table with such drives).  On a LINAK-class drive `absent`
 * is the loss of the heartbeat: omt-sim ignores every request, so the
 * actuator stops by its own 500 ms heartbeat check (error 5).
 */
enum fault {
	F_NO_REPLY, F_EXCEPTION, F_CRC, F_ABSENT, F_STALL, F_OVERCURRENT,
	F_OBSTRUCTION, F_JUMP, F_IO_SILENT, F_ESTOP,
	F_GENERIC_COUNT,
	F_DRIVE_ERROR = F_GENERIC_COUNT, F_POWER_CYCLE, F_COUNT,
};

static const char *const fault_names[F_COUNT] = {
	"no-reply", "exception", "crc", "absent", "stall", "overcurrent",
	"obstruction", "jump", "io-silent", "e-stop", "drive-error",
	"power-cycle",
};

static struct control_harness h;
static const char *table_name;
/* The table's drive classes ("height=linak", ...), NULL-terminated. */
static const char *table_classes[SIM_HARNESS_CLASSES_MAX + 1];
static const char *skipped[ST_COUNT][F_COUNT];   /* label, or NULL */
static char verdict[ST_COUNT][F_COUNT][128];
static uint64_t cookie = 1;

/* The drive's class as omt-sim plays it: "generic", "linak", "cia402". */
static const char *class_of(const char *drive)
{
	size_t len = strlen(drive);

	for (unsigned int i = 0; table_classes[i]; i++)
		if (strncmp(table_classes[i], drive, len) == 0 &&
		    table_classes[i][len] == '=') {
			const char *cls = table_classes[i] + len + 1;

			return strncmp(cls, "cia402", 6) == 0 ? "cia402" : cls;
		}
	return "generic";
}

/* A power cycle a technician must repair: the LINAK actuator's position
 * is lost until a recovery run to an end (docs/simulator.md). */
static bool stays_latched(enum state st, enum fault f);

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
	if (f == F_DRIVE_ERROR || f == F_POWER_CYCLE)
		return st == ST_TILT_UP || st == ST_TILT_DOWN ? "tilt" : "height";
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
	case F_DRIVE_ERROR:
		/* LINAK error 2 (Hall sensor); CiA 402 4310h (temperature). */
		sim3("fault", t, strcmp(class_of(t), "linak") == 0 ?
				 "error 2" : "error 0x4310");
		break;
	case F_POWER_CYCLE: sim3("power-cycle", t, NULL); break;
	case F_ESTOP:
		control_harness_input(&h, "estop-a", 1);
		control_harness_input(&h, "estop-b", 1);
		break;
	default: break;
	}
}

static bool stays_latched(enum state st, enum fault f)
{
	return f == F_POWER_CYCLE &&
	       strcmp(class_of(target_of(st, f)), "linak") == 0;
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

/* Where the simulator has the drive: a LINAK actuator's real position,
 * which it reads as -1 while the position is lost. */
static double position(const char *drive)
{
	return sim_harness_get(&h.sim, drive,
			       strcmp(class_of(drive), "linak") == 0 ?
			       "real_position" : "position");
}

static bool any_fault_raised(void)
{
	for (unsigned int e = 0; e < h.n_events; e++)
		if (h.events[e].kind == OMT_EV_FAULT_RAISED)
			return true;
	return false;
}

static bool latched(const struct omt_snapshot *s, void *arg)
{
	return s->n_faults != 0;
}

/*
 * A fault whose cause stays: ClearFaults may be taken or refused, but
 * the fault is latched again (or still), and the pedal of the drive
 * moves nothing.
 */
static void judge_still_latched(enum state st, enum fault f, char *why,
				size_t len)
{
	const char *drive = target_of(st, f);
	const char *pedal = strcmp(drive, "tilt") == 0 ? "pedal-tilt-up" :
							 "pedal-height-up";
	double before;

	command(OMT_CMD_CLEAR_FAULTS);
	control_harness_wait_cycles(&h, 30);
	if (!control_harness_wait(&h, latched, NULL, 50)) {
		snprintf(why, len, "no fault latched after ClearFaults");
		return;
	}
	command(OMT_CMD_UNLOCK);
	before = position(drive);
	control_harness_enable_pedal(&h, 1);
	control_harness_input(&h, pedal, 1);
	control_harness_wait_cycles(&h, 50);
	if (control_harness_snapshot(&h).state == OMT_STATE_MOVING)
		snprintf(why, len, "the %s pedal started a motion", drive);
	else if (fabs(position(drive) - before) > 0.1)
		snprintf(why, len, "%s moved %.2f with the fault latched",
			 drive, position(drive) - before);
	control_harness_input(&h, pedal, 0);
	control_harness_enable_pedal(&h, 0);
}

/* Returns false when the state was never reached (the fault never
 * injected): the start's trouble, not the cell's. */
static bool run_cell(enum state st, enum fault f, char *why, size_t len)
{
	static const char *const drives[] = {
		"height", "tilt", "cervical", "thoracic", "lumbar", "pelvic",
	};
	struct control_harness_options opt = {
		.period_ms = 10, .table = table_name,
	};
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
		/*
		 * A drive of another class takes several requests an
		 * exchange (a CiA 402 one up to eight, 5 ms each at 115200
		 * baud): they fit beside the other units only in an 80 ms
		 * round (itest_omtd_drive_classes).
		 */
		if (table_classes[0])
			opt.period_ms = 80;
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
	if (stays_latched(st, f)) {
		judge_still_latched(st, f, why, len);
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

/*
 * On a table with drives of other classes, a cell whose fault goes to an
 * omt-generic-1 drive (a drop section, in the drop states) while the
 * class drives stand is the generic table's cell over again
 * (test_fault_matrix): left out, to keep the time of make check.
 */
static bool same_as_generic(enum state st, enum fault f)
{
	const char *t = target_of(st, f);

	return table_classes[0] && f != F_ESTOP && strcmp(t, "io") != 0 &&
	       strcmp(class_of(t), "generic") == 0 && *pedals_of(st) == NULL &&
	       st != ST_LOCKED && st != ST_IDLE;
}

int fault_matrix_run(const char *table, fault_matrix_left_out left_out,
		     struct fault_matrix_result *out)
{
	static char text[CONTROL_HARNESS_TABLE_TEXT];
	char err[256];
	unsigned int n_faults;

	if (control_harness_table(table, text, sizeof(text), table_classes,
				  SIM_HARNESS_CLASSES_MAX + 1, err,
				  sizeof(err)) != 0) {
		printf("fault matrix: %s\n", err);
		return -1;
	}
	/* The class faults only where a drive has a class of its own. */
	n_faults = table_classes[0] ? F_COUNT : F_GENERIC_COUNT;
	table_name = table;
	memset(out, 0, sizeof(*out));
	memset(verdict, 0, sizeof(verdict));
	memset(skipped, 0, sizeof(skipped));
	for (int st = 0; st < ST_COUNT; st++)
		for (unsigned int f = 0; f < n_faults; f++) {
			if (same_as_generic((enum state)st, (enum fault)f)) {
				skipped[st][f] = "(generic)";
				continue;
			}
			if (left_out &&
			    (skipped[st][f] = left_out(state_names[st],
						       fault_names[f])))
				continue;
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
				out->restarts++;
			}
			out->cells++;
			out->held += verdict[st][f][0] == '\0';
		}
	printf("table %s\n%-12s", table ? table : "generic", "state");
	for (unsigned int f = 0; f < n_faults; f++)
		printf(" | %-11s", fault_names[f]);
	printf("\n");
	for (int st = 0; st < ST_COUNT; st++) {
		printf("%-12s", state_names[st]);
		for (unsigned int f = 0; f < n_faults; f++)
			printf(" | %-11.11s", skipped[st][f] ? skipped[st][f] :
					      verdict[st][f][0] ? "FAILS" : "holds");
		printf("\n");
	}
	for (int st = 0; st < ST_COUNT; st++)
		for (unsigned int f = 0; f < n_faults; f++)
			if (verdict[st][f][0])
				printf("%s / %s: %s\n", state_names[st],
				       fault_names[f], verdict[st][f]);
	printf("%u of %u cells hold (%u starts tried again)\n", out->held,
	       out->cells, out->restarts);
	fflush(stdout);
	return 0;
}
