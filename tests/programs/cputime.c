// SPDX-License-Identifier: GPL-2.0
/*
 * Process CPU time covers every thread: two threads spin for about
 * 0.3 s each while main waits, so RUSAGE_SELF and CLOCK_PROCESS_CPUTIME_ID
 * must report at least 0.5 s, and main's own RUSAGE_THREAD much less.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *spin(void *arg)
{
	volatile double x = 1;
	double end = now(CLOCK_MONOTONIC) + 0.3;

	(void)arg;
	while (now(CLOCK_MONOTONIC) < end) {
		for (int i = 0; i < 100000; i++)
			x *= 1.0000001;
	}
	return NULL;
}

static double tv(struct timeval t)
{
	return t.tv_sec + t.tv_usec * 1e-6;
}

int main(void)
{
	pthread_t t[2];
	struct rusage self, thread;
	double proc;

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, spin, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_THREAD, &thread);
	proc = now(CLOCK_PROCESS_CPUTIME_ID);
	printf("self=%.3f thread=%.3f process_clock=%.3f\n",
	       tv(self.ru_utime) + tv(self.ru_stime),
	       tv(thread.ru_utime) + tv(thread.ru_stime), proc);
	if (tv(self.ru_utime) < 0.5 || proc < 0.5 ||
	    tv(thread.ru_utime) > 0.2) {
		printf("FAILED\n");
		return 1;
	}
	printf("OK\n");
	return 0;
}
