/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handlers of the Linux x86-64 system calls the LWK implements. Each
 * returns the Linux result: a value >= 0, or -errno. The table in
 * lwk/kernel/syscall.c maps numbers to these; Documentation/
 * syscalls.md lists them with their status.
 */
#ifndef LWK_SYSCALLS_H
#define LWK_SYSCALLS_H

#include <lwk/types.h>

struct iovec;
struct stat;
struct timespec;

/* lwk/fs/: files and descriptors */
long sys_read(int fd, void __user *buf, size_t count);
long sys_write(int fd, const void __user *buf, size_t count);
long sys_readv(int fd, const struct iovec __user *iov, int iovcnt);
long sys_writev(int fd, const struct iovec __user *iov, int iovcnt);
long sys_pread64(int fd, void __user *buf, size_t count, off_t offset);
long sys_pwrite64(int fd, const void __user *buf, size_t count, off_t offset);
long sys_open(const char __user *path, int flags, int mode);
long sys_openat(int dirfd, const char __user *path, int flags, int mode);
long sys_close(int fd);
long sys_lseek(int fd, off_t offset, int whence);
long sys_fstat(int fd, struct stat __user *st);
long sys_stat(const char __user *path, struct stat __user *st);
long sys_lstat(const char __user *path, struct stat __user *st);
long sys_newfstatat(int dirfd, const char __user *path, struct stat __user *st,
		    int flags);
long sys_access(const char __user *path, int mode);
long sys_faccessat(int dirfd, const char __user *path, int mode);
long sys_faccessat2(int dirfd, const char __user *path, int mode, int flags);
long sys_readlink(const char __user *path, char __user *buf, size_t size);
long sys_readlinkat(int dirfd, const char __user *path, char __user *buf,
		    size_t size);
long sys_getcwd(char __user *buf, size_t size);
long sys_chdir(const char __user *path);
long sys_unlink(const char __user *path);
long sys_unlinkat(int dirfd, const char __user *path, int flags);
long sys_mkdir(const char __user *path, int mode);
long sys_rmdir(const char __user *path);
long sys_creat(const char __user *path, int mode);
long sys_mkdirat(int dirfd, const char __user *path, int mode);
long sys_rename(const char __user *oldpath, const char __user *newpath);
long sys_getdents64(int fd, void __user *dirp, size_t count);
long sys_dup(int oldfd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, int cmd, unsigned long arg);
long sys_ioctl(int fd, unsigned long cmd, unsigned long arg);
long sys_ftruncate(int fd, off_t length);
long sys_fsync(int fd);

struct timeval;
struct rusage;
struct tms;
struct utsname;
struct sysinfo;
struct rlimit64;

/* lwk/mm/sys_mm.c: memory */
long sys_brk(uint64_t addr);
long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd,
	      off_t offset);
long sys_munmap(uint64_t addr, uint64_t len);
long sys_mprotect(uint64_t addr, uint64_t len, int prot);
long sys_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len,
		int flags, uint64_t new_addr);
long sys_madvise(uint64_t addr, uint64_t len, int advice);

/* lwk/kernel/sys_time.c: clocks and sleeping */
long sys_clock_gettime(int clock, struct timespec __user *ts);
long sys_clock_getres(int clock, struct timespec __user *ts);
long sys_gettimeofday(struct timeval __user *tv, void __user *tz);
long sys_time(int64_t __user *t);
long sys_nanosleep(const struct timespec __user *req,
		   struct timespec __user *rem);
long sys_clock_nanosleep(int clock, int flags,
			 const struct timespec __user *req,
			 struct timespec __user *rem);
long sys_getrusage(int who, struct rusage __user *ru);
long sys_times(struct tms __user *buf);

/* lwk/kernel/sys_process.c: identity, limits, exit */
long sys_exit(int status);
long sys_exit_group(int status);
long sys_getpid(void);
long sys_gettid(void);
long sys_getppid(void);
long sys_getuid(void);
long sys_arch_prctl(int code, uint64_t addr);
long sys_set_tid_address(int __user *tidptr);
long sys_set_robust_list(void __user *head, size_t len);
long sys_prlimit64(int pid, int resource, const struct rlimit64 __user *new,
		   struct rlimit64 __user *old);
long sys_getrlimit(int resource, struct rlimit64 __user *rlim);
long sys_uname(struct utsname __user *buf);
long sys_sysinfo(struct sysinfo __user *info);
long sys_getrandom(void __user *buf, size_t len, unsigned int flags);
long sys_sched_getaffinity(int pid, size_t len, void __user *mask);
long sys_sched_yield(void);

/* lwk/kernel/sys_signal.c: signals are accepted but never delivered */
long sys_rt_sigaction(int sig, const void __user *act, void __user *old,
		      size_t sigsetsize);
long sys_rt_sigprocmask(int how, const void __user *set, void __user *old,
			size_t sigsetsize);
long sys_sigaltstack(const void __user *ss, void __user *old);
long sys_rt_sigreturn(void);
long sys_kill(int pid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_tkill(int tid, int sig);

/* lwk/kernel/sys_clone.c: threads */
struct clone_args;
long sys_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid,
	       uint64_t child_tid, uint64_t tls);
long sys_clone3(const struct clone_args __user *args, size_t size);
long sys_sched_setaffinity(int tid, size_t len, const void __user *mask);
long sys_getcpu(unsigned int __user *cpu, unsigned int __user *node,
		void __user *cache);

/* lwk/kernel/sys_futex.c */
long sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	       const struct timespec __user *timeout, uint32_t __user *uaddr2,
	       uint32_t val3);

/* lwk/kernel/sys_counters.c: LWK_NR_CPU_COUNTERS (not a Linux call) */
struct lwk_cpu_counters;
long sys_lwk_cpu_counters(struct lwk_cpu_counters __user *buf,
			  unsigned long max);

#endif
