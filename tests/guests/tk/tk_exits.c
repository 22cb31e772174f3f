// SPDX-License-Identifier: GPL-2.0
/*
 * Modes for the instructions a VMM intercepts and completes itself
 * (vmm-module/arch/x86/svm_exits.c), each checked against what AMD
 * hardware does. Every check prints one line, "tk: MODE: WHAT: ok" or
 * "tk: MODE: WHAT: FAIL ...", so a test can tell which differ; the mode
 * fails if any does.
 *
 *   osxsave     CPUID.1:ECX.OSXSAVE and 7.0:ECX.OSPKE follow CR4
 *   singlestep  with RFLAGS.TF set, each emulated instruction (CPUID,
 *               IN, OUT, RDMSR, WRMSR, VMMCALL, WBINVD, INVD, RDPMC, an
 *               APIC store) raises one single-step #DB right after it,
 *               DR6.BS set; one that faults gets its fault and no #DB
 *   msrs        PerfEvtSel0-3/PerfCtr0-3 keep what is written, a
 *               reserved PerfEvtSel bit is #GP, TSC writes move RDTSC,
 *               TSC_AUX starts at 0 and RDTSCP reads it, clearing
 *               APIC_BASE's enable bit is #GP
 *   rdpmc       RDPMC 0-3 read PerfCtr0-3, index 4 is #GP; RDPRU is
 *               not offered and is #UD
 *   prefixes    prefixed CPUID, RDMSR, WRMSR, VMMCALL, RDPMC and WBINVD
 *               resume after their last byte
 *   efer        EFER: reserved bits #GP, LMA writes ignored, LME
 *               settable with paging off, #GP with paging on
 *
 * Plain QEMU (TCG) differs from hardware in places (no #GP for unknown
 * or reserved MSR bits, RDPMC is #UD, the AMD counter MSRs read 0, TSC
 * writes do not move RDTSC); tests/integration/emuhost_vmm_exits.sh
 * lists what it expects natively.
 */
#include "tk.h"

#define MSR_TSC 0x10
#define MSR_APIC_BASE 0x1b
#define MSR_EFER 0xc0000080
#define MSR_TSC_AUX 0xc0000103
#define MSR_PERFEVTSEL0 0xc0010000
#define MSR_PERFCTR0 0xc0010004
#define APIC_BASE_ENABLE (1u << 11)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_SVME (1u << 12)
#define CR0_PG (1u << 31)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_OSXSAVE (1u << 18)
#define CR4_PKE (1u << 22)
#define DR6_BS (1u << 14)
#define DR6_INIT 0xffff0ff0u
#define VEC_UD 6
#define VEC_GP 13

static int bad;

static void check(const char *mode, const char *what, bool ok, const char *why)
{
	if (ok) {
		tk_printf("tk: %s: %s: ok\n", mode, what);
	} else {
		tk_printf("tk: %s: %s: FAIL %s\n", mode, what, why);
		bad++;
	}
}

static u32 read_cr4(void)
{
	u32 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void write_cr4(u32 v)
{
	asm volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

static u32 cpuid_reg(u32 leaf, u32 sub, int reg)
{
	u32 r[4];

	cpuid(leaf, sub, r);
	return r[reg];
}

/* ---- osxsave ---- */

static bool osxsave_bit(void)
{
	return cpuid_reg(1, 0, 2) >> 27 & 1;
}

static bool ospke_bit(void)
{
	return cpuid_reg(7, 0, 2) >> 4 & 1;
}

TK_MODE(osxsave)
{
	u32 cr4 = read_cr4();
	bool xsave = cpuid_reg(1, 0, 2) >> 26 & 1;
	bool pku = cpuid_reg(0, 0, 0) >= 7 && (cpuid_reg(7, 0, 2) >> 3 & 1);

	tk_printf("tk: osxsave: CR4 0x%x, XSAVE %d, PKU %d\n", cr4, xsave, pku);
	write_cr4(cr4 & ~(CR4_OSXSAVE | CR4_PKE));
	check("osxsave", "OSXSAVE clear with CR4.OSXSAVE clear", !osxsave_bit(),
	      "(CPUID says 1)");
	if (xsave) {
		write_cr4(read_cr4() | CR4_OSXSAVE);
		check("osxsave", "OSXSAVE set with CR4.OSXSAVE set",
		      osxsave_bit(), "(CPUID says 0)");
		write_cr4(read_cr4() & ~CR4_OSXSAVE);
		check("osxsave", "OSXSAVE clear again", !osxsave_bit(),
		      "(CPUID says 1)");
	}
	if (cpuid_reg(0, 0, 0) >= 7) {
		check("osxsave", "OSPKE clear with CR4.PKE clear", !ospke_bit(),
		      "(CPUID says 1)");
		if (pku) {
			write_cr4(read_cr4() | CR4_PKE);
			check("osxsave", "OSPKE set with CR4.PKE set",
			      ospke_bit(), "(CPUID says 0)");
			write_cr4(read_cr4() & ~CR4_PKE);
		}
	}
	write_cr4(cr4);
	return bad;
}

/* ---- singlestep ---- */

static volatile u32 db_count, db_eip, db_dr6;

/* Records the first single-step trap and stops stepping. */
static void on_db(struct tk_frame *f)
{
	u32 dr6;

	asm volatile("mov %%dr6, %0" : "=r"(dr6));
	if (!db_count++) {
		db_eip = f->eip;
		db_dr6 = dr6;
	}
	f->eflags &= ~EFLAGS_TF;
}

/*
 * Runs insn with TF set (POPF sets it, so the trap comes after insn):
 * *after is insn's end, *next the end of the NOP after it. A fault of
 * insn resumes at the NOP (tk_fault holds it).
 */
#define STEP(insn, a, c, d, after, next)                                    \
	do {                                                                \
		u32 a_ = (a), c_ = (c), d_ = (d), b_ = 0;                   \
		tk_fault = -1;                                              \
		db_count = 0;                                               \
		asm volatile("mov %0, %%dr6" ::"r"(DR6_INIT));              \
		asm volatile("pushf\n orl $0x100, (%%esp)\n popf\n"         \
			     "71: " insn "\n"                               \
			     "72: nop\n"                                    \
			     "73:\n"                                        \
			     ".pushsection .tk_fixup, \"a\"\n"              \
			     ".long 71b, 72b\n.popsection\n"                \
			     "movl $72b, %4\n movl $73b, %5\n"              \
			     : "+a"(a_), "+c"(c_), "+d"(d_), "+b"(b_),      \
			       "=m"(after), "=m"(next)                      \
			     :                                              \
			     : "esi", "edi", "memory", "cc");               \
	} while (0)

static void step_check(const char *what, u32 after, u32 next)
{
	if (tk_fault >= 0) {
		/* faulted: no trap for it; the NOP after the fixup traps */
		tk_printf("tk: singlestep: %s: faulted with vector %d\n", what,
			  tk_fault);
		check("singlestep", what, db_count == 1 && db_eip == next,
		      "(a #DB for the faulting instruction)");
		return;
	}
	if (db_count == 1 && db_eip == after && (db_dr6 & DR6_BS)) {
		check("singlestep", what, true, "");
		return;
	}
	tk_printf("tk: singlestep: %s: %u traps, first at 0x%x (want 0x%x), DR6 0x%x\n",
		  what, db_count, db_eip, after, db_dr6);
	check("singlestep", what, false,
	      db_eip == next ? "(no #DB after it)" : "(wrong #DB)");
}

TK_MODE(singlestep)
{
	u32 after = 0, next = 0;
	u64 efer = 0;

	tk_set_handler(1, on_db);
	tk_rdmsr(MSR_EFER, &efer);

	STEP("cpuid", 0, 0, 0, after, next);
	step_check("cpuid", after, next);
	STEP("inb %%dx, %%al", 0, 0, COM1 + 5, after, next);
	step_check("in", after, next);
	STEP("outb %%al, %%dx", 0, 0, COM1 + 7, after, next);
	step_check("out", after, next);
	STEP("rdmsr", 0, MSR_EFER, 0, after, next);
	step_check("rdmsr", after, next);
	STEP("wrmsr", (u32)efer, MSR_EFER, (u32)(efer >> 32), after, next);
	step_check("wrmsr", after, next);
	STEP("wbinvd", 0, 0, 0, after, next);
	step_check("wbinvd", after, next);
	STEP("invd", 0, 0, 0, after, next);
	step_check("invd", after, next);
	/* An unknown hypercall (-ENOSYS); #UD without a hypervisor. */
	STEP("vmmcall", 0x7fff, 0, 0, after, next);
	step_check("vmmcall", after, next);
	STEP("rdpmc", 0, 0, 0, after, next);
	step_check("rdpmc", after, next);
	/* The task priority register, as MOV r/m32, r32. */
	STEP("movl %%eax, (%%edx)", 0, 0, TK_APIC_BASE + 0x80, after, next);
	step_check("apic store", after, next);
	/* One that faults under a VMM (#GP): its fault and no #DB. */
	STEP("rdmsr", 0, 0xc0011234, 0, after, next);
	step_check("rdmsr of an absent MSR", after, next);
	tk_set_handler(1, NULL);
	return bad;
}

/* ---- msrs ---- */

static bool rdtscp_offered(void)
{
	return cpuid_reg(0x80000000, 0, 0) >= 0x80000001 &&
	       (cpuid_reg(0x80000001, 0, 3) >> 27 & 1);
}

TK_MODE(msrs)
{
	u64 v, base;
	int f, ok;
	u32 aux;

	ok = 1;
	for (int i = 0; i < 4; i++) {
		u64 sel = 0x0000000100530076ull + i; /* bit 32: event 0x176 */

		f = tk_wrmsr(MSR_PERFEVTSEL0 + i, sel) |
		    tk_rdmsr(MSR_PERFEVTSEL0 + i, &v);
		if (f || v != sel) {
			tk_printf("tk: msrs: PerfEvtSel%d: fault %d, read 0x%llx\n",
				  i, f, v);
			ok = 0;
		}
	}
	check("msrs", "PerfEvtSel0-3 keep what is written", ok, "");
	f = tk_wrmsr(MSR_PERFEVTSEL0, 1u << 21);
	check("msrs", "PerfEvtSel reserved bit 21 is #GP", f == VEC_GP,
	      "(no #GP)");
	ok = 1;
	for (int i = 0; i < 4; i++) {
		u64 ctr = 0x123456789aull * (i + 1);

		f = tk_wrmsr(MSR_PERFCTR0 + i, ctr) |
		    tk_rdmsr(MSR_PERFCTR0 + i, &v);
		if (f || v != ctr) {
			tk_printf("tk: msrs: PerfCtr%d: fault %d, read 0x%llx\n",
				  i, f, v);
			ok = 0;
		}
	}
	check("msrs", "PerfCtr0-3 keep what is written", ok, "");
	for (int i = 0; i < 4; i++) {
		tk_wrmsr(MSR_PERFEVTSEL0 + i, 0);
		tk_wrmsr(MSR_PERFCTR0 + i, 0);
	}

	base = 1ull << 40;
	f = tk_wrmsr(MSR_TSC, base);
	v = rdtsc();
	tk_printf("tk: msrs: TSC written 0x%llx (fault %d), RDTSC 0x%llx\n",
		  base, f, v);
	check("msrs", "TSC write moves RDTSC",
	      !f && v >= base && v < base + (1ull << 36), "");
	f = tk_rdmsr(MSR_TSC, &v);
	check("msrs", "RDMSR TSC reads the written TSC",
	      !f && v >= base && v < base + (1ull << 36), "");
	tk_wrmsr(MSR_TSC, 0x1000);
	v = rdtsc();
	check("msrs", "TSC write back to 0x1000", v < (1ull << 36), "");

	if (rdtscp_offered()) {
		f = tk_rdmsr(MSR_TSC_AUX, &v);
		asm volatile("rdtscp" : "=c"(aux)::"eax", "edx");
		tk_printf("tk: msrs: TSC_AUX 0x%llx (fault %d), RDTSCP 0x%x\n",
			  v, f, aux);
		check("msrs", "TSC_AUX starts at 0, RDTSCP agrees",
		      !f && v == 0 && aux == 0, "");
		f = tk_wrmsr(MSR_TSC_AUX, 0x55) | tk_rdmsr(MSR_TSC_AUX, &v);
		asm volatile("rdtscp" : "=c"(aux)::"eax", "edx");
		check("msrs", "TSC_AUX keeps 0x55, RDTSCP reads it",
		      !f && v == 0x55 && aux == 0x55, "");
	} else {
		tk_printf("tk: msrs: RDTSCP not offered\n");
	}

	tk_rdmsr(MSR_APIC_BASE, &base);
	f = tk_wrmsr(MSR_APIC_BASE, base & ~(u64)APIC_BASE_ENABLE);
	tk_rdmsr(MSR_APIC_BASE, &v);
	if (!(v & APIC_BASE_ENABLE))
		tk_wrmsr(MSR_APIC_BASE, base);
	check("msrs", "APIC_BASE enable clear is #GP, APIC stays enabled",
	      f == VEC_GP && v == base, "");
	return bad;
}

/* ---- rdpmc ---- */

static int rdpmc_safe(u32 index, u64 *val)
{
	u32 lo = 0, hi = 0;

	tk_fault = -1;
	asm volatile(TK_SAFE("rdpmc") : "+a"(lo), "+d"(hi) : "c"(index));
	*val = lo | (u64)hi << 32;
	return tk_fault < 0 ? 0 : tk_fault;
}

TK_MODE(rdpmc)
{
	int f, ok = 1;
	u64 v;

	for (int i = 0; i < 4; i++) {
		u64 ctr = 0x100000000ull * (i + 1) + 7;

		tk_wrmsr(MSR_PERFCTR0 + i, ctr);
		f = rdpmc_safe(i, &v);
		if (f || v != ctr) {
			tk_printf("tk: rdpmc: counter %d: fault %d, read 0x%llx\n",
				  i, f, v);
			ok = 0;
		}
		tk_wrmsr(MSR_PERFCTR0 + i, 0);
	}
	check("rdpmc", "RDPMC 0-3 read PerfCtr0-3", ok, "");
	f = rdpmc_safe(4, &v);
	check("rdpmc", "RDPMC 4 is #GP", f == VEC_GP, "");
	check("rdpmc", "RDPRU not offered (CPUID 0x80000008 EBX bit 4)",
	      cpuid_reg(0x80000000, 0, 0) < 0x80000008 ||
		      !(cpuid_reg(0x80000008, 0, 1) >> 4 & 1),
	      "");
	tk_fault = -1;
	asm volatile(TK_SAFE(".byte 0x0f, 0x01, 0xfd") /* rdpru */
		     ::"c"(0)
		     : "eax", "edx");
	check("rdpmc", "RDPRU is #UD", tk_fault == VEC_UD, "");
	return bad;
}

/* ---- prefixes ---- */

/*
 * A prefixed instruction followed by "jmp +0x40". Resumed one byte early
 * (the length without the prefix), the CPU decodes the instruction's last
 * opcode byte with the jump's EB as ModRM (a two-byte instruction: XOR,
 * OR or FLDPI here), the 40 as INC EAX, then ESI = 1 and NOPs up to where
 * the jump lands. A fault resumes at the landing too.
 */
#define PREFIXED(bytes, a, c, d, mis)                                       \
	do {                                                                \
		u32 a_ = (a), c_ = (c), d_ = (d), b_ = 0;                   \
		mis = 0;                                                    \
		tk_fault = -1;                                              \
		asm volatile("push %%ebp\n"                                 \
			     "81: .byte " bytes "\n"                        \
			     ".byte 0xeb, 0x40\n"                           \
			     "82: movl $1, %%esi\n"                         \
			     ".fill 0x40 - 5, 1, 0x90\n"                    \
			     "83: pop %%ebp\n"                              \
			     ".pushsection .tk_fixup, \"a\"\n"              \
			     ".long 81b, 83b\n.popsection\n"                \
			     : "+a"(a_), "+c"(c_), "+d"(d_), "+b"(b_),      \
			       "+S"(mis)                                    \
			     :                                              \
			     : "edi", "memory", "cc");                      \
	} while (0)

static void prefixed_check(const char *what, u32 mis)
{
	if (tk_fault >= 0)
		tk_printf("tk: prefixes: %s: faulted with vector %d\n", what,
			  tk_fault);
	check("prefixes", what, !mis, "(resumed inside the instruction)");
}

TK_MODE(prefixes)
{
	u32 r0[4], a = 0, b = 0, c = 0, d = 0, mis;
	u64 efer;

	/* CPUID with two DS prefixes: resumed two bytes early, the CPU
	 * runs 0F A2 again with EAX = the highest leaf. */
	cpuid(0, 0, r0);
	asm volatile(".byte 0x3e, 0x3e, 0x0f, 0xa2"
		     : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	check("prefixes", "3e 3e 0f a2 (cpuid)", a == r0[0] && b == r0[1],
	      "(CPUID ran twice)");

	/* (One DS prefix is not tried: resumed a byte early the CPU would
	 * store AL through A2 moffs32.) */
	PREFIXED("0x3e, 0x0f, 0x32", 0, MSR_EFER, 0, mis);
	prefixed_check("3e 0f 32 (rdmsr)", mis);
	tk_rdmsr(MSR_EFER, &efer);
	PREFIXED("0x3e, 0x0f, 0x30", (u32)efer, MSR_EFER, (u32)(efer >> 32),
		 mis);
	prefixed_check("3e 0f 30 (wrmsr)", mis);
	PREFIXED("0x66, 0x0f, 0x30", (u32)efer, MSR_EFER, (u32)(efer >> 32),
		 mis);
	prefixed_check("66 0f 30 (wrmsr)", mis);
	PREFIXED("0x3e, 0x0f, 0x01, 0xd9", 0x7fff, 0, 0, mis);
	prefixed_check("3e 0f 01 d9 (vmmcall)", mis);
	PREFIXED("0x3e, 0x0f, 0x33", 0, 0, 0, mis);
	prefixed_check("3e 0f 33 (rdpmc)", mis);
	PREFIXED("0x3e, 0x0f, 0x09", 0, 0, 0, mis);
	prefixed_check("3e 0f 09 (wbinvd)", mis);
	return bad;
}

/* ---- efer ---- */

static u32 pd[1024] __attribute__((aligned(4096)));

static void paging(bool on)
{
	u32 cr0;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	if (on) {
		for (u32 i = 0; i < 1024; i++)
			pd[i] = i << 22 | 0x83; /* 4 MB, present, writable */
		write_cr4(read_cr4() | CR4_PSE);
		asm volatile("mov %0, %%cr3" ::"r"(pd) : "memory");
		cr0 |= CR0_PG;
	} else {
		cr0 &= ~CR0_PG;
	}
	asm volatile("mov %0, %%cr0\n jmp 1f\n1:" ::"r"(cr0) : "memory");
}

TK_MODE(efer)
{
	u64 efer, v;
	int f;

	tk_rdmsr(MSR_EFER, &efer);
	tk_printf("tk: efer: EFER 0x%llx\n", efer);
	check("efer", "SVME reads 0", !(efer & EFER_SVME), "");
	f = tk_wrmsr(MSR_EFER, efer | 2);
	tk_rdmsr(MSR_EFER, &v);
	check("efer", "reserved bit 1 is #GP", f == VEC_GP && v == efer, "");
	f = tk_wrmsr(MSR_EFER, efer | EFER_LMA);
	tk_rdmsr(MSR_EFER, &v);
	tk_wrmsr(MSR_EFER, efer);
	tk_printf("tk: efer: LMA write: fault %d, EFER 0x%llx\n", f, v);
	check("efer", "LMA stays 0 after a write of 1", !(v & EFER_LMA), "");
	/* PAE first, as an OS entering long mode does (QEMU 7.2 TCG hangs
	 * a guest with LME set and PAE and PG clear). */
	write_cr4(read_cr4() | CR4_PAE);
	f = tk_wrmsr(MSR_EFER, efer | EFER_LME);
	tk_rdmsr(MSR_EFER, &v);
	tk_wrmsr(MSR_EFER, efer);
	write_cr4(read_cr4() & ~CR4_PAE);
	check("efer", "LME set with paging off, LMA 0",
	      !f && (v & (EFER_LME | EFER_LMA)) == EFER_LME, "");

	paging(true);
	f = tk_wrmsr(MSR_EFER, efer | EFER_LME);
	tk_rdmsr(MSR_EFER, &v);
	if (v & EFER_LME)
		tk_wrmsr(MSR_EFER, efer);
	paging(false);
	tk_printf("tk: efer: LME with paging on: fault %d, EFER 0x%llx\n", f,
		  v);
	check("efer", "LME set with paging on is #GP",
	      f == VEC_GP && !(v & EFER_LME), "");
	return bad;
}
