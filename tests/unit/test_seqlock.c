// SPDX-License-Identifier: MIT
/* The snapshot seqlock: readers get whole records, never torn ones. */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "seqlock.h"

/* An odd size, so the last storage word is only partly used. */
struct record {
	uint64_t generation;
	uint32_t copies[37];
	char tail[3];
};

static void fill(struct record *r, uint64_t generation)
{
	memset(r, 0, sizeof(*r));
	r->generation = generation;
	for (size_t i = 0; i < 37; i++)
		r->copies[i] = (uint32_t)(generation * 31 + i);
	for (size_t i = 0; i < 3; i++)
		r->tail[i] = (char)(generation + i);
}

static bool consistent(const struct record *r)
{
	for (size_t i = 0; i < 37; i++)
		if (r->copies[i] != (uint32_t)(r->generation * 31 + i))
			return false;
	for (size_t i = 0; i < 3; i++)
		if (r->tail[i] != (char)(r->generation + i))
			return false;
	return true;
}

START_TEST(init_rejects_missing_storage_and_zero_size)
{
	struct seqlock lock;
	seqlock_word words[4];

	ck_assert_int_eq(seqlock_init(&lock, NULL, 8), -EINVAL);
	ck_assert_int_eq(seqlock_init(&lock, words, 0), -EINVAL);
	ck_assert_uint_eq(SEQLOCK_WORDS_FOR(1), 1);
	ck_assert_uint_eq(SEQLOCK_WORDS_FOR(8), 1);
	ck_assert_uint_eq(SEQLOCK_WORDS_FOR(9), 2);
}
END_TEST

START_TEST(reads_zero_before_first_write_then_latest)
{
	struct seqlock lock;
	seqlock_word words[SEQLOCK_WORDS_FOR(sizeof(struct record))];
	struct record in, out;

	memset(&out, 0xa5, sizeof(out));
	ck_assert_int_eq(seqlock_init(&lock, words, sizeof(in)), 0);
	seqlock_read(&lock, &out);
	ck_assert_uint_eq(out.generation, 0);
	ck_assert_uint_eq(out.copies[36], 0);
	ck_assert_uint_eq(seqlock_writes(&lock), 0);

	for (uint64_t g = 1; g <= 3; g++) {
		fill(&in, g);
		seqlock_write(&lock, &in);
	}
	seqlock_read(&lock, &out);
	ck_assert_mem_eq(&in, &out, sizeof(in));
	ck_assert_uint_eq(seqlock_writes(&lock), 3);
}
END_TEST

START_TEST(read_during_write_is_refused)
{
	struct seqlock lock;
	seqlock_word words[SEQLOCK_WORDS_FOR(sizeof(struct record))];
	struct record in, out;

	ck_assert_int_eq(seqlock_init(&lock, words, sizeof(in)), 0);
	fill(&in, 5);
	seqlock_write(&lock, &in);

	seqlock_write_begin(&lock);
	fill(&in, 6);
	seqlock_store(&lock, &in);
	ck_assert(!seqlock_try_read(&lock, &out));
	seqlock_write_end(&lock);

	ck_assert(seqlock_try_read(&lock, &out));
	ck_assert_uint_eq(out.generation, 6);
	ck_assert(consistent(&out));
}
END_TEST

#define WRITES 100000u

struct shared {
	struct seqlock lock;
	seqlock_word words[SEQLOCK_WORDS_FOR(sizeof(struct record))];
	atomic_bool done;
};

static void *writer(void *arg)
{
	struct shared *s = arg;
	struct record r;

	for (uint64_t g = 1; g <= WRITES; g++) {
		fill(&r, g);
		seqlock_write(&s->lock, &r);
	}
	atomic_store(&s->done, true);
	return NULL;
}

START_TEST(concurrent_reader_never_sees_a_torn_record)
{
	static struct shared s;
	pthread_t thread;
	struct record r;
	uint64_t last = 0, reads = 0;

	ck_assert_int_eq(seqlock_init(&s.lock, s.words, sizeof(r)), 0);
	fill(&r, 0);
	seqlock_write(&s.lock, &r);
	atomic_init(&s.done, false);
	ck_assert_int_eq(pthread_create(&thread, NULL, writer, &s), 0);
	while (!atomic_load(&s.done)) {
		seqlock_read(&s.lock, &r);
		if (!consistent(&r))
			ck_abort_msg("torn record at generation %llu",
				     (unsigned long long)r.generation);
		if (r.generation < last)
			ck_abort_msg("went back from %llu to %llu",
				     (unsigned long long)last,
				     (unsigned long long)r.generation);
		last = r.generation;
		reads++;
	}
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	seqlock_read(&s.lock, &r);
	ck_assert_uint_eq(r.generation, WRITES);
	ck_assert(consistent(&r));
	ck_assert_uint_gt(reads, 0);
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("seqlock", "seqlock", &tc);

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, init_rejects_missing_storage_and_zero_size);
	tcase_add_test(tc, reads_zero_before_first_write_then_latest);
	tcase_add_test(tc, read_during_write_is_refused);
	tcase_add_test(tc, concurrent_reader_never_sees_a_torn_record);
	return omt_check_run(s);
}
