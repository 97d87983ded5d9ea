// SPDX-License-Identifier: MIT
/* Printing the table's state for people and for scripts. */
#include <math.h>
#include <string.h>

#include "args.h"
#include "json.h"
#include "status.h"

static void print_json_list(FILE *out, char list[][OMTCTL_ITEM_MAX],
			    unsigned int n)
{
	fputc('[', out);
	for (unsigned int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		omtctl_json_string(out, list[i]);
	}
	fputc(']', out);
}

static void print_human_list(FILE *out, char list[][OMTCTL_ITEM_MAX],
			     unsigned int n, const char *none)
{
	if (n == 0)
		fputs(none, out);
	for (unsigned int i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? ", " : "", list[i]);
	fputc('\n', out);
}

void omtctl_print_status(FILE *out, const struct omtctl_status *s, bool json)
{
	if (json) {
		fputs("{\"state\":", out);
		omtctl_json_string(out, s->state);
		fputs(",\"height\":", out);
		omtctl_json_number(out, s->height);
		fputs(",\"tilt\":", out);
		omtctl_json_number(out, s->tilt);
		fprintf(out, ",\"locked\":%s", s->locked ? "true" : "false");
		fputs(",\"active_faults\":", out);
		print_json_list(out, (char (*)[OMTCTL_ITEM_MAX])s->faults,
				s->n_faults);
		fputs(",\"drops\":{", out);
		for (unsigned int i = 0; i < s->n_drops; i++) {
			if (i)
				fputc(',', out);
			omtctl_json_string(out, s->drops[i].section);
			fputc(':', out);
			omtctl_json_string(out, s->drops[i].state);
		}
		fputs("},\"drives\":{", out);
		for (unsigned int i = 0; i < s->n_drives; i++) {
			if (i)
				fputc(',', out);
			omtctl_json_string(out, s->drives[i].axis);
			fputc(':', out);
			omtctl_json_string(out, s->drives[i].check);
		}
		fputs("},\"presets\":", out);
		print_json_list(out, (char (*)[OMTCTL_ITEM_MAX])s->presets,
				s->n_presets);
		fprintf(out, ",\"hold_timeout_ms\":%u}\n", s->hold_timeout_ms);
		return;
	}
	fprintf(out, "State:    %s\n", s->state);
	fprintf(out, "Height:   %.1f mm\n", s->height);
	fprintf(out, "Tilt:     %.1f degrees\n", s->tilt);
	fprintf(out, "Locked:   %s\n", s->locked ? "yes" : "no");
	fputs("Faults:   ", out);
	print_human_list(out, (char (*)[OMTCTL_ITEM_MAX])s->faults,
			 s->n_faults, "none");
	fputs("Drops:    ", out);
	if (s->n_drops == 0)
		fputs("none", out);
	for (unsigned int i = 0; i < s->n_drops; i++)
		fprintf(out, "%s%s %s", i ? ", " : "", s->drops[i].section,
			s->drops[i].state);
	fputc('\n', out);
	fputs("Drives:   ", out);
	{
		unsigned int shown = 0;

		/* Only the drives that may not be enabled, and why. */
		for (unsigned int i = 0; i < s->n_drives; i++) {
			if (strcmp(s->drives[i].check, "verified") == 0)
				continue;
			fprintf(out, "%s%s %s", shown++ ? ", " : "",
				s->drives[i].axis, s->drives[i].check);
		}
		if (!shown)
			fputs(s->n_drives ? "all verified" : "none", out);
		fputc('\n', out);
	}
	fputs("Presets:  ", out);
	print_human_list(out, (char (*)[OMTCTL_ITEM_MAX])s->presets,
			 s->n_presets, "none");
}

void omtctl_print_faults(FILE *out, const struct omtctl_status *s, bool json)
{
	if (json) {
		print_json_list(out, (char (*)[OMTCTL_ITEM_MAX])s->faults,
				s->n_faults);
		fputc('\n', out);
		return;
	}
	if (s->n_faults == 0)
		fputs("No active faults.\n", out);
	for (unsigned int i = 0; i < s->n_faults; i++)
		fprintf(out, "%s\n", s->faults[i]);
}

void omtctl_print_presets(FILE *out, const struct omtctl_status *s, bool json)
{
	if (json) {
		print_json_list(out, (char (*)[OMTCTL_ITEM_MAX])s->presets,
				s->n_presets);
		fputc('\n', out);
		return;
	}
	if (s->n_presets == 0)
		fputs("No presets saved.\n", out);
	for (unsigned int i = 0; i < s->n_presets; i++)
		fprintf(out, "%s\n", s->presets[i]);
}

void omtctl_format_progress(char *buffer, size_t size, double fraction)
{
	enum { WIDTH = 30 };
	char bar[WIDTH + 1];
	int filled;

	if (!(fraction >= 0))
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	filled = (int)lround(fraction * WIDTH);
	for (int i = 0; i < WIDTH; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[WIDTH] = '\0';
	snprintf(buffer, size, "[%s] %3d%%", bar, (int)lround(fraction * 100));
}

double omtctl_move_fraction(unsigned int targets, const double start[2],
			    const double target[2], const double now[2])
{
	double total = 0, left = 0;

	/* Tilt degrees weigh like height millimetres: good enough for a bar. */
	for (int axis = 0; axis < 2; axis++) {
		if (!(targets & (1u << axis)))
			continue;
		total += fabs(target[axis] - start[axis]);
		left += fabs(target[axis] - now[axis]);
	}
	if (!(total > 0))
		return 1;
	if (left > total)
		return 0;
	return 1 - left / total;
}
