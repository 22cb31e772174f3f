// SPDX-License-Identifier: GPL-2.0
/*
 * elf_inspect(): decides whether a file is a static x86-64 Linux program
 * the LWK can run and, if so, where each PT_LOAD segment goes. The file is
 * untrusted: headers are copied out with memcpy (no alignment assumptions)
 * and every offset and size is checked before use, so nothing outside
 * file[0..size) is ever read. Each refusal comes with a one-line reason
 * meant for the person who tried to run the file.
 */
#include <linux/elf.h>
#include <asm-generic/mman-common.h>

#include <lwk/elf_loader.h>
#include <lwk/errno.h>
#include <lwk/printk.h>
#include <lwk/string.h>

#define ELF_PAGE 4096UL
/* Like Linux's default mmap_min_addr: keeps NULL dereferences faulting. */
#define USER_MIN 0x10000UL
/* Programs live below this; the LWK puts stacks and mmaps above it. */
#define USER_LIMIT 0x00007f0000000000UL
/* End of the lower (user) half of the 48-bit address space. */
#define USER_HALF_END 0x0000800000000000UL
#define PIE_ALIGN (2 * MiB)
/* Longest interpreter path quoted in a reason. */
#define INTERP_SHOWN 200

/* Elf64_* fields are unsigned long long, uint64_t is unsigned long: print
 * everything with %llx/%llu through this. */
#define ULL(x) ((unsigned long long)(x))

static int reject(char *why, size_t why_len, const char *fmt, ...)
	__printf(3, 4);

static int reject(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (why && why_len) {
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -ENOEXEC;
}

#define FAIL(...) reject(why, why_len, __VA_ARGS__)

/* Is [off, off + len) inside the file? Written so that nothing overflows. */
static bool in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static const char *machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_386:
		return "i386";
	case EM_ARM:
		return "32-bit ARM";
	case EM_AARCH64:
		return "aarch64";
	case EM_PPC64:
		return "ppc64";
	case EM_S390:
		return "s390";
	case EM_RISCV:
		return "riscv";
	case EM_LOONGARCH:
		return "loongarch";
	default:
		return "unknown";
	}
}

/* Only valid once the whole table is known to be inside the file. */
static void read_phdr(const uint8_t *bytes, const Elf64_Ehdr *eh, int i,
		      Elf64_Phdr *ph)
{
	memcpy(ph, bytes + eh->e_phoff + (uint64_t)i * sizeof(*ph),
	       sizeof(*ph));
}

static int check_header(const Elf64_Ehdr *eh, size_t size, char *why,
			size_t why_len)
{
	uint64_t table;

	if (eh->e_ident[EI_CLASS] == ELFCLASS32)
		return FAIL("32-bit ELF: only x86-64 programs run on the LWK");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return FAIL("bad ELF class %u", eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] == ELFDATA2MSB)
		return FAIL("big-endian ELF: only x86-64 programs run on the LWK");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return FAIL("bad ELF byte order %u", eh->e_ident[EI_DATA]);
	if (eh->e_machine != EM_X86_64)
		return FAIL("ELF for machine %u (%s), not x86-64 (%u): only x86-64 programs run on the LWK",
			    eh->e_machine, machine_name(eh->e_machine),
			    EM_X86_64);
	if (eh->e_type == ET_REL)
		return FAIL("not an executable (ET_REL object file?): link it into a program");
	if (eh->e_type == ET_CORE)
		return FAIL("not an executable (ET_CORE core dump)");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return FAIL("not an executable (ELF type %u)", eh->e_type);
	if (eh->e_phnum == 0)
		return FAIL("no program headers, so nothing to load (no PT_LOAD)");
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return FAIL("bad program header entry size %u (expected %zu)",
			    eh->e_phentsize, sizeof(Elf64_Phdr));
	table = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (!in_file(eh->e_phoff, table, size))
		return FAIL("program header table (offset %llu, %u entries) lies outside the file (%zu bytes)",
			    eh->e_phoff, eh->e_phnum, size);
	return 0;
}

/* Names the interpreter a dynamically linked program asks for. */
static int reject_interp(const uint8_t *bytes, size_t size,
			 const Elf64_Phdr *ph, char *why, size_t why_len)
{
	const char *path;
	size_t len;

	if (ph->p_filesz == 0 || !in_file(ph->p_offset, ph->p_filesz, size))
		return FAIL("dynamically linked (needs a program interpreter): link it with -static");
	path = (const char *)bytes + ph->p_offset;
	len = strnlen(path, MIN(ph->p_filesz, (uint64_t)INTERP_SHOWN));
	return FAIL("dynamically linked (needs %.*s): link it with -static",
		    (int)len, path);
}

static int prot_of(uint32_t flags)
{
	return (flags & PF_R ? PROT_READ : 0) |
	       (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/* Checks PT_LOAD number i and fills *seg with its relocated placement. */
static int check_load(int i, const Elf64_Phdr *ph, size_t size,
		      uint64_t bias, struct elf_segment *seg, char *why,
		      size_t why_len)
{
	uint64_t start, end;

	if (ph->p_filesz > ph->p_memsz)
		return FAIL("segment %d: file size %llu is larger than its memory size %llu",
			    i, ph->p_filesz, ph->p_memsz);
	/* A segment with no file bytes (pure .bss) never reads the file. */
	if (ph->p_filesz) {
		if (ph->p_offset > UINT64_MAX - ph->p_filesz)
			return FAIL("segment %d: file offset 0x%llx + size 0x%llx overflows",
				    i, ph->p_offset, ph->p_filesz);
		if (ph->p_offset + ph->p_filesz > size)
			return FAIL("truncated: segment %d needs bytes up to offset %llu but the file has %zu",
				    i, ph->p_offset + ph->p_filesz, size);
		/* Otherwise the file pages cannot be mapped where they go. */
		if (ph->p_vaddr % ELF_PAGE != ph->p_offset % ELF_PAGE)
			return FAIL("segment %d: address 0x%llx and file offset 0x%llx differ modulo 4096 (misaligned)",
				    i, ph->p_vaddr, ph->p_offset);
	}
	if (ph->p_vaddr > UINT64_MAX - bias ||
	    ph->p_vaddr + bias > UINT64_MAX - ph->p_memsz)
		return FAIL("segment %d: address 0x%llx + size 0x%llx overflows",
			    i, ph->p_vaddr, ph->p_memsz);
	start = ph->p_vaddr + bias;
	end = start + ph->p_memsz;
	if (start >= USER_HALF_END)
		return FAIL("segment %d at 0x%llx is in the kernel half of the address space (a kernel, not a program?)",
			    i, ULL(start));
	if (end > USER_LIMIT)
		return FAIL("segment %d (0x%llx-0x%llx) reaches above 0x%llx, where the LWK puts stacks and mmaps",
			    i, ULL(start), ULL(end), ULL(USER_LIMIT));
	if (start < USER_MIN)
		return FAIL("segment %d at 0x%llx is below 0x%llx, the NULL-pointer guard area",
			    i, ULL(start), ULL(USER_MIN));

	seg->vaddr = start;
	seg->memsz = ph->p_memsz;
	seg->file_offset = ph->p_filesz ? ph->p_offset : 0;
	seg->filesz = ph->p_filesz;
	seg->prot = prot_of(ph->p_flags);
	return 0;
}

static bool seg_contains(const struct elf_segment *seg, uint64_t addr,
			 uint64_t len)
{
	return addr >= seg->vaddr && len <= seg->memsz &&
	       addr - seg->vaddr <= seg->memsz - len;
}

/* AT_PHDR: glibc's static startup finds its TLS and RELRO through it. */
static int find_phdr(const Elf64_Ehdr *eh, bool has_pt_phdr,
		     uint64_t pt_phdr_vaddr, uint64_t bias,
		     struct elf_image *img, char *why, size_t why_len)
{
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	int i;

	if (has_pt_phdr) {
		uint64_t addr = pt_phdr_vaddr + bias;

		for (i = 0; i < img->nsegments; i++) {
			if (pt_phdr_vaddr <= UINT64_MAX - bias &&
			    seg_contains(&img->segment[i], addr, table)) {
				img->phdr_vaddr = addr;
				return 0;
			}
		}
		return FAIL("PT_PHDR (0x%llx) is not inside a loaded segment",
			    ULL(pt_phdr_vaddr));
	}
	for (i = 0; i < img->nsegments; i++) {
		const struct elf_segment *seg = &img->segment[i];

		if (seg->filesz && eh->e_phoff >= seg->file_offset &&
		    table <= seg->filesz &&
		    eh->e_phoff - seg->file_offset <= seg->filesz - table) {
			img->phdr_vaddr =
				seg->vaddr + (eh->e_phoff - seg->file_offset);
			return 0;
		}
	}
	return FAIL("the program headers are not in any loaded segment (static glibc needs them, via AT_PHDR)");
}

int elf_inspect(const void *file, size_t size, uint64_t pie_base,
		struct elf_image *img, char *why, size_t why_len)
{
	const uint8_t *bytes = file;
	uint64_t bias = 0, pt_phdr_vaddr = 0, lo = UINT64_MAX, hi = 0;
	int index[ELF_MAX_LOAD_SEGMENTS];
	bool has_pt_phdr = false, entry_ok = false;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int i, j, ret;

	memset(img, 0, sizeof(*img));
	if (why && why_len)
		why[0] = '\0';

	if (size < SELFMAG || memcmp(bytes, ELFMAG, SELFMAG) != 0)
		return FAIL("not an ELF file");
	if (size < sizeof(eh))
		return FAIL("truncated: %zu bytes is too short for an ELF header (%zu bytes)",
			    size, sizeof(eh));
	memcpy(&eh, bytes, sizeof(eh));
	ret = check_header(&eh, size, why, why_len);
	if (ret)
		return ret;

	/* The commonest mistake gets its own message before anything else. */
	for (i = 0; i < eh.e_phnum; i++) {
		read_phdr(bytes, &eh, i, &ph);
		if (ph.p_type == PT_INTERP)
			return reject_interp(bytes, size, &ph, why, why_len);
	}

	/* ET_DYN without PT_INTERP is a static-pie: it relocates itself. */
	if (eh.e_type == ET_DYN) {
		if (!IS_ALIGNED(pie_base, PIE_ALIGN)) {
			FAIL("pie_base 0x%llx is not 2 MB aligned",
			     ULL(pie_base));
			return -EINVAL;
		}
		if (eh.e_entry == 0)
			return FAIL("entry point 0: a shared library, not a program");
		bias = pie_base;
		img->is_pie = true;
	}
	img->load_bias = bias;

	for (i = 0; i < eh.e_phnum; i++) {
		read_phdr(bytes, &eh, i, &ph);
		if (ph.p_type == PT_PHDR) {
			has_pt_phdr = true;
			pt_phdr_vaddr = ph.p_vaddr;
		}
		/* An empty PT_LOAD occupies nothing: nothing to map. */
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (img->nsegments == ELF_MAX_LOAD_SEGMENTS)
			return FAIL("too many PT_LOAD segments (more than %d)",
				    ELF_MAX_LOAD_SEGMENTS);
		ret = check_load(i, &ph, size, bias,
				 &img->segment[img->nsegments], why, why_len);
		if (ret)
			return ret;
		index[img->nsegments++] = i;
	}
	if (img->nsegments == 0)
		return FAIL("no loadable segment (PT_LOAD)");

	/*
	 * Segments are mapped page by page with their own protections, so
	 * two of them must not even share a 4 KB page (ld and lld never make
	 * them do). Every end is below USER_LIMIT, so ALIGN_UP is safe.
	 */
	for (i = 0; i < img->nsegments; i++) {
		const struct elf_segment *a = &img->segment[i];

		for (j = i + 1; j < img->nsegments; j++) {
			const struct elf_segment *b = &img->segment[j];

			if (ALIGN_DOWN(a->vaddr, ELF_PAGE) <
				    ALIGN_UP(b->vaddr + b->memsz, ELF_PAGE) &&
			    ALIGN_DOWN(b->vaddr, ELF_PAGE) <
				    ALIGN_UP(a->vaddr + a->memsz, ELF_PAGE))
				return FAIL("segments %d and %d overlap or share a 4 KB page (0x%llx-0x%llx and 0x%llx-0x%llx)",
					    index[i], index[j], ULL(a->vaddr),
					    ULL(a->vaddr + a->memsz),
					    ULL(b->vaddr),
					    ULL(b->vaddr + b->memsz));
		}
		lo = MIN(lo, ALIGN_DOWN(a->vaddr, ELF_PAGE));
		hi = MAX(hi, ALIGN_UP(a->vaddr + a->memsz, ELF_PAGE));
		if (eh.e_entry <= UINT64_MAX - bias && (a->prot & PROT_EXEC) &&
		    seg_contains(a, eh.e_entry + bias, 1))
			entry_ok = true;
	}
	if (!entry_ok)
		return FAIL("entry point 0x%llx is not inside an executable segment",
			    eh.e_entry);

	ret = find_phdr(&eh, has_pt_phdr, pt_phdr_vaddr, bias, img, why,
			why_len);
	if (ret)
		return ret;

	img->entry = eh.e_entry + bias;
	img->phnum = eh.e_phnum;
	img->phentsize = eh.e_phentsize;
	img->lowest_vaddr = lo;
	img->highest_vaddr = hi;
	return 0;
}
