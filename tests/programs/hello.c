// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the smallest useful LWK program. Prints its name, each argument
 * and the FOO environment variable, so a test can check that argv and
 * envp reach the program intact.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	const char *foo = getenv("FOO");
	int i;

	printf("hello from %s\n", argv[0]);
	printf("argc=%d\n", argc);
	for (i = 1; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("FOO=%s\n", foo ? foo : "(unset)");
	return 0;
}
