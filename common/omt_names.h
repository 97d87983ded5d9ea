/* SPDX-License-Identifier: MIT */
/*
 * The rule for names people give things (presets, their owners), shared
 * by omtd and omtctl so that omtctl refuses a bad name before sending it.
 */
#ifndef OMT_NAMES_H
#define OMT_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* A name is at most this many characters, each 1 to 4 UTF-8 bytes. */
#define OMT_NAME_MAX_CHARS 32
#define OMT_NAME_MAX_BYTES (OMT_NAME_MAX_CHARS * 4)

/*
 * 1..32 characters of well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF), none of them a control character, a space
 * of any kind, '/' or '\\' (names may end up in file names and shell
 * words), and not "." or "..".
 */
bool omt_name_valid(const char *name);

/*
 * Whether two names are the same: equal after simple case folding of the
 * Latin (ASCII, Latin-1, Latin Extended-A), Greek and Cyrillic letters,
 * so "Prone" and "prone", or "Ärztin" and "ärztin", are one name.
 */
bool omt_names_equal(const char *a, const char *b);

/*
 * A piece of untrusted text fit to quote in a message: at most size - 1
 * bytes, never cutting a UTF-8 character in two, with every byte of
 * malformed UTF-8 and every control character shown as '?', and "..."
 * when it had to be shortened.  (D-Bus refuses to carry a message that
 * is not valid UTF-8: the reply would be lost, not just garbled.)
 */
void omt_text_excerpt(const char *text, char *out, size_t size);

#endif /* OMT_NAMES_H */
