// SPDX-License-Identifier: GPL-2.0
/*
 * What a taken core runs, on its own stack, outside Linux: it runs its
 * vCPU while told to and the VM is running, idles (woken by NMIs) while
 * not, and leaves when the host says so. It talks to the host only
 * through the vcpu and vm structures.
 */
#include "vmm.h"

/* The host asked for the vCPU's registers (v3ctl regs): here they are. */
static void answer_snapshot(struct vcpu *vcpu, int command)
{
	u32 req = smp_load_acquire(&vcpu->snap_req);

	if (req == vcpu->snap_ack)
		return;
	if (READ_ONCE(vcpu->boot) != VCPU_STARTED)
		vcpu->snap_where = V3_VCPU_WAIT_SIPI;
	else if (command == CORE_CMD_RUN &&
		 READ_ONCE(vcpu->vm->state) == V3_VM_RUNNING)
		vcpu->snap_where = V3_VCPU_IN_GUEST;
	else
		vcpu->snap_where = V3_VCPU_IDLE;
	arch_save_regs(vcpu, &vcpu->snap_regs);
	smp_store_release(&vcpu->snap_ack, req);
}

void __noreturn core_main(struct vcpu *vcpu)
{
	arch_core_enter(vcpu);
	smp_store_release(&vcpu->core_state, CORE_IN_VMM);
	for (;;) {
		int command = smp_load_acquire(&vcpu->command);

		if (command == CORE_CMD_STOP)
			break;
		answer_snapshot(vcpu, command);
		if (command == CORE_CMD_RUN &&
		    READ_ONCE(vcpu->vm->state) == V3_VM_RUNNING)
			arch_vcpu_run(vcpu);
		else
			arch_core_idle(vcpu);
	}
	arch_core_leave(vcpu);
}
