// SPDX-License-Identifier: MIT
/* Connecting to omtd and reading its properties. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "bus_dict.h"
#include "omt_bus_errors.h"
#include "client.h"
#include "errors.h"

int omtctl_connect(sd_bus **bus)
{
	int r = sd_bus_open_system(bus);

	if (r < 0) {
		fprintf(stderr,
			"omtctl: cannot reach the system bus (%s); is D-Bus running?\n",
			strerror(-r));
		return OMTCTL_EXIT_UNREACHABLE;
	}
	return 0;
}

int omtctl_report(const sd_bus_error *error, int r, const char *doing)
{
	if (error && sd_bus_error_is_set(error)) {
		/*
		 * The table's own refusals are sentences naming the values
		 * involved; anything else (the bus's denials, transport
		 * trouble) gets our sentence and the raw detail.
		 */
		bool table_words = error->message && *error->message &&
			(strncmp(error->name, "org.omt.Table1.Error.", 21) == 0 ||
			 strcmp(error->name, OMT_ERROR_INVALID_ARGS) == 0);

		if (table_words) {
			fprintf(stderr, "omtctl: %s\n", error->message);
		} else {
			fprintf(stderr, "omtctl: %s\n",
				omtctl_error_sentence(error->name));
			if (error->message && *error->message)
				fprintf(stderr, "  (%s: %s)\n", doing,
					error->message);
		}
		return omtctl_exit_for_error(error->name);
	}
	/* A transport failure rather than an answer: the daemon is away. */
	fprintf(stderr, "omtctl: %s failed: %s\n", doing, strerror(-r));
	if (r == -ECONNRESET || r == -ENOTCONN || r == -ETIMEDOUT ||
	    r == -ECONNREFUSED || r == -ENOENT)
		return OMTCTL_EXIT_UNREACHABLE;
	return OMTCTL_EXIT_REFUSED;
}

static void copy_text(char *to, size_t size, const char *from)
{
	snprintf(to, size, "%s", from);
}

static int read_string_list(sd_bus_message *m, char list[][OMTCTL_ITEM_MAX],
			    unsigned int *n)
{
	const char *s;
	int r;

	*n = 0;
	r = sd_bus_message_enter_container(m, 'a', "s");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(m, "s", &s)) > 0)
		if (*n < OMTCTL_MAX_LIST)
			copy_text(list[(*n)++], OMTCTL_ITEM_MAX, s);
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

static struct omtctl_drop *find_drop(struct omtctl_status *status,
				     const char *section)
{
	for (unsigned int i = 0; i < status->n_drops; i++)
		if (strcmp(status->drops[i].section, section) == 0)
			return &status->drops[i];
	if (status->n_drops >= 8)
		return NULL;
	status->drops[status->n_drops].state[0] = '\0';
	status->drops[status->n_drops].tension = 0;
	copy_text(status->drops[status->n_drops].section,
		  sizeof(status->drops[0].section), section);
	return &status->drops[status->n_drops++];
}

static int read_drops(sd_bus_message *m, struct omtctl_status *status)
{
	const char *section, *state;
	int r;

	r = sd_bus_message_enter_container(m, 'a', "{ss}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(m, "{ss}", &section, &state)) > 0) {
		struct omtctl_drop *d = find_drop(status, section);

		if (d)
			copy_text(d->state, sizeof(d->state), state);
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

static int read_tensions(sd_bus_message *m, struct omtctl_status *status)
{
	const char *section;
	uint32_t level;
	int r;

	r = sd_bus_message_enter_container(m, 'a', "{su}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(m, "{su}", &section, &level)) > 0) {
		struct omtctl_drop *d = find_drop(status, section);

		if (d)
			d->tension = level;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/* Messages are matched to ActiveFaults by code, whichever came first. */
static int read_fault_messages(sd_bus_message *m,
			       struct omtctl_status *status)
{
	const char *code, *message;
	int r;

	for (unsigned int i = 0; i < OMTCTL_MAX_LIST; i++)
		status->fault_messages[i][0] = '\0';
	status->n_messages = 0;
	r = sd_bus_message_enter_container(m, 'a', "{ss}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(m, "{ss}", &code, &message)) > 0) {
		unsigned int i = status->n_messages;

		if (i >= OMTCTL_MAX_LIST)
			continue;
		copy_text(status->message_codes[i], OMTCTL_ITEM_MAX, code);
		copy_text(status->fault_messages[i], OMTCTL_MESSAGE_MAX,
			  message);
		status->n_messages++;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

static int read_drives(sd_bus_message *m, struct omtctl_status *status)
{
	const char *axis, *check;
	int r;

	status->n_drives = 0;
	r = sd_bus_message_enter_container(m, 'a', "{ss}");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(m, "{ss}", &axis, &check)) > 0) {
		struct omtctl_drive_check *d;

		if (status->n_drives >= 8)
			continue;
		d = &status->drives[status->n_drives++];
		copy_text(d->axis, sizeof(d->axis), axis);
		copy_text(d->check, sizeof(d->check), check);
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/* One axis's a{sv}: budget_s, left_s, whole_in_s; anything else skipped. */
static int read_duty_entry(sd_bus_message *m, const char *key, void *userdata)
{
	struct omtctl_duty *d = userdata;
	double value;
	int r;

	if (sd_bus_message_verify_type(m, 'v', "d") <= 0)
		return sd_bus_message_skip(m, "v");
	r = sd_bus_message_read(m, "v", "d", &value);
	if (strcmp(key, "budget_s") == 0)
		d->budget_s = value;
	else if (strcmp(key, "left_s") == 0)
		d->left_s = value;
	else if (strcmp(key, "whole_in_s") == 0)
		d->whole_in_s = value;
	return r;
}

static int read_duty(sd_bus_message *m, struct omtctl_status *status)
{
	const char *axis;
	int r;

	status->n_duty = 0;
	r = sd_bus_message_enter_container(m, 'v', "a{sa{sv}}");
	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "{sa{sv}}");
	while (r >= 0 &&
	       (r = sd_bus_message_enter_container(m, 'e', "sa{sv}")) > 0) {
		r = sd_bus_message_read(m, "s", &axis);
		if (r >= 0 && status->n_duty < 2) {
			struct omtctl_duty *d = &status->duty[status->n_duty++];

			memset(d, 0, sizeof(*d));
			copy_text(d->axis, sizeof(d->axis), axis);
			r = omtctl_read_dict(m, read_duty_entry, d);
		} else if (r >= 0) {
			r = sd_bus_message_skip(m, "a{sv}");
		}
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	return r < 0 ? r : sd_bus_message_exit_container(m);
}

static int read_one(sd_bus_message *m, const char *name, void *userdata)
{
	struct omtctl_status *status = userdata;
	const char *s;
	int b, r;

	if (strcmp(name, "State") == 0) {
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0)
			copy_text(status->state, sizeof(status->state), s);
		return r;
	}
	if (strcmp(name, "Height") == 0)
		return sd_bus_message_read(m, "v", "d", &status->height);
	if (strcmp(name, "Tilt") == 0)
		return sd_bus_message_read(m, "v", "d", &status->tilt);
	if (strcmp(name, "HoldTimeoutMs") == 0)
		return sd_bus_message_read(m, "v", "u",
					   &status->hold_timeout_ms);
	if (strcmp(name, "Locked") == 0) {
		r = sd_bus_message_read(m, "v", "b", &b);
		status->locked = b;
		return r;
	}
	if (strcmp(name, "DutyCycle") == 0)
		return read_duty(m, status);
	if (strcmp(name, "Version") == 0) {
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0)
			copy_text(status->version, sizeof(status->version), s);
		return r;
	}
	if (strcmp(name, "DropTensions") == 0 ||
	    strcmp(name, "FaultMessages") == 0) {
		bool tensions = name[0] == 'D';

		r = sd_bus_message_enter_container(m, 'v', tensions ? "a{su}" :
						   "a{ss}");
		if (r < 0)
			return r;
		r = tensions ? read_tensions(m, status) :
			       read_fault_messages(m, status);
		if (r < 0)
			return r;
		return sd_bus_message_exit_container(m);
	}
	if (strcmp(name, "Drives") == 0) {
		r = sd_bus_message_enter_container(m, 'v', "a{ss}");
		if (r < 0)
			return r;
		r = read_drives(m, status);
		if (r < 0)
			return r;
		return sd_bus_message_exit_container(m);
	}
	if (strcmp(name, "ActiveFaults") == 0 || strcmp(name, "Presets") == 0 ||
	    strcmp(name, "Drops") == 0) {
		const char *sig = strcmp(name, "Drops") == 0 ? "a{ss}" : "as";

		r = sd_bus_message_enter_container(m, 'v', sig);
		if (r < 0)
			return r;
		if (name[0] == 'A')
			r = read_string_list(m, status->faults,
					     &status->n_faults);
		else if (name[0] == 'P')
			r = read_string_list(m, status->presets,
					     &status->n_presets);
		else
			r = read_drops(m, status);
		if (r < 0)
			return r;
		return sd_bus_message_exit_container(m);
	}
	/* A property a newer daemon added: skip it. */
	return sd_bus_message_skip(m, "v");
}

int omtctl_read_properties(sd_bus_message *m, struct omtctl_status *status)
{
	return omtctl_read_dict(m, read_one, status);
}

/* What a drive reported, kept only when it is what omtd promises. */
static void copy_drive_text(char *to, const char *from)
{
	size_t n = strlen(from);

	to[0] = '\0';
	if (n > OMTCTL_DRIVE_TEXT_MAX)
		return;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)from[i] < 0x20 || (unsigned char)from[i] > 0x7e)
			return;
	memcpy(to, from, n + 1);
}

static struct omtctl_drive_check *drive_entry(struct omtctl_status *status,
					      const char *axis)
{
	struct omtctl_drive_check *d;

	for (unsigned int i = 0; i < status->n_drives; i++)
		if (strcmp(status->drives[i].axis, axis) == 0)
			return &status->drives[i];
	if (status->n_drives >= 8)
		return NULL;
	d = &status->drives[status->n_drives++];
	memset(d, 0, sizeof(*d));
	copy_text(d->axis, sizeof(d->axis), axis);
	return d;
}

/* One key of a drive's identity: serial and firmware are kept, others skipped. */
static int read_identity_field(sd_bus_message *m, const char *key, void *userdata)
{
	struct omtctl_drive_check *d = userdata;
	const char *text;
	int r;

	if (!d || sd_bus_message_verify_type(m, 'v', "s") <= 0 ||
	    (strcmp(key, "serial") != 0 && strcmp(key, "firmware") != 0))
		return sd_bus_message_skip(m, "v");
	r = sd_bus_message_read(m, "v", "s", &text);
	if (r >= 0)
		copy_drive_text(key[0] == 's' ? d->serial : d->firmware, text);
	return r;
}

static int read_identity(sd_bus_message *m, const char *axis, void *userdata)
{
	return omtctl_read_dict(m, read_identity_field,
				drive_entry(userdata, axis));
}

int omtctl_get_drive_identities(sd_bus *bus, struct omtctl_status *status,
				sd_bus_error *error)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int r;

	r = sd_bus_get_property(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				OMTCTL_DIAG_INTERFACE, "DriveIdentities", error,
				&reply, "a{sa{sv}}");
	if (r < 0)
		return r;
	return omtctl_read_named_dicts(reply, read_identity, status);
}

int omtctl_get_drive_faults(sd_bus *bus, struct omtctl_status *status,
			    sd_bus_error *error)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *axis, *fault;
	int r;

	r = sd_bus_get_property(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				OMTCTL_DIAG_INTERFACE, "DriveFaults", error,
				&reply, "a{ss}");
	if (r < 0)
		return r;
	r = sd_bus_message_enter_container(reply, 'a', "{ss}");
	while (r >= 0 &&
	       (r = sd_bus_message_read(reply, "{ss}", &axis, &fault)) > 0) {
		struct omtctl_drive_check *d = drive_entry(status, axis);

		/* A name of the list: lower-case words and dashes. */
		if (d && strlen(fault) < sizeof(d->fault) &&
		    strspn(fault, "abcdefghijklmnopqrstuvwxyz-") == strlen(fault))
			memcpy(d->fault, fault, strlen(fault) + 1);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(reply);
	return r;
}

int omtctl_get_status(sd_bus *bus, struct omtctl_status *status,
		      sd_bus_error *error)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	int r;

	/* GetAll is the whole picture: nothing of an earlier one stays. */
	memset(status, 0, sizeof(*status));
	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       "org.freedesktop.DBus.Properties", "GetAll",
			       error, &reply, "s", OMTCTL_BUS_INTERFACE);
	if (r < 0)
		return r;
	r = omtctl_read_properties(reply, status);
	return r;
}
