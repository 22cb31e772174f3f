// SPDX-License-Identifier: GPL-2.0
/*
 * 16550 UART on COM1, transmit only: the native console (console.c picks
 * it). Polled, so it works before interrupts exist and from any context.
 */
#include <arch/cpu.h>
#include <arch/serial.h>

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding register */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_LCR_DLAB 0x80

void uart_init(void)
{
	outb(COM1 + UART_IER, 0);              /* no interrupts */
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + 0, 1);                     /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + UART_LCR, 0x03);           /* 8N1 */
	outb(COM1 + UART_FCR, 0x07);           /* FIFO on, cleared */
	outb(COM1 + UART_MCR, 0x03);           /* DTR, RTS */
}

static void uart_putc(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000; i++) {
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_THR, (uint8_t)c);
}

void uart_write(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
}
