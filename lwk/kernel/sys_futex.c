// SPDX-License-Identifier: GPL-2.0
/*
 * futex for a single-threaded program: glibc and libstdc++ use it even
 * without threads (once-initialisation, locks). With one thread, a wake
 * finds nobody, and a wait whose value matches can only end by timeout;
 * without a timeout it would hang forever, so the program is stopped
 * with an explanation instead.
 */
#include <lwk/errno.h>
#include <lwk/printk.h>
#include <lwk/syscalls.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <lwk/uaccess.h>
#include <linux/futex.h>
#include <linux/time.h>
#include <arch/cpu.h>

#define SIGABRT 6

static long futex_wait(const uint32_t __user *uaddr, uint32_t val,
		       const struct timespec __user *utimeout, bool absolute,
		       bool realtime)
{
	struct timespec ts;
	uint32_t cur;
	uint64_t deadline;

	if (copy_from_user(&cur, uaddr, sizeof(cur)))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	if (!utimeout) {
		printk("lwk: the program's only thread waits on futex 0x%lx with no timeout: it would hang forever\n",
		       (uint64_t)uaddr);
		process_kill(SIGABRT);
	}
	if (copy_from_user(&ts, utimeout, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	deadline = (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	if (!absolute)
		deadline += clock_monotonic_ns();
	else if (realtime)
		deadline -= clock_realtime_ns() - clock_monotonic_ns();
	while (clock_monotonic_ns() < deadline)
		cpu_relax();
	return -ETIMEDOUT;
}

long sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	       const struct timespec __user *timeout, uint32_t __user *uaddr2,
	       uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	uint32_t dummy;

	if ((uint64_t)uaddr & 3)
		return -EINVAL;
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, val, timeout, false, false);
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		return futex_wait(uaddr, val, timeout, true, realtime);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
	case FUTEX_REQUEUE:
		/* Nobody else exists to wake. */
		return copy_from_user(&dummy, uaddr, sizeof(dummy));
	case FUTEX_CMP_REQUEUE:
		if (copy_from_user(&dummy, uaddr, sizeof(dummy)))
			return -EFAULT;
		return dummy == val3 ? 0 : -EAGAIN;
	case FUTEX_WAKE_OP: {
		/* The operation on *uaddr2 must still happen. */
		uint32_t oparg = (val3 >> 12) & 0xfff, old, new;
		int opcode = (val3 >> 28) & 7;

		if ((val3 >> 28) & FUTEX_OP_OPARG_SHIFT)
			oparg = 1u << (oparg & 31);
		if (copy_from_user(&old, uaddr2, sizeof(old)))
			return -EFAULT;
		switch (opcode) {
		case FUTEX_OP_SET:
			new = oparg;
			break;
		case FUTEX_OP_ADD:
			new = old + oparg;
			break;
		case FUTEX_OP_OR:
			new = old | oparg;
			break;
		case FUTEX_OP_ANDN:
			new = old & ~oparg;
			break;
		case FUTEX_OP_XOR:
			new = old ^ oparg;
			break;
		default:
			return -ENOSYS;
		}
		if (copy_to_user(uaddr2, &new, sizeof(new)))
			return -EFAULT;
		return 0;
	}
	default:
		return -ENOSYS;
	}
}
