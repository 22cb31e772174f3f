// SPDX-License-Identifier: GPL-2.0
/* The boot CPU's path from the Multiboot entry to the program. */
#include <lwk/cmdline.h>
#include <lwk/console.h>
#include <lwk/fs.h>
#include <lwk/multiboot.h>
#include <lwk/pmem.h>
#include <lwk/printk.h>
#include <lwk/run.h>
#include <lwk/sched.h>
#include <lwk/sysfiles.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <arch/cpu_setup.h>
#include <arch/apic.h>
#include <arch/irq.h>
#include <arch/smp.h>
#include <arch/paging.h>
#include <arch/v3vee.h>

#define LWK_VERSION "0.1"

void kmain(uint32_t magic, uint32_t mbi_phys)
{
	unsigned int ncpus;

	/* First: in the VM the console, the clocks and the power-off
	 * differ, and most I/O ports are denied. */
	v3vee_detect();
	console_init();
	printk("v3vee LWK " LWK_VERSION " booting\n");
	v3vee_announce();
	pic_disable();
	cpu_init(0);
	multiboot_parse(magic, mbi_phys);
	cmdline_parse(boot_info.cmdline);
	if (lwk_options.triplefault) {
		printk("lwk: triple fault on purpose (lwk.triplefault)\n");
		cpu_triple_fault();
	}
	pmem_init();
	paging_init(pmem_max_phys());
	printk("lwk: %lu MB of RAM, %s pages for the direct map\n",
	       pmem_total_bytes() >> 20, paging_has_1g_pages() ? "1 GB" : "2 MB");
	time_init();
	lapic_init();
	sched_init();
	ncpus = smp_boot();
	printk("lwk: %u CPU%s online\n", ncpus, ncpus > 1 ? "s" : "");
	if (lwk_options.ipi_outside)
		smp_test_ipi_outside(false);
	if (lwk_options.init_outside)
		smp_test_ipi_outside(true);
	if (lwk_options.level_ipi)
		smp_test_level_ipi();
	fs_init();
	sysfiles_init(ncpus);
	kernel_lock();
	/* In a VM started without a program: serve `v3ctl run`. */
	if (boot_info.nmodules || !on_v3vee() || !run_init())
		exec_first_program();
	kernel_unlock();
	sched_idle_loop(0);
}
