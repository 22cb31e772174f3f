/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux x86-64 system call instruction, for guest-libc's start code
 * and system-call layer. A call returns a value >= 0 or -errno (a Linux
 * errno number; v3vee_ret() turns it into newlib's).
 */
#ifndef V3VEE_SYS_H
#define V3VEE_SYS_H

/* Linux x86-64 system call numbers (asm/unistd_64.h). */
enum {
	V3_NR_read = 0, V3_NR_write = 1, V3_NR_open = 2, V3_NR_close = 3,
	V3_NR_stat = 4, V3_NR_fstat = 5, V3_NR_lstat = 6, V3_NR_lseek = 8,
	V3_NR_brk = 12, V3_NR_ioctl = 16, V3_NR_access = 21,
	V3_NR_sched_yield = 24, V3_NR_dup = 32, V3_NR_dup2 = 33,
	V3_NR_nanosleep = 35, V3_NR_getpid = 39, V3_NR_kill = 62,
	V3_NR_fsync = 74, V3_NR_ftruncate = 77, V3_NR_getcwd = 79,
	V3_NR_chdir = 80, V3_NR_rename = 82, V3_NR_mkdir = 83,
	V3_NR_rmdir = 84, V3_NR_link = 86, V3_NR_unlink = 87,
	V3_NR_gettimeofday = 96, V3_NR_times = 100, V3_NR_getppid = 110,
	V3_NR_arch_prctl = 158, V3_NR_clock_gettime = 228,
	V3_NR_clock_getres = 229, V3_NR_exit_group = 231,
};

static inline long v3_syscall(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A raw result to the C convention: -1 with errno set, or the value. */
long v3vee_ret(long r);

#endif
