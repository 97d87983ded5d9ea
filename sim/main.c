// SPDX-License-Identifier: MIT
/*
 * omt-sim: the table's drives and I/O module on a simulated Modbus bus,
 * over TCP and over RTU on a pseudo-terminal.  See docs/simulator.md.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static void usage(FILE *out)
{
	fputs(
"Usage: omt-sim [--tcp HOST:PORT] [--rtu-pty [LINKPATH]] [--baud N]\n"
"               [--control PATH] [--ready-fd N] [--drive-class SLAVE=CLASS]...\n"
"\n"
"Simulates the table's Modbus slaves, register profile omt-generic-1:\n"
"  1 height (linear, 450.00..950.00 mm)   2 tilt (rotary, -10.00..25.00 deg)\n"
"  3..6 drop sections cervical, thoracic, lumbar, pelvic (0..15.00 mm,\n"
"       TENSION register 0x0030, level 1..10)\n"
"  every drive: SERIAL_NUMBER 0x0040 and FIRMWARE_VERSION 0x0048, 16 ASCII\n"
"       characters each (OMTSIM-000N after the slave address, 1.0.0-sim)\n"
"  10 I/O module (pedals, drop-fired sensors, e-stop copies: discrete\n"
"       inputs, function 2, and the same bits in holding register 0)\n"
"Functions 3, 6, 16 and 23 (and 2 on the I/O module).  Requests for other\n"
"slaves get no reply, as on a real bus.\n"
"\n"
"Options:\n"
"  --tcp HOST:PORT      serve Modbus TCP (PORT 0: pick a free port)\n"
"  --rtu-pty [LINK]     serve Modbus RTU on a new pseudo-terminal; with LINK,\n"
"                       also make LINK a symlink to its device\n"
"  --baud N             pace RTU replies as an RS-485 line at N baud would:\n"
"                       11-bit characters, the request's and the reply's wire\n"
"                       time and the 3.5-character gaps (0, the default:\n"
"                       reply at once)\n"
"  --control PATH       control socket (Unix stream, one command per line)\n"
"  --ready-fd N         when serving, write the READY line to fd N and close it\n"
"  --drive-class SLAVE=CLASS\n"
"                       make a drive (height..pelvic or 1..6) another kind:\n"
"                       generic (omt-generic-1, the default), linak (a\n"
"                       LINAK-class target-position actuator, registers\n"
"                       0x2001..), cia402 or cia402:MAP (a CiA 402 drive in\n"
"                       profile position mode; MAP index or kinco)\n"
"  -h, --help           this text\n"
"\n"
"When everything is open it prints one line on stdout, e.g.\n"
"  READY tcp=127.0.0.1:40123 rtu=/dev/pts/4 control=/tmp/sim.ctl\n"
"\n"
"Control commands (each answers 'ok ...' or 'error REASON'):\n"
"  get SLAVE                position, setpoint, velocity, current, status ...\n"
"  fault SLAVE no-reply     act on requests, lose the replies\n"
"  fault SLAVE absent       ignore requests, as if unplugged\n"
"  fault SLAVE crc          RTU replies carry a wrong CRC\n"
"  fault SLAVE exception N  answer every request with exception N (1..11)\n"
"  fault DRIVE stall        the mechanism blocks: no motion, current climbs\n"
"  fault DRIVE obstruction  the drive senses an obstacle: STATUS bit 8, it\n"
"                           stops as on quick-stop and stays until cleared\n"
"  fault DRIVE overcurrent  current beyond the limit, FAULT_CODE 1\n"
"  fault DRIVE error CODE  a linak drive stops with ERROR CODE (2..255); a\n"
"                           cia402 drive's fault reaction with error code\n"
"                           CODE (603Fh)\n"
"  fault DRIVE jump DELTA   position jumps by DELTA mm or degrees\n"
"  fault SLAVE clear        end the injected faults (latched drive faults\n"
"                           stay until the master's fault-reset)\n"
"  identity DRIVE [serial|firmware TEXT | serial-hex|firmware-hex HEX |\n"
"                 none | silent | on]  the SERIAL_NUMBER (0x0040) and\n"
"                           FIRMWARE_VERSION (0x0048) registers: show, set,\n"
"                           remove (exception 2, or no reply), restore\n"
"  thrust SECTION NEWTONS   push on a drop section; fires if cocked and the\n"
"                           force reaches 50 N per tension level\n"
"  load DRIVE KG            mass carried by an axis (patient on the table)\n"
"  input NAME 0|1           pedal-height-up, pedal-height-down, pedal-tilt-up,\n"
"                           pedal-tilt-down, pedal-enable-a, pedal-enable-b,\n"
"                           pedal-arm-drops, pedal-preset, estop-a, estop-b\n"
"  stats                    requests per slave, exceptions, dropped frames\n"
"  power-cycle DRIVE       a linak or cia402 drive loses its supply and\n"
"                           powers up again (see docs/simulator.md)\n"
"  history DRIVE N          the last N CONTROL/SETPOINT writes received:\n"
"                           'ok K' then K lines 't_ns setpoint control'\n"
"  watch DRIVE              stream those lines as writes arrive\n"
"  ping                     'ok pong'\n"
"SLAVE: height, tilt, cervical, thoracic, lumbar, pelvic, io.\n"
"Stop with SIGINT or SIGTERM; the control socket and LINK are removed.\n",
	out);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_tcp(char *arg, struct sim_config *cfg)
{
	char *colon = arg ? strrchr(arg, ':') : NULL;
	unsigned long port;

	if (!colon || colon == arg || parse_uint(colon + 1, 65535, &port) < 0)
		return -1;
	*colon = '\0';
	/* Accept [::1]:PORT as well as HOST:PORT. */
	if (arg[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		arg++;
	}
	cfg->tcp_host = arg;
	cfg->tcp_port = (unsigned int)port;
	return 0;
}

static int bad_arg(const char *opt, const char *why)
{
	fprintf(stderr, "omt-sim: %s: %s (see --help)\n", opt, why);
	return 2;
}

static int parse_class(const char *val, struct sim_config *cfg)
{
	struct sim_class_choice c;
	const char *why = "";

	if (sim_drive_class_parse(val, &c, &why) < 0) {
		bad_arg("--drive-class", why);
		return -1;
	}
	for (int k = 0; k < cfg->n_classes; k++) {
		if (cfg->classes[k].index == c.index) {
			bad_arg("--drive-class", "names a drive twice");
			return -1;
		}
	}
	cfg->classes[cfg->n_classes++] = c;
	return 0;
}

int main(int argc, char **argv)
{
	struct sim_config cfg = { .ready_fd = -1 };
	unsigned long v;
	int i;

	for (i = 1; i < argc; i++) {
		const char *opt = argv[i];
		char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(opt, "--tcp")) {
			if (parse_tcp(val, &cfg) < 0)
				return bad_arg(opt, "expects HOST:PORT");
			i++;
		} else if (!strcmp(opt, "--rtu-pty")) {
			cfg.rtu = true;
			if (val && val[0] != '-') {
				cfg.rtu_link = val;
				i++;
			}
		} else if (!strcmp(opt, "--baud")) {
			if (parse_uint(val, 4000000, &v) < 0 || (v && v < 300))
				return bad_arg(opt, "expects 0 or 300..4000000");
			cfg.baud = (unsigned int)v;
			i++;
		} else if (!strcmp(opt, "--control")) {
			if (!val || !*val)
				return bad_arg(opt, "expects a path");
			cfg.control_path = val;
			i++;
		} else if (!strcmp(opt, "--ready-fd")) {
			if (parse_uint(val, INT_MAX, &v) < 0 || v < 3)
				return bad_arg(opt, "expects a descriptor number >= 3");
			cfg.ready_fd = (int)v;
			i++;
		} else if (!strcmp(opt, "--drive-class")) {
			if (parse_class(val, &cfg) < 0)
				return 2;
			i++;
		} else {
			fprintf(stderr, "omt-sim: unknown argument '%s' (see --help)\n",
				opt);
			return 2;
		}
	}
	if (!cfg.tcp_host && !cfg.rtu)
		return bad_arg("omt-sim", "give --tcp, --rtu-pty or both");
	if (cfg.baud && !cfg.rtu)
		return bad_arg("--baud", "paces RTU only; add --rtu-pty");
	return sim_server_run(&cfg);
}
