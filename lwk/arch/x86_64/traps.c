// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions and interrupts. A fault in the program kills it with a
 * register report; a fault in the kernel is a kernel bug and panics with
 * the same report. Interrupt vectors are counted per CPU.
 */
#include <lwk/printk.h>
#include <lwk/run.h>
#include <lwk/sched.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/trapframe.h>
#include <arch/v3vee.h>

#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception",
	"control protection exception",
};

static int exception_signal(uint64_t vector)
{
	switch (vector) {
	case 0:
	case 16:
	case 19:
		return SIGFPE;
	case 1:
	case 3:
		return SIGTRAP;
	case 6:
		return SIGILL;
	case 17:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

static void report(const char *who, const struct trap_frame *tf)
{
	const char *name = tf->vector < 32 && exception_names[tf->vector] ?
				   exception_names[tf->vector] :
				   "unexpected interrupt";

	printk("lwk: %s: %s (vector %lu) error=0x%lx rip=0x%lx cr2=0x%lx\n",
	       who, name, tf->vector, tf->error, tf->rip, read_cr2());
	printk("lwk:   rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n",
	       tf->rax, tf->rbx, tf->rcx, tf->rdx);
	printk("lwk:   rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n",
	       tf->rsi, tf->rdi, tf->rbp, tf->rsp);
	printk("lwk:   r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n",
	       tf->r8, tf->r9, tf->r10, tf->r11);
	printk("lwk:   r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n",
	       tf->r12, tf->r13, tf->r14, tf->r15);
	printk("lwk:   cs=%lx ss=%lx rflags=%016lx\n", tf->cs, tf->ss,
	       tf->rflags);
}

void trap_dispatch(struct trap_frame *tf)
{
	bool from_user = trap_from_user(tf);

	this_cpu()->vector_count[tf->vector & 255]++;

	/* These two never take the kernel lock: the lock holder may be
	 * waiting for the TLB acknowledgement, and STOP is final. */
	if (tf->vector == VECTOR_TLB) {
		sched_tlb_interrupt();
		lapic_eoi();
		return;
	}
	if (tf->vector == VECTOR_STOP) {
		if (!run_serving)
			cpu_halt_forever();
		/* Serving `v3ctl run`: only the program ends. */
		lapic_eoi();
		run_park();
		return;
	}
	if (tf->vector == VECTOR_SPURIOUS)
		return; /* no EOI for spurious interrupts */
	if (tf->vector == 2) {
		/* Nothing in the LWK sends NMIs; count it and go on. It may
		 * arrive while this CPU holds the kernel lock. */
		return;
	}

	if (tf->vector < 32 && !from_user) {
		/* A kernel bug; the lock may be held by this very CPU. */
		report("kernel fault", tf);
		panic("unexpected %s in the kernel",
		      exception_names[tf->vector] ? exception_names[tf->vector] :
						    "exception");
	}
	if (from_user) {
		struct thread *t = this_cpu()->current;

		t->user_cycles += tsc_read() - t->user_tsc_start;
	}
	kernel_lock();
	if (tf->vector >= 32) {
		if (tf->vector == VECTOR_TIMER)
			sched_timer_interrupt();
		if (tf->vector == V3_DOORBELL_VECTOR && run_serving) {
			lapic_eoi();
			run_doorbell(); /* may end the program */
		}
		/* Anything else (VECTOR_RESCHED, or a vector a previous
		 * owner of the CPU left pending) only needs the EOI and
		 * the reschedule check on the way out. */
		lapic_eoi();
	} else {
		report("program killed", tf);
		process_kill(exception_signal(tf->vector));
	}
	if (from_user)
		kernel_exit();
	else
		kernel_unlock();
}
