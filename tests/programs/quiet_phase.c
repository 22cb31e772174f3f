// SPDX-License-Identifier: GPL-2.0
/*
 * quiet_phase [SECONDS [THREADS]]: one compute thread per CPU (the main
 * thread is thread 0; THREADS overrides the count, to oversubscribe the
 * CPUs as a control) runs a pure compute loop for SECONDS (default 1), and the
 * program reads the LWK's per-CPU counters (LWK_NR_CPU_COUNTERS: timer
 * interrupts, all interrupts, VM exits) just before and just after that
 * phase. The threads meet at spinning barriers (atomics, no futex), and
 * nothing is printed until the phase is over, so the phase itself asks
 * nothing of the kernel but clock reads (system calls that neither
 * interrupt nor exit).
 *
 * Prints, after the phase:
 *	threads N
 *	thread I cpu C chunks K result R
 *	cpu C apic A timer_during T irqs_during I exits_during E
 * with E = "n/a" when the kernel counts no VM exits (natively), then
 * "done". Exit status 0; 1 if the counters cannot be read (not the LWK)
 * or a thread cannot be created; 2 on bad usage.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../../lwk/include/uapi/lwk_counters.h"

#define MAX_THREADS 64

struct worker {
	pthread_t th;
	int index;
	int cpu;
	long chunks; /* compute chunks done in the phase */
	double result;
};

static struct worker workers[MAX_THREADS];
static int nthreads;
static double seconds = 1.0;
static struct lwk_cpu_counters before[MAX_THREADS], after[MAX_THREADS];
static long ncounted;

/* A sense-reversing spin barrier: no system call, no interrupt. */
static int barrier_count, barrier_sense;

static void spin_barrier(int *local_sense)
{
	*local_sense = !*local_sense;
	if (__atomic_add_fetch(&barrier_count, 1, __ATOMIC_ACQ_REL) ==
	    nthreads) {
		__atomic_store_n(&barrier_count, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&barrier_sense, *local_sense,
				 __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&barrier_sense, __ATOMIC_ACQUIRE) !=
	       *local_sense)
		__builtin_ia32_pause();
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long read_counters(struct lwk_cpu_counters *out)
{
	return syscall(LWK_NR_CPU_COUNTERS, out, (unsigned long)MAX_THREADS);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	int sense = 0;
	double x = 1.0 + w->index, end;

	w->cpu = sched_getcpu();
	spin_barrier(&sense);
	if (w->index == 0)
		ncounted = read_counters(before);
	spin_barrier(&sense);
	end = now_s() + seconds;
	while (now_s() < end) {
		for (int i = 0; i < 100000; i++)
			x = x * 0.999999 + 1e-6 * (i & 7);
		w->chunks++;
	}
	w->result = x;
	spin_barrier(&sense);
	if (w->index == 0 && ncounted > 0)
		ncounted = read_counters(after);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 3 || (argc >= 2 && (seconds = atof(argv[1])) <= 0) ||
	    (argc == 3 && (atoi(argv[2]) < 1 || atoi(argv[2]) > MAX_THREADS))) {
		fprintf(stderr, "usage: quiet_phase [SECONDS [THREADS]]\n");
		return 2;
	}
	nthreads =
		argc == 3 ? atoi(argv[2]) : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1 || nthreads > MAX_THREADS)
		nthreads = 1;
	for (int i = 0; i < nthreads; i++)
		workers[i].index = i;
	for (int i = 1; i < nthreads; i++) {
		if (pthread_create(&workers[i].th, NULL, work, &workers[i])) {
			fprintf(stderr,
				"quiet_phase: cannot create thread %d\n", i);
			return 1;
		}
	}
	work(&workers[0]);
	for (int i = 1; i < nthreads; i++)
		pthread_join(workers[i].th, NULL);

	printf("threads %d\n", nthreads);
	for (int i = 0; i < nthreads; i++)
		printf("thread %d cpu %d chunks %ld result %.6f\n", i,
		       workers[i].cpu, workers[i].chunks, workers[i].result);
	if (ncounted <= 0) {
		fprintf(stderr, "quiet_phase: no LWK counters (not running on "
				"the LWK?)\n");
		return 1;
	}
	for (long c = 0; c < ncounted; c++) {
		const struct lwk_cpu_counters *b = &before[c], *a = &after[c];

		printf("cpu %u apic %u timer_during %llu irqs_during %llu "
		       "exits_during ",
		       a->cpu, a->apic_id,
		       (unsigned long long)(a->timer_irqs - b->timer_irqs),
		       (unsigned long long)(a->irqs - b->irqs));
		if (a->vm_exits == LWK_VM_EXITS_UNKNOWN)
			printf("n/a\n");
		else
			printf("%llu\n",
			       (unsigned long long)(a->vm_exits - b->vm_exits));
	}
	printf("done\n");
	return 0;
}
