// SPDX-License-Identifier: MIT
/*
 * Replays a fuzz target's corpus without libFuzzer: each file named on
 * the command line (or each file in each directory named) is one input to
 * LLVMFuzzerTestOneInput.  Built with the project's own compiler, so
 * `make check` replays every corpus in the plain and the sanitizer build.
 * Prints one "ok - ..." line per corpus directory.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: cannot open\n", path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

static int run_dir(const char *dir, unsigned int *count)
{
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return run_file(dir) == 0 ? (*count)++, 0 : -1;
	while ((e = readdir(d))) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_file(path) != 0) {
			closedir(d);
			return -1;
		}
		(*count)++;
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		unsigned int count = 0;

		if (run_dir(argv[i], &count) != 0 || count == 0) {
			printf("not ok - %s: no input replayed\n", argv[i]);
			return 1;
		}
		printf("ok - %s: %u inputs replayed\n", argv[i], count);
	}
	return 0;
}
