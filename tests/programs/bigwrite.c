// SPDX-License-Identifier: GPL-2.0
/*
 * Writes FILE of MB megabytes in 1 MB write()s of a known pattern (the
 * byte at offset i is (i * 7 + i / 4096) & 0xff), fsyncs it, and prints
 * "bigwrite MB MB in S s: R MB/s". Then, with "check", reads it back and
 * says whether every byte matches. The same program runs on the host
 * (Linux) and in the VM, so the two figures compare like with like.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static void fill(unsigned char *b, unsigned long base)
{
	for (unsigned long i = 0; i < CHUNK; i++) {
		unsigned long o = base + i;

		b[i] = (o * 7 + o / 4096) & 0xff;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static unsigned char buf[CHUNK], want[CHUNK];
	long mb = argc > 2 ? atol(argv[2]) : 16;
	double t0, t;
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: bigwrite FILE [MB] [check]\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	t0 = now();
	for (long m = 0; m < mb; m++) {
		fill(buf, m * CHUNK);
		if (write(fd, buf, CHUNK) != CHUNK) {
			perror("write");
			return 1;
		}
	}
	if (fsync(fd) || close(fd)) {
		perror("fsync/close");
		return 1;
	}
	t = now() - t0;
	printf("bigwrite %ld MB in %.2f s: %.1f MB/s\n", mb, t, mb / t);
	if (argc > 3 && !strcmp(argv[3], "check")) {
		fd = open(argv[1], O_RDONLY);
		for (long m = 0; fd >= 0 && m < mb; m++) {
			fill(want, m * CHUNK);
			if (read(fd, buf, CHUNK) != CHUNK ||
			    memcmp(buf, want, CHUNK)) {
				printf("bigwrite: read back differs in MB %ld\n", m);
				return 1;
			}
		}
		printf("bigwrite: read back ok\n");
	}
	return 0;
}
