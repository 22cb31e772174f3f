// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptor table: one per machine, since the LWK runs one process.
 * Each slot points to an open file description (offset, flags), which
 * dup() and friends share as on Linux; close-on-exec is per slot.
 */
#include <lwk/kmalloc.h>
#include <lwk/errno.h>

#include "fs_internal.h"

static struct {
	struct fs_file *file;
	bool cloexec;
} fs_fds[FS_MAX_FDS];

struct fs_file *fs_fd_get(int fd)
{
	if (fd < 0 || fd >= FS_MAX_FDS)
		return NULL;
	return fs_fds[fd].file;
}

/* A new open file description holding a reference on node. */
struct fs_file *fs_file_new(struct fs_node *node, unsigned int flags)
{
	struct fs_file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refs = 1;
	f->node = node;
	f->flags = flags;
	fs_node_get(node);
	return f;
}

void fs_file_put(struct fs_file *file)
{
	if (--file->refs)
		return;
	if (file->remote)
		fs_remote_release(file->remote - 1);
	fs_node_put(file->node);
	kfree(file);
}

/* The lowest free descriptor >= min, or -EMFILE. */
long fs_fd_lowest(int min)
{
	int fd;

	for (fd = min; fd < FS_MAX_FDS; fd++) {
		if (!fs_fds[fd].file)
			return fd;
	}
	return -EMFILE;
}

/*
 * Puts file (whose reference the caller hands over) in slot fd, closing
 * what was there (dup2 semantics). Returns fd.
 */
long fs_fd_install_at(struct fs_file *file, int fd, bool cloexec)
{
	struct fs_file *old = fs_fds[fd].file;

	fs_fds[fd].file = file;
	fs_fds[fd].cloexec = cloexec;
	if (old)
		fs_file_put(old);
	return fd;
}

bool fs_fd_cloexec(int fd)
{
	return fs_fds[fd].cloexec;
}

void fs_fd_set_cloexec(int fd, bool cloexec)
{
	fs_fds[fd].cloexec = cloexec;
}

long fs_fd_close(int fd)
{
	struct fs_file *f = fs_fd_get(fd);

	if (!f)
		return -EBADF;
	fs_fds[fd].file = NULL;
	fs_fds[fd].cloexec = false;
	fs_file_put(f);
	return 0;
}

void fs_fd_close_all(void)
{
	int fd;

	for (fd = 0; fd < FS_MAX_FDS; fd++) {
		if (fs_fds[fd].file)
			fs_fd_close(fd);
	}
}
