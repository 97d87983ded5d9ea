/* SPDX-License-Identifier: MIT */
/* Failing with a code and a sentence for a person, in one call. */
#ifndef OMT_FAIL_H
#define OMT_FAIL_H

#include <stddef.h>

/*
 * Format the sentence into the caller's buffer (skipped when it is NULL
 * or empty) and return code: "return omt_fail(-EINVAL, err, len, ...)".
 */
int omt_fail(int code, char *buf, size_t size, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* OMT_FAIL_H */
