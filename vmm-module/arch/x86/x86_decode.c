// SPDX-License-Identifier: GPL-2.0
/*
 * The store forms compilers and assemblers use for a 32-bit MMIO
 * register, decoded far enough to know the instruction's length and the
 * value stored (x86_decode.h). No kernel dependencies: it also builds in
 * user space for the unit test and fuzzing. Runs on taken cores.
 */
#include "x86_decode.h"

#define REX_W 0x8
#define REX_R 0x4

static bool is_segment_override(uint8_t b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 ||
	       b == 0x65;
}

/*
 * Bytes a ModRM memory operand takes after the ModRM byte (SIB and
 * displacement), for 16-bit or 32/64-bit addressing; -1 if @modrm names a
 * register. @sib is the next byte, valid only when @have_sib.
 */
static int modrm_extra(uint8_t modrm, unsigned int addr_size, bool have_sib,
		       uint8_t sib)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;

	if (mod == 3)
		return -1;
	if (addr_size == 16) {
		if (mod == 0)
			return rm == 6 ? 2 : 0; /* [disp16] */
		return mod == 1 ? 1 : 2;
	}
	if (rm == 4) { /* SIB; with mod 0 and base 5: no base, disp32 */
		if (!have_sib)
			return 1 + 4; /* too long for what was fetched */
		if (mod == 0)
			return (sib & 7) == 5 ? 1 + 4 : 1;
		return 1 + (mod == 1 ? 1 : 4);
	}
	if (mod == 0)
		return rm == 5 ? 4 : 0; /* disp32 (RIP-relative in 64-bit) */
	return mod == 1 ? 1 : 4;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

bool x86_decode_store32(const uint8_t *insn, unsigned int n,
			enum x86_code_mode mode, struct x86_store *out)
{
	unsigned int i = 0, rex = 0, op_size, addr_size, reg = 0;
	bool opsize_prefix = false, addrsize_prefix = false, lock = false;
	struct x86_store st = { 0 };
	uint8_t op;
	int extra;

	if (mode != X86_CODE16 && mode != X86_CODE32 && mode != X86_CODE64)
		return false;
	if (n > X86_INSN_MAX)
		n = X86_INSN_MAX;
	/* Legacy prefixes, then (64-bit code) at most one REX. */
	for (; i < n; i++) {
		if (insn[i] == 0x66)
			opsize_prefix = true;
		else if (insn[i] == 0x67)
			addrsize_prefix = true;
		else if (insn[i] == 0xf0)
			lock = true;
		else if (!is_segment_override(insn[i]))
			break; /* F2/F3 and the rest: not prefixes here */
	}
	if (mode == X86_CODE64 && i < n && (insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (i >= n || rex & REX_W)
		return false;
	op = insn[i++];

	if (mode == X86_CODE16)
		op_size = opsize_prefix ? 32 : 16;
	else
		op_size = opsize_prefix ? 16 : 32;
	if (op_size != 32)
		return false;
	if (mode == X86_CODE64)
		addr_size = addrsize_prefix ? 32 : 64;
	else if (mode == X86_CODE32)
		addr_size = addrsize_prefix ? 16 : 32;
	else
		addr_size = addrsize_prefix ? 32 : 16;

	switch (op) {
	case 0xa3: /* MOV moffs, eAX */
		if (lock)
			return false;
		i += addr_size / 8;
		st.src = X86_SRC_REG;
		st.reg = 0;
		break;
	case 0x89: /* MOV r/m32, r32 */
	case 0x87: /* XCHG r/m32, r32 */
	case 0xc7: /* MOV r/m32, imm32 (/0) */
		if (i >= n || (lock && op != 0x87))
			return false;
		reg = (insn[i] >> 3 & 7) | (rex & REX_R ? 8 : 0);
		if (op == 0xc7 && (reg & 7) != 0)
			return false; /* C7 /7 with a register is XBEGIN */
		extra = modrm_extra(insn[i], addr_size, i + 1 < n,
				    i + 1 < n ? insn[i + 1] : 0);
		if (extra < 0)
			return false; /* a register destination */
		i += 1 + extra;
		if (op == 0xc7) {
			if (i + 4 > n)
				return false;
			st.src = X86_SRC_IMM;
			st.imm = le32(insn + i);
			i += 4;
		} else {
			st.src = X86_SRC_REG;
			st.reg = reg;
			st.xchg = op == 0x87;
		}
		break;
	default:
		return false;
	}
	if (i > n)
		return false;
	st.len = i;
	*out = st;
	return true;
}
