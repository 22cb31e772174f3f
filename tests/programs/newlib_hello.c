// SPDX-License-Identifier: GPL-2.0
/*
 * A C program built with v3vee-cc (newlib, guest-libc/README.md): prints
 * its arguments and $FOO, exercises printf's wider formats, libm, a
 * heap larger than one 2 MB brk step, the clocks, clock() and getpid, and exits
 * with the status given as "exit=N" (0 by default).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const size_t heap = 64u << 20;
	struct timespec t0, t1;
	clock_t c0;
	double cpu;
	struct timeval tv;
	const char *foo = getenv("FOO");
	unsigned long long sum = 0;
	unsigned char *p;
	int i, status = 0;
	size_t j;

	printf("hello from newlib, argc=%d\n", argc);
	for (i = 0; i < argc; i++) {
		printf("argv[%d]=%s\n", i, argv[i]);
		if (strncmp(argv[i], "exit=", 5) == 0)
			status = atoi(argv[i] + 5);
	}
	printf("FOO=%s\n", foo ? foo : "(unset)");
	printf("formats: %lld %zu %#x %.6f %e\n", -1234567890123LL,
	       (size_t)42, 255u, sqrt(2.0), 6.02214076e23);

	p = malloc(heap);
	if (!p) {
		printf("malloc(%zu) failed: %s\n", heap, strerror(errno));
		return 2;
	}
	for (j = 0; j < heap; j++)
		p[j] = (unsigned char)(j * 7);
	for (j = 0; j < heap; j += 4096)
		sum += p[j] + p[j + 4095];
	free(p);
	printf("heap: %zu MB, sum=%llu\n", heap >> 20, sum);

	if (clock_gettime(CLOCK_MONOTONIC, &t0) ||
	    clock_gettime(CLOCK_MONOTONIC, &t1) ||
	    gettimeofday(&tv, NULL)) {
		printf("clock failed: %s\n", strerror(errno));
		return 2;
	}
	printf("monotonic: %s\n",
	       (t1.tv_sec > t0.tv_sec ||
		(t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec)) &&
			       (t0.tv_sec || t0.tv_nsec)
		       ? "ok"
		       : "BAD");
	printf("wall clock after 2020: %s\n",
	       tv.tv_sec > 1577836800 ? "yes" : "no");
	/* Spin 0.3 s: clock() must count about that much CPU time. */
	c0 = clock();
	do
		clock_gettime(CLOCK_MONOTONIC, &t1);
	while ((double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9 <
	       0.3);
	cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
	printf("clock: %s\n", cpu >= 0.15 && cpu <= 2.0 ? "ok" : "BAD");
	if (cpu < 0.15 || cpu > 2.0)
		printf("clock: %.3f s of CPU time in 0.3 s\n", cpu);
	printf("pid=%d isatty(1)=%d\n", (int)getpid(), isatty(1));
	return status;
}
