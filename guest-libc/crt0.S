/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry point of a program built with v3vee-cc. The LWK (lwk/loader)
 * starts it as Linux does: RSP points at argc, then argv[], NULL, envp[],
 * NULL and the auxiliary vector; every other register is 0. The C part,
 * __v3vee_start in start.c, takes that pointer and never returns.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* the outermost frame, for unwinders */
	movq	%rsp, %rdi
	andq	$-16, %rsp		/* the psABI's alignment at a call */
	call	__v3vee_start
	hlt				/* not reached */
	.size	_start, . - _start

/*
 * newlib's __libc_init_array and __libc_fini_array call _init and _fini
 * around the .init_array and .fini_array entries, which is where gcc puts
 * constructors and destructors; nothing else needs them.
 */
	.globl	_init
	.type	_init, @function
_init:
	ret
	.size	_init, . - _init

	.globl	_fini
	.type	_fini, @function
_fini:
	ret
	.size	_fini, . - _fini

	.section .note.GNU-stack, "", @progbits
