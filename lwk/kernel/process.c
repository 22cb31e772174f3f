// SPDX-License-Identifier: GPL-2.0
/* The program's lifetime: its threads, and the end of it. */
#include <lwk/cmdline.h>
#include <lwk/fs.h>
#include <lwk/power.h>
#include <lwk/printk.h>
#include <lwk/task.h>
#include <arch/percpu.h>

struct process the_process;

struct thread *current_thread(void)
{
	return this_cpu()->current;
}

__noreturn void process_exit(int status)
{
	status &= 0xff;
	printk("lwk: program exited with status %d\n", status);
	fs_report(lwk_options.showfiles);
	power_off(status);
}

__noreturn void process_kill(int signal)
{
	printk("lwk: program exited with status %d (killed by signal %d)\n",
	       128 + signal, signal);
	fs_report(lwk_options.showfiles);
	power_off(128 + signal);
}
