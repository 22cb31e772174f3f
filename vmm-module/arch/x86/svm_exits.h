/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3VMM_SVM_EXITS_H
#define V3VMM_SVM_EXITS_H

#include <linux/types.h>
#include <asm/cpufeature.h>

struct vcpu;
struct vmcb;

/* Handles the exit just taken (vmcb->control.exit_code). Taken core. */
void svm_handle_exit(struct vcpu *vcpu);

/**
 * svm_complete_insn() - finish an instruction the VMM emulated or skipped
 * @vmcb: the vCPU's VMCB, at the exit the instruction caused
 * @len: the instruction's length, prefixes included
 *
 * Does what the CPU does when an instruction completes: advances RIP
 * past it, ends an interrupt shadow (STI, MOV SS) and, if RFLAGS.TF was
 * set, raises the single-step #DB trap (DR6.BS set). Not for an
 * instruction that faults: it does not complete and gets no single-step
 * trap. Taken core.
 */
void svm_complete_insn(struct vmcb *vmcb, unsigned int len);

#endif
