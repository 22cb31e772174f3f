// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy 8259 PICs. The BIOS leaves the master at vectors 8-15, on
 * top of the CPU exceptions, with the PIT's IRQ 0 live. The LWK uses only
 * the local APIC, so both PICs are moved out of the way (vectors
 * 0x20-0x2f) and every line is masked. A v3vee guest has no PIC (its
 * ports are denied) and so nothing to move.
 */
#include <arch/cpu.h>
#include <arch/irq.h>
#include <arch/v3vee.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1

void pic_disable(void)
{
	if (on_v3vee())
		return;
	outb(PIC1_CMD, 0x11); /* ICW1: init, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 0x20); /* ICW2: vector base */
	outb(PIC2_DATA, 0x28);
	outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xff); /* mask everything */
	outb(PIC2_DATA, 0xff);
}
