/* SPDX-License-Identifier: GPL-2.0 */
/*
 * omt_table_priv.h - the interlock's private state, shared by its files
 *
 * Locking: @lock (a spinlock, taken with interrupts off because the hard
 * interrupt handler and the hrtimers take it) guards every field marked
 * [lock].  @out_mutex serialises writes of the enable line when its chip
 * can sleep, so that a decision and the write that follows it cannot be
 * overtaken by an older decision.
 *
 * Lifetime: the state is reference-counted (@ref): the binding holds one
 * reference and an open file another.  When the device goes away (its
 * GPIO chip removed, the module unloaded) @dead is set under @gone_sem
 * taken for writing; every file operation holds @gone_sem for reading
 * and gives -ENODEV once @dead is set, so none of them touches the lines,
 * timers or workers that the unbinding releases.
 */
#ifndef OMT_TABLE_PRIV_H
#define OMT_TABLE_PRIV_H

#include <linux/device.h>
#include <linux/gpio/consumer.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "uapi/omt_table.h"
#include "omt_table_rules.h"

#define OMT_TABLE_EVENT_QUEUE_LEN 64
#define OMT_TABLE_AGREE_WINDOW_DEFAULT_MS 50
#define OMT_TABLE_AGREE_WINDOW_MAX_MS 1000

/* Input roles; the index is also the OMT_TABLE_INPUT_* bit number. */
enum omt_input_role {
	OMT_IN_ESTOP_A,
	OMT_IN_ESTOP_B,
	OMT_IN_LIMIT_LOW,
	OMT_IN_LIMIT_HIGH,
	OMT_IN_OBSTRUCTION,
	OMT_IN_COUNT,
};

struct omt_table;

struct omt_input {
	struct omt_table *table;
	struct gpio_desc *desc;		/* NULL when the board lacks the line */
	int irq;
	enum omt_input_role role;
	bool edge_pending;		/* [lock] an edge its thread has not handled */
	u64 edge_ns;			/* [lock] that edge's time, 0 if none */
};

struct omt_table {
	struct device *dev;
	struct gpio_desc *enable;
	bool enable_sleeps;		/* the enable chip's setter may sleep */
	struct omt_input inputs[OMT_IN_COUNT];
	u32 lines_present;		/* OMT_TABLE_LINE_* */
	u64 agree_window_ns;

	spinlock_t lock;		/* guards the [lock] fields */
	struct mutex out_mutex;		/* serialises sleeping enable writes */
	struct mutex read_mutex;	/* one reader at a time dequeues */
	struct rw_semaphore gone_sem;	/* file operations vs. unbinding */
	struct kref ref;
	bool dead;			/* [gone_sem, lock] the binding is gone */

	u32 input_state;		/* [lock] OMT_TABLE_INPUT_* */
	u32 input_seq;			/* [lock] bumped by every input edge and update */
	bool disagreeing;		/* [lock] the channels disagree; window started */
	u32 disabled_reason;		/* [lock] held-back DISABLED record, 0 if none */
	u64 disabled_ns;		/* [lock] its time */
	u32 faults;			/* [lock] latched OMT_TABLE_FAULT_* */
	bool enabled;			/* [lock] the line is (being) driven high */
	bool requested;			/* [lock] */
	bool owner_present;		/* [lock] */
	bool heartbeat_fresh;		/* [lock] */
	u32 timeout_ms;			/* [lock] */
	u64 last_ping_ns;		/* [lock] */
	u64 lowered_ns;			/* [lock] when the line last went low */
	/*
	 * [lock] The counters and last_latency_ns, kept in the status
	 * ioctl's own layout: omt_status_fill() copies them whole and fills
	 * in the other fields, which stay zero here.
	 */
	struct omt_table_status counts;

	bool escape_active;		/* [lock] a supervised escape grant runs */
	u32 escape_window_ms;		/* [lock] its window, 0 if none */
	u64 escape_start_ns;		/* [lock] when it was granted */
	u64 escape_until_ns;		/* [lock] when it ends unless renewed */
	u64 escape_used_ns;		/* [lock] ended grants' time since the latch */
	u64 escape_grants;		/* [lock] counters */
	u64 escape_renewals;
	u64 escape_refusals;

	u32 event_seq;			/* [lock] */
	struct omt_table_event events[OMT_TABLE_EVENT_QUEUE_LEN]; /* [lock] ring */
	unsigned int ev_head;		/* [lock] index of the oldest record */
	unsigned int ev_count;		/* [lock] records queued */
	wait_queue_head_t wait;		/* readers of @events */

	struct hrtimer watchdog;	/* heartbeat deadline */
	struct hrtimer disagree;	/* e-stop channel agreement window */
	struct hrtimer escape_timer;	/* end of the escape grant's window */
	struct kthread_worker *worker;	/* real-time context for sleeping writes */
	struct kthread_work output_work;
	struct work_struct uevent_work;

	unsigned long open_flag;	/* bit 0: the device is open */
	struct pid *owner;		/* [lock] thread group that opened it */
	struct notifier_block pm_nb;	/* suspend and hibernation */
	struct miscdevice misc;
};

/* omt_table_output.c */
u64 omt_output_apply(struct omt_table *t);
void omt_output_kick(struct omt_table *t);
void omt_output_work_fn(struct kthread_work *work);
void omt_rules_state_locked(struct omt_table *t, struct omt_rules_state *s);

/* omt_table_events.c */
void omt_event_queue_locked(struct omt_table *t, u32 type, u64 value, u64 when_ns);
bool omt_event_peek_locked(struct omt_table *t, struct omt_table_event *ev);
void omt_event_consume_locked(struct omt_table *t, u32 seq);
void omt_faults_latch_locked(struct omt_table *t, u32 fault);
void omt_uevent_work_fn(struct work_struct *work);

/* omt_table_inputs.c */
int omt_inputs_setup(struct omt_table *t);
int omt_inputs_refresh(struct omt_table *t, u32 only);
u32 omt_inputs_seq(struct omt_table *t);
bool omt_inputs_settled_locked(struct omt_table *t, u32 seq);
void omt_disabled_flush_locked(struct omt_table *t);
bool omt_edges_pending_locked(struct omt_table *t);
enum hrtimer_restart omt_disagree_expired(struct hrtimer *timer);

/* omt_table_escape.c */
int omt_escape_request(struct omt_table *t, u32 ms);
void omt_escape_end_locked(struct omt_table *t, u32 why, u64 now);
void omt_escape_settle_locked(struct omt_table *t, const struct omt_rules_state *s);
void omt_escape_status_fill(struct omt_table *t, struct omt_table_escape_status *st);
enum hrtimer_restart omt_escape_expired(struct hrtimer *timer);

/* omt_table_watchdog.c */
void omt_watchdog_ping(struct omt_table *t);
void omt_watchdog_ping_locked(struct omt_table *t);
void omt_watchdog_rearm_locked(struct omt_table *t);
void omt_watchdog_stop(struct omt_table *t);
enum hrtimer_restart omt_watchdog_expired(struct hrtimer *timer);

/* omt_table_status.c */
void omt_status_fill(struct omt_table *t, struct omt_table_status *st);

/* omt_table_cdev.c */
int omt_cdev_register(struct omt_table *t);

/* omt_table_main.c */
void omt_table_put(struct omt_table *t);

/* omt_table_sysfs.c */
extern const struct attribute_group *omt_table_groups[];

/* omt_table_board.c */
int omt_board_register(void);
void omt_board_unregister(void);

#endif /* OMT_TABLE_PRIV_H */
