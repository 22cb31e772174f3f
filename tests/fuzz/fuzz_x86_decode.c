// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for x86_decode_store32() (vmm-module/arch/x86/
 * x86_decode.c), which decodes the guest's instruction at every write to
 * its APIC page. The first byte picks the code size (16, 32, 64 bits);
 * the rest are the instruction bytes, in an exactly-sized buffer so a
 * read past them is caught. What is accepted must be self-consistent,
 * and the decoder must read no byte past the instruction: the same bytes
 * cut to its length decode the same, cut one shorter are refused.
 */
#include <string.h>

#include "fuzz.h"
#include "x86_decode.h"

static const enum x86_code_mode modes[3] = { X86_CODE16, X86_CODE32,
					     X86_CODE64 };

static int same(const struct x86_store *a, const struct x86_store *b)
{
	return a->len == b->len && a->src == b->src && a->xchg == b->xchg &&
	       (a->src == X86_SRC_IMM ? a->imm == b->imm : a->reg == b->reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_store st, again;
	enum x86_code_mode mode;
	unsigned int n;
	uint8_t *insn;

	if (size < 1)
		return 0;
	mode = modes[data[0] % 3];
	n = size - 1 > 32 ? 32 : size - 1; /* past 15 bytes: still capped */
	insn = malloc(n ? n : 1);
	memcpy(insn, data + 1, n);
	if (x86_decode_store32(insn, n, mode, &st)) {
		FUZZ_ASSERT(st.len >= 1 && st.len <= X86_INSN_MAX && st.len <= n);
		FUZZ_ASSERT(st.src == X86_SRC_REG || st.src == X86_SRC_IMM);
		if (st.src == X86_SRC_REG)
			FUZZ_ASSERT(st.reg <= (mode == X86_CODE64 ? 15u : 7u));
		else
			FUZZ_ASSERT(!st.xchg && st.len >= 5 &&
				    !memcmp(&st.imm, insn + st.len - 4, 4));
		/* The last byte that is not a prefix is read by nothing else
		 * but this decode: cut there, the same instruction. */
		FUZZ_ASSERT(x86_decode_store32(insn, st.len, mode, &again) &&
			    same(&st, &again));
		FUZZ_ASSERT(!x86_decode_store32(insn, st.len - 1, mode, &again));
	}
	free(insn);
	return 0;
}
