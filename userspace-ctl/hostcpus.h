/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's CPUs as Linux shows them in sysfs: which are online, and
 * which share a physical core (SMT siblings). Every call takes the
 * directory (HOSTCPUS_SYSFS on a real host) so that tests can point it
 * at a tree of their own.
 */
#ifndef V3CTL_HOSTCPUS_H
#define V3CTL_HOSTCPUS_H

#define HOSTCPUS_SYSFS "/sys/devices/system/cpu"
#define HOSTCPUS_MAX 1024     /* CPUs looked at */
#define HOSTCPUS_SIBLINGS_MAX 8 /* threads per core */

/* The online CPUs, ascending ("online"): 0 or -errno. */
int hostcpus_online(const char *dir, int *cpus, int max, int *n);

/*
 * The other hardware threads of cpu's core (cpuN/topology/
 * thread_siblings_list, which Linux shows for online CPUs only): 0 or
 * -errno.
 */
int hostcpus_siblings(const char *dir, int cpu, int *sibs, int max, int *n);

#endif
