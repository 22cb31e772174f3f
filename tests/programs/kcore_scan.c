// SPDX-License-Identifier: GPL-2.0
/*
 * kcore_scan START BYTES PATTERN: counts the 16-byte-aligned copies of
 * PATTERN (16 bytes) in host-physical memory [START, START + BYTES), read
 * through /proc/kcore, which maps RAM Linux has online. Prints
 * "scanned N MB, found K" and exits 0, or 1 with a message.
 * Used to check that memory a VM gives back holds nothing of the guest.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1 << 20)

int main(int argc, char **argv)
{
	static char buf[CHUNK];
	unsigned long long start, bytes, scanned = 0, found = 0;
	Elf64_Ehdr eh;
	int fd;

	if (argc != 4 || strlen(argv[3]) != 16) {
		fprintf(stderr, "usage: kcore_scan START BYTES PATTERN16\n");
		return 2;
	}
	start = strtoull(argv[1], NULL, 0);
	bytes = strtoull(argv[2], NULL, 0);
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
				found += !memcmp(buf + off, argv[3], 16);
			scanned += n;
		}
	}
	printf("scanned %llu MB, found %llu\n", scanned >> 20, found);
	return 0;
}
