// SPDX-License-Identifier: GPL-2.0
/*
 * Thousands of OpenMP barriers (default 5000 phases; first argument
 * overrides). In phase p every thread atomically adds 1 to counter[p % 2],
 * waits at a barrier, then checks that counter[p % 2] holds exactly
 * (p / 2 + 1) x nthreads: all increments of the phase are visible after
 * the barrier and no thread has run ahead into the next use of that
 * counter (it would need to pass the following barrier first). Each
 * phase every thread also increments a plain (non-atomic) counter inside
 * a critical section.
 *
 * Prints:
 *	threads=N
 *	phases=P
 *	barrier_counter=P*N		both counters summed
 *	barrier_errors=0
 *	critical=P*N
 *	OK
 * Exit status 0 only if every count is exact; 1 otherwise; 2 bad usage.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long phases = 5000;
	long counter[2] = { 0, 0 };
	long errors = 0, critical = 0, expect;
	int nthreads = 0;

	if (argc > 2 ||
	    (argc == 2 && (phases = strtol(argv[1], NULL, 10)) < 1)) {
		fprintf(stderr, "usage: omp_barrier [PHASES >= 1]\n");
		return 2;
	}

#pragma omp parallel shared(counter, errors, critical, nthreads)
	{
		long n = omp_get_num_threads();

#pragma omp single
		nthreads = (int)n;
		for (long p = 0; p < phases; p++) {
			long *c = &counter[p % 2];

			__atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
#pragma omp critical
			critical++;
#pragma omp barrier
			if (__atomic_load_n(c, __ATOMIC_RELAXED) != (p / 2 + 1) * n)
				__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
		}
	}

	expect = phases * nthreads;
	printf("threads=%d\n", nthreads);
	printf("phases=%ld\n", phases);
	printf("barrier_counter=%ld\n", counter[0] + counter[1]);
	printf("barrier_errors=%ld\n", errors);
	printf("critical=%ld\n", critical);
	if (errors || counter[0] + counter[1] != expect || critical != expect) {
		printf("FAILED: expected barrier_counter=%ld barrier_errors=0 critical=%ld\n",
		       expect, expect);
		return 1;
	}
	printf("OK\n");
	return 0;
}
