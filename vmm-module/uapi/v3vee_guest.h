/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * What a guest of v3vee sees: the CPUID leaves that announce the VMM,
 * the hypercalls, and the emulated I/O ports. Shared by v3vmm.ko and the
 * LWK (lwk/arch/x86_64/v3vee.c). Documentation/hypercalls.md.
 *
 * Hypercall: VMMCALL with the number in RAX and arguments in RDI, RSI,
 * RDX, R10; the result comes back in RAX (negative errno on error). Every
 * guest address is a guest-physical address and is checked against the
 * guest's RAM.
 */
#ifndef V3VEE_GUEST_H
#define V3VEE_GUEST_H

/* CPUID 0x40000000: EAX = highest hypervisor leaf, EBX ECX EDX = the
 * signature "v3veev3veev3". */
#define V3_CPUID_SIGNATURE 0x40000000
#define V3_SIG_EBX 0x65763376 /* "v3ve" */
#define V3_SIG_ECX 0x76337665 /* "ev3v" */
#define V3_SIG_EDX 0x33766565 /* "eev3" */
/* CPUID 0x40000001: EAX = hypercall ABI version, EBX = V3_FEAT_* bits. */
#define V3_CPUID_FEATURES 0x40000001
#define V3_HYPERCALL_ABI 1
#define V3_FEAT_CONSOLE (1u << 0)
#define V3_FEAT_EXIT (1u << 1)
#define V3_FEAT_WALLCLOCK (1u << 2)
#define V3_FEAT_COUNTERS (1u << 3) /* V3_HC_PROGRAM, _EXIT_COUNTS, _IRQ_REPORT */
/* CPUID 0x40000010: EAX = TSC rate in kHz (as KVM and VMware state it),
 * EBX = local APIC timer rate in kHz, 0 if unknown. */
#define V3_CPUID_TIMING 0x40000010

/* Writes RSI bytes at guest-physical RDI (at most 4096) to the VM's
 * console. Returns the count written. */
#define V3_HC_CONSOLE_WRITE 1
/* Ends the VM with status RDI (0-255). Does not return. */
#define V3_HC_EXIT 2
/* Returns the host's wall clock, nanoseconds since 1970 (UTC). */
#define V3_HC_WALLCLOCK 3

/* Marks the start (RDI = 1) or the end (RDI = 0) of a program run: the
 * VMM keeps each vCPU's exits between the two for `v3ctl stats`. */
#define V3_HC_PROGRAM 4
/* Writes the VM exits of each vCPU so far (struct v3_vcpu_exits[], at
 * most RSI entries) at guest-physical RDI, leaving out the
 * V3_HC_EXIT_COUNTS calls themselves. Returns the number of entries. */
#define V3_HC_EXIT_COUNTS 5
/* The guest kernel's interrupt counts, per CPU (struct v3_cpu_irqs[],
 * RSI entries at guest-physical RDI, at most the VM's vCPUs), for
 * `v3ctl stats`. Returns 0. */
#define V3_HC_IRQ_REPORT 6

#define V3_HC_CONSOLE_MAX 4096
#define V3_HC_MAX_CPUS 64 /* the LWK's arrays; the VMM has no such limit */

struct v3_vcpu_exits {
	unsigned int apic_id;
	unsigned int reserved;
	unsigned long long exits;
};

struct v3_cpu_irqs {
	unsigned int apic_id;
	unsigned int reserved;
	unsigned long long timer;
	unsigned long long all;
};

/* Emulated ports: COM1's transmit side goes to the console ring; a byte
 * written to the debug-exit port ends the VM with that status, as QEMU's
 * isa-debug-exit device does. */
#define V3_PORT_COM1 0x3f8
#define V3_PORT_DEBUG_EXIT 0xf4

#endif
