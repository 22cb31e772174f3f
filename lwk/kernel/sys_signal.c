// SPDX-License-Identifier: GPL-2.0
/*
 * Signals. Faults end the program. Under `v3ctl run` the host sends
 * SIGINT, SIGTERM, SIGHUP or SIGKILL (lwk/kernel/run.c): the default
 * action ends the program, an ignored one does nothing, and a handler
 * runs in the first program thread that returns to user mode with the
 * signal unblocked (a Linux x86-64 signal frame; rt_sigreturn).
 */
#include <lwk/errno.h>
#include <lwk/string.h>
#include <lwk/syscalls.h>
#include <lwk/uaccess.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/task.h>
#include <lwk/fpu.h>
#include <arch/trapframe.h>

#define NSIG 64
#define SIGKILL 9
#define SIGSTOP 19
#define SIGSEGV 11

struct kernel_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

static struct kernel_sigaction actions[NSIG + 1];
static uint64_t blocked;
/* Signals from the host that wait for a thread to run their handler. */
static uint64_t pending;

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
	pending = 0;
}

#define SIG_IGN_HANDLER 1
#define SA_RESTORER 0x04000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIGSTOP_BIT (1UL << (SIGSTOP - 1))
#define SIGKILL_BIT (1UL << (SIGKILL - 1))
/* Signals whose default action is to do nothing. */
#define DEFAULT_IGNORED ((1UL << (17 - 1)) | (1UL << (18 - 1)) | \
			 (1UL << (23 - 1)) | (1UL << (28 - 1)))


int signal_disposition(int sig)
{
	if (sig < 1 || sig > NSIG)
		return SIGNAL_IGNORE;
	if (sig == SIGKILL)
		return SIGNAL_KILL;
	if (actions[sig].handler == SIG_IGN_HANDLER)
		return SIGNAL_IGNORE;
	if (actions[sig].handler)
		return SIGNAL_HANDLER;
	return (DEFAULT_IGNORED >> (sig - 1)) & 1 ? SIGNAL_IGNORE : SIGNAL_KILL;
}

void signal_post(int sig)
{
	pending |= 1UL << (sig - 1);
}

/* The Linux x86-64 signal frame (struct rt_sigframe), FPU state left out
 * (fpstate NULL): the kernel keeps it aside until rt_sigreturn. */
struct sig_ucontext {
	uint64_t uc_flags, uc_link;
	uint64_t ss_sp;
	int32_t ss_flags, ss_pad;
	uint64_t ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate;
	uint64_t reserved1[8];
	uint64_t sigmask;
};

struct sig_frame {
	uint64_t pretcode; /* sa_restorer: calls rt_sigreturn */
	struct sig_ucontext uc;
	int32_t si_signo, si_errno, si_code, si_pad;
	int32_t si_pid, si_uid;
	uint8_t si_rest[128 - 24];
};

static struct trap_frame *user_frame(struct thread *t)
{
	return (struct trap_frame *)((char *)t->kstack + KSTACK_SIZE) - 1;
}

/*
 * On the way back to user mode (kernel lock held): runs the handler of a
 * pending signal on t, if one is pending, not blocked, and t is not in
 * a handler already.
 */
void signal_deliver_pending(struct thread *t)
{
	struct trap_frame *tf = user_frame(t);
	uint64_t ready = pending & ~blocked;
	struct kernel_sigaction *ka;
	struct sig_frame f;
	uint64_t sp;
	int sig;

	if (!ready || t->in_signal || !trap_from_user(tf))
		return;
	sig = __builtin_ctzll(ready) + 1;
	pending &= ~(1UL << (sig - 1));
	ka = &actions[sig];
	if (signal_disposition(sig) != SIGNAL_HANDLER)
		return; /* changed since it was posted */
	if (!(ka->flags & SA_RESTORER) || !t->sig_fpu) {
		printk("lwk: cannot run the handler of signal %d (no restorer)\n",
		       sig);
		process_kill(sig);
	}
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.ss_flags = 2; /* SS_DISABLE */
	f.uc.r8 = tf->r8, f.uc.r9 = tf->r9, f.uc.r10 = tf->r10;
	f.uc.r11 = tf->r11, f.uc.r12 = tf->r12, f.uc.r13 = tf->r13;
	f.uc.r14 = tf->r14, f.uc.r15 = tf->r15, f.uc.rdi = tf->rdi;
	f.uc.rsi = tf->rsi, f.uc.rbp = tf->rbp, f.uc.rbx = tf->rbx;
	f.uc.rdx = tf->rdx, f.uc.rax = tf->rax, f.uc.rcx = tf->rcx;
	f.uc.rsp = tf->rsp, f.uc.rip = tf->rip, f.uc.eflags = tf->rflags;
	f.uc.cs = USER_CS;
	f.uc.ss = USER_DS;
	f.uc.sigmask = blocked;
	f.si_signo = sig;
	f.si_code = 0; /* SI_USER */
	/* Below the red zone, 16-byte aligned as after a call. */
	sp = ((tf->rsp - 128 - sizeof(f)) & ~15UL) - 8;
	if (copy_to_user((void __user *)sp, &f, sizeof(f))) {
		printk("lwk: no room on the stack for the handler of signal %d\n",
		       sig);
		process_kill(SIGSEGV);
	}
	fpu_save(t->sig_fpu);
	t->in_signal = true;
	blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		blocked |= 1UL << (sig - 1);
	blocked &= ~(SIGKILL_BIT | SIGSTOP_BIT);
	if (ka->flags & SA_RESETHAND)
		ka->handler = 0;
	tf->rip = ka->handler;
	tf->rsp = sp;
	tf->rdi = sig;
	tf->rsi = sp + offsetof(struct sig_frame, si_signo);
	tf->rdx = sp + offsetof(struct sig_frame, uc);
	tf->rax = 0;
	tf->rflags &= ~(1UL << 10); /* DF clear, as the ABI wants */
}

/* rt_sigreturn: back to where the handler interrupted the thread. */
long sys_rt_sigreturn(void)
{
	struct thread *t = current_thread();
	struct trap_frame *tf = user_frame(t);
	struct sig_ucontext uc;
	uint64_t flags_user;

	if (!t->in_signal ||
	    copy_from_user(&uc, (const void __user *)(tf->rsp - 8 +
						      offsetof(struct sig_frame, uc)),
			   sizeof(uc))) {
		printk("lwk: rt_sigreturn without a signal frame\n");
		process_kill(SIGSEGV);
	}
	tf->r8 = uc.r8, tf->r9 = uc.r9, tf->r10 = uc.r10, tf->r11 = uc.r11;
	tf->r12 = uc.r12, tf->r13 = uc.r13, tf->r14 = uc.r14;
	tf->r15 = uc.r15, tf->rdi = uc.rdi, tf->rsi = uc.rsi;
	tf->rbp = uc.rbp, tf->rbx = uc.rbx, tf->rdx = uc.rdx;
	tf->rcx = uc.rcx, tf->rsp = uc.rsp, tf->rip = uc.rip;
	/* Only the arithmetic flags and DF come from the frame. */
	flags_user = 0xcd5; /* CF PF AF ZF SF DF OF */
	tf->rflags = (tf->rflags & ~flags_user) | (uc.eflags & flags_user);
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	blocked = uc.sigmask & ~(SIGKILL_BIT | SIGSTOP_BIT);
	fpu_restore(t->sig_fpu);
	t->in_signal = false;
	return uc.rax; /* the dispatcher puts it back in RAX */
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
