// SPDX-License-Identifier: GPL-2.0
/*
 * toobig: a static program whose .bss alone is 1.75 GB, far more than the
 * 512 MB the tests give the machine. The LWK must refuse to load it.
 *
 * Not bigger: the small code model (which static glibc is built for)
 * needs everything below 2 GB, and with -mcmodel=medium glibc's
 * references to _end, which then follows .lbss, no longer reach.
 */
#include <stdio.h>

#define BIG_SIZE (1792UL << 20)

static char big[BIG_SIZE];

int main(void)
{
	unsigned long i, sum = 0;

	for (i = 0; i < BIG_SIZE; i += 1UL << 20)
		big[i] = 1;
	for (i = 0; i < BIG_SIZE; i += 1UL << 20)
		sum += big[i];
	printf("toobig: touched %lu MB\n", sum);
	return 0;
}
