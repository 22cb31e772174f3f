// SPDX-License-Identifier: GPL-2.0
/*
 * The APIC-write decoder (vmm-module/arch/x86/x86_decode.c) on real
 * encodings: each byte string below was assembled with GNU as (.code64,
 * .code32, .code16) and checked with objdump -d (-M x86-64, i386,
 * i8086), the assembly in the comment. Accepted stores give their length
 * and source; every other form is refused, as is any accepted one cut
 * short.
 */
#include <stdlib.h>

#include "test.h"
#include "x86_decode.h"

#define REFUSED 0

struct enc {
	enum x86_code_mode mode;
	const char *text; /* the assembly, for messages */
	uint8_t b[16];
	unsigned int n; /* bytes in b */
	unsigned int len; /* expected length, or REFUSED */
	enum x86_store_src src;
	unsigned int reg;
	uint32_t imm;
	bool xchg;
};

#define B(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })
#define REG(r) X86_SRC_REG, r, 0, false
#define XCHG(r) X86_SRC_REG, r, 0, true
#define IMM(v) X86_SRC_IMM, 0, v, false
#define NO 0, 0, 0, false

static const struct enc encs[] = {
	/* 64-bit code */
	{ X86_CODE64, "movl %eax, 0xfee00310 (A3, moffs64: the issue's bytes)",
	  B(0xa3, 0x10, 0x03, 0xe0, 0xfe, 0, 0, 0, 0), 9, REG(0) },
	{ X86_CODE64, "addr32 movl %eax, 0xfee00310 (A3, moffs32)",
	  B(0x67, 0xa3, 0x10, 0x03, 0xe0, 0xfe), 6, REG(0) },
	{ X86_CODE64, "movl %ecx, 0x300(%rax)",
	  B(0x89, 0x88, 0x00, 0x03, 0x00, 0x00), 6, REG(1) },
	{ X86_CODE64, "movl %r9d, (%r12)", B(0x45, 0x89, 0x0c, 0x24), 4,
	  REG(9) },
	{ X86_CODE64, "movl %esi, -0x11ff00(%rip)",
	  B(0x89, 0x35, 0x00, 0x01, 0xee, 0xff), 6, REG(6) },
	{ X86_CODE64, "movl $0x12345678, -0x11ff00(%rip)",
	  B(0xc7, 0x05, 0x00, 0x01, 0xee, 0xff, 0x78, 0x56, 0x34, 0x12), 10,
	  IMM(0x12345678) },
	{ X86_CODE64, "movl $0xc4500, 0x300(%rbx,%rcx,4)",
	  B(0xc7, 0x84, 0x8b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x45, 0x0c, 0x00),
	  11, IMM(0xc4500) },
	{ X86_CODE64, "movl $7, (%rsp)",
	  B(0xc7, 0x04, 0x24, 0x07, 0x00, 0x00, 0x00), 7, IMM(7) },
	{ X86_CODE64, "xchgl %edx, 0x380(%rdi)",
	  B(0x87, 0x97, 0x80, 0x03, 0x00, 0x00), 6, XCHG(2) },
	{ X86_CODE64, "xchgl %r15d, 0xb0(%r11)",
	  B(0x45, 0x87, 0xbb, 0xb0, 0x00, 0x00, 0x00), 7, XCHG(15) },
	{ X86_CODE64, "lock xchgl %eax, (%rax)", B(0xf0, 0x87, 0x00), 3,
	  XCHG(0) },
	{ X86_CODE64, "movl %eax, %fs:(%rdx)", B(0x64, 0x89, 0x02), 3, REG(0) },
	{ X86_CODE64, "rex movl %eax, (%rdx)", B(0x40, 0x89, 0x02), 3, REG(0) },
	{ X86_CODE64, "movl $5, 0x0(%r13)",
	  B(0x41, 0xc7, 0x45, 0x00, 0x05, 0x00, 0x00, 0x00), 8, IMM(5) },
	{ X86_CODE64, "movl %eax, 0x0(%r13,%r14,8)",
	  B(0x43, 0x89, 0x44, 0xf5, 0x00), 5, REG(0) },
	{ X86_CODE64, "movq %rax, (%rdx) (REX.W: 64-bit)", B(0x48, 0x89, 0x02),
	  REFUSED, NO },
	{ X86_CODE64, "movabsq %rax, 0xfee00310 (REX.W A3)",
	  B(0x48, 0xa3, 0x10, 0x03, 0xe0, 0xfe, 0, 0, 0, 0), REFUSED, NO },
	{ X86_CODE64, "movw %ax, (%rdx) (66: 16-bit)", B(0x66, 0x89, 0x02),
	  REFUSED, NO },
	{ X86_CODE64, "movw $1, (%rdx)", B(0x66, 0xc7, 0x02, 0x01, 0x00),
	  REFUSED, NO },
	{ X86_CODE64, "movb %al, (%rdx)", B(0x88, 0x02), REFUSED, NO },
	{ X86_CODE64, "movl %eax, %edx (register destination)", B(0x89, 0xc2),
	  REFUSED, NO },
	{ X86_CODE64, "movl 0x300(%rax), %eax (a load)",
	  B(0x8b, 0x80, 0x00, 0x03, 0x00, 0x00), REFUSED, NO },
	{ X86_CODE64, "lock movl %eax, (%rdx) (#UD on hardware)",
	  B(0xf0, 0x89, 0x02), REFUSED, NO },
	{ X86_CODE64, "REX before a prefix (REX ignored by hardware)",
	  B(0x41, 0x64, 0x89, 0x02), REFUSED, NO },
	{ X86_CODE64, "xrelease movl $1, (%rdx) (F3)",
	  B(0xf3, 0xc7, 0x02, 0x01, 0x00, 0x00, 0x00), REFUSED, NO },
	{ X86_CODE64, "xbegin (C7 F8)", B(0xc7, 0xf8, 0, 0, 0, 0), REFUSED,
	  NO },
	{ X86_CODE64, "movl $1, (%rdx) with /1 (undefined C7 /1)",
	  B(0xc7, 0x0a, 0x01, 0x00, 0x00, 0x00), REFUSED, NO },
	{ X86_CODE64, "movnti %eax, (%rdx) (0F C3)", B(0x0f, 0xc3, 0x02),
	  REFUSED, NO },

	/* 32-bit code */
	{ X86_CODE32, "movl %eax, 0xfee00300 (A3, moffs32)",
	  B(0xa3, 0x00, 0x03, 0xe0, 0xfe), 5, REG(0) },
	{ X86_CODE32, "addr16 movl %eax, 0x300 (A3, moffs16)",
	  B(0x67, 0xa3, 0x00, 0x03), 4, REG(0) },
	{ X86_CODE32, "movl %ecx, 0xfee00300",
	  B(0x89, 0x0d, 0x00, 0x03, 0xe0, 0xfe), 6, REG(1) },
	{ X86_CODE32, "movl %edi, 0x10(%ebx)", B(0x89, 0x7b, 0x10), 3, REG(7) },
	{ X86_CODE32, "movl $0x300, 0xfee000b0(,%eax,4)",
	  B(0xc7, 0x04, 0x85, 0xb0, 0x00, 0xe0, 0xfe, 0x00, 0x03, 0x00, 0x00),
	  11, IMM(0x300) },
	{ X86_CODE32, "movl $0, 0xfee000b0",
	  B(0xc7, 0x05, 0xb0, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00), 10,
	  IMM(0) },
	{ X86_CODE32, "xchgl %eax, 0xfee000b0 (Linux's X86_BUG_11AP write)",
	  B(0x87, 0x05, 0xb0, 0x00, 0xe0, 0xfe), 6, XCHG(0) },
	{ X86_CODE32, "movl %eax, %es:0x0(%ebp)", B(0x26, 0x89, 0x45, 0x00), 4,
	  REG(0) },
	{ X86_CODE32, "movl $1, %gs:0x4(%esp)",
	  B(0x65, 0xc7, 0x44, 0x24, 0x04, 0x01, 0x00, 0x00, 0x00), 9, IMM(1) },
	{ X86_CODE32, "movl %eax, -0x11ffd00(%ebx)",
	  B(0x89, 0x83, 0x00, 0x03, 0xe0, 0xfe), 6, REG(0) },
	{ X86_CODE32, "xchgl %eax, %ebx (93)", B(0x93), REFUSED, NO },
	{ X86_CODE32, "movw %ax, 0xfee00300 (66 A3)",
	  B(0x66, 0xa3, 0x00, 0x03, 0xe0, 0xfe), REFUSED, NO },
	{ X86_CODE32, "rep movsl", B(0xf3, 0xa5), REFUSED, NO },
	{ X86_CODE32, "inc %eax; movl... (40 is INC here, not REX)",
	  B(0x40, 0x89, 0x02), REFUSED, NO },

	/* 16-bit code */
	{ X86_CODE16, "movl %eax, 0x300 (66 A3, moffs16)",
	  B(0x66, 0xa3, 0x00, 0x03), 4, REG(0) },
	{ X86_CODE16, "addr32 movl %eax, 0xfee00300 (67 66 A3, moffs32)",
	  B(0x67, 0x66, 0xa3, 0x00, 0x03, 0xe0, 0xfe), 7, REG(0) },
	{ X86_CODE16, "movl %ebx, (%bx,%si)", B(0x66, 0x89, 0x18), 3, REG(3) },
	{ X86_CODE16, "movl $0x12345678, 0x1234(%bp)",
	  B(0x66, 0xc7, 0x86, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12), 9,
	  IMM(0x12345678) },
	{ X86_CODE16, "addr32 movl $1, 0xfee000b0",
	  B(0x67, 0x66, 0xc7, 0x05, 0xb0, 0x00, 0xe0, 0xfe, 0x01, 0x00, 0x00,
	    0x00),
	  12, IMM(1) },
	{ X86_CODE16, "movl %eax, 0x0(%bp)", B(0x66, 0x89, 0x46, 0x00), 4,
	  REG(0) },
	{ X86_CODE16, "movw %ax, 0x300 (A3 without 66: 16-bit)",
	  B(0xa3, 0x00, 0x03), REFUSED, NO },
};

static void check_enc(const struct enc *e, unsigned int n)
{
	struct x86_store st = { .len = 99 };
	bool ok = x86_decode_store32(e->b, n, e->mode, &st);

	if (!e->len || n < e->len) {
		if (ok)
			fprintf(stderr, "accepted: %s (n %u)\n", e->text, n);
		CHECK(!ok);
		CHECK_EQ(st.len, 99); /* untouched */
		return;
	}
	if (!ok)
		fprintf(stderr, "refused: %s\n", e->text);
	CHECK(ok);
	if (!ok)
		return;
	CHECK_EQ(st.len, e->len);
	CHECK_EQ(st.src, e->src);
	if (e->src == X86_SRC_REG)
		CHECK_EQ(st.reg, e->reg);
	else
		CHECK_EQ(st.imm, e->imm);
	CHECK_EQ(st.xchg, e->xchg);
}

TEST(real_encodings)
{
	for (size_t i = 0; i < sizeof(encs) / sizeof(encs[0]); i++)
		check_enc(&encs[i], encs[i].n);
}

/* Cut short (a fetch that stopped at an unmapped page): refused. */
TEST(truncated)
{
	for (size_t i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		for (unsigned int n = 0; n < encs[i].n; n++)
			check_enc(&encs[i], n);
	}
}

/* Bytes after the instruction change nothing (the fetch reads 15). */
TEST(trailing_bytes)
{
	for (size_t i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		struct enc e = encs[i];
		struct x86_store st;

		memset(e.b + e.n, 0xa3, sizeof(e.b) - e.n);
		check_enc(&e, X86_INSN_MAX);
		if (e.len && x86_decode_store32(e.b, sizeof(e.b), e.mode, &st))
			CHECK_EQ(st.len, e.len); /* n > 15 is cut to 15 */
	}
}

/* Prefixes may repeat, up to the 15-byte limit and no further. */
TEST(prefix_limit)
{
	uint8_t b[32];
	struct x86_store st;

	for (unsigned int p = 0; p < 20; p++) {
		memset(b, 0x3e, p); /* DS override */
		b[p] = 0x89;
		b[p + 1] = 0x02;
		CHECK_EQ(x86_decode_store32(b, sizeof(b), X86_CODE32, &st),
			 p + 2 <= X86_INSN_MAX);
	}
	/* A3 in 64-bit code with 6 prefixes is 15 bytes; 7 are too many. */
	memset(b, 0x2e, 7);
	memcpy(b + 7, (uint8_t[]){ 0xa3, 0, 3, 0xe0, 0xfe, 0, 0, 0, 0 }, 9);
	CHECK(x86_decode_store32(b + 1, 15, X86_CODE64, &st));
	CHECK_EQ(st.len, 15);
	CHECK(!x86_decode_store32(b, 16, X86_CODE64, &st));
}

TEST(bad_mode)
{
	static const uint8_t b[] = { 0x89, 0x02 };
	struct x86_store st;

	CHECK(x86_decode_store32(b, 2, X86_CODE32, &st));
	CHECK(!x86_decode_store32(b, 2, (enum x86_code_mode)0, &st));
	CHECK(!x86_decode_store32(b, 2, (enum x86_code_mode)8, &st));
}

/* Random bytes: an accepted result stays within its bounds. */
TEST(random_bytes)
{
	static const enum x86_code_mode modes[] = { X86_CODE16, X86_CODE32,
						    X86_CODE64 };
	uint8_t b[X86_INSN_MAX];
	struct x86_store st;

	srand(18);
	for (int round = 0; round < 200000; round++) {
		enum x86_code_mode m = modes[round % 3];
		unsigned int n = rand() % (X86_INSN_MAX + 1);

		for (unsigned int i = 0; i < n; i++)
			b[i] = rand();
		if (!x86_decode_store32(b, n, m, &st))
			continue;
		CHECK(st.len >= 1 && st.len <= n);
		CHECK(st.src == X86_SRC_REG || st.src == X86_SRC_IMM);
		CHECK(st.reg < (m == X86_CODE64 ? 16u : 8u));
		CHECK(!st.xchg || st.src == X86_SRC_REG);
	}
}

RUN_TESTS(real_encodings, truncated, trailing_bytes, prefix_limit, bad_mode,
	  random_bytes)
