// SPDX-License-Identifier: GPL-2.0
/*
 * stream - sustainable memory bandwidth, after John McCalpin's STREAM.
 *
 * Four kernels run over three arrays of doubles, each NTIMES times:
 *
 *	Copy:	c[j] = a[j]
 *	Scale:	b[j] = q * c[j]
 *	Add:	c[j] = a[j] + b[j]
 *	Triad:	a[j] = b[j] + q * c[j]
 *
 * The first trial of each kernel is a warm-up and is left out of the
 * statistics. The bandwidth reported is the best one: bytes moved by the
 * kernel (two arrays for Copy and Scale, three for Add and Triad, each N
 * doubles) over the shortest time, in MB/s with MB = 10^6 bytes.
 *
 * The arrays are checked at the end against values obtained by pushing
 * scalars through the same sequence of operations; a relative average
 * error above 1e-13 on any array fails the run with exit status 1.
 *
 * Nothing here needs /proc, signals or dynamic loading, so the static
 * binary runs unchanged on Linux and inside the LWK.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#else
/* Built without OpenMP (v3vee-cc, newlib: guest-libc/README.md): one
 * thread; the pragmas are ignored. */
static int omp_get_max_threads(void)
{
	return 1;
}
#endif

#define DEFAULT_N 10000000L /* 3 x 80 MB: far beyond any last-level cache */
#define DEFAULT_NTIMES 10
/* a grows by 15x per trial; 15^200 is still well inside a double. */
#define MAX_NTIMES 200
#define SCALAR 3.0
#define EPSILON 1e-13
#define RULE "-------------------------------------------------------------"

enum kernel { COPY, SCALE, ADD, TRIAD, NKERNELS };

static const char *const kernel_label[NKERNELS] = { "Copy:", "Scale:", "Add:",
						    "Triad:" };
/* How many arrays of N doubles each kernel reads or writes. */
static const int kernel_arrays[NKERNELS] = { 2, 2, 3, 3 };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [-n N] [-t NTIMES]\n"
		"\n"
		"Measure memory bandwidth with the STREAM kernels Copy,\n"
		"Scale, Add and Triad, parallelised with OpenMP\n"
		"(set OMP_NUM_THREADS).\n"
		"\n"
		"  -n, --size N      elements per array (default %ld; three\n"
		"                    arrays of N doubles are allocated)\n"
		"  -t, --ntimes T    trials per kernel, 2..%d (default\n"
		"                    %d); the first is not counted\n"
		"  -h, --help        show this help\n"
		"\n"
		"Exit status: 0 if the results validate, 1 if they do not,\n"
		"2 on bad usage or allocation failure.\n",
		prog, DEFAULT_N, MAX_NTIMES, DEFAULT_NTIMES);
}

/* Parse a whole decimal integer in [min, max]; -1 on any junk. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Smallest non-zero step of the clock, in nanoseconds. */
static long clock_granularity_ns(void)
{
	double best = 1.0;
	double t1, t2;
	int i;

	for (i = 0; i < 20; i++) {
		t1 = now();
		do {
			t2 = now();
		} while (t2 == t1);
		if (t2 - t1 < best)
			best = t2 - t1;
	}
	return lround(best * 1e9);
}

static int count_threads(void)
{
	int n = 0;

#pragma omp parallel
	{
#pragma omp atomic
		n++;
	}
	return n;
}

/*
 * Compare one array with its expected value. Returns 0 when the average
 * relative error is within EPSILON.
 */
static int check_array(const char *name, const double *x, long n,
		       double expected)
{
	double err_sum = 0.0, avg_err, rel_err;
	long j, bad = 0;

	for (j = 0; j < n; j++)
		err_sum += fabs(x[j] - expected);
	avg_err = err_sum / (double)n;
	rel_err = fabs(avg_err / expected);
	if (rel_err <= EPSILON)
		return 0;

	for (j = 0; j < n; j++)
		if (fabs(x[j] / expected - 1.0) > EPSILON)
			bad++;
	printf("Failed Validation on array %s[], AvgRelAbsErr > epsilon (%e)\n",
	       name, EPSILON);
	printf("     Expected Value: %e, AvgAbsErr: %e, AvgRelAbsErr: %e\n",
	       expected, avg_err, rel_err);
	printf("     For array %s[], %ld errors were found.\n", name, bad);
	return 1;
}

/* Replay the kernels on scalars and compare every array with the result. */
static int validate(const double *a, const double *b, const double *c, long n,
		    int ntimes)
{
	double aj = 1.0, bj = 2.0, cj = 0.0;
	int k, failed = 0;

	aj = 2.0 * aj; /* the timing probe before the trials */
	for (k = 0; k < ntimes; k++) {
		cj = aj;
		bj = SCALAR * cj;
		cj = aj + bj;
		aj = bj + SCALAR * cj;
	}
	failed |= check_array("a", a, n, aj);
	failed |= check_array("b", b, n, bj);
	failed |= check_array("c", c, n, cj);
	if (!failed)
		printf("Solution Validates: avg error less than %e on all "
		       "three arrays\n",
		       EPSILON);
	return failed;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 'n' },
		{ "ntimes", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double *restrict a, *restrict b, *restrict c;
	double times[NKERNELS][MAX_NTIMES];
	double mintime[NKERNELS], maxtime[NKERNELS], avgtime[NKERNELS];
	long n = DEFAULT_N, val;
	int ntimes = DEFAULT_NTIMES;
	double bytes, mib, t;
	long j;
	int k, opt, failed;

	while ((opt = getopt_long(argc, argv, "n:t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (parse_long(optarg, 1, 1L << 40, &val)) {
				fprintf(stderr,
					"stream: bad array size '%s' (want an "
					"integer >= 1)\n",
					optarg);
				return 2;
			}
			n = val;
			break;
		case 't':
			if (parse_long(optarg, 2, MAX_NTIMES, &val)) {
				fprintf(stderr,
					"stream: bad trial count '%s' (want "
					"2..%d)\n",
					optarg, MAX_NTIMES);
				return 2;
			}
			ntimes = (int)val;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "stream: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr, argv[0]);
		return 2;
	}

	bytes = (double)sizeof(double) * (double)n;
	mib = bytes / (1024.0 * 1024.0);
	printf(RULE "\n");
	printf("STREAM (v3vee implementation): Copy, Scale, Add, Triad\n");
	printf(RULE "\n");
	printf("This system uses %zu bytes per array element.\n",
	       sizeof(double));
	printf(RULE "\n");
	printf("Array size = %ld (elements), Offset = 0 (elements)\n", n);
	printf("Memory per array = %.1f MiB (= %.1f GiB).\n", mib,
	       mib / 1024.0);
	printf("Total memory required = %.1f MiB (= %.1f GiB).\n", 3.0 * mib,
	       3.0 * mib / 1024.0);
	printf("Each kernel will be executed %d times.\n", ntimes);
	printf(" The *best* time for each kernel (excluding the first "
	       "iteration)\n");
	printf(" will be used to compute the reported bandwidth.\n");
	printf(RULE "\n");
	printf("Number of Threads requested = %d\n", omp_get_max_threads());
	printf("Number of Threads counted = %d\n", count_threads());
	printf(RULE "\n");

	if (posix_memalign((void **)&a, 4096, (size_t)bytes) ||
	    posix_memalign((void **)&b, 4096, (size_t)bytes) ||
	    posix_memalign((void **)&c, 4096, (size_t)bytes)) {
		fprintf(stderr, "stream: cannot allocate 3 x %.1f MiB\n", mib);
		return 2;
	}

	/* First touch from the threads that will use each page. */
#pragma omp parallel for schedule(static)
	for (j = 0; j < n; j++) {
		a[j] = 1.0;
		b[j] = 2.0;
		c[j] = 0.0;
	}

	printf("Clock granularity/precision appears to be %ld nanoseconds.\n",
	       clock_granularity_ns());
	t = now();
#pragma omp parallel for schedule(static)
	for (j = 0; j < n; j++)
		a[j] = 2.0 * a[j];
	t = now() - t;
	printf("Each test below will take on the order of %.0f microseconds.\n",
	       t * 1e6);
	printf(RULE "\n");

	for (k = 0; k < ntimes; k++) {
		t = now();
#pragma omp parallel for schedule(static)
		for (j = 0; j < n; j++)
			c[j] = a[j];
		times[COPY][k] = now() - t;

		t = now();
#pragma omp parallel for schedule(static)
		for (j = 0; j < n; j++)
			b[j] = SCALAR * c[j];
		times[SCALE][k] = now() - t;

		t = now();
#pragma omp parallel for schedule(static)
		for (j = 0; j < n; j++)
			c[j] = a[j] + b[j];
		times[ADD][k] = now() - t;

		t = now();
#pragma omp parallel for schedule(static)
		for (j = 0; j < n; j++)
			a[j] = b[j] + SCALAR * c[j];
		times[TRIAD][k] = now() - t;
	}

	for (int i = 0; i < NKERNELS; i++) {
		mintime[i] = HUGE_VAL;
		maxtime[i] = 0.0;
		avgtime[i] = 0.0;
		for (k = 1; k < ntimes; k++) {
			avgtime[i] += times[i][k];
			if (times[i][k] < mintime[i])
				mintime[i] = times[i][k];
			if (times[i][k] > maxtime[i])
				maxtime[i] = times[i][k];
		}
		avgtime[i] /= (double)(ntimes - 1);
	}

	printf("%-12s%14s  %-11s  %-11s  %s\n", "Function", "Best Rate MB/s",
	       "Avg time", "Min time", "Max time");
	for (int i = 0; i < NKERNELS; i++) {
		double moved = kernel_arrays[i] * bytes;
		/* A kernel faster than the clock would divide by zero. */
		double best = mintime[i] > 0.0 ? mintime[i] : 1e-9;

		printf("%-12s%14.1f  %11.6f  %11.6f  %11.6f\n", kernel_label[i],
		       1e-6 * moved / best, avgtime[i], mintime[i], maxtime[i]);
	}
	printf(RULE "\n");

	failed = validate(a, b, c, n, ntimes);
	printf(RULE "\n");

	free(a);
	free(b);
	free(c);
	return failed ? 1 : 0;
}
