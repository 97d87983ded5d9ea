// SPDX-License-Identifier: MIT
/*
 * omtctl diag ...: each view one Diagnostics call, printed for a person
 * or, with --json, for a program.  Trace writes a CSV file instead.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bus_dict.h"
#include "client.h"
#include "drive_status.h"
#include "diag.h"
#include "json.h"
#include "omt_regs.h"
#include "selftest.h"

/* A Diagnostics call; on failure the report's exit code, else 0. */
static int call(sd_bus *bus, const char *method, sd_bus_message **reply,
		uint64_t timeout_us, const char *types, ...)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *m = NULL;
	va_list ap;
	int r, code;

	r = sd_bus_message_new_method_call(bus, &m, OMTCTL_BUS_NAME,
					   OMTCTL_BUS_PATH,
					   OMTCTL_DIAG_INTERFACE, method);
	if (r >= 0 && types) {
		va_start(ap, types);
		r = sd_bus_message_appendv(m, types, ap);
		va_end(ap);
	}
	if (r >= 0)
		r = sd_bus_call(bus, m, timeout_us, &error, reply);
	if (r < 0) {
		code = omtctl_report(&error, r, method);
		sd_bus_error_free(&error);
		return code;
	}
	return 0;
}

/* Appended to diag inputs: the kernel interlock and e-stop states. */
static int interlock_lines(sd_bus *bus, const struct omtctl_request *req,
			   int first)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *state;
	int kernel_estop, estop, r;

	r = call(bus, "GetInterlock", &reply, 0, NULL);
	if (r)
		return -EIO;
	r = sd_bus_message_read(reply, "sbb", &state, &kernel_estop, &estop);
	if (r >= 0 && req->json)
		printf("%s\"interlock\":\"%s\",\"kernel_estop\":%s,\"estop\":%s",
		       first ? "" : ",", state, kernel_estop ? "true" : "false",
		       estop ? "true" : "false");
	else if (r >= 0)
		printf("%-24s %s\n%-24s %s\n%-24s %s\n", "kernel-interlock",
		       state, "kernel-estop", kernel_estop ? "on" : "off",
		       "estop-latched", estop ? "on" : "off");
	return r;
}

static int snapshot_views(sd_bus *bus, const struct omtctl_request *req)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *method = req->verb == OMTCTL_DIAG_LOOP ? "GetLoopStatistics" :
			     req->verb == OMTCTL_DIAG_INPUTS ? "GetInputs" :
							       "GetAxes";
	int r, code;

	r = sd_bus_call_method(bus, OMTCTL_BUS_NAME, OMTCTL_BUS_PATH,
			       OMTCTL_DIAG_INTERFACE, method, &error, &reply,
			       "");
	if (r < 0) {
		code = omtctl_report(&error, r, method);
		sd_bus_error_free(&error);
		return code;
	}
	if (req->verb == OMTCTL_DIAG_LOOP) {
		uint64_t cycles, overruns, late;
		int rt, ki;

		r = sd_bus_message_read(reply, "tttbb", &cycles, &overruns,
					&late, &rt, &ki);
		if (r >= 0 && req->json)
			printf("{\"cycles\":%llu,\"overruns\":%llu,\"lateness_max_ns\":%llu,\"realtime\":%s,\"kernel_interlock\":%s}\n",
			       (unsigned long long)cycles,
			       (unsigned long long)overruns,
			       (unsigned long long)late, rt ? "true" : "false",
			       ki ? "true" : "false");
		else if (r >= 0)
			printf("Cycles:            %llu\nOverruns:          %llu\nWorst lateness:    %.3f ms\nReal-time:         %s\nKernel interlock:  %s\n",
			       (unsigned long long)cycles,
			       (unsigned long long)overruns, late / 1e6,
			       rt ? "yes" : "no", ki ? "yes" : "no (software only)");
	} else if (req->verb == OMTCTL_DIAG_INPUTS) {
		const char *name;
		int on, first = 1;

		r = sd_bus_message_enter_container(reply, 'a', "{sb}");
		/* Line names are data: they go in a map of their own. */
		if (req->json)
			printf("{\"inputs\":{");
		while (r >= 0 &&
		       (r = sd_bus_message_read(reply, "{sb}", &name, &on)) > 0) {
			if (req->json) {
				printf("%s", first ? "" : ",");
				omtctl_json_string(stdout, name);
				printf(":%s", on ? "true" : "false");
			} else {
				printf("%-24s %s\n", name, on ? "on" : "off");
			}
			first = 0;
		}
		if (req->json)
			putchar('}');
		if (r >= 0)
			r = interlock_lines(bus, req, 0);
		if (req->json)
			printf("}\n");
	} else {
		const char *name;
		double pos, set, vel, cur;
		uint16_t status, fault;
		int online, first = 1;
		/* Each drive's check, from the Drives property. */
		static struct omtctl_status st;
		sd_bus_error perr = SD_BUS_ERROR_NULL;
		char bits[160];

		memset(&st, 0, sizeof(st));
		(void)omtctl_get_status(bus, &st, &perr);
		sd_bus_error_free(&perr);
		/* Unknown for a drive that does not say (or an older omtd). */
		(void)omtctl_get_drive_identities(bus, &st, &perr);
		sd_bus_error_free(&perr);
		/* The fault a class drive names, beside the canonical code. */
		(void)omtctl_get_drive_faults(bus, &st, &perr);
		sd_bus_error_free(&perr);
		r = sd_bus_message_enter_container(reply, 'a', "(sbddddqq)");
		if (req->json)
			putchar('[');
		else if (r >= 0 && !req->no_legend)
			printf("%-9s %-4s %-6s %9s %9s %10s %10s  %-16s %-16s %s  %s\n",
			       "AXIS", "UNIT", "ONLINE", "POSITION", "SETPOINT",
			       "VELOCITY/s", "CURRENT/mA", "SERIAL", "FIRMWARE",
			       "STATUS / FAULT", "CHECK");
		while (r >= 0 &&
		       (r = sd_bus_message_read(reply, "(sbddddqq)", &name,
						&online, &pos, &set, &vel, &cur,
						&status, &fault)) > 0) {
			const char *check = "unknown", *serial = "", *firmware = "";
			const char *named = "";
			char shown[48] = "";

			for (unsigned int i = 0; i < st.n_drives; i++) {
				if (strcmp(st.drives[i].axis, name) != 0)
					continue;
				if (st.drives[i].check[0])
					check = st.drives[i].check;
				serial = st.drives[i].serial;
				firmware = st.drives[i].firmware;
				named = st.drives[i].fault;
			}
			if (named[0] && strcmp(named, "none") != 0)
				snprintf(shown, sizeof(shown), " (%s)", named);
			omtctl_status_words(status, bits, sizeof(bits));
			if (req->json) {
				printf("%s{\"axis\":", first ? "" : ",");
				omtctl_json_string(stdout, name);
				printf(",\"unit\":\"%s\",\"online\":%s,\"position\":%.2f,\"setpoint\":%.2f,\"velocity\":%.2f,\"current_ma\":%.0f,\"status\":%u,\"status_bits\":[",
				       omtctl_axis_unit(name),
				       online ? "true" : "false", pos, set, vel,
				       cur, status);
				for (unsigned int b = 0, k = 0; b < 16; b++) {
					char other[OMTCTL_STATUS_BIT_WORD];

					if (!(status & (1u << b)))
						continue;
					printf("%s", k++ ? "," : "");
					omtctl_json_string(stdout,
							   omtctl_status_bit_word(b, other));
				}
				printf("],\"drive_fault\":%u,\"drive_fault_name\":\"%s\",\"class_fault\":",
				       fault, omt_drive_fault_name(fault));
				omtctl_json_string_or_null(stdout, named);
				fputs(",\"check\":", stdout);
				omtctl_json_string(stdout, check);
				fputs(",\"serial\":", stdout);
				omtctl_json_string_or_null(stdout, serial);
				fputs(",\"firmware\":", stdout);
				omtctl_json_string_or_null(stdout, firmware);
				putchar('}');
			} else {
				printf("%-9s %-4s %-6s %9.2f %9.2f %10.2f %10.0f  %-16s %-16s 0x%04x %s / %u %s%s  %s\n",
				       name, omtctl_axis_unit(name),
				       online ? "yes" : "no", pos, set, vel,
				       cur, serial[0] ? serial : "unknown",
				       firmware[0] ? firmware : "unknown",
				       status, bits, fault,
				       omt_drive_fault_name(fault), shown,
				       check);
			}
			first = 0;
		}
		if (req->json)
			printf("]\n");
	}
	if (r < 0)
		return omtctl_report(NULL, r, "reading diagnostics");
	return 0;
}

static void print_ns(uint64_t ns)
{
	printf("%.3f ms", ns / 1e6);
}

/*
 * One value of an a{sv} reply as an unsigned or signed number, whatever
 * integer or boolean type it came as; other types are skipped (0).  A
 * newer daemon may add keys: they are skipped too.
 */
static int read_number(sd_bus_message *m, int64_t *value)
{
	const char *contents;
	char type;
	uint64_t t;
	uint32_t u;
	int32_t i;
	int b, r;

	*value = 0;
	r = sd_bus_message_peek_type(m, &type, &contents);
	if (r < 0)
		return r;
	if (type != 'v' || strlen(contents) != 1)
		return sd_bus_message_skip(m, "v");
	switch (contents[0]) {
	case 't':
		r = sd_bus_message_read(m, "v", "t", &t);
		*value = (int64_t)t;
		return r;
	case 'u':
		r = sd_bus_message_read(m, "v", "u", &u);
		*value = u;
		return r;
	case 'i':
		r = sd_bus_message_read(m, "v", "i", &i);
		*value = i;
		return r;
	case 'b':
		r = sd_bus_message_read(m, "v", "b", &b);
		*value = b;
		return r;
	default:
		return sd_bus_message_skip(m, "v");
	}
}

struct numeric_fields {
	const char *const *names;
	int64_t *values;
	size_t n;
	int (*other)(sd_bus_message *, const char *, void *);
	void *userdata;
};

static int read_numeric_field(sd_bus_message *m, const char *key,
			      void *userdata)
{
	const struct numeric_fields *f = userdata;

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->names[i], key) == 0)
			return read_number(m, &f->values[i]);
	if (f->other)
		return f->other(m, key, f->userdata);
	return sd_bus_message_skip(m, "v");
}

/* The named numeric fields of an a{sv}, in the order of names[]. */
static int read_fields(sd_bus_message *m, const char *const *names,
		       int64_t *values, size_t n,
		       int (*other)(sd_bus_message *, const char *, void *),
		       void *userdata)
{
	struct numeric_fields fields = {
		.names = names, .values = values, .n = n,
		.other = other, .userdata = userdata,
	};

	return omtctl_read_dict(m, read_numeric_field, &fields);
}

#define HISTOGRAM_MAX 64

struct histogram {
	unsigned int n;
	uint64_t limit[HISTOGRAM_MAX], count[HISTOGRAM_MAX];
};

static int read_histogram(sd_bus_message *m, const char *key, void *userdata)
{
	struct histogram *h = userdata;
	uint64_t limit, count;
	int r;

	if (strcmp(key, "lateness_histogram") != 0)
		return sd_bus_message_skip(m, "v");
	r = sd_bus_message_enter_container(m, 'v', "a(tt)");
	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "(tt)");
	while (r >= 0 &&
	       (r = sd_bus_message_read(m, "(tt)", &limit, &count)) > 0)
		if (h->n < HISTOGRAM_MAX) {
			h->limit[h->n] = limit;
			h->count[h->n++] = count;
		}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	return r < 0 ? r : sd_bus_message_exit_container(m);
}

enum { PERIOD, CYCLES, OVERRUNS, LATE_WAKEUPS, P50, P99, MAX, REALTIME,
       RT_ERROR, TIMING_FIELDS };
static const char *const timing_names[TIMING_FIELDS] = {
	"period_ns", "cycles", "overruns", "late_wakeups", "lateness_p50_ns",
	"lateness_p99_ns", "lateness_max_ns", "realtime", "rt_error",
};

/* diag timing: the period, lateness percentiles and histogram. */
static int timing(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	static struct histogram h;
	int64_t v[TIMING_FIELDS];
	int r;

	r = call(bus, "GetLoopTiming", &reply, 0, NULL);
	if (r)
		return r;
	h.n = 0;
	r = read_fields(reply, timing_names, v, TIMING_FIELDS, read_histogram,
			&h);
	if (r < 0)
		return omtctl_report(NULL, r, "reading the loop timing");
	if (req->json) {
		putchar('{');
		for (int i = 0; i < TIMING_FIELDS; i++)
			if (i == REALTIME)
				printf("\"%s\":%s,", timing_names[i],
				       v[i] ? "true" : "false");
			else
				printf("\"%s\":%" PRId64 ",", timing_names[i],
				       v[i]);
		printf("\"lateness_histogram\":[");
		for (unsigned int i = 0; i < h.n; i++)
			printf("%s{\"below_ns\":%" PRIu64 ",\"count\":%" PRIu64 "}",
			       i ? "," : "", h.limit[i], h.count[i]);
		printf("]}\n");
		return 0;
	}
	printf("Period:            ");
	print_ns((uint64_t)v[PERIOD]);
	printf("\nCycles:            %" PRId64 "\nOverruns:          %" PRId64
	       "\nLate wake-ups:     %" PRId64 " (periods gone before the thread ran)"
	       "\nLateness p50:      ", v[CYCLES], v[OVERRUNS], v[LATE_WAKEUPS]);
	print_ns((uint64_t)v[P50]);
	printf("\nLateness p99:      ");
	print_ns((uint64_t)v[P99]);
	printf("\nLateness max:      ");
	print_ns((uint64_t)v[MAX]);
	printf("\nReal-time:         %s\n",
	       v[REALTIME] ? "yes (SCHED_FIFO)" :
	       v[RT_ERROR] ? "NO: SCHED_FIFO refused" : "no (not configured)");
	printf("Wake-up lateness histogram (cycles woken later than):\n");
	for (unsigned int i = 0; i < h.n; i++)
		if (h.limit[i] == UINT64_MAX)
			printf("  above the rest %12" PRIu64 "\n", h.count[i]);
		else
			printf("  < %10.3f ms %12" PRIu64 "\n",
			       h.limit[i] / 1e6, h.count[i]);
	return 0;
}

enum { REQUESTS, OK, TIMEOUTS, CRC, EXCEPTIONS, FRAME, OTHER, RTT50, RTT99,
       RTTMAX, LINK_FIELDS };
static const char *const link_names[LINK_FIELDS] = {
	"requests", "ok", "timeouts", "crc_errors", "exceptions",
	"frame_errors", "other_errors", "rtt_p50_us", "rtt_p99_us",
	"rtt_max_us",
};

/* diag link: per drive and I/O module; the same words in text and JSON. */
static int link_stats(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *unit;
	int64_t v[LINK_FIELDS];
	int r, first = 1;

	r = call(bus, "GetLinkStatistics", &reply, 0, NULL);
	if (r)
		return r;
	r = sd_bus_message_enter_container(reply, 'a', "{sa{sv}}");
	if (req->json)
		putchar('{');
	else if (r >= 0 && !req->no_legend)
		printf("%-9s %10s %10s %8s %6s %6s %6s %6s %8s %8s %8s\n",
		       "unit", "requests", "ok", "timeouts", "crc", "except",
		       "frame", "other", "p50/us", "p99/us", "max/us");
	while (r >= 0 &&
	       (r = sd_bus_message_enter_container(reply, 'e', "sa{sv}")) > 0) {
		memset(v, 0, sizeof(v));
		r = sd_bus_message_read(reply, "s", &unit);
		if (r >= 0)
			r = read_fields(reply, link_names, v, LINK_FIELDS, NULL,
					NULL);
		if (r >= 0)
			r = sd_bus_message_exit_container(reply);
		if (r < 0)
			break;
		if (req->json) {
			printf("%s", first ? "" : ",");
			omtctl_json_string(stdout, unit);
			putchar(':');
			for (int i = 0; i < LINK_FIELDS; i++)
				printf("%s\"%s\":%" PRId64, i ? "," : "{",
				       link_names[i], v[i]);
			putchar('}');
		} else {
			printf("%-9s %10" PRId64 " %10" PRId64 " %8" PRId64
			       " %6" PRId64 " %6" PRId64 " %6" PRId64 " %6" PRId64
			       " %8" PRId64 " %8" PRId64 " %8" PRId64 "\n", unit,
			       v[REQUESTS], v[OK], v[TIMEOUTS], v[CRC],
			       v[EXCEPTIONS], v[FRAME], v[OTHER], v[RTT50],
			       v[RTT99], v[RTTMAX]);
		}
		first = 0;
	}
	if (req->json)
		printf("}\n");
	return r < 0 ? omtctl_report(NULL, r, "reading the link statistics") : 0;
}

static int read_registers(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const uint16_t *regs;
	size_t size;
	int r;

	r = call(bus, "ReadRegisters", &reply, 0, "sqq", req->name,
		 req->address, req->count);
	if (r)
		return r;
	r = sd_bus_message_read_array(reply, 'q', (const void **)&regs, &size);
	if (r >= 0) {
		size_t n = size / sizeof(regs[0]);

		if (req->json)
			putchar('[');
		for (size_t i = 0; i < n; i++) {
			if (req->json)
				printf("%s{\"address\":%zu,\"value\":%u}",
				       i ? "," : "", req->address + i, regs[i]);
			else
				printf("0x%04zx  %5u  0x%04x\n",
				       req->address + i, regs[i], regs[i]);
		}
		if (req->json)
			printf("]\n");
	}
	return r < 0 ? omtctl_report(NULL, r, "reading the registers") : 0;
}

static int write_register(sd_bus *bus, const struct omtctl_request *req)
{
	int r = call(bus, "WriteRegister", NULL, 0, "sqq", req->name,
		     req->address, req->value);

	if (r)
		return r;
	if (req->json)
		printf("{\"ok\":true}\n");
	else
		printf("Wrote %u to register 0x%04x of %s.\n", req->value,
		       req->address, req->name);
	return 0;
}

/* diag log: the event and fault log, oldest first, in local time. */
static int event_log(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *kind, *text;
	uint64_t us;
	int r, first = 1;

	r = call(bus, "GetEventLog", &reply, 0, NULL);
	if (r)
		return r;
	r = sd_bus_message_enter_container(reply, 'a', "(tss)");
	if (req->json)
		putchar('[');
	while (r >= 0 &&
	       (r = sd_bus_message_read(reply, "(tss)", &us, &kind, &text)) > 0) {
		time_t t = (time_t)(us / 1000000u);
		struct tm tm;
		char when[40];

		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		if (req->json) {
			printf("%s{\"realtime_us\":%" PRIu64 ",\"kind\":",
			       first ? "" : ",", us);
			omtctl_json_string(stdout, kind);
			printf(",\"text\":");
			omtctl_json_string(stdout, text);
			putchar('}');
		} else {
			printf("%s.%03u  %-14s %s\n", when,
			       (unsigned int)(us / 1000u % 1000u), kind, text);
		}
		first = 0;
	}
	if (req->json)
		printf("]\n");
	return r < 0 ? omtctl_report(NULL, r, "reading the event log") : 0;
}

static int trace_axis(sd_bus_message *reply, FILE *out)
{
	double setpoint, position, current;
	int exchanged, r;

	r = sd_bus_message_read(reply, "bddd", &exchanged, &setpoint,
				&position, &current);
	if (r > 0)
		fprintf(out, ",%d,%.3f,%.3f,%.0f", exchanged ? 1 : 0, setpoint,
			position, current);
	return r;
}

/* diag trace: the daemon answers after the trace's seconds; CSV out. */
static int trace(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	uint64_t t_ns;
	size_t rows = 0;
	FILE *out;
	int r;

	out = fopen(req->out_path, "w");
	if (!out) {
		fprintf(stderr, "omtctl: cannot write %s: %s\n", req->out_path,
			strerror(errno));
		return OMTCTL_EXIT_REFUSED;
	}
	if (!req->json)
		fprintf(stderr, "Tracing for %u s...\n", req->seconds);
	/* The reply comes when the trace is over; allow for a slow bus. */
	r = call(bus, "Trace", &reply,
		 (uint64_t)req->seconds * 1000000u + 30000000u, "u",
		 req->seconds);
	if (r) {
		fclose(out);
		remove(req->out_path);
		return r;
	}
	fprintf(out, "time_s,height_exchanged,height_setpoint_mm,height_position_mm,height_current_ma,"
		"tilt_exchanged,tilt_setpoint_deg,tilt_position_deg,tilt_current_ma\n");
	r = sd_bus_message_enter_container(reply, 'a', "(tbdddbddd)");
	while (r >= 0 &&
	       (r = sd_bus_message_enter_container(reply, 'r', "tbdddbddd")) > 0) {
		r = sd_bus_message_read(reply, "t", &t_ns);
		if (r >= 0)
			fprintf(out, "%.6f", t_ns / 1e9);
		if (r >= 0)
			r = trace_axis(reply, out);
		if (r >= 0)
			r = trace_axis(reply, out);
		if (r >= 0)
			r = sd_bus_message_exit_container(reply);
		fputc('\n', out);
		rows++;
	}
	if (fclose(out) != 0 && r >= 0)
		r = -errno;
	if (r < 0)
		return omtctl_report(NULL, r, "writing the trace");
	if (req->json)
		printf("{\"rows\":%zu,\"file\":", rows);
	else
		printf("Wrote %zu cycles to %s.\n", rows, req->out_path);
	if (req->json) {
		omtctl_json_string(stdout, req->out_path);
		printf("}\n");
	}
	return 0;
}

int omtctl_run_diag(sd_bus *bus, const struct omtctl_request *req)
{
	switch (req->verb) {
	case OMTCTL_DIAG_TIMING:
		return timing(bus, req);
	case OMTCTL_DIAG_LINK:
		return link_stats(bus, req);
	case OMTCTL_DIAG_READ:
		return read_registers(bus, req);
	case OMTCTL_DIAG_WRITE:
		return write_register(bus, req);
	case OMTCTL_DIAG_LOG:
		return event_log(bus, req);
	case OMTCTL_DIAG_TRACE:
		return trace(bus, req);
	case OMTCTL_DIAG_SELFTEST:
		return omtctl_run_selftest(bus, req);
	default:
		return snapshot_views(bus, req);
	}
}
