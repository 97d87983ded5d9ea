// SPDX-License-Identifier: MIT
/*
 * The preset store survives kill -9 at any moment.  A child process saves
 * generation after generation of presets (each generation's values derived
 * from its number, so a mixture is detectable) through the real store code
 * on a real directory; the parent SIGKILLs it at random moments, at least
 * 200 times, and after every kill the file must load, be one whole
 * generation, and never be older than a generation the child had finished.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_run.h"
#include "presets.h"
#include "presets_store.h"

#define KILLS 240
#define PRESETS_PER_GENERATION 24

/* Shared with the child: the last generation whose save returned. */
static volatile unsigned long *saved_generation;

static void fill(struct omt_preset_set *set, unsigned long generation)
{
	set->count = 0;
	/* The set's size varies too, so truncation at any length shows. */
	for (unsigned long i = 0; i < 1 + (generation % PRESETS_PER_GENERATION);
	     i++) {
		struct omt_preset p = {
			.height = (double)generation + i / 100.0,
			.tilt = (double)(generation % 1000) / 7.0,
		};

		snprintf(p.name, sizeof(p.name), "g%lu_p%lu", i, i);
		ck_assert_int_eq(omt_preset_put(set, &p), 0);
	}
}

/* Whole generation, or -1 when the set mixes generations. */
static long generation_of(const struct omt_preset_set *set)
{
	struct omt_preset_set expect;
	unsigned long g;

	if (set->count == 0)
		return 0;
	g = (unsigned long)set->item[0].height;
	fill(&expect, g);
	if (expect.count != set->count)
		return -1;
	for (unsigned int i = 0; i < set->count; i++)
		if (strcmp(expect.item[i].name, set->item[i].name) != 0 ||
		    expect.item[i].height != set->item[i].height ||
		    expect.item[i].tilt != set->item[i].tilt)
			return -1;
	return (long)g;
}

static void hammer(const char *dir, unsigned long first)
{
	struct omt_preset_set set;

	for (unsigned long g = first;; g++) {
		fill(&set, g);
		if (omt_presets_save(dir, &set) != 0)
			_exit(3);
		*saved_generation = g;
	}
}

static void random_pause(unsigned int *seed)
{
	/* Anywhere from at once to a few saves into the child's run. */
	struct timespec ts = { 0, (long)(rand_r(seed) % 3000) * 1000L };

	nanosleep(&ts, NULL);
}

START_TEST(kill_nine_never_corrupts)
{
	char dir[] = "/tmp/omt-preset-crash.XXXXXX";
	unsigned int seed = (unsigned int)getpid();
	unsigned long next = 1;
	long last_seen = 0;
	char command[128];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	saved_generation = mmap(NULL, sizeof(*saved_generation),
				PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert(saved_generation != MAP_FAILED);
	*saved_generation = 0;

	for (int kill_no = 0; kill_no < KILLS; kill_no++) {
		struct omt_preset_set loaded;
		char error[160] = "";
		unsigned long finished_before;
		int status;
		long g;
		pid_t child = fork();

		ck_assert_int_ge(child, 0);
		if (child == 0)
			hammer(dir, next);
		random_pause(&seed);
		ck_assert_int_eq(kill(child, SIGKILL), 0);
		ck_assert_int_eq(waitpid(child, &status, 0), child);
		ck_assert_msg(WIFSIGNALED(status), "the child stopped by itself");
		finished_before = *saved_generation;

		ck_assert_msg(omt_presets_load(dir, &loaded, error,
					       sizeof(error)) == 0,
			      "kill %d: the file does not load: %s", kill_no,
			      error);
		g = generation_of(&loaded);
		ck_assert_msg(g >= 0, "kill %d: a mixture of generations",
			      kill_no);
		/*
		 * Old or new: the last save that returned (in this child or
		 * an earlier one), or the one in flight when the kill came.
		 */
		ck_assert_msg((unsigned long)g == finished_before ||
			      (unsigned long)g == finished_before + 1,
			      "kill %d: generation %ld, last finished %lu",
			      kill_no, g, finished_before);
		ck_assert_int_ge(g, last_seen);
		last_seen = g;
		next = (unsigned long)g + 1;
		/* The next child starts after what is on disk. */
		*saved_generation = (unsigned long)g;
	}
	/*
	 * The children did real work (how much depends on the disk, so no
	 * more than "some" is asserted).
	 */
	ck_assert_int_gt(last_seen, 0);
	snprintf(command, sizeof(command), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(command), 0);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("preset_crash", "kill9", &tc);

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, kill_nine_never_corrupts);
	return omt_check_run(s);
}
