/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Threads and scheduling. One run queue per CPU; a new thread goes to
 * the allowed CPU with the fewest threads, so threads spread one per
 * core first. There is no periodic tick: a CPU's timer is armed only for
 * its earliest sleeper's deadline, or for a time slice while it has more
 * than one runnable thread.
 *
 * Locking: one kernel lock. A CPU takes it on every entry from user mode
 * (syscall, interrupt) and from idle, and drops it on the way back; the
 * kernel is not preemptible and runs with interrupts off. HPC programs
 * spend their time in user mode, so the lock is rarely contended.
 */
#ifndef LWK_SCHED_H
#define LWK_SCHED_H

#include <lwk/task.h>

#define IDLE_STACK_SIZE (16 * 1024)
#define SLICE_NS 10000000ULL /* 10 ms while a core is oversubscribed */

void kernel_lock(void);
void kernel_unlock(void);

/* Boot CPU: marks CPU 0 online (APs mark themselves in their idle
 * loop). The boot CPU becomes CPU 0's idle thread once the program's
 * main thread is queued. */
void sched_init(void);
__noreturn void sched_idle_loop(unsigned int cpu);

/* A program thread, not yet runnable. NULL if out of memory. */
struct thread *thread_create(void);
void thread_free(struct thread *t);
/* Places t on a CPU allowed by t->affinity (fewest threads first) and
 * makes it runnable. */
void thread_start(struct thread *t);
struct thread *thread_by_tid(int tid);

/* Blocks the current thread until thread_wake(); returns wait_result. */
long thread_block(void);
void thread_wake(struct thread *t, long result);
/* Blocks until the TSC reaches deadline (or an earlier wake). */
long thread_sleep_until(uint64_t deadline_tsc);
/* Ends the current thread (not the program). */
__noreturn void thread_exit(void);

/* Moves the current thread to the back of its run queue. */
void sched_yield_current(void);
/* Moves t to CPU cpu (t may be the current thread). */
void sched_migrate(struct thread *t, unsigned int cpu);
/* The allowed CPU with the fewest threads. */
unsigned int sched_pick_cpu(uint64_t affinity);
uint64_t sched_online_mask(void);

/* On the way back to user mode (kernel lock held): switch threads if
 * needed, arm the timer, drop the kernel lock. */
void kernel_exit(void);
/* The timer interrupt (kernel lock held): wakes expired sleepers,
 * ends a time slice. */
void sched_timer_interrupt(void);
/* The TLB shootdown interrupt (no kernel lock). */
void sched_tlb_interrupt(void);
/* A new thread's kernel stack, entering user mode with *tf. */
void thread_set_user_frame(struct thread *t, const struct trap_frame *tf);

/* Flushes this CPU's TLB and every other CPU's before returning. */
void tlb_shootdown(void);

uint64_t ns_to_tsc(uint64_t ns);

/* `v3ctl run` (lwk/kernel/run.c): this CPU's idle stack, to restart the
 * idle loop on; and dropping every thread at the end of a program. */
uint64_t sched_idle_stack_top(void);
void sched_reset(void);

/* CPU time of the whole program (live and ended threads), in TSC
 * cycles. A thread running on another core right now is counted up to
 * its last kernel entry. */
void sched_process_cycles(uint64_t *user, uint64_t *sys);

#endif
