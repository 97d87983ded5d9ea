/* SPDX-License-Identifier: MIT */
/*
 * Who may do what on org.omt.Table1, decided from a caller's credentials:
 *
 *	root                 everything
 *	group omt-service    the Table1 methods, Diagnostics, and clearing
 *	                     latched hardware faults
 *	group omt-operator   the Table1 methods
 *	anyone else          reading properties only
 *
 * The bus policy file says the same; the daemon checks again because a
 * policy can be misinstalled and a private bus may have none.
 *
 * The uid and groups are the ones the bus daemon vouches for (it took them
 * from the socket when the caller connected), never /proc: a hardened unit
 * cannot see other users' /proc, and a PID may since belong to someone else.
 */
#ifndef OMT_CREDENTIALS_H
#define OMT_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define OMT_GROUP_OPERATOR "omt-operator"
#define OMT_GROUP_SERVICE "omt-service"

enum omt_permission {
	OMT_PERMIT_READ = 0,            /* properties, introspection */
	OMT_PERMIT_OPERATE,             /* Table1 methods */
	OMT_PERMIT_SERVICE,             /* Diagnostics, hardware fault reset */
};

/* The groups' ids, or OMT_NO_GID when a group does not exist here. */
#define OMT_NO_GID ((gid_t)-1)
struct omt_rights_groups {
	gid_t operator_gid;
	gid_t service_gid;
};

/*
 * The highest permission a caller holds.  A caller's primary group counts
 * like a supplementary one.  Pure: no lookups.
 */
enum omt_permission omt_rights_of(uid_t euid, gid_t egid,
				  const gid_t *supplementary, size_t n,
				  const struct omt_rights_groups *groups);

/*
 * What calling a method needs: one table for every method of both
 * interfaces (credentials.c).  A method not in the table needs
 * OMT_PERMIT_SERVICE, so a new method is closed until it is listed.
 */
enum omt_permission omt_permission_needed(const char *interface,
					  const char *member);

/* Clearing latched hardware faults (part of ClearFaults) needs this. */
#define OMT_PERMIT_CLEAR_HARDWARE_FAULTS OMT_PERMIT_SERVICE

/* Look the two groups up by name (getgrnam). */
void omt_rights_groups_lookup(struct omt_rights_groups *groups);

#endif /* OMT_CREDENTIALS_H */
