// SPDX-License-Identifier: GPL-2.0
/*
 * fwd_rtt FILE [N]: the time of one small file system call, N times
 * (default 2000) a 1-byte pread of FILE; prints "rtt N calls: U us/call".
 * Under `v3ctl run` each is a round trip to the proxy (the host's poll
 * and the doorbell), on Linux a plain system call.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 2000;
	struct timespec a, b;
	char c;
	int fd;

	if (argc < 2 || (fd = open(argv[1], O_RDONLY)) < 0) {
		fprintf(stderr, "usage: fwd_rtt FILE [N]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (pread(fd, &c, 1, 0) != 1) {
			perror("pread");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("rtt %ld calls: %.1f us/call\n", n,
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / n);
	return 0;
}
