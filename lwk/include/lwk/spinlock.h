/* SPDX-License-Identifier: GPL-2.0 */
/* A test-and-test-and-set spinlock; enough for a handful of cores. */
#ifndef LWK_SPINLOCK_H
#define LWK_SPINLOCK_H

#include <lwk/types.h>

typedef struct {
	volatile int locked;
} spinlock_t;

#define SPINLOCK_INIT { 0 }

static inline void spin_lock(spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
	}
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#endif
