/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libv3vee: the ioctls of /dev/v3vmm (vmm-module/uapi/v3vee.h) as plain C
 * calls, so that v3ctl and tests never build an ioctl struct by hand. Every
 * call returns 0 or a negative errno; none prints anything.
 */
#ifndef LIBV3VEE_H
#define LIBV3VEE_H

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
int v3_vm_stats(int fd, const char *name, struct v3_vm_stats *stats);
/* Each vCPU's registers now (an NMI to each of the VM's cores). */
int v3_vm_regs(int fd, const char *name, struct v3_vm_regs *regs);
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
const char *v3_exit_reason_name(unsigned int reason);
unsigned int v3_stats_ncores(const struct v3_vm_stats *stats);
unsigned int v3_stats_nblocks(const struct v3_vm_stats *stats);
uint64_t v3_stats_exits(const struct v3_vm_stats *stats);
uint64_t v3_stats_run_ns(const struct v3_vm_stats *stats);

#endif
