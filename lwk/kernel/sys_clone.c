// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: clone and clone3 with the flags glibc's pthread_create and
 * C++ std::thread use (CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|
 * PARENT_SETTID|CHILD_CLEARTID). There is one address space, so a clone
 * that asks for a new process is refused.
 */
#include <lwk/errno.h>
#include <lwk/fpu.h>
#include <lwk/futex.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/syscalls.h>
#include <lwk/uaccess.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <arch/percpu.h>

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
		      CLONE_THREAD)
#define ACCEPTED_FLAGS (THREAD_FLAGS | CLONE_SYSVSEM | CLONE_SETTLS |     \
			CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |          \
			CLONE_CHILD_CLEARTID | CLONE_DETACHED)

static long do_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid,
		     uint64_t child_tid, uint64_t tls)
{
	struct thread *parent = current_thread(), *child;
	struct trap_frame tf;

	if ((flags & THREAD_FLAGS) != THREAD_FLAGS)
		return -ENOSYS; /* fork/vfork: the LWK runs one process */
	if (flags & ~(ACCEPTED_FLAGS | 0xff /* exit signal */))
		return -EINVAL;
	if (!stack)
		return -EINVAL;
	child = thread_create();
	if (!child)
		return -EAGAIN;
	if ((flags & CLONE_PARENT_SETTID) &&
	    copy_to_user((void __user *)parent_tid, &child->tid, sizeof(int)))
		goto fault;
	if ((flags & CLONE_CHILD_SETTID) &&
	    copy_to_user((void __user *)child_tid, &child->tid, sizeof(int)))
		goto fault;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = child_tid;

	/* The child resumes after the syscall, like its parent, with RAX 0
	 * on its own stack; it inherits the FPU state and affinity. */
	tf = *parent->frame;
	tf.rax = 0;
	tf.rsp = stack;
	thread_set_user_frame(child, &tf);
	child->fs_base = (flags & CLONE_SETTLS) ? tls : parent->fs_base;
	child->affinity = parent->affinity;
	fpu_save(child->fpu);
	thread_start(child);
	return child->tid;
fault:
	thread_free(child);
	return -EFAULT;
}

long sys_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid,
	       uint64_t child_tid, uint64_t tls)
{
	return do_clone(flags, stack, parent_tid, child_tid, tls);
}

long sys_clone3(const struct clone_args __user *uargs, size_t size)
{
	struct clone_args a;

	if (size < CLONE_ARGS_SIZE_VER0 || size > sizeof(a))
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	if (copy_from_user(&a, uargs, size))
		return -EFAULT;
	if (a.exit_signal || a.set_tid || a.set_tid_size || a.cgroup)
		return -EINVAL;
	/* The child's RSP is the top of the stack it is given. */
	return do_clone(a.flags, a.stack + a.stack_size, a.parent_tid,
			a.child_tid, a.tls);
}

long sys_exit(int status)
{
	struct thread *t = current_thread();
	uint32_t zero = 0;

	if (the_process.live_threads <= 1)
		process_exit(status);
	/* glibc's pthread_join waits for this word to become 0. */
	if (t->clear_child_tid &&
	    !copy_to_user((void __user *)t->clear_child_tid, &zero,
			  sizeof(zero)))
		futex_wake(t->clear_child_tid, 1, FUTEX_BITSET_MATCH_ANY);
	thread_exit();
}
