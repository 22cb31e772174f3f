// SPDX-License-Identifier: GPL-2.0
/*
 * Finding the CPUs (ACPI MADT) and starting the application processors
 * with INIT-SIPI-SIPI, one at a time. Each AP enters ap_entry() on its
 * own idle stack and joins the scheduler.
 */
#include <lwk/kmalloc.h>
#include <lwk/multiboot.h>
#include <lwk/printk.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/time.h>
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/cpu_setup.h>
#include <arch/paging.h>
#include <arch/percpu.h>
#include <arch/smp.h>

struct madt {
	struct acpi_header h;
	uint32_t lapic_addr;
	uint32_t flags;
} __packed;

#define MADT_LAPIC 0
#define MADT_X2APIC 9
#define MADT_ENABLED 1
#define MADT_ONLINE_CAPABLE 2

struct trampoline_params {
	uint32_t cr3;
	uint32_t efer_extra;
	uint64_t stack;
	uint64_t entry;
	uint32_t cpu;
	uint32_t pad;
};

extern const char trampoline_start[], trampoline_end[], trampoline_params[];

static uint32_t apic_ids[MAX_CPUS];
static unsigned int ncpus = 1;
static volatile unsigned int ap_started;

unsigned int smp_ncpus(void)
{
	return ncpus;
}

uint32_t smp_apic_id(unsigned int cpu)
{
	return apic_ids[cpu];
}

void smp_send_others(uint8_t vector)
{
	unsigned int self = this_cpu()->cpu_id;

	for (unsigned int c = 0; c < ncpus; c++) {
		if (c != self)
			lapic_send_ipi(apic_ids[c], vector);
	}
}

/* APIC IDs of the enabled CPUs, the boot CPU first. */
static unsigned int madt_cpus(uint32_t *ids, unsigned int max)
{
	const struct madt *madt = (const void *)acpi_find_table("APIC");
	uint32_t self = lapic_id();
	unsigned int n = 1;

	ids[0] = self;
	if (!madt)
		return 1;
	const uint8_t *p = (const uint8_t *)(madt + 1);
	const uint8_t *end = (const uint8_t *)madt + madt->h.length;

	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		uint32_t id, flags;

		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			id = p[3];
			memcpy(&flags, p + 4, 4);
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			memcpy(&id, p + 4, 4);
			memcpy(&flags, p + 8, 4);
		} else {
			continue;
		}
		if (!(flags & MADT_ENABLED) || id == self)
			continue;
		if (n == max) {
			printk("lwk: more than %u CPUs; using the first %u\n",
			       max, max);
			break;
		}
		ids[n++] = id;
	}
	return n;
}

/* A page below 1 MB that nothing the loader gave us uses. */
static uint64_t trampoline_page(void)
{
	for (uint64_t p = 0x1000; p < 0x9f000; p += PAGE_SIZE) {
		bool used = false;

		/* Entry 0 is [0, end of kernel), which covers all of low
		 * memory; what matters is what the loader placed there. */
		for (int i = 1; i < boot_info.nreserved; i++) {
			const struct mem_range *r = &boot_info.reserved[i];

			if (r->start < p + PAGE_SIZE && p < r->end)
				used = true;
		}
		if (!used)
			return p;
	}
	return 0;
}

/* Identity map of the first 1 GB (for the trampoline's last steps) plus
 * the kernel half. */
static uint64_t trampoline_page_table(void)
{
	uint64_t *pml4 = paging_alloc_table();
	uint64_t *pdpt = paging_alloc_table();
	uint64_t *pd = paging_alloc_table();

	for (int i = 0; i < 512; i++)
		pd[i] = ((uint64_t)i << 21) | PTE_P | PTE_W | PTE_PS;
	pdpt[0] = virt_to_phys(pd) | PTE_P | PTE_W;
	pml4[0] = virt_to_phys(pdpt) | PTE_P | PTE_W;
	for (int i = 256; i < 512; i++)
		pml4[i] = paging_root()[i];
	if (virt_to_phys(pml4) >= 4 * GiB)
		panic("trampoline page table above 4 GB");
	return virt_to_phys(pml4);
}

static void delay_us(uint64_t us)
{
	uint64_t t0 = tsc_read(), wait = tsc_hz() / 1000000 * us;

	while (tsc_read() - t0 < wait)
		cpu_relax();
}

__noreturn void ap_entry(unsigned int cpu)
{
	write_cr3(virt_to_phys(paging_root()));
	cpu_init(cpu);
	lapic_init();
	__atomic_store_n(&ap_started, 1, __ATOMIC_RELEASE);
	sched_idle_loop(cpu);
}

static bool start_ap(unsigned int cpu, uint64_t page,
		     struct trampoline_params *params)
{
	void *stack = kmalloc(IDLE_STACK_SIZE);

	if (!stack)
		return false;
	params->stack = (uint64_t)stack + IDLE_STACK_SIZE;
	params->cpu = cpu;
	ap_started = 0;
	lapic_send_init(apic_ids[cpu]);
	delay_us(10000);
	for (int i = 0; i < 2 && !ap_started; i++) {
		lapic_send_sipi(apic_ids[cpu], page >> 12);
		/* TCG may take a while to reach ap_entry. */
		for (int w = 0; w < 2000 && !ap_started; w++)
			delay_us(500);
	}
	if (!__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE)) {
		kfree(stack);
		return false;
	}
	return true;
}

unsigned int smp_boot(void)
{
	uint32_t ids[MAX_CPUS];
	unsigned int found = madt_cpus(ids, MAX_CPUS);
	uint64_t page = trampoline_page();
	struct trampoline_params *params;

	apic_ids[0] = ids[0];
	this_cpu()->apic_id = ids[0];
	if (found == 1)
		return 1;
	if (!page) {
		printk("lwk: no free page below 1 MB for the AP trampoline; running on one CPU\n");
		return 1;
	}
	memcpy(phys_to_virt(page), trampoline_start,
	       trampoline_end - trampoline_start);
	params = phys_to_virt(page + (trampoline_params - trampoline_start));
	params->cr3 = trampoline_page_table();
	params->efer_extra = rdmsr(MSR_EFER) & EFER_NXE;
	params->entry = (uint64_t)ap_entry;

	for (unsigned int i = 1; i < found; i++) {
		apic_ids[ncpus] = ids[i];
		if (!start_ap(ncpus, page, params)) {
			printk("lwk: CPU with APIC ID %u did not start\n", ids[i]);
			continue;
		}
		ncpus++;
	}
	return ncpus;
}

/* The lowest APIC ID that is not one of ours. */
static uint32_t foreign_apic_id(void)
{
	for (uint32_t id = 0;; id++) {
		bool ours = false;

		for (unsigned int c = 0; c < ncpus; c++)
			ours |= apic_ids[c] == id;
		if (!ours)
			return id;
	}
}

void smp_test_level_ipi(void)
{
	bool pending, level;

	lapic_test_level_self_ipi(VECTOR_TEST_LEVEL, &pending, &level);
	printk("lwk: level-triggered IPI to this CPU (test option): pending %d, level %d\n",
	       pending, level);
}

void smp_test_ipi_outside(bool init)
{
	uint32_t id = foreign_apic_id();

	printk("lwk: sending %s to APIC ID %u, which is not one of this kernel's CPUs (test option)\n",
	       init ? "an INIT" : "a fixed IPI", id);
	if (init)
		lapic_send_init(id);
	else
		lapic_send_ipi(id, VECTOR_TEST_OUTSIDE);
	printk("lwk: the IPI left this CPU; the program runs\n");
}
