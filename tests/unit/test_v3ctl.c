// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the parts of v3ctl (userspace-ctl/) that need no
 * /dev/v3vmm: size parsing and the rounding message, the Multiboot header
 * check (good images, not-Multiboot, truncated, inconsistent), the
 * program's command line, the key/value and JSON report, VM names, CPU
 * lists (--cpus, sysfs's online list), SMT siblings and the
 * sysfs memory-block helpers run against a fake tree in a temporary
 * directory. Images are built in exactly-sized heap blocks so that ASan
 * catches any read past the end.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv_join.h"
#include "cpulist.h"
#include "hostcpus.h"
#include "hostmem.h"
#include "libv3vee.h"
#include "multiboot_check.h"
#include "program_check.h"
#include "report.h"
#include "sizes.h"
#include "smt.h"
#include "v3ctl.h"

#include "test.h"

#define GB (1024 * MB)

static uint64_t parsed(const char *s)
{
	uint64_t v = 0xdeadbeef;

	CHECK_EQ(size_parse(s, &v), 0);
	return v;
}

TEST(size_parse_accepts)
{
	CHECK_EQ(parsed("0"), 0);
	CHECK_EQ(parsed("4096"), 4096);
	CHECK_EQ(parsed("1K"), 1024);
	CHECK_EQ(parsed("512M"), 512 * MB);
	CHECK_EQ(parsed("512m"), 512 * MB);
	CHECK_EQ(parsed("1G"), GB);
	CHECK_EQ(parsed("4g"), 4 * GB);
	CHECK_EQ(parsed("2T"), 2048 * GB);
	CHECK_EQ(parsed("18446744073709551615"), UINT64_MAX);
	CHECK_EQ(parsed("16777215T"), 16777215ULL << 40);
}

TEST(size_parse_refuses)
{
	uint64_t v = 7;

	CHECK_EQ(size_parse("", &v), -EINVAL);
	CHECK_EQ(size_parse("G", &v), -EINVAL);
	CHECK_EQ(size_parse("1X", &v), -EINVAL);
	CHECK_EQ(size_parse("1GB", &v), -EINVAL);
	CHECK_EQ(size_parse("1 G", &v), -EINVAL);
	CHECK_EQ(size_parse(" 1G", &v), -EINVAL);
	CHECK_EQ(size_parse("-1G", &v), -EINVAL);
	CHECK_EQ(size_parse("+1G", &v), -EINVAL);
	CHECK_EQ(size_parse("1.5G", &v), -EINVAL);
	CHECK_EQ(size_parse("0x10", &v), -EINVAL);
	CHECK_EQ(size_parse("18446744073709551616", &v), -ERANGE);
	CHECK_EQ(size_parse("16777216T", &v), -ERANGE);
	CHECK_EQ(v, 7); /* untouched on error */
}

TEST(size_format_exact)
{
	char buf[32];

	size_format(896 * MB, buf, sizeof(buf));
	CHECK_STR(buf, "896M");
	size_format(GB, buf, sizeof(buf));
	CHECK_STR(buf, "1024M");
	size_format(3 * 1024, buf, sizeof(buf));
	CHECK_STR(buf, "3K");
	size_format(1000, buf, sizeof(buf));
	CHECK_STR(buf, "1000");
	size_format(0, buf, sizeof(buf));
	CHECK_STR(buf, "0");
}

TEST(size_rounding_message)
{
	uint64_t block = 128 * MB;
	char msg[256] = "";

	CHECK_EQ(
		size_check_multiple("--mem", "1G", GB, block, msg, sizeof(msg)),
		0);
	CHECK_STR(msg, "");
	CHECK_EQ(size_check_multiple("--mem", "1000M", 1000 * MB, block, msg,
				     sizeof(msg)),
		 -EINVAL);
	CHECK_STR(msg, "--mem 1000M is not a multiple of the memory block size "
		       "(128 MB): use 896M or 1024M");
	CHECK_EQ(size_check_multiple("--mem", "100M", 100 * MB, block, msg,
				     sizeof(msg)),
		 -EINVAL);
	CHECK_STR(msg, "--mem 100M is not a multiple of the memory block size "
		       "(128 MB): use 128M");
	CHECK_EQ(size_check_multiple("--mem", "0", 0, block, msg, sizeof(msg)),
		 -EINVAL);
	CHECK_STR(msg, "--mem 0 is not a positive multiple of the memory block "
		       "size (128 MB): use 128M or more");
	CHECK_EQ(size_check_multiple("--mem", "3G", 3 * GB, 2 * GB, msg,
				     sizeof(msg)),
		 -EINVAL);
	CHECK_STR(msg, "--mem 3G is not a multiple of the memory block size "
		       "(2048 MB): use 2048M or 4096M");
	CHECK_EQ(size_check_multiple("--mem", "1", 1, 1000, msg, sizeof(msg)),
		 -EINVAL);
	CHECK_STR(msg, "--mem 1 is not a multiple of the memory block size "
		       "(1000 bytes): use 1000");
	/* No upper neighbour in 64 bits. */
	CHECK_EQ(size_check_multiple("--mem", "18446744073709551615",
				     UINT64_MAX, block, msg, sizeof(msg)),
		 -EINVAL);
	CHECK_STR(msg, "--mem 18446744073709551615 is not a multiple of the "
		       "memory block size (128 MB): use 17592186044288M");
}

/* Multiboot images (a.out kludge; ELF images: test_mb_image). */

#define LOAD_ADDR 0x100000u

struct mb_fields {
	size_t offset; /* of the header */
	uint32_t flags;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
	int bad_checksum;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* A heap block of exactly len bytes holding the header (as far as fits). */
static uint8_t *make_image(size_t len, const struct mb_fields *f)
{
	uint8_t header[32];
	uint8_t *img = malloc(len ? len : 1);
	uint32_t checksum = -(MB_HEADER_MAGIC + f->flags);

	for (size_t i = 0; i < len; i++)
		img[i] = (uint8_t)(i * 7 + 1);
	put32(header, MB_HEADER_MAGIC);
	put32(header + 4, f->flags);
	put32(header + 8, checksum + (f->bad_checksum ? 1 : 0));
	put32(header + 12, f->header_addr);
	put32(header + 16, f->load_addr);
	put32(header + 20, f->load_end_addr);
	put32(header + 24, f->bss_end_addr);
	put32(header + 28, f->entry_addr ? f->entry_addr : LOAD_ADDR + 0x20);
	for (size_t i = 0; i < sizeof(header) && f->offset + i < len; i++)
		img[f->offset + i] = header[i];
	return img;
}

/* The lwk.img layout: header first, loaded whole, bss after. */
static struct mb_fields lwk_like(size_t len)
{
	struct mb_fields f = {
		.flags = (1 << 0) | (1 << 1) | MB_FLAG_AOUT_KLUDGE,
		.header_addr = LOAD_ADDR,
		.load_addr = LOAD_ADDR,
		.load_end_addr = LOAD_ADDR + len,
		.bss_end_addr = LOAD_ADDR + len + 0x10000,
	};
	return f;
}

static char mb_msg[512];

static enum mb_status check(size_t len, const struct mb_fields *f,
			    struct mb_layout *out)
{
	uint8_t *img = make_image(len, f);
	enum mb_status s = mb_check(img, len, out, "k.img", mb_msg,
				    sizeof(mb_msg));

	free(img);
	return s;
}

TEST(multiboot_good)
{
	struct mb_fields f = lwk_like(86040);
	struct mb_layout mb;

	CHECK_EQ(check(86040, &f, &mb), MB_OK);
	CHECK_EQ(mb.format, MB_FORMAT_AOUT);
	CHECK_EQ(mb.header_offset, 0);
	CHECK_EQ(mb.nsegs, 1);
	CHECK_EQ(mb.seg[0].addr, LOAD_ADDR);
	CHECK_EQ(mb.seg[0].offset, 0);
	CHECK_EQ(mb.seg[0].filesz, 86040);
	CHECK_EQ(mb.seg[0].memsz, 86040 + 0x10000);
	CHECK_EQ(mb.end, LOAD_ADDR + 86040 + 0x10000);
	CHECK_EQ(mb.entry, LOAD_ADDR + 0x20);
	CHECK_STR(mb_msg, "k.img is a Multiboot kernel");

	/* load_end_addr 0: the whole file; bss_end_addr 0: no bss. */
	f.load_end_addr = 0;
	f.bss_end_addr = 0;
	CHECK_EQ(check(5000, &f, &mb), MB_OK);
	CHECK_EQ(mb.seg[0].filesz, 5000);
	CHECK_EQ(mb.seg[0].memsz, 5000);

	/* The header 64 bytes in, the file loaded from its start. */
	f = lwk_like(8192);
	f.offset = 64;
	f.header_addr = LOAD_ADDR + 64;
	CHECK_EQ(check(8192, &f, &mb), MB_OK);
	CHECK_EQ(mb.header_offset, 64);
	CHECK_EQ(mb.seg[0].offset, 0);

	/* Loading from the header on: bytes before it are not read. */
	f = lwk_like(4096);
	f.offset = 512;
	CHECK_EQ(check(512 + 4096, &f, &mb), MB_OK);
	CHECK_EQ(mb.seg[0].offset, 512);
	CHECK_EQ(mb.seg[0].filesz, 4096);

	/* The last place a whole header fits in the first 8 KB. */
	f = lwk_like(0);
	f.offset = 8192 - 32;
	f.load_end_addr = 0;
	f.bss_end_addr = 0;
	CHECK_EQ(check(16384, &f, &mb), MB_OK);

	/* Below 1 MB, between the loader's areas. */
	f = lwk_like(4096);
	f.header_addr = f.load_addr = 0x8000;
	f.load_end_addr = 0x9000;
	f.bss_end_addr = 0xa000;
	f.entry_addr = 0x8010;
	CHECK_EQ(check(4096, &f, &mb), MB_OK);
	CHECK_EQ(mb.seg[0].addr, 0x8000);
	CHECK_EQ(mb.entry, 0x8010);
}

TEST(multiboot_not_multiboot)
{
	struct mb_fields f = lwk_like(4096);
	struct mb_layout mb;

	f.bad_checksum = 1;
	CHECK_EQ(check(4096, &f, &mb), MB_NOT_MULTIBOOT);
	f.bad_checksum = 0;
	f.offset = 2; /* not 4-byte aligned */
	CHECK_EQ(check(4096, &f, &mb), MB_NOT_MULTIBOOT);
	f.offset = 8192; /* past the first 8 KB */
	CHECK_EQ(check(16384, &f, &mb), MB_NOT_MULTIBOOT);
	f.offset = 8192 - 8; /* the checksum would lie past 8 KB */
	CHECK_EQ(check(16384, &f, &mb), MB_NOT_MULTIBOOT);
	CHECK_EQ(check(0, &f, &mb), MB_NOT_MULTIBOOT);
	CHECK_EQ(check(11, &f, &mb), MB_NOT_MULTIBOOT);
	CHECK_STR(mb_msg, "k.img is not a Multiboot kernel (no valid header "
			  "in its first 8 KB)");
}

TEST(multiboot_without_load_addresses)
{
	struct mb_fields f = lwk_like(4096);
	struct mb_layout mb;

	/* An ELF kernel's header (no a.out kludge) in a file not ELF. */
	f.flags = 3;
	CHECK_EQ(check(4096, &f, &mb), MB_NOT_ELF);
	CHECK_STR(mb_msg, "k.img is not a Multiboot kernel v3vee can load: "
			  "its Multiboot header has no load addresses (flags "
			  "bit 16 clear) and it is not an ELF file");
	/* Requirements this loader does not know. */
	f.flags = MB_FLAG_AOUT_KLUDGE | (1 << 3);
	CHECK_EQ(check(4096, &f, &mb), MB_UNSUPPORTED);
	CHECK(strstr(mb_msg, "flags 0x10008, bits 0x8") != NULL);
	/* Video mode wanted: no video info is given, which is allowed. */
	f = lwk_like(4096);
	f.flags |= MB_FLAG_VIDEO;
	CHECK_EQ(check(4096, &f, &mb), MB_OK);
}

TEST(multiboot_truncated)
{
	struct mb_fields f = lwk_like(86040);
	struct mb_layout mb;

	CHECK_EQ(check(50000, &f, &mb), MB_TRUNCATED);
	CHECK_EQ(mb.file_needed, 86040);
	CHECK_STR(mb_msg, "k.img is truncated: segment 0 needs file bytes "
			  "0x0-0x15018 but the file has 50000 bytes");

	/* One byte short. */
	CHECK_EQ(check(86039, &f, &mb), MB_TRUNCATED);

	/* Header 64 bytes in: the load starts at file offset 0. */
	f = lwk_like(4096);
	f.offset = 64;
	f.header_addr = LOAD_ADDR + 64;
	CHECK_EQ(check(4000, &f, &mb), MB_TRUNCATED);
	CHECK_EQ(mb.file_needed, 4096);

	/* The file ends inside the 32-byte header. */
	f = lwk_like(4096);
	f.offset = 4;
	CHECK_EQ(check(20, &f, &mb), MB_TRUNCATED);
	CHECK_EQ(mb.file_needed, 36);
}

TEST(multiboot_inconsistent)
{
	struct mb_fields f = lwk_like(4096);
	struct mb_layout mb;

	f.header_addr = LOAD_ADDR - 4; /* header before the load address */
	CHECK_EQ(check(4096, &f, &mb), MB_BAD_HEADER);
	CHECK(strstr(mb_msg, "k.img is not a Multiboot kernel v3vee can "
			     "load: header_addr 0xffffc") == mb_msg);

	f = lwk_like(4096);
	f.header_addr = LOAD_ADDR + 64; /* would load from before the file */
	CHECK_EQ(check(4096, &f, &mb), MB_BAD_HEADER);

	f = lwk_like(4096);
	f.offset = 32;
	f.header_addr = LOAD_ADDR + 32;
	f.load_end_addr = LOAD_ADDR + 16; /* the load ends before the header */
	CHECK_EQ(check(4096, &f, &mb), MB_BAD_HEADER);

	f = lwk_like(4096);
	f.bss_end_addr = LOAD_ADDR + 100; /* bss ends before the data */
	CHECK_EQ(check(4096, &f, &mb), MB_BAD_HEADER);

	f = lwk_like(4096);
	f.load_end_addr = LOAD_ADDR + 0x20; /* the entry is not loaded */
	f.bss_end_addr = 0;
	CHECK_EQ(check(4096, &f, &mb), MB_BAD_HEADER);
	CHECK(strstr(mb_msg, "entry_addr 0x100020 is not in the loaded "
			     "bytes 0x100000-0x100020") != NULL);

	/* Over the loader's Multiboot info, or its reserved area. */
	f = lwk_like(4096);
	f.header_addr = f.load_addr = 0x6000;
	f.load_end_addr = 0x7000;
	f.bss_end_addr = 0;
	f.entry_addr = 0x6000;
	CHECK_EQ(check(4096, &f, &mb), MB_BAD_PLACE);
	CHECK_STR(mb_msg, "k.img is not a Multiboot kernel v3vee can load: "
			  "segment 0 (0x6000-0x7000) overlaps page 0 and the "
			  "loader's Multiboot info at 0x0-0x6fff");
	f.header_addr = f.load_addr = f.entry_addr = 0x9e000;
	f.load_end_addr = 0x9f001;
	CHECK_EQ(check(8192, &f, &mb), MB_BAD_PLACE);
	CHECK(strstr(mb_msg, "overlaps the reserved area 0x9f000-0xfffff") !=
	      NULL);
	/* bss to the 4 GB line is fine; the load wrapping past it is not. */
	f = lwk_like(4096);
	f.bss_end_addr = 0xffffffff;
	CHECK_EQ(check(4096, &f, &mb), MB_OK);
	f.header_addr = f.load_addr = 0xfffff000;
	f.load_end_addr = 0;
	f.bss_end_addr = 0;
	f.entry_addr = 0xfffff000;
	CHECK_EQ(check(8192, &f, &mb), MB_BAD_PLACE);
	CHECK(strstr(mb_msg, "reaches above 4 GB") != NULL);
}

/* create -- PROGRAM: the LWK's first ELF checks. */

/* A static x86-64 ELF with one PT_LOAD (and optionally a PT_INTERP). */
static size_t make_program(uint8_t *p, size_t size, uint16_t type,
			   uint16_t machine, int interp)
{
	memset(p, 0, size);
	memcpy(p, "\177ELF", 4);
	p[4] = 2;
	p[5] = 1;
	p[16] = type;
	p[18] = machine;
	p[24] = 0x10; /* e_entry 0x401010 */
	p[25] = 0x10;
	p[26] = 0x40;
	p[32] = 64;   /* e_phoff */
	p[54] = 56;   /* e_phentsize */
	p[56] = interp ? 2 : 1;
	p[64] = 1;    /* PT_LOAD, memsz 0x1000 */
	p[64 + 41] = 0x10;
	if (interp) {
		p[120] = 3; /* PT_INTERP at offset 200, 12 bytes */
		p[120 + 8] = 200;
		p[120 + 32] = 12;
		memcpy(p + 200, "/lib/ld.so", 11);
	}
	return 256;
}

TEST(program_checks)
{
	uint8_t p[256];
	char why[256];

	CHECK_EQ(program_check(p, make_program(p, sizeof(p), 2, 62, 0), why,
			       sizeof(why)),
		 0);
	CHECK_EQ(program_check(p, make_program(p, sizeof(p), 3, 62, 0), why,
			       sizeof(why)),
		 0); /* static-pie */
	/* A kernel module: ET_REL. */
	CHECK_EQ(program_check(p, make_program(p, sizeof(p), 1, 62, 0), why,
			       sizeof(why)),
		 -ENOEXEC);
	CHECK_STR(why, "not an executable (ET_REL: an object file or kernel "
		       "module)");
	CHECK_EQ(program_check(p, make_program(p, sizeof(p), 2, 62, 1), why,
			       sizeof(why)),
		 -ENOEXEC);
	CHECK_STR(why, "dynamically linked (needs /lib/ld.so): link it with "
		       "-static");
	CHECK_EQ(program_check(p, make_program(p, sizeof(p), 2, 183, 0), why,
			       sizeof(why)),
		 -ENOEXEC);
	CHECK_STR(why, "ELF for machine 183, not x86-64 (62)");
	make_program(p, sizeof(p), 2, 62, 0);
	p[4] = 1;
	CHECK_EQ(program_check(p, sizeof(p), why, sizeof(why)), -ENOEXEC);
	CHECK_STR(why, "32-bit ELF: only x86-64 programs run on the LWK");
	make_program(p, sizeof(p), 2, 62, 0);
	p[64] = 6; /* PT_PHDR: nothing to load */
	CHECK_EQ(program_check(p, sizeof(p), why, sizeof(why)), -ENOEXEC);
	CHECK_STR(why, "no loadable segment (PT_LOAD)");
	make_program(p, sizeof(p), 2, 62, 0);
	p[32] = 0xf0; /* table outside the file */
	CHECK_EQ(program_check(p, sizeof(p), why, sizeof(why)), -ENOEXEC);
	memset(p + 32, 0xff, 8); /* phoff + table wraps */
	CHECK_EQ(program_check(p, sizeof(p), why, sizeof(why)), -ENOEXEC);
	make_program(p, sizeof(p), 3, 62, 0);
	memset(p + 24, 0, 8); /* ET_DYN, entry 0: a shared library */
	CHECK_EQ(program_check(p, sizeof(p), why, sizeof(why)), -ENOEXEC);
	CHECK_STR(why, "entry point 0: a shared library, not a program");
	CHECK_EQ(program_check("#!/bin/sh\n", 10, why, sizeof(why)), -ENOEXEC);
	CHECK_STR(why, "not an ELF file");
	CHECK_EQ(program_check(p, 40, why, sizeof(why)), -ENOEXEC);
}

/* The program's command line. */

TEST(argv_join_words)
{
	char *args[] = { "32", "32", "32" };
	char *odd[] = { "a b", "", "tab\there", "x" };
	char *quote[] = { "ok", "say \"hi\"" };
	char buf[V3_CMDLINE_MAX];
	const char *bad;

	CHECK_EQ(argv_join("./hpccg", args, 3, buf, sizeof(buf), &bad), 0);
	CHECK_STR(buf, "hpccg 32 32 32");
	CHECK_EQ(argv_join("/usr/local/bin/prog", NULL, 0, buf, sizeof(buf),
			   &bad),
		 0);
	CHECK_STR(buf, "prog");
	CHECK_EQ(argv_join("hello", odd, 4, buf, sizeof(buf), &bad), 0);
	CHECK_STR(buf, "hello \"a b\" \"\" \"tab\there\" x");
	CHECK_EQ(argv_join("my prog", NULL, 0, buf, sizeof(buf), &bad), 0);
	CHECK_STR(buf, "\"my prog\"");
	CHECK_EQ(argv_join("p", quote, 2, buf, sizeof(buf), &bad), -EINVAL);
	CHECK_STR(bad, "say \"hi\"");
}

TEST(argv_join_limits)
{
	static char *many[ARGV_JOIN_MAX_WORDS];
	char buf[V3_CMDLINE_MAX], small[10];
	const char *bad;

	for (int i = 0; i < ARGV_JOIN_MAX_WORDS; i++)
		many[i] = "1";
	CHECK_EQ(argv_join("p", many, ARGV_JOIN_MAX_WORDS - 1, buf, sizeof(buf),
			   &bad),
		 0);
	CHECK_EQ(strlen(buf), 1 + 2 * (ARGV_JOIN_MAX_WORDS - 1));
	CHECK_EQ(argv_join("p", many, ARGV_JOIN_MAX_WORDS, buf, sizeof(buf),
			   &bad),
		 -E2BIG);
	/* "prog 1234" is 9 bytes and fits with its NUL; one more does not. */
	many[0] = "1234";
	CHECK_EQ(argv_join("prog", many, 1, small, sizeof(small), &bad), 0);
	CHECK_STR(small, "prog 1234");
	many[0] = "12345";
	CHECK_EQ(argv_join("prog", many, 1, small, sizeof(small), &bad),
		 -E2BIG);
}

/* The report, in both formats. */

static void sample_report(FILE *out, enum report_format format)
{
	struct report r;

	report_begin(&r, out, format);
	report_str(&r, "name", "vm0");
	report_u64(&r, "mem_mb", 1024);
	report_s64(&r, "exit_status", -1);
	report_array_begin(&r, "cores");
	report_s64(&r, NULL, 3);
	report_s64(&r, NULL, 2);
	report_array_end(&r);
	report_array_begin(&r, "none");
	report_array_end(&r);
	report_seconds(&r, "guest_run_s", 1234567890);
	report_object_begin(&r, "exits");
	report_object_begin(&r, "vcpu0");
	report_u64(&r, "cpuid", 12);
	report_u64(&r, "npf", 0);
	report_object_end(&r);
	report_object_end(&r);
	report_hex(&r, "rip", 0xffffffff80001234ULL);
	report_str(&r, "fail_reason", "bad \"x\"\\\n\x01");
	report_end(&r);
}

static char *report_to_string(enum report_format format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	sample_report(out, format);
	fclose(out);
	return buf;
}

TEST(report_text)
{
	char *s = report_to_string(REPORT_TEXT);

	CHECK_STR(s, "name: vm0\n"
		     "mem_mb: 1024\n"
		     "exit_status: -1\n"
		     "cores: 3 2\n"
		     "none:\n"
		     "guest_run_s: 1.234567\n"
		     "exits.vcpu0.cpuid: 12\n"
		     "exits.vcpu0.npf: 0\n"
		     "rip: 0xffffffff80001234\n"
		     "fail_reason: bad \"x\"\\??\n");
	free(s);
}

TEST(report_json)
{
	char *s = report_to_string(REPORT_JSON);

	CHECK_STR(s, "{\"name\":\"vm0\",\"mem_mb\":1024,\"exit_status\":-1,"
		     "\"cores\":[3,2],\"none\":[],\"guest_run_s\":1.234567,"
		     "\"exits\":{\"vcpu0\":{\"cpuid\":12,\"npf\":0}},"
		     "\"rip\":\"0xffffffff80001234\","
		     "\"fail_reason\":\"bad \\\"x\\\"\\\\\\n\\u0001\"}\n");
	free(s);
}

/* Names and the library's tables. */

TEST(vm_names)
{
	CHECK(v3_name_valid("vm0"));
	CHECK(v3_name_valid("hpc-1.test_A"));
	CHECK(v3_name_valid("abcdefghijklmnopqrstuvwxyz01234")); /* 31 */
	CHECK(!v3_name_valid("abcdefghijklmnopqrstuvwxyz012345")); /* 32 */
	CHECK(!v3_name_valid(""));
	CHECK(!v3_name_valid("a b"));
	CHECK(!v3_name_valid("a/b"));
	CHECK_STR(v3_state_name(V3_VM_EXITED), "exited");
	CHECK_STR(v3_state_name(99), "unknown");
}

TEST(stats_blocks_stay_in_bounds)
{
	static struct v3_vm_stats st;

	memset(&st, 0, sizeof(st));
	st.nblocks = 100000; /* a confused module must not make us overrun */
	CHECK_EQ(v3_stats_nblocks(&st), V3_MAX_BLOCKS);
	st.nblocks = 3;
	CHECK_EQ(v3_stats_nblocks(&st), 3);
}

/* Options. */

TEST(options)
{
	char *argv[] = { "create",   "--mem",	 "1G",
			 "--mem=2G", "--memory", "--cores" };
	const char *value = NULL;
	long n = 0;
	int i = 1;

	CHECK_EQ(arg_option(6, argv, &i, "--mem", &value), 1);
	CHECK_STR(value, "1G");
	CHECK_EQ(i, 2); /* on the value: the caller's loop steps past it */
	i = 3;
	CHECK_EQ(arg_option(6, argv, &i, "--mem", &value), 1);
	CHECK_STR(value, "2G");
	CHECK_EQ(i, 3);
	i = 4;
	CHECK_EQ(arg_option(6, argv, &i, "--mem", &value), 0);
	i = 5;
	CHECK_EQ(arg_option(6, argv, &i, "--cores", &value), -1);
	CHECK(arg_is_help("-h") && arg_is_help("--help"));
	CHECK(!arg_is_help("--helpme"));

	CHECK_EQ(arg_int("3", 1, 8, &n), 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(arg_int("-2", -5, 8, &n), 0);
	CHECK_EQ(n, -2);
	CHECK_EQ(arg_int("9", 1, 8, &n), -ERANGE);
	CHECK_EQ(arg_int("99999999999999999999", 1, 8, &n), -ERANGE);
	CHECK_EQ(arg_int("", 1, 8, &n), -EINVAL);
	CHECK_EQ(arg_int(" 3", 1, 8, &n), -EINVAL);
	CHECK_EQ(arg_int("3x", 1, 8, &n), -EINVAL);
	CHECK_EQ(arg_int("x", 1, 8, &n), -EINVAL);
}

/* sysfs memory blocks, in a fake tree. */

static char tree[64];

static void put_file(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void put_block(int n, const char *state, const char *zones)
{
	char rel[64], dir[160];

	snprintf(dir, sizeof(dir), "%s/memory%d", tree, n);
	CHECK_EQ(mkdir(dir, 0755), 0);
	snprintf(rel, sizeof(rel), "memory%d/state", n);
	put_file(rel, state);
	snprintf(rel, sizeof(rel), "memory%d/valid_zones", n);
	put_file(rel, zones);
}

static void remove_tree(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	CHECK_EQ(system(cmd), 0);
}

TEST(hostmem_fake_sysfs)
{
	uint64_t block = 0, movable = 0;
	char state[32], dir[80];

	snprintf(tree, sizeof(tree), "/tmp/v3ctl-unit-XXXXXX");
	CHECK(mkdtemp(tree) != NULL);
	put_file("block_size_bytes", "8000000\n");
	put_block(0, "online\n", "Normal\n");
	put_block(8, "online\n", "Movable\n");
	put_block(9, "online\n", "Movable\n");
	put_block(10, "offline\n", "Movable Normal\n");
	put_block(11, "online\n", "DMA32\n");
	snprintf(dir, sizeof(dir), "%s/memoryX", tree);
	CHECK_EQ(mkdir(dir, 0755), 0); /* not a block: ignored */
	put_file("auto_online_blocks", "offline\n");

	CHECK_EQ(hostmem_block_size(tree, &block), 0);
	CHECK_EQ(block, 128 * MB);
	CHECK_EQ(hostmem_movable_bytes(tree, block, &movable), 0);
	CHECK_EQ(movable, 2 * 128 * MB);

	CHECK_EQ(hostmem_block_state(tree, 8, state, sizeof(state)), 0);
	CHECK_STR(state, "online");
	CHECK_EQ(hostmem_block_state(tree, 10, state, sizeof(state)), 0);
	CHECK_STR(state, "offline");
	CHECK_EQ(hostmem_block_state(tree, 77, state, sizeof(state)), -ENOENT);
	CHECK_EQ(hostmem_block_zone(tree, 8, state, sizeof(state)), 0);
	CHECK_STR(state, "Movable");
	CHECK_EQ(hostmem_block_zone(tree, 10, state, sizeof(state)), 0);
	CHECK_STR(state, "Movable"); /* the first of "Movable Normal" */
	CHECK_EQ(hostmem_block_zone(tree, 11, state, sizeof(state)), 0);
	CHECK_STR(state, "DMA32");
	CHECK_EQ(hostmem_block_zone(tree, 77, state, sizeof(state)), -ENOENT);

	put_file("block_size_bytes", "zz\n");
	CHECK_EQ(hostmem_block_size(tree, &block), -EINVAL);
	remove_tree();
	CHECK_EQ(hostmem_block_size(tree, &block), -ENOENT);
	CHECK_EQ(hostmem_movable_bytes(tree, block, &movable), -ENOENT);
}

/* The CPUs of list s, as "a b c", or the error as a negative number. */
static const char *cpus_of(const char *s)
{
	static char out[256];
	int cpus[16], n = -1, dup = -1, ret, used = 0;

	ret = cpulist_parse(s, cpus, 16, &n, &dup);
	if (ret == -EEXIST)
		snprintf(out, sizeof(out), "dup %d", dup);
	else if (ret)
		snprintf(out, sizeof(out), "%d", ret);
	else
		for (int i = 0; i < n; i++)
			used += snprintf(out + used, sizeof(out) - used,
					 "%s%d", i ? " " : "", cpus[i]);
	if (!ret && n == 0)
		out[0] = '\0';
	return out;
}

TEST(cpulist)
{
	char errs[32];

	CHECK_STR(cpus_of("3"), "3");
	CHECK_STR(cpus_of("2,1"), "2 1"); /* the order given: vCPU i on it */
	CHECK_STR(cpus_of("1-3"), "1 2 3");
	CHECK_STR(cpus_of("0-1,4,6-7"), "0 1 4 6 7");
	CHECK_STR(cpus_of("0-3\n"), "0 1 2 3"); /* as sysfs writes it */
	CHECK_STR(cpus_of("5-5"), "5");
	CHECK_STR(cpus_of("1,1"), "dup 1");
	CHECK_STR(cpus_of("1-3,2"), "dup 2");
	snprintf(errs, sizeof(errs), "%d", -EINVAL);
	CHECK_STR(cpus_of(""), errs);
	CHECK_STR(cpus_of(","), errs);
	CHECK_STR(cpus_of("1,"), errs);
	CHECK_STR(cpus_of("a"), errs);
	CHECK_STR(cpus_of("-1"), errs);
	CHECK_STR(cpus_of("1-"), errs);
	CHECK_STR(cpus_of("1 2"), errs);
	CHECK_STR(cpus_of("1\n\n"), errs);
	snprintf(errs, sizeof(errs), "%d", -ERANGE);
	CHECK_STR(cpus_of("3-1"), errs);
	CHECK_STR(cpus_of("8192"), errs);
	CHECK_STR(cpus_of("99999999999999999999"), errs);
	snprintf(errs, sizeof(errs), "%d", -E2BIG);
	CHECK_STR(cpus_of("0-16"), errs);
	CHECK_STR(cpus_of("0-15"), "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15");
	CHECK(cpulist_has((int[]){ 2, 7 }, 2, 7));
	CHECK(!cpulist_has((int[]){ 2, 7 }, 2, 3));
	CHECK(!cpulist_has((int[]){ 2, 7 }, 1, 7)); /* only the first n */
}

static void put_siblings(int cpu, const char *list)
{
	char rel[96], dir[192];

	snprintf(dir, sizeof(dir), "%s/cpu%d", tree, cpu);
	CHECK_EQ(mkdir(dir, 0755), 0);
	snprintf(dir, sizeof(dir), "%s/cpu%d/topology", tree, cpu);
	CHECK_EQ(mkdir(dir, 0755), 0);
	snprintf(rel, sizeof(rel), "cpu%d/topology/thread_siblings_list", cpu);
	put_file(rel, list);
}

/* sysfs CPUs and SMT siblings, in a fake tree: 2 cores x 2 threads,
 * threads of a core numbered apart (0,2 and 1,3) as on many servers. */
TEST(hostcpus_smt_fake_sysfs)
{
	static struct smt_view v;
	int cpus[8], n = -1, pairs[8][2];

	snprintf(tree, sizeof(tree), "/tmp/v3ctl-unit-XXXXXX");
	CHECK(mkdtemp(tree) != NULL);
	put_file("online", "0-3\n");
	put_siblings(0, "0,2\n");
	put_siblings(1, "1,3\n");
	put_siblings(2, "0,2\n");
	put_siblings(3, "1,3\n");

	CHECK_EQ(hostcpus_online(tree, cpus, 8, &n), 0);
	CHECK_EQ(n, 4);
	CHECK_EQ(cpus[3], 3);
	CHECK_EQ(hostcpus_siblings(tree, 3, cpus, 8, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(cpus[0], 1);
	CHECK_EQ(hostcpus_siblings(tree, 7, cpus, 8, &n), -ENOENT);

	CHECK_EQ(smt_read(tree, &v), 0);
	CHECK_EQ(v.ncpus, 4);
	/* CPU 3 alone: its sibling 1 stays with Linux. */
	CHECK_EQ(smt_split(&v, (int[]){ 3 }, 1, pairs, 8), 1);
	CHECK_EQ(pairs[0][0], 3);
	CHECK_EQ(pairs[0][1], 1);
	/* A whole core: nothing split. */
	CHECK_EQ(smt_split(&v, (int[]){ 3, 1 }, 2, pairs, 8), 0);
	/* One thread of each core: two splits, each named once. */
	CHECK_EQ(smt_split(&v, (int[]){ 2, 3 }, 2, pairs, 8), 2);
	CHECK_EQ(pairs[0][0], 2);
	CHECK_EQ(pairs[0][1], 0);
	CHECK_EQ(pairs[1][0], 3);
	CHECK_EQ(pairs[1][1], 1);
	CHECK_EQ(smt_split(&v, (int[]){ 2, 3 }, 2, pairs, 1), 1); /* max */

	/* No SMT: a CPU's only sibling is itself. */
	put_file("cpu1/topology/thread_siblings_list", "1\n");
	CHECK_EQ(hostcpus_siblings(tree, 1, cpus, 8, &n), 0);
	CHECK_EQ(n, 0);
	put_file("online", "0-3,x\n");
	CHECK_EQ(smt_read(tree, &v), -EINVAL);
	remove_tree();
	CHECK_EQ(smt_read(tree, &v), -ENOENT);
}

RUN_TESTS(size_parse_accepts, size_parse_refuses, size_format_exact,
	  size_rounding_message, multiboot_good, multiboot_not_multiboot,
	  multiboot_without_load_addresses, multiboot_truncated,
	  multiboot_inconsistent, program_checks, argv_join_words, argv_join_limits,
	  report_text, report_json, vm_names, stats_blocks_stay_in_bounds,
	  options, hostmem_fake_sysfs, cpulist, hostcpus_smt_fake_sysfs)
