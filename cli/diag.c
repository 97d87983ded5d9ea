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

#include "client.h"
#include "diag.h"
#include "json.h"
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
		if (req->json)
			putchar('{');
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
		if (r >= 0)
			r = interlock_lines(bus, req, first);
		if (req->json)
			printf("}\n");
	} else {
		const char *name;
		double pos, set, vel, cur;
		uint16_t status, fault;
		int online, first = 1;

		r = sd_bus_message_enter_container(reply, 'a', "(sbddddqq)");
		if (req->json)
			putchar('[');
		else if (r >= 0)
			printf("%-10s %-7s %10s %10s %9s %8s %6s %5s\n", "axis",
			       "online", "position", "setpoint", "velocity",
			       "current", "status", "fault");
		while (r >= 0 &&
		       (r = sd_bus_message_read(reply, "(sbddddqq)", &name,
						&online, &pos, &set, &vel, &cur,
						&status, &fault)) > 0) {
			if (req->json) {
				printf("%s{\"axis\":", first ? "" : ",");
				omtctl_json_string(stdout, name);
				printf(",\"online\":%s,\"position\":%.2f,\"setpoint\":%.2f,\"velocity\":%.2f,\"current_ma\":%.0f,\"status\":%u,\"drive_fault\":%u}",
				       online ? "true" : "false", pos, set, vel,
				       cur, status, fault);
			} else {
				printf("%-10s %-7s %10.2f %10.2f %9.2f %8.0f 0x%04x %5u\n",
				       name, online ? "yes" : "no", pos, set,
				       vel, cur, status, fault);
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

/* diag timing: the period, lateness percentiles and histogram. */
static int timing(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	uint64_t period, cycles, overruns, p50, p99, max, limit, count;
	int32_t rt_error;
	int rt, r, first = 1;

	r = call(bus, "GetLoopTiming", &reply, 0, NULL);
	if (r)
		return r;
	r = sd_bus_message_read(reply, "ttttttbi", &period, &cycles,
				&overruns, &p50, &p99, &max, &rt, &rt_error);
	if (r >= 0 && req->json)
		printf("{\"period_ns\":%" PRIu64 ",\"cycles\":%" PRIu64
		       ",\"overruns\":%" PRIu64 ",\"lateness_p50_ns\":%" PRIu64
		       ",\"lateness_p99_ns\":%" PRIu64
		       ",\"lateness_max_ns\":%" PRIu64
		       ",\"realtime\":%s,\"rt_error\":%d,\"histogram\":[",
		       period, cycles, overruns, p50, p99, max,
		       rt ? "true" : "false", rt_error);
	else if (r >= 0) {
		printf("Period:            ");
		print_ns(period);
		printf("\nCycles:            %" PRIu64 "\nOverruns:          %" PRIu64
		       "\nLateness p50:      ", cycles, overruns);
		print_ns(p50);
		printf("\nLateness p99:      ");
		print_ns(p99);
		printf("\nLateness max:      ");
		print_ns(max);
		printf("\nReal-time:         %s\n",
		       rt ? "yes (SCHED_FIFO)" :
		       rt_error ? "NO: SCHED_FIFO refused" : "no (not configured)");
		printf("Wake-up lateness histogram (cycles woken later than):\n");
	}
	if (r >= 0)
		r = sd_bus_message_enter_container(reply, 'a', "(tt)");
	while (r >= 0 &&
	       (r = sd_bus_message_read(reply, "(tt)", &limit, &count)) > 0) {
		if (req->json)
			printf("%s{\"below_ns\":%" PRIu64 ",\"count\":%" PRIu64 "}",
			       first ? "" : ",", limit, count);
		else if (limit == UINT64_MAX)
			printf("  above the rest %12" PRIu64 "\n", count);
		else
			printf("  < %10.3f ms %12" PRIu64 "\n", limit / 1e6, count);
		first = 0;
	}
	if (req->json)
		printf("]}\n");
	return r < 0 ? omtctl_report(NULL, r, "reading the loop timing") : 0;
}

/* diag link: per drive and I/O module. */
static int link_stats(sd_bus *bus, const struct omtctl_request *req)
{
	__attribute__((cleanup(sd_bus_message_unrefp))) sd_bus_message *reply = NULL;
	const char *unit;
	uint64_t tx, ok, timeouts, crc, exc, frame, other;
	uint32_t p50, p99, max;
	int r, first = 1;

	r = call(bus, "GetLinkStatistics", &reply, 0, NULL);
	if (r)
		return r;
	r = sd_bus_message_enter_container(reply, 'a', "(stttttttuuu)");
	if (req->json)
		putchar('[');
	else if (r >= 0)
		printf("%-9s %10s %10s %8s %6s %6s %6s %6s %8s %8s %8s\n",
		       "unit", "requests", "ok", "timeout", "crc", "except",
		       "frame", "other", "p50 us", "p99 us", "max us");
	while (r >= 0 &&
	       (r = sd_bus_message_read(reply, "(stttttttuuu)", &unit, &tx,
					&ok, &timeouts, &crc, &exc, &frame,
					&other, &p50, &p99, &max)) > 0) {
		if (req->json) {
			printf("%s{\"unit\":", first ? "" : ",");
			omtctl_json_string(stdout, unit);
			printf(",\"transactions\":%" PRIu64 ",\"ok\":%" PRIu64
			       ",\"timeouts\":%" PRIu64 ",\"crc_errors\":%" PRIu64
			       ",\"exceptions\":%" PRIu64
			       ",\"frame_errors\":%" PRIu64 ",\"other\":%" PRIu64
			       ",\"rtt_p50_us\":%u,\"rtt_p99_us\":%u,\"rtt_max_us\":%u}",
			       tx, ok, timeouts, crc, exc, frame, other, p50,
			       p99, max);
		} else {
			printf("%-9s %10" PRIu64 " %10" PRIu64 " %8" PRIu64
			       " %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %6" PRIu64
			       " %8u %8u %8u\n", unit, tx, ok, timeouts, crc,
			       exc, frame, other, p50, p99, max);
		}
		first = 0;
	}
	if (req->json)
		printf("]\n");
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
