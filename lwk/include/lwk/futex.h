/* SPDX-License-Identifier: GPL-2.0 */
/* Futex wait queues (lwk/kernel/sys_futex.c). */
#ifndef LWK_FUTEX_H
#define LWK_FUTEX_H

#include <lwk/types.h>

struct thread;

/* Wakes up to n waiters on the user address; returns how many. */
int futex_wake(uint64_t uaddr, int n, uint32_t bitset);
/* Takes t off the futex queue it waits on, if any (timeouts). */
void futex_cancel_wait(struct thread *t);
/* Empties every queue (the program's threads are gone). */
void futex_reset(void);

#endif
