// SPDX-License-Identifier: GPL-2.0
/*
 * Host stand-ins for the kernel services that LWK code under unit test
 * calls: the heap is malloc, user memory is ordinary memory (with a
 * "poisoned" range that reports -EFAULT, to test error paths), and the
 * console is a buffer the test can read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "host_shim.h"

char shim_console[1 << 16];
size_t shim_console_len;
uintptr_t shim_fault_start, shim_fault_end;

void *kmalloc(size_t size)
{
	return malloc(size ? size : 1);
}

void *kzalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void *krealloc(void *ptr, size_t size)
{
	return realloc(ptr, size ? size : 1);
}

void kfree(void *ptr)
{
	free(ptr);
}

static int shim_range_faults(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;

	if (!p)
		return 1;
	return a < shim_fault_end && a + n > shim_fault_start;
}

int copy_from_user(void *dst, const void *src, size_t n)
{
	if (n && shim_range_faults(src, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int copy_to_user(void *dst, const void *src, size_t n)
{
	if (n && shim_range_faults(dst, n))
		return -EFAULT;
	memcpy(dst, src, n);
	return 0;
}

int clear_user(void *dst, size_t n)
{
	if (n && shim_range_faults(dst, n))
		return -EFAULT;
	memset(dst, 0, n);
	return 0;
}

long strncpy_from_user(char *dst, const char *src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (shim_range_faults(src + i, 1))
			return -EFAULT;
		dst[i] = src[i];
		if (!src[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}

void console_write(const char *buf, size_t n)
{
	size_t room = sizeof(shim_console) - 1 - shim_console_len;

	if (n > room)
		n = room;
	memcpy(shim_console + shim_console_len, buf, n);
	shim_console_len += n;
	shim_console[shim_console_len] = '\0';
}

int printk(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, strlen(line));
	return n;
}

void shim_console_clear(void)
{
	shim_console_len = 0;
	shim_console[0] = '\0';
}

/* glibc 2.36 has no strlcpy; the kernel's lwk/lib/string.c does. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* A fixed, advancing clock so tests are reproducible. */
static uint64_t shim_clock_ns = 1700000000ULL * 1000000000ULL;

uint64_t clock_realtime_ns(void)
{
	return shim_clock_ns += 1000;
}

uint64_t clock_monotonic_ns(void)
{
	return shim_clock_ns - 1700000000ULL * 1000000000ULL;
}
