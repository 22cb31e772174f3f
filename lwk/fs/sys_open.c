// SPDX-License-Identifier: GPL-2.0
/* open, openat and close. */
#include <lwk/syscalls.h>
#include <lwk/errno.h>

#include "fs_internal.h"

/* The open flags that only matter while opening (not kept for F_GETFL). */
#define FS_OPEN_ONLY (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

/*
 * Finds or creates the node an O_CREAT open names. A dangling symbolic
 * link gives -ENOENT (Linux would create its target; the kernel makes
 * no dangling links).
 */
static long fs_open_creat(struct fs_node *base, const char *path, int flags,
			  int mode, struct fs_node **out)
{
	struct fs_last last;
	struct fs_node *node;
	long ret;

	ret = fs_lookup_last(base, path, &last);
	if (ret)
		return ret;
	if (last.dot)
		return -EISDIR;
	node = fs_dir_find(last.dir, last.name, last.len);
	if (node) {
		if (flags & O_EXCL)
			return -EEXIST;
		if ((node->mode & S_IFMT) == S_IFLNK && !(flags & O_NOFOLLOW))
			return fs_lookup(base, path, true, out);
		*out = node;
		return 0;
	}
	if (last.slash)
		return -EISDIR;
	ret = fs_may_create(last.dir);
	if (ret)
		return ret;
	node = fs_node_new(last.dir, last.name, last.len,
			   S_IFREG | (mode & 07777 & ~FS_UMASK));
	if (!node)
		return -ENOMEM;
	node->written = true;
	*out = node;
	return 0;
}

static long fs_open_locked(int dirfd, const char *path, int flags, int mode)
{
	unsigned int acc = flags & O_ACCMODE;
	bool wr = acc == O_WRONLY || acc == O_RDWR;
	struct fs_node *base, *node;
	struct fs_file *file;
	long ret, fd;

	if (flags & O_PATH) {
		/* Linux ignores everything else with O_PATH. */
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
		acc = O_RDONLY;
		wr = false;
	}
	if (acc == O_ACCMODE)
		return -EINVAL;
	/*
	 * What Linux says for a file system without O_TMPFILE: glibc's
	 * tmpfile() then falls back to a named file it unlinks.
	 */
	if (flags & __O_TMPFILE)
		return -EOPNOTSUPP;
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL;
	if (!path[0])
		return -ENOENT;
	fd = fs_fd_lowest(0);
	if (fd < 0)
		return fd;
	ret = fs_at_base(dirfd, path, &base);
	if (ret)
		return ret;
	if (flags & O_CREAT)
		ret = fs_open_creat(base, path, flags, mode, &node);
	else
		ret = fs_lookup(base, path, !(flags & O_NOFOLLOW), &node);
	if (ret)
		return ret;

	switch (node->mode & S_IFMT) {
	case S_IFLNK: /* only reached with O_NOFOLLOW */
		if (!(flags & O_PATH))
			return -ELOOP;
		break;
	case S_IFDIR:
		if (wr || (flags & O_CREAT))
			return -EISDIR;
		break;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(node->mode))
		return -ENOTDIR;
	if (wr && node->readonly)
		return -EACCES;
	if ((flags & O_TRUNC) && (node->mode & S_IFMT) == S_IFREG) {
		if (node->readonly)
			return -EACCES;
		ret = fs_file_resize(node, 0);
		if (ret)
			return ret;
		node->written = true;
	}

	file = fs_file_new(node, (flags & ~FS_OPEN_ONLY) | O_LARGEFILE);
	if (!file)
		return -ENOMEM;
	return fs_fd_install_at(file, fd, flags & O_CLOEXEC);
}

long sys_openat(int dirfd, const char __user *upath, int flags, int mode)
{
	char *path;
	long ret;

	ret = fs_getname(upath, &path);
	if (ret)
		return ret;
	spin_lock(&fs_lock);
	ret = fs_open_locked(dirfd, path, flags, mode);
	spin_unlock(&fs_lock);
	fs_putname(path);
	return ret;
}

long sys_open(const char __user *path, int flags, int mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_close(int fd)
{
	long ret;

	spin_lock(&fs_lock);
	ret = fs_fd_close(fd);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_creat(const char __user *path, int mode)
{
	return sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
