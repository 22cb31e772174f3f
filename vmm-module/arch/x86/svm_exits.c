// SPDX-License-Identifier: GPL-2.0
/*
 * The exits of an SVM guest, on its taken core. Every instruction the
 * VMM emulates or skips ends in svm_complete_insn(), as the CPU would
 * end it (RIP, interrupt shadow, single-step trap). Its length comes from
 * the VMCB's next RIP with NRIP save; without it (TCG's EPYC model) from
 * the instruction's bytes, prefixes included (insn_len()); an IOIO exit
 * states the next RIP in EXITINFO2 on every SVM implementation.
 *
 * Policy for what the guest may not do: an I/O port other than COM1 and
 * the debug-exit port fails the VM (the access is reported by `v3ctl
 * stats`); an MSR outside the emulated set gets #GP, as on a CPU without
 * it; SVM instructions and RDPRU get #UD. The CPUID and MSR policy is
 * tabled in Documentation/platform.md.
 */
#include <uapi/asm/debugreg.h>
#include <asm/mce.h>
#include <asm/msr-index.h>
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "../../vmm.h"
#include "../../guest_io.h"
#include "../../uapi/v3vee_guest.h"
#include "guest_apic.h"
#include "guest_walk.h"
#include "svm_exits.h"
#include "x86_policy.h"
#include "x86_vendor.h"
#include "x86_ops.h"

#define NPF_WRITE BIT_ULL(1)
#define NPF_FETCH BIT_ULL(4)
#define NPF_IN_WALK BIT_ULL(33) /* while walking the guest's page tables */

/*
 * Queues an exception for the next VMRUN. If an event whose delivery the
 * exit cut short is already queued, the two make a double fault, as on
 * hardware.
 */
static void inject(struct vmcb *vmcb, u8 vector, bool has_error, u32 error)
{
	if (vmcb->control.event_inj & SVM_EVTINJ_VALID) {
		vector = X86_TRAP_DF;
		has_error = true;
		error = 0;
	}
	vmcb->control.event_inj = vector | SVM_EVTINJ_TYPE_EXEPT |
				  SVM_EVTINJ_VALID |
				  (has_error ? SVM_EVTINJ_VALID_ERR : 0);
	vmcb->control.event_inj_err = error;
}

void svm_complete_insn(struct vmcb *vmcb, unsigned int len)
{
	vmcb->save.rip += len;
	vmcb->control.int_state &= ~SVM_INTERRUPT_SHADOW_MASK;
	if (vmcb->save.rflags & X86_EFLAGS_TF) {
		vmcb->save.dr6 |= DR_STEP;
		inject(vmcb, X86_TRAP_DB, false, 0);
	}
}

static bool is_legacy_prefix(u8 b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return true;
	default:
		return false;
	}
}

/*
 * The length of the intercepted instruction at the guest's RIP, whose
 * opcode bytes are op[0..oplen) (0F and the rest), prefixes included:
 * `3e 0f a2` is a CPUID of 3 bytes, and WBNOINVD (F3 0F 09) takes the
 * WBINVD exit. With NRIP save the CPU states it (next RIP); without, it
 * is decoded from the bytes. 0 if they are not that instruction (the
 * guest changed its code under the exit). If the bytes cannot be read
 * at all (a legacy 32-bit paging mode, which guest_walk.c does not walk,
 * on a CPU without NRIP save), the unprefixed length is assumed.
 */
static unsigned int insn_len(struct vcpu *vcpu, struct vmcb *vmcb,
			     const u8 *op, unsigned int oplen)
{
	u8 insn[GUEST_INSN_MAX];
	struct guest_paging p;
	bool rex_allowed;
	unsigned int i = 0, j;
	int n;

	if (boot_cpu_has(X86_FEATURE_NRIPS)) {
		u64 len = vmcb->control.next_rip - vmcb->save.rip;

		return len >= oplen && len <= GUEST_INSN_MAX ? len : 0;
	}
	svm_guest_paging(vcpu, &p);
	rex_allowed = guest_code64(&p);
	n = guest_fetch_insn(vcpu, &p, insn, sizeof(insn));
	if (n <= 0)
		return oplen;
	while (i < n && (is_legacy_prefix(insn[i]) ||
			 (rex_allowed && (insn[i] & 0xf0) == 0x40)))
		i++;
	if (i + oplen > n)
		return 0;
	for (j = 0; j < oplen; j++) {
		if (insn[i + j] != op[j])
			return 0;
	}
	return i + oplen;
}

/* Completes the intercepted instruction op (a string of its opcode
 * bytes); false, and the VM failed, if its length is unknown. */
#define complete_op(vcpu, vmcb, op) \
	complete_insn_op(vcpu, vmcb, (const u8 *)(op), sizeof(op) - 1)

static bool complete_insn_op(struct vcpu *vcpu, struct vmcb *vmcb,
			     const u8 *op, unsigned int oplen)
{
	unsigned int len = insn_len(vcpu, vmcb, op, oplen);

	if (!len) {
		vm_fail(vcpu, VM_FAIL_EXIT, vmcb->control.exit_code);
		return false;
	}
	svm_complete_insn(vmcb, len);
	return true;
}

#define OP_CPUID "\x0f\xa2"
#define OP_RDMSR "\x0f\x32"
#define OP_WRMSR "\x0f\x30"
#define OP_RDPMC "\x0f\x33"
#define OP_VMMCALL "\x0f\x01\xd9"
#define OP_WBINVD "\x0f\x09"
#define OP_INVD "\x0f\x08"

static void cpuid_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 r[4];

	x86_guest_cpuid(vcpu, vmcb->save.rax, g->rcx, vmcb->save.cr4, r);
	if (!complete_op(vcpu, vmcb, OP_CPUID))
		return;
	vmcb->save.rax = r[0];
	g->rbx = r[1];
	g->rcx = r[2];
	g->rdx = r[3];
}

static void msr_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u32 msr = g->rcx;
	u64 val;

	if (vmcb->control.exit_info_1) {
		val = (u32)vmcb->save.rax | (u32)g->rdx * (1ULL << 32);
		if (!x86_msr_write(vcpu, msr, val))
			return x86_msr_deny(vcpu, msr, true);
		complete_op(vcpu, vmcb, OP_WRMSR);
	} else {
		if (!x86_msr_read(vcpu, msr, &val))
			return x86_msr_deny(vcpu, msr, false);
		if (!complete_op(vcpu, vmcb, OP_RDMSR))
			return;
		vmcb->save.rax = (u32)val;
		g->rdx = val >> 32;
	}
}

static void rdpmc_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;
	u64 val;

	if (!x86_rdpmc(vcpu, g->rcx, vmcb->save.cpl,
		       vmcb->save.cr4 & X86_CR4_PCE, &val))
		return inject(vmcb, X86_TRAP_GP, true, 0);
	if (!complete_op(vcpu, vmcb, OP_RDPMC))
		return;
	vmcb->save.rax = (u32)val;
	g->rdx = val >> 32;
}

static void ioio_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	u64 info = vmcb->control.exit_info_1;
	u16 port = info >> 16;
	unsigned int size = (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT;
	bool in = info & SVM_IOIO_TYPE_MASK;
	u32 val = 0;
	bool ok;

	/* SZ8/SZ16/SZ32 are one-hot: size 1, 2 or 4 bytes. */
	if (info & (SVM_IOIO_STR_MASK | SVM_IOIO_REP_MASK)) {
		ok = false;
	} else if (in) {
		ok = guest_port_in(vcpu, port, size, &val);
		if (ok) {
			u64 mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

			vmcb->save.rax = (vmcb->save.rax & ~mask) | (val & mask);
		}
	} else {
		ok = guest_port_out(vcpu, port, size, (u32)vmcb->save.rax);
	}
	if (!ok)
		return vm_fail(vcpu, VM_FAIL_PORT, port | size << 16 | (u64)in << 24);
	svm_complete_insn(vmcb, vmcb->control.exit_info_2 - vmcb->save.rip);
}

static void vmmcall_exit(struct vcpu *vcpu, struct vmcb *vmcb)
{
	struct guest_gprs *g = &vcpu->arch.gprs;

	if (!complete_op(vcpu, vmcb, OP_VMMCALL))
		return;
	/* Hypercalls come from the guest kernel only. */
	if (vmcb->save.cpl != 0)
		vmcb->save.rax = -EPERM;
	else
		vmcb->save.rax = guest_hypercall(vcpu, vmcb->save.rax, g->rdi, g->rsi);
}

void svm_handle_exit(struct vcpu *vcpu)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;
	u32 code = vmcb->control.exit_code;

	switch (code) {
	case SVM_EXIT_CPUID:
		x86_count_exit(vcpu, V3_EXIT_CPUID);
		return cpuid_exit(vcpu, vmcb);
	case SVM_EXIT_VMMCALL:
		x86_count_exit(vcpu, V3_EXIT_VMMCALL);
		return vmmcall_exit(vcpu, vmcb);
	case SVM_EXIT_IOIO:
		x86_count_exit(vcpu, V3_EXIT_IOIO);
		return ioio_exit(vcpu, vmcb);
	case SVM_EXIT_MSR:
		x86_count_exit(vcpu, V3_EXIT_MSR);
		return msr_exit(vcpu, vmcb);
	case SVM_EXIT_NMI:
		x86_count_exit(vcpu, V3_EXIT_NMI);
		/* Take the held NMI (a kick) on the private IDT. */
		v3_stgi();
		v3_clgi();
		return;
	case SVM_EXIT_INTR:
		x86_count_exit(vcpu, V3_EXIT_INTR);
		return;
	case SVM_EXIT_EXCP_BASE + X86_TRAP_AC:
		x86_count_exit(vcpu, V3_EXIT_EXCEPTION);
		return inject(vmcb, X86_TRAP_AC, true, vmcb->control.exit_info_1);
	case SVM_EXIT_EXCP_BASE + X86_TRAP_DB:
		x86_count_exit(vcpu, V3_EXIT_EXCEPTION);
		return inject(vmcb, X86_TRAP_DB, false, 0);
	case SVM_EXIT_ICEBP:
		/* INT1: an event, not a completed instruction (its #DB
		 * clears TF on delivery; no single-step trap follows). */
		x86_count_exit(vcpu, V3_EXIT_EXCEPTION);
		vmcb->save.rip += 1;
		return inject(vmcb, X86_TRAP_DB, false, 0);
	case SVM_EXIT_EXCP_BASE + X86_TRAP_MC:
		x86_count_exit(vcpu, V3_EXIT_EXCEPTION);
		return x86_machine_check(vcpu, v3_rdmsr(MSR_IA32_MCG_STATUS));
	case SVM_EXIT_SMI:
		/* Held while GIF is clear: the firmware takes it here, on
		 * the host's state (else the next VMRUN would exit again). */
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		v3_stgi();
		v3_clgi();
		return;
	case SVM_EXIT_WBINVD:
	case SVM_EXIT_INVD:
		/* No-ops. WBINVD: guest RAM is ordinary write-back memory,
		 * and no device of the guest's needs the caches written
		 * back. INVD: dropping dirty lines could lose data of the
		 * host; the guest's memory is coherent anyway. QEMU TCG
		 * reports INVD as a WBINVD exit, so either takes either. */
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		if (insn_len(vcpu, vmcb, (const u8 *)OP_INVD, 2))
			complete_op(vcpu, vmcb, OP_INVD);
		else
			complete_op(vcpu, vmcb, OP_WBINVD);
		return;
	case SVM_EXIT_RDPMC:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return rdpmc_exit(vcpu, vmcb);
	case SVM_EXIT_RDPRU:
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return inject(vmcb, X86_TRAP_UD, false, 0);
	case SVM_EXIT_NPF:
		if ((vmcb->control.exit_info_2 & ~0xfffULL) == GUEST_APIC_GPA &&
		    vcpu->vm->arch.x2apic) {
			x86_count_exit(vcpu, V3_EXIT_NPF);
			return vm_fail(vcpu, VM_FAIL_APIC_MMIO,
				       vmcb->control.exit_info_2);
		}
		/* A write to the read-only APIC page by an instruction (not
		 * a fetch, a guest page-table walk, or an event delivery). */
		if ((vmcb->control.exit_info_1 &
		     (NPF_WRITE | NPF_FETCH | NPF_IN_WALK)) == NPF_WRITE &&
		    !(vmcb->control.exit_int_info & SVM_EXITINTINFO_VALID) &&
		    guest_apic_write_exit(vcpu, vmcb->control.exit_info_2)) {
			x86_count_exit(vcpu, V3_EXIT_APIC);
			return;
		}
		x86_count_exit(vcpu, V3_EXIT_NPF);
		return vm_fail(vcpu, VM_FAIL_NPF, vmcb->control.exit_info_2);
	case SVM_EXIT_SHUTDOWN:
		return x86_shutdown(vcpu);
	case (u32)SVM_EXIT_ERR: /* TCG writes the high half as 0 */
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return vm_fail(vcpu, VM_FAIL_VMRUN, code);
	default:
		x86_count_exit(vcpu, V3_EXIT_OTHER);
		return vm_fail(vcpu, VM_FAIL_EXIT, code);
	}
}

/* The back-end interface's guest access (x86_vendor.h). */
void svm_guest_paging(struct vcpu *vcpu, struct guest_paging *p)
{
	const struct vmcb_save_area *s = &((struct vmcb *)vcpu->arch.vmcb)->save;

	p->rip = s->rip;
	p->cs_base = s->cs.base;
	p->rflags = s->rflags;
	p->cr0 = s->cr0;
	p->cr3 = s->cr3;
	p->cr4 = s->cr4;
	p->efer = s->efer;
	p->cs_l = s->cs.attrib & SVM_SELECTOR_L_MASK;
	p->cs_db = s->cs.attrib & SVM_SELECTOR_DB_MASK;
}

u64 svm_guest_reg(struct vcpu *vcpu, enum x86_reg reg)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;

	switch (reg) {
	case X86_REG_RAX:
		return vmcb->save.rax;
	case X86_REG_RSP:
		return vmcb->save.rsp;
	case X86_REG_CR0:
		return vmcb->save.cr0;
	case X86_REG_EFER:
		return vmcb->save.efer & ~EFER_SVME;
	case X86_REG_PAT:
		return vmcb->save.g_pat;
	case X86_REG_TSC_OFFSET:
		return vmcb->control.tsc_offset;
	}
	return 0;
}

void svm_set_guest_reg(struct vcpu *vcpu, enum x86_reg reg, u64 val)
{
	struct vmcb *vmcb = vcpu->arch.vmcb;

	switch (reg) {
	case X86_REG_RAX:
		vmcb->save.rax = val;
		break;
	case X86_REG_RSP:
		vmcb->save.rsp = val;
		break;
	case X86_REG_CR0:
		vmcb->save.cr0 = val;
		break;
	case X86_REG_EFER:
		/* SVME stays set: VMRUN refuses a guest without it. */
		vmcb->save.efer = val | EFER_SVME;
		break;
	case X86_REG_PAT:
		vmcb->save.g_pat = val;
		break;
	case X86_REG_TSC_OFFSET:
		vmcb->control.tsc_offset = val;
		break;
	}
}

void svm_vcpu_complete_insn(struct vcpu *vcpu, unsigned int len)
{
	svm_complete_insn(vcpu->arch.vmcb, len);
}

void svm_inject(struct vcpu *vcpu, u8 vector, bool has_error, u32 error)
{
	inject(vcpu->arch.vmcb, vector, has_error, error);
}
