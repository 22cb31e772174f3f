// SPDX-License-Identifier: GPL-2.0
/*
 * futex: wait queues keyed by user address (one process, so private and
 * shared futexes are the same thing). The kernel lock makes "check the
 * value, then sleep" atomic with respect to every waker, which also has
 * to take it. Timeouts use the scheduler's per-CPU sleeper lists.
 */
#include <lwk/errno.h>
#include <lwk/futex.h>
#include <lwk/string.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/syscalls.h>
#include <lwk/time.h>
#include <lwk/uaccess.h>
#include <lwk/uvm.h>
#include <linux/futex.h>
#include <linux/time.h>

#define NBUCKETS 64

static struct thread *buckets[NBUCKETS];

static struct thread **bucket_of(uint64_t uaddr)
{
	return &buckets[(uaddr >> 2) % NBUCKETS];
}

static void enqueue(struct thread *t, uint64_t uaddr, uint32_t bitset)
{
	struct thread **pp = bucket_of(uaddr);

	/* FIFO: append, so wake order is wait order. */
	while (*pp)
		pp = &(*pp)->futex_next;
	t->futex_addr = uaddr;
	t->futex_bitset = bitset;
	t->futex_next = NULL;
	t->on_futex = true;
	*pp = t;
}

static void unlink_waiter(struct thread **pp)
{
	struct thread *t = *pp;

	*pp = t->futex_next;
	t->on_futex = false;
}

void futex_cancel_wait(struct thread *t)
{
	if (!t->on_futex)
		return;
	for (struct thread **pp = bucket_of(t->futex_addr); *pp;
	     pp = &(*pp)->futex_next) {
		if (*pp == t) {
			unlink_waiter(pp);
			return;
		}
	}
}

int futex_wake(uint64_t uaddr, int n, uint32_t bitset)
{
	struct thread **pp = bucket_of(uaddr);
	int woken = 0;

	while (*pp && woken < n) {
		struct thread *t = *pp;

		if (t->futex_addr == uaddr && (t->futex_bitset & bitset)) {
			unlink_waiter(pp);
			thread_wake(t, 0);
			woken++;
		} else {
			pp = &t->futex_next;
		}
	}
	return woken;
}

/* Wakes nwake waiters of uaddr, moves up to nmove of the rest to uaddr2. */
static int requeue(uint64_t uaddr, uint64_t uaddr2, int nwake, int nmove)
{
	int done = futex_wake(uaddr, nwake, FUTEX_BITSET_MATCH_ANY);
	struct thread **pp = bucket_of(uaddr);

	while (*pp && nmove > 0) {
		struct thread *t = *pp;

		if (t->futex_addr != uaddr) {
			pp = &t->futex_next;
			continue;
		}
		unlink_waiter(pp);
		enqueue(t, uaddr2, t->futex_bitset);
		nmove--;
		done++;
	}
	return done;
}

static int read_timeout(const struct timespec __user *u, bool absolute,
			bool realtime, uint64_t *deadline_tsc)
{
	struct timespec ts;
	uint64_t ns, now;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	now = clock_monotonic_ns();
	if (absolute && realtime)
		ns = ns > clock_realtime_ns() ? ns - clock_realtime_ns() + now :
						now;
	else if (!absolute)
		ns += now;
	*deadline_tsc = tsc_read() + ns_to_tsc(ns > now ? ns - now : 0);
	return 0;
}

static long futex_wait(uint64_t uaddr, uint32_t val, uint32_t bitset,
		       const struct timespec __user *utimeout, bool absolute,
		       bool realtime)
{
	uint64_t deadline = 0;
	uint32_t cur;
	int err;

	if (!bitset)
		return -EINVAL;
	if (utimeout) {
		err = read_timeout(utimeout, absolute, realtime, &deadline);
		if (err)
			return err;
	}
	if (copy_from_user(&cur, (const void __user *)uaddr, sizeof(cur)))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	if (!deadline && the_process.live_threads == 1) {
		printk("lwk: the program's only thread waits on futex 0x%lx with no timeout: it would hang forever\n",
		       uaddr);
		process_kill(6 /* SIGABRT */);
	}
	enqueue(current_thread(), uaddr, bitset);
	if (deadline)
		return thread_sleep_until(deadline);
	return thread_block();
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg) atomically; wake uaddr;
 * if the old *uaddr2 compares true, wake uaddr2 too. */
static long wake_op(uint64_t uaddr, uint64_t uaddr2, int nwake, int nwake2,
		    uint32_t encoded)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	uint32_t oparg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff;
	uint32_t *p, old;
	size_t contig;
	bool hit;
	int woken;

	if ((encoded >> 28) & FUTEX_OP_OPARG_SHIFT)
		oparg = 1u << (oparg & 31);
	if (uaddr2 & 3)
		return -EINVAL;
	p = uvm_translate(uaddr2, true, &contig);
	if (!p)
		return -EFAULT;
	/* Other CPUs may be changing it from user mode: be atomic. */
	switch (op) {
	case FUTEX_OP_SET:
		old = __atomic_exchange_n(p, oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ADD:
		old = __atomic_fetch_add(p, oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_OR:
		old = __atomic_fetch_or(p, oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ANDN:
		old = __atomic_fetch_and(p, ~oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_XOR:
		old = __atomic_fetch_xor(p, oparg, __ATOMIC_SEQ_CST);
		break;
	default:
		return -ENOSYS;
	}
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		hit = old == cmparg;
		break;
	case FUTEX_OP_CMP_NE:
		hit = old != cmparg;
		break;
	case FUTEX_OP_CMP_LT:
		hit = (int32_t)old < (int32_t)cmparg;
		break;
	case FUTEX_OP_CMP_LE:
		hit = (int32_t)old <= (int32_t)cmparg;
		break;
	case FUTEX_OP_CMP_GT:
		hit = (int32_t)old > (int32_t)cmparg;
		break;
	case FUTEX_OP_CMP_GE:
		hit = (int32_t)old >= (int32_t)cmparg;
		break;
	default:
		return -ENOSYS;
	}
	woken = futex_wake(uaddr, nwake, FUTEX_BITSET_MATCH_ANY);
	if (hit)
		woken += futex_wake(uaddr2, nwake2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

long sys_futex(uint32_t __user *uaddr_ptr, int op, uint32_t val,
	       const struct timespec __user *timeout, uint32_t __user *uaddr2_ptr,
	       uint32_t val3)
{
	uint64_t uaddr = (uint64_t)uaddr_ptr, uaddr2 = (uint64_t)uaddr2_ptr;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	/* For the requeue and wake-op forms this argument is a count. */
	int val2 = (int)(uint64_t)timeout;
	uint32_t cur;

	if (uaddr & 3)
		return -EINVAL;
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, val, FUTEX_BITSET_MATCH_ANY, timeout,
				  false, false);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, val, val3, timeout, true, realtime);
	case FUTEX_WAKE:
		return futex_wake(uaddr, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		return futex_wake(uaddr, (int)val, val3);
	case FUTEX_REQUEUE:
		return requeue(uaddr, uaddr2, (int)val, val2);
	case FUTEX_CMP_REQUEUE:
		if (copy_from_user(&cur, uaddr_ptr, sizeof(cur)))
			return -EFAULT;
		if (cur != val3)
			return -EAGAIN;
		return requeue(uaddr, uaddr2, (int)val, val2);
	case FUTEX_WAKE_OP:
		return wake_op(uaddr, uaddr2, (int)val, val2, val3);
	default:
		return -ENOSYS;
	}
}

void futex_reset(void)
{
	memset(buckets, 0, sizeof(buckets));
}
