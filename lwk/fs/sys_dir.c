// SPDX-License-Identifier: GPL-2.0
/*
 * Directories: getcwd, chdir, mkdir, unlink/rmdir, rename and getdents64.
 */
#include <lwk/syscalls.h>
#include <lwk/kmalloc.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/errno.h>

#include "fs_internal.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Records are this header, the name and a NUL, padded to 8 bytes. */
#define FS_DIRENT_HEAD offsetof(struct linux_dirent64, d_name)

long sys_getcwd(char __user *buf, size_t size)
{
	char *path = kmalloc(FS_PATH_MAX);
	long len;

	if (!path)
		return -ENOMEM;
	spin_lock(&fs_lock);
	if (!fs_cwd->linked)
		len = -ENOENT; /* removed with rmdir */
	else
		len = fs_path_of(fs_cwd, path, FS_PATH_MAX);
	spin_unlock(&fs_lock);
	if (len == -ERANGE)
		len = -ENAMETOOLONG;
	if (len >= 0 && (size_t)len + 1 > size)
		len = -ERANGE;
	else if (len >= 0)
		len = copy_to_user(buf, path, len + 1) ? -EFAULT : len + 1;
	kfree(path);
	return len;
}

long sys_chdir(const char __user *path)
{
	struct fs_node *node;
	long ret;

	spin_lock(&fs_lock);
	ret = fs_at_lookup(AT_FDCWD, path, true, false, &node);
	if (!ret && !S_ISDIR(node->mode))
		ret = -ENOTDIR;
	if (!ret) {
		fs_node_get(node);
		fs_node_put(fs_cwd);
		fs_cwd = node;
	}
	spin_unlock(&fs_lock);
	return ret;
}

/*
 * Resolves the parent directory of a path an *at() call creates or
 * removes an entry in. Paths are copied in by the caller.
 */
static long fs_at_last(int dirfd, const char *path, struct fs_last *last)
{
	struct fs_node *base;
	long ret;

	if (!path[0])
		return -ENOENT;
	ret = fs_at_base(dirfd, path, &base);
	if (!ret)
		ret = fs_lookup_last(base, path, last);
	return ret;
}

static long fs_mkdir_locked(int dirfd, const char *path, int mode)
{
	struct fs_last last;
	long ret;

	ret = fs_at_last(dirfd, path, &last);
	if (ret)
		return ret;
	if (last.dot || fs_dir_find(last.dir, last.name, last.len))
		return -EEXIST;
	ret = fs_may_create(last.dir);
	if (ret)
		return ret;
	if (!fs_node_new(last.dir, last.name, last.len,
			 S_IFDIR | (mode & 01777 & ~FS_UMASK)))
		return -ENOMEM;
	return 0;
}

long sys_mkdirat(int dirfd, const char __user *upath, int mode)
{
	char *path;
	long ret;

	ret = fs_getname(upath, &path);
	if (ret)
		return ret;
	spin_lock(&fs_lock);
	ret = fs_mkdir_locked(dirfd, path, mode);
	spin_unlock(&fs_lock);
	fs_putname(path);
	return ret;
}

long sys_mkdir(const char __user *path, int mode)
{
	return sys_mkdirat(AT_FDCWD, path, mode);
}

static long fs_unlink_locked(int dirfd, const char *path, bool rmdir)
{
	struct fs_last last;
	struct fs_node *node;
	long ret;

	ret = fs_at_last(dirfd, path, &last);
	if (ret)
		return ret;
	if (last.dot && rmdir) {
		if (!last.len)
			return -EBUSY; /* the root */
		return last.len == 1 ? -EINVAL : -ENOTEMPTY;
	}
	if (last.dot)
		return -EISDIR;
	node = fs_dir_find(last.dir, last.name, last.len);
	if (!node)
		return -ENOENT;
	if (last.dir->readonly)
		return -EACCES;
	if (rmdir) {
		if (!S_ISDIR(node->mode))
			return -ENOTDIR;
		if (node->children)
			return -ENOTEMPTY;
	} else {
		if (S_ISDIR(node->mode))
			return -EISDIR;
		if (last.slash)
			return -ENOTDIR;
	}
	fs_node_unlink(node);
	return 0;
}

long sys_unlinkat(int dirfd, const char __user *upath, int flags)
{
	char *path;
	long ret;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	ret = fs_getname(upath, &path);
	if (ret)
		return ret;
	spin_lock(&fs_lock);
	ret = fs_unlink_locked(dirfd, path, flags & AT_REMOVEDIR);
	spin_unlock(&fs_lock);
	fs_putname(path);
	return ret;
}

long sys_unlink(const char __user *path)
{
	return sys_unlinkat(AT_FDCWD, path, 0);
}

/* Whether dir is node or lies below it. */
static bool fs_is_within(struct fs_node *dir, struct fs_node *node)
{
	for (; dir; dir = dir->parent) {
		if (dir == node)
			return true;
	}
	return false;
}

/*
 * Renames files and directories (the target, if any, is replaced when it
 * is of a compatible type), with Linux's error codes.
 */
static long fs_rename_locked(const char *oldpath, const char *newpath)
{
	struct fs_last from, to;
	struct fs_node *src, *dst;
	long ret;

	ret = fs_at_last(AT_FDCWD, oldpath, &from);
	if (!ret)
		ret = fs_at_last(AT_FDCWD, newpath, &to);
	if (ret)
		return ret;
	if (from.dot || to.dot)
		return -EBUSY;
	src = fs_dir_find(from.dir, from.name, from.len);
	if (!src)
		return -ENOENT;
	if (from.dir->readonly)
		return -EACCES;
	ret = fs_may_create(to.dir);
	if (ret)
		return ret;
	if ((from.slash || to.slash) && !S_ISDIR(src->mode))
		return -ENOTDIR;
	dst = fs_dir_find(to.dir, to.name, to.len);
	if (dst == src)
		return 0;
	if (S_ISDIR(src->mode)) {
		if (fs_is_within(to.dir, src))
			return -EINVAL;
		if (dst && !S_ISDIR(dst->mode))
			return -ENOTDIR;
		if (dst && dst->children)
			return -ENOTEMPTY;
	} else if (dst && S_ISDIR(dst->mode)) {
		return -EISDIR;
	}
	return fs_node_move(src, to.dir, to.name, to.len, dst);
}

long sys_rename(const char __user *uold, const char __user *unew)
{
	char *oldpath, *newpath;
	long ret;

	ret = fs_getname(uold, &oldpath);
	if (ret)
		return ret;
	ret = fs_getname(unew, &newpath);
	if (ret) {
		fs_putname(oldpath);
		return ret;
	}
	spin_lock(&fs_lock);
	ret = fs_rename_locked(oldpath, newpath);
	spin_unlock(&fs_lock);
	fs_putname(newpath);
	fs_putname(oldpath);
	return ret;
}

static unsigned char fs_dtype(struct fs_node *node)
{
	switch (node->mode & S_IFMT) {
	case S_IFDIR:
		return FS_DT_DIR;
	case S_IFLNK:
		return FS_DT_LNK;
	case S_IFCHR:
		return FS_DT_CHR;
	default:
		return FS_DT_REG;
	}
}

/*
 * Directory positions are entry indices: 0 is ".", 1 is "..", 2 + k the
 * k-th entry in creation order. Each record's d_off is the position after
 * it, so glibc's telldir/seekdir work through lseek.
 */
static long fs_getdents_locked(struct fs_file *f, char __user *buf,
			       size_t count)
{
	struct fs_node *dir = f->node, *child = dir->children;
	union {
		struct linux_dirent64 d;
		char space[sizeof(struct linux_dirent64) + FS_NAME_MAX + 8];
	} rec;
	size_t done = 0, namelen, reclen;
	off_t idx;

	if (!dir->linked)
		return -ENOENT;
	for (idx = 2; child && idx < f->pos; idx++)
		child = child->next;
	for (idx = f->pos; idx < 2 || child; idx++) {
		struct fs_node *n = child;
		const char *name = idx ? ".." : ".";

		if (idx == 0)
			n = dir;
		else if (idx == 1)
			n = dir->parent ? dir->parent : dir;
		else
			name = child->name;
		namelen = strlen(name);
		reclen = ALIGN_UP(FS_DIRENT_HEAD + namelen + 1, 8);
		if (reclen > count - done) {
			if (!done)
				return -EINVAL;
			break;
		}
		memset(&rec, 0, reclen);
		rec.d.d_ino = n->ino;
		rec.d.d_off = idx + 1;
		rec.d.d_reclen = reclen;
		rec.d.d_type = fs_dtype(n);
		memcpy(rec.d.d_name, name, namelen);
		if (copy_to_user(buf + done, &rec, reclen))
			return -EFAULT;
		done += reclen;
		if (idx >= 2)
			child = child->next;
	}
	f->pos = idx;
	return done;
}

long sys_getdents64(int fd, void __user *dirp, size_t count)
{
	struct fs_file *f;
	long ret = -EBADF;

	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	if (f && !(f->flags & O_PATH)) {
		if (S_ISDIR(f->node->mode))
			ret = fs_getdents_locked(f, dirp, count);
		else
			ret = -ENOTDIR;
	}
	spin_unlock(&fs_lock);
	return ret;
}

long sys_rmdir(const char __user *path)
{
	return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}
