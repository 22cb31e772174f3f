// SPDX-License-Identifier: GPL-2.0
/* Threads, run queues, the tickless timer and the kernel lock; see
 * <lwk/sched.h>. Everything here runs with the kernel lock held unless
 * it says otherwise. */
#include <lwk/errno.h>
#include <lwk/fpu.h>
#include <lwk/futex.h>
#include <lwk/kmalloc.h>
#include <lwk/printk.h>
#include <lwk/run.h>
#include <lwk/sched.h>
#include <lwk/spinlock.h>
#include <lwk/string.h>
#include <lwk/time.h>
#include <lwk/uaccess.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/cpu_setup.h>
#include <arch/paging.h>
#include <arch/percpu.h>
#include <arch/smp.h>

struct cpu_sched {
	bool online;
	struct thread *idle;
	struct thread *rq_head, *rq_tail; /* runnable, not running */
	struct thread *sleepers;          /* by wake_tsc, earliest first */
	int nthreads;                     /* program threads homed here */
	uint64_t slice_end_tsc;
	uint64_t armed_tsc;               /* timer deadline now set, 0 = none */
	bool need_resched;
	struct thread *dead;              /* to free once off its stack */
	volatile bool tlb_pending;
	/* A program thread ran here since the last TLB flush, so the TLB
	 * may hold program translations. Idle cores without them are left
	 * alone by shootdowns: no needless interrupts. */
	bool tlb_dirty;
};

static struct cpu_sched cpus[MAX_CPUS];
static uint64_t idle_stack_top[MAX_CPUS]; /* where the idle loop began */
static struct thread idle_threads[MAX_CPUS];
static unsigned int ncpus_online = 1;
static spinlock_t kernel_spinlock = SPINLOCK_INIT;
static struct thread *all_threads;
static int next_tid = LWK_PID;

static unsigned int my_cpu(void)
{
	return this_cpu()->cpu_id;
}

uint64_t ns_to_tsc(uint64_t ns)
{
	return ns / NSEC_PER_SEC * tsc_hz() +
	       ns % NSEC_PER_SEC * tsc_hz() / NSEC_PER_SEC;
}

/* --- the kernel lock ---------------------------------------------- */

static void tlb_flush_if_asked(void)
{
	struct cpu_sched *cs = &cpus[my_cpu()];

	if (cs->tlb_pending) {
		paging_flush_all();
		if (this_cpu()->current->is_idle)
			cs->tlb_dirty = false;
		__atomic_store_n(&cs->tlb_pending, false, __ATOMIC_RELEASE);
	}
}

void kernel_lock(void)
{
	/* Interrupts are off here, so a TLB shootdown from the lock
	 * holder is answered by polling while we wait. */
	while (__atomic_exchange_n(&kernel_spinlock.locked, 1,
				   __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&kernel_spinlock.locked,
				       __ATOMIC_RELAXED)) {
			tlb_flush_if_asked();
			/* The holder ends the program: wait parked. */
			if (run_reset_pending())
				run_park();
			cpu_relax();
		}
	}
}

void kernel_unlock(void)
{
	spin_unlock(&kernel_spinlock);
}

void tlb_shootdown(void)
{
	unsigned int me = my_cpu();

	paging_flush_all();
	for (unsigned int c = 0; c < ncpus_online; c++) {
		if (c == me || !cpus[c].online || !cpus[c].tlb_dirty)
			continue;
		__atomic_store_n(&cpus[c].tlb_pending, true, __ATOMIC_RELEASE);
		lapic_send_ipi(smp_apic_id(c), VECTOR_TLB);
	}
	for (unsigned int c = 0; c < ncpus_online; c++) {
		while (__atomic_load_n(&cpus[c].tlb_pending, __ATOMIC_ACQUIRE))
			cpu_relax();
	}
}

/* Called from the TLB interrupt, without the kernel lock. */
void sched_tlb_interrupt(void)
{
	tlb_flush_if_asked();
}

/* --- queues ------------------------------------------------------- */

static void rq_push(struct cpu_sched *cs, struct thread *t)
{
	t->rq_next = NULL;
	if (cs->rq_tail)
		cs->rq_tail->rq_next = t;
	else
		cs->rq_head = t;
	cs->rq_tail = t;
}

static struct thread *rq_pop(struct cpu_sched *cs)
{
	struct thread *t = cs->rq_head;

	if (t) {
		cs->rq_head = t->rq_next;
		if (!cs->rq_head)
			cs->rq_tail = NULL;
	}
	return t;
}

static bool rq_remove(struct cpu_sched *cs, struct thread *t)
{
	struct thread **pp = &cs->rq_head, *prev = NULL;

	for (; *pp; prev = *pp, pp = &(*pp)->rq_next) {
		if (*pp != t)
			continue;
		*pp = t->rq_next;
		if (cs->rq_tail == t)
			cs->rq_tail = prev;
		return true;
	}
	return false;
}

static void sleepers_insert(struct cpu_sched *cs, struct thread *t)
{
	struct thread **pp = &cs->sleepers;

	while (*pp && (*pp)->wake_tsc <= t->wake_tsc)
		pp = &(*pp)->sleep_next;
	t->sleep_next = *pp;
	*pp = t;
}

static void sleepers_remove(struct cpu_sched *cs, struct thread *t)
{
	for (struct thread **pp = &cs->sleepers; *pp; pp = &(*pp)->sleep_next) {
		if (*pp == t) {
			*pp = t->sleep_next;
			return;
		}
	}
}

static void kick(unsigned int cpu)
{
	if (cpu != my_cpu())
		lapic_send_ipi(smp_apic_id(cpu), VECTOR_RESCHED);
}

/* --- switching ---------------------------------------------------- */

void arch_switch_stack(uint64_t *save_rsp, uint64_t new_rsp);
void thread_first_entry(void);

static void finish_switch(void)
{
	struct cpu_sched *cs = &cpus[my_cpu()];

	if (cs->dead) {
		thread_free(cs->dead);
		cs->dead = NULL;
	}
}

static void switch_to(struct thread *prev, struct thread *next)
{
	uint64_t now = tsc_read();

	prev->switched_out_tsc = now;
	if (next->switched_out_tsc)
		next->blocked_cycles += now - next->switched_out_tsc;
	if (!prev->is_idle)
		fpu_save(prev->fpu);
	if (!next->is_idle) {
		cpus[my_cpu()].tlb_dirty = true;
		fpu_restore(next->fpu);
		wrmsr(MSR_FS_BASE, next->fs_base);
		cpu_set_kernel_stack((uint64_t)next->kstack + KSTACK_SIZE);
	}
	this_cpu()->current = next;
	arch_switch_stack(&prev->saved_rsp, next->saved_rsp);
	finish_switch();
}

static void schedule(void)
{
	unsigned int me = my_cpu();
	struct cpu_sched *cs = &cpus[me];
	struct thread *prev = this_cpu()->current, *next;

	cs->need_resched = false;
	if (!prev->is_idle && prev->state == THREAD_RUNNABLE) {
		/* Preempted, yielding, or moved to another CPU. */
		rq_push(&cpus[prev->cpu], prev);
		kick(prev->cpu);
	}
	next = rq_pop(cs);
	if (!next)
		next = cs->idle;
	if (next == prev)
		return;
	cs->slice_end_tsc = tsc_read() + ns_to_tsc(SLICE_NS);
	switch_to(prev, next);
}

/* What a new thread runs first (from thread_first_entry in entry.S),
 * before it returns to user mode through its trap frame. */
void sched_new_thread_tail(void)
{
	finish_switch();
	kernel_exit();
}

static void timer_reprogram(struct cpu_sched *cs)
{
	uint64_t deadline = 0;

	if (cs->sleepers)
		deadline = cs->sleepers->wake_tsc;
	if (cs->rq_head && !this_cpu()->current->is_idle &&
	    (!deadline || cs->slice_end_tsc < deadline))
		deadline = cs->slice_end_tsc;
	if (deadline == cs->armed_tsc)
		return;
	if (deadline)
		lapic_timer_arm(deadline);
	else
		lapic_timer_cancel();
	cs->armed_tsc = deadline;
}

void kernel_exit(void)
{
	struct thread *t;

	if (run_active)
		run_check_signals(); /* may end the program */
	for (;;) {
		unsigned int me = my_cpu();

		t = this_cpu()->current;
		if (!cpus[me].need_resched && t->cpu == me)
			break;
		schedule();
	}
	if (run_active && !t->is_idle)
		signal_deliver_pending(t);
	timer_reprogram(&cpus[my_cpu()]);
	t->user_tsc_start = tsc_read();
	kernel_unlock();
}

void sched_timer_interrupt(void)
{
	struct cpu_sched *cs = &cpus[my_cpu()];
	uint64_t now = tsc_read();

	cs->armed_tsc = 0; /* it fired */
	while (cs->sleepers && cs->sleepers->wake_tsc <= now) {
		struct thread *t = cs->sleepers;

		futex_cancel_wait(t);
		thread_wake(t, -ETIMEDOUT);
	}
	if (cs->rq_head && now >= cs->slice_end_tsc)
		cs->need_resched = true;
}

/* --- threads ------------------------------------------------------ */

struct thread *thread_create(void)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = kmalloc(KSTACK_SIZE);
	t->fpu_raw = kzalloc(fpu_state_size() + 64);
	if (!t->kstack || !t->fpu_raw) {
		kfree(t->kstack);
		kfree(t->fpu_raw);
		kfree(t);
		return NULL;
	}
	t->fpu = (void *)ALIGN_UP((uint64_t)t->fpu_raw, 64);
	if (run_serving) { /* signal handlers: the interrupted FPU state */
		t->sig_fpu_raw = kzalloc(fpu_state_size() + 64);
		t->sig_fpu = t->sig_fpu_raw ?
			(void *)ALIGN_UP((uint64_t)t->sig_fpu_raw, 64) : NULL;
	}
	t->tid = next_tid++;
	t->state = THREAD_BLOCKED;
	t->cpu = MAX_CPUS; /* not placed yet */
	t->affinity = sched_online_mask();
	t->all_next = all_threads;
	all_threads = t;
	return t;
}

void thread_free(struct thread *t)
{
	for (struct thread **pp = &all_threads; *pp; pp = &(*pp)->all_next) {
		if (*pp == t) {
			*pp = t->all_next;
			break;
		}
	}
	kfree(t->kstack);
	kfree(t->fpu_raw);
	kfree(t->sig_fpu_raw);
	kfree(t);
}

struct thread *thread_by_tid(int tid)
{
	for (struct thread *t = all_threads; t; t = t->all_next) {
		if (t->tid == tid && t->state != THREAD_DEAD)
			return t;
	}
	return NULL;
}

/* Lays out t's kernel stack so that switching to it enters
 * thread_first_entry and then user mode with the registers in *tf. */
void thread_set_user_frame(struct thread *t, const struct trap_frame *tf)
{
	uint64_t *sp = (uint64_t *)((char *)t->kstack + KSTACK_SIZE);

	sp -= sizeof(*tf) / sizeof(uint64_t);
	memcpy(sp, tf, sizeof(*tf));
	*--sp = (uint64_t)thread_first_entry;
	for (int i = 0; i < 6; i++) /* rbp rbx r12-r15 for arch_switch_stack */
		*--sp = 0;
	t->saved_rsp = (uint64_t)sp;
}

uint64_t sched_online_mask(void)
{
	uint64_t mask = 0;

	for (unsigned int c = 0; c < ncpus_online; c++) {
		if (cpus[c].online)
			mask |= 1UL << c;
	}
	return mask;
}

unsigned int sched_pick_cpu(uint64_t affinity)
{
	unsigned int best = MAX_CPUS;

	for (unsigned int c = 0; c < ncpus_online; c++) {
		if (!(affinity & (1UL << c)) || !cpus[c].online)
			continue;
		if (best == MAX_CPUS || cpus[c].nthreads < cpus[best].nthreads)
			best = c;
	}
	return best == MAX_CPUS ? 0 : best;
}

void thread_start(struct thread *t)
{
	t->cpu = sched_pick_cpu(t->affinity);
	cpus[t->cpu].nthreads++;
	the_process.live_threads++;
	thread_wake(t, 0);
}

void thread_wake(struct thread *t, long result)
{
	if (t->state != THREAD_BLOCKED)
		return;
	if (t->wake_tsc) {
		sleepers_remove(&cpus[t->cpu], t);
		t->wake_tsc = 0;
	}
	t->wait_result = result;
	t->state = THREAD_RUNNABLE;
	rq_push(&cpus[t->cpu], t);
	kick(t->cpu);
}

long thread_block(void)
{
	this_cpu()->current->state = THREAD_BLOCKED;
	schedule();
	return this_cpu()->current->wait_result;
}

long thread_sleep_until(uint64_t deadline_tsc)
{
	struct thread *t = this_cpu()->current;

	if (!deadline_tsc)
		deadline_tsc = 1;
	t->wake_tsc = deadline_tsc;
	sleepers_insert(&cpus[t->cpu], t);
	return thread_block();
}

/* CPU time of threads that have ended. */
static uint64_t ended_user_cycles, ended_sys_cycles;

void sched_process_cycles(uint64_t *user, uint64_t *sys)
{
	*user = ended_user_cycles;
	*sys = ended_sys_cycles;
	for (struct thread *t = all_threads; t; t = t->all_next) {
		*user += t->user_cycles;
		*sys += t->sys_cycles;
	}
}

__noreturn void thread_exit(void)
{
	struct thread *t = this_cpu()->current;

	ended_user_cycles += t->user_cycles;
	ended_sys_cycles += t->sys_cycles;
	t->user_cycles = t->sys_cycles = 0;

	cpus[t->cpu].nthreads--;
	the_process.live_threads--;
	t->state = THREAD_DEAD;
	cpus[my_cpu()].dead = t;
	schedule();
	panic("a dead thread was scheduled");
}

void sched_yield_current(void)
{
	cpus[my_cpu()].need_resched = true;
}

void sched_migrate(struct thread *t, unsigned int cpu)
{
	unsigned int old = t->cpu;

	if (old == cpu)
		return;
	cpus[old].nthreads--;
	cpus[cpu].nthreads++;
	if (t->state == THREAD_BLOCKED) {
		if (t->wake_tsc) {
			sleepers_remove(&cpus[old], t);
			sleepers_insert(&cpus[cpu], t);
			t->cpu = cpu;
			kick(cpu);
		}
		t->cpu = cpu;
		return;
	}
	t->cpu = cpu;
	if (rq_remove(&cpus[old], t)) {
		rq_push(&cpus[cpu], t);
		kick(cpu);
	} else {
		/* Running on old right now: it moves when it next passes
		 * kernel_exit() there. */
		kick(old);
	}
}

/* --- idle --------------------------------------------------------- */

void sched_init(void)
{
	cpus[0].online = true;
}

__noreturn void sched_idle_loop(unsigned int cpu)
{
	struct cpu_sched *cs = &cpus[cpu];
	struct thread *idle = &idle_threads[cpu];

	if (!idle_stack_top[cpu]) {
		uint64_t sp;

		asm volatile("mov %%rsp, %0" : "=r"(sp));
		idle_stack_top[cpu] = (sp - 256) & ~15UL;
	}
	idle->is_idle = true;
	idle->cpu = cpu;
	idle->state = THREAD_RUNNABLE;
	cs->idle = idle;
	this_cpu()->current = idle;

	kernel_lock();
	cs->online = true;
	if (cpu + 1 > ncpus_online)
		ncpus_online = cpu + 1;
	for (;;) {
		finish_switch();
		if (cpu == 0)
			run_poll_job();
		if (cs->rq_head) {
			schedule();
			continue;
		}
		timer_reprogram(cs);
		kernel_unlock();
		asm volatile("sti; hlt; cli" ::: "memory");
		kernel_lock();
	}
}

uint64_t sched_idle_stack_top(void)
{
	return idle_stack_top[my_cpu()];
}

/*
 * The end of a program (`v3ctl run`): every thread goes, every CPU keeps
 * only its idle thread. The other CPUs are parked; each one's own state
 * (current thread, timer, TLB) is set again when it restarts its idle
 * loop.
 */
void sched_reset(void)
{
	struct thread *t = all_threads;

	this_cpu()->current = cpus[my_cpu()].idle;
	while (t) {
		struct thread *next = t->all_next;

		kfree(t->kstack);
		kfree(t->fpu_raw);
		kfree(t->sig_fpu_raw);
		kfree(t);
		t = next;
	}
	all_threads = NULL;
	for (unsigned int c = 0; c < MAX_CPUS; c++) {
		struct cpu_sched *cs = &cpus[c];

		cs->rq_head = cs->rq_tail = NULL;
		cs->sleepers = NULL;
		cs->nthreads = 0;
		cs->need_resched = false;
		cs->dead = NULL;
		cs->tlb_pending = false;
		cs->tlb_dirty = false;
	}
	next_tid = LWK_PID;
	ended_user_cycles = ended_sys_cycles = 0;
}
