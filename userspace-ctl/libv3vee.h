/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libv3vee: the ioctls of /dev/v3vmm (vmm-module/uapi/v3vee.h) as plain C
 * calls, so that v3ctl and tests never build an ioctl struct by hand. Every
 * call returns 0 or a negative errno; none prints anything.
 */
#ifndef LIBV3VEE_H
#define LIBV3VEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v3vee.h"

#define V3_DEVICE "/dev/v3vmm"

/* A piece of the console ring, as returned by v3_console_read(). */
struct v3_console_chunk {
	size_t got; /* bytes copied into the buffer */
	uint64_t lost; /* bytes overwritten before they could be read */
	uint32_t state; /* enum v3_vm_state when the read was made */
};

/* Opens the device; returns the file descriptor or -errno. */
int v3_open(const char *path);
void v3_close(int fd);
int v3_abi_version(int fd, uint32_t *version);

/* Building a VM on one open file (it belongs to that file until start). */
int v3_vm_create(int fd, const char *name, char created[V3_NAME_MAX]);
int v3_vm_add_memory(int fd, struct v3_mem_add *added);
int v3_vm_add_core(int fd, int cpu, int *taken);
int v3_vm_load(int fd, const void *image, size_t image_len, const char *cmdline,
	       const void *module, size_t module_len,
	       const char *module_cmdline);
int v3_vm_start(int fd);

/* Calls that name any VM. */
int v3_vm_list(int fd, uint32_t index, char name[V3_NAME_MAX]);
/* The VM as a whole (no per-vCPU values: see v3_vcpu_stats_read()). */
int v3_vm_stats(int fd, const char *name, struct v3_vm_stats *stats);
/*
 * Each vCPU's registers now (an NMI to each of the VM's cores), in an
 * array of *ncores entries the call allocates (free() it).
 */
int v3_vm_regs(int fd, const char *name, struct v3_vcpu_regs **vcpus,
	       uint32_t *ncores);

/* The name of per-vCPU statistic `index` (-ERANGE past the last). */
int v3_stat_desc(int fd, uint32_t index, struct v3_stat_desc *desc);
/*
 * One vCPU's statistics: up to *nvalues into values; *nvalues becomes the
 * module's count (which may be more, or fewer, than the caller's room).
 * info gets the vCPU's host CPU, APIC ID and the VM's vCPU count.
 */
int v3_vcpu_stats(int fd, const char *name, uint32_t vcpu, uint64_t *values,
		  uint32_t *nvalues, struct v3_vcpu_stats *info);

/*
 * The host CPU of every vCPU (one VCPU_STATS call per vCPU, no values),
 * in an array of *ncores entries the call allocates (free() it).
 */
int v3_vm_vcpu_cpus(int fd, const char *name, int32_t **cpus,
		    uint32_t *ncores);

/* Every vCPU's statistics, by name: what v3_vcpu_stats_read() fills. */
struct v3_vcpu_stat_table {
	uint32_t nstats;                   /* per vCPU */
	char (*names)[V3_STAT_NAME_MAX];   /* nstats names */
	uint32_t ncores;
	int32_t *cpu;                      /* per vCPU: host CPU */
	uint32_t *apic_id;                 /* per vCPU */
	bool *started;                     /* per vCPU */
	uint64_t *values;                  /* [vcpu * nstats + stat] */
};

/* Reads the descriptors and every vCPU's values (free with _free()). */
int v3_vcpu_stats_read(int fd, const char *name,
		       struct v3_vcpu_stat_table *t);
void v3_vcpu_stats_free(struct v3_vcpu_stat_table *t);
/* The index of statistic `name`, or -1 if the module has none such. */
int v3_stat_find(const struct v3_vcpu_stat_table *t, const char *name);
/* vCPU vcpu's value of statistic index stat (0 if either is out of range). */
uint64_t v3_stat_get(const struct v3_vcpu_stat_table *t, uint32_t vcpu,
		     int stat);
/* The sum of statistic `stat` over every vCPU. */
uint64_t v3_stat_sum(const struct v3_vcpu_stat_table *t, int stat);
/* Every vCPU's exits: the sum of every "exit_REASON" statistic. */
uint64_t v3_stat_exits_total(const struct v3_vcpu_stat_table *t);
/* For "exit_REASON": REASON; NULL for any other statistic. */
const char *v3_stat_exit_reason(const char *stat_name);
/* Whether a name the module gave is one: 1-31 of [a-z0-9_], ends in NUL. */
int v3_stat_name_valid(const char name[V3_STAT_NAME_MAX]);
int v3_console_read(int fd, const char *name, uint64_t *offset, void *buf,
		    size_t len, struct v3_console_chunk *chunk);
int v3_vm_destroy(int fd, const char *name);

/*
 * `v3ctl run`: the file becomes the proxy of one program run in a VM
 * started without a program. v3_run_wait() returns -EINTR when a signal
 * arrives (it does not retry), so that the caller can forward it.
 */
int v3_run_start(int fd, const char *name, const void *job, size_t job_len,
		 uint32_t flags, uint64_t prog_size, uint32_t *ncores);
int v3_run_wait(int fd, uint32_t timeout_ms, void *buf, size_t buf_len,
		struct v3_run_wait *w);
int v3_run_reply(int fd, uint64_t seq, int64_t ret, const void *buf,
		 size_t len);
int v3_run_signal(int fd, int sig);

/* Names and sums for printing. */
int v3_name_valid(const char *name);
const char *v3_state_name(uint32_t state);
unsigned int v3_stats_nblocks(const struct v3_vm_stats *stats);

#endif
