// SPDX-License-Identifier: GPL-2.0
/* The module's VMs: names, creation, and giving everything back. */
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "vmm.h"

static LIST_HEAD(vms);
static DEFINE_MUTEX(vms_lock);

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

struct vm *vm_create(const char *name)
{
	struct vm *vm, *other;

	if (!name_ok(name))
		return ERR_PTR(-EINVAL);
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	strscpy(vm->name, name, sizeof(vm->name));
	mutex_init(&vm->lock);
	INIT_LIST_HEAD(&vm->blocks);

	mutex_lock(&vms_lock);
	list_for_each_entry(other, &vms, link) {
		if (!strcmp(other->name, name)) {
			mutex_unlock(&vms_lock);
			kfree(vm);
			return ERR_PTR(-EEXIST);
		}
	}
	list_add_tail(&vm->link, &vms);
	mutex_unlock(&vms_lock);
	return vm;
}

void vm_destroy(struct vm *vm)
{
	mutex_lock(&vms_lock);
	list_del(&vm->link);
	mutex_unlock(&vms_lock);
	mutex_lock(&vm->lock);
	guest_mem_release_all(vm);
	mutex_unlock(&vm->lock);
	kfree(vm);
}

int vm_count(void)
{
	struct vm *vm;
	int n = 0;

	mutex_lock(&vms_lock);
	list_for_each_entry(vm, &vms, link)
		n++;
	mutex_unlock(&vms_lock);
	return n;
}
