// SPDX-License-Identifier: GPL-2.0
/*
 * The guest-visible devices and calls, emulated on the taken core:
 * hypercalls (uapi/v3vee_guest.h), COM1's transmit side, the debug-exit
 * port, two quiet legacy 8259 PICs, and how a VM ends (its own exit) or fails
 * (the VMM stops it and keeps its registers for `v3ctl stats`). Calls no
 * Linux function.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include "uapi/v3vee.h"
#include "vmm.h"
#include "guest_io.h"
#include "uapi/v3vee_guest.h"
#include "arch/x86/x86_ops.h"

#define UART_THR 0 /* transmit holding register (DLAB clear) */
#define UART_LCR 3
#define UART_LSR 5
#define UART_LCR_DLAB 0x80
#define UART_LSR_IDLE 0x60 /* transmitter empty, holding register empty */

/*
 * The first vCPU to end the VM writes the report; the others are sent an
 * NMI, leave guest mode and stay idle (core_main) until destroy.
 */
static void vm_end(struct vcpu *vcpu, int state, int code, u64 arg,
		   int status)
{
	struct vm *vm = vcpu->vm;

	if (cmpxchg(&vm->ending, 0, 1) != 0)
		return; /* another vCPU ended it first */
	vm->fail_code = code;
	vm->fail_arg = arg;
	vm->exit_status = status;
	arch_save_regs(vcpu, &vm->fail_regs);
	smp_wmb(); /* the report before the state that says to read it */
	WRITE_ONCE(vm->state, state);
	/* The state before the look at who runs: an AP a SIPI starts now
	 * either sees the state or is seen here. */
	smp_mb();
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *other = vm->vcpus[i];

		if (other != vcpu && READ_ONCE(other->boot) >= VCPU_STARTING)
			arch_nmi_from_core(other->apic_id);
	}
}

void vm_fail(struct vcpu *vcpu, int code, u64 arg)
{
	vm_end(vcpu, V3_VM_FAILED, code, arg, 0);
}

void vm_guest_exit(struct vcpu *vcpu, int status)
{
	vm_end(vcpu, V3_VM_EXITED, VM_FAIL_NONE, 0, status & 0xff);
}

/* Program start (1) or end (0) mark: exits in between, per vCPU. */
static void program_mark(struct vcpu *self, bool start)
{
	struct vm *vm = self->vm;

	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = vm->vcpus[i];
		/* This call is an exit of the caller's; leave it out. */
		u64 now = READ_ONCE(v->exits_total) - (v == self);

		if (start)
			v->exits_at_mark = now;
		else
			WRITE_ONCE(v->run_exits, now - v->exits_at_mark);
	}
	if (!start)
		WRITE_ONCE(vm->program_runs, vm->program_runs + 1);
}

/* A vCPU's exits, leaving out the V3_HC_EXIT_COUNTS calls that read
 * them (so that a reading before and after a phase sees only the phase). */
static u64 exits_seen(struct vcpu *v)
{
	return READ_ONCE(v->exits_total) - READ_ONCE(v->counter_reads);
}

static long exit_counts(struct vcpu *self, u64 gpa, u64 n)
{
	struct vm *vm = self->vm;
	struct v3_vcpu_exits *out;

	WRITE_ONCE(self->counter_reads, self->counter_reads + 1);
	n = min_t(u64, n, vm->nvcpus);
	out = guest_ptr(vm, gpa, n * sizeof(*out));
	if (!out)
		return -EFAULT;
	for (unsigned int i = 0; i < n; i++) {
		struct vcpu *v = vm->vcpus[i];

		out[i].apic_id = v->apic_id;
		out[i].reserved = 0;
		out[i].exits = exits_seen(v);
	}
	return n;
}

static long irq_report(struct vm *vm, u64 gpa, u64 n)
{
	struct v3_cpu_irqs *in;

	/* One entry per CPU the guest has: at most one per vCPU. */
	if (n > vm->nvcpus)
		return -EINVAL;
	in = guest_ptr(vm, gpa, n * sizeof(*in));
	if (!in)
		return -EFAULT;
	for (unsigned int i = 0; i < n; i++) {
		u32 apic_id = READ_ONCE(in[i].apic_id);

		for (unsigned int c = 0; c < vm->nvcpus; c++) {
			struct vcpu *v = vm->vcpus[c];

			if (v->apic_id != apic_id)
				continue;
			WRITE_ONCE(v->guest_timer_irqs, READ_ONCE(in[i].timer));
			WRITE_ONCE(v->guest_irqs, READ_ONCE(in[i].all));
		}
	}
	return 0;
}

/* vCPUs write the console one at a time (a plain test-and-set lock:
 * Linux's spinlocks may call into Linux). */
static void console_put_locked(struct vm *vm, const u8 *buf, u32 len)
{
	while (xchg(&vm->console_lock, 1))
		cpu_relax();
	console_put(vm->console, buf, len);
	smp_store_release(&vm->console_lock, 0);
}

/* Host wall clock: its value at VM start plus the TSC since then. */
static u64 wallclock_ns(struct vm *vm)
{
	u64 ticks = v3_rdtsc() - vm->wallclock_tsc0;

	return vm->wallclock_ns0 + ticks / vm->tsc_khz * 1000000ULL +
	       (ticks % vm->tsc_khz) * 1000000ULL / vm->tsc_khz;
}

/* On a taken core: the guest names its channel. No Linux calls. */
static long run_register_channel(struct vm *vm, u64 gpa, u64 len)
{
	void *p;

	if (gpa & (PAGE_SIZE - 1) || len != V3_CHAN_SIZE)
		return -EINVAL;
	p = guest_ptr(vm, gpa, len);
	if (!p)
		return -EFAULT;
	if (cmpxchg(&vm->run_chan_gpa, 0, gpa | 1) != 0)
		return -EBUSY;
	smp_store_release(&vm->run_chan, p);
	return 0;
}

u64 guest_hypercall(struct vcpu *vcpu, u64 nr, u64 a0, u64 a1)
{
	struct vm *vm = vcpu->vm;
	void *p;

	switch (nr) {
	case V3_HC_CONSOLE_WRITE:
		if (a1 > V3_HC_CONSOLE_MAX)
			return -EINVAL;
		p = guest_ptr(vm, a0, a1);
		if (!p)
			return -EFAULT;
		console_put_locked(vm, p, a1);
		return a1;
	case V3_HC_EXIT:
		vm_guest_exit(vcpu, a0);
		return 0;
	case V3_HC_WALLCLOCK:
		return wallclock_ns(vm);
	case V3_HC_PROGRAM:
		program_mark(vcpu, a0 != 0);
		return 0;
	case V3_HC_EXIT_COUNTS:
		return exit_counts(vcpu, a0, a1);
	case V3_HC_IRQ_REPORT:
		return irq_report(vm, a0, a1);
	case V3_HC_RUN_CHANNEL:
		return run_register_channel(vm, a0, a1);
	default:
		return -ENOSYS;
	}
}

static bool com1_in(struct vm *vm, unsigned int reg, u32 *val)
{
	switch (reg) {
	case UART_LSR:
		*val = UART_LSR_IDLE;
		break;
	case UART_LCR:
		*val = vm->uart_lcr;
		break;
	default:
		*val = 0; /* no input, no interrupts, no modem */
	}
	return true;
}

static bool com1_out(struct vm *vm, unsigned int reg, u8 val)
{
	if (reg == UART_THR && !(vm->uart_lcr & UART_LCR_DLAB))
		console_put_locked(vm, &val, 1);
	else if (reg == UART_LCR)
		vm->uart_lcr = val;
	return true; /* divisor, FIFO, modem control: accepted, no effect */
}

/*
 * The legacy 8259 PICs, present but quiet (one pair per VM, as on a PC):
 * guests mask them at start, often after the full ICW1-ICW4 sequence.
 * The ICWs are taken in order (so that ICW2-ICW4 are not mistaken for a
 * mask), OCW1 sets the mask register and the data port reads it back;
 * IRR, ISR and a poll read 0 (nothing is ever requested or in service),
 * EOIs and the other OCW2 commands do nothing. No interrupt is ever
 * delivered: the guest's interrupts come from its local APIC only.
 */
#define PIC_ICW1 0x10 /* command port: bit 4 set */
#define PIC_ICW1_ICW4 0x01
#define PIC_ICW1_SINGLE 0x02
#define PIC_OCW3 0x08 /* command port: bits 4:3 = 01 */
#define PIC_OCW3_POLL 0x04
enum { PIC_READY, PIC_WANT_ICW2, PIC_WANT_ICW3, PIC_WANT_ICW4 };

static bool pic_port(u16 port, unsigned int size, unsigned int *chip)
{
	if (size != 1 || (port & ~1) != (port < 0x80 ? 0x20 : 0xa0))
		return false;
	*chip = port >= 0x80;
	return true;
}

static void pic_lock(struct vm *vm)
{
	while (xchg(&vm->pic_lock, 1))
		cpu_relax();
}

static void pic_write(struct pic8259 *p, bool data, u8 val)
{
	if (!data && (val & PIC_ICW1)) { /* ICW1: initialisation starts */
		p->imr = 0;
		p->poll = 0;
		p->icw4 = val & PIC_ICW1_ICW4;
		p->single = val & PIC_ICW1_SINGLE;
		p->icw_next = PIC_WANT_ICW2;
	} else if (!data) { /* OCW2 (EOI, rotation) or OCW3 */
		if ((val & 0x18) == PIC_OCW3)
			p->poll = !!(val & PIC_OCW3_POLL);
	} else if (p->icw_next == PIC_WANT_ICW2) { /* vector base: unused */
		if (!p->single)
			p->icw_next = PIC_WANT_ICW3;
		else
			p->icw_next = p->icw4 ? PIC_WANT_ICW4 : PIC_READY;
	} else if (p->icw_next == PIC_WANT_ICW3) { /* cascade wiring */
		p->icw_next = p->icw4 ? PIC_WANT_ICW4 : PIC_READY;
	} else if (p->icw_next == PIC_WANT_ICW4) { /* mode: nothing to do */
		p->icw_next = PIC_READY;
	} else { /* OCW1: the mask */
		p->imr = val;
	}
}

static u8 pic_read(struct pic8259 *p, bool data)
{
	if (data)
		return p->imr;
	p->poll = 0; /* a poll read: no interrupt (bit 7 clear) */
	return 0; /* IRR or ISR, whichever OCW3 chose: empty */
}

static bool pic_out(struct vm *vm, u16 port, unsigned int size, u8 val)
{
	unsigned int chip;

	if (!pic_port(port, size, &chip))
		return false;
	pic_lock(vm);
	pic_write(&vm->pic[chip], port & 1, val);
	smp_store_release(&vm->pic_lock, 0);
	return true;
}

static bool pic_in(struct vm *vm, u16 port, unsigned int size, u32 *val)
{
	unsigned int chip;

	if (!pic_port(port, size, &chip))
		return false;
	pic_lock(vm);
	*val = pic_read(&vm->pic[chip], port & 1);
	smp_store_release(&vm->pic_lock, 0);
	return true;
}

bool guest_port_in(struct vcpu *vcpu, u16 port, unsigned int size, u32 *val)
{
	if (port >= V3_PORT_COM1 && port < V3_PORT_COM1 + 8 && size == 1)
		return com1_in(vcpu->vm, port - V3_PORT_COM1, val);
	return pic_in(vcpu->vm, port, size, val);
}

bool guest_port_out(struct vcpu *vcpu, u16 port, unsigned int size, u32 val)
{
	if (port >= V3_PORT_COM1 && port < V3_PORT_COM1 + 8 && size == 1)
		return com1_out(vcpu->vm, port - V3_PORT_COM1, val);
	if (pic_out(vcpu->vm, port, size, val))
		return true;
	if (port == V3_PORT_DEBUG_EXIT) {
		vm_guest_exit(vcpu, val);
		return true;
	}
	return false;
}
