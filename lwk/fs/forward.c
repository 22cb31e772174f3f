// SPDX-License-Identifier: GPL-2.0
/*
 * File system calls forwarded to the caller's `v3ctl run`
 * (Documentation/run.md). A descriptor is either local (the in-memory
 * file system) or remote: its open file description holds the handle
 * the proxy gave it (its own file descriptor), and every call on it goes
 * to the proxy. Path calls go to the proxy while the job forwards files,
 * except on the LWK's own pseudo files (/proc, /sys, /dev) or relative
 * to a local directory descriptor. Descriptors 0-2 of a `v3ctl run`
 * program are always remote: the caller's stdin, stdout and stderr.
 *
 * Each call goes out in its canonical form (open as openat, stat as
 * newfstatat, ...): the proxy implements only those. Paths and written
 * bytes travel in the channel's data area, as do results (read bytes,
 * struct stat, directory entries). fs_lock is never held while the
 * proxy works: a call holds a reference on the description instead.
 */
#include <lwk/errno.h>
#include <lwk/kmalloc.h>
#include <lwk/run.h>
#include <lwk/string.h>
#include <lwk/syscalls.h>
#include <lwk/uaccess.h>
#include <asm/unistd_64.h>
#include <linux/uio.h>
#include <arch/v3vee.h>

#include "fs_internal.h"

#define DATA_MAX V3_CHAN_DATA_MAX
#define STAT_SIZE 144  /* struct stat, x86-64 */
#define STATX_BYTES 256 /* struct statx */
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413
#define TERMIOS_SIZE 36 /* the kernel's struct termios */
#define WINSIZE_SIZE 8
#define IOV_MAX 1024

/* What every remote description points at: never freed, never used as
 * a node (every call on a remote descriptor is forwarded first). */
static struct fs_node remote_node = {
	.mode = S_IFCHR | 0666,
	.refs = 1,
	.linked = true,
	.readonly = true,
	.dev = FS_DEV_NULL,
};

/* Handles whose last description went: closed on the host later, when
 * fs_lock is not held. */
static int closing[FS_MAX_FDS];
static int nclosing;

void fs_remote_release(int handle)
{
	if (run_active && nclosing < FS_MAX_FDS)
		closing[nclosing++] = handle;
}

/* --- one request ---------------------------------------------------- */

static long call(unsigned int op, int64_t a0, int64_t a1, int64_t a2,
		 int64_t a3, int64_t a4, size_t len, size_t *resp_len)
{
	const int64_t arg[6] = { a0, a1, a2, a3, a4, 0 };

	return run_chan_call(op, arg, len, resp_len);
}

static void flush_closes(void)
{
	while (nclosing) {
		int h = closing[--nclosing];

		run_chan_begin();
		call(__NR_close, h, 0, 0, 0, 0, 0, NULL);
		run_chan_end();
	}
}

/* The remote description behind fd, with a reference; NULL if local. */
static struct fs_file *remote_get(int fd)
{
	struct fs_file *f;

	spin_lock(&fs_lock);
	f = fs_fd_get(fd);
	if (f && f->remote)
		f->refs++;
	else
		f = NULL;
	spin_unlock(&fs_lock);
	return f;
}

static void remote_put(struct fs_file *f)
{
	spin_lock(&fs_lock);
	fs_file_put(f);
	spin_unlock(&fs_lock);
	flush_closes();
}

static int handle_of(struct fs_file *f)
{
	return f->remote - 1;
}

bool fs_fd_is_remote(int fd)
{
	struct fs_file *f = fs_fd_get(fd);

	return f && f->remote;
}

/* A new descriptor for a handle the proxy opened. */
static long install_remote(int handle, int flags)
{
	struct fs_file *f;
	long fd;

	spin_lock(&fs_lock);
	fd = fs_fd_lowest(0);
	f = fd < 0 ? NULL : fs_file_new(&remote_node, flags & ~O_CLOEXEC);
	if (f) {
		f->remote = handle + 1;
		fs_fd_install_at(f, fd, flags & O_CLOEXEC);
	}
	spin_unlock(&fs_lock);
	if (!f) {
		fs_remote_release(handle);
		flush_closes();
		return fd < 0 ? fd : -ENOMEM;
	}
	return fd;
}

/* Descriptors 0-2 of a `v3ctl run` program: the caller's stdio. */
void fs_run_stdio(void)
{
	nclosing = 0; /* closes owed to an earlier program's proxy: void */
	for (int fd = 0; fd < 3; fd++) {
		struct fs_file *f = fs_file_new(&remote_node, O_RDWR | O_LARGEFILE);

		if (!f)
			continue;
		f->remote = fd + 1;
		spin_lock(&fs_lock);
		fs_fd_install_at(f, fd, false);
		spin_unlock(&fs_lock);
	}
}

/* --- paths ---------------------------------------------------------- */

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

/*
 * Where a path call goes. Sets *dirh to the handle (or AT_FDCWD) the
 * proxy resolves it against; false: the local file system serves it.
 */
static bool path_remote(int dirfd, const char *path, int64_t *dirh)
{
	struct fs_file *f;

	if (!run_forwarding)
		return false;
	if (path[0] == '/') {
		*dirh = AT_FDCWD;
		return !under(path, "/proc") && !under(path, "/sys") &&
		       !under(path, "/dev");
	}
	if (dirfd == AT_FDCWD) {
		*dirh = AT_FDCWD;
		return true;
	}
	f = fs_fd_get(dirfd);
	if (!f || !f->remote)
		return false; /* local (or EBADF, said locally) */
	*dirh = handle_of(f);
	return true;
}

/* Fetches the path, decides, and if remote sends op(dirh, path, a1..a3)
 * with out_max bytes of answer copied to out. */
static bool path_call(unsigned int op, int dirfd, const char __user *upath,
		      int64_t a1, int64_t a2, int64_t a3, void __user *out,
		      size_t out_max, long *ret)
{
	char *path;
	int64_t dirh = AT_FDCWD;
	uint8_t *data;
	size_t got = 0;
	long n;

	n = fs_getname(upath, &path);
	if (n) {
		if (!run_forwarding)
			return false;
		*ret = n;
		return true;
	}
	if (!path_remote(dirfd, path, &dirh)) {
		fs_putname(path);
		return false;
	}
	data = run_chan_begin();
	memcpy(data, path, strlen(path) + 1);
	fs_putname(path);
	*ret = call(op, dirh, a1, a2, a3, 0, strlen((char *)data) + 1, &got);
	if (*ret >= 0 && out && out_max) {
		if (copy_to_user(out, data, MIN(got, out_max)))
			*ret = -EFAULT;
	}
	run_chan_end();
	return true;
}

static long do_openat(int dirfd, const char __user *upath, int flags,
		      int mode, bool *handled)
{
	long ret;

	*handled = path_call(__NR_openat, dirfd, upath, flags, mode, 0, NULL, 0,
			     &ret);
	if (!*handled || ret < 0)
		return ret;
	return install_remote(ret, flags | O_LARGEFILE);
}

static bool rename_call(int olddir, const char __user *uold, int newdir,
			const char __user *unew, unsigned int flags, long *ret)
{
	char *oldp, *newp;
	int64_t oh = AT_FDCWD, nh = AT_FDCWD;
	bool ro, rn;
	uint8_t *data;
	size_t lo;

	if (!run_forwarding)
		return false;
	*ret = fs_getname(uold, &oldp);
	if (*ret)
		return true;
	*ret = fs_getname(unew, &newp);
	if (*ret) {
		fs_putname(oldp);
		return true;
	}
	ro = path_remote(olddir, oldp, &oh);
	rn = path_remote(newdir, newp, &nh);
	if (!ro && !rn) {
		fs_putname(oldp);
		fs_putname(newp);
		return false;
	}
	if (ro != rn) {
		*ret = -EXDEV; /* between the LWK's files and the host's */
	} else {
		data = run_chan_begin();
		lo = strlen(oldp) + 1;
		memcpy(data, oldp, lo);
		memcpy(data + lo, newp, strlen(newp) + 1);
		*ret = call(__NR_renameat2, oh, nh, flags, 0, 0,
			    lo + strlen(newp) + 1, NULL);
		run_chan_end();
	}
	fs_putname(oldp);
	fs_putname(newp);
	return true;
}

/* --- descriptors ---------------------------------------------------- */

static long rw_read(int h, char __user *buf, size_t count, int64_t off,
		    bool positional)
{
	uint8_t *data = run_chan_begin();
	size_t n = MIN(count, (size_t)DATA_MAX), got = 0;
	long ret;

	ret = positional ? call(__NR_pread64, h, n, off, 0, 0, 0, &got) :
			   call(__NR_read, h, n, 0, 0, 0, 0, &got);
	if (ret > 0 && ((size_t)ret > got || (size_t)ret > n))
		ret = -EIO; /* the proxy said more than it sent */
	if (ret > 0 && copy_to_user(buf, data, ret))
		ret = -EFAULT;
	run_chan_end();
	return ret;
}

static long rw_write(int h, const char __user *buf, size_t count,
		     int64_t off, bool positional)
{
	size_t done = 0;

	do {
		uint8_t *data = run_chan_begin();
		size_t n = MIN(count - done, (size_t)DATA_MAX);
		long ret = -EFAULT;

		if (!copy_from_user(data, buf + done, n))
			ret = positional ? call(__NR_pwrite64, h, n, off + done,
						0, 0, n, NULL) :
					   call(__NR_write, h, n, 0, 0, 0, n,
						NULL);
		run_chan_end();
		if (ret < 0)
			return done ? (long)done : ret;
		done += MIN((size_t)ret, n);
		if ((size_t)ret < n)
			break;
	} while (done < count);
	return done;
}

/* Reads until count bytes or the end (mmap of a remote file). */
long fwd_pread_full(int fd, void __user *buf, size_t count, off_t off)
{
	struct fs_file *f = remote_get(fd);
	size_t done = 0;
	long ret = 0;

	if (!f)
		return -EBADF;
	while (done < count) {
		ret = rw_read(handle_of(f), (char __user *)buf + done,
			      count - done, off + done, true);
		if (ret <= 0)
			break;
		done += ret;
	}
	remote_put(f);
	return done ? (long)done : ret;
}

static long vec_rw(int h, const struct iovec __user *uiov, int iovcnt,
		   bool write)
{
	struct iovec *iov;
	long total = 0, ret = 0;

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	iov = kmalloc(sizeof(*iov) * (iovcnt ? iovcnt : 1));
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, sizeof(*iov) * iovcnt)) {
		kfree(iov);
		return -EFAULT;
	}
	for (int i = 0; i < iovcnt; i++) {
		size_t len = iov[i].iov_len;

		if (!len)
			continue;
		ret = write ? rw_write(h, iov[i].iov_base, len, 0, false) :
			      rw_read(h, iov[i].iov_base, len, 0, false);
		if (ret < 0)
			break;
		total += ret;
		if ((size_t)ret < len)
			break;
	}
	kfree(iov);
	return total ? total : ret;
}

/* An fd call with out_max bytes of answer copied to out. */
static long fd_call(int h, unsigned int op, int64_t a1, int64_t a2,
		    void __user *out, size_t out_max)
{
	uint8_t *data = run_chan_begin();
	size_t got = 0;
	long ret = call(op, h, a1, a2, 0, 0, 0, &got);

	if (ret >= 0 && out && out_max) {
		if (got < out_max && op != __NR_getdents64 && op != __NR_ioctl)
			ret = -EIO;
		else if (copy_to_user(out, data, MIN(got, out_max)))
			ret = -EFAULT;
	}
	run_chan_end();
	return ret;
}

static long getcwd_call(char __user *buf, size_t size)
{
	uint8_t *data = run_chan_begin();
	size_t got = 0;
	long ret = call(__NR_getcwd, MIN(size, (size_t)DATA_MAX), 0, 0, 0, 0,
			0, &got);

	if (ret > 0 && ((size_t)ret > got || (size_t)ret > size))
		ret = -EIO;
	if (ret > 0 && copy_to_user(buf, data, ret))
		ret = -EFAULT;
	run_chan_end();
	return ret;
}

static long remote_fd_call(struct fs_file *f, uint64_t nr, const uint64_t *a)
{
	int h = handle_of(f);

	switch (nr) {
	case __NR_read:
		return rw_read(h, (char __user *)a[1], MIN(a[2], FS_MAX_RW), 0,
			       false);
	case __NR_pread64:
		if ((int64_t)a[3] < 0)
			return -EINVAL;
		return rw_read(h, (char __user *)a[1], MIN(a[2], FS_MAX_RW),
			       a[3], true);
	case __NR_write:
		return rw_write(h, (const char __user *)a[1],
				MIN(a[2], FS_MAX_RW), 0, false);
	case __NR_pwrite64:
		if ((int64_t)a[3] < 0)
			return -EINVAL;
		return rw_write(h, (const char __user *)a[1],
				MIN(a[2], FS_MAX_RW), a[3], true);
	case __NR_readv:
		return vec_rw(h, (const struct iovec __user *)a[1], a[2], false);
	case __NR_writev:
		return vec_rw(h, (const struct iovec __user *)a[1], a[2], true);
	case __NR_lseek:
		return fd_call(h, __NR_lseek, a[1], a[2], NULL, 0);
	case __NR_fstat:
		return fd_call(h, __NR_fstat, 0, 0, (void __user *)a[1],
			       STAT_SIZE);
	case __NR_getdents64:
		return fd_call(h, __NR_getdents64, MIN(a[2], DATA_MAX), 0,
			       (void __user *)a[1], MIN(a[2], DATA_MAX));
	case __NR_ftruncate:
		return fd_call(h, __NR_ftruncate, a[1], 0, NULL, 0);
	case __NR_fsync:
	case __NR_fdatasync:
	case __NR_fchdir:
		return fd_call(h, nr, 0, 0, NULL, 0);
	case __NR_ioctl:
		if (a[1] == TCGETS)
			return fd_call(h, __NR_ioctl, a[1], 0,
				       (void __user *)a[2], TERMIOS_SIZE);
		if (a[1] == TIOCGWINSZ)
			return fd_call(h, __NR_ioctl, a[1], 0,
				       (void __user *)a[2], WINSIZE_SIZE);
		return -ENOTTY;
	default:
		return -ENOSYS;
	}
}

static bool is_fd_call(uint64_t nr)
{
	switch (nr) {
	case __NR_read: case __NR_write: case __NR_pread64:
	case __NR_pwrite64: case __NR_readv: case __NR_writev:
	case __NR_lseek: case __NR_fstat: case __NR_getdents64:
	case __NR_ftruncate: case __NR_fsync: case __NR_fdatasync:
	case __NR_fchdir: case __NR_ioctl:
		return true;
	default:
		return false;
	}
}

/*
 * The system call dispatcher's hook (kernel lock held): true if the call
 * was forwarded, with its result in *ret.
 */
bool fwd_syscall(uint64_t nr, const uint64_t *a, long *ret)
{
	const char __user *p0 = (const char __user *)a[0];
	const char __user *p1 = (const char __user *)a[1];
	bool handled;

	if (!run_active)
		return false;
	if (is_fd_call(nr)) {
		struct fs_file *f = remote_get((int)a[0]);

		if (!f)
			return false;
		*ret = remote_fd_call(f, nr, a);
		remote_put(f);
		return true;
	}
	switch (nr) {
	case __NR_close:
	case __NR_dup2:
	case __NR_dup3:
		/* Local bookkeeping; a host handle whose last descriptor
		 * went is closed afterwards. */
		*ret = nr == __NR_close ? sys_close(a[0]) :
		       nr == __NR_dup2 ? sys_dup2(a[0], a[1]) :
					 sys_dup3(a[0], a[1], a[2]);
		flush_closes();
		return true;
	case __NR_open:
		*ret = do_openat(AT_FDCWD, p0, a[1], a[2], &handled);
		return handled;
	case __NR_creat:
		*ret = do_openat(AT_FDCWD, p0, O_CREAT | O_WRONLY | O_TRUNC,
				 a[1], &handled);
		return handled;
	case __NR_openat:
		*ret = do_openat(a[0], p1, a[2], a[3], &handled);
		return handled;
	case __NR_stat:
	case __NR_lstat:
		return path_call(__NR_newfstatat, AT_FDCWD, p0,
				 nr == __NR_lstat ? AT_SYMLINK_NOFOLLOW : 0, 0,
				 0, (void __user *)a[1], STAT_SIZE, ret);
	case __NR_newfstatat:
		return path_call(__NR_newfstatat, a[0], p1, a[3], 0, 0,
				 (void __user *)a[2], STAT_SIZE, ret);
	case __NR_statx:
		return path_call(__NR_statx, a[0], p1, a[2], a[3], 0,
				 (void __user *)a[4], STATX_BYTES, ret);
	case __NR_access:
		return path_call(__NR_faccessat2, AT_FDCWD, p0, a[1], 0, 0,
				 NULL, 0, ret);
	case __NR_faccessat:
		return path_call(__NR_faccessat2, a[0], p1, a[2], 0, 0, NULL,
				 0, ret);
	case __NR_faccessat2:
		return path_call(__NR_faccessat2, a[0], p1, a[2], a[3], 0,
				 NULL, 0, ret);
	case __NR_unlink:
		return path_call(__NR_unlinkat, AT_FDCWD, p0, 0, 0, 0, NULL,
				 0, ret);
	case __NR_rmdir:
		return path_call(__NR_unlinkat, AT_FDCWD, p0, AT_REMOVEDIR, 0,
				 0, NULL, 0, ret);
	case __NR_unlinkat:
		return path_call(__NR_unlinkat, a[0], p1, a[2], 0, 0, NULL, 0,
				 ret);
	case __NR_mkdir:
		return path_call(__NR_mkdirat, AT_FDCWD, p0, a[1], 0, 0, NULL,
				 0, ret);
	case __NR_mkdirat:
		return path_call(__NR_mkdirat, a[0], p1, a[2], 0, 0, NULL, 0,
				 ret);
	case __NR_readlink:
		return path_call(__NR_readlinkat, AT_FDCWD, p0,
				 MIN(a[2], DATA_MAX), 0, 0, (void __user *)a[1],
				 MIN(a[2], DATA_MAX), ret);
	case __NR_readlinkat:
		return path_call(__NR_readlinkat, a[0], p1,
				 MIN(a[3], DATA_MAX), 0, 0, (void __user *)a[2],
				 MIN(a[3], DATA_MAX), ret);
	case __NR_truncate:
		return path_call(__NR_truncate, AT_FDCWD, p0, a[1], 0, 0,
				 NULL, 0, ret);
	case __NR_chdir:
		return path_call(__NR_chdir, AT_FDCWD, p0, 0, 0, 0, NULL, 0,
				 ret);
	case __NR_rename:
		return rename_call(AT_FDCWD, p0, AT_FDCWD, p1, 0, ret);
	case __NR_renameat:
		return rename_call(a[0], p1, a[2], (const char __user *)a[3],
				   0, ret);
	case __NR_renameat2:
		return rename_call(a[0], p1, a[2], (const char __user *)a[3],
				   a[4], ret);
	case __NR_getcwd:
		if (!run_forwarding)
			return false;
		*ret = getcwd_call((char __user *)a[0], a[1]);
		return true;
	default:
		return false;
	}
}
