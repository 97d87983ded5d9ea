// SPDX-License-Identifier: MIT
/*
 * The preset methods of org.omt.Table1: recall, save (plain, or with
 * options: overwrite, owner), rename, delete, and reading one back.  Each
 * change is written durably before it becomes visible, and the event log
 * records who made it.
 */
#include <errno.h>
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

/*
 * The start of every method on one existing preset: the caller may
 * operate, the name is valid, and a preset of that name (any case) exists.
 */
static int find_called_preset(struct omt_bus *bus, sd_bus_message *call,
			      const char **name,
			      const struct omt_preset **preset,
			      sd_bus_error *error)
{
	int r = omt_bus_authorize(bus, call, error);

	if (r < 0)
		return r;
	r = read_preset_name(call, name, error);
	if (r < 0)
		return r;
	*preset = omt_preset_find(&bus->presets, *name);
	return *preset ? 0 : not_found(error, *name);
}

int omt_bus_recall_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_command cmd = { 0 };
	const struct omt_preset *preset;
	const char *name;
	int r;

	r = find_called_preset(bus, call, &name, &preset, error);
	if (r < 0)
		return r;
	cmd.target_mask = (1u << OMT_AXIS_HEIGHT) | (1u << OMT_AXIS_TILT);
	cmd.target[OMT_AXIS_HEIGHT] = preset->height;
	cmd.target[OMT_AXIS_TILT] = preset->tilt;
	/* Limits may have been narrowed since it was saved: checked again. */
	return omt_bus_start_motion(bus, call, &cmd, error);
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
	r = commit_presets(bus, &next, error);
	if (r < 0)
		return r;
	omt_bus_log_caller(bus, call, "preset", "preset '%s' saved%s%s (%.1f mm, %.1f deg)",
			   preset.name, owner[0] ? " for " : "", owner,
			   preset.height, preset.tilt);
	return sd_bus_reply_method_return(call, "");
}

/* Kept as it always was for existing clients: it replaces a namesake. */
int omt_bus_save_preset(sd_bus_message *call, void *userdata,
			sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	const struct omt_preset *old;
	const char *name;
	int r;

	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	r = read_preset_name(call, &name, error);
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

	r = omt_bus_authorize(bus, call, error);
	if (r < 0)
		return r;
	r = read_preset_name(call, &name, error);
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
	char old_spelling[OMT_PRESET_NAME_BYTES + 1];
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
	snprintf(old_spelling, sizeof(old_spelling), "%s", found->name);
	r = omt_preset_rename(&next, name, new_name);
	if (r == -EEXIST)
		return sd_bus_error_setf(error, OMT_ERROR_EXISTS,
					 "A preset named '%s' exists already.",
					 omt_preset_find(&bus->presets,
							 new_name)->name);
	if (r < 0)
		return r;
	r = commit_presets(bus, &next, error);
	if (r < 0)
		return r;
	omt_bus_log_caller(bus, call, "preset", "preset '%s' renamed '%s'",
			   old_spelling, new_name);
	return sd_bus_reply_method_return(call, "");
}

int omt_bus_delete_preset(sd_bus_message *call, void *userdata,
			  sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	struct omt_preset_set next = bus->presets;
	char spelling[OMT_PRESET_NAME_BYTES + 1];
	const struct omt_preset *found;
	const char *name;
	int r;

	r = find_called_preset(bus, call, &name, &found, error);
	if (r < 0)
		return r;
	snprintf(spelling, sizeof(spelling), "%s", found->name);
	if (omt_preset_remove(&next, name) < 0)
		return not_found(error, name);
	r = commit_presets(bus, &next, error);
	if (r < 0)
		return r;
	omt_bus_log_caller(bus, call, "preset", "preset '%s' deleted",
			   spelling);
	return sd_bus_reply_method_return(call, "");
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

int omt_bus_get_preset(sd_bus_message *call, void *userdata,
		       sd_bus_error *error)
{
	struct omt_bus *bus = userdata;
	const struct omt_preset *preset;
	sd_bus_message *reply = NULL;
	const char *name;
	int r;

	r = find_called_preset(bus, call, &name, &preset, error);
	if (r < 0)
		return r;
	r = sd_bus_message_new_method_return(call, &reply);
	if (r >= 0)
		r = omt_bus_append_preset(reply, preset);
	if (r >= 0)
		r = sd_bus_send(NULL, reply, NULL);
	sd_bus_message_unref(reply);
	return r;
}
