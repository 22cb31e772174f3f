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
#include <linux/module.h>
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
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->blocks);
	vm->gb_below = U64_MAX;
	vm->state = V3_VM_CREATED;
	vm->console = console_alloc();
	err = vm->console ? arch_vm_init(vm) : -ENOMEM;
	if (err) {
		console_free(vm->console);
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

	if (vm->nvcpus >= V3_MAX_CORES)
		return -EOPNOTSUPP;
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
		snprintf(out, len, "VMRUN refused the guest state (exit 0x%llx)", arg);
		break;
	case VM_FAIL_EXIT:
		snprintf(out, len, "unhandled exit 0x%llx", arg);
		break;
	case VM_FAIL_IPI:
		snprintf(out, len, "IPI outside the VM refused: APIC ID %llu, ICR 0x%08llx",
			 arg >> 56, arg & 0xffffffff);
		break;
	case VM_FAIL_MACHINE_CHECK:
		snprintf(out, len, "machine check on the VM's core (MCG_STATUS 0x%llx): a hardware error",
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
		struct vcpu *vcpu = vm->vcpus[i];

		st->cores[i] = vcpu->cpu;
		st->apic_id[i] = vcpu->apic_id;
		memcpy(st->exits[i], vcpu->exits, sizeof(st->exits[i]));
		st->run_exits[i] = READ_ONCE(vcpu->run_exits);
		st->guest_timer_irqs[i] = READ_ONCE(vcpu->guest_timer_irqs);
		st->guest_irqs[i] = READ_ONCE(vcpu->guest_irqs);
		if (READ_ONCE(vcpu->boot) == VCPU_STARTED)
			st->vcpus_started++;
		st->guest_run_ns[i] = vm->tsc_khz ?
			vcpu->run_tsc / vm->tsc_khz * 1000000 +
			(vcpu->run_tsc % vm->tsc_khz) * 1000000 / vm->tsc_khz : 0;
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

#define SNAPSHOT_WAIT_MS 200

/* With vms_lock held (the VM cannot go away): an NMI to every core. */
int vm_snapshot_regs(struct vm *vm, struct v3_vm_regs *out)
{
	u32 want[V3_MAX_CORES];
	bool pending = true;

	if (!vm->started)
		return -EBUSY;
	out->ncores = vm->nvcpus;
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

		if (smp_load_acquire(&v->snap_ack) != want[i]) {
			out->where[i] = V3_VCPU_NO_ANSWER;
			continue;
		}
		out->where[i] = v->snap_where;
		out->regs[i] = v->snap_regs;
	}
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
