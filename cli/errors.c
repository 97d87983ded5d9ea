// SPDX-License-Identifier: MIT
/* One table from error name to exit code and sentence. */
#include <string.h>

#include "args.h"
#include "omt_bus_errors.h"
#include "errors.h"

struct error_meaning {
	const char *name;
	int exit_code;
	const char *sentence;
};

static const struct error_meaning meanings[] = {
	{ OMT_ERROR_OUT_OF_RANGE, OMTCTL_EXIT_REFUSED,
	  "Refused: the value is outside the permitted range." },
	{ OMT_ERROR_LOCKED, OMTCTL_EXIT_REFUSED,
	  "Refused: the table is locked. Run 'omtctl unlock' first." },
	{ OMT_ERROR_FAULTED, OMTCTL_EXIT_REFUSED,
	  "Refused: the table has an active fault. See 'omtctl faults'." },
	{ OMT_ERROR_INTERLOCK, OMTCTL_EXIT_REFUSED,
	  "Refused by a safety interlock (emergency stop, an armed drop section, or a fault whose cause persists)." },
	{ OMT_ERROR_NOT_FOUND, OMTCTL_EXIT_REFUSED,
	  "Not found." },
	{ OMT_ERROR_BUSY, OMTCTL_EXIT_REFUSED,
	  "The table cannot do this right now; try again shortly." },
	{ OMT_ERROR_STORAGE, OMTCTL_EXIT_REFUSED,
	  "The daemon could not write its state; nothing changed." },
	{ OMT_ERROR_INVALID_ARGS, OMTCTL_EXIT_REFUSED,
	  "Refused: invalid arguments." },
	{ OMT_ERROR_ACCESS_DENIED, OMTCTL_EXIT_DENIED,
	  "Not authorized: you need to be in group omt-operator (omt-service for diagnostics)." },
	{ "org.freedesktop.DBus.Error.ServiceUnknown", OMTCTL_EXIT_UNREACHABLE,
	  "The table daemon (omtd) is not running." },
	{ "org.freedesktop.DBus.Error.NameHasNoOwner", OMTCTL_EXIT_UNREACHABLE,
	  "The table daemon (omtd) is not running." },
	{ "org.freedesktop.DBus.Error.NoReply", OMTCTL_EXIT_UNREACHABLE,
	  "The table daemon (omtd) did not answer." },
	{ "org.freedesktop.DBus.Error.Timeout", OMTCTL_EXIT_UNREACHABLE,
	  "The table daemon (omtd) did not answer in time." },
	{ "org.freedesktop.DBus.Error.NoServer", OMTCTL_EXIT_UNREACHABLE,
	  "The table daemon (omtd) is shutting down." },
	{ "org.freedesktop.DBus.Error.Disconnected", OMTCTL_EXIT_UNREACHABLE,
	  "The connection to the system bus was lost." },
	{ "org.freedesktop.DBus.Error.UnknownMethod", OMTCTL_EXIT_REFUSED,
	  "The daemon does not offer this command (an older version?)." },
};

static const struct error_meaning *lookup(const char *name)
{
	for (size_t i = 0; name && i < sizeof(meanings) / sizeof(meanings[0]);
	     i++)
		if (strcmp(meanings[i].name, name) == 0)
			return &meanings[i];
	return NULL;
}

int omtctl_exit_for_error(const char *name)
{
	const struct error_meaning *m = lookup(name);

	return m ? m->exit_code : OMTCTL_EXIT_REFUSED;
}

const char *omtctl_error_sentence(const char *name)
{
	const struct error_meaning *m = lookup(name);

	return m ? m->sentence : "The command failed.";
}
