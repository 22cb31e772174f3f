// SPDX-License-Identifier: GPL-2.0
/* A __thread variable: guest-libc's start code must refuse the program. */
#include <stdio.h>

static __thread int counter = 3;

int main(void)
{
	printf("counter=%d\n", ++counter);
	return 0;
}
