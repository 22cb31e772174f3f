// SPDX-License-Identifier: GPL-2.0
/* The host's CPUs in sysfs (hostcpus.h). */
#include <errno.h>
#include <stdio.h>

#include "cpulist.h"
#include "hostcpus.h"

/* One sysfs CPU list file, parsed: 0 or -errno. */
static int read_list(const char *path, int *cpus, int max, int *n)
{
	char text[4096];
	FILE *f = fopen(path, "r");
	int dup, ret;

	if (!f)
		return -errno;
	if (!fgets(text, sizeof(text), f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	ret = cpulist_parse(text, cpus, max, n, &dup);
	return ret == -EEXIST ? -EINVAL : ret;
}

int hostcpus_online(const char *dir, int *cpus, int max, int *n)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/online", dir);
	return read_list(path, cpus, max, n);
}

int hostcpus_siblings(const char *dir, int cpu, int *sibs, int max, int *n)
{
	int all[HOSTCPUS_SIBLINGS_MAX + 1], nall, ret;
	char path[256];

	snprintf(path, sizeof(path), "%s/cpu%d/topology/thread_siblings_list",
		 dir, cpu);
	ret = read_list(path, all, HOSTCPUS_SIBLINGS_MAX + 1, &nall);
	if (ret)
		return ret;
	*n = 0;
	for (int i = 0; i < nall; i++) {
		if (all[i] == cpu)
			continue;
		if (*n >= max)
			return -E2BIG;
		sibs[(*n)++] = all[i];
	}
	return 0;
}
