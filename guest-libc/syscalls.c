// SPDX-License-Identifier: GPL-2.0
/*
 * guest-libc's system-call layer: what newlib, configured for the bare
 * x86_64-elf target, expects from an operating system (read, write,
 * open, sbrk, _exit, _rename, ...: newlib's reentrant wrappers in
 * libc/reent call them by these names, its build defines
 * MISSING_SYSCALL_NAMES), and the POSIX calls newlib has no code for on
 * that target (clock_gettime, nanosleep, mkdir, ...), made with the LWK's
 * Linux x86-64 system calls (Documentation/syscalls.md).
 *
 * newlib's ABI is not Linux's in four places, converted here: the open()
 * flags, struct stat, the clock ids and the errno numbers above 34.
 */
#define _GNU_SOURCE /* the Linux clock ids in time.h */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "v3vee_sys.h"

/*
 * Linux errno numbers from 35 up that the LWK can return, and newlib's
 * numbers for them (1-34 are the same in both). Any other becomes EIO.
 */
static const struct {
	short linux_nr, newlib_nr;
} errno_map[] = {
	{ 35, EDEADLK },      { 36, ENAMETOOLONG }, { 37, ENOLCK },
	{ 38, ENOSYS },       { 39, ENOTEMPTY },    { 40, ELOOP },
	{ 42, ENOMSG },       { 43, EIDRM },        { 61, ENODATA },
	{ 62, ETIME },        { 71, EPROTO },       { 74, EBADMSG },
	{ 75, EOVERFLOW },    { 84, EILSEQ },       { 95, EOPNOTSUPP },
	{ 110, ETIMEDOUT },   { 122, EDQUOT },      { 125, ECANCELED },
};

long v3vee_ret(long r)
{
	unsigned int i;
	long e;

	if (r >= 0 || r < -4095)
		return r;
	e = -r;
	if (e > 34) {
		for (i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
			if (errno_map[i].linux_nr == e)
				break;
		e = i < sizeof(errno_map) / sizeof(errno_map[0])
			    ? errno_map[i].newlib_nr
			    : EIO;
	}
	errno = (int)e;
	return -1;
}

#define SYS(nr, a, b, c) v3vee_ret(v3_syscall(V3_NR_##nr, (long)(a), \
					      (long)(b), (long)(c), 0))

void _exit(int status)
{
	for (;;)
		v3_syscall(V3_NR_exit_group, status, 0, 0, 0);
}

/*
 * newlib declares read and write to return int; the LWK, as Linux, moves
 * at most 0x7ffff000 bytes per call, so the count always fits.
 */
_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
	return SYS(read, fd, buf, n);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
	return SYS(write, fd, buf, n);
}

/* newlib's O_* bits (sys/_default_fcntl.h) and Linux's (octal). */
static const struct {
	int newlib_flag, linux_flag;
} open_flags[] = {
	{ O_APPEND, 02000 },     { O_CREAT, 0100 },       { O_TRUNC, 01000 },
	{ O_EXCL, 0200 },        { O_NONBLOCK, 04000 },   { O_NOCTTY, 0400 },
	{ O_SYNC, 04010000 },    { O_DIRECTORY, 0200000 },
	{ O_NOFOLLOW, 0400000 }, { O_CLOEXEC, 02000000 }, { O_DIRECT, 040000 },
};

int open(const char *path, int flags, ...)
{
	int lflags = flags & O_ACCMODE, rest = flags & ~O_ACCMODE;
	unsigned int i;
	__builtin_va_list ap;
	mode_t mode;

	for (i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++) {
		if (rest & open_flags[i].newlib_flag) {
			lflags |= open_flags[i].linux_flag;
			rest &= ~open_flags[i].newlib_flag;
		}
	}
	if (rest) {		/* O_BINARY, O_EXLOCK, ...: no Linux meaning */
		errno = EINVAL;
		return -1;
	}
	mode = 0;
	if (flags & O_CREAT) {	/* the mode argument is there only then */
		__builtin_va_start(ap, flags);
		mode = __builtin_va_arg(ap, mode_t);
		__builtin_va_end(ap);
	}
	return SYS(open, path, lflags, mode);
}

int close(int fd)
{
	return SYS(close, fd, 0, 0);
}

off_t lseek(int fd, off_t off, int whence)
{
	return SYS(lseek, fd, off, whence);
}

/* The kernel's struct stat on x86-64 (asm/stat.h). */
struct linux_stat {
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid, pad0;
	unsigned long rdev;
	long size, blksize, blocks;
	unsigned long atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	long unused[3];
};

/* newlib's st_dev and st_ino are 16 bits wide: they are cut. */
static int stat_result(long r, const struct linux_stat *ls, struct stat *st)
{
	if (v3vee_ret(r) < 0)
		return -1;
	*st = (struct stat){
		.st_dev = (dev_t)ls->dev,
		.st_ino = (ino_t)ls->ino,
		.st_mode = ls->mode,
		.st_nlink = (nlink_t)ls->nlink,
		.st_uid = (uid_t)ls->uid,
		.st_gid = (gid_t)ls->gid,
		.st_rdev = (dev_t)ls->rdev,
		.st_size = ls->size,
		.st_atim = { (time_t)ls->atime, (long)ls->atime_ns },
		.st_mtim = { (time_t)ls->mtime, (long)ls->mtime_ns },
		.st_ctim = { (time_t)ls->ctime, (long)ls->ctime_ns },
		.st_blksize = ls->blksize,
		.st_blocks = ls->blocks,
	};
	return 0;
}

int fstat(int fd, struct stat *st)
{
	struct linux_stat ls;

	return stat_result(v3_syscall(V3_NR_fstat, fd, (long)&ls, 0, 0), &ls,
			   st);
}

int stat(const char *path, struct stat *st)
{
	struct linux_stat ls;

	return stat_result(v3_syscall(V3_NR_stat, (long)path, (long)&ls, 0, 0),
			   &ls, st);
}

int lstat(const char *path, struct stat *st)
{
	struct linux_stat ls;

	return stat_result(v3_syscall(V3_NR_lstat, (long)path, (long)&ls, 0,
				      0),
			   &ls, st);
}

int isatty(int fd)
{
	unsigned char termios[64]; /* struct termios is 60 bytes */

	/* TCGETS: the LWK answers ENOTTY for every descriptor. */
	if (SYS(ioctl, fd, 0x5401, termios) < 0) {
		if (errno != EBADF)
			errno = ENOTTY;
		return 0;
	}
	return 1;
}

/* The heap: the program break, which the LWK moves in 2 MB steps. */
void *sbrk(ptrdiff_t incr)
{
	static uintptr_t cur;
	uintptr_t want;

	if (!cur)
		cur = (uintptr_t)v3_syscall(V3_NR_brk, 0, 0, 0, 0);
	want = cur + (uintptr_t)incr;
	if ((incr > 0 && want < cur) || (incr < 0 && want > cur) ||
	    (uintptr_t)v3_syscall(V3_NR_brk, (long)want, 0, 0, 0) != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	cur = want;
	return (void *)(want - (uintptr_t)incr);
}

int getpid(void)
{
	return (int)v3_syscall(V3_NR_getpid, 0, 0, 0, 0);
}

pid_t getppid(void)
{
	return (pid_t)v3_syscall(V3_NR_getppid, 0, 0, 0, 0);
}

int kill(pid_t pid, int sig)
{
	return SYS(kill, pid, sig, 0);
}

/*
 * struct tms is laid out as Linux's, but Linux counts in 1/100 s
 * (AT_CLKTCK) and newlib's clock() and times() in CLOCKS_PER_SEC (1000).
 */
clock_t times(struct tms *t)
{
	const clock_t scale = CLOCKS_PER_SEC / 100;
	long r = SYS(times, t, 0, 0);

	if (r == -1)
		return (clock_t)-1;
	t->tms_utime *= scale;
	t->tms_stime *= scale;
	t->tms_cutime *= scale;
	t->tms_cstime *= scale;
	return (clock_t)r * scale;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	return SYS(gettimeofday, tv, tz, 0);
}

int unlink(const char *path)
{
	return SYS(unlink, path, 0, 0);
}

int link(const char *old, const char *new)
{
	return SYS(link, old, new, 0);
}

int _rename(const char *old, const char *new)
{
	return SYS(rename, old, new, 0);
}

int mkdir(const char *path, mode_t mode)
{
	return SYS(mkdir, path, mode, 0);
}

int rmdir(const char *path)
{
	return SYS(rmdir, path, 0, 0);
}

int chdir(const char *path)
{
	return SYS(chdir, path, 0, 0);
}

char *getcwd(char *buf, size_t size)
{
	return SYS(getcwd, buf, size, 0) < 0 ? NULL : buf;
}

int access(const char *path, int mode)
{
	return SYS(access, path, mode, 0);
}

int dup(int fd)
{
	return SYS(dup, fd, 0, 0);
}

int dup2(int fd, int to)
{
	return SYS(dup2, fd, to, 0);
}

int fsync(int fd)
{
	return SYS(fsync, fd, 0, 0);
}

int ftruncate(int fd, off_t len)
{
	return SYS(ftruncate, fd, len, 0);
}

/* newlib's clock ids (time.h) are not Linux's. */
static long linux_clock(clockid_t id)
{
	switch (id) {
	case CLOCK_REALTIME: return 0;
	case CLOCK_MONOTONIC: return 1;
	case CLOCK_PROCESS_CPUTIME_ID: return 2;
	case CLOCK_THREAD_CPUTIME_ID: return 3;
	case CLOCK_MONOTONIC_RAW: return 4;
	case CLOCK_REALTIME_COARSE: return 5;
	case CLOCK_MONOTONIC_COARSE: return 6;
	case CLOCK_BOOTTIME: return 7;
	default: return -1;
	}
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	long lid = linux_clock(id);

	if (lid < 0) {
		errno = EINVAL;
		return -1;
	}
	return SYS(clock_gettime, lid, ts, 0);
}

int clock_getres(clockid_t id, struct timespec *res)
{
	long lid = linux_clock(id);

	if (lid < 0) {
		errno = EINVAL;
		return -1;
	}
	return SYS(clock_getres, lid, res, 0);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return SYS(nanosleep, req, rem, 0);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = { .tv_sec = seconds };

	return nanosleep(&ts, NULL) ? seconds : 0;
}

int usleep(useconds_t us)
{
	struct timespec ts = { .tv_sec = us / 1000000,
			       .tv_nsec = (long)(us % 1000000) * 1000 };

	return nanosleep(&ts, NULL);
}

int sched_yield(void)
{
	return SYS(sched_yield, 0, 0, 0);
}

/* newlib has memalign but, for this target, no posix_memalign. */
int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
