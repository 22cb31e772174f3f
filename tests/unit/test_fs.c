// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the LWK's in-memory file system (lwk/fs/), run on the host
 * against host_shim.c: user pointers are plain pointers, and a poisoned
 * range stands for unmapped user memory.
 */
#include <stdint.h>
#include <stdlib.h>

#include "test.h"
#include "host_shim.h"

#include <lwk/fs.h>
#include <lwk/syscalls.h>
#include <lwk/errno.h>
#include <asm/stat.h>
#include <asm-generic/ioctls.h>
#include <linux/fcntl.h>
#include <linux/uio.h>

/* lwk/fs/forward.c (`v3ctl run`) is not built here: no descriptor is
 * ever remote. */
void fs_remote_release(int handle);
void fs_remote_release(int handle)
{
	(void)handle;
}

bool fs_fd_is_remote(int fd)
{
	(void)fd;
	return false;
}

long fwd_pread_full(int fd, void __user *buf, size_t count, off_t off)
{
	(void)fd, (void)buf, (void)count, (void)off;
	return -EBADF;
}

/* glibc hides these uapi names; the values are the Linux ABI. */
#ifndef S_IFMT
#define S_IFMT 00170000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#endif
#define T_SEEK_SET 0
#define T_SEEK_CUR 1
#define T_SEEK_END 2
#define T_SEEK_DATA 3
#define T_SEEK_HOLE 4
#define T_F_OK 0
#define T_X_OK 1
#define T_W_OK 2
#define T_R_OK 4
#define T_DT_CHR 2
#define T_DT_DIR 4
#define T_DT_REG 8
#define T_DT_LNK 10

struct t_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* A page of "user memory" every access to which faults. */
static char poisoned[4096];

static void setup(void)
{
	fs_init();
	shim_console_clear();
	shim_fault_start = shim_fault_end = 0;
}

static void poison(void)
{
	shim_fault_start = (uintptr_t)poisoned;
	shim_fault_end = (uintptr_t)poisoned + sizeof(poisoned);
}

static long creat_with(const char *path, const char *data)
{
	long fd = sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd >= 0 && data)
		sys_write(fd, data, strlen(data));
	return fd;
}

/* Reads a whole file (at most size-1 bytes) into buf as a string. */
static long slurp(const char *path, char *buf, size_t size)
{
	long fd = sys_open(path, O_RDONLY, 0), n;

	if (fd < 0)
		return fd;
	n = sys_read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	sys_close(fd);
	return n;
}

static unsigned int mode_of(const char *path)
{
	struct stat st;

	if (sys_stat(path, &st))
		return 0;
	return st.st_mode;
}

/*
 * Lists a directory the way glibc's readdir does (getdents64 until it
 * returns 0) with a buffer of bufsize bytes, as "name/type name/type ...".
 */
static long list_dir(long fd, size_t bufsize, char *out, size_t outsize)
{
	char *buf = malloc(bufsize);
	long n, calls = 0;

	out[0] = '\0';
	while ((n = sys_getdents64(fd, buf, bufsize)) > 0) {
		for (long off = 0; off < n;) {
			struct t_dirent64 *d = (void *)(buf + off);
			size_t len = strlen(out);

			snprintf(out + len, outsize - len, "%s%s/%d",
				 len ? " " : "", d->d_name, d->d_type);
			off += d->d_reclen;
		}
		calls++;
	}
	free(buf);
	return n < 0 ? n : calls;
}

TEST(test_console)
{
	struct stat st;
	char buf[8];

	setup();
	CHECK_EQ(sys_write(1, "out ", 4), 4);
	CHECK_EQ(sys_write(2, "err", 3), 3);
	CHECK_STR(shim_console, "out err");
	CHECK_EQ(sys_read(0, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_fstat(1, &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFCHR);
	CHECK_EQ(st.st_rdev, 0x501); /* 5:1, /dev/console */
	CHECK_EQ(st.st_blksize, 4096);
	CHECK_EQ(sys_lseek(1, 0, T_SEEK_CUR), -ESPIPE);
	CHECK_EQ(sys_pwrite64(1, "x", 1, 0), -ESPIPE);
	CHECK_EQ(sys_ioctl(1, TCGETS, (unsigned long)buf), -ENOTTY);
	CHECK_EQ(sys_ioctl(0, TIOCGWINSZ, (unsigned long)buf), -ENOTTY);
	CHECK_EQ(sys_ioctl(1, 0x1234, 0), -ENOTTY);
	CHECK_EQ(sys_ioctl(9, TCGETS, (unsigned long)buf), -EBADF);
	CHECK_EQ(sys_fcntl(1, F_GETFL, 0) & O_ACCMODE, O_RDWR);
	/* /dev/stdout names the console too, even opened as fopen("w") does. */
	long fd = sys_open("/dev/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	CHECK_EQ(fd, 3);
	CHECK_EQ(sys_write(fd, "!", 1), 1);
	CHECK_STR(shim_console, "out err!");
}

TEST(test_create_write_read)
{
	struct stat st;
	char buf[32] = { 0 };
	long fd;

	setup();
	fd = sys_open("/tmp/a.txt", O_CREAT | O_RDWR, 0666);
	CHECK_EQ(fd, 3);
	CHECK_EQ(sys_write(fd, "hello world", 11), 11);
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	CHECK_EQ(sys_read(fd, buf, 5), 5);
	CHECK_STR(buf, "hello");
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 6);
	CHECK(!memcmp(buf, " world", 6));
	CHECK_EQ(sys_fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0644); /* umask 022 */
	CHECK_EQ(st.st_size, 11);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_blksize, 4096);
	CHECK_EQ(st.st_blocks, 8);
	CHECK(st.st_mtime >= 1700000000);
	CHECK_EQ(sys_close(fd), 0);
	CHECK_EQ(sys_close(fd), -EBADF);
	CHECK_EQ(slurp("/tmp/a.txt", buf, sizeof(buf)), 11);
	CHECK_STR(buf, "hello world");
	/* The descriptor is reused: lowest free first. */
	CHECK_EQ(sys_open("/tmp/a.txt", O_RDONLY, 0), 3);
}

TEST(test_inodes_unique)
{
	struct stat a, b, c;

	setup();
	creat_with("/tmp/x", NULL);
	creat_with("/tmp/y", NULL);
	CHECK_EQ(sys_stat("/tmp/x", &a), 0);
	CHECK_EQ(sys_stat("/tmp/y", &b), 0);
	CHECK_EQ(sys_stat("/tmp", &c), 0);
	CHECK(a.st_ino != b.st_ino && a.st_ino != c.st_ino);
	CHECK_EQ(a.st_dev, b.st_dev);
}

TEST(test_seek_and_holes)
{
	char buf[32];
	long fd;

	setup();
	fd = sys_open("/tmp/h", O_CREAT | O_RDWR, 0600);
	CHECK_EQ(sys_lseek(fd, 10, T_SEEK_SET), 10);
	CHECK_EQ(sys_write(fd, "abcde", 5), 5);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_END), 15);
	CHECK_EQ(sys_lseek(fd, -5, T_SEEK_END), 10);
	CHECK_EQ(sys_lseek(fd, -10, T_SEEK_CUR), 0);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 15);
	CHECK(!memcmp(buf, "\0\0\0\0\0\0\0\0\0\0abcde", 15));
	CHECK_EQ(sys_lseek(fd, -1, T_SEEK_SET), -EINVAL);
	CHECK_EQ(sys_lseek(fd, -100, T_SEEK_END), -EINVAL);
	CHECK_EQ(sys_lseek(fd, 0, 99), -EINVAL);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_CUR), 15); /* errors move nothing */
	CHECK_EQ(sys_lseek(fd, 3, T_SEEK_DATA), 3);
	CHECK_EQ(sys_lseek(fd, 3, T_SEEK_HOLE), 15);
	CHECK_EQ(sys_lseek(fd, 15, T_SEEK_DATA), -ENXIO);
	/* Seeking past the end reads nothing and does not grow the file. */
	CHECK_EQ(sys_lseek(fd, 100, T_SEEK_SET), 100);
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_END), 15);
}

TEST(test_append)
{
	char buf[32];
	long fd;

	setup();
	creat_with("/tmp/log", "one\n");
	fd = sys_open("/tmp/log", O_WRONLY | O_APPEND, 0);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	CHECK_EQ(sys_write(fd, "two\n", 4), 4);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_CUR), 8);
	/* As on Linux, pwrite on an O_APPEND file appends. */
	CHECK_EQ(sys_pwrite64(fd, "3\n", 2, 0), 2);
	CHECK_EQ(slurp("/tmp/log", buf, sizeof(buf)), 10);
	CHECK_STR(buf, "one\ntwo\n3\n");
	CHECK(sys_fcntl(fd, F_GETFL, 0) & O_APPEND);
	CHECK_EQ(sys_fcntl(fd, F_SETFL, 0), 0);
	CHECK_EQ(sys_pwrite64(fd, "O", 1, 0), 1);
	CHECK_EQ(slurp("/tmp/log", buf, sizeof(buf)), 10);
	CHECK_STR(buf, "One\ntwo\n3\n");
}

TEST(test_truncate)
{
	struct stat st;
	char buf[32];
	long fd, ro;

	setup();
	creat_with("/tmp/t", "0123456789");
	fd = sys_open("/tmp/t", O_RDWR, 0);
	CHECK_EQ(sys_ftruncate(fd, 4), 0);
	CHECK_EQ(sys_fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 4);
	/* Growing again must not bring the old bytes back. */
	CHECK_EQ(sys_ftruncate(fd, 8), 0);
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 8);
	CHECK(!memcmp(buf, "0123\0\0\0\0", 8));
	CHECK_EQ(sys_ftruncate(fd, -1), -EINVAL);
	ro = sys_open("/tmp/t", O_RDONLY, 0);
	CHECK_EQ(sys_ftruncate(ro, 0), -EINVAL);
	CHECK_EQ(sys_ftruncate(99, 0), -EBADF);
	CHECK_EQ(sys_ftruncate(1, 0), -EINVAL);
	CHECK_EQ(sys_fsync(fd), 0);
	CHECK_EQ(sys_fsync(99), -EBADF);
	/* O_TRUNC empties an existing file; its descriptors see that. */
	CHECK_EQ(sys_close(sys_open("/tmp/t", O_WRONLY | O_TRUNC, 0)), 0);
	CHECK_EQ(sys_fstat(ro, &st), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_END), 0);
	/* Writing after shrinking leaves zeros where the old data was. */
	CHECK_EQ(sys_pwrite64(fd, "z", 1, 3), 1);
	CHECK_EQ(sys_pread64(ro, buf, sizeof(buf), 0), 4);
	CHECK(!memcmp(buf, "\0\0\0z", 4));
}

TEST(test_pread_pwrite)
{
	char buf[16] = { 0 };
	long fd;

	setup();
	fd = sys_open("/tmp/p", O_CREAT | O_RDWR, 0644);
	CHECK_EQ(sys_write(fd, "abcdef", 6), 6);
	CHECK_EQ(sys_pwrite64(fd, "XY", 2, 1), 2);
	CHECK_EQ(sys_pread64(fd, buf, 3, 0), 3);
	CHECK_STR(buf, "aXY");
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_CUR), 6); /* untouched */
	CHECK_EQ(sys_pread64(fd, buf, 3, 6), 0);
	CHECK_EQ(sys_pread64(fd, buf, 3, -1), -EINVAL);
	CHECK_EQ(sys_pwrite64(fd, buf, 3, -1), -EINVAL);
}

TEST(test_readv_writev)
{
	char a[4] = { 0 }, b[8] = { 0 }, c[8] = { 0 };
	struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cdefg", 5 } };
	struct iovec r[3] = { { a, 3 }, { b, 2 }, { c, 8 } };
	long fd;

	setup();
	fd = sys_open("/tmp/v", O_CREAT | O_RDWR, 0644);
	CHECK_EQ(sys_writev(fd, w, 3), 7);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	CHECK_EQ(sys_readv(fd, r, 3), 7);
	CHECK_STR(a, "abc");
	CHECK_STR(b, "de");
	CHECK_STR(c, "fg");
	CHECK_EQ(sys_readv(fd, r, 3), 0);
	CHECK_EQ(sys_readv(fd, r, 0), 0);
	CHECK_EQ(sys_readv(fd, r, -1), -EINVAL);
	CHECK_EQ(sys_readv(fd, r, 1025), -EINVAL);
	CHECK_EQ(sys_writev(99, w, 3), -EBADF);
	CHECK_EQ(sys_writev(1, w, 3), 7);
	CHECK_STR(shim_console, "abcdefg");
	poison();
	CHECK_EQ(sys_writev(fd, (struct iovec *)poisoned, 1), -EFAULT);
	/* A bad buffer after some bytes went through gives the count. */
	struct iovec half[2] = { { "ok", 2 }, { poisoned, 4 } };
	CHECK_EQ(sys_writev(fd, half, 2), 2);
	r[0].iov_base = poisoned;
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	CHECK_EQ(sys_readv(fd, r, 1), -EFAULT);
}

TEST(test_large_file)
{
	static char chunk[4096], back[4096];
	struct stat st;
	const int chunks = 1024; /* 4 MB in 4 KB writes */
	int i, bad = 0;
	long fd;

	setup();
	fd = sys_open("/tmp/big", O_CREAT | O_RDWR, 0644);
	for (i = 0; i < chunks; i++) {
		memset(chunk, 'a' + i % 26, sizeof(chunk));
		bad += sys_write(fd, chunk, sizeof(chunk)) != sizeof(chunk);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(sys_fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, chunks * 4096L);
	CHECK_EQ(st.st_blocks, chunks * 8L);
	for (i = chunks - 1; i >= 0; i -= 37) {
		bad += sys_pread64(fd, back, sizeof(back), i * 4096L) != 4096;
		bad += back[0] != 'a' + i % 26 || back[4095] != 'a' + i % 26;
	}
	CHECK_EQ(bad, 0);
}

TEST(test_access_modes)
{
	char buf[4];
	long ro, wo;

	setup();
	creat_with("/tmp/m", "data");
	ro = sys_open("/tmp/m", O_RDONLY, 0);
	wo = sys_open("/tmp/m", O_WRONLY, 0);
	CHECK_EQ(sys_write(ro, "x", 1), -EBADF);
	CHECK_EQ(sys_pwrite64(ro, "x", 1, 0), -EBADF);
	CHECK_EQ(sys_read(wo, buf, 1), -EBADF);
	CHECK_EQ(sys_pread64(wo, buf, 1, 0), -EBADF);
	CHECK_EQ(sys_open("/tmp/m", O_ACCMODE, 0), -EINVAL);
	CHECK_EQ(sys_fcntl(wo, F_GETFL, 0) & O_ACCMODE, O_WRONLY);
}

TEST(test_open_errors)
{
	setup();
	sys_close(creat_with("/tmp/f", "x"));
	CHECK_EQ(sys_open("/tmp/f", O_CREAT | O_EXCL | O_WRONLY, 0644),
		 -EEXIST);
	CHECK_EQ(sys_open("/tmp/new", O_CREAT | O_EXCL | O_WRONLY, 0644), 3);
	CHECK_EQ(sys_open("/tmp/none", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(sys_open("/none/x", O_CREAT | O_RDWR, 0644), -ENOENT);
	CHECK_EQ(sys_open("/tmp/f/x", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_open("/tmp/f/", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_open("/tmp/f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
	CHECK_EQ(sys_open("/tmp", O_WRONLY, 0), -EISDIR);
	CHECK_EQ(sys_open("/tmp", O_RDONLY | O_CREAT, 0), -EISDIR);
	CHECK_EQ(sys_open("/tmp/g/", O_CREAT | O_RDWR, 0644), -EISDIR);
	CHECK_EQ(sys_open("", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(sys_open("/tmp", O_TMPFILE | O_RDWR, 0600), -EOPNOTSUPP);
	CHECK_EQ(sys_open("/tmp/d", O_CREAT | O_DIRECTORY, 0600), -EINVAL);
	CHECK_EQ(sys_open("/tmp", O_RDONLY | O_DIRECTORY, 0), 4);
	CHECK_EQ(sys_open("/tmp/", O_RDONLY, 0), 5);
	CHECK_EQ(sys_open("/tmp/f", O_PATH, 0), 6);
	char c;
	CHECK_EQ(sys_read(6, &c, 1), -EBADF);
	CHECK_EQ(sys_write(5, "x", 1), -EBADF);
	CHECK_EQ(sys_read(5, &c, 1), -EISDIR);
	CHECK_EQ(sys_open("/tmp/o", O_CREAT | O_WRONLY | O_CLOEXEC, 0644), 7);
	CHECK_EQ(sys_fcntl(7, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(7, F_GETFL, 0) & O_CLOEXEC, 0);
}

TEST(test_mkdir_rmdir)
{
	struct stat st;

	setup();
	CHECK_EQ(sys_mkdir("/tmp/d", 0777), 0);
	CHECK_EQ(mode_of("/tmp/d"), S_IFDIR | 0755);
	CHECK_EQ(sys_mkdir("/tmp/d", 0777), -EEXIST);
	CHECK_EQ(sys_mkdir("/tmp/d/", 0777), -EEXIST);
	CHECK_EQ(sys_mkdir("/", 0777), -EEXIST);
	CHECK_EQ(sys_mkdir("/tmp/.", 0777), -EEXIST);
	CHECK_EQ(sys_mkdir("/tmp/no/d", 0777), -ENOENT);
	CHECK_EQ(sys_mkdir("", 0777), -ENOENT);
	CHECK_EQ(sys_mkdir("/tmp/e/", 0777), 0);
	CHECK_EQ(sys_mkdir("/tmp/d/sub", 0777), 0);
	CHECK_EQ(sys_stat("/tmp/d", &st), 0);
	CHECK_EQ(st.st_nlink, 3);
	creat_with("/tmp/d/file", "x");
	CHECK_EQ(sys_mkdir("/tmp/d/file/x", 0777), -ENOTDIR);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d", AT_REMOVEDIR), -ENOTEMPTY);
	CHECK_EQ(sys_unlink("/tmp/d/sub"), -EISDIR);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d/file", AT_REMOVEDIR), -ENOTDIR);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d/file", 0x4000), -EINVAL);
	CHECK_EQ(sys_unlink("/tmp/d/file/"), -ENOTDIR);
	CHECK_EQ(sys_unlink("/tmp/d/none"), -ENOENT);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d/.", AT_REMOVEDIR), -EINVAL);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d/..", AT_REMOVEDIR), -ENOTEMPTY);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/", AT_REMOVEDIR), -EBUSY);
	CHECK_EQ(sys_unlink("/tmp/d/file"), 0);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d/sub/", AT_REMOVEDIR), 0);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/d", AT_REMOVEDIR), 0);
	CHECK_EQ(sys_stat("/tmp/d", &st), -ENOENT);
	CHECK_EQ(sys_stat("/tmp", &st), 0);
	CHECK_EQ(st.st_nlink, 3); /* /tmp/e remains */
}

TEST(test_unlink_while_open)
{
	struct stat st;
	char buf[8] = { 0 };
	long fd;

	setup();
	creat_with("/tmp/u", "keep");
	fd = sys_open("/tmp/u", O_RDWR, 0);
	CHECK_EQ(sys_unlink("/tmp/u"), 0);
	CHECK_EQ(sys_stat("/tmp/u", &st), -ENOENT);
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "keep");
	CHECK_EQ(sys_write(fd, "!", 1), 1);
	CHECK_EQ(sys_fstat(fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, 5);
	/* A new file of the same name is another file. */
	creat_with("/tmp/u", "new");
	CHECK_EQ(slurp("/tmp/u", buf, sizeof(buf)), 3);
	CHECK_EQ(sys_close(fd), 0);

	/* A removed directory still open, or the cwd, stays usable. */
	CHECK_EQ(sys_mkdir("/tmp/gone", 0755), 0);
	CHECK_EQ(sys_chdir("/tmp/gone"), 0);
	fd = sys_open(".", O_RDONLY | O_DIRECTORY, 0);
	CHECK_EQ(sys_unlinkat(AT_FDCWD, "/tmp/gone", AT_REMOVEDIR), 0);
	CHECK_EQ(sys_getcwd(buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_getdents64(fd, buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_open("x", O_CREAT | O_WRONLY, 0644), -ENOENT);
	CHECK_EQ(sys_chdir(".."), 0);
	CHECK_EQ(sys_getcwd(buf, sizeof(buf)), 5);
	CHECK_STR(buf, "/tmp");
	CHECK_EQ(sys_close(fd), 0);
}

TEST(test_rename)
{
	char buf[16];
	struct stat st;

	setup();
	creat_with("/tmp/a", "A");
	creat_with("/tmp/b", "B");
	CHECK_EQ(sys_rename("/tmp/a", "/tmp/c"), 0);
	CHECK_EQ(sys_stat("/tmp/a", &st), -ENOENT);
	CHECK_EQ(slurp("/tmp/c", buf, sizeof(buf)), 1);
	CHECK_STR(buf, "A");
	CHECK_EQ(sys_rename("/tmp/c", "/tmp/b"), 0); /* replaces b */
	CHECK_EQ(slurp("/tmp/b", buf, sizeof(buf)), 1);
	CHECK_STR(buf, "A");
	CHECK_EQ(sys_stat("/tmp/c", &st), -ENOENT);
	CHECK_EQ(sys_rename("/tmp/b", "/tmp/b"), 0);
	CHECK_EQ(sys_rename("/tmp/none", "/tmp/x"), -ENOENT);
	CHECK_EQ(sys_rename("/tmp/b", "/none/x"), -ENOENT);
	CHECK_EQ(sys_rename("/tmp/b", "/tmp/b/"), -ENOTDIR);

	CHECK_EQ(sys_mkdir("/tmp/d", 0755), 0);
	CHECK_EQ(sys_mkdir("/tmp/d/in", 0755), 0);
	CHECK_EQ(sys_rename("/tmp/b", "/tmp/d"), -EISDIR);
	CHECK_EQ(sys_rename("/tmp/d", "/tmp/b"), -ENOTDIR);
	CHECK_EQ(sys_rename("/tmp/d", "/tmp/d/in/x"), -EINVAL);
	CHECK_EQ(sys_rename("/tmp/d/..", "/tmp/x"), -EBUSY);
	CHECK_EQ(sys_mkdir("/tmp/full", 0755), 0);
	creat_with("/tmp/full/f", "");
	CHECK_EQ(sys_rename("/tmp/d", "/tmp/full"), -ENOTEMPTY);
	/* Directories move with their contents, into another directory. */
	CHECK_EQ(sys_rename("/tmp/b", "/tmp/d/in/b"), 0);
	CHECK_EQ(sys_rename("/tmp/d", "/moved"), 0);
	CHECK_EQ(slurp("/moved/in/b", buf, sizeof(buf)), 1);
	CHECK_EQ(sys_rename("/dev/null", "/tmp/null"), -EACCES);
}

TEST(test_paths_and_cwd)
{
	char buf[64];
	struct stat st, st2;

	setup();
	CHECK_EQ(sys_getcwd(buf, sizeof(buf)), 2);
	CHECK_STR(buf, "/");
	CHECK_EQ(sys_mkdir("/tmp/a", 0755), 0);
	CHECK_EQ(sys_mkdir("/tmp/a/b", 0755), 0);
	creat_with("/tmp/a/b/f", "path");
	CHECK_EQ(sys_stat("//tmp///a/./b/../b/f", &st), 0);
	CHECK_EQ(sys_stat("/../../tmp/a/b/f", &st2), 0);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(sys_stat("tmp/a/b/f", &st2), 0); /* relative to "/" */
	CHECK_EQ(sys_chdir("/tmp/a"), 0);
	CHECK_EQ(sys_getcwd(buf, sizeof(buf)), 7);
	CHECK_STR(buf, "/tmp/a");
	CHECK_EQ(slurp("b/f", buf, sizeof(buf)), 4);
	CHECK_EQ(slurp("./b/../b/f", buf, sizeof(buf)), 4);
	CHECK_EQ(slurp("../a/b/f", buf, sizeof(buf)), 4);
	CHECK_EQ(sys_getcwd(buf, 6), -ERANGE);
	CHECK_EQ(sys_getcwd(buf, 0), -ERANGE);
	CHECK_EQ(sys_chdir("b/f"), -ENOTDIR);
	CHECK_EQ(sys_chdir("nope"), -ENOENT);
	CHECK_EQ(sys_chdir(""), -ENOENT);
	creat_with("rel", "r");
	CHECK_EQ(sys_stat("/tmp/a/rel", &st), 0);
	CHECK_EQ(sys_chdir("../.."), 0);
	CHECK_EQ(sys_getcwd(buf, sizeof(buf)), 2);
	CHECK_EQ(sys_stat("/tmp/a/b/f/.", &st), -ENOTDIR);
}

TEST(test_name_limits)
{
	static char path[5000];
	struct stat st;

	setup();
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[4096] = '\0'; /* 4096 characters: no room for the NUL */
	CHECK_EQ(sys_stat(path, &st), -ENAMETOOLONG);
	CHECK_EQ(sys_open(path, O_CREAT | O_WRONLY, 0644), -ENAMETOOLONG);
	path[257] = '\0'; /* one component of 256 characters */
	CHECK_EQ(sys_stat(path, &st), -ENAMETOOLONG);
	CHECK_EQ(sys_mkdir(path, 0755), -ENAMETOOLONG);
	path[256] = '\0'; /* 255 is fine */
	CHECK_EQ(sys_mkdir(path, 0755), 0);
	CHECK_EQ(sys_stat(path, &st), 0);
}

TEST(test_at_calls)
{
	struct stat st;
	long dfd, ffd;
	char buf[8];

	setup();
	CHECK_EQ(sys_mkdir("/tmp/w", 0755), 0);
	dfd = sys_open("/tmp/w", O_RDONLY | O_DIRECTORY, 0);
	CHECK_EQ(dfd, 3);
	ffd = sys_openat(dfd, "f", O_CREAT | O_RDWR, 0644);
	CHECK_EQ(ffd, 4);
	CHECK_EQ(sys_write(ffd, "at", 2), 2);
	CHECK_EQ(slurp("/tmp/w/f", buf, sizeof(buf)), 2);
	CHECK_EQ(sys_openat(ffd, "x", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_openat(77, "x", O_RDONLY, 0), -EBADF);
	CHECK_EQ(sys_openat(77, "/tmp/w/f", O_RDONLY, 0), 5); /* absolute */
	CHECK_EQ(sys_newfstatat(dfd, "f", &st, 0), 0);
	CHECK_EQ(st.st_size, 2);
	CHECK_EQ(sys_newfstatat(ffd, "", &st, AT_EMPTY_PATH), 0);
	CHECK_EQ(st.st_size, 2);
	CHECK_EQ(sys_newfstatat(ffd, "", &st, 0), -ENOENT);
	CHECK_EQ(sys_newfstatat(AT_FDCWD, "", &st, AT_EMPTY_PATH), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFDIR);
	CHECK_EQ(sys_newfstatat(99, "", &st, AT_EMPTY_PATH), -EBADF);
	CHECK_EQ(sys_newfstatat(dfd, "f", &st, 0x1), -EINVAL);
	CHECK_EQ(sys_mkdirat(dfd, "sub", 0755), 0);
	CHECK_EQ(sys_faccessat(dfd, "sub", T_X_OK), 0);
	CHECK_EQ(sys_unlinkat(dfd, "sub", AT_REMOVEDIR), 0);
	CHECK_EQ(sys_unlinkat(dfd, "f", 0), 0);
	CHECK_EQ(sys_faccessat(dfd, "f", T_F_OK), -ENOENT);
	/* The open O_PATH directory works as a dirfd too. */
	long pfd = sys_open("/tmp", O_PATH, 0);
	CHECK_EQ(sys_newfstatat(pfd, "w", &st, 0), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFDIR);
}

TEST(test_getdents)
{
	char out[4096];
	long fd;
	int i;

	setup();
	CHECK_EQ(sys_mkdir("/tmp/l", 0755), 0);
	creat_with("/tmp/l/one", "");
	CHECK_EQ(sys_mkdir("/tmp/l/sub", 0755), 0);
	creat_with("/tmp/l/two", "");
	fd = sys_open("/tmp/l", O_RDONLY | O_DIRECTORY, 0);
	CHECK_EQ(list_dir(fd, 4096, out, sizeof(out)), 1);
	CHECK_STR(out, "./4 ../4 one/8 sub/4 two/8");
	/* Nothing more, until rewound. */
	CHECK_EQ(list_dir(fd, 4096, out, sizeof(out)), 0);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	/* A 32-byte buffer holds one record at a time. */
	CHECK_EQ(list_dir(fd, 32, out, sizeof(out)), 5);
	CHECK_STR(out, "./4 ../4 one/8 sub/4 two/8");
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	CHECK_EQ(sys_getdents64(fd, out, 16), -EINVAL);
	CHECK_EQ(sys_getdents64(1, out, sizeof(out)), -ENOTDIR);
	CHECK_EQ(sys_getdents64(99, out, sizeof(out)), -EBADF);
	poison();
	CHECK_EQ(sys_getdents64(fd, poisoned, sizeof(poisoned)), -EFAULT);
	shim_fault_start = shim_fault_end = 0;

	/* Record layout: 19-byte header, name, NUL, 8-byte aligned. */
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_SET), 0);
	CHECK_EQ(sys_getdents64(fd, out, sizeof(out)), 24 + 24 + 24 + 24 + 24);
	struct t_dirent64 *d = (void *)out;
	CHECK_EQ(d->d_reclen, 24);
	CHECK_EQ(d->d_off, 1);
	CHECK_STR(d->d_name, ".");

	/* Every entry of a big directory is seen exactly once. */
	for (i = 0; i < 300; i++) {
		char name[32];

		snprintf(name, sizeof(name), "/tmp/l/sub/f%03d", i);
		sys_close(creat_with(name, NULL));
	}
	long sfd = sys_open("/tmp/l/sub", O_RDONLY | O_DIRECTORY, 0);
	static char big[300 * 16];
	CHECK(list_dir(sfd, 512, big, sizeof(big)) > 1);
	CHECK(!strncmp(big, "./4 ../4 f000/8 f001/8", 22));
	CHECK(strstr(big, "f299/8") && !strstr(big, "f300"));
	CHECK_EQ(strlen(big), 8 + 300 * 7);
	/* The root's ".." is itself. */
	long rfd = sys_open("/", O_RDONLY, 0);
	CHECK(list_dir(rfd, 4096, out, sizeof(out)) == 1);
	CHECK(!strncmp(out, "./4 ../4 tmp/4 dev/4", 20));
}

TEST(test_dup)
{
	char buf[8] = { 0 };
	long fd, d;

	setup();
	creat_with("/tmp/s", "abcdef");
	fd = sys_open("/tmp/s", O_RDWR, 0);
	d = sys_dup(fd);
	CHECK_EQ(d, fd + 1);
	CHECK_EQ(sys_read(fd, buf, 2), 2);
	CHECK_EQ(sys_read(d, buf, 2), 2); /* the offset is shared */
	CHECK_STR(buf, "cd");
	CHECK_EQ(sys_dup2(fd, 10), 10);
	CHECK_EQ(sys_lseek(10, 0, T_SEEK_CUR), 4);
	CHECK_EQ(sys_dup2(fd, fd), fd);
	CHECK_EQ(sys_dup2(50, 50), -EBADF);
	CHECK_EQ(sys_dup2(fd, 1024), -EBADF);
	CHECK_EQ(sys_dup3(fd, fd, 0), -EINVAL);
	CHECK_EQ(sys_dup3(fd, 11, 0x1), -EINVAL);
	CHECK_EQ(sys_dup3(fd, 11, O_CLOEXEC), 11);
	CHECK_EQ(sys_fcntl(11, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(10, F_GETFD, 0), 0);
	CHECK_EQ(sys_fcntl(10, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(sys_fcntl(10, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(fd, F_DUPFD, 20), 20);
	CHECK_EQ(sys_fcntl(fd, F_DUPFD_CLOEXEC, 20), 21);
	CHECK_EQ(sys_fcntl(21, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(fd, F_DUPFD, 1024), -EINVAL);
	CHECK_EQ(sys_fcntl(fd, 9999, 0), -EINVAL);
	CHECK_EQ(sys_fcntl(99, F_GETFD, 0), -EBADF);
	CHECK_EQ(sys_ioctl(fd, FIOCLEX, 0), 0);
	CHECK_EQ(sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	/* Closing one descriptor leaves the description to the others. */
	CHECK_EQ(sys_close(fd), 0);
	CHECK_EQ(sys_read(d, buf, 2), 2);
	CHECK_STR(buf, "ef");
	/* dup2 onto an open descriptor closes that one first. */
	CHECK_EQ(sys_dup2(1, d), d);
	CHECK_EQ(sys_write(d, "via dup", 7), 7);
	CHECK_STR(shim_console, "via dup");
	CHECK_EQ(sys_dup(99), -EBADF);
}

TEST(test_file_locks)
{
	struct flock lk = { .l_type = F_WRLCK };
	long fd;

	setup();
	fd = creat_with("/tmp/lock", NULL);
	CHECK_EQ(sys_fcntl(fd, F_SETLK, (unsigned long)&lk), 0);
	CHECK_EQ(sys_fcntl(fd, F_SETLKW, (unsigned long)&lk), 0);
	CHECK_EQ(sys_fcntl(fd, F_GETLK, (unsigned long)&lk), 0);
	CHECK_EQ(lk.l_type, F_UNLCK);
	poison();
	CHECK_EQ(sys_fcntl(fd, F_GETLK, (unsigned long)poisoned), -EFAULT);
}

TEST(test_emfile)
{
	long fd = 0, count = 0;

	setup();
	while ((fd = sys_open("/dev/null", O_RDONLY, 0)) >= 0)
		count++;
	CHECK_EQ(fd, -EMFILE);
	CHECK_EQ(count, 1024 - 3);
	CHECK_EQ(sys_dup(0), -EMFILE);
	CHECK_EQ(sys_open("/tmp/not-made", O_CREAT | O_WRONLY, 0644), -EMFILE);
	CHECK_EQ(sys_access("/tmp/not-made", T_F_OK), -ENOENT);
	CHECK_EQ(sys_close(1023), 0);
	CHECK_EQ(sys_dup(0), 1023);
	setup(); /* starting over closes everything */
	CHECK_EQ(sys_open("/dev/null", O_RDONLY, 0), 3);
}

TEST(test_efault)
{
	struct stat st;
	long fd;

	setup();
	fd = creat_with("/tmp/e", "data");
	poison();
	CHECK_EQ(sys_write(fd, poisoned, 4), -EFAULT);
	CHECK_EQ(sys_write(1, poisoned, 4), -EFAULT);
	CHECK_EQ(sys_close(fd), 0);
	fd = sys_open("/tmp/e", O_RDONLY, 0);
	CHECK_EQ(sys_read(fd, poisoned, 4), -EFAULT);
	CHECK_EQ(sys_pread64(fd, poisoned, 4, 0), -EFAULT);
	CHECK_EQ(sys_fstat(fd, (struct stat *)poisoned), -EFAULT);
	CHECK_EQ(sys_stat("/tmp/e", (struct stat *)poisoned), -EFAULT);
	CHECK_EQ(sys_open(poisoned, O_RDONLY, 0), -EFAULT);
	CHECK_EQ(sys_open(NULL, O_RDONLY, 0), -EFAULT);
	CHECK_EQ(sys_stat(NULL, &st), -EFAULT);
	CHECK_EQ(sys_mkdir(poisoned, 0755), -EFAULT);
	CHECK_EQ(sys_rename("/tmp/e", poisoned), -EFAULT);
	CHECK_EQ(sys_getcwd(poisoned, 64), -EFAULT);
	CHECK_EQ(sys_chdir(poisoned), -EFAULT);
	CHECK_EQ(sys_unlink(poisoned), -EFAULT);
	CHECK_EQ(sys_access(poisoned, T_F_OK), -EFAULT);
	CHECK_EQ(sys_readlink("/tmp/e", poisoned, 10), -EINVAL);
	/* The failed calls changed nothing. */
	shim_fault_start = shim_fault_end = 0;
	CHECK_EQ(sys_stat("/tmp/e", &st), 0);
	CHECK_EQ(st.st_size, 4);
	CHECK_EQ(sys_lseek(fd, 0, T_SEEK_CUR), 0);
}

TEST(test_badf)
{
	struct stat st;
	char buf[4];

	setup();
	CHECK_EQ(sys_read(-1, buf, 1), -EBADF);
	CHECK_EQ(sys_read(5, buf, 1), -EBADF);
	CHECK_EQ(sys_write(1024, buf, 1), -EBADF);
	CHECK_EQ(sys_pread64(7, buf, 1, 0), -EBADF);
	CHECK_EQ(sys_fstat(3, &st), -EBADF);
	CHECK_EQ(sys_close(-1), -EBADF);
	CHECK_EQ(sys_close(4096), -EBADF);
	CHECK_EQ(sys_lseek(500, 0, T_SEEK_SET), -EBADF);
	CHECK_EQ(sys_getdents64(77, buf, sizeof(buf)), -EBADF);
	CHECK_EQ(sys_fcntl(-5, F_GETFL, 0), -EBADF);
}

TEST(test_symlinks)
{
	const int nofollow = AT_SYMLINK_NOFOLLOW;
	struct stat st;
	char buf[32] = { 0 };
	long fd;

	setup();
	CHECK_EQ(fs_add_file("/bin/prog", "\177ELF", 4), 0);
	CHECK_EQ(fs_add_symlink("/proc/self/exe", "/bin/prog"), 0);
	CHECK_EQ(fs_add_symlink("/proc/rel", "self/exe"), 0);
	CHECK_EQ(fs_add_symlink("/proc/bindir", "../bin"), 0);
	CHECK_EQ(fs_add_symlink("/proc/loop", "loop"), 0);
	CHECK_EQ(fs_add_symlink("/proc/dangling", "/nowhere"), 0);
	CHECK_EQ(fs_add_symlink("/proc/rel", "x"), -EEXIST);

	CHECK_EQ(sys_stat("/proc/self/exe", &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0555); /* an ELF file: executable */
	CHECK_EQ(st.st_size, 4);
	CHECK_EQ(sys_lstat("/proc/self/exe", &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
	CHECK_EQ(st.st_size, 9);
	CHECK_EQ(sys_lstat("/proc/rel", &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
	CHECK_EQ(sys_newfstatat(AT_FDCWD, "/proc/rel", &st, nofollow), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
	CHECK_EQ(sys_newfstatat(AT_FDCWD, "/proc/rel", &st, 0), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFREG);
	CHECK_EQ(sys_readlink("/proc/self/exe", buf, sizeof(buf)), 9);
	CHECK_STR(buf, "/bin/prog");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(sys_readlink("/proc/self/exe", buf, 4), 4);
	CHECK_STR(buf, "/bin");
	CHECK_EQ(sys_readlink("/proc/self/exe", buf, 0), -EINVAL);
	CHECK_EQ(sys_readlink("/bin/prog", buf, sizeof(buf)), -EINVAL);
	CHECK_EQ(sys_readlink("/proc/none", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_readlinkat(AT_FDCWD, "/proc/rel", buf, sizeof(buf)), 8);

	fd = sys_open("/proc/rel", O_RDONLY, 0);
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "\177ELF", 4));
	CHECK_EQ(sys_open("/proc/rel", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	CHECK(sys_open("/proc/rel", O_PATH | O_NOFOLLOW, 0) >= 0);
	CHECK_EQ(slurp("/proc/bindir/prog", buf, sizeof(buf)), 4);
	CHECK_EQ(sys_stat("/proc/bindir/", &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFDIR);
	CHECK_EQ(sys_chdir("/proc/bindir"), 0);
	CHECK_EQ(sys_getcwd(buf, sizeof(buf)), 5);
	CHECK_STR(buf, "/bin");
	CHECK_EQ(sys_stat("/proc/loop", &st), -ELOOP);
	CHECK_EQ(sys_lstat("/proc/loop", &st), 0);
	CHECK_EQ(sys_stat("/proc/dangling", &st), -ENOENT);
	CHECK_EQ(sys_open("/proc/dangling", O_CREAT | O_WRONLY, 0644), -ENOENT);
	CHECK_EQ(sys_access("/proc/self/exe", T_R_OK | T_X_OK), 0);
	CHECK_EQ(sys_access("/proc/self/exe", T_W_OK), -EACCES);
	CHECK_EQ(sys_faccessat2(AT_FDCWD, "/proc/dangling", T_F_OK, nofollow),
		 0);
	CHECK_EQ(sys_access("/proc/dangling", T_F_OK), -ENOENT);
	CHECK_EQ(sys_unlink("/proc/self/exe"), -EACCES);
	poison();
	CHECK_EQ(sys_readlink("/proc/rel", poisoned, 8), -EFAULT);
}

TEST(test_readonly_files)
{
	char buf[32];

	setup();
	CHECK_EQ(fs_add_file("/proc/cpuinfo", "processor\t: 0\n", 14), 0);
	CHECK_EQ(fs_add_file("/proc/cpuinfo", "x", 1), -EEXIST);
	CHECK_EQ(fs_add_file("/sys/devices/system/cpu/online", "0-3\n", 4), 0);
	CHECK_EQ(fs_add_file("/tmp/kfile", "", 0), 0);
	CHECK_EQ(fs_add_file("/", "", 0), -EINVAL);
	CHECK_EQ(slurp("/sys/devices/system/cpu/online", buf, sizeof(buf)), 4);
	CHECK_STR(buf, "0-3\n");
	CHECK_EQ(slurp("/proc/cpuinfo", buf, sizeof(buf)), 14);
	CHECK_EQ(mode_of("/proc/cpuinfo"), S_IFREG | 0444);
	CHECK_EQ(mode_of("/sys/devices"), S_IFDIR | 0555);
	CHECK_EQ(sys_open("/proc/cpuinfo", O_WRONLY, 0), -EACCES);
	CHECK_EQ(sys_open("/proc/cpuinfo", O_RDWR, 0), -EACCES);
	CHECK_EQ(sys_open("/proc/cpuinfo", O_RDONLY | O_TRUNC, 0), -EACCES);
	CHECK_EQ(sys_open("/proc/new", O_CREAT | O_WRONLY, 0644), -EACCES);
	CHECK_EQ(sys_mkdir("/proc/d", 0755), -EACCES);
	CHECK_EQ(sys_unlink("/proc/cpuinfo"), -EACCES);
	CHECK_EQ(sys_access("/proc/cpuinfo", T_R_OK), 0);
	CHECK_EQ(sys_access("/proc/cpuinfo", T_W_OK), -EACCES);
	CHECK_EQ(sys_access("/proc/cpuinfo", T_X_OK), -EACCES);
	CHECK_EQ(sys_access("/proc", T_X_OK), 0);
	/* A kernel file in a writable directory may still be removed. */
	CHECK_EQ(sys_unlink("/tmp/kfile"), 0);
}

TEST(test_access)
{
	setup();
	sys_close(creat_with("/tmp/f", NULL));
	CHECK_EQ(sys_access("/tmp/f", T_F_OK), 0);
	CHECK_EQ(sys_access("/tmp/f", T_R_OK | T_W_OK), 0);
	CHECK_EQ(sys_access("/tmp/f", T_X_OK), -EACCES);
	CHECK_EQ(sys_open("/tmp/x", O_CREAT | O_WRONLY, 0755), 3);
	CHECK_EQ(sys_access("/tmp/x", T_X_OK), 0);
	CHECK_EQ(sys_access("/tmp/none", T_F_OK), -ENOENT);
	CHECK_EQ(sys_access("/tmp/f", 8), -EINVAL);
	CHECK_EQ(sys_faccessat2(AT_FDCWD, "/tmp/f", T_F_OK, 0x1), -EINVAL);
	CHECK_EQ(sys_faccessat2(AT_FDCWD, "/tmp/f", T_W_OK, AT_EACCESS), 0);
	CHECK_EQ(sys_faccessat2(3, "", T_W_OK, AT_EMPTY_PATH), 0);
	CHECK_EQ(sys_access("/dev/null", T_W_OK), 0);
}

TEST(test_devices)
{
	struct stat st;
	char buf[8];
	long fd;

	setup();
	fd = sys_open("/dev/null", O_RDWR, 0);
	CHECK_EQ(sys_write(fd, "gone", 4), 4);
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_lseek(fd, 100, T_SEEK_SET), 0);
	CHECK_EQ(sys_pread64(fd, buf, sizeof(buf), 5), 0);
	CHECK_EQ(sys_fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode, S_IFCHR | 0666);
	CHECK_EQ(st.st_rdev, 0x103);
	CHECK_EQ(shim_console_len, 0);
	fd = sys_open("/dev/zero", O_RDONLY, 0);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(sys_read(fd, buf, sizeof(buf)), 8);
	CHECK(!memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	CHECK_EQ(sys_open("/dev/new", O_CREAT | O_WRONLY, 0644), -EACCES);
	CHECK_EQ(mode_of("/tmp"), S_IFDIR | 01777);
}

TEST(test_report)
{
	long fd;

	setup();
	CHECK_EQ(fs_add_file("/proc/cpuinfo", "kernel\n", 7), 0);
	CHECK_EQ(sys_mkdir("/out", 0755), 0);
	creat_with("/out/a.txt", "line 1\nline 2\n");
	creat_with("/tmp/b", "no newline");
	creat_with("/tmp/empty", NULL);
	creat_with("/tmp/gone", "x");
	CHECK_EQ(sys_unlink("/tmp/gone"), 0);
	fd = sys_open("/dev/null", O_WRONLY, 0);
	sys_write(fd, "x", 1);
	shim_console_clear();
	fs_report(false);
	CHECK_STR(shim_console, "lwk: file /tmp/b (10 bytes)\n"
				"lwk: file /tmp/empty (0 bytes)\n"
				"lwk: file /out/a.txt (14 bytes)\n");
	shim_console_clear();
	fs_report(true);
	CHECK_STR(shim_console, "lwk: file /tmp/b (10 bytes)\n"
				"----- /tmp/b -----\n"
				"no newline\n"
				"----- end /tmp/b -----\n"
				"lwk: file /tmp/empty (0 bytes)\n"
				"----- /tmp/empty -----\n"
				"----- end /tmp/empty -----\n"
				"lwk: file /out/a.txt (14 bytes)\n"
				"----- /out/a.txt -----\n"
				"line 1\nline 2\n"
				"----- end /out/a.txt -----\n");
	/* Nothing written, nothing reported. */
	setup();
	fs_report(true);
	CHECK_STR(shim_console, "");
}

TEST(test_report_renamed_and_truncated)
{
	setup();
	CHECK_EQ(sys_mkdir("/tmp/r", 0755), 0);
	creat_with("/tmp/r/x", "12345");
	CHECK_EQ(sys_rename("/tmp/r", "/res"), 0);
	CHECK_EQ(fs_add_file("/res/k", "kernel", 6), 0);
	long fd = sys_open("/res/x", O_WRONLY, 0);
	CHECK_EQ(sys_ftruncate(fd, 2), 0);
	shim_console_clear();
	fs_report(false);
	CHECK_STR(shim_console, "lwk: file /res/x (2 bytes)\n");
}

TEST(test_times)
{
	struct stat a, b;
	long fd;

	setup();
	fd = creat_with("/tmp/t", "1");
	CHECK_EQ(sys_fstat(fd, &a), 0);
	CHECK_EQ(a.st_mtime, 1700000000);
	CHECK(a.st_mtime_nsec > 0 && a.st_mtime_nsec < 1000000000);
	CHECK_EQ(sys_write(fd, "2", 1), 1);
	CHECK_EQ(sys_fstat(fd, &b), 0);
	CHECK(b.st_mtime_nsec > a.st_mtime_nsec);
	CHECK_EQ(b.st_ctime_nsec, b.st_mtime_nsec);
}

RUN_TESTS(test_console, test_create_write_read, test_inodes_unique,
	  test_seek_and_holes, test_append, test_truncate, test_pread_pwrite,
	  test_readv_writev, test_large_file, test_access_modes,
	  test_open_errors, test_mkdir_rmdir, test_unlink_while_open,
	  test_rename, test_paths_and_cwd, test_name_limits, test_at_calls,
	  test_getdents, test_dup, test_file_locks, test_emfile, test_efault,
	  test_badf, test_symlinks, test_readonly_files, test_access,
	  test_devices, test_report, test_report_renamed_and_truncated,
	  test_times)
