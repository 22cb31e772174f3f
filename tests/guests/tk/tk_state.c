// SPDX-License-Identifier: GPL-2.0
/*
 * tk "state": what the CPU's extended state and debug registers hold
 * when the guest starts (issue 17, finding 1). Run as a VM's first
 * action, everything must be in its reset state: XMM0-15 and the upper
 * halves of YMM0-15 zero, MXCSR 0x1f80, DR0-DR3 zero; anything else was
 * left there by the host (tests/host/fill_state puts a pattern in them
 * just before the VM's create: emuhost_vmm_cpustate).
 *
 * XMM8-15 and the full DR0-DR3 exist only in 64-bit mode: tk_state_grab
 * goes to long mode (identity-mapped first GB, 2 MB pages), saves the
 * state with XSAVE (FXSAVE without XSAVE) and the debug registers, and
 * comes back to tk's 32-bit protected mode. Nothing before it touches
 * those registers (tk is built without SSE).
 */
#include "tk.h"

#define GRAB_DR 3072 /* where the debug registers go in the buffer */

/* The buffer tk_state_grab() fills: an XSAVE area, then DR0-3, 6, 7. */
static u8 grab[4096] __attribute__((aligned(64)));
u64 tk_state_pml4[512] __attribute__((aligned(4096)));
static u64 pdpt[512] __attribute__((aligned(4096)));
static u64 pd[512] __attribute__((aligned(4096)));
/* tk's code and data selectors, and a 64-bit code segment at 0x18. */
static u64 gdt[4] __attribute__((aligned(8))) = {
	0, 0x00cf9a000000ffffULL, 0x00cf92000000ffffULL, 0x00af9a000000ffffULL,
};
struct __attribute__((packed)) gdt_ptr {
	u16 limit;
	u32 base;
};
struct gdt_ptr tk_state_gdt_ptr;
extern struct gdt_ptr tk_gdt_ptr;
u32 tk_state_use_xsave, tk_state_mask_lo, tk_state_mask_hi;
void tk_state_grab(u8 *buf);

asm(".text\n"
    ".globl tk_state_grab\n"
    "tk_state_grab:\n"
    "	push %ebp\n push %ebx\n push %esi\n push %edi\n"
    "	mov 20(%esp), %edi\n"
    "	pushf\n cli\n"
    "	lgdt tk_state_gdt_ptr\n"
    "	mov %cr4, %eax\n or $0x20, %eax\n mov %eax, %cr4\n" /* PAE */
    "	mov $tk_state_pml4, %eax\n mov %eax, %cr3\n"
    "	mov $0xc0000080, %ecx\n rdmsr\n or $0x100, %eax\n wrmsr\n" /* LME */
    "	mov %cr0, %eax\n or $0x80000000, %eax\n mov %eax, %cr0\n"
    "	mov tk_state_use_xsave, %esi\n"
    "	mov tk_state_mask_lo, %ebx\n mov tk_state_mask_hi, %ebp\n"
    "	ljmp $0x18, $1f\n"
    ".code64\n"
    "1:	mov %edi, %edi\n mov %esp, %esp\n"
    "	mov %ebx, %eax\n mov %ebp, %edx\n"
    "	test %esi, %esi\n jz 2f\n"
    "	xsave64 (%rdi)\n jmp 3f\n"
    "2:	fxsave64 (%rdi)\n"
    "3:	mov %dr0, %rax\n mov %rax, 3072(%rdi)\n"
    "	mov %dr1, %rax\n mov %rax, 3080(%rdi)\n"
    "	mov %dr2, %rax\n mov %rax, 3088(%rdi)\n"
    "	mov %dr3, %rax\n mov %rax, 3096(%rdi)\n"
    "	mov %dr6, %rax\n mov %rax, 3104(%rdi)\n"
    "	mov %dr7, %rax\n mov %rax, 3112(%rdi)\n"
    "	pushq $0x08\n mov $4f, %eax\n push %rax\n lretq\n"
    ".code32\n"
    "4:	mov %cr0, %eax\n and $0x7fffffff, %eax\n mov %eax, %cr0\n"
    "	mov $0xc0000080, %ecx\n rdmsr\n and $0xfffffeff, %eax\n wrmsr\n"
    "	mov %cr4, %eax\n and $0xffffffdf, %eax\n mov %eax, %cr4\n"
    "	lgdt tk_gdt_ptr\n"
    "	popf\n"
    "	pop %edi\n pop %esi\n pop %ebx\n pop %ebp\n"
    "	ret\n");

static u64 get64(u32 off)
{
	u64 v;

	memcpy(&v, grab + off, 8);
	return v;
}

/* "0x..." of a 64-bit value (tk_printf has no %llx). */
static void show64(const char *what, u64 v)
{
	if (v >> 32)
		tk_printf("tk: state: %s = 0x%x%08x\n", what, (u32)(v >> 32), (u32)v);
	else
		tk_printf("tk: state: %s = 0x%x\n", what, (u32)v);
}

/* Prints a 16-byte register and says whether it is non-zero. */
static int show_reg(const char *name, int i, u32 off)
{
	u32 w[4];

	memcpy(w, grab + off, 16);
	if (!(w[0] | w[1] | w[2] | w[3]))
		return 0;
	tk_printf("tk: state: %s%d = %08x%08x%08x%08x\n", name, i, w[3], w[2],
		  w[1], w[0]);
	return 1;
}

TK_MODE(state)
{
	u32 r[4], cr4, xcr0_lo = 0, xcr0_hi = 0, ymm_off = 0, mxcsr;
	int xmm = 0, ymm = 0, dr = 0, bad;
	bool has_xsave, has_avx = false;
	u64 xstate_bv = ~0ULL;

	for (int i = 0; i < 512; i++)
		pd[i] = (u64)i << 21 | 0x83; /* present, writable, 2 MB */
	pdpt[0] = (u32)pd | 3;
	tk_state_pml4[0] = (u32)pdpt | 3;
	tk_state_gdt_ptr.limit = sizeof(gdt) - 1;
	tk_state_gdt_ptr.base = (u32)gdt;

	cpuid(1, 0, r);
	has_xsave = r[2] >> 26 & 1;
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= 1 << 9 | 1 << 10; /* OSFXSR, OSXMMEXCPT */
	if (has_xsave)
		cr4 |= 1 << 18; /* OSXSAVE */
	asm volatile("mov %0, %%cr4" ::"r"(cr4));
	if (has_xsave) {
		asm volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
		show64("xcr0", (u64)xcr0_hi << 32 | xcr0_lo);
		/* Natively XCR0 starts as 1: enable SSE and AVX to see them
		 * (setting bits the host enabled already changes nothing). */
		cpuid(0xd, 0, r);
		if ((xcr0_lo & 6) != 6 && (r[0] & 6) == 6) {
			asm volatile("xsetbv" ::"c"(0), "a"(xcr0_lo | 6), "d"(xcr0_hi));
			xcr0_lo |= 6;
		}
		has_avx = (xcr0_lo & 4) != 0;
		cpuid(0xd, 2, r);
		ymm_off = r[1];
		tk_state_use_xsave = 1;
		tk_state_mask_lo = 7;
	}
	memset(grab, 0, sizeof(grab));
	tk_state_grab(grab);
	if (has_xsave)
		xstate_bv = get64(512);
	for (int i = 0; i < 16; i++)
		xmm += show_reg("xmm", i, 160 + 16 * i);
	if (has_avx && (xstate_bv & 4) && ymm_off)
		for (int i = 0; i < 16; i++)
			ymm += show_reg("ymm_hi", i, ymm_off + 16 * i);
	memcpy(&mxcsr, grab + 24, 4);
	for (int i = 0; i < 4; i++) {
		u64 v = get64(GRAB_DR + 8 * i);

		char name[4] = { 'd', 'r', (char)('0' + i), 0 };

		show64(name, v);
		dr += v != 0;
	}
	tk_printf("tk: state: dr6 = 0x%x dr7 = 0x%x\n", (u32)get64(GRAB_DR + 32),
		  (u32)get64(GRAB_DR + 40));
	tk_printf("tk: state: mxcsr = 0x%x, avx %s\n", mxcsr,
		  has_avx ? "yes" : "no");
	tk_printf("tk: state: xmm non-zero %d of 16, ymm upper non-zero %d, dr0-3 non-zero %d\n",
		  xmm, ymm, dr);
	bad = xmm + ymm + dr + (mxcsr != 0x1f80);
	return bad;
}
