// SPDX-License-Identifier: GPL-2.0
/*
 * NTHREADS (6) threads, created in order 0..5, meet at a barrier and then
 * sleep: thread i for (NTHREADS - i) x STEP_MS (30 ms), so thread 5 has
 * the earliest deadline and thread 0 the latest. Thread i % 3 == 0 uses
 * nanosleep, 1 clock_nanosleep(CLOCK_MONOTONIC) relative, 2
 * clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME). On waking each takes
 * the next slot of the wake order from an atomic counter and checks,
 * with CLOCK_MONOTONIC, that it slept at least its duration.
 *
 * Prints, each on its own line:
 *	thread I slept S ms (asked D ms)	per thread, creation order
 *	order=5 4 3 2 1 0			wake order
 *	OK
 * Exit status 0 only if the order is the reverse of creation (sorted by
 * deadline) and nobody woke early; 1 otherwise.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NTHREADS 6
#define STEP_MS 30

static pthread_barrier_t start;
static int next_slot;
static int order[NTHREADS];
static long slept_ns[NTHREADS];

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *sleeper(void *arg)
{
	int i = (int)(long)arg;
	long ns = (long)(NTHREADS - i) * STEP_MS * 1000000L;
	struct timespec d = { ns / 1000000000L, ns % 1000000000L };
	long t0;
	int err;

	pthread_barrier_wait(&start);
	t0 = now_ns();
	switch (i % 3) {
	case 0:
		err = nanosleep(&d, NULL) ? errno : 0;
		break;
	case 1:
		err = clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL);
		break;
	default: {
		long end = t0 + ns;
		struct timespec a = { end / 1000000000L, end % 1000000000L };

		err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, NULL);
		break;
	}
	}
	if (err)
		printf("thread %d: sleep failed: %s\n", i, strerror(err));
	slept_ns[i] = now_ns() - t0;
	order[__atomic_fetch_add(&next_slot, 1, __ATOMIC_SEQ_CST)] = i;
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	int ok = 1;

	pthread_barrier_init(&start, NULL, NTHREADS);
	for (long i = 0; i < NTHREADS; i++) {
		if (pthread_create(&th[i], NULL, sleeper, (void *)i)) {
			printf("FAILED: pthread_create %ld\n", i);
			return 1;
		}
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);

	for (int i = 0; i < NTHREADS; i++) {
		long want = (long)(NTHREADS - i) * STEP_MS;

		printf("thread %d slept %.3f ms (asked %ld ms)\n", i,
		       slept_ns[i] / 1e6, want);
		if (slept_ns[i] < want * 1000000L) {
			printf("FAILED: thread %d woke %.3f ms early\n", i,
			       (want * 1000000L - slept_ns[i]) / 1e6);
			ok = 0;
		}
	}
	printf("order=");
	for (int k = 0; k < NTHREADS; k++) {
		printf("%d%s", order[k], k + 1 < NTHREADS ? " " : "\n");
		if (order[k] != NTHREADS - 1 - k)
			ok = 0;
	}
	if (!ok) {
		printf("FAILED: expected order=5 4 3 2 1 0, nobody early\n");
		return 1;
	}
	printf("OK\n");
	return 0;
}
