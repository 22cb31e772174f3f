// SPDX-License-Identifier: GPL-2.0
/* Descriptor control: dup, dup2, dup3, fcntl and ioctl. */
#include <lwk/syscalls.h>
#include <lwk/uaccess.h>
#include <lwk/errno.h>
#include <asm-generic/ioctls.h>

#include "fs_internal.h"

/* The status flags F_SETFL may change, as on Linux. */
#define FS_SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC)

/* Gives oldfd's description a new descriptor >= min (-1: exactly newfd). */
static long fs_dup_locked(int oldfd, int min, int newfd, bool cloexec)
{
	struct fs_file *f = fs_fd_get(oldfd);
	long fd;

	if (!f)
		return -EBADF;
	fd = newfd >= 0 ? newfd : fs_fd_lowest(min);
	if (fd < 0)
		return fd;
	f->refs++;
	return fs_fd_install_at(f, fd, cloexec);
}

long sys_dup(int oldfd)
{
	long ret;

	spin_lock(&fs_lock);
	ret = fs_dup_locked(oldfd, 0, -1, false);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	long ret;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (newfd < 0 || newfd >= FS_MAX_FDS)
		return -EBADF;
	if (oldfd == newfd)
		return -EINVAL;
	spin_lock(&fs_lock);
	ret = fs_dup_locked(oldfd, 0, newfd, flags & O_CLOEXEC);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_dup2(int oldfd, int newfd)
{
	long ret;

	if (oldfd != newfd)
		return sys_dup3(oldfd, newfd, 0);
	/* dup2(fd, fd) only checks that fd is open. */
	spin_lock(&fs_lock);
	ret = fs_fd_get(oldfd) ? newfd : -EBADF;
	spin_unlock(&fs_lock);
	return ret;
}

/*
 * Record locks: with a single process every lock is granted at once, and
 * F_GETLK reports that nothing would conflict.
 */
static long fs_getlk(unsigned long arg)
{
	struct flock lk;

	if (copy_from_user(&lk, (void __user *)arg, sizeof(lk)))
		return -EFAULT;
	lk.l_type = F_UNLCK;
	return copy_to_user((void __user *)arg, &lk, sizeof(lk)) ? -EFAULT : 0;
}

static long fs_fcntl_locked(int fd, int cmd, unsigned long arg)
{
	struct fs_file *f = fs_fd_get(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= FS_MAX_FDS)
			return -EINVAL;
		return fs_dup_locked(fd, arg, -1, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fs_fd_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fs_fd_set_cloexec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	}
	/* Linux allows only the commands above on O_PATH descriptors. */
	if (f->flags & O_PATH)
		return -EBADF;
	switch (cmd) {
	case F_SETFL:
		f->flags = (f->flags & ~FS_SETFL_MASK) | (arg & FS_SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_OFD_GETLK:
		return fs_getlk(arg);
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_fcntl(int fd, int cmd, unsigned long arg)
{
	long ret;

	spin_lock(&fs_lock);
	ret = fs_fcntl_locked(fd, cmd, arg);
	spin_unlock(&fs_lock);
	return ret;
}

/*
 * No descriptor is a terminal, not even the console: TCGETS failing makes
 * glibc fully buffer stdout, which keeps console output cheap. Only the
 * generic close-on-exec requests do anything.
 */
long sys_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	struct fs_file *f;
	long ret = -EBADF;

	(void)arg; /* no request handled here takes an argument */
	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	if (f && !(f->flags & O_PATH)) {
		ret = -ENOTTY;
		if (cmd == FIOCLEX || cmd == FIONCLEX) {
			fs_fd_set_cloexec(fd, cmd == FIOCLEX);
			ret = 0;
		}
	}
	spin_unlock(&fs_lock);
	return ret;
}
