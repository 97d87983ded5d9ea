/* SPDX-License-Identifier: MIT */
/*
 * --json=pretty: omtctl writes compact JSON, one document a line; this
 * filter indents it on the way out, a character at a time, so a stream
 * (monitor) is indented as it goes.
 */
#ifndef OMTCTL_JSON_PRETTY_H
#define OMTCTL_JSON_PRETTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct omtctl_json_pretty {
	int depth;
	bool in_string, escaped;
	bool opened;                /* a '{' or '[' waits: empty, or not */
};

/* Indent text (compact JSON) onto out, two spaces a level. */
void omtctl_json_pretty_feed(struct omtctl_json_pretty *state,
			     const char *text, size_t length, FILE *out);

/*
 * Replace stdout with a stream that indents what is written to it.
 * Returns 0 or -errno (stdout then stays as it was).
 */
int omtctl_json_pretty_stdout(void);

#endif /* OMTCTL_JSON_PRETTY_H */
