// SPDX-License-Identifier: GPL-2.0
/*
 * A second thread calls abort(): glibc raises SIGABRT with tgkill on that
 * thread, and the whole program must end as killed by signal 6 (134).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *aborter(void *arg)
{
	(void)arg;
	printf("thread about to abort\n");
	fflush(stdout);
	abort();
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, aborter, NULL);
	pthread_join(t, NULL);
	printf("UNEXPECTED: join returned\n");
	return 0;
}
