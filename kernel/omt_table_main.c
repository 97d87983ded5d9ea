// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_main.c - platform driver of the treatment table's interlock
 *
 * Binds to "omt,table-interlock" device-tree nodes (see
 * docs/devicetree-binding.yaml) or to the platform device the module makes
 * from its parameters (omt_table_board.c), looks up the lines, and brings
 * up the interrupts, timers and /dev/omt_table.  Every resource is
 * device-managed; the enable line is driven low before it is released.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/sched.h>

#include "omt_table_priv.h"

static unsigned int agree_window_ms = OMT_TABLE_AGREE_WINDOW_DEFAULT_MS;
module_param(agree_window_ms, uint, 0444);
MODULE_PARM_DESC(agree_window_ms,
		 "e-stop channel agreement window when the firmware names none (1..1000 ms)");

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

static int omt_table_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct omt_table *t;
	u32 window_ms;
	int ret;

	t = devm_kzalloc(dev, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->dev = dev;
	spin_lock_init(&t->lock);
	mutex_init(&t->out_mutex);
	INIT_KFIFO(t->events);
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

	hrtimer_init(&t->watchdog, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->watchdog.function = omt_watchdog_expired;
	hrtimer_init(&t->disagree, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->disagree.function = omt_disagree_expired;
	ret = devm_add_action_or_reset(dev, omt_timers_cancel, t);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, t);
	omt_inputs_refresh(t);
	ret = omt_inputs_setup(t);
	if (ret)
		return ret;
	ret = omt_cdev_register(t);
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
		/*
		 * An open /dev/omt_table pins the module but not the binding;
		 * refusing manual unbind keeps the state alive while open.
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
