// SPDX-License-Identifier: GPL-2.0
/*
 * libv3vee: thin wrappers around the ioctls of /dev/v3vmm. They fill the
 * fixed-width structs (reserved fields zero, pointers as __u64), copy names
 * in with a length check, and turn -1/errno into a negative errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libv3vee.h"

static int v3_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/* Copies a VM name into a struct; a name that cannot fit names no VM. */
static int v3_copy_name(char dst[V3_NAME_MAX], const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len >= V3_NAME_MAX)
		return -ENAMETOOLONG;
	memset(dst, 0, V3_NAME_MAX);
	if (len)
		memcpy(dst, name, len);
	return 0;
}

int v3_open(const char *path)
{
	int fd = open(path ? path : V3_DEVICE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

void v3_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

int v3_abi_version(int fd, uint32_t *version)
{
	struct v3_version v = { 0 };
	int ret = v3_ioctl(fd, V3_IOC_VERSION, &v);

	if (!ret)
		*version = v.abi_version;
	return ret;
}

int v3_vm_create(int fd, const char *name, char created[V3_NAME_MAX])
{
	struct v3_vm_create c = { .abi_version = V3VEE_ABI_VERSION };
	int ret = v3_copy_name(c.name, name);

	if (ret)
		return ret;
	ret = v3_ioctl(fd, V3_IOC_VM_CREATE, &c);
	if (!ret && created) {
		c.name[V3_NAME_MAX - 1] = '\0';
		memcpy(created, c.name, V3_NAME_MAX);
	}
	return ret;
}

int v3_vm_add_memory(int fd, struct v3_mem_add *added)
{
	memset(added, 0, sizeof(*added));
	return v3_ioctl(fd, V3_IOC_VM_ADD_MEMORY, added);
}

int v3_vm_add_core(int fd, int cpu, int *taken)
{
	struct v3_core_add c = { .cpu = cpu };
	int ret = v3_ioctl(fd, V3_IOC_VM_ADD_CORE, &c);

	if (!ret && taken)
		*taken = c.cpu;
	return ret;
}

int v3_vm_load(int fd, const void *image, size_t image_len, const char *cmdline,
	       const void *module, size_t module_len,
	       const char *module_cmdline)
{
	size_t cmdline_len = cmdline ? strlen(cmdline) : 0;
	size_t module_cmdline_len = module_cmdline ? strlen(module_cmdline) : 0;
	struct v3_vm_load l = {
		.image = (uintptr_t)image,
		.image_len = image_len,
		.cmdline = (uintptr_t)cmdline,
		.module = (uintptr_t)module,
		.module_len = module ? module_len : 0,
		.module_cmdline = (uintptr_t)module_cmdline,
	};

	if (cmdline_len >= V3_CMDLINE_MAX ||
	    module_cmdline_len >= V3_CMDLINE_MAX)
		return -E2BIG;
	l.cmdline_len = cmdline_len;
	l.module_cmdline_len = module_cmdline_len;
	return v3_ioctl(fd, V3_IOC_VM_LOAD, &l);
}

int v3_vm_start(int fd)
{
	int ret;

	do {
		ret = ioctl(fd, V3_IOC_VM_START);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

int v3_vm_list(int fd, uint32_t index, char name[V3_NAME_MAX])
{
	struct v3_vm_list l = { .index = index };
	int ret = v3_ioctl(fd, V3_IOC_VM_LIST, &l);

	if (!ret) {
		l.name[V3_NAME_MAX - 1] = '\0';
		memcpy(name, l.name, V3_NAME_MAX);
	}
	return ret;
}

int v3_vm_regs(int fd, const char *name, struct v3_vm_regs *regs)
{
	int ret;

	memset(regs, 0, sizeof(*regs));
	ret = v3_copy_name(regs->name, name);
	if (ret)
		return ret;
	return v3_ioctl(fd, V3_IOC_VM_REGS, regs);
}

int v3_vm_stats(int fd, const char *name, struct v3_vm_stats *stats)
{
	int ret;

	memset(stats, 0, sizeof(*stats));
	ret = v3_copy_name(stats->name, name);
	if (ret)
		return ret;
	ret = v3_ioctl(fd, V3_IOC_VM_STATS, stats);
	stats->name[V3_NAME_MAX - 1] = '\0';
	stats->fail_reason[sizeof(stats->fail_reason) - 1] = '\0';
	return ret;
}

int v3_console_read(int fd, const char *name, uint64_t *offset, void *buf,
		    size_t len, struct v3_console_chunk *chunk)
{
	struct v3_console_read r = {
		.offset = *offset,
		.buf = (uintptr_t)buf,
		.len = len > UINT32_MAX ? UINT32_MAX : len,
	};
	int ret = v3_copy_name(r.name, name);

	if (ret)
		return ret;
	ret = v3_ioctl(fd, V3_IOC_CONSOLE_READ, &r);
	if (ret)
		return ret;
	*offset = r.offset;
	chunk->got = r.got > r.len ? r.len : r.got;
	chunk->lost = r.lost;
	chunk->state = r.state;
	return 0;
}

int v3_vm_destroy(int fd, const char *name)
{
	struct v3_vm_ref ref;
	int ret = v3_copy_name(ref.name, name);

	if (ret)
		return ret;
	return v3_ioctl(fd, V3_IOC_VM_DESTROY, &ref);
}

/* The rule the module applies: 1 to 31 of [A-Za-z0-9_.-]. */
int v3_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= V3_NAME_MAX)
		return 0;
	for (const char *p = name; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

const char *v3_state_name(uint32_t state)
{
	switch (state) {
	case V3_VM_CREATED:
		return "created";
	case V3_VM_RUNNING:
		return "running";
	case V3_VM_EXITED:
		return "exited";
	case V3_VM_FAILED:
		return "failed";
	}
	return "unknown";
}

static const char *const exit_reason_names[] = {
	[V3_EXIT_CPUID] = "cpuid",	 [V3_EXIT_VMMCALL] = "vmmcall",
	[V3_EXIT_IOIO] = "ioio",	 [V3_EXIT_MSR] = "msr",
	[V3_EXIT_NPF] = "npf",		 [V3_EXIT_NMI] = "nmi",
	[V3_EXIT_INTR] = "intr",	 [V3_EXIT_EXCEPTION] = "exception",
	[V3_EXIT_SHUTDOWN] = "shutdown", [V3_EXIT_OTHER] = "other",
	[V3_EXIT_APIC] = "apic",
};

/* NULL for the slots the ABI keeps free for later reasons. */
const char *v3_exit_reason_name(unsigned int reason)
{
	if (reason >= sizeof(exit_reason_names) / sizeof(exit_reason_names[0]))
		return NULL;
	return exit_reason_names[reason];
}

/* The counts come from the module; never index past the arrays. */
unsigned int v3_stats_ncores(const struct v3_vm_stats *stats)
{
	return stats->ncores > V3_MAX_CORES ? V3_MAX_CORES : stats->ncores;
}

unsigned int v3_stats_nblocks(const struct v3_vm_stats *stats)
{
	return stats->nblocks > V3_MAX_BLOCKS ? V3_MAX_BLOCKS : stats->nblocks;
}

uint64_t v3_stats_exits(const struct v3_vm_stats *stats)
{
	uint64_t sum = 0;

	for (unsigned int c = 0; c < v3_stats_ncores(stats); c++)
		for (unsigned int r = 0; r < V3_EXIT_NR; r++)
			sum += stats->exits[c][r];
	return sum;
}

uint64_t v3_stats_run_ns(const struct v3_vm_stats *stats)
{
	uint64_t sum = 0;

	for (unsigned int c = 0; c < v3_stats_ncores(stats); c++)
		sum += stats->guest_run_ns[c];
	return sum;
}

int v3_run_start(int fd, const char *name, const void *job, size_t job_len,
		 uint32_t flags, uint64_t prog_size, uint32_t *ncores)
{
	struct v3_run_start r = { 0 };
	int ret = v3_copy_name(r.name, name);

	if (ret)
		return ret;
	if (job_len > V3_RUN_DATA_MAX)
		return -E2BIG;
	r.job = (uintptr_t)job;
	r.job_len = job_len;
	r.flags = flags;
	r.prog_size = prog_size;
	ret = v3_ioctl(fd, V3_IOC_RUN_START, &r);
	if (!ret && ncores)
		*ncores = r.ncores;
	return ret;
}

int v3_run_wait(int fd, uint32_t timeout_ms, void *buf, size_t buf_len,
		struct v3_run_wait *w)
{
	memset(w, 0, sizeof(*w));
	w->timeout_ms = timeout_ms;
	w->buf = (uintptr_t)buf;
	w->buf_len = buf_len > UINT32_MAX ? UINT32_MAX : buf_len;
	/* No retry on EINTR: the caller forwards the signal. */
	return ioctl(fd, V3_IOC_RUN_WAIT, w) < 0 ? -errno : 0;
}

int v3_run_reply(int fd, uint64_t seq, int64_t ret, const void *buf,
		 size_t len)
{
	struct v3_run_reply r = { 0 };

	if (len > V3_RUN_DATA_MAX)
		return -E2BIG;
	r.seq = seq;
	r.ret = ret;
	r.buf = (uintptr_t)buf;
	r.len = len;
	return v3_ioctl(fd, V3_IOC_RUN_REPLY, &r);
}

int v3_run_signal(int fd, int sig)
{
	struct v3_run_signal r = { 0 };

	r.sig = sig;
	return v3_ioctl(fd, V3_IOC_RUN_SIGNAL, &r);
}
