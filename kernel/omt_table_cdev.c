// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_cdev.c - /dev/omt_table, the owner's handle on the interlock
 *
 * One owner at a time (a second open gets -EBUSY).  The owner holds
 * enable up by asking for it and pinging; closing the file, which the
 * kernel does when the owner dies, withdraws everything.  The ioctls and
 * the event record are described in include/uapi/omt_table.h.
 */
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

#include "omt_table_priv.h"

static struct omt_table *omt_from_file(struct file *file)
{
	return file->private_data;
}

static int omt_open(struct inode *inode, struct file *file)
{
	struct omt_table *t = container_of(file->private_data,
					   struct omt_table, misc);

	if (test_and_set_bit_lock(0, &t->open_flag))
		return -EBUSY;
	file->private_data = t;
	spin_lock_irq(&t->lock);
	t->owner_present = true;
	t->requested = false;
	t->heartbeat_fresh = false;
	spin_unlock_irq(&t->lock);
	return nonseekable_open(inode, file);
}

static int omt_release(struct inode *inode, struct file *file)
{
	struct omt_table *t = omt_from_file(file);

	spin_lock_irq(&t->lock);
	t->owner_present = false;
	t->requested = false;
	spin_unlock_irq(&t->lock);
	omt_output_apply(t);
	omt_watchdog_stop(t);
	clear_bit_unlock(0, &t->open_flag);
	return 0;
}

static bool omt_events_pending(struct omt_table *t)
{
	unsigned long flags;
	bool pending;

	spin_lock_irqsave(&t->lock, flags);
	pending = !kfifo_is_empty(&t->events);
	spin_unlock_irqrestore(&t->lock, flags);
	return pending;
}

static ssize_t omt_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct omt_table *t = omt_from_file(file);
	struct omt_table_event ev;
	size_t done = 0;
	int ret;

	if (count < sizeof(ev))
		return -EINVAL;

	while (count - done >= sizeof(ev)) {
		spin_lock_irq(&t->lock);
		if (!kfifo_get(&t->events, &ev)) {
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
		done += sizeof(ev);
	}
	return done;
}

static __poll_t omt_poll(struct file *file, struct poll_table_struct *wait)
{
	struct omt_table *t = omt_from_file(file);

	poll_wait(file, &t->wait, wait);
	return omt_events_pending(t) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int omt_ioctl_enable(struct omt_table *t)
{
	bool on;

	omt_watchdog_ping(t);
	spin_lock_irq(&t->lock);
	if (omt_rules_enable_refused(t->faults, t->input_state)) {
		spin_unlock_irq(&t->lock);
		return -EBUSY;
	}
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
	spin_unlock_irq(&t->lock);
	omt_output_apply(t);
	return 0;
}

static int omt_ioctl_clear(struct omt_table *t, u32 __user *uarg)
{
	u32 mask, causes, cleared;
	int ret;

	if (get_user(mask, uarg))
		return -EFAULT;
	ret = omt_rules_clear_check(0, 0, mask);
	if (ret)
		return ret;

	omt_inputs_refresh(t);
	spin_lock_irq(&t->lock);
	causes = omt_rules_fault_causes(t->input_state, t->lines_present);
	ret = omt_rules_clear_check(t->faults, causes, mask);
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
	spin_unlock_irq(&t->lock);
	omt_watchdog_ping(t);
	return 0;
}

static int omt_ioctl_status(struct omt_table *t,
			    struct omt_table_status __user *uarg)
{
	struct omt_table_status st;

	omt_status_fill(t, &st);
	return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long omt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct omt_table *t = omt_from_file(file);
	void __user *uarg = (void __user *)arg;

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
	default:
		return -ENOTTY;
	}
}

static const struct file_operations omt_fops = {
	.owner = THIS_MODULE,
	.open = omt_open,
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
