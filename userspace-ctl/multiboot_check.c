// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1 image check: vmm-module/mb_image.c's parser on the same
 * bytes the module will look at (the first MB_HEAD_BYTES), and a message
 * for the user that names the file.
 */
#include <stdio.h>

#include "multiboot_check.h"

enum mb_status mb_check(const void *file, size_t len, struct mb_layout *layout,
			const char *path, char *msg, size_t size)
{
	char why[256];
	enum mb_status s =
		mb_parse(file, len < MB_HEAD_BYTES ? len : MB_HEAD_BYTES, len,
			 layout, why, sizeof(why));

	switch (s) {
	case MB_OK:
		snprintf(msg, size, "%s is a Multiboot kernel", path);
		break;
	case MB_NOT_MULTIBOOT:
		snprintf(msg, size,
			 "%s is not a Multiboot kernel (no valid header in its "
			 "first 8 KB)",
			 path);
		break;
	case MB_TRUNCATED:
		snprintf(msg, size, "%s is truncated: %s", path, why);
		break;
	default:
		snprintf(msg, size,
			 "%s is not a Multiboot kernel v3vee can load: %s",
			 path, why);
		break;
	}
	return s;
}
