// SPDX-License-Identifier: GPL-2.0
/* Local APIC driver; see <arch/apic.h>. */
#include <lwk/printk.h>
#include <lwk/time.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/paging.h>
#include <arch/v3vee.h>

#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_ISR 0x100
#define APIC_TMR 0x180
#define APIC_IRR 0x200
#define APIC_ESR 0x280
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0

#define LVT_MASKED (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define SVR_ENABLE (1u << 8)
#define ICR_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define ICR_LEVEL (1u << 15)
#define ICR_INIT (5u << 8)
#define ICR_SIPI (6u << 8)
#define APIC_BASE_X2APIC (1UL << 10)
#define APIC_BASE_ENABLE (1UL << 11)

static bool use_x2apic;
static bool has_tsc_deadline;
static volatile uint32_t *xapic;
/* APIC timer ticks per TSC tick, scaled by 2^32 (one-shot mode only). */
static uint64_t timer_per_tsc_q32;

static uint32_t apic_read(uint32_t reg)
{
	if (use_x2apic)
		return (uint32_t)rdmsr(0x800 + (reg >> 4));
	return xapic[reg / 4];
}

static void apic_write(uint32_t reg, uint32_t val)
{
	if (use_x2apic)
		wrmsr(0x800 + (reg >> 4), val);
	else
		xapic[reg / 4] = val;
}

uint32_t lapic_id(void)
{
	uint32_t id = apic_read(APIC_ID);

	return use_x2apic ? id : id >> 24;
}

void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static void calibrate_timer(void)
{
	uint64_t t0, t1;
	uint32_t count;

	apic_write(APIC_TIMER_DIV, 0xb); /* divide by 1 */
	apic_write(APIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	t0 = tsc_read();
	while ((t1 = tsc_read()) - t0 < tsc_hz() / 100)
		cpu_relax();
	count = 0xffffffff - apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	timer_per_tsc_q32 = ((uint64_t)count << 32) / (t1 - t0);
	if (!timer_per_tsc_q32)
		timer_per_tsc_q32 = 1;
}

void lapic_init(void)
{
	static bool probed;
	uint64_t base = rdmsr(MSR_APIC_BASE), want;

	if (!probed) {
		struct cpuid_regs r = cpuid(1, 0);

		/* v3vee offers x2APIC on hosts whose APICs run in x2APIC
		 * mode, with the guest's APIC already in it, and the xAPIC
		 * page elsewhere. It denies the TSC_DEADLINE MSR, whatever
		 * CPUID says. */
		use_x2apic = r.ecx & (1u << 21);
		has_tsc_deadline = (r.ecx & (1u << 24)) && !on_v3vee();
		xapic = phys_to_virt(base & 0xfffff000);
	}
	want = base | APIC_BASE_ENABLE;
	if (use_x2apic)
		want |= APIC_BASE_X2APIC;
	/* APIC_BASE is read-only to a v3vee guest, whose APIC comes
	 * enabled: write only when something changes. */
	if (want != base) {
		if (on_v3vee())
			panic("the VMM left the local APIC disabled (APIC_BASE 0x%lx) and does not let the guest write APIC_BASE",
			      base);
		wrmsr(MSR_APIC_BASE, want);
	}

	apic_write(APIC_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
	apic_write(APIC_LVT_THERMAL, LVT_MASKED);
	apic_write(APIC_LVT_PERF, LVT_MASKED);
	apic_write(APIC_LVT_LINT0, LVT_MASKED);
	apic_write(APIC_LVT_LINT1, LVT_MASKED);
	apic_write(APIC_LVT_ERROR, LVT_MASKED);
	apic_write(APIC_ESR, 0);
	/* End whatever is in service; its owner is gone. */
	for (int i = 0; i < 256; i++) {
		if (!(apic_read(APIC_ISR + (i / 32) * 0x10) & (1u << (i % 32))))
			continue;
		lapic_eoi();
	}
	if (!probed) {
		if (!has_tsc_deadline)
			calibrate_timer();
		printk("lwk: local APIC in %s mode, timer %s\n",
		       use_x2apic ? "x2APIC" : "xAPIC",
		       has_tsc_deadline ? "TSC-deadline" : "one-shot");
		probed = true;
	}
}

static void icr_send(uint32_t apic_id, uint32_t low)
{
	if (use_x2apic) {
		wrmsr(0x830, ((uint64_t)apic_id << 32) | low);
		return;
	}
	apic_write(APIC_ICR_HIGH, apic_id << 24);
	apic_write(APIC_ICR_LOW, low);
	for (int i = 0; i < 1000000 && (apic_read(APIC_ICR_LOW) & ICR_PENDING);
	     i++)
		cpu_relax();
}

void lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	icr_send(apic_id, ICR_ASSERT | vector);
}

/* The bit for vector in one of the APIC's 256-bit registers (ISR, TMR,
 * IRR: eight 32-bit words, 16 bytes apart). */
static bool vector_bit(uint32_t reg, uint8_t vector)
{
	return apic_read(reg + (vector / 32) * 0x10) >> (vector % 32) & 1;
}

void lapic_test_level_self_ipi(uint8_t vector, bool *pending, bool *level)
{
	icr_send(lapic_id(), ICR_ASSERT | ICR_LEVEL | vector);
	*pending = vector_bit(APIC_IRR, vector);
	*level = vector_bit(APIC_TMR, vector);
}

void lapic_send_init(uint32_t apic_id)
{
	icr_send(apic_id, ICR_ASSERT | ICR_INIT);
}

void lapic_send_sipi(uint32_t apic_id, uint8_t page)
{
	icr_send(apic_id, ICR_ASSERT | ICR_SIPI | page);
}

bool lapic_has_tsc_deadline(void)
{
	return has_tsc_deadline;
}

void lapic_timer_arm(uint64_t deadline_tsc)
{
	if (has_tsc_deadline) {
		apic_write(APIC_LVT_TIMER, LVT_TSC_DEADLINE | VECTOR_TIMER);
		wrmsr(MSR_TSC_DEADLINE, deadline_tsc ? deadline_tsc : 1);
		return;
	}
	uint64_t now = tsc_read();
	uint64_t delta = deadline_tsc > now ? deadline_tsc - now : 1;
	uint64_t count = (delta >> 16) * (timer_per_tsc_q32 >> 16);

	if (count == 0)
		count = 1;
	if (count > 0xffffffff)
		count = 0xffffffff; /* fires early; the handler re-arms */
	apic_write(APIC_LVT_TIMER, VECTOR_TIMER);
	apic_write(APIC_TIMER_INIT, (uint32_t)count);
}

void lapic_timer_cancel(void)
{
	if (has_tsc_deadline)
		wrmsr(MSR_TSC_DEADLINE, 0);
	else
		apic_write(APIC_TIMER_INIT, 0);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
}
