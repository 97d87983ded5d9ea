/* SPDX-License-Identifier: MIT */
/*
 * A sequence lock for publishing one fixed-size record from a single
 * writer to any number of readers, without the writer ever waiting.
 *
 * The writer makes the sequence odd, copies the record in, and makes it
 * even again.  A reader copies the record out and keeps the copy only if
 * the sequence was even and unchanged across the copy; otherwise it
 * retries.  The record lives in relaxed atomic words, so a reader racing a
 * writer reads stale or mixed words (which it then discards), never
 * undefined behaviour.
 *
 * The caller provides the word storage (SEQLOCK_WORDS_FOR(size) words), so
 * nothing is allocated after set-up.
 */
#ifndef OMT_SEQLOCK_H
#define OMT_SEQLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef _Atomic uint64_t seqlock_word;

struct seqlock {
	_Alignas(64) atomic_uint_fast64_t sequence;
	size_t record_size;
	size_t n_words;
	seqlock_word *words;
};

/* Storage words for a record of record_size bytes (a constant expression). */
#define SEQLOCK_WORDS_FOR(record_size) \
	(((record_size) + sizeof(uint64_t) - 1) / sizeof(uint64_t))

/*
 * Set up over storage of SEQLOCK_WORDS_FOR(record_size) words; the record
 * reads as all zero bytes until the first write.  Returns 0 or -EINVAL.
 */
int seqlock_init(struct seqlock *lock, seqlock_word *storage,
		 size_t record_size);

/* Writer only: publish a new record. */
void seqlock_write(struct seqlock *lock, const void *record);

/*
 * The two halves of seqlock_write, for a writer that fills the record in
 * place over several steps (and for tests of a reader meeting a write in
 * progress).  Between them, readers retry.
 */
void seqlock_write_begin(struct seqlock *lock);
void seqlock_write_end(struct seqlock *lock);
void seqlock_store(struct seqlock *lock, const void *record);

/*
 * One read attempt: true and a consistent copy in record, or false when a
 * write was in progress or happened during the copy (record is then
 * garbage).
 */
bool seqlock_try_read(const struct seqlock *lock, void *record);

/* Read until consistent.  Writes are short, so this retries briefly. */
void seqlock_read(const struct seqlock *lock, void *record);

/* Number of completed writes so far. */
uint64_t seqlock_writes(const struct seqlock *lock);

#endif /* OMT_SEQLOCK_H */
