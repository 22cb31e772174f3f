// SPDX-License-Identifier: GPL-2.0
/*
 * spin_threads NTHREADS SECONDS: NTHREADS compute threads, the main
 * thread included (it is thread 0 and creates threads 1..NTHREADS-1),
 * spin in a pure compute loop until a common deadline SECONDS after the
 * main thread has created them all (the others wait for that deadline
 * to be set: on a loaded emulator, creating the threads can take longer
 * than SECONDS, and that must not count). No system calls in the loop except a
 * clock_gettime(CLOCK_MONOTONIC) every CHUNK iterations (there is no vDSO
 * in the LWK, so reading the clock is a system call), and the deadline
 * is checked before each chunk: a thread that gets no CPU until the
 * deadline does 0 iterations. When thread 0 is done it joins the others
 * (futex waits without timeout).
 *
 * Prints one line per thread, then "done":
 *	thread I cpu C iterations N
 * where C is the CPU (sched_getcpu) the thread ran its first chunk on,
 * or -1 if it ran none or getcpu failed. Exit status 0, 1 if a thread
 * could not be created, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_THREADS 64
#define CHUNK 1000000L

struct spinner {
	pthread_t th;
	long iterations;
	int cpu;
	uint64_t result; /* keeps the loop from being optimised away */
};

static struct spinner spinners[MAX_THREADS];
static long deadline_ns; /* 0 until the threads are created */

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *spin(void *arg)
{
	struct spinner *s = arg;
	uint64_t x = (uint64_t)(s - spinners) + 1;
	long n = 0, deadline;

	s->cpu = -1;
	while (!(deadline = __atomic_load_n(&deadline_ns, __ATOMIC_ACQUIRE)))
		__builtin_ia32_pause();
	while (now_ns() < deadline) {
		if (n == 0)
			s->cpu = sched_getcpu();
		for (long i = 0; i < CHUNK; i++) {
			/* xorshift: cheap, and the compiler cannot skip it */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			__asm__ volatile("" : "+r"(x));
		}
		n += CHUNK;
	}
	s->iterations = n;
	s->result = x;
	return NULL;
}

int main(int argc, char **argv)
{
	char *end;
	long nthreads;
	double seconds;

	if (argc != 3 || (nthreads = strtol(argv[1], &end, 10)) < 1 || *end ||
	    nthreads > MAX_THREADS || (seconds = strtod(argv[2], &end)) <= 0 ||
	    *end) {
		fprintf(stderr, "usage: spin_threads NTHREADS(1..%d) SECONDS\n",
			MAX_THREADS);
		return 2;
	}
	for (long i = 1; i < nthreads; i++) {
		if (pthread_create(&spinners[i].th, NULL, spin, &spinners[i])) {
			printf("FAILED: pthread_create %ld\n", i);
			return 1;
		}
	}
	__atomic_store_n(&deadline_ns, now_ns() + (long)(seconds * 1e9),
			 __ATOMIC_RELEASE);
	spin(&spinners[0]);
	for (long i = 1; i < nthreads; i++)
		pthread_join(spinners[i].th, NULL);
	for (long i = 0; i < nthreads; i++)
		printf("thread %ld cpu %d iterations %ld\n", i, spinners[i].cpu,
		       spinners[i].iterations);
	printf("done\n");
	return 0;
}
