// SPDX-License-Identifier: GPL-2.0
/*
 * Whether the host's Linux may broadcast IPIs. With "IPI shorthands"
 * (all-but-self, all-including-self) on, Linux 6.1 sends its function-call
 * and reboot IPIs to every local APIC on the bus, offline CPUs included:
 * they would land in a guest's IDT on a taken core (an SVM guest takes
 * physical interrupts through its own IDT). Linux turns shorthands off
 * only while a single CPU is online, or always with no_ipi_broadcast=1 on
 * its command line. The switch is not exported, so the module reads the
 * command line the kernel booted with.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "../../vmm.h"

#define CMDLINE_MAX (16 * 1024) /* bootconfig can make it long */
#define NO_BROADCAST_PARAM "no_ipi_broadcast"

/* Parameter names as Linux compares them: '-' and '_' are the same. */
static bool param_names_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

/*
 * The value Linux took for no_ipi_broadcast= (0 if absent): the words
 * split as Linux splits them (quotes too), up to "--" (the rest is
 * init's), each value read by get_option() like Linux's own handler, so
 * that a later word overrides an earlier one and junk after a number
 * counts as Linux counts it.
 */
static int no_broadcast_value(char *cmdline)
{
	int value = 0;

	cmdline = skip_spaces(cmdline);
	while (*cmdline) {
		char *param, *val;

		cmdline = next_arg(cmdline, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (val && param_names_equal(param, NO_BROADCAST_PARAM))
			get_option(&val, &value);
	}
	return value;
}

/* The whole of /proc/cmdline, NUL-terminated; -E2BIG if it does not fit. */
static ssize_t read_cmdline(char *buf, size_t size)
{
	struct file *file = filp_open("/proc/cmdline", O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t len = 0, got;

	if (IS_ERR(file))
		return PTR_ERR(file);
	do {
		got = kernel_read(file, buf + len, size - 1 - len, &pos);
		if (got > 0)
			len += got;
	} while (got > 0 && len < (ssize_t)size - 1);
	filp_close(file, NULL);
	if (got < 0)
		return got;
	if (len == (ssize_t)size - 1)
		return -E2BIG;
	buf[len] = '\0';
	return len;
}

int arch_check_host_ipis(void)
{
	char *cmdline = kmalloc(CMDLINE_MAX, GFP_KERNEL);
	ssize_t len;
	int value;

	if (!cmdline)
		return -ENOMEM;
	len = read_cmdline(cmdline, CMDLINE_MAX);
	if (len < 0) {
		pr_err("v3vmm: cannot read /proc/cmdline (%zd) to check for no_ipi_broadcast=1\n",
		       len);
		kfree(cmdline);
		return (int)len;
	}
	value = no_broadcast_value(cmdline);
	kfree(cmdline);
	if (!value) {
		pr_err("v3vmm: this Linux broadcasts IPIs, which would reach the cores VMs run on; boot it with no_ipi_broadcast=1\n");
		return -EPERM;
	}
	return 0;
}
