/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mb64: a Multiboot v1 kernel in an ELF64 file (x86-64, no a.out
 * kludge), written for the VMM tests. A loader places it from its
 * program headers and enters it at e_entry in 32-bit protected mode;
 * it builds identity page tables for the first 1 GB (2 MB pages), turns
 * on long mode, and from 64-bit code prints one line on COM1 and ends
 * through the debug-exit port 0xf4 with status 0 (1 if it was not
 * started by a Multiboot loader). QEMU's own Multiboot loader refuses
 * ELF64 files, so this one runs only as a v3vee guest (or under GRUB).
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000002		/* memory info; no a.out kludge */
#define MB_BOOT_MAGIC 0x2badb002
#define COM1 0x3f8
#define DEBUG_EXIT 0xf4
#define MSR_EFER 0xc0000080

	.text
	.code32
	.p2align 2
mb_header:
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.globl mb64_start
mb64_start:
	cli
	mov %eax, %esi			/* the loader's magic, for later */
	mov $stack_top, %esp
	/* PML4[0] -> PDPT, PDPT[0] -> PD, PD[i] = i * 2 MB (present,
	 * writable, large). */
	mov $pdpt, %eax
	or $3, %eax
	mov %eax, pml4
	mov $pd, %eax
	or $3, %eax
	mov %eax, pdpt
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax
	mov %eax, pd(,%ecx,8)
	movl $0, pd+4(,%ecx,8)
	inc %ecx
	cmp $512, %ecx
	jne 1b
	mov %cr4, %eax
	or $0x20, %eax			/* PAE */
	mov %eax, %cr4
	mov $pml4, %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $0x100, %eax			/* LME */
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax		/* PG, PE */
	mov %eax, %cr0
	lgdt gdt_ptr
	ljmp $0x08, $long_mode

	.code64
long_mode:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $stack_top, %rsp
	cmp $MB_BOOT_MAGIC, %esi
	jne not_multiboot
	lea msg(%rip), %rdi
	call puts
	/* A 64-bit operation the 32-bit machine does not have. */
	mov $0x123456789abcdef0, %rax
	ror $32, %rax
	mov %rax, %rdi
	call puthex
	lea nl(%rip), %rdi
	call puts
	xor %eax, %eax
	jmp exit

not_multiboot:
	lea bad(%rip), %rdi
	call puts
	mov $1, %eax
exit:
	out %al, $DEBUG_EXIT
2:	hlt
	jmp 2b

/* putc(%al): waits for the transmitter, then writes. */
putc:
	mov %eax, %r8d
	mov $COM1 + 5, %dx
3:	in %dx, %al
	test $0x20, %al
	jz 3b
	mov %r8d, %eax
	mov $COM1, %dx
	out %al, %dx
	ret

/* puts(%rdi): a NUL-terminated string. */
puts:
	movzbl (%rdi), %eax
	test %al, %al
	jz 4f
	call putc
	inc %rdi
	jmp puts
4:	ret

/* puthex(%rdi): 16 hex digits. */
puthex:
	mov $16, %ecx
5:	rol $4, %rdi
	mov %edi, %eax
	and $15, %eax
	lea hexdigits(%rip), %r9
	movzbl (%r9,%rax), %eax
	push %rcx
	call putc
	pop %rcx
	dec %ecx
	jnz 5b
	ret

	.section .rodata
msg:	.asciz "mb64: hello from 64-bit long mode, ror(0x123456789abcdef0, 32) = 0x"
nl:	.asciz "\n"
bad:	.asciz "mb64: not started by a Multiboot loader (EAX != 0x2badb002)\n"
hexdigits: .ascii "0123456789abcdef"

	.data
	.p2align 3
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt

	.bss
	.p2align 12
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
	.skip 4096
stack_top:
	.section .note.GNU-stack, "", @progbits
