// SPDX-License-Identifier: GPL-2.0
/*
 * The module's VMs: names, building one step by step, starting it, its
 * statistics, and giving everything back.
 *
 * Locking: vms_lock (a mutex) guards the list and every by-name use of a
 * VM (stats, console, destroy), so a VM is never freed under a reader;
 * vm->lock guards building a VM through its own open file. A VM is
 * published (vm->started) under vms_lock once it runs; before that only
 * its file may change or free it, and by-name users see its name only.
 */
#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <asm/tsc.h>
#include "vmm.h"
#include "guest_io.h"


static LIST_HEAD(vms);
static DEFINE_MUTEX(vms_mutex);

void vms_lock(void)
{
	mutex_lock(&vms_mutex);
}

void vms_unlock(void)
{
	mutex_unlock(&vms_mutex);
}

static bool name_ok(const char *name)
{
	size_t len = strnlen(name, V3_NAME_MAX);

	if (len == 0 || len == V3_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	}
	return true;
}

struct vm *vm_get_by_name(const char *name)
{
	struct vm *vm;

	list_for_each_entry(vm, &vms, link) {
		if (!strncmp(vm->name, name, V3_NAME_MAX))
			return vm;
	}
	return NULL;
}

/* vm0, vm1, ...: the first one not in use. */
static void pick_name(char *name)
{
	for (int i = 0;; i++) {
		snprintf(name, V3_NAME_MAX, "vm%d", i);
		if (!vm_get_by_name(name))
			return;
	}
}

struct vm *vm_create(const char *name)
{
	struct vm *vm;
	int err;

	if (name[0] && !name_ok(name))
		return ERR_PTR(-EINVAL);
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	/* Each vCPU takes a host CPU of its own, never CPU 0. */
	vm->max_vcpus = nr_cpu_ids > 1 ? nr_cpu_ids - 1 : 0;
	vm->vcpus = kcalloc(max(vm->max_vcpus, 1U), sizeof(*vm->vcpus),
			    GFP_KERNEL);
	if (!vm->vcpus) {
		kfree(vm);
		return ERR_PTR(-ENOMEM);
	}
	mutex_init(&vm->lock);
	/* Only its creator may hand it programs (run.c). */
	vm->owner = current_euid();
	INIT_LIST_HEAD(&vm->blocks);
	INIT_LIST_HEAD(&vm->spares);
	vm->gb_below = U64_MAX;
	vm->state = V3_VM_CREATED;
	vm->console = console_alloc();
	err = vm->console ? arch_vm_init(vm) : -ENOMEM;
	if (err) {
		console_free(vm->console);
		kfree(vm->vcpus);
		kfree(vm);
		return ERR_PTR(err);
	}
	vms_lock();
	if (!name[0]) {
		pick_name(vm->name);
	} else if (vm_get_by_name(name)) {
		vms_unlock();
		arch_vm_free(vm);
		console_free(vm->console);
		kfree(vm->vcpus);
		kfree(vm);
		return ERR_PTR(-EEXIST);
	} else {
		strscpy(vm->name, name, sizeof(vm->name));
	}
	list_add_tail(&vm->link, &vms);
	vms_unlock();
	return vm;
}

int vm_add_core(struct vm *vm, int cpu)
{
	struct vcpu *vcpu;
	int err;

	/* More vCPUs than the host has CPUs besides CPU 0: ENOSPC. */
	if (vm->nvcpus >= vm->max_vcpus)
		return -ENOSPC;
	if (vm->entry)
		return -EBUSY; /* cores come before the image */
	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL);
	if (!vcpu)
		return -ENOMEM;
	vcpu->vm = vm;
	vcpu->index = vm->nvcpus;
	vcpu->cpu = -1;
	err = arch_vcpu_init(vcpu);
	if (!err) {
		err = core_take(vcpu, cpu);
		if (err && vcpu->cpu >= 0) {
			/* The core neither came to the VMM nor went back to
			 * Linux: it may still use the vCPU and the module. */
			__module_get(THIS_MODULE);
			return err;
		}
		if (err)
			arch_vcpu_free(vcpu);
	}
	if (err) {
		kfree(vcpu);
		return err;
	}
	vm->vcpus[vm->nvcpus++] = vcpu;
	return vcpu->cpu;
}

/**
 * vm_remove_last_core() - give the core vm_add_core() took last back
 * @vm: a VM not yet loaded, with vm->lock held
 *
 * For an ADD_CORE whose answer could not be copied out. The core idles in
 * the VMM (nothing is loaded), so it stops and goes back at once; if it
 * cannot, it stays with its vCPU and pins the module, as in vm_destroy().
 */
void vm_remove_last_core(struct vm *vm)
{
	struct vcpu *vcpu = vm->vcpus[vm->nvcpus - 1];

	vm->vcpus[--vm->nvcpus] = NULL;
	core_stop(vcpu);
	if (!core_wait_parked(vcpu) || !core_give_back(vcpu)) {
		__module_get(THIS_MODULE);
		return;
	}
	arch_vcpu_free(vcpu);
	kfree(vcpu);
}

int vm_load(struct vm *vm, const struct v3_vm_load *req)
{
	int err;

	if (vm->entry)
		return -EBUSY;
	if (!vm->nvcpus || !vm->nblocks)
		return -EINVAL; /* memory and cores first */
	vm->run_capable = !req->module;
	err = guest_mem_layout(vm);
	if (!err)
		err = arch_npt_build(vm);
	if (!err)
		err = guest_boot_load(vm, req);
	if (err)
		arch_npt_free(&vm->arch);
	return err;
}

int vm_start(struct vm *vm)
{
	struct vcpu *boot;

	if (!vm->entry)
		return -EINVAL; /* nothing loaded */
	if (vm->state != V3_VM_CREATED)
		return -EBUSY;
	if (!tsc_khz)
		return -ENODEV; /* the guest's clock would be unknown */
	boot = vm->vcpus[0];
	vm->tsc_khz = tsc_khz;
	vm->wallclock_ns0 = ktime_get_real_ns();
	vm->wallclock_tsc0 = rdtsc();
	arch_vcpu_boot_state(boot, vm->entry, vm->mbi);
	boot->boot = VCPU_STARTED;
	/* The APs wait, idle on their cores, for the guest's INIT/SIPI. */
	for (unsigned int i = 1; i < vm->nvcpus; i++) {
		arch_vcpu_ap_state(vm->vcpus[i]);
		vm->vcpus[i]->boot = VCPU_WAIT_INIT;
	}
	/* A started VM lives on without its file; it pins the module. */
	__module_get(THIS_MODULE);
	WRITE_ONCE(vm->state, V3_VM_RUNNING);
	smp_store_release(&boot->command, CORE_CMD_RUN);
	core_kick(boot);
	return 0;
}

/* After vm_start(), with vms_lock held: `destroy` may now take it. */
void vm_publish(struct vm *vm)
{
	vm->started = true;
}

/* With vms_lock held. */
bool vm_published(struct vm *vm)
{
	return vm->started;
}

/* Takes the VM off the list; the caller then tears it down. */
void vm_unlist(struct vm *vm)
{
	list_del(&vm->link);
}

int vm_destroy(struct vm *vm)
{
	bool parked = true, cores_back = true;
	int mem_err;

	/*
	 * Every vCPU leaves guest mode and parks before any core goes back:
	 * a vCPU still running could otherwise send an IPI to a core that
	 * is Linux's again, or touch a vCPU already freed. If one does not
	 * park, no core goes back and the memory stays with the VM.
	 */
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		core_stop(vm->vcpus[i]);
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		parked &= core_wait_parked(vm->vcpus[i]);
	if (!parked) {
		/* A core that may still run the guest keeps everything. */
		pr_err("v3vmm: VM %s: a core did not stop; its memory stays offline and v3vmm stays loaded\n",
		       vm->name);
		if (!vm->started)
			__module_get(THIS_MODULE);
		return -EIO;
	}
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *vcpu = vm->vcpus[i];

		/*
		 * A core Linux cannot start again stays parked in the
		 * module's code on its vCPU's stack: that vCPU (and the
		 * module) stay; the others still go back.
		 */
		if (!core_give_back(vcpu)) {
			cores_back = false;
			continue;
		}
		arch_vcpu_free(vcpu);
		kfree(vcpu);
		vm->vcpus[i] = NULL;
	}
	if (!cores_back) {
		pr_err("v3vmm: VM %s: a core could not be onlined; it stays offline and v3vmm stays loaded\n",
		       vm->name);
		if (!vm->started)
			__module_get(THIS_MODULE);
	}
	/* Parked cores run only the park loop: the memory can go. */
	mutex_lock(&vm->lock);
	mem_err = guest_mem_release_all(vm);
	mutex_unlock(&vm->lock);
	if (mem_err)
		pr_err("v3vmm: VM %s: some of its memory is not back online and movable (see above)\n",
		       vm->name);
	arch_vm_free(vm);
	console_free(vm->console);
	if (vm->started && cores_back)
		module_put(THIS_MODULE);
	/* A vCPU whose core stayed out is kept (its core may still use it);
	 * the array of pointers is not needed any more. */
	kfree(vm->vcpus);
	kfree(vm);
	return cores_back && !mem_err ? 0 : -EIO;
}

int vm_name_at(unsigned int index, char *name)
{
	struct vm *vm;

	list_for_each_entry(vm, &vms, link) {
		if (index-- == 0) {
			strscpy(name, vm->name, V3_NAME_MAX);
			return 0;
		}
	}
	return -ENOENT;
}

static void fail_reason(struct vm *vm, char *out, size_t len)
{
	u64 arg = vm->fail_arg;

	switch (vm->fail_code) {
	case VM_FAIL_TRIPLE_FAULT:
		snprintf(out, len, "triple fault (shutdown)");
		break;
	case VM_FAIL_PORT:
		snprintf(out, len, "denied I/O port: %s 0x%llx, %llu byte(s)",
			 (arg >> 24) & 1 ? "in from" : "out to", arg & 0xffff,
			 (arg >> 16) & 0xff);
		break;
	case VM_FAIL_NPF:
		snprintf(out, len, "access outside RAM and devices at 0x%llx", arg);
		break;
	case VM_FAIL_VMRUN:
		/* VMX: VMX_FAIL_INSN (bit 32) with VM_INSTRUCTION_ERROR, or
		 * the exit reason of a failed entry (bit 31 set) */
		snprintf(out, len, "%s refused the guest state (exit 0x%llx)",
			 arch_entry_insn(), arg);
		break;
	case VM_FAIL_EXIT:
		snprintf(out, len, "unhandled exit 0x%llx", arg);
		break;
	case VM_FAIL_IPI:
		snprintf(out, len, "IPI outside the VM refused: APIC ID %llu, ICR 0x%08llx",
			 arg >> 32, arg & 0xffffffff);
		break;
	case VM_FAIL_MACHINE_CHECK:
		snprintf(out, len, "machine check on the VM's core (MCG_STATUS 0x%llx): a hardware error",
			 arg);
		break;
	case VM_FAIL_APIC_MMIO:
		snprintf(out, len, "xAPIC page touched at 0x%llx on an x2APIC host (use the x2APIC MSRs)",
			 arg);
		break;
	case VM_FAIL_APIC_INSN:
		snprintf(out, len, "APIC write by an instruction not emulated at rip 0x%llx",
			 arg);
		break;
	default:
		out[0] = '\0';
	}
}

/* With vms_lock held. A VM still being built shows its name only. */
void vm_fill_stats(struct vm *vm, struct v3_vm_stats *st)
{
	struct guest_block *b;
	unsigned int i = 0;

	strscpy(st->name, vm->name, sizeof(st->name));
	st->state = smp_load_acquire(&vm->state);
	if (!vm->started)
		return; /* its file may be changing it */
	st->exit_status = vm->exit_status;
	st->mem_bytes = vm->mem_bytes;
	st->nblocks = vm->nblocks;
	list_for_each_entry(b, &vm->blocks, link) {
		st->block_phys[i] = b->phys;
		st->block_bytes[i] = b->bytes;
		if (++i == V3_MAX_BLOCKS)
			break;
	}
	st->ncores = vm->nvcpus;
	for (i = 0; i < vm->nvcpus; i++) {
		if (READ_ONCE(vm->vcpus[i]->boot) == VCPU_STARTED)
			st->vcpus_started++;
	}
	st->npt_ram_1g = vm->arch.npt_ram_1g;
	st->npt_ram_2m = vm->arch.npt_ram_2m;
	st->npt_ram_4k = vm->arch.npt_ram_4k;
	st->npt_mmio_4k = vm->arch.npt_mmio_4k;
	st->console_bytes = console_bytes(vm->console);
	st->msr_denied = READ_ONCE(vm->msr_denied);
	st->msr_denied_last = vm->msr_denied_last;
	st->msr_denied_write = vm->msr_denied_write;
	st->apic_denied = READ_ONCE(vm->apic_denied);
	st->apic_denied_last_reg = vm->apic_denied_last_reg;
	st->ipi_denied = READ_ONCE(vm->ipi_denied);
	st->ipi_denied_last_icr = vm->ipi_denied_last_icr;
	st->program_runs = READ_ONCE(vm->program_runs);
	if (st->state == V3_VM_FAILED) {
		fail_reason(vm, st->fail_reason, sizeof(st->fail_reason));
		st->regs = vm->fail_regs;
	} else if (st->state == V3_VM_EXITED) {
		st->regs = vm->fail_regs;
	}
}

/*
 * The per-vCPU statistics (uapi/v3vee.h, enum v3_vcpu_stat). Append only:
 * a statistic's index is part of the ABI.
 */
static const struct {
	const char *name;
	const char *desc;
} vcpu_stats[] = {
	[V3_STAT_EXIT_CPUID + V3_EXIT_CPUID] =
		{ "exit_cpuid", "exits for CPUID" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_VMMCALL] =
		{ "exit_vmmcall", "exits for VMMCALL (hypercalls)" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_IOIO] =
		{ "exit_ioio", "exits for I/O port accesses" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_MSR] =
		{ "exit_msr", "exits for intercepted MSR accesses" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_NPF] =
		{ "exit_npf", "exits for nested page faults" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_NMI] =
		{ "exit_nmi", "exits for NMIs (host kicks)" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_INTR] =
		{ "exit_intr", "exits for physical interrupts" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_EXCEPTION] =
		{ "exit_exception", "exits for intercepted exceptions" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_SHUTDOWN] =
		{ "exit_shutdown", "exits for shutdown (triple fault)" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_OTHER] =
		{ "exit_other", "exits for other reasons" },
	[V3_STAT_EXIT_CPUID + V3_EXIT_APIC] =
		{ "exit_apic", "exits for local APIC writes (emulated)" },
	[V3_STAT_GUEST_RUN_NS] =
		{ "guest_run_ns", "nanoseconds in guest mode" },
	[V3_STAT_RUN_EXITS] =
		{ "run_exits", "exits during the guest's last program run" },
	[V3_STAT_GUEST_TIMER_IRQS] =
		{ "guest_timer_irqs", "timer interrupts the guest kernel counted (program end)" },
	[V3_STAT_GUEST_IRQS] =
		{ "guest_irqs", "interrupts the guest kernel counted (program end)" },
};

static_assert(V3_STAT_EXIT_CPUID + V3_EXIT_APIC == V3_STAT_EXIT_APIC);
static_assert(ARRAY_SIZE(vcpu_stats) == V3_STAT_NR_KNOWN);

unsigned int vm_stat_count(void)
{
	return ARRAY_SIZE(vcpu_stats);
}

/**
 * vm_stat_desc() - name and describe one per-vCPU statistic
 * @d: in: d->index; out: nstats, name, desc
 *
 * Return: 0, or -ERANGE if d->index is not a statistic.
 */
int vm_stat_desc(struct v3_stat_desc *d)
{
	d->nstats = ARRAY_SIZE(vcpu_stats);
	unsigned int i;

	if (d->index >= ARRAY_SIZE(vcpu_stats))
		return -ERANGE;
	i = array_index_nospec(d->index, ARRAY_SIZE(vcpu_stats));
	strscpy(d->name, vcpu_stats[i].name, sizeof(d->name));
	strscpy(d->desc, vcpu_stats[i].desc, sizeof(d->desc));
	return 0;
}

static u64 tsc_to_ns(const struct vm *vm, u64 tsc)
{
	if (!vm->tsc_khz)
		return 0;
	return tsc / vm->tsc_khz * 1000000 +
	       (tsc % vm->tsc_khz) * 1000000 / vm->tsc_khz;
}

/**
 * vm_vcpu_stats() - one vCPU's statistics, with vms_lock held
 * @vm: a VM
 * @req: in: vcpu, nstats (room in @values); out: nstats, ncores, cpu,
 *	apic_id, started
 * @values: min(@req->nstats in, vm_stat_count()) values are written here
 *
 * Return: 0; -EBUSY if the VM is still being built (its file may be
 * changing it), -ERANGE if req->vcpu is not one of its vCPUs.
 */
int vm_vcpu_stats(struct vm *vm, struct v3_vcpu_stats *req, u64 *values)
{
	unsigned int n = min_t(u32, req->nstats, ARRAY_SIZE(vcpu_stats));
	u64 v[ARRAY_SIZE(vcpu_stats)];
	struct vcpu *vcpu;

	if (!vm->started)
		return -EBUSY;
	req->ncores = vm->nvcpus;
	req->nstats = ARRAY_SIZE(vcpu_stats);
	if (req->vcpu >= vm->nvcpus)
		return -ERANGE;
	vcpu = vm->vcpus[array_index_nospec(req->vcpu, vm->nvcpus)];
	req->cpu = vcpu->cpu;
	req->apic_id = vcpu->apic_id;
	req->started = READ_ONCE(vcpu->boot) == VCPU_STARTED;
	for (unsigned int r = 0; r < V3_EXIT_NR; r++)
		v[V3_STAT_EXIT_CPUID + r] = READ_ONCE(vcpu->exits[r]);
	v[V3_STAT_GUEST_RUN_NS] = tsc_to_ns(vm, READ_ONCE(vcpu->run_tsc));
	v[V3_STAT_RUN_EXITS] = READ_ONCE(vcpu->run_exits);
	v[V3_STAT_GUEST_TIMER_IRQS] = READ_ONCE(vcpu->guest_timer_irqs);
	v[V3_STAT_GUEST_IRQS] = READ_ONCE(vcpu->guest_irqs);
	memcpy(values, v, n * sizeof(*values));
	return 0;
}

#define SNAPSHOT_WAIT_MS 200

/**
 * vm_snapshot_regs() - every vCPU's registers now, with vms_lock held
 * @vm: a started VM
 * @out: vm->nvcpus entries
 *
 * Each core gets an NMI and saves its vCPU's registers. Return: 0,
 * -EBUSY if the VM is still being built, -ENOMEM.
 */
int vm_snapshot_regs(struct vm *vm, struct v3_vcpu_regs *out)
{
	bool pending = true;
	u32 *want;

	if (!vm->started)
		return -EBUSY;
	want = kcalloc(vm->nvcpus, sizeof(*want), GFP_KERNEL);
	if (!want)
		return -ENOMEM;
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = vm->vcpus[i];

		want[i] = READ_ONCE(v->snap_req) + 1;
		smp_store_release(&v->snap_req, want[i]);
		core_kick(v);
	}
	for (int ms = 0; pending && ms < SNAPSHOT_WAIT_MS; ms++) {
		pending = false;
		for (unsigned int i = 0; i < vm->nvcpus; i++)
			pending |= smp_load_acquire(&vm->vcpus[i]->snap_ack) != want[i];
		if (pending)
			msleep(1);
	}
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = vm->vcpus[i];

		memset(&out[i], 0, sizeof(out[i]));
		if (smp_load_acquire(&v->snap_ack) != want[i]) {
			out[i].where = V3_VCPU_NO_ANSWER;
			continue;
		}
		out[i].where = v->snap_where;
		out[i].regs = v->snap_regs;
	}
	kfree(want);
	return 0;
}

int vm_count(void)
{
	struct vm *vm;
	int n = 0;

	vms_lock();
	list_for_each_entry(vm, &vms, link)
		n++;
	vms_unlock();
	return n;
}
