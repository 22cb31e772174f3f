// SPDX-License-Identifier: GPL-2.0
/*
 * selfish - OS noise measured as "detours", after the selfish-detour
 * benchmark of Beckman et al. (Argonne, ZeptoOS).
 *
 * A thread spins reading the time-stamp counter. Each pass through the
 * loop normally takes a handful of cycles; whenever one takes much longer,
 * something else ran on the core (an interrupt, a tick, a VM exit, a page
 * fault). That pass is a detour, recorded with its start and length.
 *
 * First the loop runs unrecorded to find its shortest pass; the detour
 * threshold is K times that (K = 4 by default, or an absolute number of
 * cycles with --threshold). Then it runs for a given time or until a given
 * number of detours was recorded. Cycles are turned into time with a TSC
 * frequency measured against CLOCK_MONOTONIC before the run.
 *
 * The record buffer is allocated and written before measuring, so the
 * measurement itself takes no page faults and makes no system calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench_time.h"
/*
 * newlib (v3vee-cc, guest-libc/README.md) has no threads, no CPU
 * affinity calls and no syscall(): built with it, selfish measures on its
 * one thread, unpinned (so without per-CPU event counts), and refuses -t
 * above 1.
 */
#ifdef __NEWLIB__
#define SELFISH_THREADS 0
#define MAX_THREADS 1
#else
#define SELFISH_THREADS 1
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#define MAX_THREADS CPU_SETSIZE
#endif

#define DEFAULT_SECONDS 10.0
#define DEFAULT_MULTIPLIER 4.0
/* Records kept when no -n is given: 16 MB per thread. */
#define DEFAULT_CAPACITY (1L << 20)
#define MIN_PROBE_ITERATIONS (1L << 20)
#define CALIBRATION_SECONDS 0.1

struct detour {
	uint64_t start; /* cycles since the thread's measurement began */
	uint64_t cycles;
};

enum stop_reason { STOP_DURATION, STOP_COUNT, STOP_FULL, STOP_SIGNAL };

/* Set by SIGUSR1: every thread ends its measurement at its next pass. */
static volatile sig_atomic_t stop_requested;

/*
 * What interrupted the thread's CPU: read just before and just after the
 * measurement. In the LWK from its LWK_NR_CPU_COUNTERS system call (in a
 * v3vee VM with the VM exits), on Linux from /proc/interrupts.
 */
#define LWK_NR_CPU_COUNTERS 1000 /* lwk/include/uapi/lwk_counters.h */
#define MAX_COUNTER_CPUS 256
#define COUNT_UNKNOWN UINT64_MAX

struct lwk_cpu_counters {
	uint32_t cpu;
	uint32_t apic_id;
	uint64_t timer_irqs;
	uint64_t irqs;
	uint64_t vm_exits;
};

struct events {
	int valid;
	uint64_t timer; /* local APIC timer interrupts (Linux: LOC) */
	uint64_t irqs; /* every interrupt */
	uint64_t exits; /* VM exits, or COUNT_UNKNOWN */
};

struct worker {
	int index;
	int cpu; /* CPU pinned to, -1 if not pinned */
#if SELFISH_THREADS
	pthread_t thread;
#endif
	struct detour *rec;
	long capacity;
	long count;
	uint64_t min_iter;
	uint64_t threshold;
	uint64_t begin, end; /* TSC at start and end of the measurement */
	struct events ev_before, ev_after;
	enum stop_reason stop;
	int error;
};

static struct config {
	double seconds;
	long max_count; /* 0: no limit but the buffer */
	double multiplier;
	uint64_t threshold; /* 0: multiplier x minimum */
	int nthreads;
	int pin;
	const char *csv;
} cfg = {
	.seconds = DEFAULT_SECONDS,
	.multiplier = DEFAULT_MULTIPLIER,
	.nthreads = 1,
	.pin = 1,
};

static double tsc_hz;
#if SELFISH_THREADS
static pthread_barrier_t start_line;
/*
 * Every thread reads its counters after its loop, then waits here for the
 * others: no thread exits (unmapping its stack, which can mean TLB
 * shootdowns on the others' CPUs) while another still measures.
 */
static pthread_barrier_t finish_line;
#endif

/* Busy-wait rather than sleep: no timer or sleep support needed. */
static double calibrate_tsc(double seconds, double *elapsed)
{
	double t0, t1;
	uint64_t c0, c1;

	t0 = now();
	c0 = rdtsc();
	do {
		t1 = now();
	} while (t1 - t0 < seconds);
	c1 = rdtsc();
	*elapsed = t1 - t0;
	return (double)(c1 - c0) / (t1 - t0);
}

static double cycles_to_us(uint64_t c)
{
	return (double)c / tsc_hz * 1e6;
}

/* The shortest pass of the loop below, without recording anything. */
static uint64_t shortest_iteration(void)
{
	uint64_t prev, cur, best = UINT64_MAX;
	long i;

	prev = rdtsc();
	for (i = 0; i < MIN_PROBE_ITERATIONS; i++) {
		cur = rdtsc();
		if (cur - prev < best)
			best = cur - prev;
		prev = cur;
	}
	return best ? best : 1;
}

/* The measurement proper: nothing but reading the TSC and comparing. */
static void selfish_loop(struct worker *w, uint64_t limit, long max)
{
	struct detour *rec = w->rec;
	const uint64_t threshold = w->threshold;
	uint64_t begin, prev, cur, delta;
	long n = 0;

	w->stop = STOP_DURATION;
	begin = prev = rdtsc();
	for (;;) {
		cur = rdtsc();
		delta = cur - prev;
		if (delta > threshold) {
			rec[n].start = prev - begin;
			rec[n].cycles = delta;
			if (++n == max) {
				w->stop = max == w->capacity && !cfg.max_count
						  ? STOP_FULL
						  : STOP_COUNT;
				break;
			}
		}
		if (cur - begin >= limit)
			break;
		if (stop_requested) {
			w->stop = STOP_SIGNAL;
			break;
		}
		prev = cur;
	}
	w->begin = begin;
	w->end = cur;
	w->count = n;
}

/* The LWK's counters of CPU cpu; 0 if it has none (not the LWK). */
static int lwk_events(int cpu, struct events *ev)
{
	static struct lwk_cpu_counters c[MAX_COUNTER_CPUS];
	long n = 0, i;

#if SELFISH_THREADS
	n = syscall(LWK_NR_CPU_COUNTERS, c, (unsigned long)MAX_COUNTER_CPUS);
#endif
	for (i = 0; i < n && i < MAX_COUNTER_CPUS; i++) {
		if ((int)c[i].cpu != cpu)
			continue;
		ev->timer = c[i].timer_irqs;
		ev->irqs = c[i].irqs;
		ev->exits = c[i].vm_exits;
		return 1;
	}
	return 0;
}

/*
 * Linux: CPU cpu's column of /proc/interrupts, its LOC row as the timer
 * and the sum of every per-CPU row as all interrupts. 0 if unreadable.
 */
static int linux_events(int cpu, struct events *ev)
{
	char line[4096], *p, *end;
	int ncpus = 0, col = -1, found = 0;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return 0;
	ev->timer = ev->irqs = 0;
	ev->exits = COUNT_UNKNOWN;
	if (fgets(line, sizeof(line), f)) {
		/* Header: "CPU0 CPU1 ...", online CPUs only. */
		for (p = strstr(line, "CPU"); p; p = strstr(p, "CPU")) {
			if (strtol(p + 3, &end, 10) == cpu && end != p + 3)
				col = ncpus;
			ncpus++;
			p += 3;
		}
	}
	while (col >= 0 && fgets(line, sizeof(line), f)) {
		uint64_t v = 0;
		int i, is_loc;

		p = strchr(line, ':');
		if (!p)
			continue;
		is_loc = strncmp(line + strspn(line, " "), "LOC:", 4) == 0;
		p++;
		/* Rows with fewer numbers than CPUs (ERR, MIS) are global. */
		for (i = 0; i < ncpus; i++) {
			unsigned long long x;

			errno = 0;
			x = strtoull(p, &end, 10);
			if (end == p || errno)
				break;
			if (i == col)
				v = x;
			p = end;
		}
		if (i < ncpus)
			continue;
		ev->irqs += v;
		if (is_loc)
			ev->timer = v;
		found = 1;
	}
	fclose(f);
	return found;
}

static void read_events(int cpu, struct events *ev)
{
	ev->valid = 0;
	if (cpu < 0)
		return;
	ev->valid = lwk_events(cpu, ev) || linux_events(cpu, ev);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint64_t limit = (uint64_t)(cfg.seconds * tsc_hz);

#if SELFISH_THREADS
	if (w->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set)) {
			fprintf(stderr,
				"selfish: thread %d: cannot pin to CPU %d, "
				"running unpinned\n",
				w->index, w->cpu);
			w->cpu = -1;
		}
	}
#endif

	/* Allocate and touch every record now, not while measuring. */
	w->rec = malloc((size_t)w->capacity * sizeof(*w->rec));
	if (!w->rec)
		w->error = ENOMEM;
	else
		memset(w->rec, 0, (size_t)w->capacity * sizeof(*w->rec));

	if (!w->error) {
		w->min_iter = shortest_iteration();
		if (cfg.threshold)
			w->threshold = cfg.threshold;
		else
			w->threshold = (uint64_t)(cfg.multiplier *
						  (double)w->min_iter);
		if (w->threshold <= w->min_iter)
			w->threshold = w->min_iter + 1;
	}

#if SELFISH_THREADS
	pthread_barrier_wait(&start_line);
#endif
	if (!w->error) {
		read_events(w->cpu, &w->ev_before);
		selfish_loop(w, limit, w->capacity);
		read_events(w->cpu, &w->ev_after);
	}
#if SELFISH_THREADS
	pthread_barrier_wait(&finish_line);
#endif
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void print_detour_stat(const char *label, uint64_t cycles)
{
	printf("  %-15s: %.3f us (%llu cycles)\n", label, cycles_to_us(cycles),
	       (unsigned long long)cycles);
}

static void print_events(const struct worker *w)
{
	const struct events *a = &w->ev_before, *b = &w->ev_after;

	if (!a->valid || !b->valid) {
		printf("  %-15s: n/a\n", "Events");
		return;
	}
	printf("  %-15s: timer=%llu irqs=%llu exits=", "Events",
	       (unsigned long long)(b->timer - a->timer),
	       (unsigned long long)(b->irqs - a->irqs));
	if (a->exits == COUNT_UNKNOWN || b->exits == COUNT_UNKNOWN)
		printf("n/a\n");
	else
		printf("%llu\n", (unsigned long long)(b->exits - a->exits));
}

static void print_summary(const struct worker *w)
{
	static const char *const reason[] = {
		[STOP_DURATION] = "duration reached",
		[STOP_COUNT] = "detour count reached",
		[STOP_FULL] = "record buffer full (raise -n)",
		[STOP_SIGNAL] = "stopped by SIGUSR1",
	};
	uint64_t elapsed = w->end - w->begin, lost = 0;
	double seconds = (double)elapsed / tsc_hz;
	uint64_t *sorted;
	long i;

	printf("Thread %d", w->index);
	if (w->cpu >= 0)
		printf(" (pinned to CPU %d)", w->cpu);
	printf(": minimum iteration %llu cycles, threshold %llu cycles\n",
	       (unsigned long long)w->min_iter,
	       (unsigned long long)w->threshold);
	printf("  %-15s: %s\n", "Stopped", reason[w->stop]);
	printf("  %-15s: %llu\n", "Begin TSC", (unsigned long long)w->begin);
	printf("  %-15s: %llu\n", "End TSC", (unsigned long long)w->end);
	printf("  %-15s: %.6f s\n", "Duration", seconds);
	printf("  %-15s: %ld\n", "Detours", w->count);
	printf("  %-15s: %.3f\n", "Detours/s",
	       seconds > 0.0 ? (double)w->count / seconds : 0.0);

	for (i = 0; i < w->count; i++)
		lost += w->rec[i].cycles;
	printf("  %-15s: %.6f %%\n", "Time lost",
	       elapsed ? 100.0 * (double)lost / (double)elapsed : 0.0);
	print_events(w);

	if (w->count == 0) {
		printf("  %-15s: n/a\n", "Min detour");
		printf("  %-15s: n/a\n", "Median detour");
		printf("  %-15s: n/a\n", "99th pct detour");
		printf("  %-15s: n/a\n", "Max detour");
		return;
	}
	sorted = malloc((size_t)w->count * sizeof(*sorted));
	if (!sorted) {
		printf("  (no memory to sort the detours)\n");
		return;
	}
	for (i = 0; i < w->count; i++)
		sorted[i] = w->rec[i].cycles;
	qsort(sorted, (size_t)w->count, sizeof(*sorted), cmp_u64);
	print_detour_stat("Min detour", sorted[0]);
	/* Lower median for an even count: always a recorded value. */
	print_detour_stat("Median detour", sorted[(w->count - 1) / 2]);
	/* Nearest rank: the smallest value with 99% of them at or below. */
	print_detour_stat("99th pct detour",
			  sorted[(w->count * 99 + 99) / 100 - 1]);
	print_detour_stat("Max detour", sorted[w->count - 1]);
	free(sorted);
}

static int write_csv(const char *path, const struct worker *ws, int n)
{
	FILE *f = fopen(path, "w");
	long i;
	int t;

	if (!f)
		return -1;
	fprintf(f, "start_us,duration_us,cycles,thread,start_tsc\n");
	for (t = 0; t < n; t++)
		for (i = 0; i < ws[t].count; i++)
			fprintf(f, "%.3f,%.3f,%llu,%d,%llu\n",
				cycles_to_us(ws[t].rec[i].start),
				cycles_to_us(ws[t].rec[i].cycles),
				(unsigned long long)ws[t].rec[i].cycles, t,
				(unsigned long long)(ws[t].begin +
						     ws[t].rec[i].start));
	return fclose(f);
}

/*
 * The CPUs to pin to: those the process may run on, in order. Without
 * sched_getaffinity (some kernels), just 0, 1, 2...
 */
static int allowed_cpus(int *cpus, int max)
{
	int n = 0;
#if SELFISH_THREADS
	cpu_set_t set;
	int cpu;

	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		for (cpu = 0; cpu < CPU_SETSIZE && n < max; cpu++)
			if (CPU_ISSET(cpu, &set))
				cpus[n++] = cpu;
		if (n)
			return n;
	}
#endif
	for (n = 0; n < max; n++)
		cpus[n] = n;
	return n;
}

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [options]\n"
		"\n"
		"Spin reading the TSC and record every loop pass longer\n"
		"than a threshold as a detour (time taken away by the OS\n"
		"or VMM).\n"
		"\n"
		"  -d, --duration S    measure for S seconds (default %g;\n"
		"                      fractions allowed)\n"
		"  -n, --count N       stop after N detours (per thread)\n"
		"  -k, --multiplier K  threshold = K x shortest loop pass\n"
		"                      (default %g)\n"
		"      --threshold C   threshold in cycles instead of -k\n"
		"  -t, --threads N     N threads, pinned one per CPU\n"
		"                      (default 1)\n"
		"      --no-pin        do not pin threads to CPUs\n"
		"      --csv FILE      write every detour to FILE\n"
		"                      (start_us,duration_us,cycles,thread,\n"
		"                      start_tsc)\n"
		"  -h, --help          show this help\n"
		"\n"
		"Without -n at most %ld detours per thread are kept.\n"
		"SIGUSR1 ends the measurement early (the summary says so).\n",
		prog, DEFAULT_SECONDS, DEFAULT_MULTIPLIER, DEFAULT_CAPACITY);
}

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

static int parse_positive(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !(v > 0.0) || isinf(v))
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv)
{
	enum { OPT_THRESHOLD = 256, OPT_NO_PIN, OPT_CSV };
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "multiplier", required_argument, NULL, 'k' },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "threads", required_argument, NULL, 't' },
		{ "no-pin", no_argument, NULL, OPT_NO_PIN },
		{ "csv", required_argument, NULL, OPT_CSV },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	int opt;

	while ((opt = getopt_long(argc, argv, "d:n:k:t:h", longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case 'd':
			if (parse_positive(optarg, &cfg.seconds) ||
			    cfg.seconds > 1e6) {
				fprintf(stderr,
					"selfish: bad duration '%s' (want "
					"seconds > 0)\n",
					optarg);
				return -1;
			}
			break;
		case 'n':
			if (parse_long(optarg, 1, 1L << 30, &cfg.max_count)) {
				fprintf(stderr,
					"selfish: bad detour count '%s' (want "
					"1..%ld)\n",
					optarg, 1L << 30);
				return -1;
			}
			break;
		case 'k':
			if (parse_positive(optarg, &cfg.multiplier) ||
			    cfg.multiplier < 1.0) {
				fprintf(stderr,
					"selfish: bad multiplier '%s' (want a "
					"number >= 1)\n",
					optarg);
				return -1;
			}
			break;
		case OPT_THRESHOLD:
			if (parse_long(optarg, 1, 1L << 40, &v)) {
				fprintf(stderr,
					"selfish: bad threshold '%s' (want "
					"cycles >= 1)\n",
					optarg);
				return -1;
			}
			cfg.threshold = (uint64_t)v;
			break;
		case 't':
			if (parse_long(optarg, 1, MAX_THREADS, &v)) {
				fprintf(stderr,
					"selfish: bad thread count '%s' (want "
					"1..%d)\n",
					optarg, MAX_THREADS);
				return -1;
			}
			cfg.nthreads = (int)v;
			break;
		case OPT_NO_PIN:
			cfg.pin = 0;
			break;
		case OPT_CSV:
			cfg.csv = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			usage(stderr, argv[0]);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "selfish: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	return 0;
}

static void on_sigusr1(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int main(int argc, char **argv)
{
	static int cpus[MAX_THREADS];
	struct worker *ws;
	double cal_seconds;
	int i, ncpus, failed = 0;

	if (parse_args(argc, argv))
		return 2;
	signal(SIGUSR1, on_sigusr1);

	tsc_hz = calibrate_tsc(CALIBRATION_SECONDS, &cal_seconds);
	printf("selfish-detour (v3vee implementation)\n");
	printf("TSC frequency: %.3f MHz (calibrated against CLOCK_MONOTONIC "
	       "over %.3f s)\n",
	       tsc_hz * 1e-6, cal_seconds);
	if (cfg.threshold)
		printf("Threshold: %llu cycles (--threshold)\n",
		       (unsigned long long)cfg.threshold);
	else
		printf("Threshold: %g x minimum iteration\n", cfg.multiplier);
	printf("Requested duration: %g s", cfg.seconds);
	if (cfg.max_count)
		printf(", or %ld detours", cfg.max_count);
	printf("\nThreads: %d\n", cfg.nthreads);

	ncpus = allowed_cpus(cpus, MAX_THREADS);
	if (cfg.pin && cfg.nthreads > ncpus)
		fprintf(stderr,
			"selfish: %d threads on %d allowed CPUs: some share a "
			"CPU\n",
			cfg.nthreads, ncpus);

	ws = calloc((size_t)cfg.nthreads, sizeof(*ws));
#if SELFISH_THREADS
	if (ws && (pthread_barrier_init(&start_line, NULL,
					(unsigned int)cfg.nthreads) ||
		   pthread_barrier_init(&finish_line, NULL,
					(unsigned int)cfg.nthreads))) {
		free(ws);
		ws = NULL;
	}
#endif
	if (!ws) {
		fprintf(stderr, "selfish: out of memory\n");
		return 2;
	}
	for (i = 0; i < cfg.nthreads; i++) {
		ws[i].index = i;
		ws[i].cpu = cfg.pin && SELFISH_THREADS ? cpus[i % ncpus] : -1;
		ws[i].capacity =
			cfg.max_count ? cfg.max_count : DEFAULT_CAPACITY;
	}
	/* Thread 0 is the main thread itself; the others are created. */
#if SELFISH_THREADS
	for (i = 1; i < cfg.nthreads; i++) {
		if (pthread_create(&ws[i].thread, NULL, worker_main, &ws[i])) {
			fprintf(stderr, "selfish: cannot create thread %d\n",
				i);
			return 2;
		}
	}
	worker_main(&ws[0]);
	for (i = 1; i < cfg.nthreads; i++)
		pthread_join(ws[i].thread, NULL);
#else
	worker_main(&ws[0]);
#endif

	for (i = 0; i < cfg.nthreads; i++) {
		if (ws[i].error) {
			fprintf(stderr,
				"selfish: thread %d: cannot allocate %ld "
				"records\n",
				i, ws[i].capacity);
			failed = 1;
			continue;
		}
		print_summary(&ws[i]);
	}
	if (cfg.csv && !failed) {
		if (write_csv(cfg.csv, ws, cfg.nthreads)) {
			fprintf(stderr, "selfish: cannot write %s: %s\n",
				cfg.csv, strerror(errno));
			return 2;
		}
		printf("Detours written to %s\n", cfg.csv);
	}
	return failed ? 2 : 0;
}
