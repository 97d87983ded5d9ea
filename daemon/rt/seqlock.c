// SPDX-License-Identifier: MIT
/*
 * Sequence lock (see seqlock.h).  The fences follow the C11 pattern for
 * seqlocks: the writer's release fence after making the sequence odd keeps
 * the data stores after it; the reader's acquire fence after the data loads
 * keeps them before its second look at the sequence.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "seqlock.h"

int seqlock_init(struct seqlock *lock, seqlock_word *storage,
		 size_t record_size)
{
	if (!lock || !storage || record_size == 0)
		return -EINVAL;
	lock->record_size = record_size;
	lock->n_words = SEQLOCK_WORDS_FOR(record_size);
	lock->words = storage;
	for (size_t i = 0; i < lock->n_words; i++)
		atomic_init(&lock->words[i], 0);
	atomic_init(&lock->sequence, 0);
	return 0;
}

void seqlock_write_begin(struct seqlock *lock)
{
	uint_fast64_t seq = atomic_load_explicit(&lock->sequence,
						 memory_order_relaxed);

	atomic_store_explicit(&lock->sequence, seq + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
}

void seqlock_store(struct seqlock *lock, const void *record)
{
	const unsigned char *bytes = record;
	size_t left = lock->record_size;

	for (size_t i = 0; i < lock->n_words; i++) {
		uint64_t word = 0;
		size_t n = left < sizeof(word) ? left : sizeof(word);

		memcpy(&word, bytes + i * sizeof(word), n);
		left -= n;
		atomic_store_explicit(&lock->words[i], word,
				      memory_order_relaxed);
	}
}

void seqlock_write_end(struct seqlock *lock)
{
	uint_fast64_t seq = atomic_load_explicit(&lock->sequence,
						 memory_order_relaxed);

	atomic_store_explicit(&lock->sequence, seq + 1, memory_order_release);
}

void seqlock_write(struct seqlock *lock, const void *record)
{
	seqlock_write_begin(lock);
	seqlock_store(lock, record);
	seqlock_write_end(lock);
}

bool seqlock_try_read(const struct seqlock *lock, void *record)
{
	unsigned char *bytes = record;
	size_t left = lock->record_size;
	uint_fast64_t before, after;

	before = atomic_load_explicit(&lock->sequence, memory_order_acquire);
	if (before & 1)
		return false;
	for (size_t i = 0; i < lock->n_words; i++) {
		uint64_t word = atomic_load_explicit(&lock->words[i],
						     memory_order_relaxed);
		size_t n = left < sizeof(word) ? left : sizeof(word);

		memcpy(bytes + i * sizeof(word), &word, n);
		left -= n;
	}
	atomic_thread_fence(memory_order_acquire);
	after = atomic_load_explicit(&lock->sequence, memory_order_relaxed);
	return before == after;
}

void seqlock_read(const struct seqlock *lock, void *record)
{
	/*
	 * The writer may be preempted mid-write by a higher-priority task;
	 * yielding after a few failed tries lets it finish instead of us
	 * spinning through its time slice.
	 */
	for (unsigned int tries = 0; !seqlock_try_read(lock, record); tries++) {
		if (tries >= 8)
			sched_yield();
	}
}

uint64_t seqlock_writes(const struct seqlock *lock)
{
	return atomic_load_explicit(&lock->sequence, memory_order_acquire) / 2;
}
