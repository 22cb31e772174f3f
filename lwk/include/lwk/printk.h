/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output to the console. The format language is the C one for
 * %d %i %u %x %X %o %c %s %p %% with the l, ll, z and h length modifiers,
 * '-' '0' and width/precision ('*' too). Floating point is not supported
 * (the kernel is built without SSE).
 */
#ifndef LWK_PRINTK_H
#define LWK_PRINTK_H

#include <lwk/types.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printk(const char *fmt, ...) __printf(1, 2);

/* Prints "lwk: panic: ..." with a backtrace-free register-less report and
 * stops the machine (power-off with status 125 unless lwk.keep is set). */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#endif
