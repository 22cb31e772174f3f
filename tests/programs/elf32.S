/* SPDX-License-Identifier: GPL-2.0 */
/*
 * elf32: a 32-bit i386 ELF (exit(0) via int $0x80), built with as --32
 * and ld -m elf_i386 so no gcc-multilib is needed. The LWK must refuse it.
 */
	.text
	.globl _start
_start:
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
