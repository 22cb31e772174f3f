// SPDX-License-Identifier: GPL-2.0
/*
 * v3vmm.ko: the control device /dev/v3vmm. Each open file may create one
 * VM; until the VM is started it belongs to that file, so a v3ctl that
 * dies half-way through a create gives everything back when its file is
 * closed. Work in progress (issue 5): memory only so far.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include "vmm.h"

static long ioctl_create(struct file *file, void __user *arg)
{
	struct v3_vm_create req;
	struct vm *vm;

	if (file->private_data)
		return -EBUSY; /* one VM per open file */
	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.abi_version != V3VEE_ABI_VERSION || req.flags)
		return -EINVAL;
	req.name[V3_NAME_MAX - 1] = '\0';
	vm = vm_create(req.name);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	file->private_data = vm;
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
	err = guest_mem_take_block(vm, &b);
	if (!err) {
		req.phys = b->phys;
		req.bytes = b->bytes;
		req.total_bytes = vm->mem_bytes;
	}
	mutex_unlock(&vm->lock);
	if (err)
		return err;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long ioctl_info(struct vm *vm, void __user *arg)
{
	struct v3_vm_info info = { 0 };

	mutex_lock(&vm->lock);
	strscpy(info.name, vm->name, sizeof(info.name));
	info.mem_bytes = vm->mem_bytes;
	info.nblocks = vm->nblocks;
	mutex_unlock(&vm->lock);
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long v3vmm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct vm *vm = file->private_data;

	switch (cmd) {
	case V3_IOC_VERSION: {
		struct v3_version v = { .abi_version = V3VEE_ABI_VERSION };

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case V3_IOC_VM_CREATE:
		return ioctl_create(file, uarg);
	case V3_IOC_VM_ADD_MEMORY:
		return vm ? ioctl_add_memory(vm, uarg) : -ENOENT;
	case V3_IOC_VM_INFO:
		return vm ? ioctl_info(vm, uarg) : -ENOENT;
	default:
		return -ENOTTY;
	}
}

static int v3vmm_open(struct inode *inode, struct file *file)
{
	/* misc_open() left the miscdevice here; we keep the file's VM. */
	file->private_data = NULL;
	return 0;
}

static int v3vmm_release(struct inode *inode, struct file *file)
{
	if (file->private_data)
		vm_destroy(file->private_data);
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
	int err = misc_register(&v3vmm_dev);

	if (err)
		return err;
	pr_info("v3vmm: loaded, ABI %d, /dev/v3vmm\n", V3VEE_ABI_VERSION);
	return 0;
}

static void __exit v3vmm_exit(void)
{
	/* An open file holds a module reference, so no VM exists here. */
	misc_deregister(&v3vmm_dev);
	pr_info("v3vmm: unloaded\n");
}

module_init(v3vmm_init);
module_exit(v3vmm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("v3vee: run a lightweight kernel on cores and memory taken from Linux");
