// SPDX-License-Identifier: GPL-2.0
/*
 * OpenMP parallel-for reduction in double precision: sum of 1/i^2 for
 * i = 1..N (default 10,000,000; first argument overrides), compared with
 * the same sum computed serially in long double (relative tolerance
 * 1e-10: each thread's rounding error is at most about N x 2^-53), and
 * that serial sum with pi^2/6 minus the tail of the series (between
 * 1/(N+1) and 1/N, with 1e-12 of slack for rounding). Also counts the
 * threads that really ran loop iterations (distinct omp_get_thread_num()).
 *
 * Prints, each on its own line:
 *	max_threads=M		omp_get_max_threads()
 *	team=T			omp_get_num_threads() inside the region
 *	threads=N		threads that executed iterations
 *	sum=S serial=S		%.15f, parallel and serial
 *	OK
 * Exit status 0 if the sums agree and every team member ran iterations
 * (all of them do when N >= team), 1 otherwise, 2 on bad usage.
 */
#define _GNU_SOURCE /* M_PIl */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 256

int main(int argc, char **argv)
{
	long n = 10000000;
	static int ran[MAX_THREADS];
	int max_threads, team = 0, nran = 0, ok = 1;
	double sum = 0.0;
	long double serial = 0.0L, tail;

	if (argc > 2 || (argc == 2 && (n = strtol(argv[1], NULL, 10)) < 1)) {
		fprintf(stderr, "usage: omp_reduce [N >= 1]\n");
		return 2;
	}
	max_threads = omp_get_max_threads();
	printf("max_threads=%d\n", max_threads);

#pragma omp parallel reduction(+ : sum)
	{
		int me = omp_get_thread_num();

#pragma omp single
		team = omp_get_num_threads();
#pragma omp for schedule(static)
		for (long i = 1; i <= n; i++) {
			double x = (double)i;

			sum += 1.0 / (x * x);
			if (me < MAX_THREADS && !ran[me])
				ran[me] = 1;
		}
	}
	for (int t = 0; t < MAX_THREADS; t++)
		nran += ran[t];
	for (long i = 1; i <= n; i++) {
		long double x = (long double)i;

		serial += 1.0L / (x * x);
	}
	printf("team=%d\n", team);
	printf("threads=%d\n", nran);
	printf("sum=%.15f serial=%.15Lf\n", sum, serial);

	if (fabsl(sum - serial) > 1e-10L * serial) {
		printf("FAILED: parallel and serial sums differ by %Lg\n",
		       sum - serial);
		ok = 0;
	}
	/* sum_{i>n} 1/i^2 lies between 1/(n+1) and 1/n. */
	tail = M_PIl * M_PIl / 6.0L - serial;
	if (tail < 1.0L / (n + 1) - 1e-12L || tail > 1.0L / n + 1e-12L) {
		printf("FAILED: pi^2/6 - sum = %Lg, not in [1/(N+1), 1/N]\n",
		       tail);
		ok = 0;
	}
	/* Static schedule: every thread gets iterations if N >= team. */
	if (team < 1 || team > MAX_THREADS ||
	    nran != (n < team ? (int)n : team)) {
		printf("FAILED: %d of %d threads ran iterations\n", nran, team);
		ok = 0;
	}
	if (!ok)
		return 1;
	printf("OK\n");
	return 0;
}
