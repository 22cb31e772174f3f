// SPDX-License-Identifier: GPL-2.0
/*
 * The guest-visible devices and calls, emulated on the taken core:
 * hypercalls (uapi/v3vee_guest.h), COM1's transmit side, the debug-exit
 * port, and how a VM ends (its own exit) or fails (the VMM stops it and
 * keeps its registers for `v3ctl stats`). Calls no Linux function.
 */
#include <linux/errno.h>
#include "vmm.h"
#include "guest_io.h"
#include "uapi/v3vee_guest.h"
#include "arch/x86/x86_ops.h"

#define UART_THR 0 /* transmit holding register (DLAB clear) */
#define UART_LCR 3
#define UART_LSR 5
#define UART_LCR_DLAB 0x80
#define UART_LSR_IDLE 0x60 /* transmitter empty, holding register empty */

static void vm_end(struct vcpu *vcpu, int state)
{
	struct vm *vm = vcpu->vm;

	arch_save_regs(vcpu, &vm->fail_regs);
	smp_wmb(); /* the report before the state that says to read it */
	WRITE_ONCE(vm->state, state);
}

void vm_fail(struct vcpu *vcpu, int code, u64 arg)
{
	vcpu->vm->fail_code = code;
	vcpu->vm->fail_arg = arg;
	vm_end(vcpu, V3_VM_FAILED);
}

void vm_guest_exit(struct vcpu *vcpu, int status)
{
	vcpu->vm->exit_status = status & 0xff;
	vm_end(vcpu, V3_VM_EXITED);
}

/* Host wall clock: its value at VM start plus the TSC since then. */
static u64 wallclock_ns(struct vm *vm)
{
	u64 ticks = v3_rdtsc() - vm->wallclock_tsc0;

	return vm->wallclock_ns0 + ticks / vm->tsc_khz * 1000000ULL +
	       (ticks % vm->tsc_khz) * 1000000ULL / vm->tsc_khz;
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
		console_put(vm->console, p, a1);
		return a1;
	case V3_HC_EXIT:
		vm_guest_exit(vcpu, a0);
		return 0;
	case V3_HC_WALLCLOCK:
		return wallclock_ns(vm);
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
		console_put(vm->console, &val, 1);
	else if (reg == UART_LCR)
		vm->uart_lcr = val;
	return true; /* divisor, FIFO, modem control: accepted, no effect */
}

bool guest_port_in(struct vcpu *vcpu, u16 port, unsigned int size, u32 *val)
{
	if (port >= V3_PORT_COM1 && port < V3_PORT_COM1 + 8 && size == 1)
		return com1_in(vcpu->vm, port - V3_PORT_COM1, val);
	return false;
}

bool guest_port_out(struct vcpu *vcpu, u16 port, unsigned int size, u32 val)
{
	if (port >= V3_PORT_COM1 && port < V3_PORT_COM1 + 8 && size == 1)
		return com1_out(vcpu->vm, port - V3_PORT_COM1, val);
	if (port == V3_PORT_DEBUG_EXIT) {
		vm_guest_exit(vcpu, val);
		return true;
	}
	return false;
}
