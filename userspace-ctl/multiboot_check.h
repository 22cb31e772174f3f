/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks v3ctl makes on a kernel image before taking anything from
 * Linux: the Multiboot v1 header and load layout, parsed by the same code
 * the module loads with (vmm-module/mb_image.c), so an image v3ctl
 * accepts is one v3vmm.ko can place (given the RAM).
 */
#ifndef V3CTL_MULTIBOOT_CHECK_H
#define V3CTL_MULTIBOOT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "mb_image.h"

/**
 * mb_check() - check a whole kernel image file as v3vmm.ko will
 * @file: the file's bytes
 * @len: its length
 * @layout: where its segments go (valid on MB_OK)
 * @path: the file's name, for @msg
 * @msg: a one-line message naming @path for any status but MB_OK
 * @size: size of @msg
 *
 * Return: MB_OK or why the module would refuse the image.
 */
enum mb_status mb_check(const void *file, size_t len, struct mb_layout *layout,
			const char *path, char *msg, size_t size);

#endif
