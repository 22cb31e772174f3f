// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel console: the hypercall console under v3vee, else COM1. One
 * lock serialises both, so lines from different CPUs never interleave
 * within a console_write() call.
 */
#include <lwk/console.h>
#include <lwk/spinlock.h>
#include <arch/serial.h>
#include <arch/v3vee.h>

static spinlock_t console_lock = SPINLOCK_INIT;
static bool use_hypercall;

void console_init(void)
{
	use_hypercall = v3vee_has(V3_FEAT_CONSOLE);
	if (use_hypercall)
		return;
	/* A VMM without the console hypercall still emulates COM1's
	 * transmit side, but only that: the line settings are not for it. */
	if (!on_v3vee())
		uart_init();
}

void console_write(const char *buf, size_t n)
{
	spin_lock(&console_lock);
	if (use_hypercall)
		v3vee_console_write(buf, n);
	else
		uart_write(buf, n);
	spin_unlock(&console_lock);
}
