// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_sysfs.c - the interlock's state for technicians and udev
 *
 * Attributes of the platform device (e.g.
 * /sys/bus/platform/devices/omt_table/), one value each unless noted:
 *
 * estop (RO)
 *	1 while any e-stop channel is asserted, else 0.
 * enabled (RO)
 *	1 while the motor-enable line is driven high, else 0.
 * fault (RO)
 *	Latched OMT_TABLE_FAULT_* bits as 0x%08x (0x00000000: none).  A
 *	KOBJ_CHANGE uevent carrying OMT_FAULT=<the same value> is sent on
 *	every change.
 * counters (RO)
 *	One line of key=value pairs, counted since the module was loaded:
 *	estop_presses, watchdog_expiries, disagreements, obstructions,
 *	enables, events_dropped.
 * watchdog_timeout_ms (RW, root)
 *	Heartbeat timeout; a change re-arms the running deadline from the
 *	last ping (a new timeout already exceeded expires at once); writes outside
 *	[OMT_TABLE_TIMEOUT_MIN_MS, OMT_TABLE_TIMEOUT_MAX_MS] fail with
 *	-EINVAL and change nothing.
 * last_latency_ns (RO)
 *	Time from the last e-stop or obstruction edge that lowered the
 *	enable line to the line being low, in ns; 0 until one happened.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/sysfs.h>

#include "omt_table_priv.h"

/*
 * _name_show(): one field of a fresh status, as the status ioctl would
 * return it.
 */
#define OMT_STATUS_SHOW(_name, _fmt, _field)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct omt_table_status st;					\
									\
	omt_status_fill(dev_get_drvdata(dev), &st);			\
	return sysfs_emit(buf, _fmt "\n", st._field);			\
}

OMT_STATUS_SHOW(estop, "%u", estop)
static DEVICE_ATTR_RO(estop);

OMT_STATUS_SHOW(enabled, "%u", enabled)
static DEVICE_ATTR_RO(enabled);

OMT_STATUS_SHOW(fault, "0x%08x", faults)
static DEVICE_ATTR_RO(fault);

OMT_STATUS_SHOW(last_latency_ns, "%llu", last_latency_ns)
static DEVICE_ATTR_RO(last_latency_ns);

static ssize_t counters_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct omt_table_status st;

	omt_status_fill(dev_get_drvdata(dev), &st);
	return sysfs_emit(buf,
			  "estop_presses=%llu watchdog_expiries=%llu disagreements=%llu obstructions=%llu enables=%llu events_dropped=%llu\n",
			  st.estop_presses, st.watchdog_expiries,
			  st.disagreements, st.obstructions, st.enables,
			  st.events_dropped);
}
static DEVICE_ATTR_RO(counters);

OMT_STATUS_SHOW(watchdog_timeout_ms, "%u", watchdog_timeout_ms)

static ssize_t watchdog_timeout_ms_store(struct device *dev,
					 struct device_attribute *attr,
					 const char *buf, size_t count)
{
	struct omt_table *t = dev_get_drvdata(dev);
	unsigned int ms;
	int ret;

	ret = kstrtouint(buf, 10, &ms);
	if (ret)
		return ret;
	if (!omt_rules_timeout_valid(ms))
		return -EINVAL;
	spin_lock_irq(&t->lock);
	t->timeout_ms = ms;
	omt_watchdog_rearm_locked(t);
	spin_unlock_irq(&t->lock);
	return count;
}
static DEVICE_ATTR_RW(watchdog_timeout_ms);

static struct attribute *omt_table_attrs[] = {
	&dev_attr_estop.attr,
	&dev_attr_enabled.attr,
	&dev_attr_fault.attr,
	&dev_attr_counters.attr,
	&dev_attr_watchdog_timeout_ms.attr,
	&dev_attr_last_latency_ns.attr,
	NULL
};

/*
 * What ATTRIBUTE_GROUPS() expands to, without its "static": the driver
 * structure in omt_table_main.c hands the list to the core as .dev_groups.
 */
static const struct attribute_group omt_table_group = {
	.attrs = omt_table_attrs,
};

const struct attribute_group *omt_table_groups[] = {
	&omt_table_group,
	NULL
};
