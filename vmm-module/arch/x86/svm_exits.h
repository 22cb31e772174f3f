/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3VMM_SVM_EXITS_H
#define V3VMM_SVM_EXITS_H

struct vcpu;

/* Handles the exit just taken (vmcb->control.exit_code). Taken core. */
void svm_handle_exit(struct vcpu *vcpu);

#endif
