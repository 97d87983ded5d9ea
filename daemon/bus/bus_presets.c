// SPDX-License-Identifier: MIT
/*
 * The preset methods of org.omt.Table1: recall, save (plain, or with
 * options: overwrite, owner), rename, delete, and reading one back.  Each
 * change is written durably before it becomes visible, and the event log
 * records who made it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_internal.h"
#include "config.h"
#include "control_port.h"
#include "log.h"
#include "store.h"

static int name_error(sd_bus_error *error, const char *what,
		      const char *name)
{
	char quoted[48];

	/* Cut at a character, never inside one: the reply must be UTF-8. */
	omt_text_excerpt(name, quoted, sizeof(quoted));
	return sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
				 "Invalid %s '%s': use 1 to %d characters of UTF-8 text without spaces, control characters, '/' or '\\'.",
				 what, quoted, OMT_PRESET_NAME_MAX);
}

static int unknown_option(sd_bus_error *error, const char *key)
{
	char quoted[48];

	omt_text_excerpt(key, quoted, sizeof(quoted));
	return sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
				 "Unknown option '%s': the options are 'overwrite' (b) and 'owner' (s).",
				 quoted);
}

static int read_preset_name(sd_bus_message *call, const char **name,
			    sd_bus_error *error)
{
	int r = sd_bus_message_read(call, "s", name);

	if (r < 0)
		return r;
	if (!omt_preset_name_valid(*name))
		return name_error(error, "preset name", *name);
	return 0;
}

static int not_found(sd_bus_error *error, const char *name)
{
	return sd_bus_error_setf(error, OMT_ERROR_NOT_FOUND,
				 "No preset named '%s'.", name);
}

/* The start of every preset method: the caller may operate, the name is valid. */
static int authorized_preset_name(struct omt_bus *bus, sd_bus_message *call,
				  const char **name, sd_bus_error *error)
{
	int r = omt_bus_authorize(bus, call, error);

	return r < 0 ? r : read_preset_name(call, name, error);
}

/* What a method does with the one existing preset it names. */
typedef int preset_action(struct omt_bus *bus, sd_bus_message *call,
			  const char *name, const struct omt_preset *preset,
			  sd_bus_error *error);

/*
 * Every method on one existing preset: as above, and a preset of that
 * name (any case) exists; then the method's own action.
 */
static int on_called_preset(sd_bus_message *call, void *userdata,
			    sd_bus_error *error, preset_action *action)
{
	struct omt_bus *bus = userdata;
	const struct omt_preset *preset;
	const char *name;
	int r = authorized_preset_name(bus, call, &name, error);

	if (r < 0)
		return r;
	preset = omt_preset_find(&bus->presets, name);
	if (!preset)
		return not_found(error, name);
	return action(bus, call, name, preset, error);
}

static int recall(struct omt_bus *bus, sd_bus_message *call, const char *name,
		  const struct omt_preset *preset, sd_bus_error *error)
{
	struct omt_command cmd = { 0 };

	cmd.target_mask = (1u << OMT_AXIS_HEIGHT) | (1u << OMT_AXIS_TILT);
	cmd.target[OMT_AXIS_HEIGHT] = preset->height;
	cmd.target[OMT_AXIS_TILT] = preset->tilt;
	/* Limits may have been narrowed since it was saved: checked again. */
	return omt_bus_start_motion(bus, call, &cmd, error);
}

int omt_bus_recall_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error)
{
	return on_called_preset(call, userdata, error, recall);
}

/* Write the new set first; only a durable change becomes visible. */
static int commit_presets(struct omt_bus *bus,
			  const struct omt_preset_set *next,
			  sd_bus_error *error)
{
	int r = omt_presets_save(bus->config->control.state_dir, next);

	if (r < 0) {
		omt_log(LOG_ERR, NULL, NULL, "cannot save presets in %s: %s",
			bus->config->control.state_dir, strerror(-r));
		return sd_bus_error_setf(error, OMT_ERROR_STORAGE,
					 "The presets could not be saved (%s); nothing changed.",
					 strerror(-r));
	}
	bus->presets = *next;
	omt_bus_emit_presets_changed(bus);
	return 0;
}

/*
 * The end of every method that changes the presets: commit next, record
 * who did what (worded before the commit, while the old set still
 * holds the names it speaks of), and reply.
 */
static int commit_and_reply(struct omt_bus *bus, sd_bus_message *call,
			    const struct omt_preset_set *next,
			    sd_bus_error *error, const char *format, ...)
	__attribute__((format(printf, 5, 6)));

static int commit_and_reply(struct omt_bus *bus, sd_bus_message *call,
			    const struct omt_preset_set *next,
			    sd_bus_error *error, const char *format, ...)
{
	char what[OMT_EVENT_LOG_TEXT_MAX];
	va_list ap;
	int r;

	va_start(ap, format);
	vsnprintf(what, sizeof(what), format, ap);
	va_end(ap);
	r = commit_presets(bus, next, error);
	if (r < 0)
		return r;
	omt_bus_log_caller(bus, call, "preset", "%s", what);
	return sd_bus_reply_method_return(call, "");
}

/* The preset "name" at the table's current position. */
static int here(struct omt_bus *bus, const char *name, const char *owner,
		struct omt_preset *preset, sd_bus_error *error)
{
	struct omt_preset_limits lim;
	struct omt_snapshot snap;

	omt_control_snapshot(bus->control, &snap);
	if (!snap.axis[OMT_AXIS_HEIGHT].online ||
	    !snap.axis[OMT_AXIS_TILT].online)
		return sd_bus_error_set(error, OMT_ERROR_FAULTED,
					"The table's position is unknown (a drive is offline).");
	memset(preset, 0, sizeof(*preset));
	snprintf(preset->name, sizeof(preset->name), "%s", name);
	snprintf(preset->owner, sizeof(preset->owner), "%s", owner);
	preset->height = snap.axis[OMT_AXIS_HEIGHT].position;
	preset->tilt = snap.axis[OMT_AXIS_TILT].position;
	omt_bus_limits(bus, &lim);
	switch (omt_preset_check(preset, &lim)) {
	case OMT_PRESET_OK:
		return 0;
	case OMT_PRESET_OUT_OF_RANGE:
		return sd_bus_error_setf(error, OMT_ERROR_OUT_OF_RANGE,
					 "The table is outside its permitted travel (%.2f mm, %.2f degrees); not saved.",
					 preset->height, preset->tilt);
	default:
		return sd_bus_error_set(error, OMT_ERROR_FAULTED,
					"The table's position is not a valid number.");
	}
}

static int save(struct omt_bus *bus, sd_bus_message *call, const char *name,
		const char *owner, bool overwrite, sd_bus_error *error)
{
	struct omt_preset_set next = bus->presets;
	const struct omt_preset *old;
	struct omt_preset preset;
	int r;

	r = here(bus, name, owner, &preset, error);
	if (r < 0)
		return r;
	r = overwrite ? omt_preset_put(&next, &preset) :
			omt_preset_add(&next, &preset);
	if (r == -EEXIST) {
		old = omt_preset_find(&bus->presets, name);
		return sd_bus_error_setf(error, OMT_ERROR_EXISTS,
					 "A preset named '%s' exists (%.1f mm, %.1f degrees); overwrite it explicitly or choose another name.",
					 old->name, old->height, old->tilt);
	}
	if (r == -ENOSPC)
		return sd_bus_error_setf(error, OMT_ERROR_OUT_OF_RANGE,
					 "There are already %d presets; delete one first.",
					 OMT_PRESETS_MAX);
	if (r < 0)
		return r;
	return commit_and_reply(bus, call, &next, error,
				"preset '%s' saved%s%s (%.1f mm, %.1f deg)",
				preset.name, owner[0] ? " for " : "", owner,
				preset.height, preset.tilt);
}

/* Kept as it always was for existing clients: it replaces a namesake. */
int omt_bus_save_preset(sd_bus_message *call, void *userdata,
			sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	const struct omt_preset *old;
	const char *name;
	int r;

	r = authorized_preset_name(bus, call, &name, error);
	if (r < 0)
		return r;
	/* Replacing keeps the owner it had. */
	old = omt_preset_find(&bus->presets, name);
	return save(bus, call, name, old ? old->owner : "", true, error);
}

int omt_bus_save_preset_with_options(sd_bus_message *call, void *userdata,
				     sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	const char *name, *key, *owner = "";
	int overwrite = 0, r;

	r = authorized_preset_name(bus, call, &name, error);
	if (r < 0)
		return r;
	r = sd_bus_message_enter_container(call, 'a', "{sv}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(call, 'e', "sv")) > 0) {
		r = sd_bus_message_read(call, "s", &key);
		if (r < 0)
			return r;
		if (strcmp(key, "overwrite") == 0)
			r = sd_bus_message_read(call, "v", "b", &overwrite);
		else if (strcmp(key, "owner") == 0)
			r = sd_bus_message_read(call, "v", "s", &owner);
		else
			return unknown_option(error, key);
		if (r < 0)
			return sd_bus_error_setf(error, OMT_ERROR_INVALID_ARGS,
						 "Option '%s' has the wrong type: 'overwrite' is b, 'owner' is s.",
						 key);
		r = sd_bus_message_exit_container(call);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(call);
	if (r < 0)
		return r;
	if (owner[0] && !omt_preset_name_valid(owner))
		return name_error(error, "owner", owner);
	return save(bus, call, name, owner, overwrite, error);
}

int omt_bus_rename_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_preset_set next = bus->presets;
	const char *name, *new_name;
	const struct omt_preset *found;
	int r;

	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	r = sd_bus_message_read(call, "ss", &name, &new_name);
	if (r < 0)
		return r;
	if (!omt_preset_name_valid(name))
		return name_error(error, "preset name", name);
	if (!omt_preset_name_valid(new_name))
		return name_error(error, "new preset name", new_name);
	found = omt_preset_find(&bus->presets, name);
	if (!found)
		return not_found(error, name);
	r = omt_preset_rename(&next, name, new_name);
	if (r == -EEXIST)
		return sd_bus_error_setf(error, OMT_ERROR_EXISTS,
					 "A preset named '%s' exists already.",
					 omt_preset_find(&bus->presets,
							 new_name)->name);
	if (r < 0)
		return r;
	return commit_and_reply(bus, call, &next, error,
				"preset '%s' renamed '%s'", found->name,
				new_name);
}

static int delete(struct omt_bus *bus, sd_bus_message *call, const char *name,
		  const struct omt_preset *found, sd_bus_error *error)
{
	struct omt_preset_set next = bus->presets;

	if (omt_preset_remove(&next, name) < 0)
		return not_found(error, name);
	return commit_and_reply(bus, call, &next, error,
				"preset '%s' deleted", found->name);
}

int omt_bus_delete_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error)
{
	return on_called_preset(call, userdata, error, delete);
}

/* One preset as a{sv}: name, height, tilt, and owner when it has one. */
int omt_bus_append_preset(sd_bus_message *m, const struct omt_preset *p)
{
	int r = sd_bus_message_open_container(m, 'a', "{sv}");

	if (r >= 0)
		r = sd_bus_message_append(m, "{sv}{sv}{sv}", "name", "s",
					  p->name, "height", "d", p->height,
					  "tilt", "d", p->tilt);
	if (r >= 0 && p->owner[0])
		r = sd_bus_message_append(m, "{sv}", "owner", "s", p->owner);
	return r < 0 ? r : sd_bus_message_close_container(m);
}

static int get(struct omt_bus *bus, sd_bus_message *call, const char *name,
	       const struct omt_preset *preset, sd_bus_error *error)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int r = sd_bus_message_new_method_return(call, &reply);

	if (r < 0)
		return r;
	r = omt_bus_append_preset(reply, preset);
	return r < 0 ? r : sd_bus_send(NULL, reply, NULL);
}

int omt_bus_get_preset(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	return on_called_preset(call, userdata, error, get);
}
