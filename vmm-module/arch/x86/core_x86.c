// SPDX-License-Identifier: GPL-2.0
/*
 * x86 side of taking a core: the private IDT, the NMI that moves the
 * core into the VMM, entering and leaving SVM or VMX (x86_vendor.h), and
 * the park loop Linux brings the core back from (add_cpu(): INIT/SIPI).
 */
#include <linux/percpu.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/irq_vectors.h>
#include <asm/msr-index.h>
#include <asm/segment.h>
#include <asm/smp.h>
#include "../../vmm.h"
#include "cpu_state.h"
#include "host_lapic.h"
#include "x86_ops.h"
#include "x86_vendor.h"

static void set_gate(gate_desc *gate, void (*handler)(void))
{
	unsigned long addr = (unsigned long)handler;

	memset(gate, 0, sizeof(*gate));
	gate->offset_low = addr & 0xffff;
	gate->segment = __KERNEL_CS;
	gate->bits.type = GATE_INTERRUPT;
	gate->bits.p = 1;
	gate->offset_middle = (addr >> 16) & 0xffff;
	gate->offset_high = addr >> 32;
}

void arch_core_area_init(struct core_area *area, struct vcpu *vcpu)
{
	for (int v = 0; v < 256; v++)
		set_gate(&area->idt[v], v3_core_unexpected);
	set_gate(&area->idt[NMI_VECTOR], v3_core_nmi_take);
	area->vcpu = vcpu;
	area->stack_top = (unsigned long)vcpu->arch.stack + THREAD_SIZE - 16;
	area->cr3 = cpu_state_vmm_cr3();
}

/*
 * After remove_cpu() returned: Linux has finished with the core (it has
 * switched to init_mm and reported its death, and the CPU only loops in
 * play_dead). Until now the private NMI gate ignored every NMI.
 */
void arch_core_arm(struct vcpu *vcpu)
{
	/* Memory hot-added since load may hold this core's area, stack
	 * or VMCB: the VMM's page table must map it before the take. */
	cpu_state_sync_vmm_pgd();
	smp_store_release(&vcpu->area->armed, 1);
}

/* Called from the play_dead wrapper on the dying core, in Linux. */
void arch_load_private_idt(struct vcpu *vcpu)
{
	struct desc_ptr idt = {
		.size = sizeof(vcpu->area->idt) - 1,
		.address = (unsigned long)vcpu->area->idt,
	};

	asm volatile("sidt %0" : "=m"(vcpu->arch.linux_idt));
	asm volatile("lidt %0" ::"m"(idt));
}

void arch_send_nmi(int cpu)
{
	apic->send_IPI(cpu, NMI_VECTOR);
}

/* The run channel's doorbell: a fixed interrupt the guest takes on its
 * own IDT (physical interrupts are not intercepted). */
void arch_send_guest_irq(int cpu, u8 vector)
{
	apic->send_IPI(cpu, vector);
}

u32 arch_cpu_apic_id(int cpu)
{
	return per_cpu(x86_cpu_to_apicid, cpu);
}

/* Vectors 32-255 of this core's private IDT (found with SIDT) to h. */
static void set_irq_gates(void (*h)(void))
{
	struct desc_ptr idtr;
	gate_desc *idt;

	asm volatile("sidt %0" : "=m"(idtr));
	idt = (gate_desc *)idtr.address;
	for (int v = FIRST_EXTERNAL_VECTOR; v < 256; v++)
		set_gate(&idt[v], h);
}

static void lapic_eoi_in_service(bool x2)
{
	for (int word = 7; word >= 0; word--) {
		u32 isr = host_lapic_read(x2, APIC_ISR + word * 0x10);

		for (; isr; isr &= isr - 1)
			host_lapic_write(x2, APIC_EOI, 0);
	}
}

/* Whether a vector of 32-255 is pending (0-31 are never Linux's). */
static bool lapic_irr_pending(bool x2)
{
	for (int word = 1; word < 8; word++) {
		if (host_lapic_read(x2, APIC_IRR + word * 0x10))
			return true;
	}
	return false;
}

/*
 * Accepts and ends every vector pending in the IRR (Linux's last timer
 * interrupt, 0xec, typically): otherwise it reaches the guest at its
 * first STI. Called with GIF and IF clear, EFER.SVME set (STGI, CLGI;
 * with VMX, IF only)
 * and the NMI gate already the kick's (an NMI taken meanwhile is a kick:
 * core_main() reads the command next anyway). Linux soft-disabled the
 * APIC when it took the CPU offline (held IRR bits are not delivered
 * then), so the APIC is enabled for the drain and its SVR restored
 * after. Each round opens GIF and IF for one instruction: the highest
 * pending vector is taken on a gate that only returns (the lower ones
 * wait behind it in the ISR), then ended with an EOI. An EOI of a level-triggered vector (TMR set:
 * an I/O APIC interrupt Linux moved away but left pending here) is also
 * broadcast to the I/O APICs and clears the Remote IRR of the entry with
 * that vector; if its line is still asserted, the I/O APIC delivers it
 * again to that entry's (Linux) CPU: one extra interrupt for Linux, the
 * same as the EOIs of in-service vectors above, nothing for the guest.
 * Bounded: a vector the APIC will not deliver stays pending.
 */
static void lapic_drain_irr(bool x2)
{
	u32 svr = host_lapic_read(x2, APIC_SPIV);

	if (!lapic_irr_pending(x2))
		return;
	host_lapic_write(x2, APIC_SPIV, svr | APIC_SPIV_APIC_ENABLED);
	set_irq_gates(v3_core_irq_return);
	for (int round = 0; round < 256 && lapic_irr_pending(x2); round++) {
		if (x86_vmx())
			asm volatile("sti\n\tnop\n\tcli" ::: "memory");
		else
			asm volatile("stgi\n\tsti\n\tnop\n\tcli\n\tclgi" ::: "memory");
		lapic_eoi_in_service(x2);
	}
	set_irq_gates(v3_core_unexpected);
	host_lapic_write(x2, APIC_SPIV, svr);
}

/*
 * Leave the local APIC quiet for the guest: Linux's timer and LVTs
 * masked, task priority 0, nothing left in service (a vector Linux left
 * behind otherwise reaches the guest at its first STI) and nothing
 * pending.
 */
static void lapic_quiet(void)
{
	static const u32 lvts[] = { APIC_LVTT, APIC_LVTTHMR, APIC_LVTPC,
				    APIC_LVT0, APIC_LVT1, APIC_LVTERR };
	bool x2 = host_lapic_x2();

	for (unsigned int i = 0; i < ARRAY_SIZE(lvts); i++)
		host_lapic_write(x2, lvts[i], APIC_LVT_MASKED);
	host_lapic_write(x2, APIC_TASKPRI, 0);
	lapic_eoi_in_service(x2);
	lapic_drain_irr(x2);
}

/* Branch predictions trained by Linux's or a guest's code are dropped
 * when a core changes hands (the guest is untrusted either way). */
static void branch_predictor_barrier(void)
{
	if (boot_cpu_has(X86_FEATURE_IBPB))
		v3_wrmsr(MSR_IA32_PRED_CMD, PRED_CMD_IBPB);
}

/* From a taken core: an NMI to another (a kick, or "stop"). */
void arch_nmi_from_core(u32 apic_id)
{
	host_lapic_send(apic_id, APIC_DM_NMI | APIC_INT_ASSERT);
}

/* First steps on a taken core, on the VMM's stack. */
void arch_core_enter(struct vcpu *vcpu)
{
	if (x86_vmx()) {
		set_gate(&vcpu->area->idt[NMI_VECTOR], v3_core_nmi_kick_vmx);
		vmx_core_enter(vcpu);
	} else {
		set_gate(&vcpu->area->idt[NMI_VECTOR], v3_core_nmi_kick);
		/* GIF clear from here on in host mode: NMIs wait for
		 * v3_core_idle or the STGI after an NMI exit. */
		svm_core_enter(vcpu);
	}
	x86_unblock_nmis();
	lapic_quiet();
	branch_predictor_barrier();
	cpu_state_reset(); /* nothing of Linux's reaches the guest */
}

void arch_core_idle(struct vcpu *vcpu)
{
	if (x86_vmx())
		v3_core_idle_vmx(&vcpu->area->kicked);
	else
		v3_core_idle();
}

/* Back to how Linux left the core, then wait for INIT. */
void __noreturn arch_core_leave(struct vcpu *vcpu)
{
	branch_predictor_barrier();
	cpu_state_reset(); /* nothing of the guest's reaches Linux */
	if (x86_vmx())
		vmx_core_leave(vcpu); /* INIT is blocked in VMX root mode */
	else
		svm_core_leave(vcpu); /* INIT is held while GIF is clear */
	asm volatile("lidt %0" ::"m"(vcpu->arch.linux_idt));
	/* An IPI this core sent (a kick to another vCPU) is on its way
	 * out before the host may send this core INIT. */
	host_lapic_wait_icr_idle();
	WRITE_ONCE(vcpu->core_state, CORE_PARKED);
	v3_core_park();
}
