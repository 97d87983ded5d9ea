// SPDX-License-Identifier: MIT
/*
 * Presets as clinicians manage them: a list with heights, tilts and
 * owners (each practitioner's together), one shown, saved without
 * replacing a namesake unless told (--force), renamed.
 */
#include <stdio.h>
#include <string.h>

#include "omt_bus_errors.h"
#include "bus_dict.h"
#include "client.h"
#include "json.h"
#include "omt_names.h"
#include "presets.h"

#define MAX_PRESETS 64

struct preset_row {
	char name[OMTCTL_NAME_MAX + 1];
	char owner[OMTCTL_NAME_MAX + 1];
	double height, tilt;
};

/* One key of a preset's a{sv}: name, height, tilt, owner; others skipped. */
static int read_preset_field(sd_bus_message *m, const char *key,
			     void *userdata)
{
	struct preset_row *row = userdata;
	const char *s;
	int r;

	if (strcmp(key, "height") == 0)
		return sd_bus_message_read(m, "v", "d", &row->height);
	if (strcmp(key, "tilt") == 0)
		return sd_bus_message_read(m, "v", "d", &row->tilt);
	if (strcmp(key, "name") == 0 || strcmp(key, "owner") == 0) {
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0)
			snprintf(key[0] == 'n' ? row->name : row->owner,
				 OMTCTL_NAME_MAX + 1, "%s", s);
		return r;
	}
	return sd_bus_message_skip(m, "v");
}

struct preset_rows {
	struct preset_row *rows;
	unsigned int n;
};

static int read_preset(sd_bus_message *m, struct preset_row *row)
{
	memset(row, 0, sizeof(*row));
	return omtctl_read_dict(m, read_preset_field, row);
}

/* One preset of the list; past MAX_PRESETS the rest are skipped. */
static int read_listed_preset(sd_bus_message *m, const char *name,
			      void *userdata)
{
	struct preset_rows *list = userdata;

	if (list->n >= MAX_PRESETS)
		return sd_bus_message_skip(m, "a{sv}");
	return read_preset(m, &list->rows[list->n++]);
}

static int read_all(sd_bus *bus, struct preset_row *rows, unsigned int *n,
		    sd_bus_error *error)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	struct preset_rows list = { .rows = rows };
	int r;

	*n = 0;
	r = sd_bus_get_property(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
				OMTCTL_BUS_INTERFACE, "PresetDetails", error,
				&reply, "a{sa{sv}}");
	if (r < 0)
		return r;
	r = omtctl_read_named_dicts(reply, read_listed_preset, &list);
	*n = list.n;
	return r;
}

static void json_row(FILE *out, const struct preset_row *row)
{
	fputs("{\"name\":", out);
	omtctl_json_string(out, row->name);
	omtctl_json_position(out, row->height, row->tilt);
	fputs(",\"owner\":", out);
	if (row->owner[0])
		omtctl_json_string(out, row->owner);
	else
		fputs("null", out);
	fputc('}', out);
}

/* Display width of UTF-8 text: one column per character. */
static int columns(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void human_row(const struct preset_row *row, int width)
{
	printf("%s%*s  %9.1f  %8.1f  %s\n", row->name,
	       width - columns(row->name), "", row->height, row->tilt,
	       row->owner[0] ? row->owner : "-");
}

/*
 * The practice's presets first, then each owner's together, owners in
 * the order their first preset was saved; within a group, saved order.
 */
static void group_by_owner(struct preset_row *rows, unsigned int n,
			   unsigned int *order)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < n; i++)
		if (!rows[i].owner[0])
			order[k++] = i;
	for (unsigned int i = 0; i < n; i++) {
		bool seen = false;

		if (!rows[i].owner[0])
			continue;
		for (unsigned int j = 0; j < i && !seen; j++)
			seen = strcmp(rows[j].owner, rows[i].owner) == 0;
		if (seen)
			continue;
		for (unsigned int j = i; j < n; j++)
			if (strcmp(rows[j].owner, rows[i].owner) == 0)
				order[k++] = j;
	}
}

static int list(sd_bus *bus, const struct omtctl_request *req)
{
	static struct preset_row rows[MAX_PRESETS];
	sd_bus_error error = SD_BUS_ERROR_NULL;
	unsigned int n, order[MAX_PRESETS];
	int r, width = 4, code;

	r = read_all(bus, rows, &n, &error);
	if (r < 0) {
		code = omtctl_report(&error, r, "reading the presets");
		sd_bus_error_free(&error);
		return code;
	}
	/* --for: one practitioner's presets only. */
	if (req->owner[0]) {
		unsigned int kept = 0;

		for (unsigned int i = 0; i < n; i++)
			if (omt_names_equal(rows[i].owner, req->owner))
				rows[kept++] = rows[i];
		n = kept;
	}
	group_by_owner(rows, n, order);
	if (req->json) {
		fputc('[', stdout);
		for (unsigned int i = 0; i < n; i++) {
			if (i)
				fputc(',', stdout);
			json_row(stdout, &rows[order[i]]);
		}
		fputs("]\n", stdout);
		return 0;
	}
	if (n == 0) {
		if (!req->no_legend)
			printf("No presets saved.\n");
		return 0;
	}
	for (unsigned int i = 0; i < n; i++)
		if (columns(rows[i].name) > width)
			width = columns(rows[i].name);
	if (!req->no_legend)
		printf("%-*s  %9s  %8s  %s\n", width, "NAME", "HEIGHT/mm",
		       "TILT/deg", "OWNER");
	for (unsigned int i = 0; i < n; i++)
		human_row(&rows[order[i]], width);
	return 0;
}

static int show(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	struct preset_row row;
	int r, code;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_BUS_INTERFACE, "GetPreset", &error,
			       &reply, "s", req->name);
	if (r >= 0)
		r = read_preset(reply, &row);
	sd_bus_message_unref(reply);
	if (r < 0) {
		code = omtctl_report(&error, r, "GetPreset");
		sd_bus_error_free(&error);
		return code;
	}
	if (req->json) {
		json_row(stdout, &row);
		fputc('\n', stdout);
		return 0;
	}
	printf("Name:     %s\nHeight:   %.1f mm\nTilt:     %.1f degrees\n"
	       "Owner:    %s\n", row.name, row.height, row.tilt,
	       row.owner[0] ? row.owner : "none (the whole practice)");
	return 0;
}

static int done(const struct omtctl_request *req, const char *text)
{
	if (req->json)
		fputs("{\"ok\":true}\n", stdout);
	else
		printf("%s\n", text);
	return 0;
}

static int save(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *call = NULL;
	char text[2 * OMTCTL_NAME_MAX + 32];
	int r, code;

	r = sd_bus_message_new_method_call(bus, &call, OMTCTL_BUS_NAME,
					   OMTCTL_BUS_PATH,
					   OMTCTL_BUS_INTERFACE,
					   "SavePresetWithOptions");
	if (r >= 0)
		r = sd_bus_message_append(call, "s", req->name);
	if (r >= 0)
		r = sd_bus_message_open_container(call, 'a', "{sv}");
	if (r >= 0)
		r = sd_bus_message_append(call, "{sv}", "overwrite", "b",
					  (int)req->force);
	if (r >= 0 && req->owner[0])
		r = sd_bus_message_append(call, "{sv}", "owner", "s",
					  req->owner);
	if (r >= 0)
		r = sd_bus_message_close_container(call);
	if (r >= 0)
		r = sd_bus_call(bus, call, 0, &error, NULL);
	sd_bus_message_unref(call);
	if (r < 0) {
		code = omtctl_report(&error, r, "SavePresetWithOptions");
		if (sd_bus_error_has_name(&error, OMT_ERROR_EXISTS))
			fprintf(stderr,
				"omtctl: 'omtctl preset save %s --force' replaces it.\n",
				req->name);
		sd_bus_error_free(&error);
		return code;
	}
	if (req->owner[0])
		snprintf(text, sizeof(text), "Saved preset %s for %s.",
			 req->name, req->owner);
	else
		snprintf(text, sizeof(text), "Saved preset %s.", req->name);
	return done(req, text);
}

static int rename_preset(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	char text[2 * OMTCTL_NAME_MAX + 32];
	int r, code;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_BUS_INTERFACE, "RenamePreset", &error,
			       NULL, "ss", req->name, req->new_name);
	if (r < 0) {
		code = omtctl_report(&error, r, "RenamePreset");
		sd_bus_error_free(&error);
		return code;
	}
	snprintf(text, sizeof(text), "Renamed preset %s to %s.", req->name,
		 req->new_name);
	return done(req, text);
}

int omtctl_run_preset(sd_bus *bus, const struct omtctl_request *req)
{
	switch (req->verb) {
	case OMTCTL_PRESET_LIST:
		return list(bus, req);
	case OMTCTL_PRESET_SHOW:
		return show(bus, req);
	case OMTCTL_PRESET_SAVE:
		return save(bus, req);
	case OMTCTL_PRESET_RENAME:
		return rename_preset(bus, req);
	default:
		return OMTCTL_EXIT_USAGE;
	}
}
