// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for libv3vee's per-vCPU calls (userspace-ctl/libv3vee.c)
 * against a fake v3vmm.ko: this file defines ioctl(), so the library's
 * calls land in fake_ioctl() below, which answers STAT_DESC, VCPU_STATS
 * and VM_REGS as uapi/v3vee.h says the module does, for any number of
 * vCPUs and statistics. Variants make the fake module misbehave (a name
 * without its NUL, a count that changes, an absurd vCPU count) to show
 * that the library refuses them (-EPROTO) instead of overrunning.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "libv3vee.h"

#include "test.h"

#define FAKE_FD 1000

/* The fake module. */
static struct {
	uint32_t nstats;
	const char *const *names;
	uint32_t ncores;
	int started;        /* 0: EBUSY, as for a VM being built */
	int bad_name;       /* stat 1's name fills the field, no NUL */
	uint32_t grow_after; /* STAT_DESC calls before nstats grows by 1 */
	uint32_t calls;     /* STAT_DESC calls so far */
	uint32_t vcpu_calls;
	uint32_t regs_calls;
	uint32_t regs_nmis; /* snapshots taken (not E2BIG answers) */
} fake;

static const char *const eight_names[] = {
	"exit_cpuid", "exit_vmmcall", "exit_npf", "guest_run_ns",
	"run_exits", "guest_timer_irqs", "guest_irqs", "a_new_counter",
};

static uint64_t fake_value(uint32_t vcpu, uint32_t stat)
{
	return vcpu * 1000ULL + stat;
}

static int fake_stat_desc(struct v3_stat_desc *d)
{
	uint32_t n = fake.nstats;

	fake.calls++;
	if (fake.grow_after && fake.calls > fake.grow_after)
		n++;
	d->nstats = n;
	if (d->index >= n)
		return -ERANGE;
	memset(d->name, 0, sizeof(d->name));
	if (fake.bad_name && d->index == 1)
		memset(d->name, 'x', sizeof(d->name));
	else if (d->index < fake.nstats)
		snprintf(d->name, sizeof(d->name), "%s", fake.names[d->index]);
	else
		snprintf(d->name, sizeof(d->name), "grown");
	return 0;
}

static int fake_vcpu_stats(struct v3_vcpu_stats *v)
{
	uint32_t room = v->nstats < fake.nstats ? v->nstats : fake.nstats;
	uint64_t *out = (uint64_t *)(uintptr_t)v->values;

	fake.vcpu_calls++;
	if (v->flags || v->reserved)
		return -EINVAL;
	if (strcmp(v->name, "vm0"))
		return -ENOENT;
	if (!fake.started)
		return -EBUSY;
	v->ncores = fake.ncores;
	v->nstats = fake.nstats;
	if (v->vcpu >= fake.ncores)
		return -ERANGE;
	if (room && !out)
		return -EFAULT;
	for (uint32_t i = 0; i < room; i++)
		out[i] = fake_value(v->vcpu, i);
	v->cpu = (int32_t)(fake.ncores - v->vcpu); /* the highest first */
	v->apic_id = v->vcpu * 2;
	v->started = v->vcpu % 2 == 0;
	return 0;
}

static int fake_regs(struct v3_vm_regs *r)
{
	struct v3_vcpu_regs *out = (struct v3_vcpu_regs *)(uintptr_t)r->vcpus;

	fake.regs_calls++;
	if (r->reserved)
		return -EINVAL;
	if (strcmp(r->name, "vm0"))
		return -ENOENT;
	if (!fake.started)
		return -EBUSY;
	if (r->ncores < fake.ncores) {
		r->ncores = fake.ncores;
		return -E2BIG;
	}
	r->ncores = fake.ncores;
	fake.regs_nmis++;
	for (uint32_t i = 0; i < fake.ncores; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].where = V3_VCPU_IN_GUEST;
		out[i].regs.rip = 0x400000 + i;
	}
	return 0;
}

/* What libv3vee calls: the fake module for FAKE_FD, ENOTTY otherwise. */
int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != FAKE_FD) {
		errno = ENOTTY;
		return -1;
	}
	switch (request) {
	case V3_IOC_STAT_DESC:
		ret = fake_stat_desc(arg);
		break;
	case V3_IOC_VCPU_STATS:
		ret = fake_vcpu_stats(arg);
		break;
	case V3_IOC_VM_REGS:
		ret = fake_regs(arg);
		break;
	default:
		ret = -ENOTTY;
	}
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}

static void fake_reset(uint32_t ncores)
{
	memset(&fake, 0, sizeof(fake));
	fake.names = eight_names;
	fake.nstats = 8;
	fake.ncores = ncores;
	fake.started = 1;
}

/* 12 vCPUs (more than the 8 the old ABI held), every value in place. */
TEST(vcpu_stats_all_vcpus)
{
	struct v3_vcpu_stat_table t;

	fake_reset(12);
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), 0);
	CHECK_EQ(t.nstats, 8);
	CHECK_EQ(t.ncores, 12);
	CHECK_STR(t.names[0], "exit_cpuid");
	CHECK_STR(t.names[7], "a_new_counter");
	for (uint32_t v = 0; v < 12; v++) {
		for (int i = 0; i < 8; i++)
			CHECK_EQ(v3_stat_get(&t, v, i), fake_value(v, i));
		CHECK_EQ(t.cpu[v], 12 - v);
		CHECK_EQ(t.apic_id[v], v * 2);
		CHECK_EQ(t.started[v], v % 2 == 0);
	}
	/* One call for the count, then one per vCPU. */
	CHECK_EQ(fake.vcpu_calls, 13);
	v3_vcpu_stats_free(&t);
	CHECK(t.names == NULL && t.values == NULL && t.ncores == 0);
}

TEST(vcpu_stats_many_vcpus)
{
	struct v3_vcpu_stat_table t;

	fake_reset(300); /* above 255, as on a large x2APIC node */
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), 0);
	CHECK_EQ(t.ncores, 300);
	CHECK_EQ(v3_stat_get(&t, 299, 7), fake_value(299, 7));
	v3_vcpu_stats_free(&t);
}

TEST(vcpu_stats_lookup_and_sums)
{
	struct v3_vcpu_stat_table t;
	int npf, run;

	fake_reset(3);
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), 0);
	npf = v3_stat_find(&t, "exit_npf");
	run = v3_stat_find(&t, "guest_run_ns");
	CHECK_EQ(npf, 2);
	CHECK_EQ(run, 3);
	CHECK_EQ(v3_stat_find(&t, "exit_apic"), -1); /* this module has none */
	CHECK_EQ(v3_stat_find(&t, "exit_"), -1);
	/* Sums over vCPUs 0, 1, 2: stat + 0, stat + 1000, stat + 2000. */
	CHECK_EQ(v3_stat_sum(&t, npf), 3 * 2 + 3000);
	/* exit_cpuid, exit_vmmcall, exit_npf: indexes 0, 1, 2. */
	CHECK_EQ(v3_stat_exits_total(&t), 3 * (0 + 1 + 2) + 3 * 3000);
	/* Out of range: 0, never a read past the arrays. */
	CHECK_EQ(v3_stat_get(&t, 3, 0), 0);
	CHECK_EQ(v3_stat_get(&t, 0, 8), 0);
	CHECK_EQ(v3_stat_get(&t, 0, -1), 0);
	CHECK_EQ(v3_stat_sum(&t, -1), 0);
	v3_vcpu_stats_free(&t);
}

TEST(stat_names)
{
	char name[V3_STAT_NAME_MAX];

	CHECK_STR(v3_stat_exit_reason("exit_cpuid"), "cpuid");
	CHECK_STR(v3_stat_exit_reason("exit_apic"), "apic");
	CHECK(v3_stat_exit_reason("exit_") == NULL);
	CHECK(v3_stat_exit_reason("run_exits") == NULL);
	CHECK(v3_stat_exit_reason("exits") == NULL);
	memset(name, 0, sizeof(name));
	strcpy(name, "guest_irqs");
	CHECK(v3_stat_name_valid(name));
	strcpy(name, "Guest");
	CHECK(!v3_stat_name_valid(name));
	strcpy(name, "a-b");
	CHECK(!v3_stat_name_valid(name));
	memset(name, 0, sizeof(name));
	CHECK(!v3_stat_name_valid(name)); /* empty */
	memset(name, 'a', sizeof(name));
	CHECK(!v3_stat_name_valid(name)); /* no NUL */
	name[V3_STAT_NAME_MAX - 1] = '\0';
	CHECK(v3_stat_name_valid(name)); /* 31 */
}

/* A module with fewer statistics than this header knows still reads. */
TEST(vcpu_stats_older_module)
{
	struct v3_vcpu_stat_table t;

	fake_reset(2);
	fake.nstats = 2;
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), 0);
	CHECK_EQ(t.nstats, 2);
	CHECK_EQ(v3_stat_find(&t, "guest_run_ns"), -1);
	CHECK_EQ(v3_stat_get(&t, 1, 1), fake_value(1, 1));
	v3_vcpu_stats_free(&t);
}

/* The caller's room decides how many values come back. */
TEST(vcpu_stats_caller_sized)
{
	struct v3_vcpu_stats info;
	uint64_t v[4] = { 7, 7, 7, 7 };
	uint32_t n = 2;

	fake_reset(5);
	CHECK_EQ(v3_vcpu_stats(FAKE_FD, "vm0", 4, v, &n, &info), 0);
	CHECK_EQ(n, 8); /* the module's count */
	CHECK_EQ(v[0], fake_value(4, 0));
	CHECK_EQ(v[1], fake_value(4, 1));
	CHECK_EQ(v[2], 7); /* past the room: untouched */
	CHECK_EQ(info.ncores, 5);
	n = 0;
	CHECK_EQ(v3_vcpu_stats(FAKE_FD, "vm0", 0, NULL, &n, &info), 0);
	CHECK_EQ(n, 8);
	n = 4;
	CHECK_EQ(v3_vcpu_stats(FAKE_FD, "vm0", 5, v, &n, &info), -ERANGE);
	CHECK_EQ(v3_vcpu_stats(FAKE_FD, "vm1", 0, v, &n, &info), -ENOENT);
}

TEST(vcpu_stats_errors)
{
	struct v3_vcpu_stat_table t;

	fake_reset(4);
	fake.started = 0;
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), -EBUSY);
	CHECK(t.values == NULL);
	fake_reset(4);
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "nope", &t), -ENOENT);
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD,
				    "a-name-longer-than-thirty-one-chars", &t),
		 -ENAMETOOLONG);
	/* A broken module: refused, nothing left allocated. */
	fake_reset(4);
	fake.bad_name = 1;
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), -EPROTO);
	CHECK(t.names == NULL);
	fake_reset(4);
	fake.grow_after = 3;
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), -EPROTO);
	fake_reset(1u << 21);
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), -EPROTO);
	fake_reset(4);
	fake.nstats = 1u << 20;
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD, "vm0", &t), -EPROTO);
	CHECK_EQ(v3_vcpu_stats_read(FAKE_FD + 1, "vm0", &t), -ENOTTY);
}

TEST(regs_sized_by_the_vm)
{
	struct v3_vcpu_regs *v;
	uint32_t n;

	fake_reset(16);
	CHECK_EQ(v3_vm_regs(FAKE_FD, "vm0", &v, &n), 0);
	CHECK_EQ(n, 16);
	CHECK_EQ(fake.regs_calls, 2); /* the count, then the snapshot */
	CHECK_EQ(fake.regs_nmis, 1);  /* one snapshot only */
	for (uint32_t i = 0; i < n; i++) {
		CHECK_EQ(v[i].where, V3_VCPU_IN_GUEST);
		CHECK_EQ(v[i].regs.rip, 0x400000 + i);
	}
	free(v);
	fake.started = 0;
	CHECK_EQ(v3_vm_regs(FAKE_FD, "vm0", &v, &n), -EBUSY);
	CHECK(v == NULL && n == 0);
	fake.started = 1;
	CHECK_EQ(v3_vm_regs(FAKE_FD, "vm9", &v, &n), -ENOENT);
	fake_reset(1u << 21);
	CHECK_EQ(v3_vm_regs(FAKE_FD, "vm0", &v, &n), -EPROTO);
	CHECK(v == NULL);
}

TEST(vcpu_cpus)
{
	int32_t *cpus;
	uint32_t n;

	fake_reset(12);
	CHECK_EQ(v3_vm_vcpu_cpus(FAKE_FD, "vm0", &cpus, &n), 0);
	CHECK_EQ(n, 12);
	for (uint32_t v = 0; v < n; v++)
		CHECK_EQ(cpus[v], 12 - v);
	CHECK_EQ(fake.calls, 0); /* no descriptors needed */
	CHECK_EQ(fake.vcpu_calls, 12);
	free(cpus);
	fake.started = 0;
	CHECK_EQ(v3_vm_vcpu_cpus(FAKE_FD, "vm0", &cpus, &n), -EBUSY);
	CHECK(cpus == NULL && n == 0);
	fake_reset(1u << 21);
	CHECK_EQ(v3_vm_vcpu_cpus(FAKE_FD, "vm0", &cpus, &n), -EPROTO);
}

RUN_TESTS(vcpu_cpus, vcpu_stats_all_vcpus, vcpu_stats_many_vcpus,
	  vcpu_stats_lookup_and_sums, stat_names, vcpu_stats_older_module,
	  vcpu_stats_caller_sized, vcpu_stats_errors, regs_sized_by_the_vm)
