/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The smallest Multiboot v1 guest: prints a line on COM1 and ends itself
 * through the debug-exit port, the way a kernel written for QEMU does.
 * It shows that v3vee runs such kernels unchanged (no hypercalls), and
 * tests the VMM without the LWK. Its exit status is 42.
 *
 * Command line "triple": triple-faults instead (zero-limit IDT, then an
 * exception); "port": touches a port the VMM denies (0x80); "msr": reads
 * an MSR the VMM denies (HWCR, 0xc0010015: #GP, and with no IDT a triple
 * fault); "beyond": reads the first byte past its RAM (the VMM must
 * fail the VM: nothing is mapped there); "fill": fills
 * its RAM from 4 MB up with the 16-byte pattern "v3vee-guest-pat!" first
 * (tests check that Linux never sees it after the VM is gone).
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010000 /* a.out kludge: the header gives addresses */
#define COM1 0x3f8
#define DEBUG_EXIT 0xf4

	.code32
	.text
	.globl _start
_start:
header:
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
	.long header, _start, 0, bss_end, entry

entry:
	mov $stack_top, %esp
	mov %ebx, %edi			/* Multiboot info */
	mov $hello, %esi
	call puts
	testl $4, (%edi)		/* a command line? */
	jz done
	mov 16(%edi), %esi
	cmpl $0x70697274, (%esi)	/* "trip" */
	je triple
	cmpl $0x74726f70, (%esi)	/* "port" */
	je port
	cmpl $0x6c6c6966, (%esi)	/* "fill" */
	je fill
	cmpw $0x736d, (%esi)		/* "ms(r)" */
	je msr
	cmpl $0x6f796562, (%esi)	/* "beyo(nd)" */
	je beyond
done:
	mov $DEBUG_EXIT, %dx
	mov $42, %al
	out %al, %dx
1:	hlt
	jmp 1b

triple:
	lidt null_idt
	int3
	jmp done

msr:
	mov $0xc0010015, %ecx
	rdmsr
	jmp done

beyond:
	mov 8(%edi), %ecx		/* mem_upper: KB above 1 MB */
	shl $10, %ecx
	add $0x100000, %ecx		/* the end of RAM */
	mov (%ecx), %eax
	jmp done

port:
	mov $0x80, %dx
	out %al, %dx
	jmp done

fill:
	mov 8(%edi), %ecx		/* mem_upper: KB above 1 MB */
	shl $10, %ecx
	add $0x100000, %ecx
	mov $0x400000, %ebx
1:	cmp %ecx, %ebx
	jae 2f
	movl $0x65763376, (%ebx)	/* "v3ve" */
	movl $0x75672d65, 4(%ebx)	/* "e-gu" */
	movl $0x2d747365, 8(%ebx)	/* "est-" */
	movl $0x21746170, 12(%ebx)	/* "pat!" */
	add $16, %ebx
	jmp 1b
2:	mov $filled, %esi
	call puts
	jmp done

puts:
	mov $COM1, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	ret

hello:	.asciz "mini guest: hello on COM1\n"
filled:	.asciz "mini guest: RAM filled with the pattern\n"
	.p2align 3
null_idt:
	.word 0
	.long 0

	.bss
	.p2align 4
	.skip 4096
stack_top:
bss_end:
