/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_VMALLOC_H
#define KSHIM_VMALLOC_H
#include <stdlib.h>
static inline void *vzalloc(size_t n) { return calloc(1, n); }
static inline void vfree(void *p) { free(p); }
#endif
