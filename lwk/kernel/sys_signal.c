// SPDX-License-Identifier: GPL-2.0
/*
 * Signals. Nothing in the LWK sends one (faults end the program), so
 * handlers and masks are recorded only to answer queries consistently.
 */
#include <lwk/errno.h>
#include <lwk/string.h>
#include <lwk/syscalls.h>
#include <lwk/uaccess.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/task.h>

#define NSIG 64
#define SIGKILL 9
#define SIGSTOP 19

struct kernel_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

static struct kernel_sigaction actions[NSIG + 1];
static uint64_t blocked;

long sys_rt_sigaction(int sig, const void __user *act, void __user *old,
		      size_t sigsetsize)
{
	struct kernel_sigaction ka;

	if (sig < 1 || sig > NSIG || sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old && copy_to_user(old, &actions[sig], sizeof(ka)))
		return -EFAULT;
	if (act) {
		if (copy_from_user(&ka, act, sizeof(ka)))
			return -EFAULT;
		actions[sig] = ka;
	}
	return 0;
}

long sys_rt_sigprocmask(int how, const void __user *set, void __user *old,
			size_t sigsetsize)
{
	uint64_t s;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (old && copy_to_user(old, &blocked, sizeof(blocked)))
		return -EFAULT;
	if (!set)
		return 0;
	if (copy_from_user(&s, set, sizeof(s)))
		return -EFAULT;
	switch (how) {
	case 0: /* SIG_BLOCK */
		blocked |= s;
		break;
	case 1: /* SIG_UNBLOCK */
		blocked &= ~s;
		break;
	case 2: /* SIG_SETMASK */
		blocked = s;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

long sys_sigaltstack(const void __user *ss, void __user *old)
{
	/* An alternate stack is only used to deliver signals; report
	 * "disabled" (SS_DISABLE) and accept new ones. */
	struct {
		uint64_t sp;
		int32_t flags;
		uint64_t size;
	} st = { 0, 2, 0 };

	if (old && copy_to_user(old, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

/* Back to the defaults, for the next program (`v3ctl run`). */
void signal_reset(void)
{
	memset(actions, 0, sizeof(actions));
	blocked = 0;
}

#define SIG_IGN_HANDLER 1
/* Signals whose default action is to do nothing. */
#define DEFAULT_IGNORED ((1UL << (17 - 1)) | (1UL << (18 - 1)) | \
			 (1UL << (23 - 1)) | (1UL << (28 - 1)))

/*
 * What a signal from the host does: true if nothing (ignored by the
 * program, or by default). A signal with a handler is not delivered
 * (the LWK builds no signal frames) and is reported and ignored.
 */
bool signal_default_ignored(int sig)
{
	if (sig < 1 || sig > NSIG)
		return true;
	if (sig == SIGKILL)
		return false;
	if (actions[sig].handler == SIG_IGN_HANDLER)
		return true;
	if (actions[sig].handler) {
		printk("lwk: signal %d has a handler, which the LWK cannot run: ignored\n",
		       sig);
		return true;
	}
	return (DEFAULT_IGNORED >> (sig - 1)) & 1;
}

/* A signal sent to itself (abort() raises SIGABRT) takes the default
 * action: the program ends, as killed by that signal. */
static long signal_self(int pid, int sig)
{
	if (pid != LWK_PID && pid != 0 && pid != -1)
		return -ESRCH;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0)
		return 0;
	printk("lwk: program raised signal %d\n", sig);
	process_kill(sig);
}

long sys_kill(int pid, int sig)
{
	return signal_self(pid, sig);
}

/* A signal to one thread still ends the whole program. */
static long signal_thread(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	if (!thread_by_tid(tid))
		return -ESRCH;
	return signal_self(LWK_PID, sig);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid != LWK_PID)
		return -ESRCH;
	return signal_thread(tid, sig);
}

long sys_tkill(int tid, int sig)
{
	return signal_thread(tid, sig);
}
