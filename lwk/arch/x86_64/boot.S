/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot v1 entry. The loader (QEMU -kernel, GRUB, v3vmm) enters in
 * 32-bit protected mode with paging off, EAX = 0x2BADB002, EBX = the
 * physical address of the Multiboot information.
 *
 * We map the first 4 GB three times with 2 MB pages (identity, for this
 * code; the direct map at PHYS_MAP_BASE; and the kernel image at -2 GB),
 * enter long mode and jump to kmain() in the higher half. kmain() later
 * replaces these tables with ones covering all RAM with 1 GB pages.
 */
#include <arch/layout.h>

#define MULTIBOOT_MAGIC 0x1BADB002
/* page-align modules | memory map wanted | a.out kludge (load addresses) */
#define MULTIBOOT_FLAGS ((1 << 0) | (1 << 1) | (1 << 16))

#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PHYS(sym) ((sym) - KERNEL_VMA)

	.section .multiboot, "a"
	.align 4
multiboot_header:
	.long MULTIBOOT_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)
	.long multiboot_header          /* header_addr */
	.long kernel_phys_start         /* load_addr */
	.long kernel_load_end_phys      /* load_end_addr */
	.long kernel_end_phys           /* bss_end_addr */
	.long multiboot_entry           /* entry_addr */

	.section .boot.text, "ax"
	.code32
	.globl multiboot_entry
multiboot_entry:
	cli
	cld
	mov %eax, PHYS(boot_saved_magic)  /* kept for kmain() */
	mov %ebx, PHYS(boot_saved_mbi)
	mov $PHYS(boot_stack_top), %esp

	/* Long mode is required; say so on COM1 rather than hang. */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode
	mov %edx, %ebp                  /* bit 20: NX */

	/* The loader zeroes .bss, but be independent of that. */
	mov $PHYS(boot_page_tables), %edi
	xor %eax, %eax
	mov $(BOOT_PT_PAGES * 1024), %ecx
	rep stosl
	mov $PHYS(boot_page_tables), %edi

	/* PD: 2048 entries of 2 MB covering 0-4 GB (four PD pages). */
	lea 3*4096(%edi), %ebx          /* first PD page */
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax                  /* present | writable | 2 MB */
	mov %eax, (%ebx, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax                   /* bits 32+ of the address */
	mov %eax, 4(%ebx, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 1b

	/* Low PDPT (page 1): four entries, one per PD page. */
	lea 4096(%edi), %edx
	xor %ecx, %ecx
2:	lea 3*4096+3(%edi), %eax
	mov %ecx, %ebx
	shl $12, %ebx
	add %ebx, %eax
	mov %eax, (%edx, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jne 2b

	/* High PDPT (page 2): entry 510 maps -2 GB to the first PD page. */
	lea 2*4096(%edi), %edx
	lea 3*4096+3(%edi), %eax
	mov %eax, 510*8(%edx)

	/* PML4 (page 0): identity, direct map, kernel. */
	lea 4096+3(%edi), %eax
	mov %eax, 0(%edi)
	mov %eax, (PML4_INDEX(PHYS_MAP_BASE) * 8)(%edi)
	lea 2*4096+3(%edi), %eax
	mov %eax, 511*8(%edi)

	mov %edi, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	test $(1 << 20), %ebp
	jz 3f
	or $EFER_NXE, %eax
3:	wrmsr
	mov %cr0, %eax
	or $(CR0_PE | CR0_PG | CR0_WP), %eax
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode_low

no_long_mode:
	mov $no_long_mode_msg, %esi
4:	lodsb
	test %al, %al
	jz 6f
	mov %al, %bl
	mov $0x3fd, %dx                 /* wait for the UART's THR to empty */
5:	in %dx, %al
	test $0x20, %al
	jz 5b
	mov %bl, %al
	mov $0x3f8, %dx
	out %al, %dx
	jmp 4b
6:	hlt
	jmp 6b

	.code64
long_mode_low:
	movabs $long_mode_high, %rax
	jmp *%rax

	.section .boot.data, "a"
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_ptr:
	.word boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt
no_long_mode_msg:
	.asciz "lwk: error: this CPU has no long mode (x86-64); cannot boot\r\n"

	.text
long_mode_high:
	mov $0x10, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	lea boot_stack_top(%rip), %rsp
	mov boot_saved_magic(%rip), %edi
	mov boot_saved_mbi(%rip), %esi
	xor %ebp, %ebp
	call kmain
7:	cli
	hlt
	jmp 7b

	.bss
	.align 4096
	.globl boot_page_tables
boot_page_tables:
	.skip BOOT_PT_PAGES * 4096
	.globl boot_stack
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:
	.globl boot_saved_magic, boot_saved_mbi
boot_saved_magic:
	.skip 4
boot_saved_mbi:
	.skip 4
