// SPDX-License-Identifier: GPL-2.0
/*
 * File-system nodes: creation, reference counting, directory entries,
 * regular-file storage and struct stat.
 */
#include <lwk/kmalloc.h>
#include <lwk/string.h>
#include <lwk/time.h>
#include <lwk/errno.h>

#include "fs_internal.h"

static uint64_t fs_next_ino = 1;

/* Creates a node named name[0..len) linked into dir (the root if !dir). */
struct fs_node *fs_node_new(struct fs_node *dir, const char *name, size_t len,
			    unsigned int mode)
{
	struct fs_node *node = kzalloc(sizeof(*node));
	uint64_t now = clock_realtime_ns();

	if (!node)
		return NULL;
	if (dir) {
		node->name = kmalloc(len + 1);
		if (!node->name) {
			kfree(node);
			return NULL;
		}
		memcpy(node->name, name, len);
		node->name[len] = '\0';
	}
	node->mode = mode;
	node->ino = fs_next_ino++;
	node->atime = node->mtime = node->ctime = now;
	if (dir)
		fs_node_link(dir, node);
	else
		node->linked = true; /* the root is never removed */
	return node;
}

void fs_node_get(struct fs_node *node)
{
	node->refs++;
}

static void fs_node_free(struct fs_node *node)
{
	struct fs_node *parent = node->parent;

	switch (node->mode & S_IFMT) {
	case S_IFREG:
		kfree(node->data);
		break;
	case S_IFLNK:
		kfree(node->target);
		break;
	}
	kfree(node->name);
	kfree(node);
	if (parent)
		fs_node_put(parent);
}

/* Drops a reference; an unlinked node goes away with its last one. */
void fs_node_put(struct fs_node *node)
{
	if (--node->refs == 0 && !node->linked)
		fs_node_free(node);
}

/* Appends node to dir's entries; the node then holds a reference on dir. */
void fs_node_link(struct fs_node *dir, struct fs_node *node)
{
	struct fs_node **pp = &dir->children;

	while (*pp)
		pp = &(*pp)->next;
	*pp = node;
	node->next = NULL;
	node->parent = dir;
	node->linked = true;
	fs_node_get(dir);
	fs_node_touch(dir);
}

/* Takes node out of its directory's list; its parent reference stays. */
static void fs_node_detach(struct fs_node *node)
{
	struct fs_node *dir = node->parent;
	struct fs_node **pp = &dir->children;

	while (*pp != node)
		pp = &(*pp)->next;
	*pp = node->next;
	node->next = NULL;
	node->linked = false;
	node->ctime = clock_realtime_ns();
	fs_node_touch(dir);
}

/*
 * Removes node from its directory. It keeps its parent reference (and so
 * its parent) until it is freed, which happens now unless it is in use.
 */
void fs_node_unlink(struct fs_node *node)
{
	fs_node_detach(node);
	if (node->refs == 0)
		fs_node_free(node);
}

/*
 * Moves node to dir under a new name, unlinking victim (the entry of that
 * name, if any) first: rename(). -ENOMEM changes nothing.
 */
int fs_node_move(struct fs_node *node, struct fs_node *dir, const char *name,
		 size_t len, struct fs_node *victim)
{
	struct fs_node *old_dir = node->parent;
	char *copy = kmalloc(len + 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, len);
	copy[len] = '\0';
	if (victim)
		fs_node_unlink(victim);
	kfree(node->name);
	node->name = copy;
	fs_node_detach(node);
	fs_node_link(dir, node);
	fs_node_put(old_dir);
	return 0;
}

/* Whether the program may add an entry to dir: 0 or -errno. */
long fs_may_create(struct fs_node *dir)
{
	if (!dir->linked)
		return -ENOENT; /* a removed directory stays empty */
	return dir->readonly ? -EACCES : 0;
}

struct fs_node *fs_dir_find(struct fs_node *dir, const char *name, size_t len)
{
	struct fs_node *n;

	for (n = dir->children; n; n = n->next) {
		if (strlen(n->name) == len && !memcmp(n->name, name, len))
			return n;
	}
	return NULL;
}

/*
 * Makes room for size bytes of data without changing the file size.
 * Capacity grows geometrically so that a program writing a large file in
 * small pieces costs O(n) copying overall.
 */
int fs_file_reserve(struct fs_node *node, size_t size)
{
	size_t cap = node->cap;
	char *data;

	if (size <= cap)
		return 0;
	if (cap < 256)
		cap = 256;
	while (cap < size)
		cap = cap > ((size_t)-1) / 2 ? size : cap * 2;
	data = krealloc(node->data, cap);
	/* Short of memory, settle for an exact fit. */
	if (!data && cap > size) {
		cap = size;
		data = krealloc(node->data, cap);
	}
	if (!data)
		return -ENOMEM;
	node->data = data;
	node->cap = cap;
	return 0;
}

/* Sets the file size; bytes beyond the old size read as zeros. */
int fs_file_resize(struct fs_node *node, size_t size)
{
	int ret;

	if (size == 0) {
		kfree(node->data);
		node->data = NULL;
		node->cap = 0;
	} else if (size > node->size) {
		ret = fs_file_reserve(node, size);
		if (ret)
			return ret;
		memset(node->data + node->size, 0, size - node->size);
	}
	node->size = size;
	fs_node_touch(node);
	return 0;
}

/* Records a modification (mtime and ctime). */
void fs_node_touch(struct fs_node *node)
{
	node->mtime = node->ctime = clock_realtime_ns();
}

static unsigned int fs_dir_nlink(struct fs_node *dir)
{
	unsigned int nlink = 2;
	struct fs_node *n;

	for (n = dir->children; n; n = n->next)
		nlink += S_ISDIR(n->mode);
	return nlink;
}

/* Linux's new_encode_dev(). */
static unsigned long fs_encode_dev(unsigned int major, unsigned int minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

void fs_node_stat(struct fs_node *node, struct stat *st)
{
	unsigned long size = 0;

	memset(st, 0, sizeof(*st));
	st->st_dev = fs_encode_dev(0, 1);
	st->st_ino = node->ino;
	st->st_mode = node->mode;
	st->st_nlink = node->linked ? 1 : 0;
	switch (node->mode & S_IFMT) {
	case S_IFDIR:
		st->st_nlink = node->linked ? fs_dir_nlink(node) : 0;
		size = 4096;
		break;
	case S_IFREG:
		size = node->size;
		break;
	case S_IFLNK:
		size = strlen(node->target);
		break;
	case S_IFCHR:
		if (node->dev == FS_DEV_NULL)
			st->st_rdev = fs_encode_dev(1, 3);
		else if (node->dev == FS_DEV_ZERO)
			st->st_rdev = fs_encode_dev(1, 5);
		else
			st->st_rdev = fs_encode_dev(5, 1);
		break;
	}
	st->st_size = size;
	st->st_blksize = 4096;
	st->st_blocks = ALIGN_UP(size, 4096) / 512;
	st->st_atime = node->atime / NSEC_PER_SEC;
	st->st_atime_nsec = node->atime % NSEC_PER_SEC;
	st->st_mtime = node->mtime / NSEC_PER_SEC;
	st->st_mtime_nsec = node->mtime % NSEC_PER_SEC;
	st->st_ctime = node->ctime / NSEC_PER_SEC;
	st->st_ctime_nsec = node->ctime % NSEC_PER_SEC;
}

/*
 * Frees a whole tree regardless of references: only for fs_init()
 * starting over, after every descriptor and the cwd were released.
 */
void fs_free_tree(struct fs_node *node)
{
	struct fs_node *child, *next;

	if (S_ISDIR(node->mode)) {
		for (child = node->children; child; child = next) {
			next = child->next;
			fs_free_tree(child);
		}
	} else if ((node->mode & S_IFMT) == S_IFREG) {
		kfree(node->data);
	} else if ((node->mode & S_IFMT) == S_IFLNK) {
		kfree(node->target);
	}
	kfree(node->name);
	kfree(node);
}
