// SPDX-License-Identifier: GPL-2.0
/*
 * Copies between the kernel and the program. Each user page is checked
 * and translated through the page tables, so a bad pointer is -EFAULT,
 * never a kernel page fault.
 */
#include <lwk/errno.h>
#include <lwk/string.h>
#include <lwk/uaccess.h>
#include <lwk/uvm.h>

static int user_copy(uint64_t uva, void *kbuf, size_t n, bool to_user,
		     bool zero)
{
	char *k = kbuf;

	if (uva + n < uva)
		return -EFAULT;
	while (n) {
		size_t contig, chunk;
		char *p = uvm_translate(uva, to_user, &contig);

		if (!p)
			return -EFAULT;
		chunk = MIN(n, contig);
		if (zero)
			memset(p, 0, chunk);
		else if (to_user)
			memcpy(p, k, chunk);
		else
			memcpy(k, p, chunk);
		k += chunk;
		uva += chunk;
		n -= chunk;
	}
	return 0;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	return user_copy((uint64_t)src, dst, n, false, false);
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	return user_copy((uint64_t)dst, (void *)src, n, true, false);
}

int clear_user(void __user *dst, size_t n)
{
	return user_copy((uint64_t)dst, NULL, n, true, true);
}

long strncpy_from_user(char *dst, const char __user *src, size_t max)
{
	uint64_t uva = (uint64_t)src;
	size_t len = 0;

	while (len < max) {
		size_t contig;
		const char *p = uvm_translate(uva + len, false, &contig);

		if (!p)
			return -EFAULT;
		for (size_t i = 0; i < contig && len < max; i++, len++) {
			dst[len] = p[i];
			if (!p[i])
				return (long)len;
		}
	}
	return -ENAMETOOLONG;
}
