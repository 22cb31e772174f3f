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

#define CMDLINE_MAX 4096
#define NO_BROADCAST_OPT "no_ipi_broadcast="

/* The value of the last no_ipi_broadcast= (as Linux parses it), or 0. */
static int no_broadcast_value(char *cmdline)
{
	int value = 0;
	char *token;

	while ((token = strsep(&cmdline, " \t\n")) != NULL) {
		int parsed;

		if (!str_has_prefix(token, NO_BROADCAST_OPT))
			continue;
		if (!kstrtoint(token + strlen(NO_BROADCAST_OPT), 0, &parsed))
			value = parsed;
	}
	return value;
}

static ssize_t read_cmdline(char *buf, size_t size)
{
	struct file *file = filp_open("/proc/cmdline", O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t len;

	if (IS_ERR(file))
		return PTR_ERR(file);
	len = kernel_read(file, buf, size - 1, &pos);
	filp_close(file, NULL);
	if (len >= 0)
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
