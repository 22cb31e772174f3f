// SPDX-License-Identifier: GPL-2.0
/*
 * System call dispatch: Linux x86-64 numbers and argument registers
 * (RDI, RSI, RDX, R10, R8, R9), result in RAX. An unimplemented call
 * returns -ENOSYS and is logged once per number.
 */
#include <lwk/errno.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/syscalls.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <asm/unistd_64.h>
#include <arch/trapframe.h>
#include <uapi/lwk_counters.h>
#include "syscall_names.h"

typedef long (*syscall_fn)(long, long, long, long, long, long);

/* Handlers take their own typed arguments; the x86-64 calling convention
 * passes the six registers the same way whatever the declared types. */
#define AS_SYSCALL(fn) ((syscall_fn)(void (*)(void))(fn))
#define SYSCALL(name) [__NR_##name] = AS_SYSCALL(sys_##name)

static const syscall_fn syscall_table[] = {
	/* files: lwk/fs/ */
	SYSCALL(read), SYSCALL(write), SYSCALL(readv), SYSCALL(writev),
	SYSCALL(pread64), SYSCALL(pwrite64), SYSCALL(open), SYSCALL(openat),
	SYSCALL(close), SYSCALL(lseek), SYSCALL(fstat), SYSCALL(stat),
	SYSCALL(lstat), SYSCALL(newfstatat), SYSCALL(access),
	SYSCALL(faccessat), SYSCALL(faccessat2), SYSCALL(readlink),
	SYSCALL(readlinkat), SYSCALL(getcwd), SYSCALL(chdir), SYSCALL(unlink),
	SYSCALL(unlinkat), SYSCALL(mkdir), SYSCALL(rmdir), SYSCALL(creat), SYSCALL(mkdirat), SYSCALL(rename),
	SYSCALL(getdents64), SYSCALL(dup), SYSCALL(dup2), SYSCALL(dup3),
	SYSCALL(fcntl), SYSCALL(ioctl), SYSCALL(ftruncate), SYSCALL(fsync),
	/* memory: lwk/mm/ */
	SYSCALL(brk), SYSCALL(mmap), SYSCALL(munmap), SYSCALL(mprotect),
	SYSCALL(mremap), SYSCALL(madvise),
	/* time */
	SYSCALL(clock_gettime), SYSCALL(clock_getres), SYSCALL(gettimeofday),
	SYSCALL(time), SYSCALL(nanosleep), SYSCALL(clock_nanosleep),
	SYSCALL(getrusage), SYSCALL(times),
	/* process */
	SYSCALL(exit), SYSCALL(exit_group), SYSCALL(getpid), SYSCALL(gettid),
	SYSCALL(getppid), SYSCALL(arch_prctl), SYSCALL(set_tid_address),
	SYSCALL(set_robust_list), SYSCALL(prlimit64), SYSCALL(getrlimit),
	SYSCALL(uname), SYSCALL(sysinfo), SYSCALL(getrandom),
	SYSCALL(sched_getaffinity), SYSCALL(sched_yield),
	[__NR_getuid] = AS_SYSCALL(sys_getuid),
	[__NR_geteuid] = AS_SYSCALL(sys_getuid),
	[__NR_getgid] = AS_SYSCALL(sys_getuid),
	[__NR_getegid] = AS_SYSCALL(sys_getuid),
	/* signals */
	SYSCALL(rt_sigaction), SYSCALL(rt_sigprocmask), SYSCALL(sigaltstack),
	SYSCALL(kill), SYSCALL(tgkill), SYSCALL(tkill),
	/* threads */
	SYSCALL(futex), SYSCALL(clone), SYSCALL(clone3),
	SYSCALL(sched_setaffinity), SYSCALL(getcpu),
};

/* One bit per syscall number already reported as unimplemented; all
 * numbers past the bitmap share its last bit. */
#define REPORTED_MAX 4096
static uint64_t reported[REPORTED_MAX / 64];

static void report_enosys(uint64_t nr)
{
	const char *name = "unknown";
	uint64_t bit = MIN(nr, REPORTED_MAX - 1);

	if (reported[bit / 64] & (1UL << (bit % 64)))
		return;
	reported[bit / 64] |= 1UL << (bit % 64);
	if (nr < ARRAY_SIZE(syscall_names) && syscall_names[nr])
		name = syscall_names[nr];
	printk("lwk: syscall %lu (%s) not implemented, returning -ENOSYS\n",
	       nr, name);
}

void syscall_dispatch(struct trap_frame *tf)
{
	uint64_t nr = tf->rax, now = tsc_read();
	syscall_fn fn = NULL;
	struct thread *t;

	kernel_lock();
	t = current_thread();
	t->user_cycles += now - t->user_tsc_start;
	t->frame = tf;
	if (nr < ARRAY_SIZE(syscall_table))
		fn = syscall_table[nr];
	if (nr == LWK_NR_CPU_COUNTERS)
		fn = AS_SYSCALL(sys_lwk_cpu_counters);
	/* rseq is refused on purpose: glibc then does without it. */
	if (fn)
		tf->rax = fn(tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
	else if (nr == __NR_rseq)
		tf->rax = -ENOSYS;
	else {
		report_enosys(nr);
		tf->rax = -ENOSYS;
	}
	/* The thread may have slept: count only the time it ran. */
	uint64_t spent = tsc_read() - now;

	t->sys_cycles += spent - MIN(spent, t->blocked_cycles);
	t->blocked_cycles = 0;
	kernel_exit();
}
