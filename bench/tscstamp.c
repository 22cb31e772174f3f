// SPDX-License-Identifier: GPL-2.0
/*
 * tscstamp - prints the time-stamp counter, for the create/destroy timings
 * of bench/run-bench.sh: the same static binary runs on the emulated host
 * (before and after v3ctl create/destroy) and as the LWK's program (its
 * first line is the program's start). Under -icount every vCPU reads one
 * clock and a v3vee guest's TSC is the host's (no offset is set), so the
 * stamps compare directly.
 *
 * usage: tscstamp [LABEL]            prints "tsc LABEL N"
 *        tscstamp --memset MB        times memset of MB MiB of fresh
 *                                    memory (first touch: page faults and
 *                                    zeroing) and again (already mapped)
 *        tscstamp --hz               the TSC frequency, measured against
 *                                    CLOCK_MONOTONIC over 0.2 s
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "bench_time.h"

int main(int argc, char **argv)
{
	uint64_t t0 = rdtsc(), t1, t2;
	double s0, s1;
	unsigned long mb;
	size_t size;
	char *end, *p;

	if (argc == 3 && strcmp(argv[1], "--memset") == 0) {
		mb = strtoul(argv[2], &end, 10);
		if (*end || mb == 0 || mb > (1UL << 20)) {
			fprintf(stderr, "tscstamp: bad size '%s' (MiB)\n",
				argv[2]);
			return 2;
		}
		size = mb << 20;
		p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("tscstamp: mmap");
			return 2;
		}
		t1 = rdtsc();
		memset(p, 1, size);
		t2 = rdtsc();
		printf("memset_first %lu MiB %llu cycles\n", mb,
		       (unsigned long long)(t2 - t1));
		t1 = rdtsc();
		memset(p, 0, size);
		t2 = rdtsc();
		printf("memset_again %lu MiB %llu cycles\n", mb,
		       (unsigned long long)(t2 - t1));
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--hz") == 0) {
		s0 = now();
		t1 = rdtsc();
		do
			s1 = now();
		while (s1 - s0 < 0.2);
		t2 = rdtsc();
		printf("tsc_hz %.0f\n", (double)(t2 - t1) / (s1 - s0));
		return 0;
	}
	printf("tsc %s %llu\n", argc > 1 ? argv[1] : "-",
	       (unsigned long long)t0);
	return 0;
}
