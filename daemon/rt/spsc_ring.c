// SPDX-License-Identifier: MIT
/* Lock-free single-producer, single-consumer ring (see spsc_ring.h). */
#include <errno.h>
#include <string.h>

#include "spsc_ring.h"

int spsc_ring_init(struct spsc_ring *ring, void *storage, size_t item_size,
		   size_t capacity)
{
	if (!ring || !storage || item_size == 0 || capacity < 2 ||
	    (capacity & (capacity - 1)) != 0)
		return -EINVAL;
	atomic_init(&ring->head, 0);
	atomic_init(&ring->tail, 0);
	ring->mask = capacity - 1;
	ring->item_size = item_size;
	ring->slots = storage;
	return 0;
}

bool spsc_ring_push(struct spsc_ring *ring, const void *item)
{
	size_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
	/* Acquire: the consumer finished copying out of the slot we reuse. */
	size_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);

	if (head - tail > ring->mask)
		return false;
	memcpy(ring->slots + (head & ring->mask) * ring->item_size, item,
	       ring->item_size);
	/* Release: the copy is visible before the consumer sees the item. */
	atomic_store_explicit(&ring->head, head + 1, memory_order_release);
	return true;
}

bool spsc_ring_pop(struct spsc_ring *ring, void *item)
{
	size_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&ring->head, memory_order_acquire);

	if (head == tail)
		return false;
	memcpy(item, ring->slots + (tail & ring->mask) * ring->item_size,
	       ring->item_size);
	atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
	return true;
}

size_t spsc_ring_count(const struct spsc_ring *ring)
{
	size_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);
	size_t head = atomic_load_explicit(&ring->head, memory_order_acquire);

	return head - tail;
}

size_t spsc_ring_capacity(const struct spsc_ring *ring)
{
	return ring->mask + 1;
}
