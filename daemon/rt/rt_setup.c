// SPDX-License-Identifier: MIT
/* Memory locking, stack prefaulting and SCHED_FIFO (see rt_setup.h). */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>

#include "rt_setup.h"

int rt_setup_lock_memory(void)
{
#if defined(__SANITIZE_ADDRESS__)
	/*
	 * AddressSanitizer reserves terabytes of shadow address space;
	 * locking it all is impossible.  Sanitizer builds are for tests.
	 */
	return -EOPNOTSUPP;
#endif
	/*
	 * Keep freed memory in the heap and serve large blocks from it too:
	 * memory returned to the kernel would fault again when reused, and
	 * fresh mmap'd blocks fault on first touch.
	 */
	mallopt(M_TRIM_THRESHOLD, -1);
	mallopt(M_MMAP_MAX, 0);
	if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
		return -errno;
	return 0;
}

/*
 * noinline, and the buffer volatile: the compiler must neither fold the
 * loop away nor place the buffer in our caller's frame.
 */
__attribute__((noinline)) void rt_setup_prefault_stack(size_t size)
{
	/* A VLA is what we want here, but -Wvla forbids it: use alloca. */
	volatile unsigned char *stack = __builtin_alloca(size);

	for (size_t i = 0; i < size; i += 4096)
		stack[i] = 0;
	stack[size - 1] = 0;
}

int rt_setup_fifo(int priority)
{
	struct sched_param param;
	int r;

	if (priority < sched_get_priority_min(SCHED_FIFO) ||
	    priority > sched_get_priority_max(SCHED_FIFO))
		return -EINVAL;
	memset(&param, 0, sizeof(param));
	param.sched_priority = priority;
	r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
	return -r;
}

int rt_setup_is_fifo(void)
{
	struct sched_param param;
	int policy;

	if (pthread_getschedparam(pthread_self(), &policy, &param) != 0)
		return 0;
	return policy == SCHED_FIFO;
}
