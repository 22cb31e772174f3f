// SPDX-License-Identifier: GPL-2.0
/*
 * libv3vee: thin wrappers around the ioctls of /dev/v3vmm. They fill the
 * fixed-width structs (reserved fields zero, pointers as __u64), copy names
 * in with a length check, and turn -1/errno into a negative errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
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

/* A module answer past these is taken as a broken module (-EPROTO). */
#define V3_SANE_NCORES (1u << 20)
#define V3_SANE_NSTATS (1u << 16)

int v3_vm_regs(int fd, const char *name, struct v3_vcpu_regs **vcpus,
	       uint32_t *ncores)
{
	struct v3_vm_regs r;
	struct v3_vcpu_regs *buf = NULL;
	uint32_t room = 0;
	int ret;

	*vcpus = NULL;
	*ncores = 0;
	/* Ask with no room to learn the count, then with room for it; the
	 * count of a started VM does not change, but retry if it does. */
	for (int tries = 0; tries < 3; tries++) {
		memset(&r, 0, sizeof(r));
		ret = v3_copy_name(r.name, name);
		if (ret)
			break;
		r.ncores = room;
		r.vcpus = (uintptr_t)buf;
		ret = v3_ioctl(fd, V3_IOC_VM_REGS, &r);
		if (ret != -E2BIG)
			break;
		if (r.ncores <= room || r.ncores > V3_SANE_NCORES) {
			ret = -EPROTO;
			break;
		}
		free(buf);
		room = r.ncores;
		buf = calloc(room, sizeof(*buf));
		if (!buf) {
			ret = -ENOMEM;
			break;
		}
	}
	if (!ret && r.ncores > room)
		ret = -EPROTO;
	if (ret == -E2BIG)
		ret = -EAGAIN; /* the count kept changing */
	if (ret) {
		free(buf);
		return ret;
	}
	*vcpus = buf;
	*ncores = r.ncores;
	return 0;
}

int v3_stat_desc(int fd, uint32_t index, struct v3_stat_desc *desc)
{
	int ret;

	memset(desc, 0, sizeof(*desc));
	desc->index = index;
	ret = v3_ioctl(fd, V3_IOC_STAT_DESC, desc);
	desc->desc[V3_STAT_DESC_MAX - 1] = '\0';
	return ret;
}

int v3_vcpu_stats(int fd, const char *name, uint32_t vcpu, uint64_t *values,
		  uint32_t *nvalues, struct v3_vcpu_stats *info)
{
	int ret;

	memset(info, 0, sizeof(*info));
	ret = v3_copy_name(info->name, name);
	if (ret)
		return ret;
	info->vcpu = vcpu;
	info->nstats = *nvalues;
	info->values = (uintptr_t)values;
	ret = v3_ioctl(fd, V3_IOC_VCPU_STATS, info);
	if (!ret)
		*nvalues = info->nstats;
	return ret;
}

int v3_stat_name_valid(const char name[V3_STAT_NAME_MAX])
{
	size_t len = strnlen(name, V3_STAT_NAME_MAX);

	if (len == 0 || len == V3_STAT_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return 0;
	}
	return 1;
}

void v3_vcpu_stats_free(struct v3_vcpu_stat_table *t)
{
	free(t->names);
	free(t->cpu);
	free(t->apic_id);
	free(t->started);
	free(t->values);
	memset(t, 0, sizeof(*t));
}

/* The descriptors: every name, checked. */
static int read_stat_names(int fd, struct v3_vcpu_stat_table *t)
{
	struct v3_stat_desc d;
	int ret = v3_stat_desc(fd, 0, &d);

	if (ret && ret != -ERANGE)
		return ret;
	if (d.nstats > V3_SANE_NSTATS)
		return -EPROTO;
	t->nstats = d.nstats;
	t->names = calloc(t->nstats ? t->nstats : 1, sizeof(*t->names));
	if (!t->names)
		return -ENOMEM;
	for (uint32_t i = 0; i < t->nstats; i++) {
		ret = v3_stat_desc(fd, i, &d);
		if (ret)
			return ret == -ERANGE ? -EPROTO : ret;
		if (d.nstats != t->nstats || !v3_stat_name_valid(d.name))
			return -EPROTO;
		memcpy(t->names[i], d.name, V3_STAT_NAME_MAX);
	}
	return 0;
}

/* The per-vCPU arrays, once the vCPU count is known. */
static int alloc_vcpus(struct v3_vcpu_stat_table *t, uint32_t ncores)
{
	size_t nvalues = (size_t)ncores * (t->nstats ? t->nstats : 1);

	if (ncores > V3_SANE_NCORES)
		return -EPROTO;
	t->ncores = ncores;
	t->cpu = calloc(ncores ? ncores : 1, sizeof(*t->cpu));
	t->apic_id = calloc(ncores ? ncores : 1, sizeof(*t->apic_id));
	t->started = calloc(ncores ? ncores : 1, sizeof(*t->started));
	t->values = calloc(nvalues ? nvalues : 1, sizeof(*t->values));
	if (!t->cpu || !t->apic_id || !t->started || !t->values)
		return -ENOMEM;
	return 0;
}

int v3_vcpu_stats_read(int fd, const char *name,
		       struct v3_vcpu_stat_table *t)
{
	struct v3_vcpu_stats info;
	uint32_t n = 0;
	int ret;

	memset(t, 0, sizeof(*t));
	ret = read_stat_names(fd, t);
	/* vCPU 0 with no room: the VM's vCPU count. */
	if (!ret)
		ret = v3_vcpu_stats(fd, name, 0, NULL, &n, &info);
	if (ret == -ERANGE)
		ret = alloc_vcpus(t, 0); /* a VM without vCPUs */
	else if (!ret)
		ret = alloc_vcpus(t, info.ncores);
	for (uint32_t v = 0; !ret && v < t->ncores; v++) {
		n = t->nstats;
		ret = v3_vcpu_stats(fd, name, v, t->values + (size_t)v * t->nstats,
				    &n, &info);
		if (!ret && (n != t->nstats || info.ncores != t->ncores))
			ret = -EPROTO; /* the module changed under us */
		if (!ret) {
			t->cpu[v] = info.cpu;
			t->apic_id[v] = info.apic_id;
			t->started[v] = info.started != 0;
		}
	}
	if (ret)
		v3_vcpu_stats_free(t);
	return ret;
}

int v3_vm_vcpu_cpus(int fd, const char *name, int32_t **cpus,
		    uint32_t *ncores)
{
	struct v3_vcpu_stats info;
	uint32_t n = 0, count;
	int32_t *out;
	int ret;

	*cpus = NULL;
	*ncores = 0;
	ret = v3_vcpu_stats(fd, name, 0, NULL, &n, &info);
	if (ret)
		return ret;
	count = info.ncores;
	if (count == 0 || count > V3_SANE_NCORES)
		return -EPROTO;
	out = calloc(count, sizeof(*out));
	if (!out)
		return -ENOMEM;
	out[0] = info.cpu;
	for (uint32_t v = 1; !ret && v < count; v++) {
		n = 0;
		ret = v3_vcpu_stats(fd, name, v, NULL, &n, &info);
		if (!ret && info.ncores != count)
			ret = -EPROTO;
		out[v] = info.cpu;
	}
	if (ret) {
		free(out);
		return ret;
	}
	*cpus = out;
	*ncores = count;
	return 0;
}

int v3_stat_find(const struct v3_vcpu_stat_table *t, const char *name)
{
	for (uint32_t i = 0; i < t->nstats; i++) {
		if (strncmp(t->names[i], name, V3_STAT_NAME_MAX) == 0)
			return (int)i;
	}
	return -1;
}

uint64_t v3_stat_get(const struct v3_vcpu_stat_table *t, uint32_t vcpu,
		     int stat)
{
	if (stat < 0 || (uint32_t)stat >= t->nstats || vcpu >= t->ncores)
		return 0;
	return t->values[(size_t)vcpu * t->nstats + stat];
}

uint64_t v3_stat_sum(const struct v3_vcpu_stat_table *t, int stat)
{
	uint64_t sum = 0;

	for (uint32_t v = 0; v < t->ncores; v++)
		sum += v3_stat_get(t, v, stat);
	return sum;
}

uint64_t v3_stat_exits_total(const struct v3_vcpu_stat_table *t)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < t->nstats; i++) {
		if (v3_stat_exit_reason(t->names[i]))
			sum += v3_stat_sum(t, (int)i);
	}
	return sum;
}

const char *v3_stat_exit_reason(const char *stat_name)
{
	if (strncmp(stat_name, "exit_", 5) != 0 || !stat_name[5])
		return NULL;
	return stat_name + 5;
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

/* The count comes from the module; never index past the arrays. */
unsigned int v3_stats_nblocks(const struct v3_vm_stats *stats)
{
	return stats->nblocks > V3_MAX_BLOCKS ? V3_MAX_BLOCKS : stats->nblocks;
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
