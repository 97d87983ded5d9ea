// SPDX-License-Identifier: MIT
/*
 * Replays a fuzz harness's corpus without libFuzzer, so make check runs
 * every kept input through the harness (with the sanitizers in their
 * pass).  Linked with one fuzz/<name>.c each: $(O)/fuzz/replay_<name>.
 *
 *   replay_<name> DIR|FILE...     one "ok - PATH" line per input
 *
 * The empty input runs first.  A harness that finds a problem aborts, and
 * the test fails.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f) {
		printf("not ok - %s: cannot open\n", path);
		return 1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		printf("not ok - %s: cannot read\n", path);
		return 1;
	}
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		fclose(f);
		printf("not ok - %s: cannot read\n", path);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	printf("ok - %s\n", path);
	fflush(stdout);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int replay(const char *path)
{
	struct dirent **names;
	struct stat st;
	int n, failed = 0;

	if (stat(path, &st) != 0) {
		printf("not ok - %s: no such file or directory\n", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	n = scandir(path, &names, NULL, by_name);
	if (n < 0) {
		printf("not ok - %s: cannot list\n", path);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char file[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
			failed |= replay_file(file);
		}
		free(names[i]);
	}
	free(names);
	return failed;
}

int main(int argc, char **argv)
{
	int failed = 0;

	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	printf("ok - empty input\n");
	for (int i = 1; i < argc; i++)
		failed |= replay(argv[i]);
	return failed;
}
