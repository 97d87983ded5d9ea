// SPDX-License-Identifier: MIT
/*
 * Cross-field checks of a complete configuration, and the small pure
 * helpers around it (conditions, names, travel).  No I/O: the loader turns
 * an issue into "FILE:LINE: [SECTION] KEY: MESSAGE".
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_values.h"
#include "omt_name_table.h"

static const char *const group_names[OMTD_AXIS_GROUP_COUNT] = {
	"height", "tilt", "drops",
};

enum omtd_axis_group omtd_axis_group_of(enum omt_axis axis)
{
	if (axis == OMT_AXIS_HEIGHT)
		return OMTD_AXIS_GROUP_HEIGHT;
	if (axis == OMT_AXIS_TILT)
		return OMTD_AXIS_GROUP_TILT;
	return OMTD_AXIS_GROUP_DROPS;
}

const struct omt_regmap *omtd_config_profile(const struct omtd_config *c,
					      const char *name)
{
	for (unsigned int i = 0; i < c->n_profiles; i++) {
		if (strcmp(c->profiles[i].name, name) == 0)
			return &c->profiles[i];
	}
	return NULL;
}

const char *omtd_pedal_function_name(enum omt_pedal_function f)
{
	static const char *const names[] = {
		[OMT_PEDAL_NONE] = "none",
		[OMT_PEDAL_HEIGHT_UP] = "height-up",
		[OMT_PEDAL_HEIGHT_DOWN] = "height-down",
		[OMT_PEDAL_TILT_UP] = "tilt-up",
		[OMT_PEDAL_TILT_DOWN] = "tilt-down",
		[OMT_PEDAL_ENABLE] = "enable",
		[OMT_PEDAL_ARM_DROPS] = "arm-drops",
		[OMT_PEDAL_PRESET] = "preset",
	};

	return omt_name_at(names, OMT_NAME_TABLE_SIZE(names), f);
}

int omtd_condition_parse(const char *text, struct omt_condition *out,
			 char *err, size_t errlen)
{
	static const char *const ops[] = { "<", "<=", ">", ">=" };
	static const enum omt_cmp cmps[] = {
		OMT_CMP_LT, OMT_CMP_LE, OMT_CMP_GT, OMT_CMP_GE,
	};
	char axis[16], op[8], number[48], extra[2];
	struct omt_condition cond;
	unsigned int i;

	if (sscanf(text, "%15s %7s %47s %1s", axis, op, number, extra) != 3) {
		snprintf(err, errlen,
			 "'%s' is not AXIS OP NUMBER (e.g. height < 600)", text);
		return -EINVAL;
	}
	if (strcmp(axis, "height") == 0) {
		cond.axis = OMT_AXIS_HEIGHT;
	} else if (strcmp(axis, "tilt") == 0) {
		cond.axis = OMT_AXIS_TILT;
	} else {
		snprintf(err, errlen, "'%s' is not height or tilt", axis);
		return -EINVAL;
	}
	for (i = 0; i < 4 && strcmp(op, ops[i]) != 0; i++)
		;
	if (i == 4) {
		snprintf(err, errlen, "'%s' is not one of <, <=, >, >=", op);
		return -EINVAL;
	}
	cond.cmp = cmps[i];
	if (config_parse_double(number, -1e6, 1e6, &cond.value, err, errlen))
		return -EINVAL;
	*out = cond;
	return 0;
}

int omtd_config_check_travel(const struct omtd_config *c, enum omt_axis axis,
			     const struct drive_identity *id, char *err,
			     size_t errlen)
{
	const struct omtd_axis_config *a = &c->axis[omtd_axis_group_of(axis)];

	if (!id->has_travel)
		return 0;
	if (a->min < id->min_position || a->max > id->max_position) {
		snprintf(err, errlen,
			 "[axis.%s] soft limits %g..%g are outside the %s drive's travel %g..%g",
			 group_names[omtd_axis_group_of(axis)], a->min, a->max,
			 omt_axis_name(axis), id->min_position,
			 id->max_position);
		return -EINVAL;
	}
	return 0;
}

__attribute__((format(printf, 4, 5)))
static int issue(struct omtd_config_issue *is, const char *section,
		 const char *key, const char *fmt, ...)
{
	va_list ap;

	snprintf(is->section, sizeof(is->section), "%s", section);
	snprintf(is->key, sizeof(is->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(is->message, sizeof(is->message), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int validate_link(const struct omtd_config *c,
			 struct omtd_config_issue *is)
{
	const struct link_line_settings *l = &c->link;

	if (l->transport == LINK_TRANSPORT_TCP && l->host[0] == '\0')
		return issue(is, "link", "host", "required for transport tcp");
	if (l->transport == LINK_TRANSPORT_RTU && l->device[0] == '\0')
		return issue(is, "link", "device", "required for transport rtu");
	if (l->response_timeout_ms >= c->control.period_ms)
		return issue(is, "link", "response_timeout_ms",
			     "%u ms is not shorter than the control period (%u ms)",
			     l->response_timeout_ms, c->control.period_ms);
	if (l->byte_timeout_ms > l->response_timeout_ms)
		return issue(is, "link", "byte_timeout_ms",
			     "%u ms is longer than response_timeout_ms (%u ms)",
			     l->byte_timeout_ms, l->response_timeout_ms);
	return 0;
}

/*
 * No period omtd.conf takes fits the drive at the line's baud: what a
 * faster one would need, so that the message does not ask for a period
 * the key refuses.
 */
static void faster_baud(const struct omtd_config *c, const struct omt_regmap *p,
			char *out, size_t len)
{
	static const uint32_t bauds[] = { 19200, 38400, 57600, 115200,
					  230400, 460800, 921600 };
	struct link_line_settings line = c->link;
	struct link_round_need need;

	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		if (bauds[i] <= c->link.baud)
			continue;
		line.baud = bauds[i];
		link_round_check(&line, c->io.source == OMTD_IO_MODBUS,
				 c->io.modbus_read, p, c->control.period_ms,
				 &need);
		if (need.min_period_ms &&
		    need.min_period_ms <= OMTD_PERIOD_MS_MAX) {
			snprintf(out, len,
				 "; no period up to %u ms fits at this baud, at %u baud it needs %u ms",
				 OMTD_PERIOD_MS_MAX, bauds[i],
				 need.min_period_ms);
			return;
		}
	}
	snprintf(out, len,
		 "; no period up to %u ms fits at any baud: give the drive a line of its own",
		 OMTD_PERIOD_MS_MAX);
}

/*
 * On RS-485 each drive's longest exchange must fit a control period
 * beside the I/O module's read: one that does not is cut at the
 * period's end each time (link_round.h) and the drive latches a comms
 * fault instead of moving.
 */
static int validate_round(const struct omtd_config *c, enum omt_axis axis,
			  const struct omt_regmap *p,
			  struct omtd_config_issue *is)
{
	const struct omtd_control_config *k = &c->control;
	struct link_round_need need;
	char with_io[32] = "";
	char needs[96] = "";
	int rc;

	rc = link_round_check(&c->link, c->io.source == OMTD_IO_MODBUS,
			      c->io.modbus_read, p, k->period_ms, &need);
	if (rc == 0)
		return 0;
	if (rc != -ERANGE)
		return issue(is, "control", "period_ms",
			     "the %s drive's profile %s has no exchange to time",
			     omt_axis_name(axis), p->name);
	if (need.io_us)
		snprintf(with_io, sizeof(with_io), " + %.1f ms I/O read",
			 need.io_us / 1000.0);
	if (need.min_period_ms && need.min_period_ms <= OMTD_PERIOD_MS_MAX)
		snprintf(needs, sizeof(needs), "; needs %u ms",
			 need.min_period_ms);
	else
		faster_baud(c, p, needs, sizeof(needs));
	return issue(is, "control", "period_ms",
		     "%u ms is too short for the %s drive (%s) at %u baud: its longest exchange, %u requests, %.1f ms%s, exceeds the %.1f ms of bus time%s",
		     k->period_ms, omt_axis_name(axis), p->name, c->link.baud,
		     need.requests, need.exchange_us / 1000.0, with_io,
		     need.window_us / 1000.0, needs);
}

static int validate_drives(struct omtd_config *c, struct omtd_config_issue *is)
{
	for (unsigned int a = 0; a < OMT_AXIS_COUNT; a++) {
		struct omtd_drive_config *d = &c->drive[a];
		char section[32];
		const struct omt_regmap *p;

		snprintf(section, sizeof(section), "drive.%s",
			 omt_axis_name((enum omt_axis)a));
		p = omtd_config_profile(c, d->profile);
		/* A shipped profile joins the list the first time it is named. */
		if (!p && c->n_profiles < OMTD_MAX_PROFILES &&
		    regmap_builtin_find(d->profile,
					&c->profiles[c->n_profiles]) == 0)
			p = &c->profiles[c->n_profiles++];
		if (!p)
			return issue(is, section, "profile",
				     "no profile '%s' (shipped: %s, %s, %s; others need a [profile.%s] section)",
				     d->profile, OMT_PROFILE_BUILTIN_NAME,
				     OMT_PROFILE_LINAK_TCP_NAME,
				     OMT_PROFILE_CIA402_PP_NAME, d->profile);
		d->regmap_index = (unsigned int)(p - c->profiles);
		if (!d->present)
			continue;
		if (p->dc.cls != DRIVE_CLASS_CYCLIC_POSITION) {
			const struct omtd_axis_config *ax =
				&c->axis[omtd_axis_group_of((enum omt_axis)a)];
			char why[128];

			if (drive_class_check_stopping(p, ax->max_speed,
						       ax->stop_decel,
						       c->control.period_ms / 1000.0,
						       why, sizeof(why)))
				return issue(is, section, "profile", "%s: %s",
					     p->name, why);
			if (drive_class_check_start(p, ax->max_speed,
						    ax->max_accel, why,
						    sizeof(why)))
				return issue(is, section, "profile", "%s: %s",
					     p->name, why);
			if (drive_class_check_heartbeat(p, c->control.period_ms,
							why, sizeof(why)))
				return issue(is, section, "profile", "%s: %s",
					     p->name, why);
		}
		if (validate_round(c, (enum omt_axis)a, p, is))
			return -EINVAL;
		if (c->io.source == OMTD_IO_MODBUS && d->slave == c->io.slave)
			return issue(is, section, "slave",
				     "%u is also the slave of [io]", d->slave);
		for (unsigned int b = 0; b < a; b++) {
			if (c->drive[b].present && c->drive[b].slave == d->slave)
				return issue(is, section, "slave",
					     "%u is also the slave of [drive.%s]",
					     d->slave,
					     omt_axis_name((enum omt_axis)b));
		}
	}
	return 0;
}

static int validate_io(const struct omtd_config *c,
		       struct omtd_config_issue *is)
{
	const struct omtd_io_config *io = &c->io;

	if (io->two_channel_enable &&
	    (io->pedal[OMT_IN_PEDAL_ENABLE_A].function != OMT_PEDAL_ENABLE ||
	     io->pedal[OMT_IN_PEDAL_ENABLE_B].function != OMT_PEDAL_ENABLE))
		return issue(is, "io", "two_channel_enable",
			     "needs function.pedal-enable-a and function.pedal-enable-b both 'enable'");
	if (io->source != OMTD_IO_GPIO)
		return 0;
	if (io->gpio_chip[0] == '\0')
		return issue(is, "io", "gpio_chip", "required for source gpio");
	for (unsigned int i = 0; i < OMT_PEDAL_INPUTS; i++) {
		char key[48];

		if (io->pedal[i].function == OMT_PEDAL_NONE ||
		    io->input[i].line_offset != -2)
			continue;
		snprintf(key, sizeof(key), "line.%s",
			 omt_io_input_name((enum omt_io_input)i));
		return issue(is, "io", key,
			     "missing: the input has function %s but no GPIO line",
			     omtd_pedal_function_name(io->pedal[i].function));
	}
	for (unsigned int i = 0; i < OMT_IN_COUNT; i++) {
		for (unsigned int j = 0; j < i; j++) {
			const struct omtd_io_input *x = &io->input[i];
			const struct omtd_io_input *y = &io->input[j];
			bool same = x->line_offset >= 0 ?
				x->line_offset == y->line_offset :
				x->line_offset == -1 && y->line_offset == -1 &&
				strcmp(x->line_name, y->line_name) == 0;
			char key[48];

			if (!same)
				continue;
			snprintf(key, sizeof(key), "line.%s",
				 omt_io_input_name((enum omt_io_input)i));
			return issue(is, "io", key, "same GPIO line as line.%s",
				     omt_io_input_name((enum omt_io_input)j));
		}
	}
	return 0;
}

static int validate_control(const struct omtd_config *c,
			    struct omtd_config_issue *is)
{
	const struct omtd_control_config *k = &c->control;

	if (k->hold_timeout_ms < 3 * k->period_ms)
		return issue(is, "control", "hold_timeout_ms",
			     "%u ms is less than 3 control periods (%u ms)",
			     k->hold_timeout_ms, 3 * k->period_ms);
	/*
	 * The drive must not stop between two of our writes in normal
	 * running; one late cycle must not trip it either.
	 */
	if (k->drive_watchdog_ms != 0 && k->drive_watchdog_ms < 2 * k->period_ms)
		return issue(is, "control", "drive_watchdog_ms",
			     "%u ms is shorter than two control periods (%u ms): the drives would stop between writes",
			     k->drive_watchdog_ms, 2 * k->period_ms);
	/*
	 * One late or lost exchange must not count as a lost unit; and omtd
	 * must know a drive lost soon after the drive, silent for its
	 * WATCHDOG_MS, stops itself: the other axes must not run on beside a
	 * drive that has stopped for longer than one more watchdog time.
	 */
	if (k->comms_lost_ms < 2 * k->period_ms)
		return issue(is, "control", "comms_lost_ms",
			     "%u ms is shorter than two control periods (%u ms): one late exchange would count as a lost unit",
			     k->comms_lost_ms, 2 * k->period_ms);
	if (k->drive_watchdog_ms != 0 &&
	    k->comms_lost_ms > 2 * k->drive_watchdog_ms)
		return issue(is, "control", "comms_lost_ms",
			     "%u ms is longer than twice drive_watchdog_ms (%u ms): omtd would count on a drive long after it stopped itself",
			     k->comms_lost_ms, 2 * k->drive_watchdog_ms);
	return 0;
}

static int validate_axis(const struct omtd_config *c, unsigned int g,
			 struct omtd_config_issue *is)
{
	const struct omtd_axis_config *a = &c->axis[g];
	char section[16];

	snprintf(section, sizeof(section), "axis.%s", group_names[g]);
	if (a->min >= a->max)
		return issue(is, section, "max", "%g is not above min (%g)",
			     a->max, a->min);
	if (a->stop_decel < a->max_accel)
		return issue(is, section, "stop_decel",
			     "%g is below max_accel (%g): a stop never brakes gentler than a start",
			     a->stop_decel, a->max_accel);
	if (a->slow_zone &&
	    (a->slow_zone_below <= a->min || a->slow_zone_below > a->max))
		return issue(is, section, "slow_zone_below",
			     "%g is not above min (%g) and at most max (%g)",
			     a->slow_zone_below, a->min, a->max);
	if (a->obstruction_current_ma >= a->overcurrent_ma)
		return issue(is, section, "obstruction_current_ma",
			     "%u mA is not below overcurrent_ma (%u mA)",
			     a->obstruction_current_ma, a->overcurrent_ma);
	if (a->duty_window_s != 0 && a->duty_on_s > a->duty_window_s)
		return issue(is, section, "duty_on_s",
			     "%u s is longer than duty_window_s (%u s)",
			     a->duty_on_s, a->duty_window_s);
	if (g == OMTD_AXIS_GROUP_DROPS &&
	    (a->drop_cocked_position <= a->min ||
	     a->drop_cocked_position > a->max))
		return issue(is, section, "cocked_position",
			     "%g is not above min (%g) and at most max (%g)",
			     a->drop_cocked_position, a->min, a->max);
	return 0;
}

static int validate_pinch(const struct omtd_config *c, unsigned int i,
			  struct omtd_config_issue *is)
{
	const struct omtd_pinch_zone *z = &c->pinch[i];
	char section[32];

	snprintf(section, sizeof(section), "pinch.%s", z->name);
	if (z->axis != OMT_AXIS_HEIGHT && z->axis != OMT_AXIS_TILT)
		return issue(is, section, "axis", "missing (required)");
	if (isnan(z->from))
		return issue(is, section, "from", "missing (required)");
	if (isnan(z->to))
		return issue(is, section, "to", "missing (required)");
	if (isnan(z->speed_factor))
		return issue(is, section, "speed_factor", "missing (required)");
	if (z->from >= z->to)
		return issue(is, section, "to", "%g is not above from (%g)",
			     z->to, z->from);
	const struct omtd_axis_config *a =
		&c->axis[omtd_axis_group_of(z->axis)];
	if (z->from < a->min || z->to > a->max)
		return issue(is, section, z->from < a->min ? "from" : "to",
			     "zone %g..%g is not inside the soft limits %g..%g",
			     z->from, z->to, a->min, a->max);
	return 0;
}

static int validate_rule(const struct omtd_config *c, unsigned int i,
			 struct omtd_config_issue *is)
{
	const struct omt_combo_rule *r = &c->rules.rule[i];
	char section[32];

	snprintf(section, sizeof(section), "rule.%s", c->rule_name[i]);
	if (r->when.axis != OMT_AXIS_HEIGHT && r->when.axis != OMT_AXIS_TILT)
		return issue(is, section, "when", "missing (required)");
	if (r->forbid.axis != OMT_AXIS_HEIGHT && r->forbid.axis != OMT_AXIS_TILT)
		return issue(is, section, "forbid", "missing (required)");
	return 0;
}

int omtd_config_validate(struct omtd_config *c,
			 struct omtd_config_issue *is)
{
	memset(is, 0, sizeof(*is));
	for (unsigned int i = 0; i < c->n_profiles; i++) {
		char key[OMTD_NAME_MAX + 16], message[160], section[64];

		if (regmap_validate(&c->profiles[i], key, sizeof(key), message,
				     sizeof(message)) == 0)
			continue;
		snprintf(section, sizeof(section), "profile.%s",
			 c->profiles[i].name);
		return issue(is, section, key, "%s", message);
	}
	if (validate_control(c, is) || validate_link(c, is) ||
	    validate_drives(c, is) || validate_io(c, is))
		return -EINVAL;
	for (unsigned int g = 0; g < OMTD_AXIS_GROUP_COUNT; g++) {
		if (validate_axis(c, g, is))
			return -EINVAL;
	}
	for (unsigned int i = 0; i < c->n_pinch; i++) {
		if (validate_pinch(c, i, is))
			return -EINVAL;
	}
	for (unsigned int i = 0; i < c->rules.n_rules; i++) {
		if (validate_rule(c, i, is))
			return -EINVAL;
	}
	return 0;
}
