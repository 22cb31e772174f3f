/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The LWK's in-memory file system and file-descriptor table.
 *
 * Natively every path lives in memory: the kernel synthesizes a few files
 * at boot (/proc/self/exe, /proc/cpuinfo, /sys/devices/system/cpu/...),
 * and whatever the program creates is kept until exit, when fs_report()
 * lists it on the console. Descriptors 0, 1 and 2 are the console (stdin
 * reads as end-of-file).
 */
#ifndef LWK_FS_H
#define LWK_FS_H

#include <lwk/types.h>

/* Creates the root, /tmp, /dev/null and descriptors 0-2. */
void fs_init(void);

/*
 * Adds a read-only file with a copy of data (parent directories are
 * created). Used by the kernel for synthesized files. 0 or -errno.
 */
int fs_add_file(const char *path, const void *data, size_t len);

/* Adds a symbolic link (readlink() returns target). 0 or -errno. */
int fs_add_symlink(const char *path, const char *target);

/*
 * Prints one line "lwk: file PATH (N bytes)" for every regular file the
 * program created or modified; with show_contents, the contents follow
 * between "----- PATH -----" and "----- end PATH -----" lines.
 */
void fs_report(bool show_contents);

/* `v3ctl run` (lwk/fs/forward.c): descriptors 0-2 become the caller's
 * stdio; the syscall dispatcher's hook (true: forwarded, result in
 * *ret); whether a descriptor is the proxy's; reading a remote file
 * whole (mmap). */
void fs_run_stdio(void);
bool fwd_syscall(uint64_t nr, const uint64_t *arg, long *ret);
bool fs_fd_is_remote(int fd);
long fwd_pread_full(int fd, void __user *buf, size_t count, off_t off);

#endif
