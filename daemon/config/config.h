/* SPDX-License-Identifier: MIT */
/*
 * omtd's configuration: /etc/omt/omtd.conf (INI), every key documented in
 * docs/configuration.md.
 *
 * struct omtd_config is plain fixed-size data with no pointers, so the
 * control thread can keep a copy and never touch the heap.  Loading fills
 * every field with its default first, then applies the file; any error
 * (unknown section or key, a value that does not parse, a value out of
 * range, an inconsistent combination) fails the whole load with one message
 * naming file, line, section and key, and leaves the caller's struct as it
 * was, so nothing ever starts on a half-read configuration.
 */
#ifndef OMTD_CONFIG_H
#define OMTD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "link.h"
#include "omt_io_map.h"
#include "omt_table_types.h"
#include "table_logic.h"

#define OMTD_CONFIG_DEFAULT_PATH "/etc/omt/omtd.conf"

#define OMTD_HOST_MAX LINK_HOST_MAX
#define OMTD_PATH_MAX LINK_PATH_MAX
#define OMTD_NAME_MAX 32
#define OMTD_MAX_PROFILES 8          /* the built-in one included */
#define OMTD_MAX_PINCH_ZONES 8
#define OMTD_ERR_MAX 384             /* a comfortable size for err buffers */
/* The longest control period omtd.conf takes ([control] period_ms). */
#define OMTD_PERIOD_MS_MAX 100

/*
 * [link] fills struct link_line_settings (link.h): the link's own settings
 * type, so the link needs nothing of the configuration.
 */

/* ---- [drive.AXIS] ---- */

struct omtd_drive_config {
	bool present;
	uint8_t slave;                       /* 1..247 */
	char profile[OMT_PROFILE_NAME_MAX];
	unsigned int regmap_index;          /* into omtd_config.profiles */
};

/* ---- [io] ---- */

enum omtd_io_source {
	OMTD_IO_MODBUS = 0,
	OMTD_IO_GPIO,
};

struct omtd_io_input {
	/* gpio: line name, or its offset when line_offset >= 0 */
	char line_name[OMTD_NAME_MAX];
	int32_t line_offset;                 /* -1: by name; -2: not wired */
	bool active_low;
};

struct omtd_pedal {
	enum omt_pedal_function function;
	char preset[OMTD_NAME_MAX];          /* OMT_PEDAL_PRESET: its name */
};

struct omtd_io_config {
	enum omtd_io_source source;
	uint8_t slave;                       /* modbus */
	enum link_io_read modbus_read;
	char gpio_chip[OMTD_PATH_MAX];       /* gpio: name, label or /dev path */
	bool gpio_active_low;                /* every input[].active_low */
	struct omtd_io_input input[OMT_IN_COUNT];   /* gpio */
	bool two_channel_enable;             /* enable needs A and B together */
	uint32_t pedal_mismatch_ms;          /* A and B may disagree this long */
	uint32_t unlock_gesture_ms;          /* double press of enable within */
	struct omtd_pedal pedal[OMT_PEDAL_INPUTS];
};

/* ---- [control] ---- */

struct omtd_control_config {
	uint32_t period_ms;
	int32_t rt_priority;                 /* SCHED_FIFO 1..99; 0 = not RT */
	uint32_t comms_lost_ms;              /* failing this long: comms-lost */
	uint32_t idle_lock_s;                /* 0 = never lock by itself */
	uint32_t hold_timeout_ms;
	uint32_t drive_watchdog_ms;          /* written to WATCHDOG_MS */
	char interlock_device[OMTD_PATH_MAX];
	char state_dir[OMTD_PATH_MAX];
};

/* ---- [axis.height], [axis.tilt], [axis.drops] ---- */

enum omtd_axis_group {
	OMTD_AXIS_GROUP_HEIGHT = 0,
	OMTD_AXIS_GROUP_TILT,
	OMTD_AXIS_GROUP_DROPS,               /* the four drop sections */
	OMTD_AXIS_GROUP_COUNT,
};

struct omtd_axis_config {
	double min;                          /* soft limits, mm or degrees */
	double max;
	double max_speed;                    /* units/s */
	double max_accel;                    /* units/s^2 */
	double stop_decel;                   /* units/s^2, >= max_accel */
	double max_jerk;                     /* units/s^3; 0 = trapezoid */
	bool slow_zone;                      /* a slow zone at the bottom */
	double slow_zone_below;              /* from min up to this position */
	double slow_zone_factor;             /* of max_speed, (0, 1] */
	double following_error_max;          /* units */
	uint32_t stall_time_ms;              /* commanded but not moving for */
	double stall_min_travel;             /* units within stall_time_ms */
	uint32_t obstruction_current_ma;
	uint32_t overcurrent_ma;
	double uncommanded_travel;           /* off the rest point, units */
	double position_jump;                /* in one cycle, units */
	uint32_t duty_on_s;                  /* motor on-time allowed ... */
	uint32_t duty_window_s;              /* ... per this window; 0 = off */
	double drop_cocked_position;         /* drops only, mm */
	uint32_t drop_default_tension;       /* drops only, 1..10 */
};

/* ---- [pinch.N] ---- */

struct omtd_pinch_zone {
	char name[OMTD_NAME_MAX];            /* the N of [pinch.N] */
	enum omt_axis axis;                  /* height or tilt */
	double from;
	double to;
	double speed_factor;                 /* (0, 1] */
};

/*
 * [rule.N] sections fill struct omt_rules (rules.h): while `when` holds,
 * positions meeting `forbid` are refused.
 */

struct omtd_config {
	struct link_line_settings link;     /* [link] */
	struct omtd_drive_config drive[OMT_AXIS_COUNT];
	struct omtd_io_config io;
	struct omtd_control_config control;
	struct omtd_axis_config axis[OMTD_AXIS_GROUP_COUNT];
	unsigned int n_pinch;
	struct omtd_pinch_zone pinch[OMTD_MAX_PINCH_ZONES];
	struct omt_rules rules;
	char rule_name[OMT_MAX_RULES][OMTD_NAME_MAX];   /* the N of [rule.N] */
	unsigned int n_profiles;             /* profiles[0] is omt-generic-1 */
	struct omt_regmap profiles[OMTD_MAX_PROFILES];
};

/* Fill *c with the defaults (what an empty file gives). */
void omtd_config_defaults(struct omtd_config *c);

/*
 * Load a config file over the defaults.  Returns 0 and fills *out, or
 * -EINVAL (-errno when the file cannot be read, -ENOMEM)
 * with "FILE:LINE: [SECTION] KEY: what is wrong" in err (LINE and KEY are
 * left out where they do not apply, e.g. a file that cannot be opened) and
 * *out untouched.
 */
int omtd_config_load(const char *path, struct omtd_config *out, char *err,
		     size_t errlen);

/* The same from text in memory; name stands for the file in messages. */
int omtd_config_load_string(const char *text, const char *name,
			    struct omtd_config *out, char *err, size_t errlen);

/*
 * Where a validation problem lies, for the loader to turn into
 * "FILE:LINE: [SECTION] KEY: MESSAGE".
 */
struct omtd_config_issue {
	char section[OMTD_NAME_MAX + 16];
	char key[OMTD_NAME_MAX + 16];
	char message[288];
};

/*
 * The cross-field checks of a complete config (pure; the loader runs it
 * after parsing): soft limits ordered, pinch zones inside the soft limits,
 * profiles valid and every drive's profile defined, distinct slave ids,
 * response timeout shorter than the control period, and so on.  Returns 0,
 * or -EINVAL with *issue filled.  Also resolves drive[].regmap_index.
 */
int omtd_config_validate(struct omtd_config *c,
			 struct omtd_config_issue *issue);

/* The profile called name, or NULL. */
const struct omt_regmap *omtd_config_profile(const struct omtd_config *c,
					      const char *name);

/* Config group of an axis: height, tilt, or drops. */
enum omtd_axis_group omtd_axis_group_of(enum omt_axis axis);

/*
 * The soft limits of an axis against the travel its drive reports (read
 * at start).  Returns 0, or -EINVAL with a message in err.
 */
int omtd_config_check_travel(const struct omtd_config *c, enum omt_axis axis,
			     const struct drive_identity *id, char *err,
			     size_t errlen);

/*
 * Parse "AXIS OP NUMBER" (e.g. "height < 600", "tilt >= -5"): AXIS height
 * or tilt, OP one of < <= > >=.  Returns 0, or -EINVAL with a message.
 */
int omtd_condition_parse(const char *text, struct omt_condition *out,
			 char *err, size_t errlen);

const char *omtd_pedal_function_name(enum omt_pedal_function f);

/*
 * The seams to the layers below: what the configuration gives the link
 * and the control core.
 */

/*
 * The link's settings from a validated config: the [link] line, each
 * drive's slave and register map, the I/O module's slave.  Returns 0, or
 * -EINVAL when a drive's register map index is out of range (a config
 * that did not pass omtd_config_validate()).
 */
int omtd_config_link_settings(const struct omtd_config *c,
			      struct link_settings *out);

/*
 * Fill *params from a loaded, validated config: start from the core's
 * defaults and apply every configured value (period, soft limits, speeds,
 * slow and pinch zones, watchdog thresholds, pedal wiring, duty cycle,
 * drop geometry, combination rules).  Returns 0, or -EINVAL with a message in
 * err when the result is not usable by the core (the core's own check);
 * *params is then unspecified and must not be used.
 */
int omtd_params_from_config(const struct omtd_config *config,
			    struct omt_table_params *params, char *err,
			    size_t errlen);

/*
 * The network part of omtd.service that only the configuration knows, as
 * a systemd drop-in (omtd --unit-dropin; systemd/omt-generator writes it
 * at boot).  The shipped unit denies every IP address but localhost:
 *
 *   rtu           PrivateNetwork=yes and AF_UNIX only: no network at all
 *   tcp, IP host  IPAddressAllow= that address
 *   tcp, a name   the deny list lifted (an allow list takes addresses
 *                 only, and a name resolved at boot may change)
 *
 * Writes the drop-in's text (unit_dropin.c); returns its length, or
 * -ENOSPC.
 */
int omtd_unit_dropin(const struct omtd_config *config, char *out, size_t cap);

#endif /* OMTD_CONFIG_H */
