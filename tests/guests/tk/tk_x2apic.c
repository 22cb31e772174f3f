// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC in x2APIC mode, through its MSRs (0x800 + offset / 16),
 * as a guest on a host whose APICs run in x2APIC mode sees it
 * (Documentation/vmm.md, "The guest's APIC"). One mode:
 *
 *  x2apic    needs CPUID's x2APIC bit; puts the APIC in x2APIC mode if
 *            APIC_BASE does not show it already (natively; v3vee starts
 *            its guests in it), and masks the 8259 PICs (natively the
 *            BIOS's timer would arrive through LINT0). Then, in order:
 *            - irr: STI and a short window, then the APIC software
 *              enabled (SVR) and another: no vector may arrive (one the
 *              host left pending would). The control pend=V sends itself
 *              vector V through SELF IPI before the first STI;
 *            - writes to the read-only ID and LDR: the fault each gets,
 *              and the registers read back unchanged;
 *            - five LVT writes with a delivery mode other than fixed
 *              (unmasked), each read back and masked again: natively they
 *              take effect, under v3vee none may (printed, the test
 *              checks which);
 *            - a fixed one-shot timer (vector 0x50), SELF IPI (0x51), a
 *              fixed IPI by the self shorthand (0x52) and one to its own
 *              APIC ID (0x53): each must arrive once;
 *            - mmio=1: reads the xAPIC page (its version register);
 *            - dest=N: a fixed IPI (vector 0xe7) to APIC ID N through
 *              the ICR MSR, or with init=1 an INIT; under v3vee an APIC
 *              ID outside the VM fails it before the IPI leaves.
 */
#include "tk.h"

#define MSR_APIC_BASE 0x1b
#define BASE_X2APIC (1u << 10)
#define BASE_ENABLE (1u << 11)
#define X2_ID 0x802
#define X2_LDR 0x80d
#define X2_SVR 0x80f
#define X2_ICR 0x830
#define X2_LVTT 0x832
#define X2_LVTTHMR 0x833
#define X2_LVTPC 0x834
#define X2_LINT1 0x836
#define X2_LVTERR 0x837
#define X2_TMICT 0x838
#define X2_TDCR 0x83e
#define X2_SELF_IPI 0x83f
#define LVT_MASKED 0x10000
#define ICR_ASSERT 0x4000
#define ICR_INIT 0x500
#define ICR_SELF 0x40000

static void delay(u64 cycles)
{
	u64 t0 = rdtsc();

	while (rdtsc() - t0 < cycles)
		asm volatile("pause");
}

/* The 8259s initialised (vectors 0x20 and 0x28) and masked. */
static void pics_masked(void)
{
	static const u8 icw[][2] = {
		{ 0x20, 0x11 }, { 0xa0, 0x11 }, { 0x21, 0x20 }, { 0xa1, 0x28 },
		{ 0x21, 0x04 }, { 0xa1, 0x02 }, { 0x21, 0x01 }, { 0xa1, 0x01 },
		{ 0x21, 0xff }, { 0xa1, 0xff },
	};

	for (u32 i = 0; i < sizeof(icw) / sizeof(icw[0]); i++)
		outb(icw[i][0], icw[i][1]);
}

static u64 rd(u32 msr)
{
	u64 v = 0;

	tk_rdmsr(msr, &v);
	return v;
}

/* Every vector counted so far, printed and cleared; how many arrived. */
static u32 vectors(const char *when)
{
	u32 n = 0;

	for (int v = 32; v < 256; v++) {
		if (tk_irq_count[v]) {
			tk_printf("tk: x2apic: %s: vector 0x%x arrived %u times\n",
				  when, v, tk_irq_count[v]);
			n += tk_irq_count[v];
			tk_irq_count[v] = 0;
		}
	}
	return n;
}

static u32 irr_window(u32 pend)
{
	u32 n;

	if (pend) {
		tk_wrmsr(X2_SVR, 0x1ff);
		tk_wrmsr(X2_SELF_IPI, pend & 0xff);
	}
	tk_sti();
	delay(20000000);
	tk_cli();
	n = vectors("after sti");
	tk_wrmsr(X2_SVR, 0x1ff);
	tk_sti();
	delay(20000000);
	tk_cli();
	n += vectors("after svr enable");
	tk_printf("tk: x2apic: %u unexpected interrupts\n", n);
	return n;
}

static void read_only(const char *name, u32 msr)
{
	u64 before = rd(msr);
	int fault = tk_wrmsr(msr, before ^ 0x10);

	tk_printf("tk: x2apic: write %s: fault %d, %s\n", name, fault,
		  rd(msr) == before ? "unchanged" : "changed");
}

/* Non-fixed LVT writes that took effect (read back as written). */
static u32 lvt_writes(void)
{
	static const u32 lvt[][2] = {
		{ X2_LVTT, 0x440 },	/* NMI bits in the timer LVT */
		{ X2_LVTTHMR, 0x200 },	/* SMI */
		{ X2_LVTPC, 0x400 },	/* NMI */
		{ X2_LINT1, 0x400 },	/* NMI */
		{ X2_LVTERR, 0x741 },	/* ExtINT bits in the error LVT */
	};
	u32 took = 0;

	for (u32 i = 0; i < sizeof(lvt) / sizeof(lvt[0]); i++) {
		int fault = tk_wrmsr(lvt[i][0], lvt[i][1]);
		u32 got = rd(lvt[i][0]);

		tk_wrmsr(lvt[i][0], LVT_MASKED);
		tk_printf("tk: x2apic: LVT 0x%x write 0x%x: fault %d, reads 0x%x\n",
			  lvt[i][0], lvt[i][1], fault, got);
		took += got == lvt[i][1];
	}
	tk_printf("tk: x2apic: %u of 5 non-fixed LVT writes took effect\n", took);
	return took;
}

/* Writes val to msr, waits with STI for vector (bounded: a loaded host
 * may be slow), then a little longer; 0 if it arrived exactly once. */
static int arrives(const char *what, u32 msr, u64 val, u8 vector)
{
	u64 t0;
	u32 got;

	tk_irq_count[vector] = 0;
	tk_wrmsr(msr, val);
	tk_sti();
	t0 = rdtsc();
	while (!tk_irq_count[vector] && rdtsc() - t0 < 20000000000ull)
		asm volatile("pause");
	delay(20000000);
	tk_cli();
	got = tk_irq_count[vector];
	tk_irq_count[vector] = 0;
	tk_printf("tk: x2apic: %s: vector 0x%x arrived %u times\n", what,
		  vector, got);
	return got != 1;
}

TK_MODE(x2apic)
{
	u32 r[4];
	u64 base, id;
	int bad = 0;

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 21))) {
		tk_printf("tk: x2apic: CPUID offers no x2APIC\n");
		return 2;
	}
	base = rd(MSR_APIC_BASE);
	if (!(base & BASE_X2APIC) &&
	    tk_wrmsr(MSR_APIC_BASE, base | BASE_ENABLE | BASE_X2APIC)) {
		tk_printf("tk: x2apic: cannot enable x2APIC (APIC_BASE 0x%x)\n",
			  (u32)base);
		return 3;
	}
	tk_printf("tk: x2apic: APIC_BASE 0x%x at start, 0x%x now\n", (u32)base,
		  (u32)rd(MSR_APIC_BASE));
	tk_x2apic = 1;
	pics_masked();

	bad += irr_window(tk_arg_u32("pend", 0)) != 0;

	id = rd(X2_ID);
	tk_printf("tk: x2apic: APIC ID %u, LDR 0x%x\n", (u32)id,
		  (u32)rd(X2_LDR));
	read_only("ID", X2_ID);
	read_only("LDR", X2_LDR);
	lvt_writes();

	tk_wrmsr(X2_TDCR, 0xb); /* divide by 1 */
	tk_wrmsr(X2_LVTT, 0x50); /* one-shot, fixed */
	bad += arrives("timer", X2_TMICT, 100000, 0x50);
	tk_wrmsr(X2_LVTT, LVT_MASKED);
	bad += arrives("SELF IPI", X2_SELF_IPI, 0x51, 0x51);
	bad += arrives("ICR self shorthand", X2_ICR, ICR_SELF | ICR_ASSERT | 0x52,
		       0x52);
	bad += arrives("ICR to its own APIC ID", X2_ICR,
		       id << 32 | ICR_ASSERT | 0x53, 0x53);
	bad += vectors("other") != 0;

	if (tk_arg_u32("mmio", 0)) {
		tk_printf("tk: x2apic: reading the xAPIC page\n");
		tk_printf("tk: x2apic: xAPIC version register 0x%x\n",
			  tk_apic_read(0x30));
	}
	if (tk_arg("dest")) {
		u64 dest = tk_arg_u32("dest", 0);
		bool init = tk_arg_u32("init", 0);

		tk_printf("tk: x2apic: sending %s to APIC ID %u\n",
			  init ? "an INIT" : "a fixed IPI", (u32)dest);
		tk_wrmsr(X2_ICR, dest << 32 | ICR_ASSERT |
					 (init ? ICR_INIT : 0xe7));
		tk_printf("tk: x2apic: the IPI left this CPU\n");
	}
	tk_printf("tk: x2apic: %d failures\n", bad);
	return bad;
}
