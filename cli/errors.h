/* SPDX-License-Identifier: MIT */
/* D-Bus errors as omtctl's exit codes and plain sentences. */
#ifndef OMTCTL_ERRORS_H
#define OMTCTL_ERRORS_H

/* The exit code for a failed call with this D-Bus error name. */
int omtctl_exit_for_error(const char *name);

/*
 * A sentence for a person: what went wrong and, where useful, what to do.
 * Never NULL; unknown names get a generic sentence.
 */
const char *omtctl_error_sentence(const char *name);

#endif /* OMTCTL_ERRORS_H */
