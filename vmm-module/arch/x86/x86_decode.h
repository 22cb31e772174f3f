/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of the instructions a guest uses to write a 32-bit MMIO
 * register (the local APIC). Pure code without kernel dependencies, so
 * that the unit test (tests/unit/test_x86_decode.c) and a fuzzer can
 * build it in user space.
 */
#ifndef V3VMM_X86_DECODE_H
#define V3VMM_X86_DECODE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
#endif

#define X86_INSN_MAX 15 /* the longest x86 instruction */

/* The code the instruction runs in (CS.L and CS.D, or real mode). */
enum x86_code_mode {
	X86_CODE16 = 16, /* real, virtual-8086 or 16-bit protected mode */
	X86_CODE32 = 32, /* 32-bit protected or compatibility mode */
	X86_CODE64 = 64, /* 64-bit mode (long mode and CS.L) */
};

/* Where the stored value comes from. */
enum x86_store_src {
	X86_SRC_REG = 1, /* general register @reg */
	X86_SRC_IMM, /* the immediate @imm */
};

/**
 * struct x86_store - a decoded 32-bit store to memory
 * @len: the instruction's length in bytes, prefixes included (1-15)
 * @src: X86_SRC_REG or X86_SRC_IMM
 * @reg: for X86_SRC_REG, the register's x86 number (0 = EAX ... 7 = EDI,
 *	8-15 = R8D-R15D with REX.R in 64-bit code)
 * @imm: for X86_SRC_IMM, the value stored
 * @xchg: XCHG (87 /r): the register also receives the memory operand's
 *	old value, zero-extended to 64 bits in 64-bit code
 */
struct x86_store {
	unsigned int len;
	enum x86_store_src src;
	unsigned int reg;
	uint32_t imm;
	bool xchg;
};

/**
 * x86_decode_store32() - decode an instruction that stores 32 bits to memory
 * @insn: the instruction's bytes, from its first prefix
 * @n: how many bytes of @insn are valid (fewer than 15 when the fetch
 *	stopped at an unmapped page); bytes beyond @n are never read
 * @mode: the code size, X86_CODE16, X86_CODE32 or X86_CODE64; it gives
 *	the default operand size (16 bits in 16-bit code, else 32) and
 *	address size (16, 32, 64)
 * @out: the result, written only when the instruction is accepted
 *
 * Accepted, with a memory destination and a 32-bit operand only:
 * MOV r/m32, r32 (89 /r); MOV r/m32, imm32 (C7 /0); MOV moffs, EAX (A3,
 * with a moffs of the address size: 2, 4 or 8 bytes); XCHG r/m32, r32
 * (87 /r, LOCK allowed). Prefixes: segment overrides (26 2E 36 3E 64 65),
 * 67 (address size), 66 only where it makes the operand 32-bit (16-bit
 * code), and in 64-bit code one REX right before the opcode (REX.R
 * selects R8-R15; REX.W, a 64-bit store, is refused). The memory address
 * itself is not computed: the caller knows it from the fault.
 *
 * Refused: any other opcode, a register destination, a 16- or 64-bit
 * operand, LOCK on a MOV, REP/REPNE, a REX followed by another prefix,
 * and an instruction longer than @n or than 15 bytes.
 *
 * Return: true and *@out filled if accepted; false otherwise.
 */
bool x86_decode_store32(const uint8_t *insn, unsigned int n,
			enum x86_code_mode mode, struct x86_store *out);

#endif
