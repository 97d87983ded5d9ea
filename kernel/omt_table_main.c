// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_main.c - platform driver of the treatment table's interlock
 *
 * Binds to "omt,table-interlock" device-tree nodes (see
 * docs/devicetree-binding.yaml) or to the platform device the module makes
 * from its parameters (omt_table_board.c), looks up the lines, and brings
 * up the interrupts, timers and /dev/omt_table.  Every resource is
 * device-managed; the enable line is driven low before it is released.
 *
 * The binding depends on the GPIO chips carrying its lines (device links
 * to their parent devices): when a chip goes away, the interlock is
 * unbound first, so the enable line is driven low while it still can be,
 * and an open /dev/omt_table answers -ENODEV from then on.  The state
 * outlives the binding as long as a file holds it (see omt_table_priv.h).
 * A suspend withdraws enable and latches SUSPEND: the heartbeat's clock
 * stops, and nothing guards the table while the system sleeps.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gpio/driver.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/suspend.h>
#include <linux/property.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "omt_table_priv.h"

static unsigned int agree_window_ms = OMT_TABLE_AGREE_WINDOW_DEFAULT_MS;
module_param(agree_window_ms, uint, 0444);
MODULE_PARM_DESC(agree_window_ms,
		 "e-stop channel agreement window when the firmware names none (1..1000 ms)");

static void omt_table_release(struct kref *ref)
{
	struct omt_table *t = container_of(ref, struct omt_table, ref);

	put_pid(t->owner);
	kfree(t);
}

/**
 * omt_table_put() - drop a reference to the interlock's state
 * @t: the state; freed with the last reference
 */
void omt_table_put(struct omt_table *t)
{
	kref_put(&t->ref, omt_table_release);
}

static void omt_table_put_action(void *data)
{
	omt_table_put(data);
}

/*
 * First step of unbinding: from here on every file operation gives
 * -ENODEV, and the line goes low while the chips are still there.
 */
static void omt_table_gone(void *data)
{
	struct omt_table *t = data;
	bool was_on;

	down_write(&t->gone_sem);
	spin_lock_irq(&t->lock);
	was_on = t->enabled || t->requested;
	t->dead = true;
	t->owner_present = false;
	t->requested = false;
	spin_unlock_irq(&t->lock);
	up_write(&t->gone_sem);
	omt_output_apply(t);
	wake_up_interruptible_poll(&t->wait, EPOLLHUP | EPOLLERR);
	if (was_on)
		dev_warn(t->dev, "interlock going away while enabled; enable line low\n");
	else
		dev_info(t->dev, "interlock going away; enable line low\n");
}

static void omt_enable_off(void *data)
{
	struct omt_table *t = data;

	gpiod_set_value_cansleep(t->enable, 0);
}

static void omt_worker_destroy(void *data)
{
	struct omt_table *t = data;

	kthread_destroy_worker(t->worker);
}

static void omt_timers_cancel(void *data)
{
	struct omt_table *t = data;

	hrtimer_cancel(&t->watchdog);
	hrtimer_cancel(&t->disagree);
	hrtimer_cancel(&t->escape_timer);
}

static void omt_uevent_cancel(void *data)
{
	struct omt_table *t = data;

	cancel_work_sync(&t->uevent_work);
}

static int omt_read_bounded(struct device *dev, const char *prop, u32 def,
			    u32 min, u32 max, u32 *out)
{
	*out = def;
	device_property_read_u32(dev, prop, out);
	if (*out < min || *out > max)
		return dev_err_probe(dev, -EINVAL, "%s %u outside [%u, %u]\n",
				     prop, *out, min, max);
	return 0;
}

/*
 * Each kind of line is counted before any is taken, so that a board
 * description naming too few or too many is refused by name, with
 * nothing requested.  Absent optional lines count as zero.
 */
static int omt_check_line_count(struct device *dev, const char *con_id,
				bool required, int max)
{
	int n = gpiod_count(dev, con_id);

	if (n == -ENOENT)
		n = 0;
	if (n < 0)
		return dev_err_probe(dev, n, "cannot count %s-gpios\n", con_id);
	if (required && !n)
		return dev_err_probe(dev, -EINVAL,
				     "required property %s-gpios missing\n",
				     con_id);
	if (n > max)
		return dev_err_probe(dev, -EINVAL,
				     "%s-gpios names %d lines, at most %d\n",
				     con_id, n, max);
	return 0;
}

static int omt_check_line_counts(struct device *dev)
{
	int ret;

	ret = omt_check_line_count(dev, "enable", true, 1);
	if (!ret)
		ret = omt_check_line_count(dev, "estop", true, 2);
	if (!ret)
		ret = omt_check_line_count(dev, "limit", false, 2);
	if (!ret)
		ret = omt_check_line_count(dev, "obstruction", false, 1);
	return ret;
}

static int omt_get_inputs(struct omt_table *t)
{
	static const struct {
		const char *con_id;
		unsigned int idx;
		u32 line_bit;		/* 0: required */
	} lines[OMT_IN_COUNT] = {
		[OMT_IN_ESTOP_A] = { "estop", 0, 0 },
		[OMT_IN_ESTOP_B] = { "estop", 1, OMT_TABLE_LINE_ESTOP_B },
		[OMT_IN_LIMIT_LOW] = { "limit", 0, OMT_TABLE_LINE_LIMIT_LOW },
		[OMT_IN_LIMIT_HIGH] = { "limit", 1, OMT_TABLE_LINE_LIMIT_HIGH },
		[OMT_IN_OBSTRUCTION] = { "obstruction", 0, OMT_TABLE_LINE_OBSTRUCTION },
	};
	struct gpio_desc *desc;
	int role;

	for (role = 0; role < OMT_IN_COUNT; role++) {
		if (lines[role].line_bit)
			desc = devm_gpiod_get_index_optional(t->dev,
							     lines[role].con_id,
							     lines[role].idx, GPIOD_IN);
		else
			desc = devm_gpiod_get_index(t->dev, lines[role].con_id,
						    lines[role].idx, GPIOD_IN);
		if (IS_ERR(desc))
			return dev_err_probe(t->dev, PTR_ERR(desc),
					     "cannot get %s line %u\n",
					     lines[role].con_id, lines[role].idx);
		t->inputs[role].desc = desc;
		if (desc)
			t->lines_present |= lines[role].line_bit;
	}
	return 0;
}

/*
 * Suspend withdraws enable and latches SUSPEND if enable was on or
 * wanted.  It runs from the PM notifier, before any task is frozen, and
 * again from the device's suspend callback; the second call finds
 * nothing left to do.
 */
static void omt_table_quiesce(struct omt_table *t)
{
	bool was_on;

	spin_lock_irq(&t->lock);
	was_on = t->enabled || t->requested;
	if (was_on)
		omt_faults_latch_locked(t, OMT_TABLE_FAULT_SUSPEND);
	t->heartbeat_fresh = false;
	spin_unlock_irq(&t->lock);
	hrtimer_cancel(&t->watchdog);
	omt_output_apply(t);
	if (was_on)
		dev_warn(t->dev, "suspend: enable withdrawn, SUSPEND latched\n");
}

static int omt_table_suspend(struct device *dev)
{
	omt_table_quiesce(dev_get_drvdata(dev));
	return 0;
}

/* Edges may have been lost while asleep: read every line again. */
static int omt_table_resume(struct device *dev)
{
	struct omt_table *t = dev_get_drvdata(dev);

	omt_inputs_refresh(t, GENMASK(OMT_IN_COUNT - 1, 0));
	return 0;
}

static int omt_table_pm_notify(struct notifier_block *nb, unsigned long action,
			       void *data)
{
	struct omt_table *t = container_of(nb, struct omt_table, pm_nb);

	switch (action) {
	case PM_SUSPEND_PREPARE:
	case PM_HIBERNATION_PREPARE:
		omt_table_quiesce(t);
		break;
	case PM_POST_SUSPEND:
	case PM_POST_HIBERNATION:
		omt_inputs_refresh(t, GENMASK(OMT_IN_COUNT - 1, 0));
		break;
	}
	return NOTIFY_DONE;
}

static void omt_pm_notifier_remove(void *data)
{
	struct omt_table *t = data;

	unregister_pm_notifier(&t->pm_nb);
}

static DEFINE_SIMPLE_DEV_PM_OPS(omt_table_pm, omt_table_suspend, omt_table_resume);

/*
 * Make the binding depend on the devices behind the GPIO chips of its
 * lines, once per device, so that removing a chip unbinds the interlock
 * first.  The links go when the interlock is unbound.
 */
static int omt_link_chips(struct omt_table *t)
{
	struct device *linked[OMT_IN_COUNT + 1];
	struct gpio_desc *descs[OMT_IN_COUNT + 1];
	int i, j, n = 0, count = 0;

	descs[count++] = t->enable;
	for (i = 0; i < OMT_IN_COUNT; i++)
		if (t->inputs[i].desc)
			descs[count++] = t->inputs[i].desc;

	for (i = 0; i < count; i++) {
		struct gpio_chip *gc = gpiod_to_chip(descs[i]);

		if (!gc || !gc->parent || gc->parent == t->dev)
			continue;
		for (j = 0; j < n && linked[j] != gc->parent; j++)
			;
		if (j < n)
			continue;
		if (!device_link_add(t->dev, gc->parent, DL_FLAG_AUTOREMOVE_CONSUMER))
			return dev_err_probe(t->dev, -EINVAL,
					     "cannot link to GPIO chip %s\n", gc->label);
		linked[n++] = gc->parent;
	}
	return 0;
}

static int omt_table_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct omt_table *t;
	u32 window_ms;
	int ret;

	/* Not device-managed: an open file may outlive the binding. */
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	kref_init(&t->ref);
	ret = devm_add_action_or_reset(dev, omt_table_put_action, t);
	if (ret)
		return ret;
	t->dev = dev;
	spin_lock_init(&t->lock);
	mutex_init(&t->out_mutex);
	mutex_init(&t->read_mutex);
	init_rwsem(&t->gone_sem);
	init_waitqueue_head(&t->wait);

	ret = omt_read_bounded(dev, "omt,watchdog-timeout-ms",
			       OMT_TABLE_TIMEOUT_DEFAULT_MS,
			       OMT_TABLE_TIMEOUT_MIN_MS, OMT_TABLE_TIMEOUT_MAX_MS,
			       &t->timeout_ms);
	if (ret)
		return ret;
	ret = omt_read_bounded(dev, "omt,estop-agree-window-ms",
			       agree_window_ms, 1,
			       OMT_TABLE_AGREE_WINDOW_MAX_MS, &window_ms);
	if (ret)
		return ret;
	t->agree_window_ns = (u64)window_ms * NSEC_PER_MSEC;
	ret = omt_check_line_counts(dev);
	if (ret)
		return ret;

	t->enable = devm_gpiod_get(dev, "enable", GPIOD_OUT_LOW);
	if (IS_ERR(t->enable))
		return dev_err_probe(dev, PTR_ERR(t->enable),
				     "cannot get the enable line\n");
	ret = devm_add_action_or_reset(dev, omt_enable_off, t);
	if (ret)
		return ret;
	t->enable_sleeps = gpiod_cansleep(t->enable);

	ret = omt_get_inputs(t);
	if (ret)
		return ret;
	ret = omt_link_chips(t);
	if (ret)
		return ret;

	/* Writes to a sleeping enable chip from timer expiry run here. */
	t->worker = kthread_create_worker(0, "omt_table");
	if (IS_ERR(t->worker))
		return PTR_ERR(t->worker);
	sched_set_fifo(t->worker->task);
	ret = devm_add_action_or_reset(dev, omt_worker_destroy, t);
	if (ret)
		return ret;
	kthread_init_work(&t->output_work, omt_output_work_fn);

	INIT_WORK(&t->uevent_work, omt_uevent_work_fn);
	ret = devm_add_action_or_reset(dev, omt_uevent_cancel, t);
	if (ret)
		return ret;

	hrtimer_init(&t->watchdog, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	t->watchdog.function = omt_watchdog_expired;
	hrtimer_init(&t->disagree, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->disagree.function = omt_disagree_expired;
	hrtimer_init(&t->escape_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	t->escape_timer.function = omt_escape_expired;
	ret = devm_add_action_or_reset(dev, omt_timers_cancel, t);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, t);
	/*
	 * Interrupts first, then the first read: an edge between the two is
	 * handled by its interrupt, and a line asserted already latches its
	 * fault in the read.
	 */
	ret = omt_inputs_setup(t);
	if (ret)
		return ret;
	omt_inputs_refresh(t, GENMASK(OMT_IN_COUNT - 1, 0));
	t->pm_nb.notifier_call = omt_table_pm_notify;
	ret = register_pm_notifier(&t->pm_nb);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, omt_pm_notifier_remove, t);
	if (ret)
		return ret;
	ret = omt_cdev_register(t);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, omt_table_gone, t);
	if (ret)
		return ret;

	dev_info(dev, "interlock ready: enable line %s, lines 0x%x, timeout %u ms\n",
		 t->enable_sleeps ? "may sleep (written from threads)" :
				    "written from the hard irq",
		 t->lines_present, t->timeout_ms);
	return 0;
}

static const struct of_device_id omt_table_of_match[] = {
	{ .compatible = "omt,table-interlock" },
	{ }
};
MODULE_DEVICE_TABLE(of, omt_table_of_match);

static struct platform_driver omt_table_driver = {
	.probe = omt_table_probe,
	.driver = {
		.name = "omt_table",
		.of_match_table = omt_table_of_match,
		.dev_groups = omt_table_groups,
		.pm = pm_sleep_ptr(&omt_table_pm),
		/*
		 * A manual unbind would take the interlock away from under
		 * its owner for no reason a table has; removal of a chip or
		 * of the device is handled (omt_table_gone()).
		 */
		.suppress_bind_attrs = true,
	},
};

static int __init omt_table_init(void)
{
	int ret;

	if (!agree_window_ms || agree_window_ms > OMT_TABLE_AGREE_WINDOW_MAX_MS) {
		pr_err("agree_window_ms %u outside [1, %u]\n", agree_window_ms,
		       OMT_TABLE_AGREE_WINDOW_MAX_MS);
		return -EINVAL;
	}

	/*
	 * The parameters are checked, and their device made, before the
	 * driver exists: refused parameters never bind anything, not even
	 * a device-tree node for a moment.
	 */
	ret = omt_board_register();
	if (ret)
		return ret;
	ret = platform_driver_register(&omt_table_driver);
	if (ret)
		omt_board_unregister();
	return ret;
}
module_init(omt_table_init);

static void __exit omt_table_exit(void)
{
	omt_board_unregister();
	platform_driver_unregister(&omt_table_driver);
}
module_exit(omt_table_exit);

MODULE_DESCRIPTION("Safety interlock of a motorised treatment table");
MODULE_LICENSE("GPL");
MODULE_ALIAS("platform:omt_table");
