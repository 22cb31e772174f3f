// SPDX-License-Identifier: GPL-2.0
/*
 * v3vmm.ko: the control device /dev/v3vmm (ioctls of uapi/v3vee.h).
 * Each open file may build one VM; until the VM is started it belongs to
 * that file, so a v3ctl that dies half-way through a create gives
 * everything back when its file is closed. A started VM pins the module
 * until it is destroyed, so `rmmod` with VMs alive is refused.
 *
 * The building ioctls of one file (CREATE, ADD_*, LOAD, START) run one at
 * a time under the file's lock, so two threads sharing the file cannot
 * orphan a VM or race on it. A building ioctl that fails changes nothing:
 * if its answer cannot be copied to the caller, CREATE, ADD_MEMORY and
 * ADD_CORE give back what they took before returning -EFAULT.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "vmm.h"
#include "guest_io.h"
#include "run.h"

/* What an open /dev/v3vmm holds. */
struct v3_file {
	struct mutex lock; /* one building ioctl at a time */
	struct vm *vm;     /* the VM it builds, until started */
	struct mutex run_lock; /* the run ioctls, one at a time */
	struct run_session run; /* `v3ctl run`: the run it proxies */
};

static long ioctl_create(struct v3_file *f, void __user *arg)
{
	struct v3_vm_create req;
	struct vm *vm;

	if (f->vm)
		return -EBUSY; /* one VM per open file */
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.abi_version != V3VEE_ABI_VERSION || req.flags)
		return -EINVAL;
	if (strnlen(req.name, V3_NAME_MAX) == V3_NAME_MAX)
		return -EINVAL;
	vm = vm_create(req.name);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	strscpy(req.name, vm->name, sizeof(req.name));
	if (copy_to_user(arg, &req, sizeof(req))) {
		/* The caller never learns the name: no VM either. */
		vms_lock();
		vm_unlist(vm);
		vms_unlock();
		vm_destroy(vm);
		return -EFAULT;
	}
	f->vm = vm;
	return 0;
}

static long ioctl_add_memory(struct vm *vm, void __user *arg)
{
	struct v3_mem_add req;
	struct guest_block *b;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved)
		return -EINVAL;
	mutex_lock(&vm->lock);
	/* Memory comes before cores: a taken core would not see the new
	 * block's mapping (no TLB shootdown reaches it). */
	err = vm->entry || vm->nvcpus ? -EBUSY : guest_mem_take_block(vm, &b);
	if (!err) {
		req.phys = b->phys;
		req.bytes = b->bytes;
		req.total_bytes = vm->mem_bytes;
	}
	mutex_unlock(&vm->lock);
	if (err)
		return err;
	if (copy_to_user(arg, &req, sizeof(req))) {
		/* Unreported: the block goes back (the file's lock kept any
		 * other building ioctl out meanwhile). */
		mutex_lock(&vm->lock);
		guest_mem_release_block(vm, b);
		mutex_unlock(&vm->lock);
		return -EFAULT;
	}
	return 0;
}

static long ioctl_add_core(struct vm *vm, void __user *arg)
{
	struct v3_core_add req;
	int cpu;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved || req.cpu < -1)
		return -EINVAL;
	mutex_lock(&vm->lock);
	cpu = vm_add_core(vm, req.cpu);
	mutex_unlock(&vm->lock);
	if (cpu < 0)
		return cpu;
	req.cpu = cpu;
	if (copy_to_user(arg, &req, sizeof(req))) {
		/* Unreported: the core goes back to Linux. */
		mutex_lock(&vm->lock);
		vm_remove_last_core(vm);
		mutex_unlock(&vm->lock);
		return -EFAULT;
	}
	return 0;
}

static long ioctl_load(struct vm *vm, void __user *arg)
{
	struct v3_vm_load req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	mutex_lock(&vm->lock);
	err = vm_load(vm, &req);
	mutex_unlock(&vm->lock);
	return err;
}

static long ioctl_start(struct v3_file *f, struct vm *vm)
{
	int err;

	mutex_lock(&vm->lock);
	err = vm_start(vm);
	mutex_unlock(&vm->lock);
	if (err)
		return err;
	/* The VM lives on its own now; from here on `destroy` may free it,
	 * so it is not touched after being published. */
	f->vm = NULL;
	vms_lock();
	vm_publish(vm);
	vms_unlock();
	return 0;
}

static long ioctl_list(void __user *arg)
{
	struct v3_vm_list req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	vms_lock();
	err = vm_name_at(req.index, req.name);
	vms_unlock();
	if (err)
		return err;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long ioctl_stats(void __user *arg)
{
	struct v3_vm_stats *st;
	struct vm *vm;
	long err = 0;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (copy_from_user(st->name, arg, sizeof(st->name))) {
		kfree(st);
		return -EFAULT;
	}
	st->name[V3_NAME_MAX - 1] = '\0';
	vms_lock();
	vm = vm_get_by_name(st->name);
	if (vm)
		vm_fill_stats(vm, st);
	vms_unlock();
	if (!vm)
		err = -ENOENT;
	else if (copy_to_user(arg, st, sizeof(*st)))
		err = -EFAULT;
	kfree(st);
	return err;
}

static long ioctl_console(void __user *arg)
{
	struct v3_console_read req;
	struct vm *vm;
	long got = 0;
	u8 *tmp;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	req.name[V3_NAME_MAX - 1] = '\0';
	req.len = min_t(u32, req.len, V3_CONSOLE_RING);
	tmp = kvmalloc(max_t(u32, req.len, 1), GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	/* Copied out of the ring under the lock, to the user after it: a
	 * slow page fault on the user's buffer must not hold every VM. */
	vms_lock();
	vm = vm_get_by_name(req.name);
	if (vm) {
		req.state = smp_load_acquire(&vm->state);
		got = console_read(vm->console, &req.offset, tmp, req.len,
				   &req.lost);
	}
	vms_unlock();
	if (!vm) {
		kvfree(tmp);
		return -ENOENT;
	}
	req.got = got;
	if (copy_to_user(u64_to_user_ptr(req.buf), tmp, got) ||
	    copy_to_user(arg, &req, sizeof(req)))
		got = -EFAULT;
	kvfree(tmp);
	return got < 0 ? got : 0;
}

/*
 * VM_REGS: a snapshot of every vCPU into the caller's array. A too small
 * array gets -E2BIG and the VM's count in ncores, and no NMI is sent.
 */
static long ioctl_regs(void __user *arg)
{
	struct v3_vcpu_regs *out = NULL;
	struct v3_vm_regs req;
	unsigned int n = 0;
	struct vm *vm;
	long err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	req.name[V3_NAME_MAX - 1] = '\0';
	vms_lock();
	vm = vm_get_by_name(req.name);
	if (!vm)
		err = -ENOENT;
	else if (!vm_published(vm))
		err = -EBUSY; /* still being built by its file */
	else if (req.ncores < vm->nvcpus)
		err = -E2BIG;
	else
		err = 0;
	if (vm && err != -ENOENT && err != -EBUSY)
		req.ncores = n = vm->nvcpus;
	if (!err) {
		out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
		err = out ? vm_snapshot_regs(vm, out) : -ENOMEM;
	}
	vms_unlock();
	if ((!err || err == -E2BIG) && copy_to_user(arg, &req, sizeof(req)))
		err = -EFAULT;
	if (!err && copy_to_user(u64_to_user_ptr(req.vcpus), out,
				 array_size(n, sizeof(*out))))
		err = -EFAULT;
	kvfree(out);
	return err;
}

/* STAT_DESC: the name of per-vCPU statistic `index`; -ERANGE past them. */
static long ioctl_stat_desc(void __user *arg)
{
	struct v3_stat_desc d;
	long err;

	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	memset(d.name, 0, sizeof(d.name));
	memset(d.desc, 0, sizeof(d.desc));
	err = vm_stat_desc(&d);
	if (!err && copy_to_user(arg, &d, sizeof(d)))
		err = -EFAULT;
	return err;
}

/*
 * VCPU_STATS: one vCPU's statistics, min(nstats, the module's count) of
 * them into the caller's array; nstats comes back as the module's count.
 */
static long ioctl_vcpu_stats(void __user *arg)
{
	struct v3_vcpu_stats req;
	unsigned int room;
	struct vm *vm;
	u64 *values;
	long err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.reserved)
		return -EINVAL;
	req.name[V3_NAME_MAX - 1] = '\0';
	room = min_t(u32, req.nstats, vm_stat_count());
	values = kcalloc(vm_stat_count(), sizeof(*values), GFP_KERNEL);
	if (!values)
		return -ENOMEM;
	vms_lock();
	vm = vm_get_by_name(req.name);
	err = vm ? vm_vcpu_stats(vm, &req, values) : -ENOENT;
	vms_unlock();
	if (!err && copy_to_user(u64_to_user_ptr(req.values), values,
				 room * sizeof(*values)))
		err = -EFAULT;
	if (!err && copy_to_user(arg, &req, sizeof(req)))
		err = -EFAULT;
	kfree(values);
	return err;
}

static long ioctl_destroy(void __user *arg)
{
	struct v3_vm_ref req;
	struct vm *vm;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	req.name[V3_NAME_MAX - 1] = '\0';
	vms_lock();
	vm = vm_get_by_name(req.name);
	if (vm && (!vm_published(vm) || vm->run_owner)) {
		vms_unlock();
		return -EBUSY; /* being built, or a `v3ctl run` uses it */
	}
	if (vm)
		vm_unlist(vm);
	vms_unlock();
	if (!vm)
		return -ENOENT;
	return vm_destroy(vm); /* gone either way; -EIO if not all came back */
}

static long run_ioctl(struct run_session *s, unsigned int cmd,
		      void __user *uarg)
{
	switch (cmd) {
	case V3_IOC_RUN_START:
		return run_start(s, uarg);
	case V3_IOC_RUN_WAIT:
		return run_wait(s, uarg);
	case V3_IOC_RUN_REPLY:
		return run_reply(s, uarg);
	default:
		return run_signal(s, uarg);
	}
}

/* The ioctls that build the file's own VM, under the file's lock. */
static long build_ioctl(struct v3_file *f, unsigned int cmd, void __user *uarg)
{
	struct vm *vm = f->vm;

	if (cmd == V3_IOC_VM_CREATE)
		return ioctl_create(f, uarg);
	if (!vm)
		return -ENOENT;
	switch (cmd) {
	case V3_IOC_VM_ADD_MEMORY:
		return ioctl_add_memory(vm, uarg);
	case V3_IOC_VM_ADD_CORE:
		return ioctl_add_core(vm, uarg);
	case V3_IOC_VM_LOAD:
		return ioctl_load(vm, uarg);
	default:
		return ioctl_start(f, vm);
	}
}

static long v3vmm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct v3_file *f = file->private_data;
	long err;

	switch (cmd) {
	case V3_IOC_VERSION: {
		struct v3_version v = { .abi_version = V3VEE_ABI_VERSION };

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case V3_IOC_VM_CREATE:
	case V3_IOC_VM_ADD_MEMORY:
	case V3_IOC_VM_ADD_CORE:
	case V3_IOC_VM_LOAD:
	case V3_IOC_VM_START:
		if (mutex_lock_interruptible(&f->lock))
			return -EINTR;
		err = build_ioctl(f, cmd, uarg);
		mutex_unlock(&f->lock);
		return err;
	case V3_IOC_VM_LIST:
		return ioctl_list(uarg);
	case V3_IOC_VM_STATS:
		return ioctl_stats(uarg);
	case V3_IOC_CONSOLE_READ:
		return ioctl_console(uarg);
	case V3_IOC_VM_DESTROY:
		return ioctl_destroy(uarg);
	case V3_IOC_VM_REGS:
		return ioctl_regs(uarg);
	case V3_IOC_STAT_DESC:
		return ioctl_stat_desc(uarg);
	case V3_IOC_VCPU_STATS:
		return ioctl_vcpu_stats(uarg);
	case V3_IOC_RUN_START:
	case V3_IOC_RUN_WAIT:
	case V3_IOC_RUN_REPLY:
	case V3_IOC_RUN_SIGNAL:
		if (mutex_lock_interruptible(&f->run_lock))
			return -EINTR;
		err = run_ioctl(&f->run, cmd, uarg);
		mutex_unlock(&f->run_lock);
		return err;
	default:
		return -ENOTTY;
	}
}

static int v3vmm_open(struct inode *inode, struct file *file)
{
	struct v3_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	mutex_init(&f->run_lock);
	/* misc_open() left the miscdevice here; we keep our own state. */
	file->private_data = f;
	return 0;
}

static int v3vmm_release(struct inode *inode, struct file *file)
{
	struct v3_file *f = file->private_data;

	run_release(&f->run);
	/* No ioctl runs on a file being released: f->vm is stable. */
	if (f->vm) {
		vms_lock();
		vm_unlist(f->vm);
		vms_unlock();
		vm_destroy(f->vm);
	}
	kfree(f);
	return 0;
}

static const struct file_operations v3vmm_fops = {
	.owner = THIS_MODULE,
	.open = v3vmm_open,
	.unlocked_ioctl = v3vmm_ioctl,
	.release = v3vmm_release,
	.llseek = noop_llseek,
};

static struct miscdevice v3vmm_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "v3vmm",
	.fops = &v3vmm_fops,
	.mode = 0600,
};

static int __init v3vmm_init(void)
{
	int err = arch_check_cpu();

	if (!err)
		err = arch_check_host_ipis();
	if (err)
		return err;
	err = guest_mem_init();
	if (err)
		return err;
	err = core_takeover_init();
	if (err) {
		guest_mem_exit();
		return err;
	}
	err = misc_register(&v3vmm_dev);
	if (err) {
		core_takeover_exit();
		guest_mem_exit();
		return err;
	}
	pr_info("v3vmm: loaded, ABI %d, /dev/v3vmm\n", V3VEE_ABI_VERSION);
	return 0;
}

static void __exit v3vmm_exit(void)
{
	/* Open files and started VMs hold module references: none is left. */
	misc_deregister(&v3vmm_dev);
	core_takeover_exit();
	/* Every block is back: the onlining worker can go. */
	guest_mem_exit();
	pr_info("v3vmm: unloaded\n");
}

module_init(v3vmm_init);
module_exit(v3vmm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("v3vee: run a lightweight kernel on cores and memory taken from Linux");
