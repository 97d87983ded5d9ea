// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_cdev.c - /dev/omt_table, the owner's handle on the interlock
 *
 * One owner at a time (a second open gets -EBUSY).  The owner holds
 * enable up by asking for it and pinging; closing the file, which the
 * kernel does when the owner dies, withdraws everything.  The owner is
 * the thread group that opened the file: a child that inherited the
 * descriptor may read and ask for the status, but cannot enable, and the
 * owner's own close (or death) withdraws enable even while the child
 * keeps the file open.  Enabling, the supervised escape, clearing faults
 * and setting the timeout need the file open for writing.  Once the device has gone away
 * (omt_table_gone()) every operation gives -ENODEV and poll() reports
 * EPOLLHUP | EPOLLERR.  The ioctls and the event record are described in
 * include/uapi/omt_table.h.
 */
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "omt_table_priv.h"

static struct omt_table *omt_from_file(struct file *file)
{
	return file->private_data;
}

/* Withdraw the owner: no request, no heartbeat, line low. */
static void omt_owner_leaves(struct omt_table *t)
{
	spin_lock_irq(&t->lock);
	t->owner_present = false;
	t->requested = false;
	omt_escape_end_locked(t, OMT_TABLE_ESCAPE_END_CLOSE, ktime_get_ns());
	spin_unlock_irq(&t->lock);
	omt_output_apply(t);
	omt_watchdog_stop(t);
	hrtimer_cancel(&t->escape_timer);
}

static int omt_open(struct inode *inode, struct file *file)
{
	struct omt_table *t = container_of(file->private_data,
					   struct omt_table, misc);
	int ret;

	down_read(&t->gone_sem);
	if (t->dead) {
		ret = -ENODEV;
		goto out;
	}
	if (test_and_set_bit_lock(0, &t->open_flag)) {
		ret = -EBUSY;
		goto out;
	}
	ret = nonseekable_open(inode, file);
	if (ret) {
		clear_bit_unlock(0, &t->open_flag);
		goto out;
	}
	kref_get(&t->ref);
	file->private_data = t;
	spin_lock_irq(&t->lock);
	put_pid(t->owner);
	t->owner = get_pid(task_tgid(current));
	t->owner_present = true;
	t->requested = false;
	t->heartbeat_fresh = false;
	spin_unlock_irq(&t->lock);
out:
	up_read(&t->gone_sem);
	return ret;
}

static bool omt_is_owner_locked(struct omt_table *t)
{
	return t->owner_present && t->owner == task_tgid(current);
}

/*
 * Called at every close of a descriptor of the file, in every process
 * that has one, process exit included: the owner's close withdraws it
 * even while a child still holds a copy.
 */
static int omt_flush(struct file *file, fl_owner_t id)
{
	struct omt_table *t = omt_from_file(file);
	bool owner;

	down_read(&t->gone_sem);
	if (!t->dead) {
		spin_lock_irq(&t->lock);
		owner = omt_is_owner_locked(t);
		spin_unlock_irq(&t->lock);
		if (owner)
			omt_owner_leaves(t);
	}
	up_read(&t->gone_sem);
	return 0;
}

static int omt_release(struct inode *inode, struct file *file)
{
	struct omt_table *t = omt_from_file(file);

	down_read(&t->gone_sem);
	if (!t->dead)
		omt_owner_leaves(t);
	clear_bit_unlock(0, &t->open_flag);
	up_read(&t->gone_sem);
	omt_table_put(t);
	return 0;
}

static bool omt_events_pending(struct omt_table *t)
{
	unsigned long flags;
	bool pending;

	spin_lock_irqsave(&t->lock, flags);
	pending = t->ev_count || t->dead;
	spin_unlock_irqrestore(&t->lock, flags);
	return pending;
}

/*
 * A record leaves the queue only once it has reached the reader: a
 * fault in copy_to_user() leaves it queued for the next read.
 */
static ssize_t omt_read_locked(struct omt_table *t, struct file *file,
			       char __user *buf, size_t count)
{
	struct omt_table_event ev;
	size_t done = 0;
	int ret;

	while (count - done >= sizeof(ev)) {
		spin_lock_irq(&t->lock);
		if (t->dead) {
			spin_unlock_irq(&t->lock);
			return -ENODEV;
		}
		if (!omt_event_peek_locked(t, &ev)) {
			spin_unlock_irq(&t->lock);
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(t->wait,
						       omt_events_pending(t));
			if (ret)
				return ret;
			continue;
		}
		spin_unlock_irq(&t->lock);
		if (copy_to_user(buf + done, &ev, sizeof(ev)))
			return done ? done : -EFAULT;
		spin_lock_irq(&t->lock);
		omt_event_consume_locked(t, ev.seq);
		spin_unlock_irq(&t->lock);
		done += sizeof(ev);
	}
	return done;
}

static ssize_t omt_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct omt_table *t = omt_from_file(file);
	ssize_t ret;

	if (count < sizeof(struct omt_table_event))
		return -EINVAL;
	if (mutex_lock_interruptible(&t->read_mutex))
		return -ERESTARTSYS;
	ret = omt_read_locked(t, file, buf, count);
	mutex_unlock(&t->read_mutex);
	return ret;
}

static __poll_t omt_poll(struct file *file, struct poll_table_struct *wait)
{
	struct omt_table *t = omt_from_file(file);
	unsigned long flags;
	__poll_t mask = 0;

	poll_wait(file, &t->wait, wait);
	spin_lock_irqsave(&t->lock, flags);
	if (t->dead)
		mask = EPOLLHUP | EPOLLERR;
	else if (t->ev_count)
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock_irqrestore(&t->lock, flags);
	return mask;
}

static int omt_ioctl_enable(struct omt_table *t)
{
	bool on;

	/*
	 * Read the trip lines now: an edge whose handlers have not run yet
	 * (a higher-priority caller can get here first) must not let the
	 * line rise.  A line read asserted latches its fault.
	 */
	omt_inputs_refresh(t, OMT_RULES_TRIP_INPUTS);
	spin_lock_irq(&t->lock);
	if (omt_rules_enable_refused(t->faults, t->input_state) ||
	    omt_edges_pending_locked(t)) {
		spin_unlock_irq(&t->lock);
		return -EBUSY;
	}
	/* Only an accepted request counts as a ping. */
	omt_watchdog_ping_locked(t);
	t->requested = true;
	spin_unlock_irq(&t->lock);

	omt_output_apply(t);

	/* A trip may have won the race; the line is then low. */
	spin_lock_irq(&t->lock);
	on = t->enabled;
	spin_unlock_irq(&t->lock);
	return on ? 0 : -EBUSY;
}

static int omt_ioctl_disable(struct omt_table *t)
{
	spin_lock_irq(&t->lock);
	t->requested = false;
	omt_escape_end_locked(t, OMT_TABLE_ESCAPE_END_REQUEST, ktime_get_ns());
	spin_unlock_irq(&t->lock);
	omt_output_apply(t);
	return 0;
}

static int omt_ioctl_clear(struct omt_table *t, u32 __user *uarg)
{
	u32 mask, causes, cleared, seq;
	int ret;

	if (get_user(mask, uarg))
		return -EFAULT;
	ret = omt_rules_clear_check(0, 0, mask);
	if (ret)
		return ret;

	seq = omt_inputs_seq(t);
	omt_inputs_refresh(t, GENMASK(OMT_IN_COUNT - 1, 0));
	spin_lock_irq(&t->lock);
	causes = omt_rules_fault_causes(t->input_state, t->lines_present);
	ret = omt_rules_clear_check(t->faults, causes, mask);
	/*
	 * An edge at any time from before the read until now (the refresh's
	 * unlock included: a hard handler may have latched a press whose
	 * thread has not stored the line yet) leaves the causes stale, and
	 * clearing would erase that press's fault.  Its thread decides
	 * first; ask again.
	 */
	if (!ret && !omt_inputs_settled_locked(t, seq))
		ret = -EBUSY;
	if (!ret) {
		cleared = t->faults & mask;
		if (cleared) {
			t->faults &= ~cleared;
			omt_event_queue_locked(t, OMT_TABLE_EV_FAULT_CLEARED,
					       cleared, ktime_get_ns());
			schedule_work(&t->uevent_work);
		}
	}
	spin_unlock_irq(&t->lock);
	return ret;
}

static int omt_ioctl_set_timeout(struct omt_table *t, u32 __user *uarg)
{
	u32 ms;

	if (get_user(ms, uarg))
		return -EFAULT;
	if (!omt_rules_timeout_valid(ms))
		return -EINVAL;
	spin_lock_irq(&t->lock);
	t->timeout_ms = ms;
	omt_watchdog_ping_locked(t);
	spin_unlock_irq(&t->lock);
	return 0;
}

static int omt_ioctl_escape(struct omt_table *t, u32 __user *uarg)
{
	u32 ms;

	if (get_user(ms, uarg))
		return -EFAULT;
	return omt_escape_request(t, ms);
}

static int omt_ioctl_escape_status(struct omt_table *t,
				   struct omt_table_escape_status __user *uarg)
{
	struct omt_table_escape_status st;

	omt_escape_status_fill(t, &st);
	return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
}

static int omt_ioctl_status(struct omt_table *t,
			    struct omt_table_status __user *uarg)
{
	struct omt_table_status st;

	omt_status_fill(t, &st);
	return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * Whether @cmd may run on @file: requests that change the interlock need
 * the owner, holding the file open for writing.  Reading the status and
 * dropping enable are open to any holder of the file.
 */
static int omt_ioctl_allowed(struct omt_table *t, struct file *file,
			     unsigned int cmd)
{
	bool owner;

	switch (cmd) {
	case OMT_TABLE_IOC_GET_STATUS:
	case OMT_TABLE_IOC_GET_ESCAPE:
	case OMT_TABLE_IOC_DISABLE:
		return 0;
	case OMT_TABLE_IOC_PING:
	case OMT_TABLE_IOC_ENABLE:
	case OMT_TABLE_IOC_ESCAPE:
	case OMT_TABLE_IOC_CLEAR_FAULT:
	case OMT_TABLE_IOC_SET_TIMEOUT:
		if (!(file->f_mode & FMODE_WRITE))
			return -EBADF;
		spin_lock_irq(&t->lock);
		owner = omt_is_owner_locked(t);
		spin_unlock_irq(&t->lock);
		return owner ? 0 : -EPERM;
	default:
		return -ENOTTY;
	}
}

static long omt_ioctl_locked(struct omt_table *t, unsigned int cmd,
			     void __user *uarg)
{
	/*
	 * PING, ENABLE and DISABLE are _IO requests and ignore @arg: callers
	 * commonly pass none, which leaves junk in the register, and a
	 * DISABLE refused for that would keep the motors enabled.
	 */
	switch (cmd) {
	case OMT_TABLE_IOC_PING:
		omt_watchdog_ping(t);
		return 0;
	case OMT_TABLE_IOC_ENABLE:
		return omt_ioctl_enable(t);
	case OMT_TABLE_IOC_DISABLE:
		return omt_ioctl_disable(t);
	case OMT_TABLE_IOC_GET_STATUS:
		return omt_ioctl_status(t, uarg);
	case OMT_TABLE_IOC_CLEAR_FAULT:
		return omt_ioctl_clear(t, uarg);
	case OMT_TABLE_IOC_SET_TIMEOUT:
		return omt_ioctl_set_timeout(t, uarg);
	case OMT_TABLE_IOC_ESCAPE:
		return omt_ioctl_escape(t, uarg);
	case OMT_TABLE_IOC_GET_ESCAPE:
		return omt_ioctl_escape_status(t, uarg);
	default:
		return -ENOTTY;
	}
}

static long omt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct omt_table *t = omt_from_file(file);
	long ret;

	down_read(&t->gone_sem);
	if (t->dead)
		ret = -ENODEV;
	else
		ret = omt_ioctl_allowed(t, file, cmd);
	if (!ret)
		ret = omt_ioctl_locked(t, cmd, (void __user *)arg);
	up_read(&t->gone_sem);
	return ret;
}

static const struct file_operations omt_fops = {
	.owner = THIS_MODULE,
	.open = omt_open,
	.flush = omt_flush,
	.release = omt_release,
	.read = omt_read,
	.poll = omt_poll,
	.unlocked_ioctl = omt_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

static void omt_cdev_unregister(void *data)
{
	struct omt_table *t = data;

	misc_deregister(&t->misc);
}

/**
 * omt_cdev_register() - create /dev/omt_table
 * @t: the fully set-up interlock
 *
 * Called last in probe: once the node exists an owner may act.
 * Return: 0 or a negative errno.
 */
int omt_cdev_register(struct omt_table *t)
{
	int ret;

	t->misc.minor = MISC_DYNAMIC_MINOR;
	t->misc.name = "omt_table";
	t->misc.fops = &omt_fops;
	t->misc.parent = t->dev;
	t->misc.mode = 0600;
	ret = misc_register(&t->misc);
	if (ret)
		return dev_err_probe(t->dev, ret, "cannot register /dev/omt_table\n");
	return devm_add_action_or_reset(t->dev, omt_cdev_unregister, t);
}
