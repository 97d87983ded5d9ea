// SPDX-License-Identifier: MIT
/*
 * The bus schedule, in simulated time: every exchange takes what the wire
 * takes at the configured baud rate, and each test asserts what the
 * schedule promises (no cycle planned past its end, a moving drive every
 * cycle, every enabled drive refreshed within its watchdog, the I/O module
 * at its rate), never a wall-clock time.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "drive_schedule.h"

#define MS 1000000ull
#define BIT(a) (1u << (a))
#define ALL_SIX ((1u << OMT_AXIS_COUNT) - 1)
#define H OMT_AXIS_HEIGHT
#define T OMT_AXIS_TILT

static struct link_line_settings rtu(uint32_t baud, char parity)
{
	struct link_line_settings l;

	memset(&l, 0, sizeof(l));
	l.transport = LINK_TRANSPORT_RTU;
	l.baud = baud;
	l.parity = parity;
	l.data_bits = 8;
	l.stop_bits = 1;
	return l;
}

static struct link_line_settings tcp(void)
{
	struct link_line_settings l;

	memset(&l, 0, sizeof(l));
	l.transport = LINK_TRANSPORT_TCP;
	return l;
}

/*
 * A simulated table: what the core wants per drive (enabled, moving),
 * the runtime's parking and must-go rule, and a bus whose exchanges take
 * wire_ns[unit].
 */
struct world {
	struct drive_schedule s;
	uint64_t period_ns, now;
	uint64_t wire_ns[DRIVE_SCHEDULE_UNITS];
	bool moving[OMT_AXIS_COUNT];
	bool job_waiting;
	/*
	 * Units that do not answer: their exchange lasts the response
	 * timeout, or, as the runtime cuts every wait, until the cycle's
	 * cut-off (drive_schedule_cutoff()).
	 */
	uint32_t silent;
	uint64_t timeout_ns;
	/*
	 * As the link: after a reply given up on, nothing is sent until its
	 * response timeout has passed (a late reply may still come).
	 */
	uint64_t quiet_until;
	uint64_t late_ns;               /* this cycle's wake-up, that late */
	bool sent_enable[OMT_AXIS_COUNT];
	bool ever_sent[OMT_AXIS_COUNT];
	bool must_waited[OMT_AXIS_COUNT];
	/* Results of the last cycle. */
	uint32_t exchanged;
	bool io_read;
	uint64_t busy_ns;
	/* Over the run. */
	uint64_t cycles, overruns;
	unsigned int io_gap_max, io_gap;
	/* Replies of answering units lost to the cut-off: sure timeouts. */
	uint64_t cut;
	/*
	 * The same exchanges as the core's comms watch sees them (the
	 * runtime feeds the logic each reading): after every cycle the
	 * schedule must call a drive lost exactly when this does.
	 */
	struct omt_comms_watch core[OMT_AXIS_COUNT];
};

/* The core's watch, as the logic keeps it, and the window of world_init(). */
#define LOST_WINDOW_NS (60 * MS)

static void core_saw(struct world *w, unsigned int u, bool answered,
		     uint64_t t)
{
	if (u >= OMT_AXIS_COUNT)
		return;
	if (answered)
		omt_comms_watch_ok(&w->core[u], t);
	else
		omt_comms_watch_failed(&w->core[u], OMT_COMM_TIMEOUT, t);
}

static void world_init(struct world *w, const struct link_line_settings *link,
		       uint32_t period_ms, uint64_t wire_drive_ns,
		       uint64_t wire_io_ns)
{
	struct drive_schedule_setup setup;

	memset(w, 0, sizeof(*w));
	drive_schedule_setup_for(&setup, link, ALL_SIX, true, period_ms, 100,
				 60);
	drive_schedule_init(&w->s, &setup);
	w->period_ns = period_ms * MS;
	w->now = 1000 * MS;
	for (int u = 0; u < OMT_AXIS_COUNT; u++)
		w->wire_ns[u] = wire_drive_ns;
	w->wire_ns[DRIVE_SCHEDULE_IO] = wire_io_ns;
}

static void world_cycle(struct world *w)
{
	struct drive_schedule_plan plan;
	uint32_t must_go = 0;
	bool wire_enable[OMT_AXIS_COUNT];
	uint64_t t = w->now + w->late_ns, end = w->now + w->period_ns;
	uint64_t cutoff = drive_schedule_cutoff(&w->s, w->now);
	uint32_t waited = 0;
	/* As the runtime: a silent I/O module is read after the drives. */
	bool io_last = drive_schedule_io_last(&w->s);
	uint8_t order[DRIVE_SCHEDULE_UNITS];
	unsigned int n = 0;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		wire_enable[a] = drive_schedule_park(&w->s, a, true,
						     !w->moving[a], w->now);
		if (w->moving[a] || !w->ever_sent[a] ||
		    wire_enable[a] != w->sent_enable[a])
			must_go |= BIT(a);
		if (w->must_waited[a])
			waited |= BIT(a);
	}
	drive_schedule_plan(&w->s, must_go,
			    drive_schedule_io_turn(&w->s, must_go, waited,
						   w->now),
			    w->job_waiting, w->now, &plan);
	w->exchanged = 0;
	w->io_read = false;
	for (unsigned int i = 0; i < plan.n; i++)
		if (!io_last || plan.unit[i] != DRIVE_SCHEDULE_IO)
			order[n++] = plan.unit[i];
	if (n < plan.n)
		order[n++] = DRIVE_SCHEDULE_IO;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int u = order[i];
		bool answers = !(w->silent & BIT(u));
		uint64_t start = t > w->quiet_until ? t : w->quiet_until;
		/* As the runtime (control_thread.c exchange_drives()). */
		if (!drive_schedule_may_start(&w->s, u, start, w->now,
					      (waited & BIT(u)) != 0))
			continue;
		/* The request goes whole; the wait for its reply is cut. */
		t = start + (answers ? w->wire_ns[u] : w->timeout_ns);
		if (t > cutoff) {
			t = start > cutoff ? start : cutoff;
			w->cut += answers;
			answers = false;
		}
		if (!answers) {
			drive_schedule_done(&w->s, u, DRIVE_SCHEDULE_SILENT, 0,
					    false, t);
			core_saw(w, u, false, t);
			w->quiet_until = start + w->timeout_ns;
			if (u < OMT_AXIS_COUNT)
				w->exchanged |= BIT(u);
			continue;
		}
		if (u == DRIVE_SCHEDULE_IO) {
			w->io_read = true;
		} else {
			w->exchanged |= BIT(u);
			w->sent_enable[u] = wire_enable[u];
			w->ever_sent[u] = true;
		}
		drive_schedule_done(&w->s, u, DRIVE_SCHEDULE_TOOK, w->wire_ns[u],
				    u < OMT_AXIS_COUNT && wire_enable[u], t);
		core_saw(w, u, true, t);
	}
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		w->must_waited[a] = (must_go & BIT(a)) &&
				    !(w->exchanged & BIT(a));
	w->busy_ns = t - w->now;
	if (t > end)
		w->overruns++;
	w->io_gap = w->io_read ? 0 : w->io_gap + 1;
	if (w->io_gap > w->io_gap_max)
		w->io_gap_max = w->io_gap;
	w->cycles++;
	w->now = end;
	/*
	 * A drive that does not answer, or has not answered since it last
	 * failed, cannot be refreshed: every other is.
	 */
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		ck_assert_msg((w->silent & BIT(a)) ||
			      drive_schedule_failing(&w->s, a) ||
			      !drive_schedule_overdue(&w->s, a, w->now),
			      "drive %d not refreshed within its watchdog "
			      "(cycle %llu)", a,
			      (unsigned long long)w->cycles);
	/* One state: the schedule and the core agree on every lost drive. */
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		bool core_lost = omt_comms_watch_lost(&w->core[a],
						      LOST_WINDOW_NS, w->now);

		ck_assert_msg(drive_schedule_lost(&w->s, a, w->now) ==
			      core_lost,
			      "drive %d: the schedule says %s, the core %s "
			      "(cycle %llu)", a,
			      core_lost ? "not lost" : "lost",
			      core_lost ? "lost" : "not lost",
			      (unsigned long long)w->cycles);
	}
}

/* 115200 baud 8E1 as omt-sim paces it: 36 bytes and two 1.75 ms gaps. */
#define RTU_DRIVE_NS 6938000ull
#define RTU_IO_NS 4932000ull

START_TEST(rtu_defaults_idle_never_overrun_and_every_drive_stays_fed)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	for (int i = 0; i < 3000; i++)
		world_cycle(&w);
	ck_assert_uint_eq(w.overruns, 0);
	ck_assert_uint_le(w.io_gap_max, 1);
}
END_TEST

START_TEST(rtu_defaults_moving_axis_goes_every_cycle_with_the_io_module)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	for (int i = 0; i < 100; i++)
		world_cycle(&w);
	for (int round = 0; round < 5; round++) {
		w.moving[round % 2 ? T : H] = true;
		for (int i = 0; i < 200; i++) {
			world_cycle(&w);
			ck_assert_msg(w.exchanged & BIT(round % 2 ? T : H),
				      "moving drive skipped at cycle %d", i);
			ck_assert(w.io_read);
		}
		w.moving[H] = w.moving[T] = false;
		for (int i = 0; i < 100; i++)
			world_cycle(&w);
	}
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

/*
 * Both axes at once at 115200 baud / 20 ms: the I/O module and two drives
 * do not fit one cycle, so the I/O module goes every other cycle and the
 * cycle it goes leaves one axis for the next; never an overrun, and no
 * axis waits two cycles in a row.
 */
START_TEST(rtu_two_moving_axes_share_the_bus_without_overrun)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;
	unsigned int missed[OMT_AXIS_COUNT] = { 0 };

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	for (int i = 0; i < 100; i++)
		world_cycle(&w);
	w.moving[H] = w.moving[T] = true;
	for (int i = 0; i < 1000; i++) {
		world_cycle(&w);
		for (int a = H; a <= T; a++) {
			missed[a] = (w.exchanged & BIT(a)) ? 0 : missed[a] + 1;
			ck_assert_uint_le(missed[a], 1);
		}
	}
	ck_assert_uint_eq(w.overruns, 0);
	ck_assert_uint_le(w.io_gap_max, 1);
}
END_TEST

/* Exchanges slower than the first estimate: the schedule learns them. */
/*
 * A unit that does not answer (its reply lost, or late on a loaded
 * machine) waits out the response timeout, 15 ms on RTU by default: the
 * I/O module's read timing out and then the moving drive, which always
 * goes, ran 31 ms into a 20 ms cycle.  Every wait ends at the cycle's
 * cut-off instead: the cycle loses that reply, not the next deadline,
 * and the moving drive is still sent its setpoint every cycle.
 */
START_TEST(a_silent_unit_costs_its_reply_never_the_next_deadline)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;

	unsigned int unsent = 0;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.timeout_ns = 15 * MS;
	for (int i = 0; i < 100; i++)
		world_cycle(&w);
	w.moving[H] = true;
	for (int i = 0; i < 400; i++) {
		/*
		 * First the I/O module is silent, then the moving drive, two
		 * replies in four: lost replies, not a lost unit (a lost
		 * drive is not written any more, see the next test).
		 */
		w.silent = i % 4 >= 2 ? 0 :
			   i < 200 ? BIT(DRIVE_SCHEDULE_IO) : BIT(H);
		world_cycle(&w);
		/*
		 * The bus stays quiet for the silent unit's whole response
		 * timeout: the moving drive may then miss a cycle, never two
		 * in a row.
		 */
		unsent = (w.exchanged & BIT(H)) ? 0 : unsent + 1;
		ck_assert_msg(unsent <= 1,
			      "moving drive not sent two cycles in a row (%d)",
			      i);
		ck_assert_uint_le(w.busy_ns, w.period_ns);
	}
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

/*
 * One wake-up 10 ms late with the height axis moving (RTU defaults):
 * the I/O module still fits, the moving drive no longer does before the
 * cut-off, so it waits for the next cycle.  Before, it went anyway: its
 * reply was cut (a sure timeout), the bus stayed quiet for its response
 * timeout into the next cycle, whose moving drive then started late and
 * was cut in turn, cycle after cycle, three timeouts making a comms
 * fault of one late wake-up.
 */
/*
 * The I/O module falls silent while the tilt moves, over TCP with the
 * response timeout most of the period (as the test harness has it), on
 * a loaded machine: the tilt's exchange (a CiA 402 drive's several
 * requests) takes longer than its estimate.  Read first, the silent
 * module left the tilt the last millisecond of each window: its
 * exchange was cut off, it counted failing and went to the back, behind
 * the module again, was cut again, lost, and never told to stop (the
 * mixed fault matrix's io-silent cells: the tilt ran on).  Read after
 * the drives, it costs the tilt at most the cycle it fell silent in.
 */
START_TEST(a_silent_io_module_never_starves_a_moving_drive)
{
	struct link_line_settings l = tcp();
	struct world w;
	unsigned int unsent = 0;

	world_init(&w, &l, 10, 300000ull, 100000ull);
	w.timeout_ns = 8 * MS;
	w.moving[T] = true;
	for (int i = 0; i < 50; i++)
		world_cycle(&w);
	w.silent = BIT(DRIVE_SCHEDULE_IO);
	w.wire_ns[T] = 1500000ull;
	for (int i = 0; i < 300; i++) {
		world_cycle(&w);
		/* Sent and answered: a cut-off exchange counts failing. */
		unsent = (w.exchanged & BIT(T)) &&
			 !drive_schedule_failing(&w.s, T) ? 0 : unsent + 1;
		ck_assert_msg(unsent <= 1,
			      "moving drive not exchanged for %u cycles (cycle %d)",
			      unsent, i);
		ck_assert(!drive_schedule_lost(&w.s, T, w.now));
	}
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

START_TEST(a_late_wakeup_costs_one_cycle_not_a_chain_of_timeouts)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;
	unsigned int unsent = 0;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.timeout_ns = 16 * MS;
	for (int i = 0; i < 100; i++)
		world_cycle(&w);
	w.moving[H] = true;
	/* Every 20th cycle late by 1, 3, ... 17 ms in turn. */
	for (int i = 0; i < 400; i++) {
		w.late_ns = i % 20 == 10 ? ((i / 20) % 9 * 2 + 1) * MS : 0;
		world_cycle(&w);
		unsent = (w.exchanged & BIT(H)) ? 0 : unsent + 1;
		ck_assert_uint_le(unsent, 1);
	}
	ck_assert_uint_eq(w.cut, 0);
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

/* No exchange starts that would end after the cut-off, but a drive
 * that must go and was left out last cycle. */
START_TEST(an_exchange_starts_only_when_it_ends_by_the_cutoff)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct drive_schedule_setup setup;
	struct drive_schedule s;
	uint64_t d = 1000 * MS, cutoff;

	drive_schedule_setup_for(&setup, &l, ALL_SIX, true, 20, 100, 60);
	drive_schedule_init(&s, &setup);
	cutoff = drive_schedule_cutoff(&s, d);
	ck_assert_uint_lt(cutoff, d + 20 * MS);
	for (unsigned int u = 0; u < DRIVE_SCHEDULE_UNITS; u++)
		for (uint64_t t = d; t < d + 25 * MS; t += 100000) {
			bool ends = t + s.estimate_ns[u] <= cutoff;

			ck_assert_int_eq(drive_schedule_may_start(&s, u, t, d,
								  false),
					 ends);
			/* Left out last cycle: any time before the cut-off. */
			ck_assert_int_eq(drive_schedule_may_start(&s, u, t, d,
								  true),
					 u < OMT_AXIS_COUNT ? t < cutoff : ends);
		}
}
END_TEST

/*
 * Two drives cut off the bus while they move (their cable pulled): every
 * exchange with them waits out the response timeout, 15 ms of a 20 ms
 * cycle.  The drives that still answer must not pay for it: the one that
 * moves goes every cycle, every enabled one is refreshed within its
 * watchdog (world_cycle()), no cycle overruns, and at rest the status
 * turn reaches every answering drive within a fifth of a second.  Before
 * the schedule knew failing drives, the silent ones, still enabled on
 * the wire, came due for their refresh every cycle and went first: the
 * lumbar drive planned after them was never exchanged.
 */
START_TEST(silent_drives_never_starve_the_drives_that_answer)
{
	struct link_line_settings l = rtu(115200, 'E');
	const uint32_t cut = BIT(OMT_AXIS_CERVICAL) | BIT(OMT_AXIS_THORACIC);
	const int moving = OMT_AXIS_LUMBAR;
	uint64_t last_read[OMT_AXIS_COUNT];
	struct world w;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.timeout_ns = 15 * MS;
	for (int i = 0; i < 100; i++)
		world_cycle(&w);
	w.moving[OMT_AXIS_CERVICAL] = w.moving[OMT_AXIS_THORACIC] = true;
	w.moving[moving] = true;
	for (int i = 0; i < 3; i++)
		world_cycle(&w);
	/* Cut off; the logic stops them (here at once). */
	w.silent = cut;
	w.moving[OMT_AXIS_CERVICAL] = w.moving[OMT_AXIS_THORACIC] = false;
	for (int i = 0, missed = 0; i < 150; i++) {
		world_cycle(&w);
		missed = (w.exchanged & BIT(moving)) ? 0 : missed + 1;
		/*
		 * A drive is known to fail once it has failed: until each
		 * cut drive has, it may take one cycle of the moving one.
		 */
		ck_assert_msg(i < 5 ? missed <= 1 : missed == 0,
			      "moving drive skipped at cycle %d", i);
	}
	ck_assert_msg(!(w.exchanged & cut),
		      "a lost drive is still written every cycle");
	/* At rest: the status turn goes round the drives that answer. */
	w.moving[moving] = false;
	for (int i = 0; i < 10; i++)
		world_cycle(&w);
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		last_read[a] = w.now;
	for (int i = 0; i < 500; i++) {
		uint64_t began = w.now;

		world_cycle(&w);
		for (int a = 0; a < OMT_AXIS_COUNT; a++) {
			if (w.exchanged & BIT(a))
				last_read[a] = began;
			/* The lost ones are tried again at their own rate. */
			ck_assert_msg(w.now - last_read[a] <=
				      ((cut & BIT(a)) ?
				       2 * DRIVE_SCHEDULE_RETRY_NS : 200 * MS),
				      "drive %d unread for %llu ms (cycle %d)",
				      a, (unsigned long long)
				      ((w.now - last_read[a]) / MS), i);
		}
	}
	/* Plugged back in: both are found within their retry time. */
	w.silent = 0;
	for (int i = 0; i < (int)(2 * DRIVE_SCHEDULE_RETRY_NS / w.period_ns);
	     i++)
		world_cycle(&w);
	ck_assert(!drive_schedule_failing(&w.s, OMT_AXIS_CERVICAL));
	ck_assert(!drive_schedule_failing(&w.s, OMT_AXIS_THORACIC));
	ck_assert_uint_eq(w.overruns, 0);
	ck_assert_uint_le(w.io_gap_max, 1);
}
END_TEST

/*
 * One reply lost from a drive read in rotation (at RTU speed every sixth
 * cycle): it is asked again the very next cycle, not a rotation later,
 * since the comms-lost window (60 ms here, three cycles) is a time.
 */
START_TEST(a_drive_that_missed_a_reply_is_asked_again_next_cycle)
{
	struct link_line_settings l = rtu(115200, 'E');
	const int p = OMT_AXIS_PELVIC;
	struct world w;
	int i;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.timeout_ns = 15 * MS;
	for (i = 0; i < 100; i++)
		world_cycle(&w);
	w.silent = BIT(p);
	for (i = 0; i < 20; i++) {
		world_cycle(&w);
		if (w.exchanged & BIT(p))
			break;
	}
	ck_assert(drive_schedule_failing(&w.s, p));
	w.silent = 0;
	world_cycle(&w);
	ck_assert(w.exchanged & BIT(p));
	ck_assert(!drive_schedule_failing(&w.s, p));
}
END_TEST

/*
 * A drive read in rotation misses one reply just as two axes start to
 * move: they fill the bus, so it is not asked again for a while.  The
 * core calls it lost only once it has had its chances (three of its
 * usual intervals, at most 8 windows: hazard H118); the schedule used a
 * plain 60 ms window and so took it for lost long before (its retries
 * slowed to the lost rate, its command no longer planned) while the
 * runtime and the logic still counted it a suspect.  world_cycle()
 * compares the two after every cycle; here the case where they parted.
 */
START_TEST(the_schedule_calls_a_drive_lost_when_the_core_does)
{
	struct link_line_settings l = rtu(115200, 'E');
	const int p = OMT_AXIS_PELVIC;
	uint64_t failed_at = 0;
	struct world w;
	int i;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.timeout_ns = 15 * MS;
	for (i = 0; i < 100; i++)
		world_cycle(&w);
	w.silent = BIT(p);
	for (i = 0; i < 20 && !failed_at; i++) {
		world_cycle(&w);
		if (w.exchanged & BIT(p))
			failed_at = w.s.comms[p].failing_since_ns;
	}
	ck_assert(drive_schedule_failing(&w.s, p));
	/* Its usual interval in rotation is more than a third of the window. */
	ck_assert_uint_gt(3 * w.s.comms[p].interval_ns, LOST_WINDOW_NS);
	w.silent = 0;
	w.moving[H] = w.moving[T] = true;
	while (w.now < failed_at + 2 * LOST_WINDOW_NS) {
		world_cycle(&w);
		ck_assert_msg(!(w.exchanged & BIT(p)),
			      "the bus was meant to be full");
	}
	/* Past the window, not asked again: not lost yet, by either. */
	ck_assert(drive_schedule_failing(&w.s, p));
	ck_assert(!drive_schedule_lost(&w.s, p, w.now));
	/* Left unasked for its chances, it is lost (by both). */
	for (i = 0; i < 30; i++)
		world_cycle(&w);
	ck_assert(drive_schedule_lost(&w.s, p, w.now));
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

/*
 * One answer that came far too late (a bad frame after a loaded machine
 * held the reply) must not price a drive out of the bus for good: its
 * estimate then exceeded what any cycle has room for, so it was never
 * asked again, never measured again, and stayed lost after its cause was
 * gone (ClearFaults refused for ever).  It is asked again once the table
 * is at rest, and answers.
 */
START_TEST(one_slow_answer_never_prices_a_drive_out_of_the_bus)
{
	struct link_line_settings l = rtu(115200, 'E');
	const int p = OMT_AXIS_PELVIC;
	struct world w;
	int i;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.timeout_ns = 15 * MS;
	for (i = 0; i < 100; i++)
		world_cycle(&w);
	drive_schedule_done(&w.s, p, DRIVE_SCHEDULE_REFUSED, 60 * MS, false,
			    w.now);
	drive_schedule_done(&w.s, p, DRIVE_SCHEDULE_REFUSED, 60 * MS, false,
			    w.now + 1 * MS);
	ck_assert(drive_schedule_failing(&w.s, p));
	for (i = 0; i < 50; i++) {
		world_cycle(&w);
		if (w.exchanged & BIT(p))
			break;
	}
	ck_assert_msg(w.exchanged & BIT(p),
		      "pelvic never asked again (estimate %llu ns)",
		      (unsigned long long)w.s.estimate_ns[p]);
	ck_assert(!drive_schedule_failing(&w.s, p));
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

START_TEST(estimates_follow_measured_exchanges)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;

	world_init(&w, &l, 20, 8 * MS, 5500000ull);
	for (int i = 0; i < 2000; i++) {
		w.moving[H] = (i / 300) % 2;
		world_cycle(&w);
	}
	ck_assert_uint_eq(w.overruns, 0);
	ck_assert_uint_ge(w.s.estimate_ns[H], 8 * MS);
	ck_assert_uint_ge(w.s.estimate_ns[DRIVE_SCHEDULE_IO], 5500000ull);
}
END_TEST

/*
 * A job waiting (a drive's check, a diagnostics request) gets room even
 * at RTU speed with an axis moving, and the moving axis still goes.
 */
START_TEST(a_waiting_job_keeps_room_while_an_axis_moves)
{
	struct link_line_settings l = rtu(115200, 'E');
	struct world w;

	world_init(&w, &l, 20, RTU_DRIVE_NS, RTU_IO_NS);
	w.job_waiting = true;
	for (int i = 0; i < 100; i++)
		world_cycle(&w);
	w.moving[H] = true;
	for (int i = 0; i < 200; i++) {
		world_cycle(&w);
		ck_assert(w.exchanged & BIT(H));
		ck_assert_uint_ge(w.period_ns - w.busy_ns,
				  w.s.estimate_ns[DRIVE_SCHEDULE_JOB]);
	}
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

START_TEST(tcp_exchanges_every_drive_every_cycle)
{
	struct link_line_settings l = tcp();
	struct world w;

	world_init(&w, &l, 10, 150000ull, 100000ull);
	for (int i = 0; i < 20; i++)
		world_cycle(&w);
	for (int i = 0; i < 200; i++) {
		w.moving[H] = i > 50;
		world_cycle(&w);
		ck_assert(w.io_read);
		/* Room for all: every drive's status every cycle. */
		ck_assert_uint_eq(w.exchanged, ALL_SIX);
	}
	ck_assert_uint_eq(w.overruns, 0);
}
END_TEST

START_TEST(a_drive_at_rest_is_parked_after_the_park_time)
{
	struct drive_schedule_setup setup;
	struct drive_schedule s;
	struct link_line_settings l = tcp();
	uint64_t t = 1000 * MS;

	drive_schedule_setup_for(&setup, &l, ALL_SIX, true, 10, 100, 60);
	drive_schedule_init(&s, &setup);
	ck_assert(drive_schedule_park(&s, H, true, false, t));
	ck_assert(drive_schedule_park(&s, H, true, true, t));
	ck_assert(drive_schedule_park(&s, H, true, true,
				      t + DRIVE_SCHEDULE_PARK_NS - 1));
	ck_assert(!drive_schedule_park(&s, H, true, true,
				       t + DRIVE_SCHEDULE_PARK_NS));
	/* Motion enables at once; the core's "no" is always no. */
	ck_assert(drive_schedule_park(&s, H, true, false,
				      t + DRIVE_SCHEDULE_PARK_NS + 1));
	ck_assert(!drive_schedule_park(&s, H, false, false, t));
}
END_TEST

/* A drive whose refresh comes due is planned before its watchdog ends. */
START_TEST(an_enabled_drive_is_refreshed_before_its_watchdog)
{
	struct drive_schedule_setup setup;
	struct drive_schedule s;
	struct drive_schedule_plan plan;
	struct link_line_settings l = rtu(115200, 'E');
	uint64_t t = 1000 * MS;
	bool seen = false;

	drive_schedule_setup_for(&setup, &l, BIT(H) | BIT(T), true, 20, 100,
				 60);
	drive_schedule_init(&s, &setup);
	drive_schedule_done(&s, T, DRIVE_SCHEDULE_TOOK, RTU_DRIVE_NS, true, t);
	for (int i = 1; i <= 4 && !seen; i++) {
		uint64_t now = t + i * 20 * MS;

		drive_schedule_plan(&s, BIT(H),
				    drive_schedule_io_turn(&s, BIT(H), 0, now),
				    false, now, &plan);
		for (unsigned int k = 0; k < plan.n; k++)
			seen |= plan.unit[k] == T;
	}
	ck_assert(seen);
}
END_TEST

/*
 * A drive that answers badly (an exception, a bad CRC) is failing, and
 * asked again at once while suspect, but not silent: lost, it costs only
 * its wire time and stays in the status turn, while a silent one is
 * tried only at its retry rate.  A write it refused is no refresh of
 * its watchdog.
 */
START_TEST(a_drive_answering_badly_fails_but_is_not_silent)
{
	struct drive_schedule_setup setup;
	struct drive_schedule s;
	struct drive_schedule_plan plan;
	struct link_line_settings l = tcp();
	uint64_t t = 1000 * MS;
	bool seen;

	drive_schedule_setup_for(&setup, &l, BIT(H) | BIT(T), true, 10, 100,
				 60);
	drive_schedule_init(&s, &setup);
	drive_schedule_done(&s, T, DRIVE_SCHEDULE_TOOK, 200000, true, t);
	drive_schedule_done(&s, T, DRIVE_SCHEDULE_REFUSED, 200000, true,
			    t + 50 * MS);
	ck_assert(drive_schedule_failing(&s, T) && !s.silent[T]);
	ck_assert_uint_eq(s.refreshed_ns[T], t);
	ck_assert(drive_schedule_overdue(&s, T, t + 101 * MS));
	/* Lost (60 ms on), answering badly: read every cycle all the same. */
	for (int i = 0; i < 3; i++) {
		uint64_t now = t + (120 + 10 * i) * MS;

		drive_schedule_done(&s, T, DRIVE_SCHEDULE_REFUSED, 200000,
				    false, now - 5 * MS);
		drive_schedule_plan(&s, 0, false, false, now, &plan);
		seen = false;
		for (unsigned int k = 0; k < plan.n; k++)
			seen |= plan.unit[k] == T;
		ck_assert(seen);
	}
	/* Lost and silent: not again until its retry is due. */
	drive_schedule_done(&s, T, DRIVE_SCHEDULE_SILENT, 5 * MS, false,
			    t + 150 * MS);
	ck_assert(drive_schedule_failing(&s, T) && s.silent[T]);
	drive_schedule_plan(&s, 0, false, false, t + 160 * MS, &plan);
	for (unsigned int k = 0; k < plan.n; k++)
		ck_assert_uint_ne(plan.unit[k], T);
	drive_schedule_done(&s, T, DRIVE_SCHEDULE_TOOK, 200000, false,
			    t + 400 * MS);
	ck_assert(!drive_schedule_failing(&s, T) && !s.silent[T]);
}
END_TEST

START_TEST(wire_times_follow_baud_rate_and_format)
{
	struct link_line_settings fast = rtu(115200, 'E');
	struct link_line_settings slow = rtu(9600, 'E');

	/* 36 chars * 11 bits at 115200 = 3.44 ms, 2 x 1.75 ms, 0.5 ms. */
	ck_assert_uint_eq(drive_schedule_rtu_exchange_us(&fast), 7437);
	ck_assert_uint_gt(drive_schedule_rtu_exchange_us(&slow),
			  drive_schedule_rtu_exchange_us(&fast) * 5);
	ck_assert_uint_lt(drive_schedule_rtu_io_us(&fast),
			  drive_schedule_rtu_exchange_us(&fast));
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("drive_schedule", "schedule", &tc);

	tcase_add_test(tc, rtu_defaults_idle_never_overrun_and_every_drive_stays_fed);
	tcase_add_test(tc, rtu_defaults_moving_axis_goes_every_cycle_with_the_io_module);
	tcase_add_test(tc, rtu_two_moving_axes_share_the_bus_without_overrun);
	tcase_add_test(tc, a_silent_unit_costs_its_reply_never_the_next_deadline);
	tcase_add_test(tc, a_silent_io_module_never_starves_a_moving_drive);
	tcase_add_test(tc, a_late_wakeup_costs_one_cycle_not_a_chain_of_timeouts);
	tcase_add_test(tc, an_exchange_starts_only_when_it_ends_by_the_cutoff);
	tcase_add_test(tc, silent_drives_never_starve_the_drives_that_answer);
	tcase_add_test(tc, a_drive_that_missed_a_reply_is_asked_again_next_cycle);
	tcase_add_test(tc, the_schedule_calls_a_drive_lost_when_the_core_does);
	tcase_add_test(tc, estimates_follow_measured_exchanges);
	tcase_add_test(tc, one_slow_answer_never_prices_a_drive_out_of_the_bus);
	tcase_add_test(tc, a_waiting_job_keeps_room_while_an_axis_moves);
	tcase_add_test(tc, tcp_exchanges_every_drive_every_cycle);
	tcase_add_test(tc, a_drive_at_rest_is_parked_after_the_park_time);
	tcase_add_test(tc, an_enabled_drive_is_refreshed_before_its_watchdog);
	tcase_add_test(tc, a_drive_answering_badly_fails_but_is_not_silent);
	tcase_add_test(tc, wire_times_follow_baud_rate_and_format);
	suite_add_tcase(s, tc);
	return omt_check_run(s);
}
