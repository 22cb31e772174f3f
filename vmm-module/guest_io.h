/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the exit handlers of a taken core call into (guest_io.c,
 * console.c): hypercalls, emulated ports, the console ring, and ending or
 * failing a VM. Nothing here calls Linux.
 */
#ifndef V3VMM_GUEST_IO_H
#define V3VMM_GUEST_IO_H

#include <linux/types.h>

struct vm;
struct vcpu;

/* Why a VM failed (vm->fail_code; vm->fail_arg says more). */
enum vm_fail {
	VM_FAIL_NONE,
	VM_FAIL_TRIPLE_FAULT,
	VM_FAIL_PORT,       /* arg: port | size << 16 | is_in << 24 */
	VM_FAIL_NPF,        /* arg: guest-physical address */
	VM_FAIL_VMRUN,      /* arg: exit code; the VMCB was refused */
	VM_FAIL_EXIT,       /* arg: an exit code the VMM does not handle */
	VM_FAIL_IPI,        /* arg: destination APIC ID << 32 | ICR low, aimed
			     * outside the VM */
	VM_FAIL_APIC_INSN,  /* arg: guest RIP of an APIC write not emulated */
	VM_FAIL_MACHINE_CHECK, /* arg: MCG_STATUS of the host's core */
	VM_FAIL_APIC_MMIO,  /* arg: guest-physical address in the xAPIC page,
			     * touched on an x2APIC host */
};

u64 guest_hypercall(struct vcpu *vcpu, u64 nr, u64 a0, u64 a1);
bool guest_port_in(struct vcpu *vcpu, u16 port, unsigned int size, u32 *val);
bool guest_port_out(struct vcpu *vcpu, u16 port, unsigned int size, u32 val);
void vm_fail(struct vcpu *vcpu, int code, u64 arg);
void vm_guest_exit(struct vcpu *vcpu, int status);

/* console.c */
struct console_ring;
struct console_ring *console_alloc(void);
void console_free(struct console_ring *ring);
void console_put(struct console_ring *ring, const u8 *buf, u32 len);
u64 console_bytes(struct console_ring *ring);
u32 console_read(struct console_ring *ring, u64 *offset, u8 *buf,
		  u32 len, u64 *lost);

#endif
