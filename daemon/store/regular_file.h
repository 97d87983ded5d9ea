/* SPDX-License-Identifier: MIT */
/*
 * Opening a state file that cannot be turned against omtd: never through a
 * symlink (O_NOFOLLOW), never blocking (a FIFO or a device in its place
 * would hang start-up), and only if it is a regular file.
 */
#ifndef OMTD_REGULAR_FILE_H
#define OMTD_REGULAR_FILE_H

#include <sys/types.h>

/*
 * open(path, flags | O_NOFOLLOW | O_CLOEXEC, mode), checked with fstat.
 * Returns the descriptor (blocking again), or -ELOOP for a symlink,
 * -EISDIR for a directory, -EINVAL for any other non-regular file, or
 * another negative errno.
 */
int omt_open_regular(const char *path, int flags, mode_t mode);

#endif /* OMTD_REGULAR_FILE_H */
