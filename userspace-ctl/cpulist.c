// SPDX-License-Identifier: GPL-2.0
/* CPU lists: "1,3", "1-3" (cpulist.h). */
#include <errno.h>
#include <string.h>

#include "cpulist.h"

/* One number at *s, advancing it; -EINVAL if there is none. */
static int parse_cpu(const char **s, int *cpu)
{
	long v = 0;

	if (**s < '0' || **s > '9')
		return -EINVAL;
	for (; **s >= '0' && **s <= '9'; (*s)++) {
		v = v * 10 + (**s - '0');
		if (v > CPULIST_CPU_MAX)
			return -ERANGE;
	}
	*cpu = (int)v;
	return 0;
}

static int add_cpu(int cpu, int *cpus, int max, int *n, int *dup)
{
	for (int i = 0; i < *n; i++) {
		if (cpus[i] == cpu) {
			*dup = cpu;
			return -EEXIST;
		}
	}
	if (*n >= max)
		return -E2BIG;
	cpus[(*n)++] = cpu;
	return 0;
}

int cpulist_parse(const char *s, int *cpus, int max, int *n, int *dup)
{
	*n = 0;
	for (;;) {
		int first, last, ret;

		ret = parse_cpu(&s, &first);
		if (ret)
			return ret;
		last = first;
		if (*s == '-') {
			s++;
			ret = parse_cpu(&s, &last);
			if (ret)
				return ret;
			if (last < first)
				return -ERANGE;
		}
		for (int cpu = first; cpu <= last; cpu++) {
			ret = add_cpu(cpu, cpus, max, n, dup);
			if (ret)
				return ret;
		}
		if (*s != ',')
			break;
		s++;
	}
	if (*s == '\n')
		s++;
	return *s == '\0' ? 0 : -EINVAL;
}

bool cpulist_has(const int *cpus, int n, int cpu)
{
	for (int i = 0; i < n; i++) {
		if (cpus[i] == cpu)
			return true;
	}
	return false;
}
