/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel console: 16550 UART natively, the hypercall console under v3vee. */
#ifndef LWK_CONSOLE_H
#define LWK_CONSOLE_H

#include <lwk/types.h>

void console_init(void);
/* Writes n bytes; "\n" becomes "\r\n" on the UART. Never fails. */
void console_write(const char *buf, size_t n);

#endif
