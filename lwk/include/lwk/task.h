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

struct thread {
	int tid;
	void *kstack;            /* KSTACK_SIZE bytes */
	uint64_t fs_base;        /* TLS pointer (arch_prctl ARCH_SET_FS) */
	uint64_t clear_child_tid; /* user address, set_tid_address */
	uint64_t user_tsc_start; /* TSC when it last entered user mode */
	uint64_t user_cycles;    /* TSC cycles spent in user mode */
	uint64_t sys_cycles;
	struct trap_frame *frame; /* user registers while in the kernel */
};

struct process {
	const char *exe_path;
	uint64_t brk_start;     /* 2 MB-aligned, after the program */
	uint64_t brk;           /* current break */
	uint64_t brk_mapped;    /* end of the 2 MB slots backing the heap */
	uint64_t mmap_next;     /* mmap hands out addresses below this */
	uint64_t stack_bottom;  /* lowest address of the main stack */
	uint64_t start_ns;
};

extern struct process the_process;

struct thread *current_thread(void);

/* Ends the program with this status (the report and power-off follow). */
__noreturn void process_exit(int status);
/* Kills the program after a fatal fault in it, Linux-style 128+signal. */
__noreturn void process_kill(int signal);

/* Loads the first Multiboot module and enters it; errors end the boot
 * with LWK_STATUS_BAD_INPUT. */
__noreturn void exec_first_program(void);

#endif
