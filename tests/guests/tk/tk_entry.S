/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tk's entry: the Multiboot v1 header, a stack, a flat GDT, the IDT's
 * 256 stubs (each pushes an error code if the CPU did not, and its
 * vector), and the common path to tk_trap() in C.
 *
 * TK_MB_FLAGS: bit 16 (the a.out kludge: the header states the load
 * addresses) by default; a build may define it as 0 for an image that a
 * loader must place from its ELF program headers.
 */
#define MB_MAGIC 0x1badb002
#ifndef TK_MB_FLAGS
#define TK_MB_FLAGS 0x00010000
#endif

	.code32
	.section .multiboot, "a"
	.p2align 2
mb_header:
	.long MB_MAGIC, TK_MB_FLAGS, -(MB_MAGIC + TK_MB_FLAGS)
	.long mb_header, __tk_start, __tk_data_end, __tk_bss_end, tk_start

	.text
	.globl tk_start
tk_start:
	cli
	mov $tk_stack_top, %esp
	push %ebx			/* Multiboot info */
	push %eax			/* Multiboot magic */
	lgdt tk_gdt_ptr
	ljmp $0x08, $1f
1:	mov $0x10, %cx
	mov %cx, %ds
	mov %cx, %es
	mov %cx, %ss
	mov %cx, %fs
	mov %cx, %gs
	call tk_start_c
2:	hlt
	jmp 2b

/* Vectors with an error code: 8, 10-14, 17, 21, 29, 30. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		      (v) == 21 || (v) == 29 || (v) == 30)

	.p2align 4
	.globl tk_stubs
tk_stubs:
	vec = 0
	.rept 256
	.p2align 4
	.if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	push $0
	.endif
	push $vec
	jmp tk_trap_common
	vec = vec + 1
	.endr

tk_trap_common:
	pusha
	cld
	push %esp			/* struct tk_frame * */
	call tk_trap
	add $4, %esp
	popa
	add $8, %esp			/* vector, error code */
	iret

	.data
	.p2align 3
tk_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: 32-bit data */
	.globl tk_gdt_ptr
tk_gdt_ptr:
	.word tk_gdt_ptr - tk_gdt - 1
	.long tk_gdt

	.bss
	.p2align 4
	.skip 16384
	.globl tk_stack_top
tk_stack_top:
	.section .note.GNU-stack, "", @progbits
