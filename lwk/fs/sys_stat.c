// SPDX-License-Identifier: GPL-2.0
/* Looking at nodes: the stat family, the access family and readlink. */
#include <lwk/syscalls.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/errno.h>

#include "fs_internal.h"

/* AT_NO_AUTOMOUNT and the AT_STATX_* sync hints mean nothing here. */
#define FS_STAT_IGNORED (0x800 | 0x6000)

static long fs_copy_stat(struct fs_node *node, struct stat __user *ust)
{
	struct stat st;

	fs_node_stat(node, &st);
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_newfstatat(int dirfd, const char __user *path, struct stat __user *st,
		    int flags)
{
	struct fs_node *node;
	long ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | FS_STAT_IGNORED))
		return -EINVAL;
	spin_lock(&fs_lock);
	ret = fs_at_lookup(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
			   flags & AT_EMPTY_PATH, &node);
	if (!ret)
		ret = fs_copy_stat(node, st);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_stat(const char __user *path, struct stat __user *st)
{
	return sys_newfstatat(AT_FDCWD, path, st, 0);
}

long sys_lstat(const char __user *path, struct stat __user *st)
{
	return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat(int fd, struct stat __user *st)
{
	struct fs_file *f;
	long ret = -EBADF;

	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	if (f)
		ret = fs_copy_stat(f->node, st);
	spin_unlock(&fs_lock);
	return ret;
}

/*
 * The program is treated as the owner of everything (as root would be):
 * only kernel-made nodes refuse writing, and executing needs an x bit.
 */
static long fs_access_node(struct fs_node *node, int mode)
{
	if ((mode & FS_W_OK) && node->readonly)
		return -EACCES;
	if ((mode & FS_X_OK) && !S_ISDIR(node->mode) && !(node->mode & 0111))
		return -EACCES;
	return 0;
}

long sys_faccessat2(int dirfd, const char __user *path, int mode, int flags)
{
	struct fs_node *node;
	long ret;

	if (mode & ~(FS_R_OK | FS_W_OK | FS_X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	spin_lock(&fs_lock);
	ret = fs_at_lookup(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
			   flags & AT_EMPTY_PATH, &node);
	if (!ret)
		ret = fs_access_node(node, mode);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_faccessat(int dirfd, const char __user *path, int mode)
{
	return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(const char __user *path, int mode)
{
	return sys_faccessat2(AT_FDCWD, path, mode, 0);
}

/* An empty path is -ENOENT (links are not opened with O_PATH here). */
long sys_readlinkat(int dirfd, const char __user *path, char __user *buf,
		    size_t size)
{
	struct fs_node *node;
	size_t len;
	long ret;

	if ((int)size <= 0)
		return -EINVAL;
	spin_lock(&fs_lock);
	ret = fs_at_lookup(dirfd, path, false, false, &node);
	if (ret)
		goto out;
	ret = -EINVAL;
	if ((node->mode & S_IFMT) != S_IFLNK)
		goto out;
	len = MIN(strlen(node->target), size);
	ret = copy_to_user(buf, node->target, len) ? -EFAULT : (long)len;
out:
	spin_unlock(&fs_lock);
	return ret;
}

long sys_readlink(const char __user *path, char __user *buf, size_t size)
{
	return sys_readlinkat(AT_FDCWD, path, buf, size);
}
