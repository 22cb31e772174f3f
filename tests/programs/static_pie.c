// SPDX-License-Identifier: GPL-2.0
/*
 * static_pie: built with -static-pie, so the kernel must load an ET_DYN
 * image with no interpreter at some base and the program relocates
 * itself. Prints where main ended up.
 */
#include <stdint.h>
#include <stdio.h>

static int answer = 42;
static int *answer_ptr = &answer;	/* needs a relative relocation */

int main(void)
{
	printf("static-pie: main at %p\n", (void *)main);
	printf("static-pie: relocated pointer %s, value %d\n",
	       answer_ptr == &answer ? "ok" : "WRONG", *answer_ptr);
	return answer_ptr == &answer && *answer_ptr == 42 ? 0 : 1;
}
