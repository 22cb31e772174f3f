/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU lists as Linux writes them in sysfs and as people type them:
 * "3", "1,3", "1-3", "0-1,4". Used for --cpus and for reading
 * /sys/devices/system/cpu/online.
 */
#ifndef V3CTL_CPULIST_H
#define V3CTL_CPULIST_H

#include <stdbool.h>

#define CPULIST_CPU_MAX 8191 /* larger numbers are refused (-ERANGE) */

/*
 * Parses s into cpus[] in the order written (a range counts up), at most
 * max of them, and sets *n. Returns 0; -EINVAL if s is not a list; -ERANGE
 * for a number above CPULIST_CPU_MAX or a range written backwards; -E2BIG
 * for more than max CPUs; -EEXIST if a CPU is listed twice (*dup says
 * which). A trailing newline is allowed (sysfs files end with one).
 */
int cpulist_parse(const char *s, int *cpus, int max, int *n, int *dup);

/* Whether cpu is one of cpus[0..n). */
bool cpulist_has(const int *cpus, int n, int cpu);

#endif
