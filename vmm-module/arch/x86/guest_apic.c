// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's local APIC (DESIGN.md, "The guest's APIC"). The guest owns
 * the physical APIC of each of its cores: it reads its registers directly
 * and takes its interrupts through its own IDT. Writes that could reach
 * beyond the VM land here and are checked, in the APIC's mode on the host:
 *
 *  - xAPIC hosts: the xAPIC page is mapped read-only, so each write is a
 *    nested page fault (an EPT violation on VMX); the VMM decodes the
 *    storing instruction (x86_decode.c), checks the write and does it on
 *    the physical APIC.
 *  - x2APIC hosts (the APIC cannot leave x2APIC mode without a reset):
 *    the guest's APIC is in x2APIC mode too and is driven through the
 *    x2APIC MSRs. Reads pass through the MSR bitmap, and so do
 *    the writes that only touch this core (TPR, EOI, SVR, ESR, the
 *    timer's initial count and divider, SELF IPI: x86.c); ICR and LVT
 *    writes exit and are checked here, any other write gets the #GP
 *    hardware gives (read-only or absent registers; msr_denied). The
 *    xAPIC page is not mapped (an x2APIC-mode APIC does not answer it).
 *
 * The checks, the same in both modes:
 *  - ICR: only fixed IPIs, INIT and SIPI, to APIC IDs of the VM's own
 *    cores (or a fixed IPI to self), or with the "all including/excluding
 *    self" shorthand, which means the VM's own vCPUs: one IPI per vCPU.
 *    An IPI aimed anywhere else (another APIC ID, logical destinations)
 *    could reach a host core: it is never sent, and the VM fails with the
 *    ICR in its report. Other delivery modes (NMI, SMI, ...) to the VM's
 *    own cores are refused and counted. INIT and SIPI are not sent
 *    either: they are virtualised, so the target vCPU starts in real mode
 *    at the SIPI vector as an AP does.
 *  - LVTs: masked, or fixed delivery (no NMI/SMI/ExtINT sources; bits
 *    8-10 zero in the timer and error LVTs too, where they are reserved).
 *    x2APIC: reserved bits get #GP, as on hardware, before that check.
 *  - The APIC ID, LDR, DFR and the read-only registers: the write is
 *    ignored and counted, as are LVT writes refused above (x2APIC: #GP,
 *    as on hardware). (The host may send its NMIs in logical mode: a
 *    guest must not change the LDR.)
 *
 * On the taken core: no Linux calls.
 */
#include <asm/apicdef.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include "../../vmm.h"
#include "../../guest_io.h"
#include "guest_apic.h"
#include "guest_walk.h"
#include "host_lapic.h"
#include "x86_decode.h"
#include "x86_policy.h"
#include "x86_vendor.h"

#define ICR_VECTOR(lo) ((lo)&0xff)
#define ICR_MODE(lo) ((lo)&0x700)
#define ICR_LOGICAL BIT(11)
#define ICR_LEVEL_ASSERT BIT(14)
#define ICR_SHORTHAND(lo) ((lo)&0xc0000)
#define LVT_MASK_BIT BIT(16)
#define LVT_LEVEL_TRIGGER BIT(15)
#define LVT_POLARITY BIT(13)
#define LVT_READ_ONLY (BIT(12) | BIT(14)) /* delivery status, remote IRR */
#define LVT_DELIVERY_MODE 0x700
#define LVTT_PERIODIC BIT(17)
#define FIRST_LEGAL_VECTOR 16 /* 0-15: the APIC's illegal vectors */

/* The size of the guest's code, for the decoder. */
static enum x86_code_mode guest_code_mode(const struct guest_paging *s)
{
	if (guest_code64(s))
		return X86_CODE64;
	if (!(s->cr0 & X86_CR0_PE) || (s->rflags & X86_EFLAGS_VM))
		return X86_CODE16; /* real or virtual-8086 mode */
	return s->cs_db ? X86_CODE32 : X86_CODE16;
}

static struct vcpu *vcpu_by_apic_id(struct vm *vm, u32 apic_id)
{
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		if (vm->vcpus[i]->apic_id == apic_id)
			return vm->vcpus[i];
	}
	return NULL;
}

static void ipi_denied(struct vm *vm, u64 icr)
{
	vm->ipi_denied_last_icr = icr;
	WRITE_ONCE(vm->ipi_denied, vm->ipi_denied + 1);
}

/* INIT: an AP that has not started waits for its SIPI. */
static void virtual_init(struct vcpu *target)
{
	cmpxchg(&target->boot, VCPU_WAIT_INIT, VCPU_WAIT_SIPI);
}

/* SIPI: the AP starts in real mode at vector << 12 (hardware ignores a
 * SIPI to a CPU that is not waiting for one; so do we). */
static void virtual_sipi(struct vcpu *target, u8 vector)
{
	if (cmpxchg(&target->boot, VCPU_WAIT_SIPI, VCPU_STARTING) !=
	    VCPU_WAIT_SIPI)
		return;
	arch_vcpu_sipi_state(target, vector);
	smp_store_release(&target->boot, VCPU_STARTED);
	/* Never over a STOP from the host (the VM is being destroyed). */
	if (cmpxchg_release(&target->command, CORE_CMD_WAIT, CORE_CMD_RUN) ==
	    CORE_CMD_WAIT)
		arch_nmi_from_core(target->apic_id); /* wake it from HLT */
}

/*
 * One IPI the filter let through, to one of the VM's vCPUs. Fixed IPIs
 * are sent as the VMM builds them, from the vector alone: physical
 * destination, edge-triggered, so that no guest EOI is ever broadcast to
 * the host's I/O APICs (a level-triggered IPI sets the TMR bit).
 */
static void ipi_to_vcpu(struct vcpu *target, u32 low)
{
	switch (ICR_MODE(low)) {
	case APIC_DM_FIXED:
		host_lapic_send(target->apic_id, APIC_DM_FIXED |
							 APIC_INT_ASSERT |
							 ICR_VECTOR(low));
		return;
	case APIC_DM_INIT:
		return virtual_init(target);
	case APIC_DM_STARTUP:
		return virtual_sipi(target, ICR_VECTOR(low));
	}
}

/*
 * A shorthand to all (including or excluding self) means all of the VM's
 * vCPUs, never the host's cores: one IPI per vCPU. A fixed IPI goes only
 * to vCPUs that run guest code: an AP still waiting for INIT/SIPI is
 * like one whose APIC INIT left software-disabled (it takes no fixed
 * interrupt), and a vector left pending on its idle core would reach the
 * guest long after it was sent.
 */
static void ipi_shorthand(struct vcpu *vcpu, u32 low)
{
	struct vm *vm = vcpu->vm;
	bool self = ICR_SHORTHAND(low) == APIC_DEST_ALLINC;

	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *t = vm->vcpus[i];

		if (t == vcpu && !self)
			continue;
		if (ICR_MODE(low) == APIC_DM_FIXED &&
		    READ_ONCE(t->boot) != VCPU_STARTED)
			continue;
		ipi_to_vcpu(t, low);
	}
}

/*
 * The guest wrote the ICR: send, virtualise, or refuse. dest is the
 * destination field (8 bits in xAPIC mode, 32 in x2APIC mode), low the
 * command, icr the register as written (reported when refused).
 */
static void icr_write(struct vcpu *vcpu, u32 dest, u32 low, u64 icr)
{
	struct vm *vm = vcpu->vm;
	struct vcpu *target = NULL;

	if (ICR_SHORTHAND(low) == APIC_DEST_SELF) {
		if (ICR_MODE(low) != APIC_DM_FIXED ||
		    ICR_VECTOR(low) < FIRST_LEGAL_VECTOR)
			return ipi_denied(vm, icr);
		host_lapic_send(0, APIC_DEST_SELF | APIC_DM_FIXED |
					   APIC_INT_ASSERT | ICR_VECTOR(low));
		return;
	}
	if (!ICR_SHORTHAND(low)) {
		target = low & ICR_LOGICAL ? NULL : vcpu_by_apic_id(vm, dest);
		if (!target) {
			/* Could reach a host core: never sent, the VM stops. */
			ipi_denied(vm, icr);
			return vm_fail(vcpu, VM_FAIL_IPI, (u64)dest << 32 | low);
		}
	}
	switch (ICR_MODE(low)) {
	case APIC_DM_FIXED:
		/* The level bit means nothing for a fixed IPI (hardware
		 * issues it as 1, and Linux leaves it clear). */
		if (ICR_VECTOR(low) < FIRST_LEGAL_VECTOR)
			return ipi_denied(vm, icr);
		break;
	case APIC_DM_INIT:
		if (!(low & ICR_LEVEL_ASSERT))
			return; /* the de-assert of the old protocol */
		break;
	case APIC_DM_STARTUP:
		break;
	default: /* NMI, SMI, lowest priority, ExtINT */
		return ipi_denied(vm, icr);
	}
	if (target)
		ipi_to_vcpu(target, low);
	else
		ipi_shorthand(vcpu, low);
}

/*
 * An LVT: masked, or fixed delivery. The timer and error LVTs have no
 * delivery mode (bits 8-10 reserved), but an APIC model may read one
 * there (QEMU's does): they must be zero too.
 */
static bool lvt_ok(u32 val)
{
	return (val & LVT_MASK_BIT) || (val & 0x700) == APIC_DM_FIXED;
}

static bool is_lvt(u32 reg)
{
	switch (reg) {
	case APIC_LVTT:
	case APIC_LVTTHMR:
	case APIC_LVTPC:
	case APIC_LVT0:
	case APIC_LVT1:
	case APIC_LVTERR:
		return true;
	default:
		return false;
	}
}

static void apic_denied(struct vm *vm, u32 reg)
{
	vm->apic_denied_last_reg = reg;
	WRITE_ONCE(vm->apic_denied, vm->apic_denied + 1);
}

static void apic_write(struct vcpu *vcpu, u32 reg, u32 val)
{
	switch (reg) {
	case APIC_ICR2:
		vcpu->arch.icr_high = val;
		return;
	case APIC_ICR:
		return icr_write(vcpu, vcpu->arch.icr_high >> 24, val,
				 (u64)vcpu->arch.icr_high << 32 | val);
	case APIC_TASKPRI:
	case APIC_EOI:
	case APIC_SPIV:
	case APIC_ESR:
	case APIC_TMICT:
	case APIC_TDCR:
		break;
	case APIC_LVTT:
	case APIC_LVTTHMR:
	case APIC_LVTPC:
	case APIC_LVT0:
	case APIC_LVT1:
	case APIC_LVTERR:
		if (!lvt_ok(val))
			return apic_denied(vcpu->vm, reg);
		/* A masked entry goes to the hardware as fixed: a reserved
		 * delivery mode could #GP the VMM's own write on the taken
		 * core (the guest reads back fixed there). */
		if (val & LVT_MASK_BIT)
			val &= ~0x700;
		/* Edge only: a level-triggered LINT would make the guest's
		 * EOIs reach the host's I/O APICs. */
		if (reg == APIC_LVT0 || reg == APIC_LVT1)
			val &= ~LVT_LEVEL_TRIGGER;
		break;
	default:
		/* ID, LDR and DFR (the host may send its kicks in logical
		 * mode), read-only and reserved registers. */
		return apic_denied(vcpu->vm, reg);
	}
	host_lapic_write(host_lapic_x2(), reg, val);
}

/*
 * The value XCHG loads: what a MOV from the same register would read (the
 * guest reads its APIC directly), taken before the write; 0 for an
 * unaligned offset, and with the host's APIC in x2APIC mode (no xAPIC
 * page to read; an unknown x2APIC MSR would #GP here).
 */
static u32 apic_xchg_load(u32 off)
{
	bool x2 = host_lapic_x2();

	if (x2 || (off & 0xf))
		return 0;
	return host_lapic_read(false, off);
}

bool guest_apic_write_exit(struct vcpu *vcpu, u64 gpa)
{
	u8 insn[GUEST_INSN_MAX];
	struct guest_paging p;
	struct x86_store st;
	u32 val;
	int n;

	if ((gpa & ~0xfffULL) != GUEST_APIC_GPA || vcpu->vm->arch.x2apic)
		return false;
	x86_guest_paging(vcpu, &p);
	n = guest_fetch_insn(vcpu, &p, insn, GUEST_INSN_MAX);
	if (!x86_decode_store32(insn, n, guest_code_mode(&p), &st)) {
		vm_fail(vcpu, VM_FAIL_APIC_INSN, p.rip);
		return true;
	}
	val = st.src == X86_SRC_IMM ? st.imm : x86_guest_gpr(vcpu, st.reg);
	if (st.xchg)
		/* a 32-bit load: zero-extended (upper half not
		 * architectural outside 64-bit code) */
		x86_set_guest_gpr(vcpu, st.reg, apic_xchg_load(gpa & 0xfff));
	x86_complete_insn(vcpu, st.len);
	if (gpa & 0xf) /* registers are 16-byte aligned */
		apic_denied(vcpu->vm, gpa & 0xfff);
	else
		apic_write(vcpu, gpa & 0xfff, val);
	return true;
}

/*
 * The bits of an x2APIC LVT a write may set: in x2APIC mode a WRMSR that
 * sets a reserved bit gets #GP (Intel SDM vol. 3, 10.12.1.3), which must
 * never happen on the VMM's side of the exit. Reserved: bits 8-10 of the
 * timer and error LVTs, the TSC-deadline timer mode (not offered) and
 * the mode that does not exist.
 */
static u32 x2apic_lvt_bits(u32 reg)
{
	u32 bits = 0xff | LVT_MASK_BIT;

	switch (reg) {
	case APIC_LVTT:
		return bits | LVTT_PERIODIC;
	case APIC_LVTERR:
		return bits;
	case APIC_LVT0:
	case APIC_LVT1:
		return bits | LVT_DELIVERY_MODE | LVT_POLARITY | LVT_LEVEL_TRIGGER;
	default: /* thermal, performance counter */
		return bits | LVT_DELIVERY_MODE;
	}
}

bool guest_apic_msr_write(struct vcpu *vcpu, u32 msr, u64 val)
{
	u32 reg = (msr - APIC_BASE_MSR) << 4;

	if (reg == APIC_ICR) {
		/* x2APIC: one 64-bit write, the destination in bits 63:32.
		 * The VMM sends an ICR it builds itself (ipi_to_vcpu()). */
		icr_write(vcpu, val >> 32, val, val);
		return true;
	}
	if (is_lvt(reg)) {
		u32 bits = x2apic_lvt_bits(reg);

		/* Reserved bits: #GP. Read-only ones: dropped. */
		if (val & ~(u64)(bits | LVT_READ_ONLY))
			return false;
		/* Then the delivery mode: refused ones ignored, counted. */
		apic_write(vcpu, reg, val & bits);
		return true;
	}
	/* ID, LDR, the other read-only registers and those x2APIC mode
	 * lacks (DFR, ICR2), reserved bits, AMD's extended registers: the
	 * #GP hardware gives for the first ones (msr_denied counts it). */
	return false;
}
