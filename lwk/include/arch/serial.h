/* SPDX-License-Identifier: GPL-2.0 */
/* The COM1 UART (lwk/arch/x86_64/serial.c), a back end of the console. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H

#include <lwk/types.h>

/* 115200 8N1, FIFO on, no interrupts. */
void uart_init(void);
/* Sends n bytes, "\n" as "\r\n". Not serialised: the caller holds the
 * console lock. */
void uart_write(const char *buf, size_t n);

#endif
