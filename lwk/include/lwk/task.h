/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one program the LWK runs, and its threads. There is exactly one
 * process; its memory layout state lives here, the page tables in uvm.
 */
#ifndef LWK_TASK_H
#define LWK_TASK_H

#include <lwk/types.h>
#include <arch/trapframe.h>

#define KSTACK_SIZE (32 * 1024)
#define LWK_PID 1

enum thread_state {
	THREAD_RUNNABLE, /* running, or waiting in a run queue */
	THREAD_BLOCKED,  /* sleeping or waiting on a futex */
	THREAD_DEAD,
};

struct thread {
	int tid;
	enum thread_state state;
	bool is_idle;            /* a CPU's idle loop, not a program thread */
	unsigned int cpu;        /* the CPU whose run queue it belongs to */
	uint64_t affinity;       /* CPUs it may run on (bit per CPU) */
	void *kstack;            /* KSTACK_SIZE bytes */
	uint64_t saved_rsp;      /* kernel RSP while switched out */
	void *fpu_raw;           /* allocation holding the FPU state ... */
	void *fpu;               /* ... at its 64-byte aligned address */
	uint64_t fs_base;        /* TLS pointer (arch_prctl ARCH_SET_FS) */
	uint64_t clear_child_tid; /* user address, set_tid_address/clone */
	uint64_t user_tsc_start; /* TSC when it last entered user mode */
	uint64_t user_cycles;    /* TSC cycles spent in user mode */
	uint64_t sys_cycles;     /* ... and in the kernel on its behalf */
	uint64_t switched_out_tsc; /* when it last stopped running */
	uint64_t blocked_cycles; /* not running, during the current syscall */
	struct trap_frame *frame; /* user registers while in the kernel */

	struct thread *rq_next;  /* run queue link */
	/* Sleeping with a deadline (nanosleep, futex timeout). */
	uint64_t wake_tsc;       /* 0 if no deadline */
	struct thread *sleep_next;
	long wait_result;        /* what the waker says the wait returns */
	/* Waiting on a futex. */
	bool on_futex;
	uint64_t futex_addr;
	uint32_t futex_bitset;
	struct thread *futex_next;
	struct thread *all_next; /* every live thread, for lookups by tid */
	/* Running a signal handler (`v3ctl run`): the FPU state it
	 * interrupted, restored by rt_sigreturn. */
	bool in_signal;
	void *sig_fpu_raw, *sig_fpu;
};

struct process {
	const char *exe_path;
	uint64_t brk_start;     /* 2 MB-aligned, after the program */
	uint64_t brk;           /* current break */
	uint64_t brk_mapped;    /* end of the 2 MB slots backing the heap */
	uint64_t mmap_next;     /* mmap hands out addresses below this */
	uint64_t stack_bottom;  /* lowest address of the main stack */
	uint64_t start_ns;
	int live_threads;
};

extern struct process the_process;

struct thread *current_thread(void);

/* Ends the program with this status (the report and power-off follow). */
__noreturn void process_exit(int status);
/* Kills the program after a fatal fault in it, Linux-style 128+signal. */
__noreturn void process_kill(int signal);

/* Signal actions and mask back to the defaults (lwk/kernel/sys_signal.c). */
void signal_reset(void);
/* What a signal from the host does now (lwk/kernel/sys_signal.c). */
enum { SIGNAL_IGNORE, SIGNAL_KILL, SIGNAL_HANDLER };
int signal_disposition(int sig);
/* Queues a signal whose handler runs when a thread next returns to user
 * mode (signal_deliver_pending, from kernel_exit). */
void signal_post(int sig);
struct thread;
void signal_deliver_pending(struct thread *t);

/* Loads the first Multiboot module and queues its main thread on CPU 0;
 * errors end the boot with LWK_STATUS_BAD_INPUT. */
void exec_first_program(void);
/* Starts file[0..size) as the program (its main thread queued); errors
 * end the boot, or only the job when serving `v3ctl run`. */
void exec_image(const void *file, size_t size, int argc, const char **argv,
		int envc, const char **envp, bool publish);

#endif
