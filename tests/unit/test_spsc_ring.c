// SPDX-License-Identifier: MIT
/* The command and event rings: capacity, order, wrap-around, two threads. */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>

#include "check_run.h"
#include "spsc_ring.h"

struct item {
	uint64_t sequence;
	uint64_t check;         /* derived from sequence: catches torn copies */
	char padding[40];
};

static struct item make_item(uint64_t n)
{
	struct item it = { .sequence = n, .check = ~n * 2654435761u };

	for (size_t i = 0; i < sizeof(it.padding); i++)
		it.padding[i] = (char)(n + i);
	return it;
}

static void assert_item(const struct item *it, uint64_t n)
{
	ck_assert_uint_eq(it->sequence, n);
	ck_assert_uint_eq(it->check, ~n * 2654435761u);
	for (size_t i = 0; i < sizeof(it->padding); i++)
		ck_assert_int_eq(it->padding[i], (char)(n + i));
}

START_TEST(init_rejects_bad_geometry)
{
	struct spsc_ring ring;
	struct item storage[8];

	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(struct item), 6),
			 -EINVAL);
	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(struct item), 1),
			 -EINVAL);
	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(struct item), 0),
			 -EINVAL);
	ck_assert_int_eq(spsc_ring_init(&ring, storage, 0, 8), -EINVAL);
	ck_assert_int_eq(spsc_ring_init(&ring, NULL, sizeof(struct item), 8),
			 -EINVAL);
	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(struct item), 8),
			 0);
	ck_assert_uint_eq(spsc_ring_capacity(&ring), 8);
	ck_assert_uint_eq(spsc_ring_count(&ring), 0);
}
END_TEST

START_TEST(empty_ring_pops_nothing_and_leaves_item_alone)
{
	struct spsc_ring ring;
	struct item storage[4];
	struct item out = make_item(77);

	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(out), 4), 0);
	ck_assert(!spsc_ring_pop(&ring, &out));
	assert_item(&out, 77);
}
END_TEST

START_TEST(full_ring_refuses_push_and_keeps_contents)
{
	struct spsc_ring ring;
	struct item storage[4];
	struct item it;

	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(it), 4), 0);
	for (uint64_t n = 0; n < 4; n++) {
		it = make_item(n);
		ck_assert(spsc_ring_push(&ring, &it));
	}
	ck_assert_uint_eq(spsc_ring_count(&ring), 4);
	it = make_item(99);
	ck_assert(!spsc_ring_push(&ring, &it));
	ck_assert_uint_eq(spsc_ring_count(&ring), 4);
	for (uint64_t n = 0; n < 4; n++) {
		ck_assert(spsc_ring_pop(&ring, &it));
		assert_item(&it, n);
	}
	ck_assert(!spsc_ring_pop(&ring, &it));
}
END_TEST

START_TEST(order_survives_many_wrap_arounds)
{
	struct spsc_ring ring;
	struct item storage[8];
	struct item it;
	uint64_t pushed = 0, popped = 0;

	ck_assert_int_eq(spsc_ring_init(&ring, storage, sizeof(it), 8), 0);
	/* Uneven batch sizes walk the indices across every slot boundary. */
	for (int round = 0; round < 1000; round++) {
		int batch = 1 + round % 7;

		for (int i = 0; i < batch; i++) {
			it = make_item(pushed);
			ck_assert(spsc_ring_push(&ring, &it));
			pushed++;
		}
		for (int i = 0; i < batch - (round % 2); i++) {
			ck_assert(spsc_ring_pop(&ring, &it));
			assert_item(&it, popped);
			popped++;
		}
		while (spsc_ring_count(&ring) > 1) {
			ck_assert(spsc_ring_pop(&ring, &it));
			assert_item(&it, popped);
			popped++;
		}
	}
	while (spsc_ring_pop(&ring, &it)) {
		assert_item(&it, popped);
		popped++;
	}
	ck_assert_uint_eq(pushed, popped);
}
END_TEST

#define THREADED_ITEMS 100000u

struct threaded {
	struct spsc_ring ring;
	struct item storage[16];
};

static void *producer(void *arg)
{
	struct threaded *t = arg;

	for (uint64_t n = 0; n < THREADED_ITEMS;) {
		struct item it = make_item(n);

		if (spsc_ring_push(&t->ring, &it))
			n++;
		else
			sched_yield(); /* the consumer may share our core */
	}
	return NULL;
}

START_TEST(two_threads_see_every_item_once_in_order)
{
	static struct threaded t;
	pthread_t thread;
	struct item it;

	ck_assert_int_eq(spsc_ring_init(&t.ring, t.storage, sizeof(it), 16), 0);
	ck_assert_int_eq(pthread_create(&thread, NULL, producer, &t), 0);
	for (uint64_t n = 0; n < THREADED_ITEMS;) {
		if (!spsc_ring_pop(&t.ring, &it)) {
			sched_yield();
			continue;
		}
		/* Plain ifs: ck_assert per item would dominate the run time. */
		if (it.sequence != n || it.check != ~n * 2654435761u)
			ck_abort_msg("item %llu arrived as %llu",
				     (unsigned long long)n,
				     (unsigned long long)it.sequence);
		n++;
	}
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	ck_assert(!spsc_ring_pop(&t.ring, &it));
}
END_TEST

int main(void)
{
	TCase *tc;
	Suite *s = omt_check_suite("spsc_ring", "ring", &tc);

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, init_rejects_bad_geometry);
	tcase_add_test(tc, empty_ring_pops_nothing_and_leaves_item_alone);
	tcase_add_test(tc, full_ring_refuses_push_and_keeps_contents);
	tcase_add_test(tc, order_survives_many_wrap_arounds);
	tcase_add_test(tc, two_threads_see_every_item_once_in_order);
	return omt_check_run(s);
}
