// SPDX-License-Identifier: GPL-2.0
/* SMT siblings split between a VM and Linux (smt.h). */
#include "cpulist.h"
#include "smt.h"

int smt_read(const char *dir, struct smt_view *v)
{
	int ret = hostcpus_online(dir, v->cpu, HOSTCPUS_MAX, &v->ncpus);

	for (int i = 0; !ret && i < v->ncpus; i++)
		ret = hostcpus_siblings(dir, v->cpu[i], v->sib[i],
					HOSTCPUS_SIBLINGS_MAX, &v->nsib[i]);
	return ret;
}

int smt_split(const struct smt_view *v, const int *taken, int ntaken,
	      int (*pairs)[2], int max)
{
	int npairs = 0;

	for (int i = 0; i < v->ncpus; i++) {
		if (!cpulist_has(taken, ntaken, v->cpu[i]))
			continue;
		for (int s = 0; s < v->nsib[i] && npairs < max; s++) {
			if (cpulist_has(taken, ntaken, v->sib[i][s]))
				continue;
			pairs[npairs][0] = v->cpu[i];
			pairs[npairs][1] = v->sib[i][s];
			npairs++;
		}
	}
	return npairs;
}
