/* SPDX-License-Identifier: MIT */
/*
 * omtctl's command line, parsed into one request before anything is sent
 * to the daemon: a bad word is a usage error (exit 2) and nothing happens.
 */
#ifndef OMTCTL_ARGS_H
#define OMTCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum omtctl_verb {
	OMTCTL_HELP = 0,
	OMTCTL_VERSION,
	OMTCTL_STATUS,
	OMTCTL_MOVE,
	OMTCTL_STOP,
	OMTCTL_ESTOP,
	OMTCTL_LOCK,
	OMTCTL_UNLOCK,
	OMTCTL_PRESET_LIST,
	OMTCTL_PRESET_SAVE,
	OMTCTL_PRESET_RECALL,
	OMTCTL_PRESET_DELETE,
	OMTCTL_PRESET_SHOW,
	OMTCTL_PRESET_RENAME,
	OMTCTL_DROP_ARM,
	OMTCTL_DROP_DISARM,
	OMTCTL_DROP_TENSION,
	OMTCTL_FAULTS,
	OMTCTL_FAULTS_CLEAR,
	OMTCTL_DIAG_LOOP,
	OMTCTL_DIAG_INPUTS,
	OMTCTL_DIAG_AXES,
	OMTCTL_DIAG_TIMING,
	OMTCTL_DIAG_LINK,
	OMTCTL_DIAG_READ,
	OMTCTL_DIAG_WRITE,
	OMTCTL_DIAG_LOG,
	OMTCTL_DIAG_TRACE,
	OMTCTL_DIAG_SELFTEST,
	OMTCTL_DIAG_REPORT,
	OMTCTL_MONITOR,
};

#define OMTCTL_HAS_HEIGHT 1u
#define OMTCTL_HAS_TILT 2u
/* Preset names: UTF-8, up to 32 characters of up to 4 bytes. */
#define OMTCTL_NAME_MAX 128

enum omtctl_json {
	OMTCTL_JSON_OFF = 0,
	OMTCTL_JSON_SHORT,          /* one line per document */
	OMTCTL_JSON_PRETTY,         /* indented */
};

struct omtctl_request {
	enum omtctl_verb verb;
	bool json;                  /* --json, in either form */
	enum omtctl_json json_style;
	bool quiet;                 /* no progress bar even on a terminal */
	bool silent;                /* move: no closing line (the self-test's) */
	bool no_legend;             /* tables without their header line */
	bool force;                 /* preset save: replace a namesake */
	unsigned int targets;       /* OMTCTL_HAS_* */
	double height, tilt;
	char name[OMTCTL_NAME_MAX + 1];   /* preset name or drop section */
	char new_name[OMTCTL_NAME_MAX + 1];   /* preset rename */
	char owner[OMTCTL_NAME_MAX + 1];  /* preset save --for */
	uint32_t level;
	/* diag read|write: name is the unit (a drive or "io"). */
	uint16_t address;
	uint16_t count;             /* read: 1..OMTCTL_READ_MAX */
	uint16_t value;             /* write */
	/* diag trace --seconds N --out FILE */
	uint32_t seconds;
	const char *out_path;       /* points into argv */
	bool no_pedals;             /* diag selftest --no-pedals */
	bool no_motion;             /* self-test inside a report: nothing moves */
};

#define OMTCTL_READ_MAX 16
#define OMTCTL_TRACE_SECONDS_MAX 600

/*
 * Exit codes (the contract's), X(NAME, "meaning"), in the order of their
 * values from 0 (a code is its place in the list): the enum and the list
 * in the usage text are generated from this one list.
 */
#define OMTCTL_EXIT_LIST(X)                                     \
	X(OK, "done")                                           \
	X(REFUSED, "refused or failed")                         \
	X(USAGE, "usage")                                       \
	X(DENIED, "not authorized")                             \
	X(UNREACHABLE, "daemon unreachable")                    \
	X(NOT_REACHED, "motion ended short of its target")

#define OMTCTL_EXIT_CODE(name, meaning) OMTCTL_EXIT_##name,
enum omtctl_exit {
	OMTCTL_EXIT_LIST(OMTCTL_EXIT_CODE)
	OMTCTL_EXIT_CODES,
};
#undef OMTCTL_EXIT_CODE

/*
 * Parse argv (argv[0] is the program's name; getopt_long may reorder the
 * rest).  Returns 0, or OMTCTL_EXIT_USAGE with a one-line reason in error.
 */
int omtctl_parse(int argc, char *const argv[], struct omtctl_request *out,
		 char *error, size_t error_size);

/* The usage text and the exit codes, for --help. */
void omtctl_print_usage(FILE *out);

#endif /* OMTCTL_ARGS_H */
