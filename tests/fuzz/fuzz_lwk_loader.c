// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the LWK's program loader: elf_inspect() and
 * ustack_build() (lwk/loader/), compiled for the host against
 * tests/unit/host_shim.c as the unit tests are.
 *
 * The first input byte chooses what the rest is:
 *   even: an ELF file for elf_inspect(); an accepted image is then checked
 *         against what the loader (lwk/loader/exec.c) relies on. Bits 1-2
 *         of the byte shorten the reason buffer (to 16 bytes, 1 byte, or
 *         none at all), bit 3 makes pie_base misaligned.
 *   odd:  the arguments of ustack_build(): a 2-byte buffer size, a 1-byte
 *         misalignment of the stack top, then the argument and
 *         environment counts and whether to add two auxv entries, then
 *         NUL-separated strings that become argv, envp, platform and
 *         execfn; the built stack is walked back. Bit 1 of the first byte
 *         puts the stack top low (below the buffer size, to be refused),
 *         bit 2 passes NULL for argv and envp.
 */
#include <linux/auxvec.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lwk/elf_loader.h>
#include <lwk/errno.h>
#include <lwk/ustack.h>

#include "fuzz.h"

#define PIE_BASE 0x10000000UL
#define PAGE 4096UL

static void fuzz_elf(uint8_t mode, const uint8_t *data, size_t size)
{
	static const size_t why_sizes[4] = { 128, 16, 1, 0 };
	/* An exactly-sized copy, so ASan sees any read past the end. */
	uint8_t *file = malloc(size ? size : 1);
	size_t why_len = why_sizes[(mode >> 1) & 3];
	uint64_t pie_base = mode & 8 ? PIE_BASE + PAGE : PIE_BASE;
	struct elf_image im;
	char why[128];
	bool entry_ok = false;
	int i, j, ret;

	memcpy(file, data, size);
	memset(&im, 0xa5, sizeof(im));
	memset(why, 'X', sizeof(why));
	ret = elf_inspect(file, size, pie_base, &im, why_len ? why : NULL,
			  why_len);
	free(file);

	/* The reason is terminated within why_len, nothing written past. */
	if (why_len)
		FUZZ_ASSERT(memchr(why, '\0', why_len));
	for (i = why_len; i < (int)sizeof(why); i++)
		FUZZ_ASSERT(why[i] == 'X');
	if (ret) {
		FUZZ_ASSERT(ret == -ENOEXEC ||
			    (ret == -EINVAL && pie_base != PIE_BASE));
		FUZZ_ASSERT(why_len <= 1 || why[0] != '\0');
		return;
	}
	if (why_len)
		FUZZ_ASSERT(why[0] == '\0');
	FUZZ_ASSERT(!im.is_pie || pie_base == PIE_BASE);
	FUZZ_ASSERT(im.nsegments >= 1 && im.nsegments <= ELF_MAX_LOAD_SEGMENTS);
	FUZZ_ASSERT(im.load_bias == (im.is_pie ? pie_base : 0));
	FUZZ_ASSERT(im.lowest_vaddr % PAGE == 0 && im.highest_vaddr % PAGE == 0);
	FUZZ_ASSERT(im.lowest_vaddr < im.highest_vaddr);
	FUZZ_ASSERT(im.highest_vaddr <= 0x0000800000000000UL);
	FUZZ_ASSERT(im.entry >= im.lowest_vaddr && im.entry < im.highest_vaddr);
	for (i = 0; i < im.nsegments; i++) {
		const struct elf_segment *s = &im.segment[i];

		FUZZ_ASSERT(s->filesz <= s->memsz && s->memsz > 0);
		FUZZ_ASSERT(s->file_offset <= size &&
			    s->filesz <= size - s->file_offset);
		FUZZ_ASSERT(s->vaddr >= im.lowest_vaddr);
		FUZZ_ASSERT(s->memsz <= im.highest_vaddr - s->vaddr);
		FUZZ_ASSERT(s->vaddr >= 0x10000);
		/* exec.c maps them page by page: no two share a page. */
		for (j = 0; j < i; j++) {
			const struct elf_segment *t = &im.segment[j];

			FUZZ_ASSERT((s->vaddr + s->memsz + PAGE - 1) / PAGE <=
					    t->vaddr / PAGE ||
				    (t->vaddr + t->memsz + PAGE - 1) / PAGE <=
					    s->vaddr / PAGE);
		}
		if ((s->prot & 4 /* PROT_EXEC */) && im.entry >= s->vaddr &&
		    im.entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	FUZZ_ASSERT(entry_ok);
}

/* Splits data into NUL-terminated strings (the last one need not be). */
static int split(const uint8_t *data, size_t size, char *buf,
		 const char **str, int max)
{
	int n = 0;
	size_t i, start = 0;

	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && n < max; i++) {
		if (i == size || buf[i] == '\0') {
			if (i == size && i == start && n > 0)
				break;
			str[n++] = buf + start;
			start = i + 1;
		}
	}
	return n;
}

static uint64_t word_at(const uint8_t *buf, uint64_t base, uint64_t addr)
{
	uint64_t w;

	memcpy(&w, buf + (addr - base), sizeof(w));
	return w;
}

/* Checks that the user string at addr in the stack image equals s. */
static void check_string(const uint8_t *buf, uint64_t base, uint64_t top,
			 uint64_t addr, const char *s)
{
	size_t n = strlen(s) + 1;

	FUZZ_ASSERT(addr >= base && addr < top && n <= top - addr);
	FUZZ_ASSERT(memcmp(buf + (addr - base), s, n) == 0);
}

static void fuzz_ustack(uint8_t mode, const uint8_t *data, size_t size)
{
	static const uint64_t auxv[][2] = { { AT_PAGESZ, 4096 },
					    { AT_PHNUM, 4 } };
	const char *str[64];
	struct ustack_args a = { 0 };
	uint64_t top, base, rsp, addr;
	size_t bufsize;
	uint8_t *buf;
	char *sbuf;
	int n, i, s = 0;

	if (size < 6)
		return;
	bufsize = data[0] | (size_t)data[1] << 8;
	top = mode & 2 ? data[2] : 0x7ffffffff000UL - data[2];
	a.argc = data[3] % 16;
	a.envc = data[4] % 16;
	a.auxc = data[5] & 1 ? 2 : 0;
	a.auxv = auxv;
	data += 6;
	size -= 6;

	sbuf = malloc(size + 1);
	n = split(data, size, sbuf, str, 64);
	if (a.argc > n)
		a.argc = n;
	a.argv = mode & 4 ? NULL : str;
	if (a.envc > n - a.argc)
		a.envc = n - a.argc;
	a.envp = mode & 4 ? NULL : str + a.argc;
	s = a.argc + a.envc;
	a.platform = s < n ? str[s++] : NULL;
	a.execfn = s < n ? str[s++] : NULL;
	for (i = 0; i < 16; i++)
		a.random[i] = (uint8_t)i;

	buf = malloc(bufsize ? bufsize : 1);
	rsp = ustack_build(buf, bufsize, top, &a);
	base = top - bufsize;
	if (top < bufsize || ((a.argc || a.envc) && (mode & 4)))
		FUZZ_ASSERT(rsp == 0);
	if (rsp) {
		/* Walk it back as a C runtime's startup code would. */
		FUZZ_ASSERT(rsp % 16 == 0 && rsp >= base && rsp < top);
		addr = rsp;
		FUZZ_ASSERT(word_at(buf, base, addr) == (uint64_t)a.argc);
		addr += 8;
		for (i = 0; i < a.argc; i++, addr += 8)
			check_string(buf, base, top, word_at(buf, base, addr),
				     a.argv[i]);
		FUZZ_ASSERT(word_at(buf, base, addr) == 0);
		addr += 8;
		for (i = 0; i < a.envc; i++, addr += 8)
			check_string(buf, base, top, word_at(buf, base, addr),
				     a.envp[i]);
		FUZZ_ASSERT(word_at(buf, base, addr) == 0);
		addr += 8;
		for (;; addr += 16) {
			uint64_t type = word_at(buf, base, addr);
			uint64_t val = word_at(buf, base, addr + 8);

			FUZZ_ASSERT(addr + 16 <= top);
			if (type == AT_NULL)
				break;
			if (type == AT_PLATFORM)
				check_string(buf, base, top, val, a.platform);
			if (type == AT_EXECFN)
				check_string(buf, base, top, val, a.execfn);
			if (type == AT_RANDOM) {
				FUZZ_ASSERT(val >= base && val + 16 <= top);
				FUZZ_ASSERT(!memcmp(buf + (val - base),
						    a.random, 16));
			}
		}
	}
	free(buf);
	free(sbuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fuzz_ustack(data[0], data + 1, size - 1);
	else
		fuzz_elf(data[0], data + 1, size - 1);
	return 0;
}
