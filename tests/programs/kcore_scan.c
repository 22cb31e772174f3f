// SPDX-License-Identifier: GPL-2.0
/*
 * kcore_scan START BYTES PATTERN: counts the 16-byte-aligned copies of
 * PATTERN (16 bytes) in host-physical memory [START, START + BYTES), read
 * through /proc/kcore, which maps RAM Linux has online. Prints
 * "scanned N MB, found K" and exits 0, or 1 with a message.
 * Used to check that memory a VM gives back holds nothing of the guest.
 *
 * kcore_scan --self-test PATTERN: fills a locked page of its own with
 * PATTERN, finds its physical address in /proc/self/pagemap and scans
 * that page the same way; prints "self-test: found 256": the control that
 * shows the scanner sees physical memory.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static unsigned long long scanned, found;

static int scan(unsigned long long start, unsigned long long bytes,
		const char *pattern);

static int self_test(const char *pattern)
{
	char *page = aligned_alloc(4096, 4096);
	unsigned long long entry;
	int fd;

	for (int off = 0; off < 4096; off += 16)
		memcpy(page + off, pattern, 16);
	if (mlock(page, 4096)) {
		perror("mlock");
		return 1;
	}
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, &entry, 8, (unsigned long)page / 4096 * 8) != 8 ||
	    !(entry >> 63)) {
		fprintf(stderr, "pagemap: no physical address\n");
		return 1;
	}
	if (scan((entry & ((1ULL << 55) - 1)) * 4096, 4096, pattern))
		return 1;
	printf("self-test: found %llu\n", found);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--self-test") && strlen(argv[2]) == 16)
		return self_test(argv[2]);
	if (argc != 4 || strlen(argv[3]) != 16) {
		fprintf(stderr, "usage: kcore_scan START BYTES PATTERN16\n"
				"       kcore_scan --self-test PATTERN16\n");
		return 2;
	}
	if (scan(strtoull(argv[1], NULL, 0), strtoull(argv[2], NULL, 0), argv[3]))
		return 1;
	printf("scanned %llu MB, found %llu\n", scanned >> 20, found);
	return 0;
}

static int scan(unsigned long long start, unsigned long long bytes,
		const char *pattern)
{
	static char buf[CHUNK];
	Elf64_Ehdr eh;
	int fd;

	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh)) {
		perror("/proc/kcore");
		return 1;
	}
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) !=
		    sizeof(ph)) {
			perror("program header");
			return 1;
		}
		/* RAM segments name their physical address. */
		if (ph.p_type != PT_LOAD || ph.p_paddr == (Elf64_Addr)-1 ||
		    ph.p_paddr + ph.p_memsz <= start ||
		    ph.p_paddr >= start + bytes)
			continue;
		unsigned long long from = start > ph.p_paddr ? start : ph.p_paddr;
		unsigned long long to = start + bytes < ph.p_paddr + ph.p_memsz ?
						start + bytes : ph.p_paddr + ph.p_memsz;
		for (unsigned long long p = from; p < to; p += CHUNK) {
			size_t n = to - p < CHUNK ? to - p : CHUNK;
			ssize_t got = pread(fd, buf, n, ph.p_offset + (p - ph.p_paddr));

			if (got != (ssize_t)n) {
				fprintf(stderr, "read at 0x%llx failed\n", p);
				return 1;
			}
			for (size_t off = 0; off + 16 <= n; off += 16)
				found += !memcmp(buf + off, pattern, 16);
			scanned += n;
		}
	}
	close(fd);
	return 0;
}
