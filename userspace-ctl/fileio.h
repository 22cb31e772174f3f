/* SPDX-License-Identifier: GPL-2.0 */
/* Whole files read into memory: the kernel image and the program. */
#ifndef V3CTL_FILEIO_H
#define V3CTL_FILEIO_H

#include <stddef.h>

struct file_data {
	void *data;
	size_t len;
};

int file_read_all(const char *path, struct file_data *f);
void file_data_free(struct file_data *f);

#endif
