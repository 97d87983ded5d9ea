/* SPDX-License-Identifier: MIT */
/*
 * A bounded single-producer, single-consumer ring of fixed-size items.
 *
 * Exactly one thread pushes and exactly one thread pops; neither ever
 * waits for the other, takes a lock or allocates.  The caller provides the
 * slot storage (capacity * item_size bytes), so the ring can be set up
 * before a real-time thread starts and never touch the heap afterwards.
 *
 * head counts items ever pushed, tail items ever popped; both only grow
 * (size_t wraps harmlessly because capacity is a power of two).  Each index
 * sits on its own cache line so the two threads do not bounce one line.
 */
#ifndef OMT_SPSC_RING_H
#define OMT_SPSC_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define SPSC_RING_CACHE_LINE 64

struct spsc_ring {
	_Alignas(SPSC_RING_CACHE_LINE) atomic_size_t head; /* producer writes */
	_Alignas(SPSC_RING_CACHE_LINE) atomic_size_t tail; /* consumer writes */
	_Alignas(SPSC_RING_CACHE_LINE) size_t mask;
	size_t item_size;
	unsigned char *slots;
};

/*
 * Set up an empty ring over storage of capacity * item_size bytes.
 * Returns 0, or -EINVAL when capacity is not a power of two (>= 2), the
 * item size is 0 or the storage is missing.
 */
int spsc_ring_init(struct spsc_ring *ring, void *storage, size_t item_size,
		   size_t capacity);

/* Producer only.  Copies the item in; false when the ring is full. */
bool spsc_ring_push(struct spsc_ring *ring, const void *item);

/* Consumer only.  Copies the oldest item out; false when empty. */
bool spsc_ring_pop(struct spsc_ring *ring, void *item);

/* Items waiting; exact for either side, a hint for anyone else. */
size_t spsc_ring_count(const struct spsc_ring *ring);

size_t spsc_ring_capacity(const struct spsc_ring *ring);

#endif /* OMT_SPSC_RING_H */
