// SPDX-License-Identifier: GPL-2.0
/*
 * omt_table_board.c - the interlock on a board without a device tree
 *
 * Given chip=<gpiochip label> and line offsets, the module describes the
 * lines in a gpiod lookup table and registers its own platform device,
 * which the driver then binds like a device-tree node.  Without chip= the
 * module only registers the driver.  enable_chip= puts the enable line
 * on another chip (inputs on one expander, the output on another).
 * Example (gpio-sim, tests):
 *
 *   modprobe omt_table chip=omt-sim estop_a=0 estop_b=1 enable=2 \
 *            limit_low=3 limit_high=4 obstruction=5
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gpio/machine.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "omt_table_priv.h"

static char *chip;
module_param(chip, charp, 0444);
MODULE_PARM_DESC(chip, "label of the GPIO chip carrying the lines (no device tree)");

static char *enable_chip;
module_param(enable_chip, charp, 0444);
MODULE_PARM_DESC(enable_chip, "label of the GPIO chip carrying the enable line, if not chip=");

/*
 * Offsets on that chip; -1 means the board has no such line.  U16_MAX is
 * not an offset: gpiolib reads it as "look the line up by name".
 */
static int estop_a = -1;
module_param(estop_a, int, 0444);
MODULE_PARM_DESC(estop_a, "e-stop channel A offset (required with chip=)");
static int estop_b = -1;
module_param(estop_b, int, 0444);
MODULE_PARM_DESC(estop_b, "e-stop channel B offset, -1 for a single channel");
static int enable = -1;
module_param(enable, int, 0444);
MODULE_PARM_DESC(enable, "motor-enable output offset (required with chip=)");
static int limit_low = -1;
module_param(limit_low, int, 0444);
MODULE_PARM_DESC(limit_low, "lower limit switch offset, -1 if none");
static int limit_high = -1;
module_param(limit_high, int, 0444);
MODULE_PARM_DESC(limit_high, "upper limit switch offset, -1 if none");
static int obstruction = -1;
module_param(obstruction, int, 0444);
MODULE_PARM_DESC(obstruction, "obstruction switch offset, -1 if none");

#define OMT_BOARD_LINES 6
static unsigned int active_low;
module_param(active_low, uint, 0444);
MODULE_PARM_DESC(active_low,
		 "bit mask of active-low lines: 1 estop_a, 2 estop_b, 4 enable, 8 limit_low, 16 limit_high, 32 obstruction");

static struct gpiod_lookup_table *omt_board_lookup;
static struct platform_device *omt_board_pdev;

struct omt_board_line {
	const int *offset;
	const char *con_id;
	unsigned int idx;
	bool required;
};

static const struct omt_board_line omt_board_lines[OMT_BOARD_LINES] = {
	{ &estop_a, "estop", 0, true },
	{ &estop_b, "estop", 1, false },
	{ &enable, "enable", 0, true },
	{ &limit_low, "limit", 0, false },
	{ &limit_high, "limit", 1, false },
	{ &obstruction, "obstruction", 0, false },
};

/* The label of the chip carrying line @i of omt_board_lines[]. */
static const char *omt_board_chip(int i)
{
	if (omt_board_lines[i].offset == &enable && enable_chip)
		return enable_chip;
	return chip;
}

/* Every parameter checked before anything is registered. */
static int omt_board_validate(unsigned int *count)
{
	int i, j, off;

	*count = 0;
	if (active_low & ~GENMASK(OMT_BOARD_LINES - 1, 0)) {
		pr_err("active_low 0x%x names unknown lines\n", active_low);
		return -EINVAL;
	}
	for (i = 0; i < OMT_BOARD_LINES; i++) {
		off = *omt_board_lines[i].offset;
		if (off < -1 || off >= U16_MAX || (off == -1 && omt_board_lines[i].required)) {
			pr_err("bad or missing offset %d for %s line %u\n", off,
			       omt_board_lines[i].con_id, omt_board_lines[i].idx);
			return -EINVAL;
		}
		if (off == -1)
			continue;
		for (j = 0; j < i; j++) {
			if (*omt_board_lines[j].offset == off &&
			    omt_board_chip(j) == omt_board_chip(i)) {
				pr_err("offset %d given for two lines\n", off);
				return -EINVAL;
			}
		}
		(*count)++;
	}
	/* A limit index 1 without index 0 would shift in the lookup. */
	if (limit_high != -1 && limit_low == -1) {
		pr_err("limit_high needs limit_low\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * One interlock per system: a board whose device tree describes it must
 * not get a second one from parameters (its platform device would take
 * the same name).
 */
static int omt_board_no_firmware_node(void)
{
	struct device_node *np;

	np = of_find_compatible_node(NULL, NULL, "omt,table-interlock");
	if (!np)
		return 0;
	pr_err("chip= given, but the device tree describes the interlock (%pOF)\n",
	       np);
	of_node_put(np);
	return -EINVAL;
}

int omt_board_register(void)
{
	struct gpiod_lookup *entry;
	unsigned int count;
	int i, ret;

	if (!chip) {
		if (enable_chip) {
			pr_err("enable_chip= needs chip=\n");
			return -EINVAL;
		}
		return 0;
	}
	if (!*chip || (enable_chip && !*enable_chip)) {
		pr_err("chip= or enable_chip= is empty\n");
		return -EINVAL;
	}
	ret = omt_board_validate(&count);
	if (ret)
		return ret;
	ret = omt_board_no_firmware_node();
	if (ret)
		return ret;

	omt_board_lookup = kzalloc(struct_size(omt_board_lookup, table, count + 1),
				   GFP_KERNEL);
	if (!omt_board_lookup)
		return -ENOMEM;
	omt_board_lookup->dev_id = "omt_table";
	entry = omt_board_lookup->table;
	for (i = 0; i < OMT_BOARD_LINES; i++) {
		if (*omt_board_lines[i].offset == -1)
			continue;
		entry->key = omt_board_chip(i);
		entry->chip_hwnum = *omt_board_lines[i].offset;
		entry->con_id = omt_board_lines[i].con_id;
		entry->idx = omt_board_lines[i].idx;
		entry->flags = (active_low & BIT(i)) ? GPIO_ACTIVE_LOW :
						       GPIO_ACTIVE_HIGH;
		entry++;
	}
	gpiod_add_lookup_table(omt_board_lookup);

	omt_board_pdev = platform_device_register_simple("omt_table",
							 PLATFORM_DEVID_NONE,
							 NULL, 0);
	if (IS_ERR(omt_board_pdev)) {
		ret = PTR_ERR(omt_board_pdev);
		omt_board_pdev = NULL;
		gpiod_remove_lookup_table(omt_board_lookup);
		kfree(omt_board_lookup);
		omt_board_lookup = NULL;
		return ret;
	}
	return 0;
}

void omt_board_unregister(void)
{
	if (omt_board_pdev)
		platform_device_unregister(omt_board_pdev);
	if (omt_board_lookup) {
		gpiod_remove_lookup_table(omt_board_lookup);
		kfree(omt_board_lookup);
	}
}
