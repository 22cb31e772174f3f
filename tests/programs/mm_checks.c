// SPDX-License-Identifier: GPL-2.0
/*
 * User memory semantics of the LWK:
 *   mm_checks          mmap/munmap give memory back (sysinfo freeram),
 *                      large mappings are 2 MB-aligned, fresh memory is
 *                      zero (also after munmap + mmap again), partial
 *                      munmap leaves the rest intact, absurd sizes fail
 *                      with ENOMEM; prints OK
 *   mm_checks protect  writes to a page made read-only with mprotect:
 *                      the program must be killed by the page fault
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

#define MB (1UL << 20)

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("FAILED: %s\n", what);
		failures++;
	}
}

static unsigned long free_ram(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return si.freeram * si.mem_unit;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return 0;
	}
	return 1;
}

static void protect_and_write(void)
{
	unsigned char *p = mmap(NULL, 4 * MB, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[4096] = 1;
	if (mprotect(p + 4096, 4096, PROT_READ)) {
		printf("FAILED: mprotect\n");
		return;
	}
	printf("read back %d; writing to the read-only page\n", p[4096]);
	fflush(stdout);
	p[4096] = 2;
	printf("UNEXPECTED: the write went through\n");
}

int main(int argc, char **argv)
{
	unsigned long before, during, after;
	unsigned char *p, *q;

	if (argc > 1 && !strcmp(argv[1], "protect")) {
		protect_and_write();
		return 1;
	}

	before = free_ram();
	p = mmap(NULL, 64 * MB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED, "mmap 64 MB");
	check(((uintptr_t)p & (2 * MB - 1)) == 0, "64 MB mapping 2 MB-aligned");
	during = free_ram();
	check(before - during >= 64 * MB, "64 MB populated at mmap time");
	check(all_zero(p, 64 * MB), "fresh memory is zero");
	memset(p, 0xab, 64 * MB);

	/* Partial unmap: the middle goes, the ends stay. */
	check(munmap(p + 8 * MB, 8 * MB) == 0, "partial munmap");
	check(p[8 * MB - 1] == 0xab && p[16 * MB] == 0xab, "rest intact");
	q = mmap(p + 8 * MB, 8 * MB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p + 8 * MB, "MAP_FIXED into the hole");
	check(all_zero(q, 8 * MB), "re-mapped memory is zero");

	check(munmap(p, 64 * MB) == 0, "munmap");
	after = free_ram();
	check(after + 2 * MB >= before, "munmap gives the memory back");

	/* A 4 KB mprotect inside a 2 MB page, and back. */
	p = mmap(NULL, 2 * MB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(mprotect(p + 4096, 4096, PROT_NONE) == 0, "mprotect PROT_NONE");
	check(mprotect(p + 4096, 4096, PROT_READ | PROT_WRITE) == 0,
	      "mprotect back");
	p[4096] = 7;
	check(p[4096] == 7, "writable again");
	check(mprotect(p + 4 * MB, 4096, PROT_READ) == -1 && errno == ENOMEM,
	      "mprotect of unmapped memory is ENOMEM");

	errno = 0;
	check(mmap(NULL, 1UL << 46, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0) == MAP_FAILED && errno == ENOMEM,
	      "a 64 TB mmap fails with ENOMEM");

	printf(failures ? "%d checks failed\n" : "OK\n", failures);
	return failures != 0;
}
