// SPDX-License-Identifier: GPL-2.0
/*
 * Building the file system: the initial tree and descriptors, and the
 * files and links the kernel synthesizes. Kernel-made files and the
 * directories created for them are read-only to the program.
 */
#include <lwk/fs.h>
#include <lwk/kmalloc.h>
#include <lwk/string.h>
#include <lwk/errno.h>

#include "fs_internal.h"

spinlock_t fs_lock = SPINLOCK_INIT;
struct fs_node *fs_root;
struct fs_node *fs_cwd;

static long fs_mklink(struct fs_node *dir, const char *name, size_t len,
		      const char *target);

static struct fs_node *fs_mkdev(struct fs_node *dev, const char *name,
				unsigned int perm, enum fs_dev kind)
{
	struct fs_node *n =
		fs_node_new(dev, name, strlen(name), S_IFCHR | perm);

	if (n)
		n->dev = kind;
	return n;
}

/*
 * Creates /, /tmp, /dev/{null,zero,console,stdin,stdout,stderr} and
 * descriptors 0-2, which share one read-write description of /dev/console
 * as after a login.
 * Calling it again starts over from scratch (used by the unit tests).
 */
void fs_init(void)
{
	struct fs_node *tmp, *dev, *console;
	struct fs_file *f;

	spin_lock(&fs_lock);
	if (fs_root) {
		fs_fd_close_all();
		fs_node_put(fs_cwd);
		fs_free_tree(fs_root);
	}
	fs_root = fs_node_new(NULL, NULL, 0, S_IFDIR | 0755);
	fs_cwd = fs_root;
	if (!fs_root)
		goto out;
	fs_node_get(fs_cwd);
	tmp = fs_node_new(fs_root, "tmp", 3, S_IFDIR | S_ISVTX | 0777);
	dev = fs_node_new(fs_root, "dev", 3, S_IFDIR | 0755);
	if (!tmp || !dev)
		goto out;
	dev->readonly = true;
	fs_mkdev(dev, "null", 0666, FS_DEV_NULL);
	fs_mkdev(dev, "zero", 0666, FS_DEV_ZERO);
	console = fs_mkdev(dev, "console", 0600, FS_DEV_CONSOLE);
	if (!console)
		goto out;
	/* Programs name these as output files; there is no /proc/self/fd. */
	fs_mklink(dev, "stdin", 5, "console");
	fs_mklink(dev, "stdout", 6, "console");
	fs_mklink(dev, "stderr", 6, "console");
	f = fs_file_new(console, O_RDWR | O_LARGEFILE);
	if (!f)
		goto out;
	f->refs = 3;
	fs_fd_install_at(f, 0, false);
	fs_fd_install_at(f, 1, false);
	fs_fd_install_at(f, 2, false);
out:
	spin_unlock(&fs_lock);
}

/*
 * Finds or makes (read-only) the directories leading to the last
 * component of an absolute kernel path.
 */
static long fs_kernel_parent(const char *path, struct fs_last *last)
{
	struct fs_node *dir = fs_root, *next;
	const char *p = path, *name;
	size_t len;
	long ret;

	for (;;) {
		while (*p == '/')
			p++;
		name = p;
		while (*p && *p != '/')
			p++;
		len = p - name;
		if (!*p)
			break;
		next = fs_dir_find(dir, name, len);
		if (next && (next->mode & S_IFMT) == S_IFLNK) {
			ret = fs_lookup(dir, next->target, true, &next);
			if (ret)
				return ret;
		}
		if (!next) {
			next = fs_node_new(dir, name, len, S_IFDIR | 0555);
			if (!next)
				return -ENOMEM;
			next->readonly = true;
		}
		if (!S_ISDIR(next->mode))
			return -ENOTDIR;
		dir = next;
	}
	if (!len || len > FS_NAME_MAX || (name[0] == '.' && len <= 2))
		return -EINVAL;
	if (fs_dir_find(dir, name, len))
		return -EEXIST;
	last->dir = dir;
	last->name = name;
	last->len = len;
	return 0;
}

int fs_add_file(const char *path, const void *data, size_t len)
{
	struct fs_last last;
	struct fs_node *n;
	unsigned int perm;
	long ret;

	spin_lock(&fs_lock);
	ret = fs_kernel_parent(path, &last);
	if (ret)
		goto out;
	/* The program's own file (an ELF image) stays executable. */
	perm = len >= 4 && !memcmp(data, "\177ELF", 4) ? 0555 : 0444;
	ret = -ENOMEM;
	n = fs_node_new(last.dir, last.name, last.len, S_IFREG | perm);
	if (!n)
		goto out;
	n->readonly = true;
	ret = fs_file_resize(n, len);
	if (ret) {
		fs_node_unlink(n);
		goto out;
	}
	if (len)
		memcpy(n->data, data, len);
out:
	spin_unlock(&fs_lock);
	return ret;
}

/* Makes a read-only symbolic link name[0..len) in dir; fs_lock held. */
static long fs_mklink(struct fs_node *dir, const char *name, size_t len,
		      const char *target)
{
	size_t tlen = strlen(target);
	struct fs_node *n;
	char *copy;

	copy = kmalloc(tlen + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, tlen + 1);
	n = fs_node_new(dir, name, len, S_IFLNK | 0777);
	if (!n) {
		kfree(copy);
		return -ENOMEM;
	}
	n->target = copy;
	n->readonly = true;
	return 0;
}

int fs_add_symlink(const char *path, const char *target)
{
	struct fs_last last;
	long ret;

	spin_lock(&fs_lock);
	ret = fs_kernel_parent(path, &last);
	if (!ret)
		ret = fs_mklink(last.dir, last.name, last.len, target);
	spin_unlock(&fs_lock);
	return ret;
}
