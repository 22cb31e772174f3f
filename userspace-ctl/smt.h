/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMT: a VM core whose sibling hardware thread stays with Linux shares
 * the physical core's caches and pipelines with Linux's work (noise for
 * the VM, and a side channel both ways). v3ctl create warns about it.
 * Linux shows a CPU's siblings only while it is online, so they are read
 * before the VM takes any core.
 */
#ifndef V3CTL_SMT_H
#define V3CTL_SMT_H

#include "hostcpus.h"

struct smt_view {
	int ncpus;
	int cpu[HOSTCPUS_MAX]; /* online CPUs */
	int nsib[HOSTCPUS_MAX];
	int sib[HOSTCPUS_MAX][HOSTCPUS_SIBLINGS_MAX];
};

/* Reads the siblings of every online CPU: 0 or -errno. */
int smt_read(const char *dir, struct smt_view *v);

/*
 * Pairs (taken CPU, sibling that is not taken), at most max: their
 * number. Each pair is given once.
 */
int smt_split(const struct smt_view *v, const int *taken, int ntaken,
	      int (*pairs)[2], int max);

#endif
