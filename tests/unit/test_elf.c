// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for elf_inspect() and ustack_build(): synthetic ELF images
 * built in memory (one per way of being wrong), this test's own binary
 * (dynamically linked, so refused), and initial stacks walked back the
 * way a program's startup code reads them. Images handed to elf_inspect
 * are copied into exactly-sized heap blocks so that ASan catches any read
 * past the end.
 */
#include <asm-generic/mman-common.h>
#include <linux/auxvec.h>
#include <linux/elf.h>
#include <stdint.h>
#include <stdlib.h>

#include <lwk/elf_loader.h>
#include <lwk/errno.h>
#include <lwk/ustack.h>

#include "test.h"

#define IMG_SIZE 0x3000
#define FILE_SIZE 0x2800
#define PIE_BASE 0x10000000UL

static _Alignas(8) uint8_t img[IMG_SIZE];
static char why[256];

static Elf64_Ehdr *ehdr(void)
{
	return (Elf64_Ehdr *)img;
}

static Elf64_Phdr *phdr(int i)
{
	return (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr)) + i;
}

static void set_phdr(int i, uint32_t type, uint32_t flags, uint64_t offset,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *ph = phdr(i);

	ph->p_type = type;
	ph->p_flags = flags;
	ph->p_offset = offset;
	ph->p_vaddr = vaddr;
	ph->p_paddr = vaddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = 0x1000;
}

/*
 * A small static ET_EXEC like ld makes: PT_PHDR, text (covering the ELF
 * and program headers) at 0x400000, data + bss at 0x402000, PT_GNU_STACK.
 */
static void make_exec(void)
{
	Elf64_Ehdr *eh = ehdr();

	memset(img, 0, sizeof(img));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x401010;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 4;
	set_phdr(0, PT_PHDR, PF_R, 64, 0x400040, 4 * 56, 4 * 56);
	set_phdr(1, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x2000, 0x2000);
	set_phdr(2, PT_LOAD, PF_R | PF_W, 0x2000, 0x402000, 0x800, 0x3000);
	set_phdr(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

/* The same program as a static-pie: linked at 0, with PT_DYNAMIC. */
static void make_pie(void)
{
	make_exec();
	ehdr()->e_type = ET_DYN;
	ehdr()->e_entry = 0x1010;
	phdr(0)->p_vaddr = 0x40;
	phdr(1)->p_vaddr = 0;
	phdr(2)->p_vaddr = 0x2000;
	set_phdr(3, PT_DYNAMIC, PF_R | PF_W, 0x2100, 0x2100, 0x100, 0x100);
}

/* Runs elf_inspect on the first size bytes of img, from an exact copy. */
static int inspect_n(size_t size, uint64_t pie_base, struct elf_image *out)
{
	void *copy = malloc(size ? size : 1);
	int ret;

	memcpy(copy, img, size);
	memset(why, 'X', sizeof(why));
	ret = elf_inspect(copy, size, pie_base, out, why, sizeof(why));
	free(copy);
	return ret;
}

static int inspect(struct elf_image *out)
{
	return inspect_n(FILE_SIZE, PIE_BASE, out);
}

/* Expects a refusal whose reason contains text. */
#define CHECK_REJECT(text)                                                   \
	do {                                                                 \
		struct elf_image _im;                                        \
		CHECK_EQ(inspect(&_im), -ENOEXEC);                           \
		if (!strstr(why, (text))) {                                  \
			fprintf(stderr, "%s:%d: reason \"%s\" lacks \"%s\"\n", \
				__FILE__, __LINE__, why, (text));            \
			test_current_failed = 1;                             \
			test_checks_failed++;                                \
		}                                                            \
	} while (0)

TEST(valid_exec)
{
	struct elf_image im;

	make_exec();
	CHECK_EQ(inspect(&im), 0);
	CHECK_STR(why, "");
	CHECK(!im.is_pie);
	CHECK_EQ(im.load_bias, 0);
	CHECK_EQ(im.entry, 0x401010);
	CHECK_EQ(im.phdr_vaddr, 0x400040);
	CHECK_EQ(im.phnum, 4);
	CHECK_EQ(im.phentsize, 56);
	CHECK_EQ(im.lowest_vaddr, 0x400000);
	CHECK_EQ(im.highest_vaddr, 0x405000);
	CHECK_EQ(im.nsegments, 2);
	CHECK_EQ(im.segment[0].vaddr, 0x400000);
	CHECK_EQ(im.segment[0].memsz, 0x2000);
	CHECK_EQ(im.segment[0].file_offset, 0);
	CHECK_EQ(im.segment[0].filesz, 0x2000);
	CHECK_EQ(im.segment[0].prot, PROT_READ | PROT_EXEC);
	CHECK_EQ(im.segment[1].vaddr, 0x402000);
	CHECK_EQ(im.segment[1].memsz, 0x3000);
	CHECK_EQ(im.segment[1].file_offset, 0x2000);
	CHECK_EQ(im.segment[1].filesz, 0x800);
	CHECK_EQ(im.segment[1].prot, PROT_READ | PROT_WRITE);
}

TEST(valid_exec_odd_layout)
{
	struct elf_image im;

	/* Unaligned segment bounds, a pure-bss segment with a junk offset,
	 * an empty PT_LOAD (ignored) and a pie_base that ET_EXEC ignores. */
	make_exec();
	ehdr()->e_phnum = 5;
	set_phdr(1, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x1f00, 0x1f00);
	set_phdr(2, PT_LOAD, PF_R | PF_W, 0x2010, 0x402010, 0x7f0, 0x7f0);
	set_phdr(3, PT_LOAD, PF_R | PF_W, ~0ULL, 0x403000, 0, 0x1234);
	set_phdr(4, PT_LOAD, PF_R, 0, 0x500000, 0, 0);
	CHECK_EQ(inspect_n(FILE_SIZE, 0x1234, &im), 0);
	CHECK_STR(why, "");
	CHECK_EQ(im.nsegments, 3);
	CHECK_EQ(im.load_bias, 0);
	CHECK_EQ(im.segment[2].filesz, 0);
	CHECK_EQ(im.segment[2].prot, PROT_READ | PROT_WRITE);
	CHECK_EQ(im.lowest_vaddr, 0x400000);
	CHECK_EQ(im.highest_vaddr, 0x405000);
}

TEST(phdr_without_pt_phdr)
{
	struct elf_image im;

	make_exec();
	phdr(0)->p_type = PT_NULL;
	CHECK_EQ(inspect(&im), 0);
	CHECK_EQ(im.phdr_vaddr, 0x400040);

	/* Headers in the second segment's file bytes. */
	ehdr()->e_phoff = 0x2100;
	memcpy(img + 0x2100, phdr(0), 4 * sizeof(Elf64_Phdr));
	CHECK_EQ(inspect(&im), 0);
	CHECK_EQ(im.phdr_vaddr, 0x402100);
}

TEST(phdr_not_loaded)
{
	make_exec();
	phdr(0)->p_type = PT_NULL;
	set_phdr(1, PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x1000, 0x1000);
	CHECK_REJECT("program headers are not in any loaded segment");
	CHECK_REJECT("AT_PHDR");

	/* Covering e_phoff but not the whole table is not enough. */
	set_phdr(1, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x80, 0x2000);
	ehdr()->e_entry = 0x400010;
	CHECK_REJECT("AT_PHDR");

	make_exec();
	phdr(0)->p_vaddr = 0x900000;
	CHECK_REJECT("PT_PHDR (0x900000) is not inside a loaded segment");
}

TEST(static_pie)
{
	struct elf_image im;

	make_pie();
	CHECK_EQ(inspect(&im), 0);
	CHECK_STR(why, "");
	CHECK(im.is_pie);
	CHECK_EQ(im.load_bias, PIE_BASE);
	CHECK_EQ(im.entry, PIE_BASE + 0x1010);
	CHECK_EQ(im.phdr_vaddr, PIE_BASE + 0x40);
	CHECK_EQ(im.lowest_vaddr, PIE_BASE);
	CHECK_EQ(im.highest_vaddr, PIE_BASE + 0x5000);
	CHECK_EQ(im.nsegments, 2);
	CHECK_EQ(im.segment[0].vaddr, PIE_BASE);
	CHECK_EQ(im.segment[1].vaddr, PIE_BASE + 0x2000);
	CHECK_EQ(im.segment[1].file_offset, 0x2000);

	/* Without PT_PHDR: found through the segment holding e_phoff. */
	phdr(0)->p_type = PT_NULL;
	CHECK_EQ(inspect(&im), 0);
	CHECK_EQ(im.phdr_vaddr, PIE_BASE + 0x40);
}

TEST(pie_base_checks)
{
	struct elf_image im;

	make_pie();
	CHECK_EQ(inspect_n(FILE_SIZE, PIE_BASE + 0x1000, &im), -EINVAL);
	CHECK(strstr(why, "not 2 MB aligned"));
	/* A base that pushes the program past the user area. */
	CHECK_EQ(inspect_n(FILE_SIZE, 0x7f0000000000UL, &im), -ENOEXEC);
	CHECK(strstr(why, "reaches above 0x7f0000000000"));
	CHECK_EQ(inspect_n(FILE_SIZE, 0xffffffffffe00000UL, &im), -ENOEXEC);
	CHECK(strstr(why, "kernel half"));
	/* p_vaddr + pie_base overflows. */
	phdr(1)->p_vaddr = 0x400000;
	phdr(0)->p_vaddr = 0x400040;
	CHECK_EQ(inspect_n(FILE_SIZE, 0xffffffffffe00000UL, &im), -ENOEXEC);
	CHECK(strstr(why, "segment 1: address 0x400000 + size 0x2000 overflows"));
	make_pie();
	/* Base 0 would map the program over the NULL page. */
	CHECK_EQ(inspect_n(FILE_SIZE, 0, &im), -ENOEXEC);
	CHECK(strstr(why, "NULL-pointer guard"));

	make_pie();
	ehdr()->e_entry = 0;
	CHECK_REJECT("shared library");
}

TEST(not_elf)
{
	struct elf_image im;

	make_exec();
	img[0] = '#';
	CHECK_REJECT("not an ELF file");
	make_exec();
	CHECK_EQ(inspect_n(0, PIE_BASE, &im), -ENOEXEC);
	CHECK_STR(why, "not an ELF file");
	CHECK_EQ(inspect_n(3, PIE_BASE, &im), -ENOEXEC);
	CHECK_STR(why, "not an ELF file");
}

TEST(short_header)
{
	struct elf_image im;

	make_exec();
	CHECK_EQ(inspect_n(40, PIE_BASE, &im), -ENOEXEC);
	CHECK_STR(why,
		  "truncated: 40 bytes is too short for an ELF header (64 bytes)");
}

TEST(wrong_class_order_machine_type)
{
	make_exec();
	ehdr()->e_ident[EI_CLASS] = ELFCLASS32;
	CHECK_REJECT("32-bit ELF: only x86-64 programs run on the LWK");
	ehdr()->e_ident[EI_CLASS] = 7;
	CHECK_REJECT("bad ELF class 7");

	make_exec();
	ehdr()->e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK_REJECT("big-endian");
	ehdr()->e_ident[EI_DATA] = 0;
	CHECK_REJECT("bad ELF byte order 0");

	make_exec();
	ehdr()->e_machine = EM_AARCH64;
	CHECK_REJECT("machine 183 (aarch64)");
	ehdr()->e_machine = 9999;
	CHECK_REJECT("machine 9999 (unknown)");

	make_exec();
	ehdr()->e_type = ET_REL;
	CHECK_REJECT("not an executable (ET_REL object file?)");
	ehdr()->e_type = ET_CORE;
	CHECK_REJECT("not an executable (ET_CORE core dump)");
	ehdr()->e_type = 0x1234;
	CHECK_REJECT("not an executable (ELF type 4660)");
}

TEST(program_header_table)
{
	make_exec();
	ehdr()->e_phentsize = 32;
	CHECK_REJECT("bad program header entry size 32 (expected 56)");

	make_exec();
	ehdr()->e_phoff = FILE_SIZE - 100;
	CHECK_REJECT("program header table (offset 10140, 4 entries) lies outside the file (10240 bytes)");
	ehdr()->e_phoff = ~0ULL - 8;
	CHECK_REJECT("lies outside the file");
	ehdr()->e_phoff = 64;
	ehdr()->e_phnum = 0xffff;
	CHECK_REJECT("lies outside the file");

	ehdr()->e_phnum = 0;
	CHECK_REJECT("no program headers");
}

TEST(dynamically_linked)
{
	static const char interp[] = "/lib64/ld-linux-x86-64.so.2";

	make_exec();
	memcpy(img + 0x1800, interp, sizeof(interp));
	set_phdr(3, PT_INTERP, PF_R, 0x1800, 0x401800, sizeof(interp),
		 sizeof(interp));
	CHECK_REJECT("dynamically linked (needs /lib64/ld-linux-x86-64.so.2): link it with -static");
	CHECK_STR(why, "dynamically linked (needs /lib64/ld-linux-x86-64.so.2): link it with -static");

	/* Not NUL-terminated within p_filesz: quoted only that far. */
	phdr(3)->p_filesz = 6;
	CHECK_REJECT("(needs /lib64): link");

	/* An interpreter path that runs to the end of the file. */
	memset(img + FILE_SIZE - 8, 'a', 8);
	set_phdr(3, PT_INTERP, PF_R, FILE_SIZE - 8, 0x401800, 8, 8);
	CHECK_REJECT("(needs aaaaaaaa): link");

	/* Out of the file: still refused as dynamically linked. */
	phdr(3)->p_offset = FILE_SIZE;
	CHECK_REJECT("dynamically linked (needs a program interpreter)");
	phdr(3)->p_offset = ~0ULL;
	CHECK_REJECT("dynamically linked");

	/* An ET_DYN with PT_INTERP is a dynamic PIE, not a static-pie. */
	make_pie();
	memcpy(img + 0x1800, interp, sizeof(interp));
	set_phdr(0, PT_INTERP, PF_R, 0x1800, 0x1800, sizeof(interp),
		 sizeof(interp));
	CHECK_REJECT("dynamically linked (needs /lib64/ld-linux-x86-64.so.2)");
}

TEST(load_segments)
{
	make_exec();
	phdr(1)->p_type = PT_NOTE;
	phdr(2)->p_type = PT_NOTE;
	CHECK_REJECT("no loadable segment (PT_LOAD)");

	make_exec();
	phdr(2)->p_filesz = 0x3001;
	CHECK_REJECT("segment 2: file size 12289 is larger than its memory size 12288");

	make_exec();
	phdr(2)->p_filesz = 0x1000;
	CHECK_REJECT("truncated: segment 2 needs bytes up to offset 12288 but the file has 10240");
	phdr(2)->p_offset = ~0ULL - 0x10;
	CHECK_REJECT("segment 2: file offset 0xffffffffffffffef + size 0x1000 overflows");

	make_exec();
	phdr(2)->p_vaddr = 0x402100;
	CHECK_REJECT("segment 2: address 0x402100 and file offset 0x2000 differ modulo 4096 (misaligned)");
}

TEST(too_many_segments)
{
	struct elf_image im;
	int i, n = ELF_MAX_LOAD_SEGMENTS + 1;

	/* PT_PHDR and 16 PT_LOADs, one page each: fine, */
	make_exec();
	ehdr()->e_phnum = n;
	ehdr()->e_entry = 0x400010;
	set_phdr(0, PT_PHDR, PF_R, 64, 0x400040, n * 56, n * 56);
	for (i = 1; i < n; i++)
		set_phdr(i, PT_LOAD, PF_R | PF_X, 0,
			 0x400000 + (i - 1) * 0x1000UL, 0, 0x1000);
	phdr(1)->p_filesz = 0x1000;
	CHECK_EQ(inspect(&im), 0);
	CHECK_EQ(im.nsegments, ELF_MAX_LOAD_SEGMENTS);
	CHECK_EQ(im.phdr_vaddr, 0x400040);
	CHECK_EQ(im.highest_vaddr, 0x400000 + 0x1000UL * ELF_MAX_LOAD_SEGMENTS);
	/* but a 17th is one too many. */
	set_phdr(0, PT_LOAD, PF_R, 0, 0x500000, 0, 0x1000);
	CHECK_EQ(inspect(&im), -ENOEXEC);
	CHECK_STR(why, "too many PT_LOAD segments (more than 16)");
}

TEST(overlap)
{
	make_exec();
	set_phdr(2, PT_LOAD, PF_R | PF_W, 0x1000, 0x401000, 0x800, 0x3000);
	CHECK_REJECT("segments 1 and 2 overlap or share a 4 KB page (0x400000-0x402000 and 0x401000-0x404000)");

	/* Touching (as make_exec does) is fine; one byte more is not. */
	make_exec();
	phdr(1)->p_memsz = 0x2001;
	CHECK_REJECT("segments 1 and 2 overlap");

	/* Disjoint bytes in one page: refused too (mapped per page). */
	make_exec();
	set_phdr(1, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x2000, 0x2010);
	set_phdr(2, PT_LOAD, PF_R | PF_W, 0x2100, 0x402100, 0x700, 0x3000);
	CHECK_REJECT("segments 1 and 2 overlap or share a 4 KB page (0x400000-0x402010 and 0x402100-0x405100)");

	/* Overlap is found whatever the order of the headers. */
	make_exec();
	set_phdr(2, PT_LOAD, PF_R | PF_W, 0x2000, 0x3ff000, 0x800, 0x1001);
	CHECK_REJECT("segments 1 and 2 overlap");
}

TEST(addresses)
{
	make_exec();
	phdr(2)->p_vaddr = 0xffffffff80002000UL;
	CHECK_REJECT("segment 2 at 0xffffffff80002000 is in the kernel half");

	make_exec();
	phdr(2)->p_vaddr = 0x7f0000000000UL;
	CHECK_REJECT("segment 2 (0x7f0000000000-0x7f0000003000) reaches above 0x7f0000000000, where the LWK puts stacks and mmaps");
	phdr(2)->p_vaddr = 0x7effffffe000UL;
	CHECK_REJECT("reaches above 0x7f0000000000");
	phdr(2)->p_vaddr = 0x800000000000UL;
	CHECK_REJECT("kernel half");

	make_exec();
	phdr(2)->p_memsz = 0xfffffffffff00000UL;
	CHECK_REJECT("segment 2: address 0x402000 + size 0xfffffffffff00000 overflows");

	make_exec();
	set_phdr(1, PT_LOAD, PF_R | PF_X, 0, 0, 0x2000, 0x2000);
	ehdr()->e_entry = 0x1010;
	phdr(0)->p_vaddr = 0x40;
	CHECK_REJECT("segment 1 at 0x0 is below 0x10000, the NULL-pointer guard area");
}

TEST(entry_point)
{
	make_exec();
	ehdr()->e_entry = 0x402010; /* in the data segment */
	CHECK_REJECT("entry point 0x402010 is not inside an executable segment");
	ehdr()->e_entry = 0x402000 + 0x3000; /* just past everything */
	CHECK_REJECT("not inside an executable segment");
	ehdr()->e_entry = 0x400000;
	phdr(1)->p_flags = PF_R;
	CHECK_REJECT("not inside an executable segment");

	make_pie();
	/* e_entry + pie_base wraps around to inside the text if unchecked. */
	ehdr()->e_entry = 0 - PIE_BASE + 0x1010;
	CHECK_REJECT("not inside an executable segment");
}

TEST(small_why_buffer)
{
	struct elf_image im;
	char small[8];

	make_exec();
	ehdr()->e_ident[EI_CLASS] = ELFCLASS32;
	CHECK_EQ(elf_inspect(img, FILE_SIZE, PIE_BASE, &im, small,
			     sizeof(small)),
		 -ENOEXEC);
	CHECK_STR(small, "32-bit ");
	CHECK_EQ(elf_inspect(img, FILE_SIZE, PIE_BASE, &im, NULL, 0),
		 -ENOEXEC);
}

/* Every prefix of a valid file is refused or accepted without reading
 * past its end (ASan checks the reads). */
TEST(every_truncation)
{
	struct elf_image im;
	size_t n;

	make_exec();
	for (n = 0; n < FILE_SIZE; n++) {
		CHECK(inspect_n(n, PIE_BASE, &im) == -ENOEXEC);
		CHECK(why[0] != '\0' && strlen(why) < sizeof(why));
	}
	CHECK_EQ(inspect_n(FILE_SIZE, PIE_BASE, &im), 0);
}

/* Random corruption of the headers: never a bad read, and whatever is
 * accepted satisfies what the loader relies on. */
TEST(random_corruption)
{
	uint64_t state = 0x2545f4914f6cdd1dULL;
	struct elf_image im;
	int round, k, i;

	for (round = 0; round < 20000; round++) {
		if (round % 2)
			make_exec();
		else
			make_pie();
		for (k = 0; k < 1 + round % 4; k++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			/* Mostly the ELF header and program headers. */
			img[(state >> 8) % (64 + 5 * 56)] = (uint8_t)state;
		}
		if (inspect(&im) != 0) {
			CHECK(why[0] != '\0');
			continue;
		}
		CHECK(im.nsegments >= 1 &&
		      im.nsegments <= ELF_MAX_LOAD_SEGMENTS);
		CHECK(im.lowest_vaddr >= 0x10000);
		CHECK(im.highest_vaddr <= 0x7f0000000000UL);
		for (i = 0; i < im.nsegments; i++) {
			const struct elf_segment *s = &im.segment[i];

			CHECK(s->filesz <= s->memsz);
			CHECK(s->file_offset + s->filesz <= FILE_SIZE);
			CHECK(s->vaddr >= im.lowest_vaddr &&
			      s->vaddr + s->memsz <= im.highest_vaddr);
		}
	}
}

TEST(own_binary_is_dynamic)
{
	struct elf_image im;
	char reason[256];
	FILE *f = fopen("/proc/self/exe", "rb");
	size_t cap = 1 << 20, len = 0, n;
	uint8_t *buf = malloc(cap);

	CHECK(f != NULL);
	if (!f) {
		free(buf);
		return;
	}
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	CHECK_EQ(elf_inspect(buf, len, PIE_BASE, &im, reason, sizeof(reason)),
		 -ENOEXEC);
	CHECK(strncmp(reason, "dynamically linked (needs /", 27) == 0);
	CHECK(strstr(reason, "ld-linux-x86-64.so.2): link it with -static"));
	free(buf);
}

/* ustack_build */

#define STACK_TOP 0x7ffffffff000UL

static const char *const test_argv[] = { "prog", "-x", "hello world" };
static const char *const test_envp[] = { "HOME=/", "PATH=/bin:/usr/bin" };
static const uint64_t test_auxv[][2] = {
	{ AT_PHDR, 0x400040 },
	{ AT_PHENT, 56 },
	{ AT_PHNUM, 4 },
	{ AT_PAGESZ, 4096 },
	{ AT_ENTRY, 0x401010 },
};

static struct ustack_args test_args(void)
{
	struct ustack_args a = {
		.argc = 3,
		.argv = test_argv,
		.envc = 2,
		.envp = test_envp,
		.auxc = 5,
		.auxv = test_auxv,
		.platform = "x86_64",
		.execfn = "/bin/prog",
	};
	int i;

	for (i = 0; i < 16; i++)
		a.random[i] = (uint8_t)(0xa0 + i);
	return a;
}

/* The stack as the program sees it: user addresses into buf. */
struct ustack_view {
	uint8_t *buf;
	size_t size;
	uint64_t top;
};

static bool in_view(const struct ustack_view *v, uint64_t addr, size_t n)
{
	return addr >= v->top - v->size && addr <= v->top && n <= v->top - addr;
}

static uint64_t word_at(const struct ustack_view *v, uint64_t addr)
{
	uint64_t w = 0;

	CHECK(in_view(v, addr, 8));
	if (in_view(v, addr, 8))
		memcpy(&w, v->buf + (addr - (v->top - v->size)), 8);
	return w;
}

static const char *string_at(const struct ustack_view *v, uint64_t addr)
{
	const char *s;

	CHECK(in_view(v, addr, 1));
	if (!in_view(v, addr, 1))
		return "(outside)";
	s = (const char *)v->buf + (addr - (v->top - v->size));
	/* The string and its NUL must lie inside the stack. */
	CHECK(memchr(s, 0, v->top - addr) != NULL);
	return s;
}

/* Walks the stack at rsp like a libc _start and checks it against a. */
static void walk_stack(const struct ustack_view *v, uint64_t rsp,
		       const struct ustack_args *a)
{
	uint64_t p = rsp, type, val, random = 0, platform = 0, execfn = 0;
	int i, naux = 0;

	CHECK(rsp % 16 == 0);
	CHECK_EQ(word_at(v, p), a->argc);
	p += 8;
	for (i = 0; i < a->argc; i++, p += 8)
		CHECK_STR(string_at(v, word_at(v, p)), a->argv[i]);
	CHECK_EQ(word_at(v, p), 0);
	p += 8;
	for (i = 0; i < a->envc; i++, p += 8)
		CHECK_STR(string_at(v, word_at(v, p)), a->envp[i]);
	CHECK_EQ(word_at(v, p), 0);
	p += 8;
	for (;; p += 16, naux++) {
		type = word_at(v, p);
		val = word_at(v, p + 8);
		if (naux < a->auxc) {
			CHECK_EQ(type, a->auxv[naux][0]);
			CHECK_EQ(val, a->auxv[naux][1]);
		}
		if (type == AT_NULL || naux > 64)
			break;
		if (type == AT_RANDOM)
			random = val;
		if (type == AT_PLATFORM)
			platform = val;
		if (type == AT_EXECFN)
			execfn = val;
	}
	CHECK_EQ(type, AT_NULL);
	CHECK_EQ(val, 0);
	CHECK_EQ(naux, a->auxc + 1 + !!a->platform + !!a->execfn);
	CHECK(random != 0 && in_view(v, random, 16));
	if (random && in_view(v, random, 16))
		CHECK(memcmp(v->buf + (random - (v->top - v->size)),
			     a->random, 16) == 0);
	if (a->platform)
		CHECK_STR(string_at(v, platform), a->platform);
	else
		CHECK_EQ(platform, 0);
	if (a->execfn)
		CHECK_STR(string_at(v, execfn), a->execfn);
	else
		CHECK_EQ(execfn, 0);
}

TEST(ustack_layout)
{
	struct ustack_args a = test_args();
	struct ustack_view v = { malloc(4096), 4096, STACK_TOP };
	uint64_t rsp;

	rsp = ustack_build(v.buf, v.size, v.top, &a);
	CHECK(rsp != 0);
	CHECK(rsp >= STACK_TOP - 4096 && rsp < STACK_TOP);
	walk_stack(&v, rsp, &a);
	/* argv pointers are user addresses above the tables. */
	CHECK(word_at(&v, rsp + 8) > rsp);
	free(v.buf);
}

TEST(ustack_unaligned_top_and_minimal_args)
{
	struct ustack_args a = test_args();
	struct ustack_view v = { malloc(1000), 1000, STACK_TOP - 3 };
	uint64_t rsp;

	rsp = ustack_build(v.buf, v.size, v.top, &a);
	CHECK(rsp != 0);
	walk_stack(&v, rsp, &a);

	a.argc = 0;
	a.envc = 0;
	a.auxc = 0;
	a.platform = NULL;
	a.execfn = NULL;
	rsp = ustack_build(v.buf, v.size, v.top, &a);
	CHECK(rsp != 0);
	walk_stack(&v, rsp, &a);
	free(v.buf);
}

/* Every buffer size either fits (and is right) or returns 0; the smallest
 * that fits is small; nothing is written outside the buffer (ASan). */
TEST(ustack_too_small)
{
	struct ustack_args a = test_args();
	size_t n, smallest = 0;
	uint64_t rsp;

	for (n = 0; n <= 600; n++) {
		struct ustack_view v = { malloc(n ? n : 1), n, STACK_TOP };

		rsp = ustack_build(v.buf, n, STACK_TOP, &a);
		if (rsp) {
			if (!smallest)
				smallest = n;
			walk_stack(&v, rsp, &a);
		} else {
			CHECK(!smallest); /* fits at n means fits at n + 1 */
		}
		free(v.buf);
	}
	/* 16 random + 63 string bytes + 26 words = 287, plus alignment. */
	CHECK(smallest >= 287 && smallest < 287 + 16);
}

TEST(ustack_bad_args)
{
	struct ustack_args a = test_args();
	static const char *const with_null[] = { "prog", NULL };
	uint8_t buf[512];

	CHECK_EQ(ustack_build(buf, sizeof(buf), 100, &a), 0);
	a.argc = -1;
	CHECK_EQ(ustack_build(buf, sizeof(buf), STACK_TOP, &a), 0);
	a = test_args();
	a.argc = 2; /* a NULL argument */
	a.argv = with_null;
	CHECK_EQ(ustack_build(buf, sizeof(buf), STACK_TOP, &a), 0);
	a = test_args();
	a.auxc = 0x7fffffff; /* would need 32 GB of auxv */
	CHECK_EQ(ustack_build(buf, sizeof(buf), STACK_TOP, &a), 0);
}

RUN_TESTS(valid_exec, valid_exec_odd_layout, phdr_without_pt_phdr,
	  phdr_not_loaded, static_pie, pie_base_checks, not_elf, short_header,
	  wrong_class_order_machine_type, program_header_table,
	  dynamically_linked, load_segments, too_many_segments, overlap,
	  addresses, entry_point, small_why_buffer, every_truncation,
	  random_corruption, own_binary_is_dynamic, ustack_layout,
	  ustack_unaligned_top_and_minimal_args, ustack_too_small,
	  ustack_bad_args)
