// SPDX-License-Identifier: GPL-2.0
/* printk and panic. */
#include <lwk/console.h>
#include <lwk/power.h>
#include <lwk/printk.h>

int printk(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write(line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
	return n;
}

void panic(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk("lwk: panic: %s\n", line);
	power_off(LWK_STATUS_PANIC);
}
