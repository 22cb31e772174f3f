// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for guest_fetch_insn() (vmm-module/arch/x86/
 * guest_walk.c), the VMM's walk of a guest's page tables to the bytes at
 * its RIP, on a taken core: every page-table entry, CR3, RIP and mode
 * bit is the guest's. The input's first 48 bytes are the guest's state
 * (CR0.PG, EFER.LMA, CR4.LA57 and CS.L from one byte, then CR3, RIP and
 * CS.base), the rest is its RAM (at most 64 KB, from guest-physical 0).
 * guest_ptr() here answers as the module's does: a pointer only for a
 * range wholly inside RAM. The bytes fetched are compared with those a
 * separate, straightforward walk written here finds.
 */
#include <string.h>

#include "fuzz.h"
#include <asm/processor-flags.h>

#include "guest_walk.h"

#define RAM_MAX 65536
#define HEAD 48

static uint8_t *ram;
static uint64_t ram_size;

void *guest_ptr(struct vm *vm, u64 gpa, u64 len)
{
	(void)vm;
	if (gpa > ram_size || len > ram_size - gpa)
		return NULL;
	return ram + gpa;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The reference: guest-virtual to guest-physical, or -1 if not mapped. */
static int64_t ref_translate(const struct guest_paging *s, uint64_t gva)
{
	uint64_t table = s->cr3 & 0x000ffffffffff000ULL;

	if (!(s->cr0 & X86_CR0_PG))
		return gva & 0xffffffffULL;
	if (!(s->efer & EFER_LMA) || (s->cr4 & X86_CR4_LA57))
		return -1;
	for (int level = 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		uint64_t at = table + ((gva >> shift) & 511) * 8, e;

		if (at > ram_size || ram_size - at < 8)
			return -1;
		e = le64(ram + at);
		if (!(e & 1))
			return -1;
		if (level == 1 || (level <= 3 && (e & 0x80))) {
			uint64_t size = 1ULL << shift;

			return (int64_t)((e & 0x000ffffffffff000ULL & ~(size - 1)) |
					 (gva & (size - 1)));
		}
		table = e & 0x000ffffffffff000ULL;
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guest_paging s = { 0 };
	struct vcpu vcpu = { 0 };
	uint8_t buf[GUEST_INSN_MAX + 1];
	uint64_t rip;
	unsigned int max;
	int got, want = 0;

	if (size < HEAD)
		return 0;
	s.cr0 = data[0] & 1 ? X86_CR0_PG : 0;
	s.efer = data[0] & 2 ? EFER_LMA : 0;
	s.cr4 = data[0] & 4 ? X86_CR4_LA57 : 0;
	s.cs_l = data[0] & 8;
	max = data[1] % (GUEST_INSN_MAX + 1);
	s.cr3 = le64(data + 8);
	s.rip = le64(data + 16);
	s.cs_base = le64(data + 24);
	ram_size = size - HEAD < RAM_MAX ? size - HEAD : RAM_MAX;
	ram = malloc(ram_size ? ram_size : 1);
	memcpy(ram, data + HEAD, ram_size);

	memset(buf, 0xcc, sizeof(buf));
	got = guest_fetch_insn(&vcpu, &s, buf, max);
	FUZZ_ASSERT(got >= 0 && (unsigned int)got <= max);
	FUZZ_ASSERT(buf[max] == 0xcc); /* nothing written past max */

	/* The reference, byte by byte: fetching stops at the first byte
	 * whose page is not mapped or not in RAM. */
	rip = guest_code64(&s) ? s.rip : (uint32_t)(s.rip + s.cs_base);
	while ((unsigned int)want < max) {
		int64_t gpa = ref_translate(&s, rip + want);

		if (gpa < 0 || (uint64_t)gpa >= ram_size)
			break;
		want++;
	}
	/* guest_fetch_insn() copies whole in-page runs: a run that does not
	 * fit in RAM stops it even where single bytes would still be there. */
	FUZZ_ASSERT(got <= want);
	for (int i = 0; i < got; i++) {
		int64_t gpa = ref_translate(&s, rip + i);

		FUZZ_ASSERT(gpa >= 0 && (uint64_t)gpa < ram_size);
		FUZZ_ASSERT(buf[i] == ram[gpa]);
	}
	free(ram);
	return 0;
}
