// SPDX-License-Identifier: GPL-2.0
/*
 * Clocks, sleeping and CPU-time accounting, all from the TSC. User time
 * is exact: the TSC is read at every kernel entry and exit.
 */
#include <lwk/errno.h>
#include <lwk/sched.h>
#include <lwk/syscalls.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <lwk/uaccess.h>
#include <linux/time.h>
#include <linux/resource.h>
#include <linux/times.h>
#include <arch/cpu.h>

#define USER_HZ 100 /* AT_CLKTCK: the unit of times() */

static bool clock_valid(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return true;
	default:
		return false;
	}
}

static uint64_t thread_cpu_ns(void)
{
	struct thread *t = current_thread();

	/* Time in the kernel so far counts as CPU time too. */
	return tsc_to_ns(t->user_cycles + t->sys_cycles);
}

static uint64_t process_cpu_ns(void)
{
	uint64_t user, sys;

	sched_process_cycles(&user, &sys);
	return tsc_to_ns(user + sys);
}

static uint64_t clock_ns(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return clock_realtime_ns();
	case CLOCK_PROCESS_CPUTIME_ID:
		return process_cpu_ns();
	case CLOCK_THREAD_CPUTIME_ID:
		return thread_cpu_ns();
	default:
		return clock_monotonic_ns();
	}
}

static struct timespec ns_to_timespec(uint64_t ns)
{
	struct timespec ts = { (long)(ns / NSEC_PER_SEC),
			       (long)(ns % NSEC_PER_SEC) };
	return ts;
}

long sys_clock_gettime(int clock, struct timespec __user *uts)
{
	struct timespec ts;

	if (!clock_valid(clock))
		return -EINVAL;
	ts = ns_to_timespec(clock_ns(clock));
	return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_clock_getres(int clock, struct timespec __user *uts)
{
	struct timespec ts = { 0, 1 };

	if (!clock_valid(clock))
		return -EINVAL;
	if (uts)
		return copy_to_user(uts, &ts, sizeof(ts));
	return 0;
}

long sys_gettimeofday(struct timeval __user *utv, void __user *tz)
{
	uint64_t ns = clock_realtime_ns();
	struct timeval tv = { (long)(ns / NSEC_PER_SEC),
			      (long)(ns % NSEC_PER_SEC / 1000) };

	if (tz && clear_user(tz, 8))
		return -EFAULT;
	if (utv)
		return copy_to_user(utv, &tv, sizeof(tv));
	return 0;
}

long sys_time(int64_t __user *t)
{
	int64_t now = clock_realtime_ns() / NSEC_PER_SEC;

	if (t && copy_to_user(t, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

/* Sleeps until the clock passes deadline_ns; the core runs other
 * threads or halts meanwhile, woken by its one-shot timer. */
static void wait_until(int clock, uint64_t deadline_ns)
{
	uint64_t now = clock_ns(clock);

	if (deadline_ns > now)
		thread_sleep_until(tsc_read() + ns_to_tsc(deadline_ns - now));
}

static int read_timespec(const struct timespec __user *u, uint64_t *ns)
{
	struct timespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

long sys_clock_nanosleep(int clock, int flags,
			 const struct timespec __user *req,
			 struct timespec __user *rem)
{
	uint64_t ns;
	int err;

	/* Sleeping on a CPU-time clock is not supported. */
	if (!clock_valid(clock) || clock == CLOCK_THREAD_CPUTIME_ID ||
	    clock == CLOCK_PROCESS_CPUTIME_ID)
		return -EINVAL;
	err = read_timespec(req, &ns);
	if (err)
		return err;
	if (!(flags & TIMER_ABSTIME))
		ns += clock_ns(clock);
	wait_until(clock, ns);
	return 0;
}

long sys_nanosleep(const struct timespec __user *req,
		   struct timespec __user *rem)
{
	return sys_clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
}

static struct __kernel_old_timeval cycles_to_timeval(uint64_t cycles)
{
	uint64_t us = tsc_to_ns(cycles) / 1000;
	struct __kernel_old_timeval tv = { (long)(us / 1000000),
					   (long)(us % 1000000) };
	return tv;
}

long sys_getrusage(int who, struct rusage __user *uru)
{
	struct thread *t = current_thread();
	struct rusage ru = { 0 };

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN &&
	    who != RUSAGE_THREAD)
		return -EINVAL;
	if (who == RUSAGE_THREAD) {
		ru.ru_utime = cycles_to_timeval(t->user_cycles);
		ru.ru_stime = cycles_to_timeval(t->sys_cycles);
	} else if (who == RUSAGE_SELF) {
		uint64_t user, sys;

		sched_process_cycles(&user, &sys);
		ru.ru_utime = cycles_to_timeval(user);
		ru.ru_stime = cycles_to_timeval(sys);
	}
	return copy_to_user(uru, &ru, sizeof(ru));
}

long sys_times(struct tms __user *ubuf)
{
	struct tms tms = { 0 };
	uint64_t user, sys;

	sched_process_cycles(&user, &sys);
	tms.tms_utime = tsc_to_ns(user) / (NSEC_PER_SEC / USER_HZ);
	tms.tms_stime = tsc_to_ns(sys) / (NSEC_PER_SEC / USER_HZ);
	if (ubuf && copy_to_user(ubuf, &tms, sizeof(tms)))
		return -EFAULT;
	return clock_monotonic_ns() / (NSEC_PER_SEC / USER_HZ);
}
