// SPDX-License-Identifier: GPL-2.0
/*
 * Sizes: parsing "1G"/"512M"/"4096" (powers of 1024), printing them back
 * in the same form, and the message for a size that is not a whole number
 * of memory blocks, which names the two sizes the user could ask for.
 */
#include <errno.h>
#include <stdio.h>

#include "sizes.h"

/*
 * Digits, then at most one of K, M, G, T (either case). Returns 0,
 * -EINVAL for anything else, -ERANGE if it does not fit in 64 bits.
 */
int size_parse(const char *s, uint64_t *bytes)
{
	uint64_t value = 0;
	unsigned int shift = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int digit = *p - '0';

		if (value > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		value = value * 10 + digit;
	}
	switch (*p) {
	case '\0':
		break;
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case 'T':
	case 't':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (shift && p[1] != '\0')
		return -EINVAL;
	if (shift && value > (UINT64_MAX >> shift))
		return -ERANGE;
	*bytes = value << shift;
	return 0;
}

/* The largest of M, K or plain bytes that states the size exactly. */
void size_format(uint64_t bytes, char *buf, size_t size)
{
	if (bytes && bytes % MB == 0)
		snprintf(buf, size, "%lluM", (unsigned long long)(bytes / MB));
	else if (bytes && bytes % 1024 == 0)
		snprintf(buf, size, "%lluK",
			 (unsigned long long)(bytes / 1024));
	else
		snprintf(buf, size, "%llu", (unsigned long long)bytes);
}

/* "128 MB", or the bytes when the block is not whole megabytes. */
static void block_format(uint64_t block, char *buf, size_t size)
{
	if (block % MB == 0)
		snprintf(buf, size, "%llu MB",
			 (unsigned long long)(block / MB));
	else
		snprintf(buf, size, "%llu bytes", (unsigned long long)block);
}

/*
 * Returns 0 if bytes is a positive multiple of block; otherwise -EINVAL
 * with msg set, e.g. "--mem 1000M is not a multiple of the memory block
 * size (128 MB): use 896M or 1024M" (the user's own spelling of the size).
 */
int size_check_multiple(const char *option, const char *arg, uint64_t bytes,
			uint64_t block, char *msg, size_t size)
{
	char block_str[32], lower_str[32], upper_str[32];
	uint64_t lower, upper;

	if (block == 0)
		return -EINVAL;
	if (bytes != 0 && bytes % block == 0)
		return 0;
	block_format(block, block_str, sizeof(block_str));
	lower = bytes - bytes % block;
	if (bytes > UINT64_MAX - block) {
		size_format(lower, lower_str, sizeof(lower_str));
		snprintf(msg, size,
			 "%s %s is not a multiple of the memory block size "
			 "(%s): use %s",
			 option, arg, block_str, lower_str);
		return -EINVAL;
	}
	upper = lower + block;
	size_format(upper, upper_str, sizeof(upper_str));
	if (bytes == 0) {
		snprintf(msg, size,
			 "%s %s is not a positive multiple of the memory block "
			 "size (%s): use %s or more",
			 option, arg, block_str, upper_str);
	} else if (lower == 0) {
		snprintf(msg, size,
			 "%s %s is not a multiple of the memory block size "
			 "(%s): use %s",
			 option, arg, block_str, upper_str);
	} else {
		size_format(lower, lower_str, sizeof(lower_str));
		snprintf(msg, size,
			 "%s %s is not a multiple of the memory block size "
			 "(%s): use %s or %s",
			 option, arg, block_str, lower_str, upper_str);
	}
	return -EINVAL;
}
