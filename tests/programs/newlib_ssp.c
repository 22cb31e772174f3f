// SPDX-License-Identifier: GPL-2.0
/*
 * Built with -fstack-protector-all: copies argv[1] into a 16-byte buffer.
 * A short argument passes the canary check (%fs:0x28, set up by
 * guest-libc's start code); a long one must be caught.
 */
#include <stdio.h>
#include <string.h>

static __attribute__((noinline)) size_t copy(const char *s)
{
	char buf[16];

	strcpy(buf, s);
	return strlen(buf);
}

int main(int argc, char **argv)
{
	printf("copied %zu bytes\n", copy(argc > 1 ? argv[1] : ""));
	return 0;
}
