/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to lwk/fs/: the in-memory file system's nodes, open file
 * descriptions and descriptor table.
 *
 * One global lock (fs_lock) serialises every file-system syscall: the
 * program is one process, file operations are rare next to its compute,
 * and nothing here ever blocks (stdin is at end-of-file).
 *
 * Lifetime: a node is freed when it is no longer linked into a directory
 * and nothing references it. References are held by open file
 * descriptions, by the cwd and by every child node on its parent (so that
 * ".." and the paths fs_report prints always stay valid).
 */
#ifndef LWK_FS_INTERNAL_H
#define LWK_FS_INTERNAL_H

#include <lwk/types.h>
#include <lwk/spinlock.h>
#include <asm/stat.h>
#include <linux/fcntl.h>
#include <linux/stat.h>

/*
 * The uapi <linux/stat.h> hides the S_IF* names when glibc is around,
 * which is the case only in host unit tests.
 */
#ifndef S_IFMT
#define S_IFMT 00170000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_ISVTX 0001000
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#endif

/* ABI constants that no freestanding-safe uapi header provides. */
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#define FS_SEEK_DATA 3
#define FS_SEEK_HOLE 4
#define FS_F_OK 0
#define FS_X_OK 1
#define FS_W_OK 2
#define FS_R_OK 4
#define FS_DT_CHR 2
#define FS_DT_DIR 4
#define FS_DT_REG 8
#define FS_DT_LNK 10

#define FS_MAX_FDS 1024
#define FS_PATH_MAX 4096
#define FS_NAME_MAX 255
#define FS_MAX_SYMLINKS 40
/* Linux caps one read/write at INT_MAX rounded down to a page. */
#define FS_MAX_RW 0x7ffff000L
/* The fixed umask applied to modes given by the program. */
#define FS_UMASK 022

enum fs_dev {
	FS_DEV_NULL,
	FS_DEV_ZERO,
	FS_DEV_CONSOLE,
};

struct fs_node {
	unsigned int mode; /* S_IF* type bits | permission bits */
	uint64_t ino;
	char *name; /* NULL for the root */
	struct fs_node *parent; /* NULL for the root */
	struct fs_node *next; /* next sibling in parent->children */
	int refs;
	bool linked; /* present in its parent's directory */
	bool readonly; /* synthesized by the kernel: never writable */
	bool written; /* created or modified by the program */
	uint64_t atime, mtime, ctime; /* ns since the epoch */
	union {
		struct fs_node *children; /* S_IFDIR, in creation order */
		struct {
			char *data; /* S_IFREG: bytes [0, size) are valid */
			size_t size, cap;
		};
		char *target; /* S_IFLNK */
		enum fs_dev dev; /* S_IFCHR */
	};
};

/* An open file description, shared by descriptors made with dup(). */
struct fs_file {
	int refs;
	struct fs_node *node;
	unsigned int flags; /* access mode and status flags (F_GETFL) */
	off_t pos; /* byte offset; for directories the getdents64 index */
	int remote; /* `v3ctl run`: the proxy's handle + 1; 0: local */
};

extern spinlock_t fs_lock;
extern struct fs_node *fs_root;
extern struct fs_node *fs_cwd;

/* node.c */
struct fs_node *fs_node_new(struct fs_node *dir, const char *name, size_t len,
			    unsigned int mode);
void fs_node_get(struct fs_node *node);
void fs_node_put(struct fs_node *node);
void fs_node_unlink(struct fs_node *node);
void fs_node_link(struct fs_node *dir, struct fs_node *node);
int fs_node_move(struct fs_node *node, struct fs_node *dir, const char *name,
		 size_t len, struct fs_node *victim);
struct fs_node *fs_dir_find(struct fs_node *dir, const char *name, size_t len);
long fs_may_create(struct fs_node *dir);
int fs_file_resize(struct fs_node *node, size_t size);
int fs_file_reserve(struct fs_node *node, size_t size);
void fs_node_touch(struct fs_node *node);
void fs_node_stat(struct fs_node *node, struct stat *st);
void fs_free_tree(struct fs_node *node);

/* path.c: lookups take no references (see path.c) */
struct fs_last {
	struct fs_node *dir; /* the directory holding the last component */
	const char *name; /* last component, points into the path */
	size_t len; /* 0 for "/" */
	bool dot; /* the last component is "." or ".." (or the root) */
	bool slash; /* the path ends with a slash */
};

long fs_getname(const char __user *upath, char **out);
void fs_putname(char *path);
long fs_lookup(struct fs_node *base, const char *path, bool follow,
	       struct fs_node **out);
long fs_lookup_last(struct fs_node *base, const char *path,
		    struct fs_last *last);
long fs_at_base(int dirfd, const char *path, struct fs_node **base);
long fs_at_lookup(int dirfd, const char __user *upath, bool follow,
		  bool empty_ok, struct fs_node **out);
long fs_path_of(struct fs_node *node, char *buf, size_t size);

/* fdtable.c */
struct fs_file *fs_fd_get(int fd);
long fs_fd_lowest(int min);
long fs_fd_install_at(struct fs_file *file, int fd, bool cloexec);
bool fs_fd_cloexec(int fd);
void fs_fd_set_cloexec(int fd, bool cloexec);
long fs_fd_close(int fd);
void fs_fd_close_all(void);
struct fs_file *fs_file_new(struct fs_node *node, unsigned int flags);
void fs_file_put(struct fs_file *file);

/* forward.c */
void fs_remote_release(int handle);

static inline bool fs_file_readable(struct fs_file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}

static inline bool fs_file_writable(struct fs_file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

#endif
