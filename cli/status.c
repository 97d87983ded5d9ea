// SPDX-License-Identifier: MIT
/* Printing the table's state for people and for scripts. */
#include <math.h>
#include <string.h>

#include "args.h"
#include "color.h"
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

const char *omtctl_fault_message(const struct omtctl_status *s,
				 const char *code)
{
	for (unsigned int i = 0; i < s->n_messages; i++)
		if (strcmp(s->message_codes[i], code) == 0)
			return s->fault_messages[i];
	return "";
}

static void print_json_faults(FILE *out, const struct omtctl_status *s)
{
	fputc('[', out);
	for (unsigned int i = 0; i < s->n_faults; i++) {
		fputs(i ? ",{\"code\":" : "{\"code\":", out);
		omtctl_json_string(out, s->faults[i]);
		fputs(",\"message\":", out);
		omtctl_json_string(out, omtctl_fault_message(s, s->faults[i]));
		fputc('}', out);
	}
	fputc(']', out);
}

/* "modbus-timeout:height (no reply from the height drive)" */
static void print_fault_line(FILE *out, const struct omtctl_status *s,
			     unsigned int i, const char *indent)
{
	const char *message = omtctl_fault_message(s, s->faults[i]);
	bool color = omtctl_color(out);

	fprintf(out, "%s%s%s%s%s%s\n", indent,
		color ? OMTCTL_COLOR_FAULT : "", s->faults[i],
		color ? OMTCTL_COLOR_RESET : "", message[0] ? ": " : "",
		message);
}

void omtctl_print_status(FILE *out, const struct omtctl_status *s, bool json)
{
	if (json) {
		fputs("{\"state\":", out);
		omtctl_json_string(out, s->state);
		omtctl_json_position(out, s->height, s->tilt);
		fprintf(out, ",\"locked\":%s", s->locked ? "true" : "false");
		fputs(",\"active_faults\":", out);
		print_json_list(out, (char (*)[OMTCTL_ITEM_MAX])s->faults,
				s->n_faults);
		fputs(",\"faults\":", out);
		print_json_faults(out, s);
		fputs(",\"drops\":{", out);
		for (unsigned int i = 0; i < s->n_drops; i++) {
			if (i)
				fputc(',', out);
			omtctl_json_string(out, s->drops[i].section);
			fputc(':', out);
			omtctl_json_string(out, s->drops[i].state);
		}
		fputs("},\"drop_tensions\":{", out);
		for (unsigned int i = 0, n = 0; i < s->n_drops; i++) {
			if (!s->drops[i].tension)
				continue;
			if (n++)
				fputc(',', out);
			omtctl_json_string(out, s->drops[i].section);
			fprintf(out, ":%u", s->drops[i].tension);
		}
		fputs("},\"duty_cycle\":{", out);
		for (unsigned int i = 0; i < s->n_duty; i++) {
			if (i)
				fputc(',', out);
			omtctl_json_string(out, s->duty[i].axis);
			fputs(":{\"budget_s\":", out);
			omtctl_json_number(out, s->duty[i].budget_s);
			fputs(",\"left_s\":", out);
			omtctl_json_number(out, s->duty[i].left_s);
			fputs(",\"whole_in_s\":", out);
			omtctl_json_number(out, s->duty[i].whole_in_s);
			fputc('}', out);
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
	if (omtctl_color(out) && omtctl_state_color(s->state)[0])
		fprintf(out, "State:    %s%s%s\n", omtctl_state_color(s->state),
			s->state, OMTCTL_COLOR_RESET);
	else
		fprintf(out, "State:    %s\n", s->state);
	fprintf(out, "Height:   %.1f mm\n", s->height);
	fprintf(out, "Tilt:     %.1f degrees\n", s->tilt);
	fprintf(out, "Locked:   %s\n", s->locked ? "yes" : "no");
	if (s->n_faults == 0)
		fputs("Faults:   none\n", out);
	for (unsigned int i = 0; i < s->n_faults; i++)
		print_fault_line(out, s, i, i ? "          " : "Faults:   ");
	fputs("Drops:    ", out);
	if (s->n_drops == 0)
		fputs("none", out);
	for (unsigned int i = 0; i < s->n_drops; i++) {
		fprintf(out, "%s%s %s", i ? ", " : "", s->drops[i].section,
			s->drops[i].state);
		if (s->drops[i].tension)
			fprintf(out, " (tension %u)", s->drops[i].tension);
	}
	fputc('\n', out);
	for (unsigned int i = 0; i < s->n_duty; i++) {
		const struct omtctl_duty *d = &s->duty[i];

		fprintf(out, "%s%s %.1f of %.1f s motor time left", i ? ", " :
			"Duty:     ", d->axis, d->left_s, d->budget_s);
		if (d->whole_in_s >= 0.5)
			fprintf(out, " (whole again in %.0f s)", d->whole_in_s);
		if (i + 1 == s->n_duty)
			fputc('\n', out);
	}
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
		print_json_faults(out, s);
		fputc('\n', out);
		return;
	}
	if (s->n_faults == 0)
		fputs("No active faults.\n", out);
	for (unsigned int i = 0; i < s->n_faults; i++)
		print_fault_line(out, s, i, "");
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
