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
#define V3_FEAT_RUN (1u << 4) /* V3_HC_RUN_CHANNEL: `v3ctl run` */
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

/* Registers the `v3ctl run` channel (struct v3_chan) at guest-physical
 * RDI, 4 KB-aligned, RSI = V3_CHAN_SIZE bytes. Once per boot: 0,
 * -EINVAL (alignment, size), -EFAULT (outside RAM), -EBUSY (again). */
#define V3_HC_RUN_CHANNEL 7

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

/*
 * The `v3ctl run` channel (Documentation/run.md): one page of control
 * words and a data area, in guest RAM. The host reads and writes it from
 * Linux (the caller's `v3ctl run` process is the proxy); the guest never
 * exits to talk to it. Each field has one writer, marked.
 *
 * Host to guest notification: the doorbell, a fixed IPI with vector
 * V3_DOORBELL_VECTOR sent by the host's Linux to the physical local APIC
 * of the vCPU named by req_apic (a job: vCPU 0). Guest to host: none;
 * the host polls req_seq and end_seq.
 */
#define V3_DOORBELL_VECTOR 0xf3
#define V3_CHAN_DATA_OFF 4096
#define V3_CHAN_DATA_MAX (1024 * 1024)
#define V3_CHAN_SIZE (V3_CHAN_DATA_OFF + V3_CHAN_DATA_MAX)
#define V3_JOB_FORWARD 1u /* job_flags: forward the file system calls */
/* req_op: a Linux x86-64 system call number (forwarded call), or: */
#define V3_OP_PROGRAM_READ 0x10000 /* arg0 offset, arg1 length: the program */

struct v3_chan {
	/* host: a job in data[] (job_len bytes): argc, envc (u32 each),
	 * then argc + envc NUL-terminated strings, then the cwd. */
	unsigned long long job_seq;
	unsigned int job_len;
	unsigned int job_flags;
	unsigned long long prog_size;
	/* guest: one request at a time, complete once req_seq moves */
	unsigned long long req_seq;
	unsigned int req_op;
	unsigned int req_apic; /* the waiting CPU: doorbell there */
	unsigned int req_len;  /* bytes in data[] */
	unsigned int req_pad;
	long long req_arg[6];
	/* host: the answer to request resp_seq */
	unsigned long long resp_seq;
	long long resp_ret;    /* result or -errno */
	unsigned int resp_len; /* bytes in data[] */
	unsigned int resp_pad;
	/* host sets bit N-1 for signal N; the guest takes them */
	unsigned long long sig_pending;
	/* guest: the program of job end_seq ended with end_status */
	unsigned long long end_seq;
	int end_status;        /* 0-255, 128+N: killed by signal N */
	unsigned int end_pad;
	/* host: kill the program of job kill_seq (its proxy is gone) */
	unsigned long long kill_seq;
};

/* Emulated ports: COM1's transmit side goes to the console ring; a byte
 * written to the debug-exit port ends the VM with that status, as QEMU's
 * isa-debug-exit device does. */
#define V3_PORT_COM1 0x3f8
#define V3_PORT_DEBUG_EXIT 0xf4

#endif
