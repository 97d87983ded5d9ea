// SPDX-License-Identifier: MIT
/* When and how omtctl colours its output. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "color.h"

bool omtctl_color_wanted(bool terminal, const char *no_color,
			 const char *term)
{
	if (!terminal)
		return false;
	if (no_color && no_color[0])
		return false;
	return !(term && strcmp(term, "dumb") == 0);
}

bool omtctl_color(FILE *out)
{
	return omtctl_color_wanted(isatty(fileno(out)) == 1,
				   getenv("NO_COLOR"), getenv("TERM"));
}

const char *omtctl_state_color(const char *state)
{
	if (strcmp(state, "fault") == 0 || strcmp(state, "estop") == 0)
		return OMTCTL_COLOR_FAULT;
	if (strcmp(state, "moving") == 0 || strcmp(state, "stopping") == 0)
		return "\033[1;33m";    /* yellow: the table is in motion */
	if (strcmp(state, "idle") == 0)
		return "\033[32m";
	return "";                      /* locked: plain */
}
