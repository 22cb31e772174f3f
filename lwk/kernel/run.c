// SPDX-License-Identifier: GPL-2.0
/*
 * Serving `v3ctl run` (see <lwk/run.h>, Documentation/run.md).
 *
 * The channel (struct v3_chan, vmm-module/uapi/v3vee_guest.h) is one
 * 2 MB frame of guest RAM: control words, then the data area. The host
 * polls it; it answers by writing the answer and ringing the doorbell (a
 * fixed interrupt, V3_DOORBELL_VECTOR) of the CPU that asked. So a
 * program that makes no request causes no exit and no interrupt.
 *
 * The end of a program: the CPU that ends it (holding the kernel lock)
 * sends every other CPU VECTOR_STOP and waits until each has parked
 * (run_park: interrupts off, on whatever stack it was); then it moves to
 * its own idle stack, frees every thread, the address space, the
 * descriptors and the file system, resets the scheduler, futexes and
 * signals, reports the status to the host, and lets the others go: every
 * CPU restarts its idle loop on a fresh idle stack.
 */
#include <lwk/cmdline.h>
#include <lwk/errno.h>
#include <lwk/fs.h>
#include <lwk/futex.h>
#include <lwk/kmalloc.h>
#include <lwk/pmem.h>
#include <lwk/power.h>
#include <lwk/printk.h>
#include <lwk/run.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/sysfiles.h>
#include <lwk/task.h>
#include <lwk/uvm.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/v3vee.h>

#define JOB_MAX_STRINGS 4096 /* arguments + environment */
#define SIGKILL 9

bool run_serving;
bool run_forwarding;
bool run_active;

static volatile struct v3_chan *chan;
static uint8_t *chan_data;
static uint64_t job_taken;  /* the last job started */
static uint64_t req_seq;    /* the last request made */
static bool chan_busy;      /* a request is under way */
/* The job's strings, kept for the program's lifetime (argv[0] is its
 * exe_path). */
static char *job_buf;
static const char **job_ptrs;

/* Ending a program: see the top of the file. */
static volatile bool reset_pending;
static volatile unsigned int reset_parked;
static volatile uint64_t reset_gen;

bool run_init(void)
{
	uint64_t phys;

	if (!v3vee_has(V3_FEAT_RUN))
		return false;
	phys = pmem_alloc_frames(1);
	if (!phys)
		panic("no memory for the run channel");
	chan = phys_to_virt(phys);
	chan_data = (uint8_t *)phys_to_virt(phys) + V3_CHAN_DATA_OFF;
	if (v3vee_run_channel(phys, V3_CHAN_SIZE)) {
		printk("lwk: the VMM refused the run channel\n");
		return false;
	}
	run_serving = true;
	printk("lwk: waiting for programs from v3ctl run\n");
	return true;
}

bool run_reset_pending(void)
{
	return reset_pending;
}

/* --- requests ----------------------------------------------------- */

void *run_chan_begin(void)
{
	/* One request at a time: a second thread waits with the kernel
	 * lock dropped (the first one may be waiting for the host). */
	while (chan_busy) {
		kernel_unlock();
		cpu_relax();
		if (reset_pending)
			run_park();
		kernel_lock();
	}
	chan_busy = true;
	return chan_data;
}

void run_chan_end(void)
{
	chan_busy = false;
}

long run_chan_call(unsigned int op, const int64_t arg[6], size_t len,
		   size_t *resp_len)
{
	uint64_t seq = ++req_seq;

	chan->req_op = op;
	chan->req_apic = this_cpu()->apic_id;
	chan->req_len = len;
	for (int i = 0; i < 6; i++)
		chan->req_arg[i] = arg ? arg[i] : 0;
	__atomic_store_n(&chan->req_seq, seq, __ATOMIC_RELEASE);
	/* Wait for the answer with the kernel lock dropped, halted: the
	 * host's doorbell wakes this CPU. Interrupts are off between the
	 * check and the HLT (STI's shadow covers the HLT). */
	while (__atomic_load_n(&chan->resp_seq, __ATOMIC_ACQUIRE) != seq) {
		kernel_unlock();
		if (reset_pending)
			run_park();
		if (__atomic_load_n(&chan->resp_seq, __ATOMIC_ACQUIRE) != seq)
			asm volatile("sti; hlt; cli" ::: "memory");
		kernel_lock();
	}
	if (resp_len)
		*resp_len = MIN((size_t)chan->resp_len, V3_CHAN_DATA_MAX);
	return chan->resp_ret;
}

/* --- jobs --------------------------------------------------------- */

/* Reads the program from the host into a kernel buffer. */
static void *fetch_program(uint64_t size)
{
	uint8_t *buf = kmalloc(size ? size : 1);
	uint64_t done = 0;

	if (!buf)
		return NULL;
	while (done < size) {
		int64_t arg[6] = { (int64_t)done,
				   (int64_t)MIN(size - done, V3_CHAN_DATA_MAX) };
		size_t got = 0;
		long ret;

		run_chan_begin();
		ret = run_chan_call(V3_OP_PROGRAM_READ, arg, 0, &got);
		if (ret > 0 && (size_t)ret <= got && (uint64_t)ret <= size - done)
			memcpy(buf + done, chan_data, ret);
		run_chan_end();
		if (ret <= 0 || (size_t)ret > got || (uint64_t)ret > size - done) {
			kfree(buf);
			return NULL;
		}
		done += ret;
	}
	return buf;
}

/* The job in the data area: u32 argc, u32 envc, then the strings. */
static int parse_job(uint32_t len, int *argc, int *envc)
{
	uint32_t n[2], off = 8, count;

	if (len < 8 || len > V3_CHAN_DATA_MAX)
		return -EINVAL;
	memcpy(n, chan_data, 8);
	if (!n[0] || n[0] > JOB_MAX_STRINGS || n[1] > JOB_MAX_STRINGS - n[0])
		return -EINVAL;
	count = n[0] + n[1];
	kfree(job_buf);
	kfree(job_ptrs);
	job_buf = kmalloc(len);
	job_ptrs = kmalloc((count + 2) * sizeof(*job_ptrs));
	if (!job_buf || !job_ptrs)
		return -ENOMEM;
	memcpy(job_buf, chan_data, len);
	for (uint32_t i = 0; i < count; i++) {
		const char *s = job_buf + off;
		size_t l = strnlen(s, len - off);

		if (off >= len || l == len - off)
			return -EINVAL;
		/* argv[0..argc) NULL envp[0..envc) NULL */
		job_ptrs[i < n[0] ? i : i + 1] = s;
		off += l + 1;
	}
	job_ptrs[n[0]] = NULL;
	job_ptrs[count + 1] = NULL;
	*argc = n[0];
	*envc = n[1];
	return 0;
}

static void job_failed(const char *why)
{
	printk("lwk: error: cannot start the job: %s\n", why);
	run_active = true; /* so that the end is reported */
	run_program_ended(LWK_STATUS_BAD_INPUT);
}

void run_poll_job(void)
{
	uint64_t seq, size;
	int argc, envc;
	void *file;

	if (!run_serving || run_active)
		return;
	seq = __atomic_load_n(&chan->job_seq, __ATOMIC_ACQUIRE);
	if (seq == job_taken)
		return;
	job_taken = seq;
	if (chan->kill_seq == seq) { /* its proxy went before it started */
		run_active = true;
		run_program_ended(128 + SIGKILL);
	}
	run_forwarding = chan->job_flags & V3_JOB_FORWARD;
	size = chan->prog_size;
	if (parse_job(chan->job_len, &argc, &envc))
		job_failed("the job from the host is malformed");
	run_active = true;
	fs_run_stdio();
	file = fetch_program(size);
	if (!file)
		job_failed("the program could not be read from the host");
	exec_image(file, size, argc, job_ptrs, envc, job_ptrs + argc + 1,
		   false);
	kfree(file);
}

/* --- signals ------------------------------------------------------ */

void run_check_signals(void)
{
	uint64_t pending;
	int sig;

	if (!run_active)
		return;
	if (chan->kill_seq == job_taken) {
		printk("lwk: v3ctl run went away: program killed\n");
		process_kill(SIGKILL);
	}
	if (!chan->sig_pending)
		return;
	pending = __atomic_exchange_n(&chan->sig_pending, 0, __ATOMIC_ACQ_REL);
	while (pending) {
		sig = __builtin_ctzll(pending) + 1;
		pending &= pending - 1;
		switch (signal_disposition(sig)) {
		case SIGNAL_IGNORE:
			break;
		case SIGNAL_HANDLER:
			signal_post(sig); /* runs on the way to user mode */
			break;
		default:
			printk("lwk: program received signal %d from v3ctl run\n",
			       sig);
			process_kill(sig);
		}
	}
}

void run_doorbell(void)
{
	run_check_signals();
}

/* --- the end of a program ----------------------------------------- */

/* Runs fn on this CPU's idle stack, forgetting the current one. */
static __noreturn void on_idle_stack(void (*fn)(void))
{
	asm volatile("mov %0, %%rsp\n\t"
		     "xor %%ebp, %%ebp\n\t"
		     "call *%1\n\t"
		     "ud2" ::"r"(sched_idle_stack_top()), "r"(fn)
		     : "memory");
	__builtin_unreachable();
}

static void resume_idle(void)
{
	paging_flush_all();
	sched_idle_loop(this_cpu()->cpu_id);
}

void run_park(void)
{
	uint64_t gen = reset_gen;

	if (!reset_pending)
		return;
	asm volatile("cli");
	__atomic_add_fetch(&reset_parked, 1, __ATOMIC_ACQ_REL);
	while (reset_gen == gen)
		cpu_relax();
	on_idle_stack(resume_idle);
}

static int end_status;

static void finish_reset(void)
{
	unsigned int ncpus = smp_ncpus();

	run_active = false; /* descriptors closed now stay unforwarded */
	sched_reset();
	uvm_reset();
	futex_reset();
	signal_reset();
	fs_init();
	sysfiles_init(ncpus);
	memset(&the_process, 0, sizeof(the_process));
	run_forwarding = false;
	chan_busy = false;
	paging_flush_all();
	/* The status after the clean-up: the VM is ready for the next job
	 * once the host hears of the end. */
	chan->end_status = end_status;
	__atomic_store_n(&chan->end_seq, job_taken, __ATOMIC_RELEASE);
	reset_pending = false;
	__atomic_add_fetch(&reset_gen, 1, __ATOMIC_RELEASE);
	kernel_unlock();
	sched_idle_loop(this_cpu()->cpu_id);
}

__noreturn void run_program_ended(int status)
{
	unsigned int others = smp_ncpus() - 1;

	end_status = status & 0xff;
	reset_parked = 0;
	reset_pending = true;
	if (others)
		smp_send_others(VECTOR_STOP);
	while (reset_parked < others)
		cpu_relax();
	on_idle_stack(finish_reset);
}
