/* SPDX-License-Identifier: GPL-2.0 */
/* What host_shim.c offers to unit tests besides the kernel services. */
#ifndef V3VEE_HOST_SHIM_H
#define V3VEE_HOST_SHIM_H

#include <stddef.h>
#include <stdint.h>

/* Everything the code under test printed (printk/console_write). */
extern char shim_console[];
extern size_t shim_console_len;
void shim_console_clear(void);

/* User accesses overlapping [start, end) fail with -EFAULT (NULL always does). */
extern uintptr_t shim_fault_start, shim_fault_end;

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *krealloc(void *ptr, size_t size);
void kfree(void *ptr);
int copy_from_user(void *dst, const void *src, size_t n);
int copy_to_user(void *dst, const void *src, size_t n);
int clear_user(void *dst, size_t n);
long strncpy_from_user(char *dst, const char *src, size_t max);
void console_write(const char *buf, size_t n);
int printk(const char *fmt, ...);
uint64_t clock_realtime_ns(void);
uint64_t clock_monotonic_ns(void);

#endif
