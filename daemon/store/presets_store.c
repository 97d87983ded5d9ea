// SPDX-License-Identifier: MIT
/* Atomic replacement of the preset file: temp file, fsync, rename, fsync. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "presets_store.h"
#include "regular_file.h"

static int write_all(int fd, const char *data, size_t length)
{
	while (length > 0) {
		ssize_t n = write(fd, data, length);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		length -= (size_t)n;
	}
	return 0;
}

int omt_presets_load(const char *state_dir, struct omt_preset_set *out,
		     char *error, size_t error_size)
{
	char path[4096];
	/* One byte more than a valid file can hold detects oversized ones. */
	static char text[OMT_PRESETS_FILE_MAX + 1];
	size_t length = 0;
	int fd, r = 0;

	if (snprintf(path, sizeof(path), "%s/%s", state_dir,
		     OMT_PRESETS_FILE_NAME) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = omt_open_regular(path, O_RDONLY, 0);
	if (fd == -ENOENT) {
		out->count = 0;
		return 0;
	}
	if (fd == -EINVAL || fd == -EISDIR || fd == -ELOOP) {
		snprintf(error, error_size, "%s is not a regular file", path);
		return fd;
	}
	if (fd < 0)
		return fd;
	while (length < sizeof(text)) {
		ssize_t n = read(fd, text + length, sizeof(text) - length);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		length += (size_t)n;
	}
	close(fd);
	if (r < 0)
		return r;
	if (length == sizeof(text)) {
		snprintf(error, error_size, "the file is larger than %d bytes",
			 OMT_PRESETS_FILE_MAX);
		return -EBADMSG;
	}
	return omt_presets_parse(text, length, out, error, error_size);
}

int omt_presets_save(const char *state_dir, const struct omt_preset_set *set)
{
	char text[OMT_PRESETS_FILE_MAX];
	char temp[4096], final[4096];
	int length, fd, dir_fd, r;

	length = omt_presets_serialize(set, text, sizeof(text));
	if (length < 0)
		return length;
	if (snprintf(temp, sizeof(temp), "%s/.%s.XXXXXX", state_dir,
		     OMT_PRESETS_FILE_NAME) >= (int)sizeof(temp) ||
	    snprintf(final, sizeof(final), "%s/%s", state_dir,
		     OMT_PRESETS_FILE_NAME) >= (int)sizeof(final))
		return -ENAMETOOLONG;

	dir_fd = open(state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0)
		return -errno;
	fd = mkostemp(temp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		close(dir_fd);
		return r;
	}
	/* mkostemp creates 0600; presets are not secret, readers may look. */
	r = fchmod(fd, 0644) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, text, (size_t)length);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(temp, final) < 0)
		r = -errno;
	if (r < 0) {
		unlink(temp);
		close(dir_fd);
		return r;
	}
	/* Without this the rename may be lost on power failure. */
	if (fsync(dir_fd) < 0)
		r = -errno;
	close(dir_fd);
	return r;
}

int omt_presets_set_aside(const char *state_dir)
{
	char from[4096], to[4096];

	if (snprintf(from, sizeof(from), "%s/%s", state_dir,
		     OMT_PRESETS_FILE_NAME) >= (int)sizeof(from) ||
	    snprintf(to, sizeof(to), "%s/%s.damaged", state_dir,
		     OMT_PRESETS_FILE_NAME) >= (int)sizeof(to))
		return -ENAMETOOLONG;
	return rename(from, to) < 0 ? -errno : 0;
}
