/* SPDX-License-Identifier: MIT */
/*
 * Counting heap allocations made by one thread, to prove the control
 * thread allocates nothing once it runs.  Include this header in exactly
 * one source file of a test or bench program (it defines the allocator
 * entry points), call alloc_counter_install() first thing in main(), and
 * alloc_counter_watch_this_thread() on the thread to watch (the control
 * thread's on_thread_ready hook).
 *
 * Plain builds interpose malloc and friends and forward to glibc's own
 * (__libc_malloc, ...).  Sanitizer builds cannot interpose (ASan owns the
 * allocator), so there the sanitizer's allocation hook counts instead.
 * Either way the figure is every allocation the watched thread made,
 * whatever library made it.
 */
#ifndef OMT_CONTROL_LOOP_ALLOC_COUNTER_H
#define OMT_CONTROL_LOOP_ALLOC_COUNTER_H

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static __thread bool alloc_counter_watched;
static atomic_uint_fast64_t alloc_counter_count;

static inline void alloc_counter_note(void)
{
	if (alloc_counter_watched)
		atomic_fetch_add_explicit(&alloc_counter_count, 1,
					  memory_order_relaxed);
}

static inline void alloc_counter_watch_this_thread(void)
{
	alloc_counter_watched = true;
}

/* Allocations by watched threads so far. */
static inline uint64_t alloc_counter_total(void)
{
	return atomic_load_explicit(&alloc_counter_count,
				    memory_order_relaxed);
}

#if defined(__SANITIZE_ADDRESS__)
/* From the sanitizer runtime's public interface (its header is not
 * always installed). */
int __sanitizer_install_malloc_and_free_hooks(
	void (*malloc_hook)(const volatile void *ptr, size_t size),
	void (*free_hook)(const volatile void *ptr));

static void alloc_counter_on_malloc(const volatile void *ptr, size_t size)
{
	alloc_counter_note();
}

static void alloc_counter_on_free(const volatile void *ptr)
{
}

static inline void alloc_counter_install(void)
{
	__sanitizer_install_malloc_and_free_hooks(alloc_counter_on_malloc,
						  alloc_counter_on_free);
}
#else
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *ptr);

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *ptr, size_t size);
void *memalign(size_t alignment, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **out, size_t alignment, size_t size);
void free(void *ptr);

void *malloc(size_t size)
{
	alloc_counter_note();
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	alloc_counter_note();
	return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
	alloc_counter_note();
	return __libc_realloc(ptr, size);
}

void *memalign(size_t alignment, size_t size)
{
	alloc_counter_note();
	return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
	alloc_counter_note();
	return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
	void *p;

	alloc_counter_note();
	p = __libc_memalign(alignment, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void free(void *ptr)
{
	__libc_free(ptr);
}

static inline void alloc_counter_install(void)
{
}
#endif

#endif /* OMT_CONTROL_LOOP_ALLOC_COUNTER_H */
