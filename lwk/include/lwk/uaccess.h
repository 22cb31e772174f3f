/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to user memory. Every user pointer a syscall receives goes through
 * these: they check that the whole range is mapped in the calling program
 * with the needed permission before touching it, so a bad pointer gives
 * -EFAULT and never a kernel fault.
 */
#ifndef LWK_UACCESS_H
#define LWK_UACCESS_H

#include <lwk/types.h>

/* 0 on success, -EFAULT if any byte of the range is not accessible. */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
int clear_user(void __user *dst, size_t n);

/*
 * Copies a NUL-terminated string of at most max-1 characters into dst.
 * Returns its length, -EFAULT for a bad pointer, -ENAMETOOLONG if no NUL
 * was found within max bytes.
 */
long strncpy_from_user(char *dst, const char __user *src, size_t max);

#endif
