// SPDX-License-Identifier: GPL-2.0
/*
 * Reads a whole file into a heap buffer. The size from fstat() is only a
 * first guess: reading goes on to end of file, so a file that is not what
 * it claims (a pipe, a /proc file) is still read whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

static int read_fd(int fd, size_t guess, struct file_data *f)
{
	size_t cap = guess ? guess + 1 : 4096, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger = cap > SIZE_MAX / 2
					       ? NULL
					       : realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				return -ENOMEM;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			free(buf);
			return err;
		}
		if (n == 0)
			break;
		len += n;
	}
	f->data = buf;
	f->len = len;
	return 0;
}

/* Returns 0 or -errno (ENOENT, EACCES, EISDIR, ENOMEM, ...). */
int file_read_all(const char *path, struct file_data *f)
{
	struct stat st;
	int ret, fd = open(path, O_RDONLY | O_CLOEXEC);

	f->data = NULL;
	f->len = 0;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
	} else if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
	} else {
		ret = read_fd(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
			      f);
	}
	close(fd);
	return ret;
}

void file_data_free(struct file_data *f)
{
	free(f->data);
	f->data = NULL;
	f->len = 0;
}
