// SPDX-License-Identifier: GPL-2.0
/*
 * nullderef: writes through a NULL pointer. The kernel must kill it with
 * a page fault report (cr2=0x0) and still power the machine off.
 */
#include <stdio.h>

int main(void)
{
	volatile int *p = NULL;

	printf("about to dereference NULL\n");
	fflush(stdout);
	*p = 42;
	printf("NULL dereference returned: this must not happen\n");
	return 0;
}
