/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel heap. Small objects come from power-of-two size classes carved out
 * of 2 MB frames; large ones (> 1 MB) take whole runs of 2 MB frames.
 * Returns NULL when memory is exhausted; callers turn that into -ENOMEM.
 */
#ifndef LWK_KMALLOC_H
#define LWK_KMALLOC_H

#include <lwk/types.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *krealloc(void *ptr, size_t new_size);
void kfree(void *ptr);

#endif
