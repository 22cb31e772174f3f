// SPDX-License-Identifier: GPL-2.0
/*
 * program_check(): the LWK's first ELF checks (lwk/loader/elf.c) made by
 * v3ctl on the program file, so that a kernel module, a 32-bit or
 * dynamically linked program is refused before a VM is built for it.
 * The file is untrusted: fields are read byte by byte, offsets checked
 * without overflow.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "program_check.h"

#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define ET_CORE 4
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_INTERP 3
#define EHDR_LEN 64
#define PHDR_LEN 56
#define INTERP_SHOWN 100

static int refuse(char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

#define REFUSE(...) refuse(why, why_len, __VA_ARGS__)

static uint64_t get(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	for (int i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int inside(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

int program_check(const void *file, size_t len, char *why, size_t why_len)
{
	const unsigned char *p = file;
	unsigned int type, machine, phentsize, phnum, loads = 0;
	uint64_t phoff, entry;

	if (len < 4 || memcmp(p, "\177ELF", 4))
		return REFUSE("not an ELF file");
	if (len < EHDR_LEN)
		return REFUSE("truncated: %zu bytes is too short for an ELF "
			      "header",
			      len);
	if (p[4] == 1)
		return REFUSE("32-bit ELF: only x86-64 programs run on the "
			      "LWK");
	if (p[4] != 2)
		return REFUSE("bad ELF class %u", p[4]);
	if (p[5] != 1)
		return REFUSE("not a little-endian ELF file");
	type = get(p + 16, 2);
	machine = get(p + 18, 2);
	entry = get(p + 24, 8);
	phoff = get(p + 32, 8);
	phentsize = get(p + 54, 2);
	phnum = get(p + 56, 2);
	if (machine != EM_X86_64)
		return REFUSE("ELF for machine %u, not x86-64 (%u)", machine,
			      EM_X86_64);
	if (type == ET_REL)
		return REFUSE("not an executable (ET_REL: an object file or "
			      "kernel module)");
	if (type == ET_CORE)
		return REFUSE("not an executable (ET_CORE core dump)");
	if (type != ET_EXEC && type != ET_DYN)
		return REFUSE("not an executable (ELF type %u)", type);
	if (phnum == 0)
		return REFUSE("no program headers, so nothing to load");
	if (phentsize != PHDR_LEN)
		return REFUSE("bad program header entry size %u (expected %u)",
			      phentsize, PHDR_LEN);
	if (!inside(phoff, (uint64_t)phnum * PHDR_LEN, len))
		return REFUSE("program header table (offset %llu, %u entries) "
			      "lies outside the file (%zu bytes)",
			      (unsigned long long)phoff, phnum, len);
	for (unsigned int i = 0; i < phnum; i++) {
		const unsigned char *ph = p + phoff + (uint64_t)i * PHDR_LEN;
		uint32_t ptype = get(ph, 4);
		uint64_t off = get(ph + 8, 8), filesz = get(ph + 32, 8);

		if (ptype == PT_INTERP) {
			int n = 0;

			if (filesz && inside(off, filesz, len))
				n = (int)strnlen((const char *)p + off,
						 filesz < INTERP_SHOWN
							 ? filesz
							 : INTERP_SHOWN);
			if (!n)
				return REFUSE("dynamically linked (needs a "
					      "program interpreter): link it "
					      "with -static");
			return REFUSE("dynamically linked (needs %.*s): link "
				      "it with -static",
				      n, (const char *)p + off);
		}
		if (ptype == PT_LOAD && get(ph + 40, 8))
			loads++;
	}
	if (!loads)
		return REFUSE("no loadable segment (PT_LOAD)");
	if (type == ET_DYN && entry == 0)
		return REFUSE("entry point 0: a shared library, not a program");
	return 0;
}
