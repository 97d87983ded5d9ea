// SPDX-License-Identifier: MIT
/*
 * The real-time control thread and its side of the seam to the main
 * thread (control_port.h).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <uapi/omt_table.h>

#include "control_port.h"
#include "drive_intent.h"
#include "drive_schedule.h"
#include "drive_verify.h"
#include "gpio_inputs.h"
#include "kernel_fault_names.h"
#include "kernel_interlock.h"
#include "link.h"
#include "log.h"
#include "omt_io_map.h"
#include "omt_regs.h"
#include "rt_setup.h"
#include "seqlock.h"
#include "spsc_ring.h"
#include "omt_time.h"

#define COMMAND_SLOTS 64
#define EVENT_SLOTS 512
/* Ten seconds of a 10 ms loop: the tracing main thread drains far sooner. */
#define TRACE_SLOTS 1024
#define THREAD_STACK_SIZE (1024u * 1024u)
/* Stops requested outside the command ring (omt_control_request_stop). */
#define STOP_FLAG_STOP 1u
#define STOP_FLAG_ESTOP 2u
/* Diagnostics requests waiting for room on the bus. */
#define DIAG_SLOTS 16
/* How long a controlled stop may take before the drives are cut anyway. */
#define STOP_GRACE_NS (3ull * NSEC_PER_SEC)

struct omt_control {
	/* ---- set-up: written before start, read-only afterwards ---- */
	struct omtd_config config;
	struct omt_table_params params;
	/* As given: the borrowed devices and the hooks; its config and
	 * params point at the copies above. */
	struct omt_control_setup setup;
	uint32_t present;                       /* bit per configured drive */

	/* ---- the seam ---- */
	struct spsc_ring commands;              /* main -> control */
	struct spsc_ring events;                /* control -> main */
	struct spsc_ring trace;                 /* control -> main, when armed */
	struct seqlock snapshot;                /* control -> main */
	struct seqlock stats;                   /* control -> anyone */
	int event_fd;
	struct omt_command command_slots[COMMAND_SLOTS];
	struct omt_event event_slots[EVENT_SLOTS];
	struct omt_trace_record trace_slots[TRACE_SLOTS];
	atomic_uint_fast64_t trace_dropped;
	seqlock_word snapshot_words[SEQLOCK_WORDS_FOR(sizeof(struct omt_snapshot))];
	seqlock_word stats_words[SEQLOCK_WORDS_FOR(sizeof(struct omt_loop_stats))];

	/* ---- thread life ---- */
	pthread_t thread;
	bool thread_started;
	atomic_bool stop_requested;
	atomic_uint stop_flags;                 /* STOP_FLAG_*, any thread */
	atomic_bool first_published;
	atomic_bool finished;

	/* ---- control thread only ---- */
	struct omt_table_logic logic;
	struct cycle_clock clock;
	struct drive_schedule schedule;
	struct omt_cycle_inputs inputs;
	struct omt_cycle_outputs outputs;
	struct drive_reading reading[OMT_AXIS_COUNT];
	enum omt_comm_result comm[OMT_AXIS_COUNT];
	bool exchanged_once[OMT_AXIS_COUNT];
	bool have_reading[OMT_AXIS_COUNT];      /* position known at all */
	bool enable_sent[OMT_AXIS_COUNT];       /* with the last reading */
	uint64_t taken_ns[OMT_AXIS_COUNT];      /* when it was read */
	bool fresh[OMT_AXIS_COUNT];             /* exchanged since last step */
	struct drive_verify verify[OMT_AXIS_COUNT];
	uint64_t connections_seen;              /* link_connections() */
	unsigned int verify_cursor;
	bool lost_unverified[OMT_AXIS_COUNT];   /* lost, and forgotten */
	bool wire_enable[OMT_AXIS_COUNT];       /* this cycle, after parking */
	bool sent_valid[OMT_AXIS_COUNT];
	struct drive_command sent[OMT_AXIS_COUNT]; /* last written command */
	/*
	 * Drives of a newer class (target-position, cia402-profile-
	 * position): their codec, the intent it was last given in an
	 * exchange that was answered, and the named fault last logged.
	 */
	bool by_codec[OMT_AXIS_COUNT];
	struct drive_codec codec[OMT_AXIS_COUNT];
	struct drive_intent sent_intent[OMT_AXIS_COUNT];
	enum drive_named_fault named_fault[OMT_AXIS_COUNT];
	bool intent_refused[OMT_AXIS_COUNT];    /* its codec stopped it instead */
	uint64_t written_ns[OMT_AXIS_COUNT];    /* its last answered write */
	uint32_t must_go;                       /* of the last cycle */
	bool must_waited[OMT_AXIS_COUNT];       /* it had to go, and did not */
	/* The I/O module was read after the last cycle's drives: that
	 * sample is the next cycle's (drive_schedule_io_last()). */
	bool io_read_late;
	enum link_status job_status;            /* of the last job's request */
	struct omt_command diag[DIAG_SLOTS];    /* waiting for room */
	unsigned int diag_head, diag_len;
	double velocity_limit_sent[OMT_AXIS_COUNT]; /* 0: not (known) sent */
	uint32_t tension_sent[OMT_DROP_SECTIONS];
	struct omt_snapshot work;
	struct omt_loop_stats loop;
	bool events_waiting;                    /* pushed since last eventfd */
	uint64_t heartbeat_ns;                  /* the interlock's last ping */
	bool kernel_estop;                      /* the interlock says so */
	bool kernel_interlock_lost;             /* its device went away */
	bool kernel_escape_granted;             /* its escape grant, last cycle */
	bool kernel_escape_refused;             /* a refusal was logged */
	bool stopping;
	uint64_t stop_began_ns;
	uint32_t trace_remaining;               /* cycles still to record */
	bool exchanged_now[OMT_AXIS_COUNT];     /* this cycle, for the trace */
};

static struct timespec to_timespec(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};

	return ts;
}

/* ================= the port (control_port.h) ================= */

bool omt_control_submit(struct omt_control *control,
			const struct omt_command *command)
{
	return spsc_ring_push(&control->commands, command);
}

void omt_control_request_stop(struct omt_control *control, bool emergency)
{
	atomic_fetch_or(&control->stop_flags,
			emergency ? STOP_FLAG_ESTOP : STOP_FLAG_STOP);
}

void omt_control_snapshot(struct omt_control *control,
			  struct omt_snapshot *snapshot)
{
	seqlock_read(&control->snapshot, snapshot);
}

int omt_control_event_fd(struct omt_control *control)
{
	return control->event_fd;
}

bool omt_control_next_event(struct omt_control *control,
			    struct omt_event *event)
{
	uint64_t count;

	if (spsc_ring_pop(&control->events, event))
		return true;
	/*
	 * Empty: reset the eventfd, then look once more.  An event pushed
	 * after this second look writes the eventfd again, so the caller is
	 * woken for it; one pushed before is taken now.
	 */
	/* EAGAIN (already reset) is the only failure possible here. */
	(void)!read(control->event_fd, &count, sizeof(count));
	return spsc_ring_pop(&control->events, event);
}

bool omt_control_next_trace(struct omt_control *control,
			    struct omt_trace_record *record)
{
	return spsc_ring_pop(&control->trace, record);
}

uint64_t omt_control_trace_dropped(struct omt_control *control)
{
	return atomic_load(&control->trace_dropped);
}

void omt_control_loop_stats(struct omt_control *control,
			    struct omt_loop_stats *stats)
{
	seqlock_read(&control->stats, stats);
}

bool omt_control_on_thread(const struct omt_control *control)
{
	return control->thread_started &&
	       pthread_equal(pthread_self(), control->thread);
}

/* ================= control thread: events ================= */

static void push_event(struct omt_control *c, const struct omt_event *ev)
{
	if (spsc_ring_push(&c->events, ev))
		c->events_waiting = true;
	else
		c->loop.events_dropped++;
}

bool omt_control_log(struct omt_control *control, const char *message)
{
	struct omt_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = OMT_EV_LOG;
	ev.axis = OMT_AXIS_COUNT;
	ev.monotonic_ns = monotonic_ns();
	snprintf(ev.message, sizeof(ev.message), "%s", message);
	if (!spsc_ring_push(&control->events, &ev)) {
		control->loop.events_dropped++;
		return false;
	}
	control->events_waiting = true;
	return true;
}

static void wake_main_thread(struct omt_control *c)
{
	uint64_t one = 1;

	if (!c->events_waiting)
		return;
	/*
	 * Non-blocking: the only failure, EAGAIN, means the counter is
	 * saturated and the fd readable already.
	 */
	(void)!write(c->event_fd, &one, sizeof(one));
	c->events_waiting = false;
}

/* ================= control thread: I/O ================= */

static enum omt_comm_result comm_result(enum link_status s)
{
	switch (s) {
	case LINK_OK:
		return OMT_COMM_OK;
	case LINK_CRC:
		return OMT_COMM_CRC;
	case LINK_EXCEPTION:
		return OMT_COMM_EXCEPTION;
	case LINK_FRAME:
	case LINK_INVALID:
		return OMT_COMM_FRAME;
	case LINK_TIMEOUT:
	case LINK_IO:
	case LINK_DISCONNECTED:
	default:
		/* Nothing usable came back: the same as no reply. */
		return OMT_COMM_TIMEOUT;
	}
}

/* How an exchange held the bus up, for the schedule. */
static enum drive_schedule_reply schedule_reply(enum link_status s)
{
	switch (s) {
	case LINK_OK:
		return DRIVE_SCHEDULE_TOOK;
	case LINK_TIMEOUT:
	case LINK_IO:
	case LINK_DISCONNECTED:
		return DRIVE_SCHEDULE_SILENT;
	default:
		return DRIVE_SCHEDULE_REFUSED;
	}
}

/*
 * When the bus can carry this cycle's next request: now, or later on RTU
 * while a reply given up on may still arrive (link_quiet_at()).  Fits
 * are judged, and exchange times measured, from then.
 */
static uint64_t bus_free_ns(const struct omt_control *c)
{
	uint64_t now = monotonic_ns(), quiet = link_quiet_at(c->setup.link);

	return quiet > now ? quiet : now;
}

static void fill_axis_reading(const struct omt_control *c, enum omt_axis a,
			      struct omt_axis_reading *r)
{
	const struct drive_reading *d = &c->reading[a];
	uint16_t st = d->status;

	memset(r, 0, sizeof(*r));
	r->present = (c->present >> a) & 1u;
	if (!r->present)
		return;
	r->comm = c->comm[a];
	r->stale = !c->fresh[a];
	r->verified = c->verify[a].state == OMT_VERIFY_OK;
	r->verify_failed = !drive_verify_wants_step(&c->verify[a]) &&
			   !r->verified;
	r->travel_known = r->verified && c->verify[a].identity.has_travel;
	r->travel_min = c->verify[a].identity.min_position;
	r->travel_max = c->verify[a].identity.max_position;
	r->position = d->position;
	r->velocity = d->velocity;
	r->current_ma = d->current_ma;
	r->status = d->status_raw;
	r->ready = st & OMT_STATUS_READY;
	r->enabled = st & OMT_STATUS_ENABLED;
	r->moving = st & OMT_STATUS_MOVING;
	r->in_position = st & OMT_STATUS_IN_POSITION;
	r->fault = st & OMT_STATUS_FAULT;
	r->limit_low = st & OMT_STATUS_LIMIT_LOW;
	r->limit_high = st & OMT_STATUS_LIMIT_HIGH;
	r->obstruction = st & OMT_STATUS_OBSTRUCTION;
	r->obstruction_recorded = r->obstruction && d->obstruction_recorded;
	r->comms_timeout = st & OMT_STATUS_COMMS_TIMEOUT;
	r->drive_fault = d->fault_code;
	r->enable_sent = c->enable_sent[a];
	r->taken_ns = c->taken_ns[a];
}

/*
 * One read of the I/O module over the bus, if it can end by the cut-off:
 * the result is the logic's next sample.  Returns whether it was read.
 */
static bool read_io_module(struct omt_control *c)
{
	uint64_t t0 = bus_free_ns(c), t1;
	uint32_t bits = 0;
	enum link_status s;

	c->inputs.io_stale = true;
	/* It would not end by the cut-off: next cycle. */
	if (!drive_schedule_may_start(&c->schedule, DRIVE_SCHEDULE_IO, t0,
				      c->clock.deadline_ns, false)) {
		c->loop.exchanges_skipped++;
		return false;
	}
	s = link_read_inputs(c->setup.link, &bits);
	c->inputs.io_stale = false;
	t1 = monotonic_ns();
	drive_schedule_done(&c->schedule, DRIVE_SCHEDULE_IO, schedule_reply(s),
			    t1 > t0 ? t1 - t0 : 0, false, t1);
	c->inputs.io_comm = comm_result(s);
	if (s == LINK_OK)
		c->inputs.inputs = bits;
	return true;
}

/*
 * io_turn: the module is read now, before the drives.  A sample read
 * after the last cycle's drives (drive_schedule_io_last()) is this
 * cycle's, as fresh as a read now would be.
 */
static void read_operator_inputs(struct omt_control *c, bool io_turn)
{
	uint32_t bits = 0;

	if (c->setup.gpio) {
		if (gpio_inputs_read(c->setup.gpio, &bits) == 0) {
			c->inputs.io_comm = OMT_COMM_OK;
			c->inputs.inputs = bits;
		} else {
			c->inputs.io_comm = OMT_COMM_TIMEOUT;
		}
	} else if (c->io_read_late) {
		c->io_read_late = false;
	} else if (io_turn) {
		(void)read_io_module(c);
	} else {
		/*
		 * Not this cycle's turn: the last reading stands, no older
		 * than the schedule's io_every cycles.
		 */
		c->inputs.io_stale = true;
	}
}


static bool jobs_waiting(const struct omt_control *c);

/* What a drive is written this cycle: the logic's, parked at rest. */
static struct drive_command wire_command(const struct omt_control *c,
					 enum omt_axis a)
{
	const struct omt_axis_output *o = &c->outputs.axis[a];
	struct drive_command cmd = {
		.enable = c->wire_enable[a],
		.quick_stop = o->quick_stop,
		.fault_reset = o->fault_reset,
		.setpoint = o->setpoint,
	};

	return cmd;
}

/*
 * Whether a drive's command is unchanged.  A disabled drive ignores its
 * setpoint: one that follows a resting drive's reading (encoder noise)
 * does not make the drive go every cycle.
 */
static bool same_command(const struct drive_command *x,
			 const struct drive_command *y)
{
	return x->enable == y->enable && x->quick_stop == y->quick_stop &&
	       x->fault_reset == y->fault_reset &&
	       (!x->enable || x->setpoint == y->setpoint);
}

static void unverify(struct omt_control *c, enum omt_axis a);

/* What a drive of a newer class is told this cycle (drive_intent.h). */
static struct drive_intent wire_intent(const struct omt_control *c,
				       enum omt_axis a)
{
	struct drive_intent in;

	drive_intent_from_output(&c->outputs.axis[a], c->wire_enable[a], &in);
	return in;
}

/*
 * A drive of a newer class must go when what it is told changes (a
 * release or a stop among them: its stop goes in the next exchange),
 * while it is told to move (a heartbeat is due every exchange of a run,
 * and a run's progress is what the supervision watches), and while its
 * codec has something under way (start-up, a stop until the drive
 * stands, a CiA 402 state step or set-point handshake, a fault reset),
 * and, for a drive with a heartbeat, before a quarter of its timeout has
 * passed since its last write, moving or not.  Settled and at rest
 * otherwise, it waits its turn like a parked drive.
 */
static bool class_drive_must_go(const struct omt_control *c, enum omt_axis a,
				uint64_t now)
{
	struct drive_intent in = wire_intent(c, a);
	uint64_t keepalive_ns = (uint64_t)drive_codec_keepalive_ms(&c->codec[a]) *
				NSEC_PER_MSEC;

	return !c->sent_valid[a] || in.move ||
	       !drive_intent_same(&in, &c->sent_intent[a]) ||
	       !drive_codec_settled(&c->codec[a]) ||
	       (keepalive_ns &&
		now - c->written_ns[a] + c->params.cycle_ns >= keepalive_ns);
}

static bool drive_lost(const struct omt_control *c, enum omt_axis a,
		       uint64_t now)
{
	/* The schedule's watch: it plans by the same answer (one state). */
	return drive_schedule_lost(&c->schedule, (unsigned int)a, now);
}

/*
 * A drive whose exchanges have failed for the comms-lost window may have
 * been power-cycled or replaced, its settings gone: it is verified again
 * before it is written anything.  Checked every cycle, not only when it
 * is tried (a lost drive is tried only now and then).
 */
static void forget_lost_drives(struct omt_control *c, uint64_t now)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		if (!drive_lost(c, (enum omt_axis)a, now) ||
		    c->lost_unverified[a])
			continue;
		unverify(c, (enum omt_axis)a);
		c->lost_unverified[a] = true;
	}
}

/*
 * A drive that must go this cycle: it is written to (verified, answering)
 * and its command differs from the last one it took.  A lost drive is
 * left to the schedule's retries: trying it every cycle would fill the
 * bus with timeouts, and the logic has stopped it anyway.
 */
static uint32_t drives_that_must_go(struct omt_control *c, uint64_t now)
{
	uint32_t must = 0;

	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct drive_command cmd;

		if (!((c->present >> a) & 1u) || !c->have_reading[a] ||
		    c->verify[a].state != OMT_VERIFY_OK ||
		    drive_lost(c, (enum omt_axis)a, now))
			continue;
		if (c->by_codec[a]) {
			if (class_drive_must_go(c, (enum omt_axis)a, now))
				must |= 1u << a;
			continue;
		}
		cmd = wire_command(c, (enum omt_axis)a);
		if (!c->sent_valid[a] || !same_command(&cmd, &c->sent[a]))
			must |= 1u << a;
	}
	return must;
}

/* The logic's enables, with drives at rest parked (drive_schedule.h). */
static void decide_wire_enables(struct omt_control *c, uint64_t now)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		c->wire_enable[a] = drive_schedule_park(
			&c->schedule, (unsigned int)a,
			c->outputs.axis[a].enable,
			(c->outputs.at_rest >> a) & 1u, now);
}

/* Forget a drive's check: it is verified again before being enabled. */
static void unverify(struct omt_control *c, enum omt_axis a)
{
	drive_verify_restart(&c->verify[a]);
	c->sent_valid[a] = false;
	/* It may have been power-cycled: its class's start-up again. */
	if (c->by_codec[a])
		drive_codec_restart(&c->codec[a]);
	c->velocity_limit_sent[a] = 0;
	if (OMT_AXIS_IS_DROP(a))
		c->tension_sent[a - OMT_AXIS_CERVICAL] = 0;
}

/* Say when a class drive's named fault appears or goes. */
static void report_named_fault(struct omt_control *c, enum omt_axis a)
{
	enum drive_named_fault f = drive_codec_fault(&c->codec[a]);
	char line[OMT_EVENT_MESSAGE_MAX];

	if (f == c->named_fault[a])
		return;
	if (f == DRIVE_FAULT_NONE)
		snprintf(line, sizeof(line), "%s drive (slave %u): %s cleared",
			 omt_axis_name(a), c->config.drive[a].slave,
			 drive_named_fault_name(c->named_fault[a]));
	else
		snprintf(line, sizeof(line),
			 "%s drive (slave %u, %s): fault %s",
			 omt_axis_name(a), c->config.drive[a].slave,
			 drive_class_name(c->codec[a].cls),
			 drive_named_fault_name(f));
	omt_control_log(c, line);
	c->named_fault[a] = f;
}

/*
 * The same for a drive of a newer class, through its codec: the writes
 * its class makes of the intent, then its reads, decoded into the same
 * canonical reading.  Unverified, or before its position is known, it
 * is read only; an exchange that failed is not decoded.
 */
static enum link_status class_exchange(struct omt_control *c, enum omt_axis a,
				       bool write, const struct drive_intent *in,
				       struct drive_reading *reading)
{
	struct drive_codec *codec = &c->codec[a];
	uint16_t words[DRIVE_READ_WORDS_MAX];
	struct drive_writes writes;
	enum link_status s;
	uint64_t now_ms = monotonic_ns() / NSEC_PER_MSEC;

	drive_writes_clear(&writes);
	/* A target or speed it cannot encode: the codec stops the drive
	 * instead (the core's supervision then sees it stand); said once. */
	if (write) {
		bool refused = drive_codec_step(codec, in, now_ms, &writes) != 0;

		if (refused && !c->intent_refused[a]) {
			char line[OMT_EVENT_MESSAGE_MAX];

			snprintf(line, sizeof(line),
				 "%s drive: target %.3f at %.3f/s is beyond what its profile can send; stopped instead",
				 omt_axis_name(a), in->target, in->speed);
			omt_control_log(c, line);
		}
		c->intent_refused[a] = refused;
	}
	s = link_exchange(c->setup.link, a, &writes, drive_codec_reads(codec),
			  words);
	if (s == LINK_OK)
		drive_codec_decode(codec, words, monotonic_ns() / NSEC_PER_MSEC,
				   reading);
	report_named_fault(c, a);
	return s;
}

/*
 * One exchange with a drive: its command written and its state read, or,
 * for a drive not verified on this connection or whose position is not
 * known yet, its state read only: nothing is written to a drive that may
 * be the wrong one, and a setpoint made up before its position is known
 * could be anywhere.
 */
static void exchange_drive(struct omt_control *c, enum omt_axis a)
{
	struct drive_command cmd = wire_command(c, a);
	struct drive_intent intent = wire_intent(c, a);
	bool write = c->have_reading[a] && c->verify[a].state == OMT_VERIFY_OK;
	struct drive_reading reading;
	enum link_status s;
	uint64_t t0 = bus_free_ns(c), t1;

	if (c->by_codec[a]) {
		s = class_exchange(c, a, write, &intent, &reading);
		c->exchanged_now[a] = write;
	} else if (write) {
		s = link_cycle(c->setup.link, a, &cmd, &reading);
		c->exchanged_now[a] = true;
	} else {
		s = link_read_drive(c->setup.link, a, &reading);
	}
	t1 = monotonic_ns();
	drive_schedule_done(&c->schedule, (unsigned int)a, schedule_reply(s),
			    t1 > t0 ? t1 - t0 : 0, write && cmd.enable, t1);
	c->comm[a] = comm_result(s);
	c->exchanged_once[a] = true;
	c->fresh[a] = true;
	if (s != LINK_OK)
		return;
	c->lost_unverified[a] = false;
	c->reading[a] = reading;
	c->taken_ns[a] = t1;
	c->have_reading[a] = true;
	c->enable_sent[a] = write && cmd.enable;
	if (write) {
		c->sent[a] = cmd;
		c->sent_intent[a] = intent;
		c->sent_valid[a] = true;
		c->written_ns[a] = t1;
	}
}

static void exchange_drives(struct omt_control *c, bool io_turn,
			    uint64_t now)
{
	struct drive_schedule_plan plan;

	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		c->exchanged_now[a] = false;
	decide_wire_enables(c, now);
	forget_lost_drives(c, now);
	c->must_go = drives_that_must_go(c, now);
	drive_schedule_plan(&c->schedule, c->must_go, io_turn, jobs_waiting(c),
			    now, &plan);
	if (plan.deferred)
		c->loop.must_go_deferred++;
	for (unsigned int i = 0; i < plan.n; i++) {
		unsigned int u = plan.unit[i];

		if (u >= OMT_AXIS_COUNT)
			continue;       /* the I/O module went first */
		/*
		 * Never start what cannot end by the cut-off, but for a
		 * drive that must go and was left out last cycle: a moving
		 * drive left unwritten does not follow (nor brake).  Its
		 * request goes whole, and the wait for its reply ends at the
		 * cut-off (link_set_cutoff()), so late it costs its reply,
		 * not the next deadline.
		 */
		if (!drive_schedule_may_start(&c->schedule, u, bus_free_ns(c),
					      c->clock.deadline_ns,
					      c->must_waited[u])) {
			c->loop.exchanges_skipped++;
			continue;
		}
		exchange_drive(c, (enum omt_axis)u);
	}
	/* A drive that had to go and was not written leads next cycle. */
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		c->must_waited[a] = ((c->must_go >> a) & 1u) &&
				    !c->exchanged_now[a];
}

/* Every drive, whatever the time: the start and the last cycle only. */
static void exchange_all_drives(struct omt_control *c)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		if ((c->present >> a) & 1u)
			exchange_drive(c, (enum omt_axis)a);
}

/*
 * The room jobs share: whatever a cycle's planned exchanges leave before
 * the window's end, one request at a time, each started only if its
 * estimate still fits.  Jobs are, by rank: a verification step, a
 * speed-cap or tension write, one diagnostics request a cycle.
 */
static bool room_for_job(const struct omt_control *c)
{
	return drive_schedule_may_start(&c->schedule, DRIVE_SCHEDULE_JOB,
					bus_free_ns(c), c->clock.deadline_ns,
					false);
}

static bool verify_wanted(const struct omt_control *c, unsigned int a)
{
	return ((c->present >> a) & 1u) &&
	       drive_verify_wants_step(&c->verify[a]) && c->have_reading[a] &&
	       c->comm[a] == OMT_COMM_OK;
}

static bool velocity_limit_wanted(const struct omt_control *c, unsigned int a)
{
	double v = c->outputs.axis[a].velocity_limit;

	/* The newer classes have no speed cap register: their speed goes
	 * with every run (drive_intent.speed). */
	return ((c->present >> a) & 1u) && !c->by_codec[a] && v > 0 &&
	       v != c->velocity_limit_sent[a] &&
	       c->verify[a].state == OMT_VERIFY_OK &&
	       c->comm[a] == OMT_COMM_OK;
}

static bool tension_wanted(const struct omt_control *c, unsigned int i)
{
	unsigned int a = OMT_AXIS_CERVICAL + i;
	uint32_t level = c->outputs.axis[a].tension;

	return ((c->present >> a) & 1u) && !c->by_codec[a] && level != 0 &&
	       level != c->tension_sent[i] &&
	       c->verify[a].state == OMT_VERIFY_OK &&
	       c->comm[a] == OMT_COMM_OK;
}

/* Whether a job waits for room (the schedule keeps some for it). */
static bool jobs_waiting(const struct omt_control *c)
{
	if (c->diag_len)
		return true;
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++)
		if (verify_wanted(c, a) || velocity_limit_wanted(c, a))
			return true;
	for (unsigned int i = 0; i < OMT_DROP_SECTIONS; i++)
		if (tension_wanted(c, i))
			return true;
	return false;
}

/* The next drive's verification step, when it answers and there is room. */
static bool verify_job(struct omt_control *c)
{
	for (int i = 0; i < OMT_AXIS_COUNT; i++) {
		unsigned int a = (c->verify_cursor + (unsigned int)i) %
				 OMT_AXIS_COUNT;
		struct drive_verify *v = &c->verify[a];
		enum omt_verify_state before = v->state;
		char line[OMT_EVENT_MESSAGE_MAX];

		if (!verify_wanted(c, a))
			continue;
		if (!room_for_job(c))
			return false;
		c->verify_cursor = a;
		c->job_status = drive_verify_step(v, c->setup.link, &c->config,
						  (enum omt_axis)a);
		if (v->state != before && !drive_verify_wants_step(v)) {
			char serial[DRIVE_TEXT_DESCRIBE_MAX];
			char firmware[DRIVE_TEXT_DESCRIBE_MAX];

			if (v->state == OMT_VERIFY_OK)
				snprintf(line, sizeof(line),
					 "%s drive (slave %u) verified",
					 omt_axis_name((enum omt_axis)a),
					 c->config.drive[a].slave);
			else
				snprintf(line, sizeof(line),
					 "%s drive (slave %u) failed its check: %s (%u); it stays disabled",
					 omt_axis_name((enum omt_axis)a),
					 c->config.drive[a].slave,
					 omt_verify_state_name(v->state),
					 v->detail);
			omt_control_log(c, line);
			/* Who it is, found wrong or not: for the technician. */
			drive_text_describe(&v->serial, serial, sizeof(serial));
			drive_text_describe(&v->firmware, firmware,
					    sizeof(firmware));
			snprintf(line, sizeof(line),
				 "%s drive (slave %u): serial %s, firmware %s",
				 omt_axis_name((enum omt_axis)a),
				 c->config.drive[a].slave, serial, firmware);
			omt_control_log(c, line);
		}
		return true;
	}
	return false;
}

/*
 * Rarely changing set-points that live outside the cyclic block: the
 * velocity limit and the drop tension.  Written when they change, to a
 * verified drive, and counted as sent only once the drive took them.
 */
static bool slow_setting_job(struct omt_control *c)
{
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		double v = c->outputs.axis[a].velocity_limit;

		if (!velocity_limit_wanted(c, a))
			continue;
		if (!room_for_job(c))
			return false;
		c->job_status = link_write_velocity_limit(c->setup.link,
							  (enum omt_axis)a, v);
		/* LINK_INVALID: the profile has no such register. */
		if (c->job_status == LINK_OK || c->job_status == LINK_INVALID)
			c->velocity_limit_sent[a] = v;
		return true;
	}
	for (unsigned int i = 0; i < OMT_DROP_SECTIONS; i++) {
		enum omt_axis a = (enum omt_axis)(OMT_AXIS_CERVICAL + i);
		uint32_t level = c->outputs.axis[a].tension;

		if (!tension_wanted(c, i))
			continue;
		if (!room_for_job(c))
			return false;
		c->job_status = link_write_tension(c->setup.link, a, (uint16_t)level);
		if (c->job_status == LINK_OK || c->job_status == LINK_INVALID)
			c->tension_sent[i] = level;
		return true;
	}
	return false;
}

static bool diagnostic_job(struct omt_control *c);

#define JOBS_PER_CYCLE_MAX 32

static void run_jobs(struct omt_control *c)
{
	bool diag_done = false;

	for (int n = 0; n < JOBS_PER_CYCLE_MAX; n++) {
		uint64_t t0 = bus_free_ns(c), t1;
		bool done;

		c->job_status = LINK_INVALID;
		done = verify_job(c) || slow_setting_job(c);
		if (!done && !diag_done)
			done = diag_done = diagnostic_job(c);
		if (!done)
			break;
		t1 = monotonic_ns();
		/* Only a request that was answered says how fast the bus is
		 * (LINK_INVALID: none went out). */
		if (c->job_status != LINK_INVALID)
			drive_schedule_done(&c->schedule, DRIVE_SCHEDULE_JOB,
					    schedule_reply(c->job_status),
					    t1 > t0 ? t1 - t0 : 0, false, t1);
	}
}

/* Log each kernel escape grant, its end, and a refusal once per streak. */
static void report_kernel_escape(struct omt_control *c,
				 const struct kernel_interlock_report *report)
{
	char line[OMT_EVENT_MESSAGE_MAX];

	if (report->escape_granted != c->kernel_escape_granted)
		snprintf(line, sizeof(line),
			 "kernel interlock %s drive power for the escape (%u of %u ms used)",
			 report->escape_granted ? "grants" : "no longer grants",
			 report->escape_used_ms, report->escape_total_ms);
	else if (report->escape_refused && !c->kernel_escape_refused)
		snprintf(line, sizeof(line),
			 "kernel interlock refuses power for the escape: %s (%u of %u ms used)",
			 strerror(-report->escape_refused), report->escape_used_ms,
			 report->escape_total_ms);
	else
		line[0] = '\0';
	if (line[0])
		omt_control_log(c, line);
	c->kernel_escape_granted = report->escape_granted;
	c->kernel_escape_refused = report->escape_refused != 0;
}

static void heartbeat_interlock(struct omt_control *c)
{
	struct kernel_interlock_report report;
	uint64_t beat = monotonic_ns();
	uint64_t since = c->heartbeat_ns ? beat - c->heartbeat_ns : 0;

	if (!c->setup.interlock) {
		c->inputs.interlock = OMT_INTERLOCK_ABSENT;
		c->inputs.limit_low = c->inputs.limit_high = false;
		return;
	}
	kernel_interlock_cycle(c->setup.interlock, c->outputs.kernel_enable,
			       &report);
	c->heartbeat_ns = beat;
	/*
	 * A lost device is a dropped interlock (the logic latches the
	 * interlock fault and disables every drive) until it is back; the
	 * reopened device's state is read afresh in the same cycle.
	 */
	if (report.lost && !c->kernel_interlock_lost)
		omt_control_log(c, "kernel interlock lost (device removed or "
			       "module unloaded): drive power off; reopening");
	else if (report.reopened)
		omt_control_log(c, "kernel interlock device open again");
	c->kernel_interlock_lost = report.lost;
	kernel_interlock_escape(c->setup.interlock, c->outputs.kernel_escape,
				kernel_interlock_escape_window_for_period(
					c->config.control.period_ms),
				&report);
	report_kernel_escape(c, &report);
	/* Say when the kernel takes power away (or gives it back). */
	if (report.state != c->inputs.interlock && !report.lost) {
		/* names: all five known faults take 49 characters. */
		char line[OMT_EVENT_MESSAGE_MAX], names[56];

		if (report.state == OMT_INTERLOCK_OBSTRUCTED)
			snprintf(line, sizeof(line),
				 "kernel interlock holds drive power off for its obstruction switch (a supervised escape may be granted power)");
		else if (report.state == OMT_INTERLOCK_DROPPED)
			snprintf(line, sizeof(line),
				 "kernel interlock holds drive power off (faults %s%s)",
				 kernel_fault_names(report.faults, names, sizeof(names)),
				 report.estop ? ", e-stop" : "");
		else
			snprintf(line, sizeof(line),
				 "kernel interlock allows drive power");
		omt_control_log(c, line);
		/* A missed heartbeat: whose was it?  How long since this
		 * thread's last, and its worst wake-up.  A line of its own,
		 * so neither is cut short. */
		if (report.state == OMT_INTERLOCK_DROPPED &&
		    (report.faults & OMT_TABLE_FAULT_WATCHDOG)) {
			snprintf(line, sizeof(line),
				 "kernel heartbeat watchdog: heartbeats %.0f ms apart, wake-ups up to %.0f ms late",
				 since / 1e6, c->clock.lateness.max_ns / 1e6);
			omt_control_log(c, line);
		}
	}
	c->inputs.interlock = report.state;
	c->kernel_estop = report.estop;
	/* The kernel reports its limit switches; the logic acts on them. */
	c->inputs.limit_low = report.inputs & OMT_TABLE_INPUT_LIMIT_LOW;
	c->inputs.limit_high = report.inputs & OMT_TABLE_INPUT_LIMIT_HIGH;
}

/* ================= control thread: diagnostics ================= */

static void reply_diagnostic(struct omt_control *c, uint64_t cookie,
			     enum omt_cmd_result result, const char *message,
			     const uint16_t *registers, uint16_t n)
{
	struct omt_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = OMT_EV_REPLY;
	ev.cookie = cookie;
	ev.result = result;
	ev.axis = OMT_AXIS_COUNT;
	ev.monotonic_ns = monotonic_ns();
	if (message)
		snprintf(ev.message, sizeof(ev.message), "%s", message);
	if (n > OMT_RAW_REGISTERS_MAX)
		n = OMT_RAW_REGISTERS_MAX;
	if (registers)
		memcpy(ev.registers, registers, n * sizeof(registers[0]));
	ev.n_registers = n;
	push_event(c, &ev);
}

/*
 * Whether a diagnostics request must be refused; if so, it is answered.
 * Checked when it arrives and again when its turn on the bus comes: the
 * table may have been unlocked meanwhile.
 */
static bool diagnostic_refused(struct omt_control *c,
			       const struct omt_command *cmd)
{
	enum omt_cmd_result refusal;
	const char *why = NULL;

	/* The main thread checked these; a wrong one must still not reach
	 * the bus. */
	if (cmd->unit > OMT_RAW_UNIT_IO ||
	    (cmd->unit < OMT_AXIS_COUNT && !((c->present >> cmd->unit) & 1u)) ||
	    (cmd->kind == OMT_CMD_RAW_READ &&
	     (cmd->reg_count == 0 || cmd->reg_count > OMT_RAW_REGISTERS_MAX))) {
		reply_diagnostic(c, cmd->cookie, OMT_CMD_INVALID,
				 "no such unit or register count", NULL, 0);
		return true;
	}
	if (cmd->kind != OMT_CMD_RAW_WRITE)
		return false;
	refusal = omt_table_logic_service_mode(&c->logic, &why);
	if (refusal == OMT_CMD_OK && cmd->unit < OMT_AXIS_COUNT &&
	    link_register_is_loops(c->setup.link, (enum omt_axis)cmd->unit,
				   cmd->reg_addr)) {
		refusal = OMT_CMD_INTERLOCK;
		why = c->by_codec[cmd->unit] ?
		      "the registers its drive class writes (heartbeat, command, controlword, set-point...) are omtd's own" :
		      "CONTROL, SETPOINT and WATCHDOG_MS are omtd's own: a raw write could defeat the drive's safety";
	}
	if (refusal == OMT_CMD_OK)
		return false;
	reply_diagnostic(c, cmd->cookie, refusal, why, NULL, 0);
	return true;
}

/*
 * A diagnostics request as it arrives: a trace starts at once; a raw
 * read or write waits for room on the bus (diagnostic_job), in order.
 */
static void diagnostic_command(struct omt_control *c,
			       const struct omt_command *cmd)
{
	if (cmd->kind == OMT_CMD_TRACE) {
		c->trace_remaining = cmd->trace_cycles;
		reply_diagnostic(c, cmd->cookie, OMT_CMD_OK, NULL, NULL, 0);
		return;
	}
	if (diagnostic_refused(c, cmd))
		return;
	if (c->diag_len == DIAG_SLOTS) {
		reply_diagnostic(c, cmd->cookie, OMT_CMD_BUSY,
				 "too many register requests waiting for the bus",
				 NULL, 0);
		return;
	}
	c->diag[(c->diag_head + c->diag_len) % DIAG_SLOTS] = *cmd;
	c->diag_len++;
}

/* The oldest waiting register request, when the cycle has room for it. */
static bool diagnostic_job(struct omt_control *c)
{
	const struct omt_command *cmd;
	uint16_t regs[OMT_RAW_REGISTERS_MAX];
	char line[OMT_EVENT_MESSAGE_MAX];
	enum link_status s;
	uint8_t slave;

	if (c->diag_len == 0)
		return false;
	cmd = &c->diag[c->diag_head];
	if (diagnostic_refused(c, cmd)) {
		/* Answered: the table changed while it waited. */
		c->diag_head = (c->diag_head + 1) % DIAG_SLOTS;
		c->diag_len--;
		return false;
	}
	if (!room_for_job(c))
		return false;
	c->diag_head = (c->diag_head + 1) % DIAG_SLOTS;
	c->diag_len--;
	slave = cmd->unit == OMT_RAW_UNIT_IO ? c->config.io.slave :
					       c->config.drive[cmd->unit].slave;
	if (cmd->kind == OMT_CMD_RAW_WRITE) {
		s = link_write_raw(c->setup.link, slave, cmd->reg_addr,
				   cmd->reg_value);
		/* Whoever reads the journal later should see it was done. */
		snprintf(line, sizeof(line),
			 "service: register 0x%04x of slave %u set to %u (%s)",
			 cmd->reg_addr, slave, cmd->reg_value,
			 link_status_name(s));
		omt_control_log(c, line);
		/*
		 * The speed cap is omtd's to keep: a raw write to it lasts
		 * until the loop writes its own again, at once.
		 */
		if (cmd->unit < OMT_AXIS_COUNT)
			c->velocity_limit_sent[cmd->unit] = 0;
	} else {
		s = link_read_raw(c->setup.link, slave, cmd->reg_addr,
				  cmd->reg_count, regs);
	}
	c->job_status = s;
	if (s == LINK_EXCEPTION) {
		struct link_stats stats;

		/* The code says why: a technician looks it up, we name it. */
		link_get_stats(c->setup.link, cmd->unit, &stats);
		snprintf(line, sizeof(line),
			 "the unit answered with Modbus exception %u (%s)",
			 stats.last_exception,
			 link_exception_name(stats.last_exception));
		reply_diagnostic(c, cmd->cookie, OMT_CMD_FAULTED, line, NULL,
				 0);
		return true;
	}
	if (s != LINK_OK) {
		snprintf(line, sizeof(line), "the unit did not answer: %s",
			 link_status_name(s));
		reply_diagnostic(c, cmd->cookie, OMT_CMD_FAULTED, line, NULL,
				 0);
		return true;
	}
	reply_diagnostic(c, cmd->cookie, OMT_CMD_OK, NULL, regs,
			 cmd->kind == OMT_CMD_RAW_READ ? cmd->reg_count : 0);
	return true;
}

static void record_trace(struct omt_control *c, uint64_t now)
{
	struct omt_trace_record rec;

	if (c->trace_remaining == 0)
		return;
	c->trace_remaining--;
	memset(&rec, 0, sizeof(rec));
	rec.cycle = c->clock.cycles;
	rec.monotonic_ns = now;
	for (int a = 0; a < OMT_MOTION_AXES; a++) {
		rec.axis[a].setpoint = c->outputs.axis[a].setpoint;
		rec.axis[a].position = c->reading[a].position;
		rec.axis[a].current_ma = c->reading[a].current_ma;
		rec.axis[a].exchanged = c->exchanged_now[a];
	}
	if (!spsc_ring_push(&c->trace, &rec))
		atomic_fetch_add(&c->trace_dropped, 1);
}

/* ================= control thread: one cycle ================= */

/*
 * Stops that came as flags: after the ring's commands, so a motion queued
 * before the stop cannot outlive it.
 */
static void take_stop_flags(struct omt_control *c, uint64_t now)
{
	unsigned int flags = atomic_exchange(&c->stop_flags, 0u);
	struct omt_command stop;

	memset(&stop, 0, sizeof(stop));
	stop.cookie = OMT_CONTROL_OWN_COOKIE;
	stop.owner = OMT_OWNER_LOCAL;
	if (flags & STOP_FLAG_ESTOP) {
		stop.kind = OMT_CMD_ESTOP;
		omt_table_logic_command(&c->logic, &stop, now, NULL);
	}
	if (flags & STOP_FLAG_STOP) {
		stop.kind = OMT_CMD_STOP;
		omt_table_logic_command(&c->logic, &stop, now, NULL);
	}
}

static void take_commands(struct omt_control *c, uint64_t now)
{
	struct omt_command cmd;

	while (spsc_ring_pop(&c->commands, &cmd)) {
		c->loop.commands++;
		if (cmd.kind == OMT_CMD_RAW_READ ||
		    cmd.kind == OMT_CMD_RAW_WRITE ||
		    cmd.kind == OMT_CMD_TRACE) {
			diagnostic_command(c, &cmd);
			continue;
		}
		/* The kernel's latched faults are cleared with the logic's:
		 * it refuses while their cause lasts, as the logic does. */
		if (cmd.kind == OMT_CMD_CLEAR_FAULTS && c->setup.interlock &&
		    cmd.may_clear_hardware_faults)
			kernel_interlock_clear_faults(c->setup.interlock);
		omt_table_logic_command(&c->logic, &cmd, now, NULL);
	}
	take_stop_flags(c, now);
}

static void begin_controlled_stop(struct omt_control *c, uint64_t now)
{
	struct omt_command stop;

	memset(&stop, 0, sizeof(stop));
	stop.kind = OMT_CMD_STOP;
	stop.cookie = OMT_CONTROL_OWN_COOKIE;
	stop.owner = OMT_OWNER_LOCAL;
	omt_table_logic_command(&c->logic, &stop, now, NULL);
	c->stopping = true;
	c->stop_began_ns = now;
}

static bool all_axes_at_rest(const struct omt_control *c)
{
	return c->outputs.at_rest == (1u << OMT_AXIS_COUNT) - 1u;
}

static void pass_logic_events(struct omt_control *c)
{
	struct omt_event ev;

	while (omt_table_logic_next_event(&c->logic, &ev)) {
		/* Replies to our own commands have nobody waiting. */
		if (ev.kind == OMT_EV_REPLY && ev.cookie == OMT_CONTROL_OWN_COOKIE)
			continue;
		push_event(c, &ev);
	}
}

static void publish(struct omt_control *c, uint64_t now, bool healthy)
{
	omt_table_logic_snapshot(&c->logic, &c->work);
	c->work.cycle = c->clock.cycles;
	c->work.monotonic_ns = now;
	c->work.kernel_interlock = c->setup.interlock != NULL;
	c->work.realtime = c->loop.realtime;
	c->work.interlock_state = (uint8_t)c->inputs.interlock;
	c->work.kernel_estop = c->kernel_estop;
	c->work.overruns = c->clock.overruns;
	c->work.lateness_max_ns = c->clock.lateness.max_ns;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		c->work.axis[a].verify = (uint8_t)c->verify[a].state;
		c->work.axis[a].verify_detail = c->verify[a].detail;
		/* Printable and bounded: drive_verify decoded them. */
		_Static_assert(sizeof(c->work.axis[a].serial) ==
			       sizeof(c->verify[a].serial.text),
			       "the snapshot holds a whole identity text");
		memcpy(c->work.axis[a].serial, c->verify[a].serial.text,
		       sizeof(c->work.axis[a].serial));
		memcpy(c->work.axis[a].firmware, c->verify[a].firmware.text,
		       sizeof(c->work.axis[a].firmware));
		c->work.axis[a].named_fault = (uint8_t)c->named_fault[a];
	}
	if (healthy)
		c->work.healthy_ns = now;
	seqlock_write(&c->snapshot, &c->work);

	c->loop.cycles = c->clock.cycles;
	c->loop.overruns = c->clock.overruns;
	c->loop.late_wakeups = c->clock.late_wakeups;
	c->loop.lateness = c->clock.lateness;
	for (unsigned int u = 0; u < DRIVE_SCHEDULE_UNITS; u++)
		c->loop.exchange_estimate_ns[u] = c->schedule.estimate_ns[u];
	if (c->clock.cycles - c->loop.link_stats_cycle >= OMT_LINK_STATS_EVERY ||
	    c->loop.link_stats_cycle == 0) {
		for (unsigned int u = 0; u < LINK_UNITS; u++)
			link_get_stats(c->setup.link, u, &c->loop.link[u]);
		c->loop.link_stats_cycle = c->clock.cycles ? c->clock.cycles : 1;
	}
	seqlock_write(&c->stats, &c->loop);
}

/* A new connection: every drive is checked again before it is written. */
static void note_reconnection(struct omt_control *c)
{
	uint64_t n = link_connections(c->setup.link);

	if (n == c->connections_seen)
		return;
	c->connections_seen = n;
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		unverify(c, (enum omt_axis)a);
	drive_schedule_forget_failures(&c->schedule);
}

/* The cycle's phases' end times, see enum cycle_phase. */
static void run_cycle(struct omt_control *c, uint64_t now,
		      uint64_t end_ns[CYCLE_PHASES])
{
	uint32_t waited = 0;
	bool io_turn, io_last;

	/* This cycle's window: the plan fills it, no exchange starts that
	 * would not end in it (drive_schedule_may_start()), and no wait for
	 * a reply passes its end. */
	link_set_cutoff(c->setup.link, drive_schedule_cutoff(&c->schedule,
						       c->clock.deadline_ns));

	take_commands(c, now);
	if (!link_connected(c->setup.link))
		link_reconnect(c->setup.link, now);
	note_reconnection(c);
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		waited |= (uint32_t)c->must_waited[a] << a;
	io_turn = drive_schedule_io_turn(&c->schedule, c->must_go, waited,
					 now);
	/* A silent I/O module waits out its timeout after the drives. */
	io_last = io_turn && c->setup.gpio == NULL &&
		  drive_schedule_io_last(&c->schedule);
	read_operator_inputs(c, io_turn && !io_last);
	end_ns[CYCLE_PHASE_INPUTS] = monotonic_ns();
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		fill_axis_reading(c, (enum omt_axis)a, &c->inputs.axis[a]);
		c->fresh[a] = false;
	}
	c->inputs.estop = c->kernel_estop ||
			  (c->inputs.io_comm == OMT_COMM_OK &&
			   (c->inputs.inputs & ((1u << OMT_IN_ESTOP_A) |
						(1u << OMT_IN_ESTOP_B))));

	omt_table_logic_step(&c->logic, &c->inputs, now, &c->outputs);
	end_ns[CYCLE_PHASE_STEP] = monotonic_ns();

	exchange_drives(c, io_turn, now);
	if (io_last)
		c->io_read_late = read_io_module(c);
	end_ns[CYCLE_PHASE_DRIVES] = monotonic_ns();
	record_trace(c, now);
	heartbeat_interlock(c);
	pass_logic_events(c);
	run_jobs(c);
	end_ns[CYCLE_PHASE_JOBS] = monotonic_ns();
}

/*
 * Where the cycle's time went: each phase's longest run, and, when the
 * work ran past the deadline it had to meet (the first one after the
 * wake-up), the phase it passed it in.
 */
static void account_phases(struct omt_control *c,
			   const uint64_t end_ns[CYCLE_PHASES])
{
	uint64_t limit = cycle_clock_work_deadline(&c->clock,
						   end_ns[CYCLE_PHASE_WAKEUP]);
	unsigned int past;

	for (unsigned int i = 0; i < CYCLE_PHASES; i++) {
		uint64_t from = i ? end_ns[i - 1] : c->clock.deadline_ns;
		uint64_t took = end_ns[i] > from ? end_ns[i] - from : 0;

		if (took > c->loop.phase_max_ns[i])
			c->loop.phase_max_ns[i] = took;
	}
	past = cycle_phase_past(end_ns, limit);
	if (past < CYCLE_PHASES)
		c->loop.overrun_phase[past]++;
}

/*
 * The last cycle: every drive disabled with a quick stop, its setpoint
 * where it stands, and the interlock's enable dropped.
 */
static void disable_everything(struct omt_control *c)
{
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omt_axis_output *o = &c->outputs.axis[a];

		o->enable = false;
		o->quick_stop = true;
		o->fault_reset = false;
		o->setpoint = c->reading[a].position;
		c->wire_enable[a] = false;
	}
	c->outputs.kernel_enable = false;
	/* Every drive must hear this, however long it takes. */
	link_set_cutoff(c->setup.link, 0);
	exchange_all_drives(c);
	heartbeat_interlock(c);
}

static void *control_main(void *arg)
{
	struct omt_control *c = arg;
	uint64_t now;
	int r;

	pthread_setname_np(pthread_self(), "omtd-control");
	r = 0;
	if (c->config.control.rt_priority > 0)
		r = rt_setup_fifo(c->config.control.rt_priority);
	c->loop.rt_error = r;
	c->loop.realtime = rt_setup_is_fifo();
	rt_setup_prefault_stack(RT_SETUP_STACK_PREFAULT);

	now = monotonic_ns();
	omt_table_logic_init(&c->logic, &c->params, now);
	c->connections_seen = link_connections(c->setup.link);
	/* Learn where every drive stands before the logic's first step. */
	exchange_all_drives(c);
	now = monotonic_ns();
	cycle_clock_init(&c->clock, c->params.cycle_ns, now);
	publish(c, now, false);
	atomic_store(&c->first_published, true);

	if (c->setup.on_thread_ready)
		c->setup.on_thread_ready(c->setup.on_thread_ready_arg);

	for (;;) {
		struct timespec deadline = to_timespec(c->clock.deadline_ns);
		uint64_t end_ns[CYCLE_PHASES];

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
				       &deadline, NULL) == EINTR)
			;
		now = monotonic_ns();
		end_ns[CYCLE_PHASE_WAKEUP] = now;
		cycle_clock_woke(&c->clock, now);

		if (atomic_load_explicit(&c->stop_requested,
					 memory_order_acquire) &&
		    !c->stopping)
			begin_controlled_stop(c, now);
		run_cycle(c, now, end_ns);

		/* Healthy: the whole cycle fitted before the next deadline. */
		publish(c, now,
			end_ns[CYCLE_PHASE_JOBS] <
				c->clock.deadline_ns + c->clock.period_ns);
		wake_main_thread(c);
		/*
		 * Publishing is the cycle's work too: a deadline it passes is
		 * an overrun, not the next cycle's lateness.  (Its figures
		 * reach the others with the next cycle's publication.)
		 */
		end_ns[CYCLE_PHASE_PUBLISH] = monotonic_ns();
		account_phases(c, end_ns);
		cycle_clock_advance(&c->clock, now, end_ns[CYCLE_PHASE_PUBLISH]);

		if (c->stopping &&
		    (all_axes_at_rest(c) || now - c->stop_began_ns > STOP_GRACE_NS))
			break;
	}
	disable_everything(c);
	pass_logic_events(c);
	publish(c, monotonic_ns(), false);
	wake_main_thread(c);
	atomic_store(&c->finished, true);
	return NULL;
}

/* ================= life cycle (main thread) ================= */

int omt_control_create(const struct omt_control_setup *setup,
		       struct omt_control **out, char *err, size_t errlen)
{
	struct omt_control *c;
	const char *problem;
	void *mem;
	int r;

	*out = NULL;
	if (!setup || !setup->config || !setup->params || !setup->link) {
		snprintf(err, errlen, "control: config, params and link are required");
		return -EINVAL;
	}
	problem = omt_table_params_problem(setup->params);
	if (problem) {
		snprintf(err, errlen, "control: %s", problem);
		return -EINVAL;
	}
	/* The struct holds cache-line aligned indices. */
	r = posix_memalign(&mem, SPSC_RING_CACHE_LINE, sizeof(*c));
	if (r != 0) {
		snprintf(err, errlen, "control: out of memory");
		return -r;
	}
	c = mem;
	memset(c, 0, sizeof(*c));
	c->config = *setup->config;
	c->params = *setup->params;
	c->setup = *setup;
	c->setup.config = &c->config;
	c->setup.params = &c->params;
	for (int a = 0; a < OMT_AXIS_COUNT; a++) {
		const struct omtd_drive_config *d = &c->config.drive[a];

		if (!d->present)
			continue;
		c->present |= 1u << a;
		if (c->config.profiles[d->regmap_index].dc.cls ==
		    DRIVE_CLASS_CYCLIC_POSITION)
			continue;
		/* The profile lives in c->config, as long as the codec. */
		if (drive_codec_init(&c->codec[a],
				     &c->config.profiles[d->regmap_index]) != 0) {
			snprintf(err, errlen,
				 "control: the %s drive's profile '%s' cannot be driven as class %s",
				 omt_axis_name((enum omt_axis)a),
				 c->config.profiles[d->regmap_index].name,
				 drive_class_name(c->config.profiles[d->regmap_index].dc.cls));
			free(c);
			return -EINVAL;
		}
		c->by_codec[a] = true;
	}

	if (spsc_ring_init(&c->commands, c->command_slots,
			   sizeof(struct omt_command), COMMAND_SLOTS) != 0 ||
	    spsc_ring_init(&c->events, c->event_slots,
			   sizeof(struct omt_event), EVENT_SLOTS) != 0 ||
	    spsc_ring_init(&c->trace, c->trace_slots,
			   sizeof(struct omt_trace_record), TRACE_SLOTS) != 0 ||
	    seqlock_init(&c->snapshot, c->snapshot_words,
			 sizeof(struct omt_snapshot)) != 0 ||
	    seqlock_init(&c->stats, c->stats_words,
			 sizeof(struct omt_loop_stats)) != 0) {
		snprintf(err, errlen, "control: ring or seqlock set-up failed");
		free(c);
		return -EINVAL;
	}
	c->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (c->event_fd < 0) {
		r = -errno;
		snprintf(err, errlen, "control: eventfd: %s", strerror(-r));
		free(c);
		return r;
	}
	{
		struct drive_schedule_setup plan;

		drive_schedule_setup_for(&plan, &c->config.link, c->present,
					 c->setup.gpio == NULL,
					 c->config.control.period_ms,
					 c->config.control.drive_watchdog_ms,
					 c->config.control.comms_lost_ms);
		drive_schedule_init(&c->schedule, &plan);
	}
	for (int a = 0; a < OMT_AXIS_COUNT; a++)
		drive_verify_restart(&c->verify[a]);
	atomic_init(&c->stop_requested, false);
	atomic_init(&c->stop_flags, 0u);
	atomic_init(&c->first_published, false);
	atomic_init(&c->finished, false);
	atomic_init(&c->trace_dropped, 0);
	c->loop.period_ns = c->params.cycle_ns;
	*out = c;
	return 0;
}

int omt_control_start(struct omt_control *c, char *err, size_t errlen)
{
	pthread_attr_t attr;
	int r;

	if (c->thread_started) {
		snprintf(err, errlen, "control: already started");
		return -EALREADY;
	}
	if (c->setup.lock_memory) {
		r = rt_setup_lock_memory();
		if (r < 0)
			omt_log(LOG_WARNING, NULL, NULL,
				"cannot lock memory (%s): page faults may delay the control loop",
				strerror(-r));
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK_SIZE);
	r = pthread_create(&c->thread, &attr, control_main, c);
	pthread_attr_destroy(&attr);
	if (r != 0) {
		snprintf(err, errlen, "control: cannot start the thread: %s",
			 strerror(r));
		return -r;
	}
	c->thread_started = true;
	return 0;
}

bool omt_control_wait_running(struct omt_control *c)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 1000000 };

	if (!c->thread_started)
		return false;
	while (!atomic_load(&c->first_published) && !atomic_load(&c->finished))
		nanosleep(&pause, NULL);
	return atomic_load(&c->first_published);
}

void omt_control_stop(struct omt_control *c)
{
	if (!c || !c->thread_started)
		return;
	atomic_store_explicit(&c->stop_requested, true, memory_order_release);
	pthread_join(c->thread, NULL);
	c->thread_started = false;
}

void omt_control_free(struct omt_control *c)
{
	if (!c)
		return;
	omt_control_stop(c);
	if (c->event_fd >= 0)
		close(c->event_fd);
	free(c);
}
