// SPDX-License-Identifier: GPL-2.0
/*
 * Data transfer: read, write, their vector and positional forms, lseek,
 * ftruncate and fsync. Regular-file data lives in one kmalloc'ed buffer
 * per file; character devices are the console, /dev/null and /dev/zero.
 */
#include <lwk/syscalls.h>
#include <lwk/console.h>
#include <lwk/fs.h>
#include <lwk/kmalloc.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/errno.h>
#include <linux/uio.h>

#include "fs_internal.h"

#define FS_OFF_MAX INT64_MAX

/* Reads into buf at *pos, which advances; fs_lock held. */
static long fs_do_read(struct fs_file *f, char __user *buf, size_t count,
		       off_t *pos)
{
	struct fs_node *n = f->node;
	size_t len;

	switch (n->mode & S_IFMT) {
	case S_IFDIR:
		return -EISDIR;
	case S_IFCHR:
		/* The console's stdin is always at end-of-file. */
		if (n->dev != FS_DEV_ZERO)
			return 0;
		return clear_user(buf, count) ? -EFAULT : (long)count;
	case S_IFREG:
		break;
	default:
		return -EINVAL;
	}
	if ((size_t)*pos >= n->size)
		return 0;
	len = MIN(count, n->size - *pos);
	if (copy_to_user(buf, n->data + *pos, len))
		return -EFAULT;
	*pos += len;
	return len;
}

/* Copies user bytes to the console through a small bounce buffer. */
static long fs_console_write(const char __user *buf, size_t count)
{
	char chunk[256];
	size_t done = 0, len;

	while (done < count) {
		len = MIN(count - done, sizeof(chunk));
		if (copy_from_user(chunk, buf + done, len))
			return done ? (long)done : -EFAULT;
		console_write(chunk, len);
		done += len;
	}
	return done;
}

/*
 * Writes buf at *pos (at the end with O_APPEND, as Linux does even for
 * pwrite), which advances; fs_lock held. A gap before *pos reads as zeros.
 */
static long fs_do_write(struct fs_file *f, const char __user *buf, size_t count,
			off_t *pos)
{
	struct fs_node *n = f->node;
	size_t end;

	switch (n->mode & S_IFMT) {
	case S_IFCHR:
		/* /dev/null and /dev/zero; the console is written unlocked. */
		return count;
	case S_IFREG:
		break;
	default:
		return -EINVAL;
	}
	if (f->flags & O_APPEND)
		*pos = n->size;
	if (!count)
		return 0;
	if (*pos > FS_OFF_MAX - (off_t)count)
		return -EFBIG;
	end = *pos + count;
	/* Memory is the storage: running out is a full device, as on tmpfs. */
	if (fs_file_reserve(n, end))
		return -ENOSPC;
	if ((size_t)*pos > n->size)
		memset(n->data + n->size, 0, *pos - n->size);
	if (copy_from_user(n->data + *pos, buf, count))
		return -EFAULT;
	if (end > n->size)
		n->size = end;
	n->written = true;
	fs_node_touch(n);
	*pos = end;
	return count;
}

/*
 * Console output can be slow (a UART), so it is written after dropping
 * fs_lock: the console node lives forever and needs no reference.
 */
static bool fs_is_console(struct fs_file *f)
{
	return (f->node->mode & S_IFMT) == S_IFCHR &&
	       f->node->dev == FS_DEV_CONSOLE;
}

/* The open file behind fd if it may be read (or written); NULL if not. */
static struct fs_file *fs_rw_file(int fd, bool write)
{
	struct fs_file *f = fs_fd_get(fd);

	if (!f || !(write ? fs_file_writable(f) : fs_file_readable(f)))
		return NULL;
	return f;
}

long sys_read(int fd, void __user *buf, size_t count)
{
	struct fs_file *f;
	long ret = -EBADF;

	spin_lock(&fs_lock);
	f = fs_rw_file(fd, false);
	if (f)
		ret = fs_do_read(f, buf, MIN(count, FS_MAX_RW), &f->pos);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_write(int fd, const void __user *buf, size_t count)
{
	struct fs_file *f;
	long ret = -EBADF;

	count = MIN(count, FS_MAX_RW);
	spin_lock(&fs_lock);
	f = fs_rw_file(fd, true);
	if (f && fs_is_console(f)) {
		spin_unlock(&fs_lock);
		return fs_console_write(buf, count);
	}
	if (f)
		ret = fs_do_write(f, buf, count, &f->pos);
	spin_unlock(&fs_lock);
	return ret;
}

/* Only regular files and the memory devices have positions to use. */
static bool fs_seekable(struct fs_node *n)
{
	return (n->mode & S_IFMT) != S_IFCHR || n->dev != FS_DEV_CONSOLE;
}

/*
 * pread64/pwrite64: 0 if f (from fs_rw_file, so possibly NULL) may be
 * used at offset, else the error, in this order: -EBADF, -ESPIPE, -EINVAL.
 * fs_lock held.
 */
static long fs_pos_check(struct fs_file *f, off_t offset)
{
	if (!f)
		return -EBADF;
	if (!fs_seekable(f->node))
		return -ESPIPE;
	if (offset < 0)
		return -EINVAL;
	return 0;
}

long sys_pread64(int fd, void __user *buf, size_t count, off_t offset)
{
	struct fs_file *f;
	long ret;

	/* Only mmap gets here with a remote descriptor (the dispatcher
	 * forwards pread64 itself). */
	if (fs_fd_is_remote(fd))
		return offset < 0 ? -EINVAL : fwd_pread_full(fd, buf, count, offset);
	spin_lock(&fs_lock);
	f = fs_rw_file(fd, false);
	ret = fs_pos_check(f, offset);
	if (!ret)
		ret = fs_do_read(f, buf, MIN(count, FS_MAX_RW), &offset);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_pwrite64(int fd, const void __user *buf, size_t count, off_t offset)
{
	struct fs_file *f;
	long ret;

	spin_lock(&fs_lock);
	f = fs_rw_file(fd, true);
	ret = fs_pos_check(f, offset);
	if (!ret)
		ret = fs_do_write(f, buf, MIN(count, FS_MAX_RW), &offset);
	spin_unlock(&fs_lock);
	return ret;
}

/*
 * readv/writev: the whole iovec array is fetched and checked first (so a
 * bad array is -EFAULT with nothing done), then the segments go in turn
 * until one comes up short. An error after some bytes moved is dropped in
 * favour of the count, as on Linux.
 */
static long fs_rw_vec(int fd, const struct iovec __user *uiov, int iovcnt,
		      bool write)
{
	struct iovec *iov;
	struct fs_file *f;
	size_t total = 0;
	long ret, done = 0;
	bool console;
	int i;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	iov = kmalloc(sizeof(*iov) * (iovcnt ? iovcnt : 1));
	if (!iov)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(iov, uiov, sizeof(*iov) * iovcnt))
		goto out_free;
	ret = -EINVAL;
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)FS_OFF_MAX - total)
			goto out_free;
		total += iov[i].iov_len;
	}

	spin_lock(&fs_lock);
	f = fs_rw_file(fd, write);
	ret = f ? 0 : -EBADF;
	console = f && write && fs_is_console(f);
	if (console)
		spin_unlock(&fs_lock);
	for (i = 0; f && i < iovcnt && done < FS_MAX_RW; i++) {
		size_t len = MIN(iov[i].iov_len, (size_t)(FS_MAX_RW - done));

		if (console)
			ret = fs_console_write(iov[i].iov_base, len);
		else if (write)
			ret = fs_do_write(f, iov[i].iov_base, len, &f->pos);
		else
			ret = fs_do_read(f, iov[i].iov_base, len, &f->pos);
		if (ret < 0)
			break;
		done += ret;
		if ((size_t)ret < len)
			break;
	}
	if (ret >= 0 || done)
		ret = done;
	if (!console)
		spin_unlock(&fs_lock);
out_free:
	kfree(iov);
	return ret;
}

long sys_readv(int fd, const struct iovec __user *iov, int iovcnt)
{
	return fs_rw_vec(fd, iov, iovcnt, false);
}

long sys_writev(int fd, const struct iovec __user *iov, int iovcnt)
{
	return fs_rw_vec(fd, iov, iovcnt, true);
}

static long fs_lseek_locked(struct fs_file *f, off_t offset, int whence)
{
	struct fs_node *n = f->node;
	off_t base;

	switch (n->mode & S_IFMT) {
	case S_IFCHR:
		/* Linux's /dev/null and /dev/zero stay at 0. */
		return n->dev == FS_DEV_CONSOLE ? -ESPIPE : 0;
	case S_IFDIR:
		/* Positions are getdents64 indices (telldir/seekdir). */
		if (whence == SEEK_SET)
			base = 0;
		else if (whence == SEEK_CUR)
			base = f->pos;
		else
			return -EINVAL;
		break;
	default:
		switch (whence) {
		case SEEK_SET:
			base = 0;
			break;
		case SEEK_CUR:
			base = f->pos;
			break;
		case SEEK_END:
			base = n->size;
			break;
		case FS_SEEK_DATA:
		case FS_SEEK_HOLE:
			/* No holes are tracked: data runs to the end. */
			if (offset < 0 || (size_t)offset >= n->size)
				return -ENXIO;
			return f->pos = whence == FS_SEEK_DATA ? offset
							       : (off_t)n->size;
		default:
			return -EINVAL;
		}
	}
	if ((offset > 0 && base > FS_OFF_MAX - offset) || base + offset < 0)
		return -EINVAL;
	return f->pos = base + offset;
}

long sys_lseek(int fd, off_t offset, int whence)
{
	struct fs_file *f;
	long ret = -EBADF;

	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	if (f && !(f->flags & O_PATH))
		ret = fs_lseek_locked(f, offset, whence);
	spin_unlock(&fs_lock);
	return ret;
}

long sys_ftruncate(int fd, off_t length)
{
	struct fs_file *f;
	long ret = -EINVAL;

	if (length < 0)
		return -EINVAL;
	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	if (!f || (f->flags & O_PATH))
		ret = -EBADF;
	else if ((f->node->mode & S_IFMT) == S_IFREG && fs_file_writable(f))
		ret = fs_file_resize(f->node, length) ? -ENOSPC : 0;
	if (!ret)
		f->node->written = true;
	spin_unlock(&fs_lock);
	return ret;
}

/* Memory is all the storage there is: nothing to flush. */
long sys_fsync(int fd)
{
	struct fs_file *f;

	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	spin_unlock(&fs_lock);
	return f && !(f->flags & O_PATH) ? 0 : -EBADF;
}
