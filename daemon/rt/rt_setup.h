/* SPDX-License-Identifier: MIT */
/*
 * Making a thread fit for real-time work, as the Linux realtime wiki
 * teaches: lock every page of the process in RAM, stop the allocator from
 * handing memory back (so a later free never costs a page fault on the
 * next malloc elsewhere), prefault the stack the loop will use, and switch
 * the calling thread to SCHED_FIFO.
 *
 * Each step reports failure instead of aborting: on a developer machine
 * without CAP_SYS_NICE or CAP_IPC_LOCK the daemon still runs, says so, and
 * flags realtime=false in its snapshot.
 */
#ifndef OMT_RT_SETUP_H
#define OMT_RT_SETUP_H

#include <stddef.h>

/* Bytes of stack the control loop prefaults and may use. */
#define RT_SETUP_STACK_PREFAULT (256u * 1024u)

/*
 * mlockall(MCL_CURRENT | MCL_FUTURE) and the allocator tuning.  Returns 0
 * or a negative errno (EPERM, ENOMEM).
 */
int rt_setup_lock_memory(void);

/* Touch size bytes of the calling thread's stack, below this frame. */
void rt_setup_prefault_stack(size_t size);

/*
 * SCHED_FIFO at priority (1..99) for the calling thread.  Returns 0, or a
 * negative errno: -EINVAL for a priority out of range, -EPERM without the
 * privilege.
 */
int rt_setup_fifo(int priority);

/* Whether the calling thread runs under SCHED_FIFO now. */
int rt_setup_is_fifo(void);

#endif /* OMT_RT_SETUP_H */
