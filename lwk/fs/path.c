// SPDX-License-Identifier: GPL-2.0
/*
 * Path names: copying them from user space and resolving them to nodes.
 *
 * Lookups run under fs_lock and return nodes without taking references:
 * nothing can be freed until the calling syscall drops the lock.
 */
#include <lwk/kmalloc.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/errno.h>

#include "fs_internal.h"

/* Copies a user path into a fresh PATH_MAX buffer; free with fs_putname. */
long fs_getname(const char __user *upath, char **out)
{
	char *path = kmalloc(FS_PATH_MAX);
	long ret;

	if (!path)
		return -ENOMEM;
	ret = strncpy_from_user(path, upath, FS_PATH_MAX);
	if (ret < 0) {
		kfree(path);
		return ret;
	}
	*out = path;
	return 0;
}

void fs_putname(char *path)
{
	kfree(path);
}

static bool fs_is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

static struct fs_node *fs_dotdot(struct fs_node *dir)
{
	return dir->parent ? dir->parent : dir;
}

/*
 * Resolves the path [p, end) relative to dir. Symbolic links met on the
 * way are followed (recursively, their targets being relative to the
 * directory holding them); the final component only when follow is set
 * or the path ends with a slash. *links counts links followed, to catch
 * loops as Linux does (40).
 */
static long fs_walk(struct fs_node *dir, const char *p, const char *end,
		    bool follow, int *links, struct fs_node **out)
{
	struct fs_node *cur = dir, *next;
	bool slash = false;
	long ret;

	if (p < end && *p == '/')
		cur = fs_root;
	for (;;) {
		const char *name;
		size_t len;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		name = p;
		while (p < end && *p != '/')
			p++;
		len = p - name;
		slash = p < end;
		if (!S_ISDIR(cur->mode))
			return -ENOTDIR;
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		if (fs_is_dot(name, len)) {
			if (len == 2)
				cur = fs_dotdot(cur);
			continue;
		}
		next = fs_dir_find(cur, name, len);
		if (!next)
			return -ENOENT;
		if ((next->mode & S_IFMT) == S_IFLNK) {
			bool last = true;
			const char *q;

			for (q = p; q < end; q++)
				last &= *q == '/';
			if (!last || follow || slash) {
				const char *t = next->target;

				if (++*links > FS_MAX_SYMLINKS)
					return -ELOOP;
				ret = fs_walk(cur, t, t + strlen(t), true,
					      links, &next);
				if (ret)
					return ret;
			}
		}
		cur = next;
	}
	if (slash && !S_ISDIR(cur->mode))
		return -ENOTDIR;
	*out = cur;
	return 0;
}

/* Resolves a kernel path relative to base; "" is base itself. */
long fs_lookup(struct fs_node *base, const char *path, bool follow,
	       struct fs_node **out)
{
	int links = 0;

	return fs_walk(base, path, path + strlen(path), follow, &links, out);
}

/*
 * Resolves all of path but its last component, for calls that create or
 * remove that component. The directory part is followed through links.
 */
long fs_lookup_last(struct fs_node *base, const char *path,
		    struct fs_last *last)
{
	const char *end = path + strlen(path), *name;
	int links = 0;
	long ret;

	memset(last, 0, sizeof(*last));
	while (end > path && end[-1] == '/') {
		end--;
		last->slash = true;
	}
	if (end == path) {
		/* "" is caught by the callers; "/" and "//" are the root. */
		last->dir = fs_root;
		last->dot = true;
		last->slash = false;
		return 0;
	}
	name = end;
	while (name > path && name[-1] != '/')
		name--;
	ret = fs_walk(base, path, name, true, &links, &last->dir);
	if (ret)
		return ret;
	if (!S_ISDIR(last->dir->mode))
		return -ENOTDIR;
	last->name = name;
	last->len = end - name;
	if (last->len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	last->dot = fs_is_dot(name, last->len);
	return 0;
}

/* The directory a relative path of an *at() call starts from. */
long fs_at_base(int dirfd, const char *path, struct fs_node **base)
{
	struct fs_file *f;

	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*base = fs_cwd;
		return 0;
	}
	f = fs_fd_get(dirfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->node->mode))
		return -ENOTDIR;
	*base = f->node;
	return 0;
}

/*
 * The lookup of the *at() calls that only look at a node. With empty_ok
 * (AT_EMPTY_PATH) an empty path names dirfd itself, whatever it is.
 */
long fs_at_lookup(int dirfd, const char __user *upath, bool follow,
		  bool empty_ok, struct fs_node **out)
{
	struct fs_node *base;
	struct fs_file *f;
	char *path;
	long ret;

	ret = fs_getname(upath, &path);
	if (ret)
		return ret;
	if (!path[0]) {
		ret = -ENOENT;
		if (empty_ok && dirfd == AT_FDCWD) {
			*out = fs_cwd;
			ret = 0;
		} else if (empty_ok) {
			f = fs_fd_get(dirfd);
			ret = f ? 0 : -EBADF;
			if (f)
				*out = f->node;
		}
	} else {
		ret = fs_at_base(dirfd, path, &base);
		if (!ret)
			ret = fs_lookup(base, path, follow, out);
	}
	fs_putname(path);
	return ret;
}

/*
 * Writes the absolute path of node into buf. Returns its length, or
 * -ERANGE if buf cannot hold it with the terminating NUL.
 */
long fs_path_of(struct fs_node *node, char *buf, size_t size)
{
	size_t len = 0, pos;
	struct fs_node *n;

	for (n = node; n->parent; n = n->parent)
		len += 1 + strlen(n->name);
	if (!len)
		len = 1;
	if (len + 1 > size)
		return -ERANGE;
	buf[0] = '/';
	buf[len] = '\0';
	pos = len;
	for (n = node; n->parent; n = n->parent) {
		size_t l = strlen(n->name);

		pos -= l;
		memcpy(buf + pos, n->name, l);
		buf[--pos] = '/';
	}
	return len;
}
