/* SPDX-License-Identifier: MIT */
/*
 * The preset file on disk, replaced atomically: a reader (or a daemon
 * restarted after kill -9 or a power cut) sees the old file or the new one,
 * never a mixture or a truncation.
 */
#ifndef OMT_PRESETS_STORE_H
#define OMT_PRESETS_STORE_H

#include "presets.h"

#define OMT_PRESETS_FILE_NAME "presets"

/*
 * Read state_dir/presets.  A missing file is an empty set (0).  Returns
 * -EBADMSG with a reason in error for a damaged file; -ELOOP, -EISDIR or
 * -EINVAL, with the reason in error, for a symlink or anything else that
 * is not a regular file (refused without blocking: a FIFO does not hang
 * start-up); or another negative errno when the file cannot be read.  out
 * is untouched on error.
 */
int omt_presets_load(const char *state_dir, struct omt_preset_set *out,
		     char *error, size_t error_size);

/*
 * Write the set to a temporary file in state_dir, fsync it, rename it over
 * state_dir/presets and fsync the directory, so the rename itself is
 * durable.  Returns 0 or a negative errno; on error the old file stays.
 */
int omt_presets_save(const char *state_dir, const struct omt_preset_set *set);

/*
 * Move a damaged file aside to presets.damaged (replacing an older one) so
 * the next save does not destroy the evidence.  Returns 0 or -errno.
 */
int omt_presets_set_aside(const char *state_dir);

#endif /* OMT_PRESETS_STORE_H */
