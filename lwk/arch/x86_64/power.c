// SPDX-License-Identifier: GPL-2.0
/*
 * Ending the machine. The status goes to the debug-exit port first (QEMU's
 * isa-debug-exit and v3vmm both take it; elsewhere the port is unused),
 * then ACPI S5: PM1a_CNT from the FADT, SLP_TYPa from the \_S5 package
 * found by a byte search of the DSDT (no AML interpreter needed). Under
 * v3vee there is no ACPI hardware at all: the exit hypercall ends the VM.
 */
#include <lwk/cmdline.h>
#include <lwk/power.h>
#include <lwk/printk.h>
#include <lwk/string.h>
#include <lwk/time.h>
#include <arch/acpi.h>
#include <arch/cpu.h>
#include <arch/paging.h>
#include <arch/v3vee.h>

#define DEBUG_EXIT_PORT 0xf4
#define SLP_EN (1 << 13)
#define SCI_EN 1

struct fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t reserved;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	uint8_t acpi_disable;
	uint8_t s4bios_req;
	uint8_t pstate_cnt;
	uint32_t pm1a_evt_blk;
	uint32_t pm1b_evt_blk;
	uint32_t pm1a_cnt_blk;
	uint32_t pm1b_cnt_blk;
} __packed;

static uint16_t inw(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* SLP_TYPa of \_S5 in the DSDT, or -1. */
static int s5_sleep_type(const struct fadt *fadt)
{
	const struct acpi_header *dsdt;
	const uint8_t *aml, *end;

	if (!fadt->dsdt)
		return -1;
	dsdt = phys_to_virt(fadt->dsdt);
	if (memcmp(dsdt->signature, "DSDT", 4))
		return -1;
	aml = (const uint8_t *)(dsdt + 1);
	end = (const uint8_t *)dsdt + dsdt->length;
	for (; aml + 8 < end; aml++) {
		if (memcmp(aml, "_S5_", 4) || aml[4] != 0x12) /* PackageOp */
			continue;
		const uint8_t *p = aml + 5;

		p += ((*p >> 6) & 3) + 1; /* PkgLength */
		p++;                      /* NumElements */
		if (*p == 0x0a)           /* BytePrefix */
			return p[1];
		if (*p == 0x00 || *p == 0x01) /* ZeroOp, OneOp */
			return *p;
		return -1;
	}
	return -1;
}

static void acpi_power_off(void)
{
	const struct fadt *fadt = (const void *)acpi_find_table("FACP");
	int slp_typ;

	if (!fadt || !fadt->pm1a_cnt_blk)
		return;
	slp_typ = s5_sleep_type(fadt);
	if (slp_typ < 0)
		return;
	if (!(inw(fadt->pm1a_cnt_blk) & SCI_EN) && fadt->smi_cmd &&
	    fadt->acpi_enable) {
		outb(fadt->smi_cmd, fadt->acpi_enable);
		for (int i = 0; i < 1000000 && !(inw(fadt->pm1a_cnt_blk) & SCI_EN);
		     i++)
			cpu_relax();
	}
	outw(fadt->pm1a_cnt_blk, (slp_typ << 10) | SLP_EN);
	if (fadt->pm1b_cnt_blk)
		outw(fadt->pm1b_cnt_blk, (slp_typ << 10) | SLP_EN);
}

/* The VMM's FADT-less ACPI has no power-off, and the ACPI ports are
 * denied: ask the VMM, through the hypercall or its emulated debug-exit
 * port. */
static __noreturn void v3vee_power_off(int status)
{
	if (v3vee_has(V3_FEAT_EXIT))
		v3vee_exit(status);
	outb(V3_PORT_DEBUG_EXIT, (uint8_t)status);
	printk("lwk: the VMM did not end the VM; halting\n");
	cpu_halt_forever();
}

void power_off(int status)
{
	irq_disable();
	if (lwk_options.keep) {
		printk("lwk: halted (lwk.keep)\n");
		cpu_halt_forever();
	}
	if (on_v3vee())
		v3vee_power_off(status);
	outb(DEBUG_EXIT_PORT, (uint8_t)status);
	acpi_power_off();
	/* Emulators act on the power-off request asynchronously: give it a
	 * second before declaring failure. */
	for (uint64_t t0 = tsc_read(); tsc_read() - t0 < tsc_hz();)
		cpu_relax();
	printk("lwk: power-off failed; halting\n");
	cpu_halt_forever();
}
