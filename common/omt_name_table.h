/* SPDX-License-Identifier: MIT */
/*
 * An enum's words as a table indexed by its values (the contract's names
 * of states, faults, inputs, link errors), read both ways: a value past
 * the table or at a gap in it, and a word that is none of them, are
 * handled here once.  Pure: the control core uses it.
 */
#ifndef OMT_NAME_TABLE_H
#define OMT_NAME_TABLE_H

#include <stddef.h>

#define OMT_NAME_TABLE_SIZE(names) (sizeof(names) / sizeof((names)[0]))

/* names[index], or "unknown" past the table's end or at a gap. */
const char *omt_name_at(const char *const *names, size_t count,
			unsigned int index);

/* The index whose word is name, or count when none is (or name is NULL). */
unsigned int omt_name_index(const char *const *names, size_t count,
			    const char *name);

#endif /* OMT_NAME_TABLE_H */
