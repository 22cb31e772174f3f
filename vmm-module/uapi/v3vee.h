/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The ioctl interface of /dev/v3vmm, shared by v3vmm.ko and user space
 * (userspace-ctl/libv3vee). Every struct is fixed-width and padded; every
 * reserved field must be 0; the create call carries V3VEE_ABI_VERSION.
 *
 * A VM is built in steps on one open file: CREATE, ADD_MEMORY (once per
 * memory block, so the caller can show progress), ADD_CORE, LOAD, START.
 * Until START the VM belongs to that file: closing it destroys the VM and
 * gives everything back. After START the VM lives on its own until
 * DESTROY (by name, from any open file; EIO: the VM is gone but a core,
 * or its memory, stayed out of Linux). Documentation/vmm.md.
 */
#ifndef V3VEE_UAPI_H
#define V3VEE_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define V3VEE_ABI_VERSION 4
#define V3_NAME_MAX 32
#define V3_MAX_BLOCKS 128 /* memory ranges one VM can hold */
#define V3_CMDLINE_MAX 4096
#define V3_STAT_NAME_MAX 32
#define V3_STAT_DESC_MAX 96

struct v3_version {
	__u32 abi_version; /* out: V3VEE_ABI_VERSION */
	__u32 reserved;
};

/* Creates a VM that belongs to the open file. An empty name picks the
 * first free one of vm0, vm1, ... and returns it. */
struct v3_vm_create {
	__u32 abi_version;      /* in: must be V3VEE_ABI_VERSION */
	__u32 flags;            /* in: 0 */
	char name[V3_NAME_MAX]; /* in/out: [A-Za-z0-9_.-], NUL-terminated */
};

/* Takes one memory block from Linux for the VM (offline, remove, zero). */
struct v3_mem_add {
	__u64 phys;        /* out: physical address of the block */
	__u64 bytes;       /* out: its size (the memory block size) */
	__u64 total_bytes; /* out: guest RAM the VM now holds */
	__u32 flags;       /* in: 0 */
	__u32 reserved;
};

/* Takes one core from Linux (remove_cpu() and the takeover). */
struct v3_core_add {
	__s32 cpu;      /* in: host CPU number, or -1 for the highest free
			 * one; out: the CPU taken */
	__u32 reserved;
};

/* Loads a Multiboot v1 image (a.out kludge header) and optionally one
 * module (the program) into the VM's RAM, builds the Multiboot info and
 * ACPI tables. Pointers are user addresses. */
struct v3_vm_load {
	__u64 image;          /* the kernel image file's bytes */
	__u64 image_len;
	__u64 cmdline;        /* kernel command line, may be 0 */
	__u64 module;         /* the program's bytes, or 0 for none */
	__u64 module_len;
	__u64 module_cmdline; /* program and arguments, may be 0 */
	__u32 cmdline_len;    /* without NUL; < V3_CMDLINE_MAX */
	__u32 module_cmdline_len;
	__u32 flags;          /* in: 0 */
	__u32 reserved;
};

/* Names a VM for the calls that act on any VM. */
struct v3_vm_ref {
	char name[V3_NAME_MAX];
};

/* Lists VMs: the index-th VM's name; ENOENT past the last. */
struct v3_vm_list {
	__u32 index;            /* in */
	__u32 reserved;
	char name[V3_NAME_MAX]; /* out */
};

enum v3_vm_state {
	V3_VM_CREATED = 0, /* being built, owned by an open file */
	V3_VM_RUNNING = 1,
	V3_VM_EXITED = 2,  /* the guest ended with exit_status */
	V3_VM_FAILED = 3,  /* see fail_reason and regs */
};

/*
 * Why the guest left guest mode, as the module counts it per vCPU. Each
 * reason here is the per-vCPU statistic V3_STAT_EXIT_CPUID + reason; a
 * reason added later gets a new statistic at the end of the list.
 */
enum v3_exit_reason {
	V3_EXIT_CPUID,
	V3_EXIT_VMMCALL,
	V3_EXIT_IOIO,
	V3_EXIT_MSR,
	V3_EXIT_NPF,       /* nested page fault */
	V3_EXIT_NMI,       /* host kick */
	V3_EXIT_INTR,      /* physical interrupt (not intercepted today) */
	V3_EXIT_EXCEPTION, /* intercepted #AC / #DB, reflected */
	V3_EXIT_SHUTDOWN,  /* triple fault */
	V3_EXIT_OTHER,
	V3_EXIT_APIC,      /* a write to the local APIC, emulated */
	V3_EXIT_NR,
};

struct v3_guest_regs {
	__u64 rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rip, rflags, cr0, cr2, cr3, cr4, efer;
	__u64 exit_code, exit_info1, exit_info2;
};

/*
 * The VM as a whole. Per-vCPU values are not here: V3_IOC_VCPU_STATS
 * reads them one vCPU at a time, so no count of vCPUs is fixed.
 */
struct v3_vm_stats {
	char name[V3_NAME_MAX]; /* in */
	__u32 state;            /* enum v3_vm_state */
	__s32 exit_status;      /* V3_VM_EXITED: the guest's status */
	__u64 mem_bytes;
	__u32 nblocks;
	__u32 ncores;           /* vCPUs: 0 .. ncores - 1 */
	__u64 block_phys[V3_MAX_BLOCKS];
	__u64 block_bytes[V3_MAX_BLOCKS];
	/* Nested page table: pages mapping guest RAM by size, and the 4 KB
	 * pages that map devices (the local APIC). */
	__u64 npt_ram_1g, npt_ram_2m, npt_ram_4k, npt_mmio_4k;
	__u64 console_bytes;    /* written by the guest so far */
	/* MSR accesses refused with #GP: how many, and the last MSR. */
	__u64 msr_denied;
	__u32 msr_denied_last;
	__u32 msr_denied_write; /* 1 if that last one was a write */
	__u32 vcpus_started;          /* vCPUs running (BSP + SIPI'd APs) */
	__u32 program_runs;           /* V3_HC_PROGRAM end marks seen */
	/* Local APIC writes refused (ignored): how many, and the last
	 * register; and IPIs refused (ICR writes the filter stopped). */
	__u64 apic_denied;
	__u32 apic_denied_last_reg;
	__u32 reserved2;
	__u64 ipi_denied;
	__u64 ipi_denied_last_icr;    /* ICR high << 32 | ICR low */
	char fail_reason[96];   /* V3_VM_FAILED */
	struct v3_guest_regs regs; /* V3_VM_FAILED: at the failure */
};

/*
 * Per-vCPU statistics, modelled on bhyve's vmm_stat: each is a __u64
 * counter with a fixed index and a name. New ones are only ever added at
 * the end, so the index (and the layout of the values array) of an
 * existing one never changes. The V3_STAT_* indexes below are the ones
 * this header knows; a newer module may have more.
 */
enum v3_vcpu_stat {
	V3_STAT_EXIT_CPUID = 0,   /* "exit_cpuid": exits by reason, in the */
	V3_STAT_EXIT_APIC = 10,   /* order of enum v3_exit_reason ... "exit_apic" */
	V3_STAT_GUEST_RUN_NS = 11, /* "guest_run_ns": time in guest mode */
	V3_STAT_RUN_EXITS = 12,   /* "run_exits": exits in the last program
				   * run (between the guest's V3_HC_PROGRAM
				   * marks, the marks left out) */
	V3_STAT_GUEST_TIMER_IRQS = 13, /* "guest_timer_irqs" and */
	V3_STAT_GUEST_IRQS = 14,  /* "guest_irqs": the guest kernel's counts
				   * (its report at program end) */
	V3_STAT_NR_KNOWN = 15,
};

/* One statistic's name: V3_IOC_STAT_DESC. ERANGE for index >= nstats. */
struct v3_stat_desc {
	__u32 index;                  /* in */
	__u32 nstats;                 /* out: how many the module has */
	char name[V3_STAT_NAME_MAX];  /* out: [a-z0-9_], NUL-terminated */
	char desc[V3_STAT_DESC_MAX];  /* out: one line, for people */
};

/*
 * One vCPU's statistics: V3_IOC_VCPU_STATS. The caller sizes the values
 * array; the module writes min(nstats in, its count) values and returns
 * its count in nstats (nstats 0 asks for the count alone). Errors: ENOENT
 * no such VM, EBUSY the VM is still being built, ERANGE vcpu >= ncores,
 * EINVAL a reserved field not 0, EFAULT a bad values pointer.
 */
struct v3_vcpu_stats {
	char name[V3_NAME_MAX]; /* in: the VM */
	__u32 vcpu;             /* in: its index, 0 .. ncores - 1 */
	__u32 nstats;           /* in: room in values; out: stats there are */
	__u64 values;           /* in: user address of __u64[nstats] */
	__u32 ncores;           /* out: the VM's vCPUs */
	__s32 cpu;              /* out: the host CPU it runs on */
	__u32 apic_id;          /* out: its (physical = guest) APIC ID */
	__u32 started;          /* out: 1 once it runs guest code */
	__u32 flags;            /* in: 0 */
	__u32 reserved;         /* in: 0 */
};

/* Reads the VM's console ring from `offset` (bytes since the VM began);
 * the ring keeps the last V3_CONSOLE_RING bytes. */
#define V3_CONSOLE_RING (256 * 1024)
struct v3_console_read {
	char name[V3_NAME_MAX]; /* in */
	__u64 offset;           /* in: where to start; out: where to go on */
	__u64 buf;              /* in: user buffer */
	__u32 len;              /* in: its size */
	__u32 got;              /* out: bytes copied */
	__u64 lost;             /* out: bytes overwritten before read */
	__u32 state;            /* out: enum v3_vm_state */
	__u32 reserved;
};

/* Each vCPU's registers now: the host sends every core an NMI, and each
 * saves its vCPU's registers when it leaves guest mode (one NMI exit per
 * running vCPU) or at once if it is idle. */
enum v3_vcpu_where {
	V3_VCPU_NO_ANSWER = 0, /* did not answer in time: regs not valid */
	V3_VCPU_IN_GUEST = 1,  /* was running guest code */
	V3_VCPU_IDLE = 2,      /* stopped (the VM ended): its last state */
	V3_VCPU_WAIT_SIPI = 3, /* an AP the guest has not started */
};
struct v3_vcpu_regs {
	__u32 where;            /* enum v3_vcpu_where */
	__u32 reserved;
	struct v3_guest_regs regs; /* valid unless V3_VCPU_NO_ANSWER */
};
/*
 * V3_IOC_VM_REGS: one snapshot of every vCPU into the caller's array of
 * ncores entries. E2BIG (with ncores set to the VM's count, the rest
 * untouched) if the array is too small; ncores 0 asks for the count.
 * EBUSY: the VM is still being built; EINVAL: reserved not 0.
 */
struct v3_vm_regs {
	char name[V3_NAME_MAX]; /* in */
	__u32 ncores;           /* in: entries in vcpus; out: the VM's vCPUs */
	__u32 reserved;         /* in: 0 */
	__u64 vcpus;            /* in: user address of v3_vcpu_regs[ncores] */
};

#define V3_IOC_VERSION _IOR('v', 0x00, struct v3_version)
#define V3_IOC_VM_CREATE _IOWR('v', 0x01, struct v3_vm_create)
#define V3_IOC_VM_ADD_MEMORY _IOWR('v', 0x02, struct v3_mem_add)
#define V3_IOC_VM_ADD_CORE _IOWR('v', 0x04, struct v3_core_add)
#define V3_IOC_VM_LOAD _IOW('v', 0x05, struct v3_vm_load)
#define V3_IOC_VM_START _IO('v', 0x06)
#define V3_IOC_VM_LIST _IOWR('v', 0x07, struct v3_vm_list)
#define V3_IOC_VM_STATS _IOWR('v', 0x08, struct v3_vm_stats)
#define V3_IOC_CONSOLE_READ _IOWR('v', 0x09, struct v3_console_read)
#define V3_IOC_VM_DESTROY _IOW('v', 0x0a, struct v3_vm_ref)
#define V3_IOC_VM_REGS _IOWR('v', 0x0b, struct v3_vm_regs)
#define V3_IOC_STAT_DESC _IOWR('v', 0x0c, struct v3_stat_desc)
#define V3_IOC_VCPU_STATS _IOWR('v', 0x0d, struct v3_vcpu_stats)

/*
 * `v3ctl run` (Documentation/run.md): a program in a VM started without
 * one. RUN_START hands the VM a job and makes the calling file its proxy
 * until the program ends or the file is closed (which kills the program).
 * One run at a time per VM: -EBUSY while another file holds it.
 */
#define V3_RUN_FORWARD 1u /* forward the file system calls */
struct v3_run_start {
	char name[V3_NAME_MAX]; /* in */
	__u64 job;              /* in: user pointer to the job (v3_chan) */
	__u32 job_len;          /* in: at most V3_RUN_DATA_MAX */
	__u32 flags;            /* in: V3_RUN_FORWARD */
	__u64 prog_size;        /* in: bytes V3_OP_PROGRAM_READ may read */
	__u32 ncores;           /* out: the VM's vCPUs */
	__u32 reserved;
};
#define V3_RUN_DATA_MAX (1024 * 1024)

enum v3_run_event {
	V3_RUN_EV_NONE = 0,    /* timed out */
	V3_RUN_EV_REQUEST = 1, /* a request: op, arg, len, seq */
	V3_RUN_EV_END = 2,     /* the program ended: status */
	V3_RUN_EV_VM_DOWN = 3, /* the VM stopped: vm_state */
};
/* Waits (interruptibly) for the next event of the file's run. */
struct v3_run_wait {
	__u32 timeout_ms;  /* in: at most 60000 */
	__u32 event;       /* out: enum v3_run_event */
	__u64 buf;         /* in: user buffer for the request's data */
	__u32 buf_len;     /* in: its size (the data is cut to it) */
	__u32 op;          /* out: Linux syscall number or V3_OP_* */
	__s64 arg[6];      /* out: as the guest wrote them: unchecked */
	__u32 len;         /* out: bytes of data the request carries */
	__s32 status;      /* out: EV_END: 0-255 */
	__u64 seq;         /* out: the request's number, for the reply */
	__u32 vm_state;    /* out: enum v3_vm_state */
	__u32 reserved;
};
/* Answers request seq: len bytes from buf go to the guest's data area. */
struct v3_run_reply {
	__u64 seq;
	__s64 ret;
	__u64 buf;
	__u32 len;         /* at most V3_RUN_DATA_MAX */
	__u32 reserved;
};
/* Sends signal sig (1-64) to the running program. */
struct v3_run_signal {
	__u32 sig;
	__u32 reserved;
};
#define V3_IOC_RUN_START _IOWR('v', 0x20, struct v3_run_start)
#define V3_IOC_RUN_WAIT _IOWR('v', 0x21, struct v3_run_wait)
#define V3_IOC_RUN_REPLY _IOW('v', 0x22, struct v3_run_reply)
#define V3_IOC_RUN_SIGNAL _IOW('v', 0x23, struct v3_run_signal)

#endif
