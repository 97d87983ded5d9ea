// SPDX-License-Identifier: MIT
/* Per-cycle choice of units to exchange (see drive_schedule.h). */
#include <string.h>

#include "drive_schedule.h"

/* Function 23 writing 3 and reading 6 registers. */
#define FC23_REQUEST_BYTES 19
#define FC23_REPLY_BYTES 17
/* Function 2 reading 16 inputs. */
#define FC2_REQUEST_BYTES 8
#define FC2_REPLY_BYTES 7
/* What a slave takes to start answering beyond the silent interval, us. */
#define TURNAROUND_US 500u
/* Over TCP, a first guess until exchanges have been measured. */
#define TCP_FIRST_ESTIMATE_NS 250000ull
/* The I/O module is read at least every this many cycles. */
#define IO_EVERY 2
/*
 * The end of each period kept free of exchanges, for the rest of the
 * cycle (interlock heartbeat, publishing) and the wake-up's lateness.
 */
#define GUARD_DIVISOR 10

void drive_schedule_init(struct drive_schedule *s,
			 const struct drive_schedule_setup *setup)
{
	memset(s, 0, sizeof(*s));
	s->present = setup->present & ((1u << OMT_AXIS_COUNT) - 1);
	s->io_on_bus = setup->io_on_bus;
	s->period_ns = setup->period_ns;
	s->window_ns = setup->period_ns - setup->period_ns / GUARD_DIVISOR;
	s->watchdog_ns = setup->watchdog_ns;
	s->lost_ns = setup->lost_ns;
	s->io_every = IO_EVERY;
	for (unsigned int u = 0; u < OMT_AXIS_COUNT; u++)
		s->estimate_ns[u] = setup->drive_estimate_ns;
	s->estimate_ns[DRIVE_SCHEDULE_IO] = setup->io_estimate_ns;
	s->estimate_ns[DRIVE_SCHEDULE_JOB] = setup->io_estimate_ns;
}

bool drive_schedule_park(struct drive_schedule *s, unsigned int drive,
			 bool want_enable, bool at_rest, uint64_t now_ns)
{
	if (drive >= OMT_AXIS_COUNT)
		return false;
	if (!want_enable || !at_rest) {
		s->resting[drive] = false;
		s->wire_on[drive] = want_enable;
		return want_enable;
	}
	if (!s->wire_on[drive])
		return false;
	if (!s->resting[drive]) {
		s->resting[drive] = true;
		s->rest_since_ns[drive] = now_ns;
	}
	if (now_ns - s->rest_since_ns[drive] >= DRIVE_SCHEDULE_PARK_NS)
		s->wire_on[drive] = false;
	return s->wire_on[drive];
}

bool drive_schedule_failing(const struct drive_schedule *s,
			    unsigned int drive)
{
	return drive < OMT_AXIS_COUNT && s->comms[drive].failing;
}

/*
 * A lost drive: the logic has stopped it, and it is only tried again now
 * and then.  The core's rule, not a plain window: a drive read in
 * rotation that missed one reply is lost only once it has had its
 * chances (omt_comms_watch_lost()); by a plain window the schedule had
 * demoted it to the retry rate while the runtime and the logic still
 * counted it a suspect to be asked again.
 */
bool drive_schedule_lost(const struct drive_schedule *s, unsigned int drive,
			 uint64_t now_ns)
{
	return drive < OMT_AXIS_COUNT &&
	       omt_comms_watch_lost(&s->comms[drive], s->lost_ns, now_ns);
}

static bool lost(const struct drive_schedule *s, unsigned int a,
		 uint64_t now_ns)
{
	return drive_schedule_lost(s, a, now_ns);
}

static uint32_t lost_drives(const struct drive_schedule *s, uint64_t now_ns)
{
	uint32_t m = 0;

	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		if (lost(s, a, now_ns))
			m |= 1u << a;
	return m;
}

/* A lost drive is tried again once per DRIVE_SCHEDULE_RETRY_NS. */
static bool retry_due(const struct drive_schedule *s, unsigned int a,
		      uint64_t now_ns)
{
	return now_ns - s->comms[a].tried_ns >= DRIVE_SCHEDULE_RETRY_NS;
}

static bool refresh_due(const struct drive_schedule *s, unsigned int a,
			uint64_t now_ns)
{
	if (!s->enabled_on_wire[a] || s->watchdog_ns == 0)
		return false;
	if (!s->refreshed[a])
		return true;
	/* Skipped now, the next chance ends up to two periods later. */
	return s->refreshed_ns[a] + s->watchdog_ns <= now_ns + 2 * s->period_ns;
}

static void add(struct drive_schedule_plan *plan, unsigned int unit,
		uint64_t *used, uint64_t cost)
{
	plan->unit[plan->n++] = (uint8_t)unit;
	*used += cost;
}

static uint32_t refreshes_due(const struct drive_schedule *s,
			      uint64_t now_ns)
{
	uint32_t due = 0;

	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		if ((s->present & (1u << a)) && refresh_due(s, a, now_ns))
			due |= 1u << a;
	return due;
}

static uint32_t failing_mask(const struct drive_schedule *s)
{
	uint32_t m = 0;

	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		if (s->comms[a].failing)
			m |= 1u << a;
	return m;
}

bool drive_schedule_io_turn(struct drive_schedule *s, uint32_t must_go,
			    uint32_t waited, uint64_t now_ns)
{
	uint64_t must_cost = 0;

	if (!s->io_on_bus)
		return false;
	must_go = (must_go | refreshes_due(s, now_ns)) & s->present &
		  ~lost_drives(s, now_ns);
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		if (must_go & (1u << a))
			must_cost += s->estimate_ns[a];
	if (s->io_age + 1 >= s->io_every ||
	    (!(waited & s->present & ~failing_mask(s)) &&
	     s->estimate_ns[DRIVE_SCHEDULE_IO] + must_cost <= s->window_ns)) {
		s->io_age = 0;
		return true;
	}
	s->io_age++;
	return false;
}

/*
 * Drives that must go, in axis order starting at first_must: when they
 * do not all fit, the ones left out lead next cycle.  At least one goes
 * whatever the estimates say: motion must not wait.
 */
static void plan_must_go(struct drive_schedule *s, uint32_t must_go,
			 struct drive_schedule_plan *plan, uint8_t *list,
			 unsigned int *n, uint32_t *planned, uint64_t *used)
{
	const uint64_t *est = s->estimate_ns;

	for (unsigned int i = 0; i < OMT_AXIS_COUNT; i++) {
		unsigned int a = (s->first_must + i) % OMT_AXIS_COUNT;

		if (!(must_go & (1u << a)))
			continue;
		if (*used + est[a] <= s->window_ns || *planned == 0) {
			list[(*n)++] = (uint8_t)a;
			*used += est[a];
			*planned |= 1u << a;
		} else {
			plan->deferred |= 1u << a;
		}
	}
}

void drive_schedule_plan(struct drive_schedule *s, uint32_t must_go,
			 bool io, bool job_waiting, uint64_t now_ns,
			 struct drive_schedule_plan *plan)
{
	uint32_t planned = 0, failing = 0, silent = 0;
	uint32_t lost_now = lost_drives(s, now_ns), suspect;
	uint64_t used = 0;
	uint64_t keep = job_waiting ? s->estimate_ns[DRIVE_SCHEDULE_JOB] : 0;
	const uint64_t *est = s->estimate_ns;
	/* Failing drives go after every answering one (see the header). */
	uint8_t back[OMT_AXIS_COUNT];
	unsigned int n_back = 0;

	memset(plan, 0, sizeof(*plan));
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (s->comms[a].failing)
			failing |= 1u << a;
		if (s->silent[a])
			silent |= 1u << a;
	}
	suspect = failing & ~lost_now & s->present;
	/*
	 * An enabled drive whose watchdog would run out must go as well;
	 * a lost one is not written (the logic stopped it): it gets only
	 * its retries.
	 */
	must_go = (must_go | refreshes_due(s, now_ns)) & s->present &
		  ~lost_now;
	if (io)
		add(plan, DRIVE_SCHEDULE_IO, &used, est[DRIVE_SCHEDULE_IO]);

	plan_must_go(s, must_go & ~failing, plan, plan->unit, &plan->n,
		     &planned, &used);
	/*
	 * A suspect drive is tried again every cycle, its command or not,
	 * before the status turn: the comms-lost window is a time, and a
	 * drive not asked again within it would count as lost for one lost
	 * reply.
	 */
	plan_must_go(s, must_go & suspect, plan, back, &n_back, &planned,
		     &used);
	for (unsigned int i = 0; i < OMT_AXIS_COUNT; i++) {
		unsigned int a = (s->first_must + i) % OMT_AXIS_COUNT;

		if (!(suspect & ~planned & (1u << a)) ||
		    used + est[a] > s->window_ns)
			continue;
		back[n_back++] = (uint8_t)a;
		used += est[a];
		planned |= 1u << a;
	}
	if (plan->deferred) {
		for (unsigned int i = 0; i < OMT_AXIS_COUNT; i++)
			if (plan->deferred & (1u << i)) {
				s->first_must = i;
				break;
			}
	}

	/*
	 * One lost silent drive whose retry is due, in turn, when no
	 * suspect goes (each may cost the rest of the cycle), ahead of the
	 * status turn: its rate bounds its share.  A lost drive that does
	 * answer (exceptions, bad frames) costs only its wire time: it stays
	 * in the status turn.
	 */
	for (unsigned int i = 0; i < OMT_AXIS_COUNT && n_back == 0; i++) {
		unsigned int a = (s->retry_cursor + i) % OMT_AXIS_COUNT;

		if (!(lost_now & silent & s->present & (1u << a)) ||
		    !retry_due(s, a, now_ns) || used + est[a] > s->window_ns)
			continue;
		back[n_back++] = (uint8_t)a;
		used += est[a];
		s->retry_cursor = (a + 1) % OMT_AXIS_COUNT;
	}
	/* The drives that answer in turn, for their status, while room is
	 * left. */
	for (unsigned int i = 0, start = s->cursor; i < OMT_AXIS_COUNT; i++) {
		unsigned int a = (start + i) % OMT_AXIS_COUNT;

		if (!(s->present & (1u << a)) ||
		    ((planned | suspect | (lost_now & silent)) & (1u << a)))
			continue;
		if (used + est[a] + keep > s->window_ns)
			break;
		add(plan, a, &used, est[a]);
		planned |= 1u << a;
		s->cursor = (a + 1) % OMT_AXIS_COUNT;
	}

	for (unsigned int i = 0; i < n_back; i++)
		plan->unit[plan->n++] = back[i];
	plan->spare_ns = used < s->window_ns ? s->window_ns - used : 0;
}

bool drive_schedule_io_last(const struct drive_schedule *s)
{
	return s->io_on_bus && s->io_silent;
}

bool drive_schedule_fits(const struct drive_schedule *s, unsigned int unit,
			 uint64_t now_ns, uint64_t end_ns)
{
	if (unit >= DRIVE_SCHEDULE_UNITS)
		return false;
	return now_ns + s->estimate_ns[unit] <= end_ns;
}

bool drive_schedule_may_start(const struct drive_schedule *s,
			      unsigned int unit, uint64_t bus_free_ns,
			      uint64_t deadline_ns, bool waited)
{
	uint64_t cutoff = drive_schedule_cutoff(s, deadline_ns);

	/* (Not a failing drive: it goes only where there is room.) */
	if (waited && unit < OMT_AXIS_COUNT && !s->comms[unit].failing)
		return bus_free_ns < cutoff;
	return drive_schedule_fits(s, unit, bus_free_ns, cutoff);
}

/*
 * The most an estimate may say: what a cycle can give the unit beside
 * the I/O module's read.  A unit is measured only when it is asked, and
 * it is asked only when its estimate fits; one answer held up far past
 * the window (a loaded machine) would otherwise price it out of every
 * cycle for good, a drive never asked again and so never found back.
 * Each exchange is cut at the window's end all the same.
 */
static uint64_t estimate_cap(const struct drive_schedule *s,
			     unsigned int unit)
{
	uint64_t half = s->window_ns / 2;
	uint64_t io = s->estimate_ns[DRIVE_SCHEDULE_IO];

	if (unit >= OMT_AXIS_COUNT)
		return half;
	if (!s->io_on_bus)
		return s->window_ns;
	return s->window_ns - (io < half ? io : half);
}

void drive_schedule_done(struct drive_schedule *s, unsigned int unit,
			 enum drive_schedule_reply reply, uint64_t elapsed_ns,
			 bool wrote_enable, uint64_t now_ns)
{
	bool silent = reply == DRIVE_SCHEDULE_SILENT;
	bool failed = reply != DRIVE_SCHEDULE_TOOK;
	uint64_t *e;

	if (unit >= DRIVE_SCHEDULE_UNITS)
		return;
	if (unit < OMT_AXIS_COUNT) {
		/* (The result names a fault only in the logic's own watch.) */
		if (failed)
			omt_comms_watch_failed(&s->comms[unit],
					       silent ? OMT_COMM_TIMEOUT :
							OMT_COMM_EXCEPTION,
					       now_ns);
		else
			omt_comms_watch_ok(&s->comms[unit], now_ns);
		s->silent[unit] = silent;
	}
	if (unit == DRIVE_SCHEDULE_IO)
		s->io_silent = silent;
	/*
	 * A silent exchange says nothing about the bus's speed (it ran into
	 * the response timeout); an answer does, whatever it said.  Up
	 * fast, down slowly: one slow exchange is believed at once (half
	 * way), a fast one only a sixteenth.
	 */
	if (silent)
		return;
	e = &s->estimate_ns[unit];
	if (elapsed_ns > *e)
		*e += (elapsed_ns - *e + 1) / 2;
	else
		*e -= (*e - elapsed_ns) / 16;
	if (*e > estimate_cap(s, unit))
		*e = estimate_cap(s, unit);
	/* A refused write leaves the drive as it was (its refresh due). */
	if (unit >= OMT_AXIS_COUNT || reply != DRIVE_SCHEDULE_TOOK)
		return;
	s->enabled_on_wire[unit] = wrote_enable;
	if (wrote_enable) {
		s->refreshed[unit] = true;
		s->refreshed_ns[unit] = now_ns;
	} else {
		s->refreshed[unit] = false;
	}
}

void drive_schedule_forget_failures(struct drive_schedule *s)
{
	/* Not silent: a lost drive goes back to the status turn. */
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		s->silent[a] = false;
	s->io_silent = false;
}

uint64_t drive_schedule_cutoff(const struct drive_schedule *s,
			       uint64_t deadline_ns)
{
	/*
	 * The window's end: the guard after it holds the wake-up from the
	 * cut wait (a real-time thread's wake-up is late by up to a few
	 * hundred microseconds on a loaded machine) and the rest of the
	 * cycle, which takes microseconds.
	 */
	return deadline_ns + s->window_ns;
}

bool drive_schedule_overdue(const struct drive_schedule *s,
			    unsigned int drive, uint64_t now_ns)
{
	if (drive >= OMT_AXIS_COUNT || !s->enabled_on_wire[drive] ||
	    s->watchdog_ns == 0 || !s->refreshed[drive])
		return false;
	return now_ns - s->refreshed_ns[drive] > s->watchdog_ns;
}

static uint32_t char_bits(const struct link_line_settings *link)
{
	return 1u + link->data_bits + (link->parity == 'N' ? 0u : 1u) +
	       link->stop_bits;
}

static uint64_t gap_ns(const struct link_line_settings *link, uint64_t baud)
{
	/* Modbus fixes the silent interval at 1.75 ms above 19200 baud. */
	if (baud > 19200)
		return 1750000u;
	return 35u * char_bits(link) * 100000000ull / baud;
}

static uint32_t frame_us(const struct link_line_settings *link,
			 uint32_t request, uint32_t reply)
{
	uint64_t baud = link->baud ? link->baud : 9600;
	uint64_t ns = (uint64_t)(request + reply) * char_bits(link) *
		      1000000000ull / baud + 2 * gap_ns(link, baud);

	return (uint32_t)(ns / 1000u) + TURNAROUND_US;
}

uint32_t drive_schedule_rtu_exchange_us(const struct link_line_settings *link)
{
	return frame_us(link, FC23_REQUEST_BYTES, FC23_REPLY_BYTES);
}

uint32_t drive_schedule_rtu_io_us(const struct link_line_settings *link)
{
	return frame_us(link, FC2_REQUEST_BYTES, FC2_REPLY_BYTES);
}

void drive_schedule_setup_for(struct drive_schedule_setup *setup,
			      const struct link_line_settings *link,
			      uint32_t present, bool io_on_bus,
			      uint32_t period_ms, uint32_t watchdog_ms,
			      uint32_t lost_ms)
{
	memset(setup, 0, sizeof(*setup));
	setup->present = present;
	setup->io_on_bus = io_on_bus;
	setup->period_ns = (uint64_t)period_ms * 1000000u;
	setup->watchdog_ns = (uint64_t)watchdog_ms * 1000000u;
	setup->lost_ns = (uint64_t)lost_ms * 1000000u;
	if (link->transport == LINK_TRANSPORT_RTU) {
		setup->drive_estimate_ns =
			(uint64_t)drive_schedule_rtu_exchange_us(link) * 1000u;
		setup->io_estimate_ns =
			(uint64_t)drive_schedule_rtu_io_us(link) * 1000u;
	} else {
		setup->drive_estimate_ns = TCP_FIRST_ESTIMATE_NS;
		setup->io_estimate_ns = TCP_FIRST_ESTIMATE_NS;
	}
}
