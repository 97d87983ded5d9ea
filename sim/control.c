// SPDX-License-Identifier: MIT
/* The control language; see control.h and docs/simulator.md. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <modbus.h>

#include "control.h"
#include "drive_regs.h"

#define MAX_WORDS 4
#define MAX_LOAD_KG 500.0
#define MAX_THRUST_N 10000.0
#define MAX_HISTORY SIM_HISTORY_LEN

struct reply {
	char *buf;
	size_t cap, len;
};

static void add(struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->len >= r->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n < r->cap - r->len ? (size_t)n
						      : r->cap - r->len - 1;
}

static bool input_is_derived(int input)
{
	return input >= OMT_IN_DROP_FIRED_CERVICAL &&
	       input <= OMT_IN_DROP_FIRED_PELVIC;
}

/* A finite number using the whole word, within [lo, hi]. */
static bool parse_number(const char *word, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!word || !*word)
		return false;
	v = strtod(word, &end);
	if (*end || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int split(char *line, char **words)
{
	int n = 0;
	char *save = NULL, *w;

	for (w = strtok_r(line, " \t\r", &save); w;
	     w = strtok_r(NULL, " \t\r", &save)) {
		if (n == MAX_WORDS)
			return -1;
		words[n++] = w;
	}
	return n;
}

static int drive_by_name(const char *name)
{
	int index = name ? sim_world_slave_by_name(name) : -1;

	return index == SIM_IO_INDEX ? -1 : index;
}

/* Positions in mm from the fully-in end; -1 while the actuator has lost
 * its position (the model still knows where it is: real_position). */
static void get_linak(const struct sim_linak *a, struct reply *r)
{
	add(r, "ok class=linak position=%.2f real_position=%.2f "
	    "velocity=%.2f current=%ld status=0x%04x error=%u command=%u "
	    "heartbeat=%u speed=%u soft_start=%u soft_stop=%u "
	    "current_limit=%u running=%d load=%.1f stalled=%d\n",
	    a->position_lost ? -1.0 : a->position, a->position, a->velocity,
	    lround(a->current_ma), (unsigned int)sim_linak_status(a),
	    (unsigned int)a->error, (unsigned int)a->command,
	    (unsigned int)a->heartbeat, (unsigned int)a->speed,
	    (unsigned int)a->soft_start, (unsigned int)a->soft_stop,
	    (unsigned int)a->current_limit, a->run != SIM_LINAK_STANDING,
	    a->load_kg, a->stalled);
}

static void get_cia402(const struct sim_cia402 *d, const struct cia402_map *map,
		       struct reply *r)
{
	uint16_t sw = sim_cia402_statusword(d);

	add(r, "ok class=cia402 map=%s state=%s position=%.2f velocity=%.2f "
	    "current=%ld statusword=0x%04x controlword=0x%04x mode=%d "
	    "error_code=0x%04x target=%ld load=%.1f stalled=%d\n",
	    map->name, cia402_state_name(cia402_state_of(sw)), d->position,
	    d->velocity, lround(d->current_ma), (unsigned int)sw,
	    (unsigned int)d->controlword, (int)d->mode,
	    (unsigned int)d->error_code, (long)d->target, d->load_kg,
	    d->stalled);
}

static void cmd_get(struct sim_world *w, char **words, int n, struct reply *r)
{
	const struct sim_axis *a;
	int index = n == 2 ? sim_world_slave_by_name(words[1]) : -1;

	if (index < 0) {
		add(r, "error usage: get height|tilt|cervical|thoracic|lumbar|pelvic|io\n");
		return;
	}
	if (index == SIM_IO_INDEX) {
		add(r, "ok inputs=0x%04x\n", (unsigned int)sim_world_inputs(w));
		return;
	}
	if (w->drive_class[index] == SIM_CLASS_LINAK) {
		get_linak(&w->linak[index], r);
		return;
	}
	if (w->drive_class[index] == SIM_CLASS_CIA402) {
		get_cia402(&w->cia402[index], w->cia402_map[index], r);
		return;
	}
	a = &w->axis[index];
	add(r, "ok position=%.2f setpoint=%.2f velocity=%.2f current=%ld "
	    "status=0x%04x fault=%u control=0x%04x velocity_limit=%u "
	    "watchdog_ms=%u load=%.1f tension=%u cocked=%d fired=%d "
	    "stalled=%d\n",
	    a->position, a->setpoint, a->velocity, lround(a->current_ma),
	    (unsigned int)sim_axis_status(a), (unsigned int)a->fault_code,
	    (unsigned int)a->control, (unsigned int)a->velocity_limit,
	    (unsigned int)a->watchdog_ms, a->load_kg, (unsigned int)a->tension,
	    sim_axis_cocked(a), a->fired, a->stalled);
}

/*
 * Stall and obstruction by class.  A LINAK-class actuator and a CiA 402
 * drive sense no obstacle of their own: for them an obstruction is a
 * blocked mechanism, as a stall is, which their current limit or
 * following-error check then catches.
 */
static void set_blocked(struct sim_world *w, int index, bool stalled,
			bool obstructed)
{
	switch (w->drive_class[index]) {
	case SIM_CLASS_LINAK:
		w->linak[index].stalled = stalled || obstructed;
		break;
	case SIM_CLASS_CIA402:
		w->cia402[index].stalled = stalled || obstructed;
		break;
	case SIM_CLASS_GENERIC:
		w->axis[index].stalled = stalled;
		w->axis[index].obstructed = obstructed;
		break;
	}
}

static void inject_overcurrent(struct sim_world *w, int index)
{
	switch (w->drive_class[index]) {
	case SIM_CLASS_LINAK:
		sim_linak_inject_overcurrent(&w->linak[index]);
		break;
	case SIM_CLASS_CIA402:
		sim_cia402_inject_fault(&w->cia402[index],
					SIM_CIA402_ERR_OVERCURRENT);
		break;
	case SIM_CLASS_GENERIC:
		sim_axis_inject_overcurrent(&w->axis[index]);
		break;
	}
}

/* `fault DRIVE error CODE`: the drive's own error codes (decimal or 0x
 * hex); false with the answer written when refused. */
static bool inject_error(struct sim_world *w, int index, const char *word,
			 struct reply *r)
{
	char *end;
	unsigned long code;

	errno = 0;
	code = strtoul(word, &end, 0);
	if (errno || *end || word[0] == '-' || code == 0 || code > 0xffff) {
		add(r, "error usage: fault DRIVE error CODE (1..0xffff)\n");
		return false;
	}
	switch (w->drive_class[index]) {
	case SIM_CLASS_LINAK:
		if (!sim_linak_inject_error(&w->linak[index], (uint16_t)code)) {
			add(r, "error a linak drive raises codes 2..255 this way "
			    "(1 comes with power-up)\n");
			return false;
		}
		return true;
	case SIM_CLASS_CIA402:
		sim_cia402_inject_fault(&w->cia402[index], (uint16_t)code);
		return true;
	case SIM_CLASS_GENERIC:
		break;
	}
	add(r, "error omt-generic-1 drives have fixed faults: overcurrent, "
	    "stall, obstruction\n");
	return false;
}

static void inject_jump(struct sim_world *w, int index, double delta)
{
	switch (w->drive_class[index]) {
	case SIM_CLASS_LINAK:
		sim_linak_inject_jump(&w->linak[index], delta);
		break;
	case SIM_CLASS_CIA402:
		sim_cia402_inject_jump(&w->cia402[index], delta);
		break;
	case SIM_CLASS_GENERIC:
		sim_axis_inject_jump(&w->axis[index], delta);
		break;
	}
}

static void cmd_fault(struct sim_world *w, char **words, int n, struct reply *r)
{
	int index = n >= 3 ? sim_world_slave_by_name(words[1]) : -1;
	struct sim_bus_faults *f;
	const char *what = n >= 3 ? words[2] : "";
	bool drive = index >= 0 && index != SIM_IO_INDEX;
	double v;

	if (index < 0) {
		add(r, "error usage: fault SLAVE no-reply|absent|crc|exception N|"
		    "stall|obstruction|overcurrent|error CODE|jump DELTA|clear\n");
		return;
	}
	f = &w->faults[index];
	if (strcmp(what, "exception") == 0) {
		if (n != 4 || !parse_number(words[3], 1, MODBUS_EXCEPTION_MAX - 1, &v) ||
		    v != floor(v)) {
			add(r, "error exception code must be 1..%d\n",
			    MODBUS_EXCEPTION_MAX - 1);
			return;
		}
		f->exception = (uint8_t)v;
	} else if (strcmp(what, "error") == 0) {
		if (!drive || n != 4) {
			add(r, "error usage: fault DRIVE error CODE (1..0xffff)\n");
			return;
		}
		if (!inject_error(w, index, words[3], r))
			return;
	} else if (strcmp(what, "jump") == 0) {
		if (!drive || n != 4 || !parse_number(words[3], -10000, 10000, &v)) {
			add(r, "error usage: fault DRIVE jump DELTA (units of the axis)\n");
			return;
		}
		inject_jump(w, index, v);
	} else if (n != 3) {
		add(r, "error '%s' takes no argument\n", what);
		return;
	} else if (strcmp(what, "no-reply") == 0) {
		f->no_reply = true;
	} else if (strcmp(what, "absent") == 0) {
		f->absent = true;
	} else if (strcmp(what, "crc") == 0) {
		f->bad_crc = true;
	} else if (strcmp(what, "clear") == 0) {
		memset(f, 0, sizeof(*f));
		if (drive)
			set_blocked(w, index, false, false);
	} else if (drive && strcmp(what, "stall") == 0) {
		set_blocked(w, index, true, false);
	} else if (drive && strcmp(what, "obstruction") == 0) {
		set_blocked(w, index, false, true);
	} else if (drive && strcmp(what, "overcurrent") == 0) {
		inject_overcurrent(w, index);
	} else {
		add(r, "error unknown fault '%s' for %s\n", what, words[1]);
		return;
	}
	add(r, "ok\n");
}

static void cmd_thrust(struct sim_world *w, char **words, int n, struct reply *r)
{
	int index = n == 3 ? drive_by_name(words[1]) : -1;
	double newtons;

	if (index < 0 || !parse_number(words[2], 0, MAX_THRUST_N, &newtons)) {
		add(r, "error usage: thrust SECTION NEWTONS (0..%.0f)\n", MAX_THRUST_N);
		return;
	}
	if (w->drive_class[index] != SIM_CLASS_GENERIC) {
		add(r, "error %s is not an omt-generic-1 drop section\n", words[1]);
		return;
	}
	switch (sim_axis_thrust(&w->axis[index], newtons)) {
	case SIM_THRUST_NOT_A_DROP:
		add(r, "error %s is not a drop section\n", words[1]);
		break;
	case SIM_THRUST_NOT_COCKED:
		add(r, "ok not-cocked\n");
		break;
	case SIM_THRUST_HELD:
		add(r, "ok held\n");
		break;
	case SIM_THRUST_FIRED:
		add(r, "ok fired\n");
		break;
	}
}

static void cmd_input(struct sim_world *w, char **words, int n, struct reply *r)
{
	double v;
	int i;

	i = n == 3 ? (int)omt_io_input_from_name(words[1]) : OMT_IN_COUNT;
	if (n != 3 || i == OMT_IN_COUNT || !parse_number(words[2], 0, 1, &v) ||
	    (v != 0 && v != 1)) {
		add(r, "error usage: input NAME 0|1 (pedal-height-up, "
		    "pedal-height-down, pedal-tilt-up, pedal-tilt-down, "
		    "pedal-enable-a, pedal-enable-b, pedal-arm-drops, "
		    "pedal-preset, estop-a, estop-b)\n");
		return;
	}
	if (input_is_derived(i)) {
		add(r, "error %s follows its drop section: use thrust\n", words[1]);
		return;
	}
	if (v == 1)
		w->forced_inputs |= 1u << i;
	else
		w->forced_inputs &= ~(1u << i);
	add(r, "ok\n");
}

static void cmd_load(struct sim_world *w, char **words, int n, struct reply *r)
{
	int index = n == 3 ? drive_by_name(words[1]) : -1;
	double kg;

	if (index < 0 || !parse_number(words[2], 0, MAX_LOAD_KG, &kg)) {
		add(r, "error usage: load DRIVE KG (0..%.0f)\n", MAX_LOAD_KG);
		return;
	}
	w->axis[index].load_kg = kg;
	w->linak[index].load_kg = kg;
	w->cia402[index].load_kg = kg;
	add(r, "ok\n");
}

/* Raw bytes from hex digits (an even number, at most the block). */
static bool parse_hex_text(const char *hex, char *out)
{
	size_t n = strlen(hex);

	if (n == 0 || n % 2 || n / 2 > OMT_DRIVE_TEXT_MAX)
		return false;
	memset(out, 0, OMT_DRIVE_TEXT_MAX + 1);
	for (size_t i = 0; i < n / 2; i++) {
		char pair[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;
		unsigned long v = strtoul(pair, &end, 16);

		if (*end || pair[0] == '-' || pair[0] == '+' || pair[0] == ' ')
			return false;
		out[i] = (char)v;
	}
	return true;
}

/* The block up to its NUL padding, any other byte as \xNN. */
static void print_text(struct reply *r, const char *block)
{
	unsigned int end = OMT_DRIVE_TEXT_MAX;

	while (end > 0 && block[end - 1] == '\0')
		end--;
	for (unsigned int i = 0; i < end; i++) {
		unsigned char c = (unsigned char)block[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			add(r, "%c", c);
		else
			add(r, "\\x%02x", c);
	}
}

static void cmd_identity(struct sim_world *w, char **words, int n,
			 struct reply *r)
{
	int index = n >= 2 ? drive_by_name(words[1]) : -1;
	const char *what = n >= 3 ? words[2] : "";
	char text[OMT_DRIVE_TEXT_MAX + 1];
	struct sim_axis *a;

	bool sets_text = n == 4 && (strcmp(what, "serial") == 0 ||
				    strcmp(what, "firmware") == 0 ||
				    strcmp(what, "serial-hex") == 0 ||
				    strcmp(what, "firmware-hex") == 0);
	bool switches = n == 3 && (strcmp(what, "none") == 0 ||
				   strcmp(what, "silent") == 0 ||
				   strcmp(what, "on") == 0);

	if (index < 0 || !(n == 2 || sets_text || switches)) {
		add(r, "error usage: identity DRIVE [serial|firmware TEXT | "
		    "serial-hex|firmware-hex HEX | none | silent | on]\n");
		return;
	}
	if (w->drive_class[index] != SIM_CLASS_GENERIC) {
		add(r, "error %s is a %s drive: identity registers are "
		    "omt-generic-1's\n", words[1],
		    sim_drive_class_name(w->drive_class[index]));
		return;
	}
	a = &w->axis[index];
	if (n == 4 && strstr(what, "-hex")) {
		if (!parse_hex_text(words[3], text)) {
			add(r, "error %s takes 1..%d bytes as hex digits\n", what,
			    OMT_DRIVE_TEXT_MAX);
			return;
		}
	} else if (n == 4) {
		if (strlen(words[3]) > OMT_DRIVE_TEXT_MAX) {
			add(r, "error %s is at most %d characters\n", what,
			    OMT_DRIVE_TEXT_MAX);
			return;
		}
		memset(text, 0, sizeof(text));
		memcpy(text, words[3], strlen(words[3]));
	}
	if (n == 4) {
		/* Bytes, not a C string: the hex form may hold a NUL. */
		memset(what[0] == 's' ? a->serial : a->firmware, 0,
		       OMT_DRIVE_TEXT_MAX);
		memcpy(what[0] == 's' ? a->serial : a->firmware, text,
		       OMT_DRIVE_TEXT_MAX);
		a->has_identity = true;
		a->identity_silent = false;
	} else if (n == 3) {
		a->has_identity = strcmp(what, "on") == 0;
		a->identity_silent = strcmp(what, "silent") == 0;
	}
	if (!a->has_identity) {
		add(r, a->identity_silent ? "ok silent\n" : "ok none\n");
		return;
	}
	add(r, "ok serial=");
	print_text(r, a->serial);
	add(r, " firmware=");
	print_text(r, a->firmware);
	add(r, "\n");
}

static void cmd_power_cycle(struct sim_world *w, char **words, int n,
			    struct reply *r)
{
	int index = n == 2 ? drive_by_name(words[1]) : -1;

	if (index < 0) {
		add(r, "error usage: power-cycle DRIVE\n");
		return;
	}
	switch (w->drive_class[index]) {
	case SIM_CLASS_LINAK:
		sim_linak_power_cycle(&w->linak[index]);
		break;
	case SIM_CLASS_CIA402:
		sim_cia402_power_cycle(&w->cia402[index]);
		break;
	case SIM_CLASS_GENERIC:
		add(r, "error %s is an omt-generic-1 drive: power-cycle is for "
		    "linak and cia402 drives\n", words[1]);
		return;
	}
	add(r, "ok\n");
}

static void cmd_stats(struct sim_world *w, int n, struct reply *r)
{
	uint64_t exceptions = 0;
	int i;

	if (n != 1) {
		add(r, "error usage: stats\n");
		return;
	}
	add(r, "ok");
	for (i = 0; i < SIM_SLAVES; i++) {
		add(r, " %s=%" PRIu64, sim_world_slave_name(i), w->stats[i].requests);
		exceptions += w->stats[i].exceptions;
	}
	add(r, " exceptions=%" PRIu64 " unknown_slave=%" PRIu64
	    " malformed=%" PRIu64 " crc_errors=%" PRIu64
	    " library_replies=%" PRIu64 "\n", exceptions, w->unknown_slave,
	    w->malformed, w->crc_errors, w->library_replies);
}

int sim_control_format_record(const struct sim_setpoint_record *rec,
			      char *out, size_t cap)
{
	return snprintf(out, cap, "%" PRIu64 " %.2f 0x%04x\n", rec->t_ns,
			sim_raw_to_units(rec->setpoint),
			(unsigned int)rec->control);
}

static void cmd_history(struct sim_world *w, char **words, int n, struct reply *r)
{
	int index = n == 3 ? drive_by_name(words[1]) : -1;
	const struct sim_history *h;
	uint64_t i, first, want, have;
	double v;
	char line[64];

	if (index < 0 || !parse_number(words[2], 1, MAX_HISTORY, &v) ||
	    v != floor(v)) {
		add(r, "error usage: history DRIVE N (1..%d)\n", MAX_HISTORY);
		return;
	}
	h = &w->history[index];
	want = (uint64_t)v;
	have = h->count < SIM_HISTORY_LEN ? h->count : SIM_HISTORY_LEN;
	if (want > have)
		want = have;
	first = h->count - want;
	add(r, "ok %" PRIu64 "\n", want);
	for (i = first; i < h->count; i++) {
		sim_control_format_record(&h->rec[i % SIM_HISTORY_LEN], line,
					  sizeof(line));
		add(r, "%s", line);
	}
}

void sim_control_execute(struct sim_world *world, const char *line,
			 char *out, size_t cap, int *watch)
{
	char copy[SIM_CONTROL_LINE_MAX];
	char *words[MAX_WORDS];
	struct reply r = { .buf = out, .cap = cap, .len = 0 };
	int n;

	*watch = -1;
	out[0] = '\0';
	if (strlen(line) >= sizeof(copy)) {
		add(&r, "error line too long\n");
		return;
	}
	strcpy(copy, line);
	n = split(copy, words);
	if (n <= 0) {
		add(&r, n < 0 ? "error too many words\n" : "error empty command\n");
		return;
	}
	if (strcmp(words[0], "get") == 0) {
		cmd_get(world, words, n, &r);
	} else if (strcmp(words[0], "fault") == 0) {
		cmd_fault(world, words, n, &r);
	} else if (strcmp(words[0], "thrust") == 0) {
		cmd_thrust(world, words, n, &r);
	} else if (strcmp(words[0], "input") == 0) {
		cmd_input(world, words, n, &r);
	} else if (strcmp(words[0], "load") == 0) {
		cmd_load(world, words, n, &r);
	} else if (strcmp(words[0], "identity") == 0) {
		cmd_identity(world, words, n, &r);
	} else if (strcmp(words[0], "power-cycle") == 0) {
		cmd_power_cycle(world, words, n, &r);
	} else if (strcmp(words[0], "stats") == 0) {
		cmd_stats(world, n, &r);
	} else if (strcmp(words[0], "history") == 0) {
		cmd_history(world, words, n, &r);
	} else if (strcmp(words[0], "watch") == 0) {
		*watch = n == 2 ? drive_by_name(words[1]) : -1;
		if (*watch < 0)
			add(&r, "error usage: watch DRIVE\n");
		else
			add(&r, "ok watching %s\n", words[1]);
	} else if (strcmp(words[0], "ping") == 0 && n == 1) {
		add(&r, "ok pong\n");
	} else {
		add(&r, "error unknown command '%s' (get, fault, thrust, input, "
		    "load, identity, power-cycle, stats, history, watch, ping)\n", words[0]);
	}
}
