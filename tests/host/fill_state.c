// SPDX-License-Identifier: GPL-2.0
/*
 * fill_state CPU: leaves a pattern in CPU's registers for the next guest
 * to find (issue 17, finding 1; test emuhost_vmm_cpustate). Pinned to
 * CPU, it
 *  - opens a per-CPU hardware breakpoint (perf_event_open,
 *    PERF_TYPE_BREAKPOINT, cpu=CPU) on a variable of its own and closes
 *    it again: Linux writes the address into DR0 and, closing it, clears
 *    only DR7's enable bits, so the address stays in DR0;
 *  - loads XMM0-15 (all of YMM0-15 where AVX is on) with 0x5ec0deNN
 *    words, NN the register number, and exits: the kernel does not clear
 *    a task's registers when it exits.
 * Prints what it did.
 */
#define _GNU_SOURCE
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile uint64_t watched;

static int has_avx(void)
{
	unsigned int a, b, c, d, lo, hi;

	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c >> 27 & 1) || !(c >> 28 & 1)) /* OSXSAVE, AVX */
		return 0;
	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

#define LOADY(n) asm volatile("vmovdqa %0, %%ymm" #n ::"m"(pat[n]) : "xmm" #n)
#define LOADX(n) asm volatile("movdqa %0, %%xmm" #n ::"m"(pat[n]) : "xmm" #n)

int main(int argc, char **argv)
{
	static uint32_t pat[16][8] __attribute__((aligned(32)));
	struct perf_event_attr attr;
	cpu_set_t set;
	int cpu, fd, avx;

	if (argc != 2) {
		fprintf(stderr, "usage: fill_state CPU\n");
		return 2;
	}
	cpu = atoi(argv[1]);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("fill_state: sched_setaffinity");
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = (uintptr_t)&watched;
	attr.bp_len = HW_BREAKPOINT_LEN_8;
	fd = syscall(SYS_perf_event_open, &attr, -1, cpu, -1, 0);
	if (fd < 0) {
		perror("fill_state: perf_event_open (breakpoint)");
		return 1;
	}
	watched = 1; /* hits the breakpoint once, on this CPU */
	close(fd);
	printf("fill_state: CPU %d: breakpoint at 0x%lx opened and closed\n",
	       cpu, (unsigned long)(uintptr_t)&watched);
	avx = has_avx();
	for (int r = 0; r < 16; r++)
		for (int w = 0; w < 8; w++)
			pat[r][w] = 0x5ec0de00u | r;
	printf("fill_state: CPU %d: pattern 0x5ec0deNN in %s0-15\n", cpu,
	       avx ? "ymm" : "xmm");
	fflush(stdout);
	if (avx) {
		LOADY(0); LOADY(1); LOADY(2); LOADY(3);
		LOADY(4); LOADY(5); LOADY(6); LOADY(7);
		LOADY(8); LOADY(9); LOADY(10); LOADY(11);
		LOADY(12); LOADY(13); LOADY(14); LOADY(15);
	} else {
		LOADX(0); LOADX(1); LOADX(2); LOADX(3);
		LOADX(4); LOADX(5); LOADX(6); LOADX(7);
		LOADX(8); LOADX(9); LOADX(10); LOADX(11);
		LOADX(12); LOADX(13); LOADX(14); LOADX(15);
	}
	syscall(SYS_exit_group, 0); /* no libc code after the loads */
	return 0;
}
