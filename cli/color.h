/* SPDX-License-Identifier: MIT */
/*
 * Colour for states and faults, as systemd's tools do it: only on a
 * terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb.
 */
#ifndef OMTCTL_COLOR_H
#define OMTCTL_COLOR_H

#include <stdbool.h>
#include <stdio.h>

/* The rule itself, pure: a terminal, NO_COLOR unset or empty, TERM not dumb. */
bool omtctl_color_wanted(bool terminal, const char *no_color,
			 const char *term);

/* The rule for an output stream and this process's environment. */
bool omtctl_color(FILE *out);

/* The escape that starts a state's colour ("" for none), and the reset. */
const char *omtctl_state_color(const char *state);
#define OMTCTL_COLOR_FAULT "\033[1;31m"
#define OMTCTL_COLOR_RESET "\033[0m"

#endif /* OMTCTL_COLOR_H */
