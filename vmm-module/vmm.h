/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of v3vmm.ko. Generic code (main.c, vm.c,
 * guest_mem.c, guest_boot.c, console.c, core.c) calls the arch_* and
 * npt_* functions of arch/x86/ (arch.h); the code that runs on taken
 * cores (core_main.c, arch/x86/svm*.c, exits.c) calls no Linux function.
 */
#ifndef V3VMM_H
#define V3VMM_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/uidgid.h>
#include <linux/types.h>
#include "uapi/v3vee.h"
#include "arch/x86/arch.h"

/* A memory block taken from Linux. */
struct guest_block {
	struct list_head link;
	u64 phys;
	u64 bytes;
	int nid;                /* NUMA node it came from (to give it back) */
	struct resource *claim; /* our entry in /proc/iomem */
	void *hva;              /* memremap() of it, for the VMM */
};

/* A contiguous piece of guest RAM: guest-physical to host addresses. */
struct guest_ram_range {
	u64 gpa;
	u64 hpa;
	u64 bytes;
	u8 *hva;
};

#define GUEST_RAM_RANGES (V3_MAX_BLOCKS + 1)

/* What the host asks a taken core to do (vcpu->command). */
enum core_command {
	CORE_CMD_WAIT = 0, /* stay idle */
	CORE_CMD_RUN,      /* run the guest */
	CORE_CMD_STOP,     /* leave: give the core back to Linux */
};

/*
 * A claimed core going offline (vcpu->death), settled by one cmpxchg: by
 * play_dead (it loads the private IDT) or by core_take() giving up (then
 * play_dead leaves Linux's IDT), whichever comes first.
 */
enum core_death {
	CORE_DEATH_PENDING,
	CORE_DEATH_PRIVATE_IDT,
	CORE_DEATH_CANCELLED,
};

/* Where a taken core is (vcpu->core_state). */
enum core_where {
	CORE_LINUX = 0, /* still Linux's, or given back */
	CORE_IN_VMM,    /* running VMM code, outside Linux */
	CORE_PARKED,    /* left the VMM; waiting for add_cpu() */
};

/* How far a vCPU has booted (vcpu->boot), as INIT/SIPI move it. */
enum vcpu_boot {
	VCPU_WAIT_INIT = 0, /* an AP before the guest sent it INIT */
	VCPU_WAIT_SIPI,     /* INIT received: the next SIPI starts it */
	VCPU_STARTING,      /* a SIPI is setting up its state */
	VCPU_STARTED,       /* runs guest code */
};

struct vm;

struct vcpu {
	struct vm *vm;
	int index;           /* vCPU number in the VM */
	int cpu;             /* host CPU, -1 before it is taken */
	u32 apic_id;         /* its physical local APIC ID */
	struct core_area *area;
	struct arch_vcpu arch;
	int command;         /* enum core_command, written by the host */
	int core_state;      /* enum core_where, written by the core */
	int death;           /* enum core_death: how play_dead treated it */
	int boot;            /* enum vcpu_boot */
	u64 exits[V3_EXIT_NR];
	u64 exits_total;     /* sum of exits[] */
	u64 counter_reads;   /* V3_HC_EXIT_COUNTS calls (left out of reads) */
	u64 exits_at_mark;   /* exits_total at the program's start mark */
	u64 run_exits;       /* exits during the last program run */
	u64 guest_timer_irqs, guest_irqs; /* the guest kernel's report */
	/* Register snapshots: the host bumps snap_req and kicks; the core
	 * saves snap_regs and snap_where, then sets snap_ack = snap_req. */
	u32 snap_req, snap_ack;
	int snap_where;      /* enum v3_vcpu_where */
	struct v3_guest_regs snap_regs;
	u64 run_tsc;         /* TSC ticks spent in guest mode */
};

struct vm {
	struct list_head link; /* in the module's list of VMs */
	char name[V3_NAME_MAX];
	struct mutex lock;
	bool started;          /* published: owned by no file any more */
	struct list_head blocks; /* guest RAM, in the order taken */
	u64 mem_bytes;
	unsigned int nblocks;
	u64 gb_cursor;         /* next block to take in the gigabyte being
				* filled, 0 if none (guest_mem.c) */
	u64 gb_below;          /* gigabytes at or above this were tried */
	struct list_head spares; /* blocks of a gigabyte taken whole, not
				  * yet added to the VM (guest_mem.c) */

	/* Guest RAM as the guest sees it, sorted by gpa (guest_mem.c). */
	struct guest_ram_range ram[GUEST_RAM_RANGES];
	unsigned int nram;
	u64 ram_top;           /* highest guest RAM address + 1 */

	struct vcpu **vcpus;   /* max_vcpus slots, nvcpus used */
	unsigned int nvcpus;
	unsigned int max_vcpus; /* nr_cpu_ids - 1: every CPU but CPU 0 */
	struct arch_vm arch;   /* nested page table, I/O and MSR bitmaps */
	u64 entry;             /* guest entry point (32-bit) */
	u64 mbi;               /* guest-physical Multiboot info */

	/* Written by taken cores, read by the host. */
	int state;             /* enum v3_vm_state */
	int exit_status;
	int fail_code;         /* enum vm_fail (exits.h) */
	u64 fail_arg;
	struct v3_guest_regs fail_regs;
	struct console_ring *console;
	u64 wallclock_ns0;     /* host wall clock at wallclock_tsc0 */
	u64 wallclock_tsc0;
	u32 tsc_khz;
	u8 uart_lcr;           /* the emulated 16550's line control reg */
	struct pic8259 {       /* the quiet legacy PICs (guest_io.c) */
		u8 imr;        /* interrupt mask register */
		u8 icw_next;   /* next ICW expected on the data port, 0: none */
		u8 icw4;       /* ICW1 said an ICW4 follows */
		u8 single;     /* ICW1 said no ICW3 (no cascade) */
		u8 poll;       /* OCW3 poll: the next command read answers it */
	} pic[2];              /* master (0x20), slave (0xa0) */
	int pic_lock;          /* vCPUs using the PICs, one at a time */
	u64 msr_denied;        /* MSR accesses answered with #GP */
	u32 msr_denied_last;
	u32 msr_denied_write;
	u64 apic_denied;       /* local APIC writes ignored */
	u32 apic_denied_last_reg;
	u64 ipi_denied;        /* ICR writes the filter stopped */
	u64 ipi_denied_last_icr;
	u32 program_runs;      /* V3_HC_PROGRAM end marks */
	int console_lock;      /* vCPUs writing the console, one at a time */
	int ending;            /* set once by the vCPU that ends the VM */
	/* `v3ctl run` (run.c): the channel the guest registered (gpa | 1
	 * once set, and its host address), whether the VM was started
	 * without a program, the file proxying the current run (under
	 * vms_lock) and the last job's number. */
	u64 run_chan_gpa;
	struct v3_chan *run_chan;
	bool run_capable;
	kuid_t owner;          /* effective uid of the creator */
	void *run_owner;
	u64 run_job_seq;
};

/* guest_mem.c */
int guest_mem_init(void);
void guest_mem_exit(void);
int guest_mem_take_block(struct vm *vm, struct guest_block **out);
int guest_mem_release_all(struct vm *vm);
void guest_mem_release_block(struct vm *vm, struct guest_block *b);
int guest_mem_layout(struct vm *vm);
void *guest_ptr(struct vm *vm, u64 gpa, u64 len); /* also on taken cores */

/* guest_boot.c */
int guest_boot_load(struct vm *vm, const struct v3_vm_load *req);

/* core.c: taking cores from Linux and giving them back */
int core_takeover_init(void);
void core_takeover_exit(void);
int core_take(struct vcpu *vcpu, int cpu);
void core_stop(struct vcpu *vcpu);        /* every vCPU first, then */
bool core_wait_parked(struct vcpu *vcpu); /* every vCPU, then */
bool core_give_back(struct vcpu *vcpu);   /* false: the core is lost */
void core_kick(struct vcpu *vcpu);

/* core_main.c: what a taken core runs */
void __noreturn core_main(struct vcpu *vcpu);

/* vm.c */
struct vm *vm_create(const char *name);
int vm_destroy(struct vm *vm); /* -EIO: a core or memory stayed out */
struct vm *vm_get_by_name(const char *name); /* with vms_lock held */
void vm_unlist(struct vm *vm);               /* with vms_lock held */
int vm_add_core(struct vm *vm, int cpu);     /* the CPU taken, or -errno */
void vm_remove_last_core(struct vm *vm);     /* undoes vm_add_core() */
int vm_load(struct vm *vm, const struct v3_vm_load *req);
int vm_start(struct vm *vm);
void vm_publish(struct vm *vm);              /* with vms_lock held */
bool vm_published(struct vm *vm);            /* with vms_lock held */
int vm_name_at(unsigned int index, char *name);
void vm_fill_stats(struct vm *vm, struct v3_vm_stats *st);
unsigned int vm_stat_count(void);
int vm_stat_desc(struct v3_stat_desc *d);
int vm_vcpu_stats(struct vm *vm, struct v3_vcpu_stats *req, u64 *values);
void vms_lock(void);
void vms_unlock(void);
int vm_count(void);
int vm_snapshot_regs(struct vm *vm, struct v3_vcpu_regs *out); /* vms_lock */

#endif
