// SPDX-License-Identifier: MIT
/*
 * omtctl: drive the osteopathic table from a shell.  The words are parsed
 * completely before the bus is touched, so a typo never sends anything.
 */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "client.h"
#include "commands.h"
#include "json_pretty.h"
#include "move.h"

int main(int argc, char *argv[])
{
	struct omtctl_request request;
	char error[200];
	sd_bus *bus = NULL;
	int code;

	code = omtctl_parse(argc, argv, &request, error, sizeof(error));
	if (code) {
		/* One line: what was wrong, and where the usage is. */
		fprintf(stderr, "omtctl: %s; see 'omtctl --help'\n", error);
		return code;
	}
	if (request.verb == OMTCTL_HELP) {
		omtctl_print_usage(stdout);
		return 0;
	}
	/* Indented JSON if it can be had; the compact form is JSON too. */
	if (request.json_style == OMTCTL_JSON_PRETTY)
		omtctl_json_pretty_stdout();
	code = omtctl_connect(&bus);
	if (code) {
		/* --version still tells its own version without a bus. */
		if (request.verb == OMTCTL_VERSION)
			code = omtctl_run_command(NULL, &request);
		fclose(stdout);
		return code;
	}
	switch (request.verb) {
	case OMTCTL_MOVE:
	case OMTCTL_PRESET_RECALL:
		code = omtctl_run_motion(bus, &request);
		break;
	case OMTCTL_MONITOR:
		code = omtctl_run_monitor(bus, &request);
		break;
	default:
		code = omtctl_run_command(bus, &request);
		break;
	}
	sd_bus_flush_close_unref(bus);
	/* Closing stdout flushes it; a failed write (a full disk, a closed
	 * pipe) is a failure to report, not a success. */
	if (fclose(stdout) == EOF && code == 0) {
		fprintf(stderr, "omtctl: cannot write the output\n");
		code = OMTCTL_EXIT_REFUSED;
	}
	return code;
}
