// SPDX-License-Identifier: GPL-2.0
/*
 * The end-of-run report: natively the in-memory files are all a program
 * leaves behind, so the ones it wrote are listed (and optionally dumped)
 * on the console.
 */
#include <lwk/fs.h>
#include <lwk/console.h>
#include <lwk/kmalloc.h>
#include <lwk/printk.h>
#include <lwk/string.h>
#include <lwk/errno.h>

#include "fs_internal.h"

/* The node after n in a depth-first walk, entries in creation order. */
static struct fs_node *fs_walk_next(struct fs_node *n)
{
	if (S_ISDIR(n->mode) && n->children)
		return n->children;
	for (; n != fs_root; n = n->parent) {
		if (n->next)
			return n->next;
	}
	return NULL;
}

/* Prints head, path and tail; paths may be longer than a printk line. */
static void fs_say(const char *head, const char *path, const char *tail)
{
	console_write(head, strlen(head));
	console_write(path, strlen(path));
	console_write(tail, strlen(tail));
}

static void fs_report_file(struct fs_node *n, bool show_contents)
{
	size_t size = FS_PATH_MAX;
	char *path = NULL, tail[48];

	/* Paths made with relative names can outgrow PATH_MAX. */
	for (;;) {
		kfree(path);
		path = kmalloc(size);
		if (!path)
			return;
		if (fs_path_of(n, path, size) >= 0)
			break;
		size *= 2;
	}
	snprintf(tail, sizeof(tail), " (%zu bytes)\n", n->size);
	fs_say("lwk: file ", path, tail);
	if (show_contents) {
		fs_say("----- ", path, " -----\n");
		/* Keep the end marker on a line of its own. */
		if (n->size) {
			console_write(n->data, n->size);
			if (n->data[n->size - 1] != '\n')
				console_write("\n", 1);
		}
		fs_say("----- end ", path, " -----\n");
	}
	kfree(path);
}

void fs_report(bool show_contents)
{
	struct fs_node *n;

	spin_lock(&fs_lock);
	for (n = fs_root; n; n = fs_walk_next(n)) {
		if ((n->mode & S_IFMT) == S_IFREG && n->written)
			fs_report_file(n, show_contents);
	}
	spin_unlock(&fs_lock);
}
