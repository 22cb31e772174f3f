// SPDX-License-Identifier: GPL-2.0
/*
 * System call dispatch: Linux x86-64 numbers and argument registers
 * (RDI, RSI, RDX, R10, R8, R9), result in RAX. An unimplemented call
 * returns -ENOSYS and is logged once per number.
 */
#include <lwk/errno.h>
#include <lwk/fs.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/syscalls.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <asm/unistd_64.h>
#include <arch/trapframe.h>
#include <uapi/lwk_counters.h>
#include "syscall_names.h"

/*
 * The table holds one function type only: a handler's wrapper, which
 * takes the six argument registers (RDI, RSI, RDX, R10, R8, R9), converts
 * each to the handler's declared parameter type, as Linux does, and calls
 * the handler directly. No call goes through a function pointer of
 * another type (undefined behaviour, and what kCFI or CFI would trap).
 */
typedef long (*syscall_fn)(const uint64_t *arg);

/*
 * WRAPn(name, types...) defines do_<name> for sys_<name>, which takes n
 * arguments of the types listed. The types must be exactly those of its
 * declaration in <lwk/syscalls.h>, or the build fails here.
 */
#define WRAP_CHECK(name, type)                                              \
	_Static_assert(__builtin_types_compatible_p(__typeof__(sys_##name), \
						    type),                  \
		       "sys_" #name ": the types listed in syscall.c differ " \
		       "from its declaration")
#define WRAP0(name)                                                         \
	WRAP_CHECK(name, long(void));                                       \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		(void)a;                                                    \
		return sys_##name();                                        \
	}
#define WRAP1(name, t1)                                                     \
	WRAP_CHECK(name, long(t1));                                         \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		return sys_##name((t1)a[0]);                                \
	}
#define WRAP2(name, t1, t2)                                                 \
	WRAP_CHECK(name, long(t1, t2));                                     \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		return sys_##name((t1)a[0], (t2)a[1]);                      \
	}
#define WRAP3(name, t1, t2, t3)                                             \
	WRAP_CHECK(name, long(t1, t2, t3));                                 \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		return sys_##name((t1)a[0], (t2)a[1], (t3)a[2]);            \
	}
#define WRAP4(name, t1, t2, t3, t4)                                         \
	WRAP_CHECK(name, long(t1, t2, t3, t4));                             \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		return sys_##name((t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3]);  \
	}
#define WRAP5(name, t1, t2, t3, t4, t5)                                     \
	WRAP_CHECK(name, long(t1, t2, t3, t4, t5));                         \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		return sys_##name((t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3],   \
				  (t5)a[4]);                                \
	}
#define WRAP6(name, t1, t2, t3, t4, t5, t6)                                 \
	WRAP_CHECK(name, long(t1, t2, t3, t4, t5, t6));                     \
	static long do_##name(const uint64_t *a)                            \
	{                                                                   \
		return sys_##name((t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3],   \
				  (t5)a[4], (t6)a[5]);                      \
	}

/* In the order of <lwk/syscalls.h>. */
WRAP3(read, int, void __user *, size_t)
WRAP3(write, int, const void __user *, size_t)
WRAP3(readv, int, const struct iovec __user *, int)
WRAP3(writev, int, const struct iovec __user *, int)
WRAP4(pread64, int, void __user *, size_t, off_t)
WRAP4(pwrite64, int, const void __user *, size_t, off_t)
WRAP3(open, const char __user *, int, int)
WRAP4(openat, int, const char __user *, int, int)
WRAP1(close, int)
WRAP3(lseek, int, off_t, int)
WRAP2(fstat, int, struct stat __user *)
WRAP2(stat, const char __user *, struct stat __user *)
WRAP2(lstat, const char __user *, struct stat __user *)
WRAP4(newfstatat, int, const char __user *, struct stat __user *, int)
WRAP2(access, const char __user *, int)
WRAP3(faccessat, int, const char __user *, int)
WRAP4(faccessat2, int, const char __user *, int, int)
WRAP3(readlink, const char __user *, char __user *, size_t)
WRAP4(readlinkat, int, const char __user *, char __user *, size_t)
WRAP2(getcwd, char __user *, size_t)
WRAP1(chdir, const char __user *)
WRAP1(unlink, const char __user *)
WRAP3(unlinkat, int, const char __user *, int)
WRAP2(mkdir, const char __user *, int)
WRAP1(rmdir, const char __user *)
WRAP2(creat, const char __user *, int)
WRAP3(mkdirat, int, const char __user *, int)
WRAP2(rename, const char __user *, const char __user *)
WRAP3(getdents64, int, void __user *, size_t)
WRAP1(dup, int)
WRAP2(dup2, int, int)
WRAP3(dup3, int, int, int)
WRAP3(fcntl, int, int, unsigned long)
WRAP3(ioctl, int, unsigned long, unsigned long)
WRAP2(ftruncate, int, off_t)
WRAP1(fsync, int)
WRAP1(brk, uint64_t)
WRAP6(mmap, uint64_t, uint64_t, int, int, int, off_t)
WRAP2(munmap, uint64_t, uint64_t)
WRAP3(mprotect, uint64_t, uint64_t, int)
WRAP5(mremap, uint64_t, uint64_t, uint64_t, int, uint64_t)
WRAP3(madvise, uint64_t, uint64_t, int)
WRAP2(clock_gettime, int, struct timespec __user *)
WRAP2(clock_getres, int, struct timespec __user *)
WRAP2(gettimeofday, struct timeval __user *, void __user *)
WRAP1(time, int64_t __user *)
WRAP2(nanosleep, const struct timespec __user *, struct timespec __user *)
WRAP4(clock_nanosleep,
	int, int, const struct timespec __user *, struct timespec __user *)
WRAP2(getrusage, int, struct rusage __user *)
WRAP1(times, struct tms __user *)
WRAP1(exit, int)
WRAP1(exit_group, int)
WRAP0(getpid)
WRAP0(gettid)
WRAP0(getppid)
WRAP0(getuid)
WRAP2(arch_prctl, int, uint64_t)
WRAP1(set_tid_address, int __user *)
WRAP2(set_robust_list, void __user *, size_t)
WRAP4(prlimit64,
	int, int, const struct rlimit64 __user *, struct rlimit64 __user *)
WRAP2(getrlimit, int, struct rlimit64 __user *)
WRAP1(uname, struct utsname __user *)
WRAP1(sysinfo, struct sysinfo __user *)
WRAP3(getrandom, void __user *, size_t, unsigned int)
WRAP3(sched_getaffinity, int, size_t, void __user *)
WRAP0(sched_yield)
WRAP4(rt_sigaction, int, const void __user *, void __user *, size_t)
WRAP4(rt_sigprocmask, int, const void __user *, void __user *, size_t)
WRAP2(sigaltstack, const void __user *, void __user *)
WRAP0(rt_sigreturn)
WRAP2(kill, int, int)
WRAP3(tgkill, int, int, int)
WRAP2(tkill, int, int)
WRAP5(clone, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t)
WRAP2(clone3, const struct clone_args __user *, size_t)
WRAP3(sched_setaffinity, int, size_t, const void __user *)
WRAP3(getcpu, unsigned int __user *, unsigned int __user *, void __user *)
WRAP6(futex,
	uint32_t __user *, int, uint32_t, const struct timespec __user *,
	uint32_t __user *, uint32_t)
WRAP2(lwk_cpu_counters, struct lwk_cpu_counters __user *, unsigned long)

#define SYSCALL(name) [__NR_##name] = do_##name

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
	SYSCALL(getuid),
	[__NR_geteuid] = do_getuid,
	[__NR_getgid] = do_getuid,
	[__NR_getegid] = do_getuid,
	/* signals */
	SYSCALL(rt_sigaction), SYSCALL(rt_sigprocmask), SYSCALL(sigaltstack),
	SYSCALL(rt_sigreturn),
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
	const uint64_t arg[6] = { tf->rdi, tf->rsi, tf->rdx,
				  tf->r10, tf->r8,  tf->r9 };
	syscall_fn fn = NULL;
	struct thread *t;

	kernel_lock();
	t = current_thread();
	t->user_cycles += now - t->user_tsc_start;
	t->frame = tf;
	if (nr < ARRAY_SIZE(syscall_table))
		fn = syscall_table[nr];
	if (nr == LWK_NR_CPU_COUNTERS)
		fn = do_lwk_cpu_counters;
	/* rseq is refused on purpose: glibc then does without it. */
	if (fwd_syscall(nr, arg, (long *)&tf->rax))
		; /* `v3ctl run`: done by the caller's proxy */
	else if (fn)
		tf->rax = fn(arg);
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
