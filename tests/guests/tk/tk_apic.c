// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC as a guest sees it (Documentation/platform.md, "Local
 * APIC"). Modes:
 *
 *  irr       STI first, then a short window; then the APIC software
 *            enabled (SVR) and another window. Reports every vector that
 *            arrived: expected none (nothing was programmed). A vector the
 *            host left pending in the IRR shows here. pic=1 masks the
 *            legacy PIC first (natively its timer would arrive); the
 *            control pend=V enables the APIC and sends itself vector V
 *            before the STI, which must then be reported.
 *  apicstore stores of each form a compiler or assembler uses to the TPR
 *            (89 /r, C7 imm32, A3 moffs32, 89 with disp32, a segment
 *            override, XCHG, and in 64-bit code A3 moffs64, 67 A3
 *            moffs32, REX 89 and REX 87), each read back (XCHG: the
 *            register got the old TPR).
 *  smp       starts the APs with shorthand INIT/SIPI (all excluding self)
 *            through a real-mode trampoline at 0x7000; each AP switches
 *            to 32-bit protected mode on tk's GDT, takes a stack of its
 *            own, counts itself in (LOCK) and prints its APIC ID. Then a
 *            fixed IPI to all excluding self (every AP once, the BSP
 *            never) and one to all including self (every CPU once). The
 *            BSP writes its SVR and ICR with MOV moffs, EAX (A3), or with
 *            store=mov with MOV r/m32, r32 (89; the APs always use 89).
 *            Any other vector that arrives, on any CPU, is a failure.
 *            N: cpus=N, else the MADT's enabled local APICs.
 *            pic=1 runs the 8259 ICW sequence and masks both PICs.
 */
#include "tk.h"

#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_IRR 0x200
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define SVR_ENABLE 0x100
#define ICR_BUSY (1u << 12)
#define ICR_ASSERT 0x4000
#define ICR_INIT 0x500
#define ICR_SIPI 0x600
#define ICR_SELF 0x40000
#define ICR_ALL_INC 0x80000
#define ICR_ALL_BUT 0xc0000

#define TRAMP_ADDR 0x7000
#define MAX_CPUS 16
#define IPI_BUT 0x40
#define IPI_INC 0x41

static void delay(u64 cycles)
{
	u64 t0 = rdtsc();

	while (rdtsc() - t0 < cycles)
		asm volatile("pause");
}

/* Mask both 8259s after the ICW sequence (vectors 0x20 and 0x28). */
static void pic_mask(void)
{
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 0x20);
	outb(0xa1, 0x28);
	outb(0x21, 0x04);
	outb(0xa1, 0x02);
	outb(0x21, 0x01);
	outb(0xa1, 0x01);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* Every vector counted so far (interrupts without a handler), printed. */
static u32 report_vectors(const char *when)
{
	u32 n = 0;

	for (int v = 32; v < 256; v++) {
		if (tk_irq_count[v]) {
			tk_printf("tk: irr: %s: vector 0x%x arrived %u times\n",
				  when, v, tk_irq_count[v]);
			n += tk_irq_count[v];
			tk_irq_count[v] = 0;
		}
	}
	return n;
}

TK_MODE(irr)
{
	u32 irr[8], n;

	if (tk_arg_u32("pic", 0))
		pic_mask();
	if (tk_arg_u32("pend", 0)) { /* the control: leave one pending */
		tk_apic_write(APIC_SVR, SVR_ENABLE | 0xff);
		tk_apic_write(APIC_ICR, ICR_SELF | ICR_ASSERT |
						(tk_arg_u32("pend", 0) & 0xff));
	}
	tk_sti();
	delay(20000000);
	tk_cli();
	n = report_vectors("after sti");
	for (int w = 0; w < 8; w++)
		irr[w] = tk_apic_read(APIC_IRR + w * 0x10);
	tk_printf("tk: irr: svr 0x%x irr %08x %08x %08x %08x", tk_apic_read(APIC_SVR),
		  irr[7], irr[6], irr[5], irr[4]);
	tk_printf(" %08x %08x %08x %08x\n", irr[3], irr[2], irr[1], irr[0]);
	/* A software-disabled APIC holds its IRR: enable it and look again. */
	tk_apic_write(APIC_SVR, SVR_ENABLE | 0xff);
	tk_sti();
	delay(20000000);
	tk_cli();
	n += report_vectors("after svr enable");
	tk_printf("tk: irr: %u unexpected interrupts\n", n);
	return n;
}

/* ---- apicstore ---- */

static int check_tpr(const char *form, u32 want)
{
	u32 got = tk_apic_read(APIC_TPR) & 0xff;

	tk_printf("tk: apicstore: %s: tpr 0x%x%s\n", form, got,
		  got == want ? "" : " (wrong)");
	return got != want;
}

/* Identity map of the first 4 GB (2 MB pages) and a GDT with a 64-bit
 * code segment at 0x18 (0x08 and 0x10 as tk's). */
u64 tk_apic_pml4[512] __attribute__((aligned(4096)));
static u64 pdpt[512] __attribute__((aligned(4096)));
static u64 pd[4][512] __attribute__((aligned(4096)));
static u64 gdt64[4] __attribute__((aligned(8))) = {
	0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull, 0x00af9a000000ffffull
};
static struct {
	u16 limit;
	u32 base;
} __attribute__((packed)) gdt64_ptr = { sizeof(gdt64) - 1, (u32)gdt64 };
extern struct {
	u16 limit;
	u32 base;
} __attribute__((packed)) tk_gdt_ptr;

/* Results of the 64-bit stores: TPR after each, the XCHG loads. */
u32 tk_apic64_tpr[4], tk_apic64_old[2];

/*
 * tk_apic_long_stores(): called in 32-bit code with paging off; enables
 * long mode (compatibility mode on tk's 32-bit CS), far-calls 64-bit
 * code that stores to the TPR in four forms, and goes back. Interrupts
 * stay off (the IDT is 32-bit). Clobbers nothing the caller keeps.
 */
void tk_apic_long_stores(void);
asm(".pushsection .text\n"
    ".globl tk_apic_long_stores\n"
    "tk_apic_long_stores:\n"
    "	pusha\n"
    "	mov %cr4, %eax\n"
    "	or $0x20, %eax\n"		/* PAE */
    "	mov %eax, %cr4\n"
    "	mov $tk_apic_pml4, %eax\n"
    "	mov %eax, %cr3\n"
    "	mov $0xc0000080, %ecx\n"
    "	rdmsr\n"
    "	or $0x100, %eax\n"		/* EFER.LME */
    "	wrmsr\n"
    "	mov %cr0, %eax\n"
    "	or $0x80000000, %eax\n"	/* PG: long mode, compatibility */
    "	mov %eax, %cr0\n"
    "	mov $tk_apic64_tpr, %ebx\n"
    "	mov $tk_apic64_old, %esi\n"
    "	lcall $0x18, $1f\n"
    "	mov %cr0, %eax\n"
    "	and $0x7fffffff, %eax\n"
    "	mov %eax, %cr0\n"
    "	mov $0xc0000080, %ecx\n"
    "	rdmsr\n"
    "	and $~0x100, %eax\n"
    "	wrmsr\n"
    "	mov %cr4, %eax\n"
    "	and $~0x20, %eax\n"
    "	mov %eax, %cr4\n"
    "	popa\n"
    "	ret\n"
    ".code64\n"
    "1:	mov %esp, %esp\n"		/* upper halves 0 */
    "	mov %ebx, %ebx\n"
    "	mov %esi, %esi\n"
    "	mov $0x70, %eax\n"
    "	movabsl %eax, 0xfee00080\n"		/* A3 moffs64 */
    "	mov 0xfee00080, %eax\n"
    "	mov %eax, 0(%rbx)\n"
    "	mov $0x80, %eax\n"
    "	addr32 movl %eax, 0xfee00080\n"	/* 67 A3 moffs32 */
    "	mov 0xfee00080, %eax\n"
    "	mov %eax, 4(%rbx)\n"
    "	mov $0xfee00000, %r11d\n"
    "	mov $0x90, %r9d\n"
    "	movl %r9d, 0x80(%r11)\n"		/* 45 89 (REX.RB) */
    "	mov 0xfee00080, %eax\n"
    "	mov %eax, 8(%rbx)\n"
    "	mov $0xa0, %r15d\n"
    "	xchgl %r15d, 0x80(%r11)\n"		/* 45 87 */
    "	mov %r15d, (%rsi)\n"
    "	mov 0xfee00080, %eax\n"
    "	mov %eax, 12(%rbx)\n"
    "	lretl\n"
    ".code32\n"
    ".popsection\n");

static int long_stores(void)
{
	static const char *const form[] = {
		"64-bit A3 moffs64 (movabs %eax, 0xfee00080)",
		"64-bit 67 A3 moffs32 (addr32 mov %eax, 0xfee00080)",
		"64-bit REX 89 (mov %r9d, 0x80(%r11))",
		"64-bit REX 87 (xchg %r15d, 0x80(%r11))",
	};
	int bad = 0;

	tk_apic_pml4[0] = (u32)pdpt | 3;
	for (int i = 0; i < 4; i++) {
		pdpt[i] = (u32)pd[i] | 3;
		for (int j = 0; j < 512; j++)
			pd[i][j] = ((u64)i << 30) + ((u64)j << 21) + 0x83;
	}
	tk_cli();
	asm volatile("lgdt %0" ::"m"(gdt64_ptr));
	tk_apic_long_stores();
	asm volatile("lgdt %0" ::"m"(tk_gdt_ptr));
	for (int i = 0; i < 4; i++) {
		u32 got = tk_apic64_tpr[i] & 0xff, want = 0x70 + 0x10 * i;

		tk_printf("tk: apicstore: %s: tpr 0x%x%s\n", form[i], got,
			  got == want ? "" : " (wrong)");
		bad += got != want;
	}
	tk_printf("tk: apicstore: 64-bit xchg loaded 0x%x\n", tk_apic64_old[0]);
	bad += tk_apic64_old[0] != 0x90;
	return bad;
}

TK_MODE(apicstore)
{
	u32 v;
	int bad = 0;

	tk_apic_write(APIC_TPR, 0x10); /* 89 /r through a base register */
	bad += check_tpr("89 (mov %reg, (%reg))", 0x10);
	asm volatile("movl %0, 0xfee00080" ::"a"(0x20) : "memory");
	bad += check_tpr("A3 moffs32 (mov %eax, 0xfee00080)", 0x20);
	asm volatile("movl $0x30, 0xfee00080" ::: "memory");
	bad += check_tpr("C7 imm32 (movl $0x30, 0xfee00080)", 0x30);
	asm volatile("movl %0, 0xfee00080" ::"c"(0x40) : "memory");
	bad += check_tpr("89 disp32 (mov %ecx, 0xfee00080)", 0x40);
	asm volatile("movl %0, %%es:(%1)" ::"a"(0x50), "d"(0xfee00080)
		     : "memory");
	bad += check_tpr("26 89 (mov %eax, %es:(%edx))", 0x50);
	v = 0x60;
	asm volatile("xchgl %0, 0xfee00080" : "+a"(v)::"memory");
	bad += check_tpr("87 (xchg %eax, 0xfee00080)", 0x60);
	tk_printf("tk: apicstore: xchg loaded 0x%x\n", v);
	bad += v != 0x50;
	if (tk_arg_u32("long", 1))
		bad += long_stores();
	tk_apic_write(APIC_TPR, 0);
	tk_printf("tk: apicstore: %d failures\n", bad);
	return bad;
}

/* ---- smp ---- */

static bool bsp_moffs = true; /* the BSP's APIC writes: A3, else 89 */

static void apic_icr(u32 low)
{
	while (tk_apic_read(APIC_ICR) & ICR_BUSY)
		asm volatile("pause");
	if (bsp_moffs)
		asm volatile("movl %0, 0xfee00300" ::"a"(low) : "memory");
	else
		tk_apic_write(APIC_ICR, low);
}

static void apic_svr_enable(void)
{
	if (bsp_moffs)
		asm volatile("movl %0, 0xfee000f0" ::"a"(SVR_ENABLE | 0xff)
			     : "memory");
	else
		tk_apic_write(APIC_SVR, SVR_ENABLE | 0xff);
}

static volatile u32 print_lock;

static void lock_print(void)
{
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		asm volatile("pause");
}

static void unlock_print(void)
{
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

u32 tk_apic_ap_next;              /* stack index, LOCK XADD */
u8 tk_apic_ap_stacks[MAX_CPUS][4096] __attribute__((aligned(16)));
static volatile u32 ap_count;
static volatile u32 ap_seen[256];  /* by APIC ID */
static volatile u32 ipi_seen[2][256];
static struct {
	u16 limit;
	u32 base;
} __attribute__((packed)) idtr;

void tk_apic_ap_main(void);

/*
 * The trampoline, copied to TRAMP_ADDR (SIPI vector 7): real mode,
 * CS = 0x700. Loads tk's GDT (pointer filled in by the BSP), enters
 * protected mode, and jumps to tk_apic_ap32 in tk's own code, which
 * takes a stack (LOCK XADD on tk_apic_ap_next) and calls C.
 */
extern const u8 tk_apic_tramp[], tk_apic_tramp_gdt[], tk_apic_tramp_end[];
asm(".pushsection .text\n"
    ".code16\n"
    ".globl tk_apic_tramp, tk_apic_tramp_gdt, tk_apic_tramp_end\n"
    "tk_apic_tramp:\n"
    "	cli\n"
    "	mov %cs, %ax\n"
    "	mov %ax, %ds\n"
    "	lgdtl tk_apic_tramp_gdt - tk_apic_tramp\n"
    "	mov %cr0, %eax\n"
    "	or $1, %eax\n"
    "	mov %eax, %cr0\n"
    "	ljmpl $0x08, $tk_apic_ap32\n"
    "tk_apic_tramp_gdt:\n"
    "	.word 0\n"
    "	.long 0\n"
    "tk_apic_tramp_end:\n"
    ".code32\n"
    "tk_apic_ap32:\n"
    "	mov $0x10, %ax\n"
    "	mov %ax, %ds\n"
    "	mov %ax, %es\n"
    "	mov %ax, %ss\n"
    "	mov %ax, %fs\n"
    "	mov %ax, %gs\n"
    "	mov $1, %eax\n"
    "	lock xadd %eax, tk_apic_ap_next\n"
    "	cmp $16, %eax\n"		/* MAX_CPUS */
    "	jae 2f\n"
    "	inc %eax\n"
    "	shl $12, %eax\n"
    "	add $tk_apic_ap_stacks, %eax\n"
    "	mov %eax, %esp\n"
    "	call tk_apic_ap_main\n"
    "2:	cli\n"
    "	hlt\n"
    "	jmp 2b\n"
    ".popsection\n");

static u32 my_apic_id(void)
{
	return tk_apic_read(APIC_ID) >> 24;
}

static void on_ipi(struct tk_frame *f)
{
	__atomic_fetch_add(&ipi_seen[f->vector - IPI_BUT][my_apic_id()], 1,
			   __ATOMIC_SEQ_CST);
	tk_apic_write(APIC_EOI, 0);
}

void tk_apic_ap_main(void)
{
	u32 id;

	asm volatile("lidt %0" ::"m"(idtr));
	tk_apic_write(APIC_SVR, SVR_ENABLE | 0xff);
	id = my_apic_id();
	__atomic_fetch_add(&ap_seen[id], 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&ap_count, 1, __ATOMIC_SEQ_CST);
	lock_print();
	tk_printf("tk: smp: AP with APIC ID %u checked in\n", id);
	unlock_print();
	for (;;)
		asm volatile("sti; hlt; cli" ::: "memory");
}

/* The MADT's enabled local APICs (their IDs in ids[]), or 0. */
static u32 madt_cpus(u8 *ids)
{
	u8 *rsdp = NULL;
	u32 n = 0;

	for (u32 a = 0xe0000; a < 0x100000; a += 16) {
		if (!tk_strncmp((const char *)a, "RSD PTR ", 8)) {
			rsdp = (u8 *)a;
			break;
		}
	}
	if (!rsdp)
		return 0;
	u32 rsdt = *(u32 *)(rsdp + 16), entry = 4;
	if (rsdp[15] >= 2 && *(u32 *)(rsdp + 24)) {
		rsdt = *(u32 *)(rsdp + 24); /* XSDT (below 4 GB here) */
		entry = 8;
	}
	u32 len = *(u32 *)(rsdt + 4);

	for (u32 off = 36; off + entry <= len; off += entry) {
		u8 *t = (u8 *)*(u32 *)(rsdt + off);

		if (tk_strncmp((const char *)t, "APIC", 4))
			continue;
		u32 tlen = *(u32 *)(t + 4);

		for (u32 p = 44; p + 2 <= tlen && t[p + 1] >= 2; p += t[p + 1]) {
			if (t[p] == 0 && (t[p + 4] & 1) && n < MAX_CPUS)
				ids[n++] = t[p + 3];
		}
	}
	return n;
}

/* Waits (bounded) until cond() holds. */
static bool wait_for(bool (*cond)(void *), void *arg)
{
	u64 t0 = rdtsc();

	while (!cond(arg)) {
		if (rdtsc() - t0 > 20000000000ull)
			return false;
		asm volatile("pause");
	}
	return true;
}

static bool all_in(void *want)
{
	return ap_count >= *(u32 *)want;
}

static bool ipis_in(void *arg)
{
	u32 k = *(u32 *)arg >> 16, want = *(u32 *)arg & 0xffff, got = 0;

	for (int id = 0; id < 256; id++)
		got += ipi_seen[k][id];
	return got >= want;
}

TK_MODE(smp)
{
	u8 ids[MAX_CPUS];
	u32 n = madt_cpus(ids), self, aps, arg;
	int bad = 0;

	if (tk_arg_u32("cpus", 0))
		n = tk_arg_u32("cpus", 0);
	if (tk_arg("store") && !tk_strncmp(tk_arg("store"), "mov", 3))
		bsp_moffs = false;
	if (n < 1 || n > MAX_CPUS) {
		tk_printf("tk: smp: %u CPUs: need 1-%u\n", n, MAX_CPUS);
		return 1;
	}
	if (tk_arg_u32("pic", 0))
		pic_mask();
	self = my_apic_id();
	aps = n - 1;
	tk_printf("tk: smp: %u CPUs, BSP APIC ID %u, APIC writes with %s\n",
		  n, self,
		  bsp_moffs ? "mov %eax, moffs32 (A3)" : "mov %reg, (%reg) (89)");
	asm volatile("sidt %0" : "=m"(idtr));
	tk_set_handler(IPI_BUT, on_ipi);
	tk_set_handler(IPI_INC, on_ipi);
	apic_svr_enable();

	memcpy((void *)TRAMP_ADDR, tk_apic_tramp,
	       tk_apic_tramp_end - tk_apic_tramp);
	memcpy((void *)(TRAMP_ADDR + (tk_apic_tramp_gdt - tk_apic_tramp)),
	       &tk_gdt_ptr, 6);
	apic_icr(ICR_ALL_BUT | ICR_ASSERT | ICR_INIT);
	delay(10000000);
	apic_icr(ICR_ALL_BUT | ICR_SIPI | (TRAMP_ADDR >> 12));
	delay(1000000);
	if (ap_count < aps)
		apic_icr(ICR_ALL_BUT | ICR_SIPI | (TRAMP_ADDR >> 12));
	if (!wait_for(all_in, &aps)) {
		tk_printf("tk: smp: only %u of %u APs checked in\n", ap_count,
			  aps);
		return 2;
	}
	lock_print();
	tk_printf("tk: smp: %u APs checked in\n", ap_count);
	unlock_print();
	if (madt_cpus(ids) == n) {
		for (u32 i = 0; i < n; i++) {
			u32 want = ids[i] != self;

			if (ap_seen[ids[i]] != want) {
				tk_printf("tk: smp: APIC ID %u checked in %u times\n",
					  ids[i], ap_seen[ids[i]]);
				bad++;
			}
		}
	}

	/* Fixed IPI, all excluding self: each AP once, not the BSP. The
	 * level bit is left clear, as Linux builds fixed IPIs: it means
	 * nothing for fixed delivery (the SDM: always issued as 1). */
	arg = 0 << 16 | aps;
	apic_icr(ICR_ALL_BUT | IPI_BUT);
	tk_sti();
	if (!wait_for(ipis_in, &arg))
		bad++;
	delay(10000000);
	tk_cli();
	/* Fixed IPI, all including self: every CPU once. */
	arg = 1 << 16 | n;
	apic_icr(ICR_ALL_INC | ICR_ASSERT | IPI_INC);
	tk_sti();
	if (!wait_for(ipis_in, &arg))
		bad++;
	delay(10000000);
	tk_cli();
	lock_print();
	for (int id = 0; id < 256; id++) {
		u32 want_but = ap_seen[id] ? 1 : 0;
		u32 want_inc = ap_seen[id] || (u32)id == self;

		if (!want_inc && !ipi_seen[0][id] && !ipi_seen[1][id])
			continue;
		tk_printf("tk: smp: APIC ID %u: all-but-self IPI %u, all-incl-self IPI %u\n",
			  id, ipi_seen[0][id], ipi_seen[1][id]);
		if (ipi_seen[0][id] != want_but || ipi_seen[1][id] != want_inc)
			bad++;
	}
	/* Any other vector, on any CPU (e.g. one the host left pending). */
	for (int v = 32; v < 256; v++) {
		if (tk_irq_count[v]) {
			tk_printf("tk: smp: unexpected vector 0x%x arrived %u times\n",
				  v, tk_irq_count[v]);
			bad++;
		}
	}
	tk_printf("tk: smp: %d failures\n", bad);
	unlock_print();
	return bad;
}
