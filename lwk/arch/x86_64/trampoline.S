/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Application-processor start-up code. smp.c copies it to a free page
 * below 1 MB (the SIPI vector is that page's number) and fills in the
 * parameters at its end before each SIPI. The code is position
 * independent: it finds its base from CS. The AP walks real mode ->
 * protected mode -> long mode on a page table that identity-maps the
 * first 1 GB and shares the kernel half, then jumps to ap_entry(cpu).
 */
#define OFF(x) ((x) - trampoline_start)

	.section .rodata
	.code16
	.globl trampoline_start, trampoline_end, trampoline_params
trampoline_start:
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x1000, %sp                /* the top of this page is our stack */
	movzwl %ax, %ebx
	shl $4, %ebx                    /* EBX = linear base of this page */
	lea OFF(tramp_gdt)(%ebx), %eax
	mov %eax, OFF(tramp_gdt_ptr) + 2
	lgdtl OFF(tramp_gdt_ptr)
	mov %cr0, %eax
	or $1, %eax                     /* PE */
	mov %eax, %cr0
	lea OFF(tramp32)(%ebx), %eax
	pushl $0x08
	pushl %eax
	lretl

	.code32
tramp32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	lea 0x1000(%ebx), %esp
	mov %cr4, %eax
	or $(1 << 5), %eax              /* PAE */
	mov %eax, %cr4
	mov OFF(tramp_cr3)(%ebx), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx           /* EFER: LME, and NXE if the BSP has it */
	rdmsr
	or $(1 << 8), %eax
	or OFF(tramp_efer_extra)(%ebx), %eax
	wrmsr
	mov %cr0, %eax
	or $((1 << 31) | (1 << 16)), %eax /* PG, WP */
	mov %eax, %cr0
	lea OFF(tramp64)(%ebx), %eax
	pushl $0x18
	pushl %eax
	lret

	.code64
tramp64:
	mov %ebx, %ebx                  /* zero-extend the base */
	mov OFF(tramp_stack)(%rbx), %rsp
	mov OFF(tramp_cpu)(%rbx), %edi
	mov OFF(tramp_entry)(%rbx), %rax
	jmp *%rax

	.align 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff        /* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: data */
	.quad 0x00af9a000000ffff        /* 0x18: 64-bit code */
tramp_gdt_ptr:
	.word tramp_gdt_ptr - tramp_gdt - 1
	.long 0                         /* filled in at run time */

	.align 8
	/* Parameters: struct trampoline_params in smp.c. */
trampoline_params:
tramp_cr3:
	.long 0
tramp_efer_extra:
	.long 0
tramp_stack:
	.quad 0
tramp_entry:
	.quad 0
tramp_cpu:
	.long 0
	.long 0
trampoline_end:
