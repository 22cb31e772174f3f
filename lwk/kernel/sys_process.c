// SPDX-License-Identifier: GPL-2.0
/* Process identity, limits and exit. There is one process, pid 1. */
#include <lwk/errno.h>
#include <lwk/pmem.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/syscalls.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <lwk/uaccess.h>
#include <linux/resource.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <asm/prctl.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/percpu.h>

#define LWK_RELEASE "6.1.0-v3vee-lwk"

long sys_exit_group(int status)
{
	process_exit(status);
}

long sys_getpid(void)
{
	return LWK_PID;
}

long sys_gettid(void)
{
	return current_thread()->tid;
}

long sys_getppid(void)
{
	return 0;
}

long sys_getuid(void)
{
	return 0;
}

long sys_arch_prctl(int code, uint64_t addr)
{
	struct thread *t = current_thread();

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		t->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void __user *)addr, &t->fs_base,
				    sizeof(t->fs_base));
	default:
		return -EINVAL;
	}
}

long sys_set_tid_address(int __user *tidptr)
{
	current_thread()->clear_child_tid = (uint64_t)tidptr;
	return current_thread()->tid;
}

long sys_set_robust_list(void __user *head, size_t len)
{
	/* Robust futexes matter only when a thread dies holding a lock;
	 * the program ends as a whole here. Accept and ignore. */
	return 0;
}

static void limit_for(int resource, struct rlimit64 *r)
{
	r->rlim_cur = r->rlim_max = RLIM64_INFINITY;
	if (resource == RLIMIT_STACK)
		r->rlim_cur = r->rlim_max = USER_STACK_SIZE;
	else if (resource == RLIMIT_NOFILE)
		r->rlim_cur = r->rlim_max = 1024;
}

long sys_prlimit64(int pid, int resource, const struct rlimit64 __user *new,
		   struct rlimit64 __user *old)
{
	struct rlimit64 r;

	if (pid != 0 && pid != LWK_PID)
		return -ESRCH;
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new)
		return -EPERM; /* limits are fixed by the LWK */
	limit_for(resource, &r);
	if (old)
		return copy_to_user(old, &r, sizeof(r));
	return 0;
}

long sys_getrlimit(int resource, struct rlimit64 __user *rlim)
{
	return sys_prlimit64(0, resource, NULL, rlim);
}

long sys_uname(struct utsname __user *buf)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	strlcpy(u.nodename, "lwk", sizeof(u.nodename));
	strlcpy(u.release, LWK_RELEASE, sizeof(u.release));
	strlcpy(u.version, "#1 v3vee lightweight kernel", sizeof(u.version));
	strlcpy(u.machine, "x86_64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(buf, &u, sizeof(u));
}

long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = clock_monotonic_ns() / NSEC_PER_SEC;
	si.totalram = pmem_total_bytes();
	si.freeram = pmem_free_bytes();
	si.procs = 1;
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si));
}

/* Not cryptographic: RDRAND when the CPU has it, else a TSC-seeded
 * xorshift. Enough for hash seeds and AT_RANDOM. */
void lwk_random_bytes(void *buf, size_t len)
{
	static uint64_t state;
	bool has_rdrand = cpuid(1, 0).ecx & (1u << 30);
	uint8_t *b = buf;

	if (!state)
		state = tsc_read() | 1;
	while (len) {
		uint64_t v = 0;
		unsigned char ok = 0;

		if (has_rdrand)
			asm volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (!ok) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			v = state ^ tsc_read();
		}
		size_t n = MIN(len, sizeof(v));

		memcpy(b, &v, n);
		b += n;
		len -= n;
	}
}

long sys_getrandom(void __user *buf, size_t len, unsigned int flags)
{
	uint8_t chunk[256];
	size_t done = 0;

	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));

		lwk_random_bytes(chunk, n);
		if (copy_to_user((char __user *)buf + done, chunk, n))
			return -EFAULT;
		done += n;
	}
	return (long)len;
}

/* The tid argument of the affinity calls: 0 means the caller. */
static struct thread *thread_arg(int tid)
{
	return tid == 0 ? current_thread() : thread_by_tid(tid);
}

long sys_sched_getaffinity(int tid, size_t len, void __user *mask)
{
	struct thread *t = thread_arg(tid);
	uint64_t cpus;

	if (!t)
		return -ESRCH;
	if (len < sizeof(cpus) || (len & 7))
		return -EINVAL;
	cpus = t->affinity & sched_online_mask();
	if (clear_user(mask, len) || copy_to_user(mask, &cpus, sizeof(cpus)))
		return -EFAULT;
	return sizeof(cpus);
}

long sys_sched_setaffinity(int tid, size_t len, const void __user *mask)
{
	struct thread *t = thread_arg(tid);
	uint64_t cpus = 0;

	if (!t)
		return -ESRCH;
	if (copy_from_user(&cpus, mask, MIN(len, sizeof(cpus))))
		return -EFAULT;
	cpus &= sched_online_mask();
	if (!cpus)
		return -EINVAL;
	t->affinity = cpus;
	if (!(cpus & (1UL << t->cpu)))
		sched_migrate(t, sched_pick_cpu(cpus));
	return 0;
}

long sys_getcpu(unsigned int __user *cpu, unsigned int __user *node,
		void __user *cache)
{
	unsigned int me = this_cpu()->cpu_id, zero = 0;

	if (cpu && copy_to_user(cpu, &me, sizeof(me)))
		return -EFAULT;
	if (node && copy_to_user(node, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

long sys_sched_yield(void)
{
	sched_yield_current();
	return 0;
}
