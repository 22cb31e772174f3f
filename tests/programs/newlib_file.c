// SPDX-License-Identifier: GPL-2.0
/*
 * File I/O of a program built with v3vee-cc (newlib): writes LINES
 * pseudo-random lines from SEED to out/tmp.txt with stdio, renames it to
 * out/data.txt, reads it back with read() and prints its POSIX cksum
 * (CRC and length, as cksum(1) prints them) and stat() size. Also checks
 * the open() flag and errno conversions of guest-libc: O_EXCL on an
 * existing file gives EEXIST, rmdir of a non-empty directory ENOTEMPTY,
 * opening a removed file ENOENT.
 *
 * usage: newlib_file [SEED [LINES]]    (relative paths: it also runs on
 * the host, built with glibc, to give the test its expectations)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i << 24;
		for (k = 0; k < 8; k++)
			c = c & 0x80000000u ? (c << 1) ^ 0x04c11db7u : c << 1;
		crc_table[i] = c;
	}
}

static uint32_t crc_add(uint32_t crc, unsigned char byte)
{
	return (crc << 8) ^ crc_table[(crc >> 24) ^ byte];
}

static int fail(const char *what)
{
	printf("newlib_file: FAILED: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	long lines = argc > 2 ? strtol(argv[2], NULL, 0) : 2000;
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
	unsigned char buf[1000];
	uint32_t crc = 0;
	long total = 0, i, n;
	struct stat st;
	FILE *f;
	int fd;

	crc_init();
	if (mkdir("out", 0755) && errno != EEXIST)
		return fail("mkdir out");
	f = fopen("out/tmp.txt", "w");
	if (!f)
		return fail("fopen out/tmp.txt");
	for (i = 0; i < lines; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		fprintf(f, "%06ld %016llx %lld\n", i, (unsigned long long)x,
			(long long)(x % 100000) - 50000);
	}
	if (fclose(f))
		return fail("fclose");
	if (rename("out/tmp.txt", "out/data.txt"))
		return fail("rename");

	fd = open("out/data.txt", O_RDONLY);
	if (fd < 0)
		return fail("open out/data.txt");
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			crc = crc_add(crc, buf[i]);
		total += n;
	}
	if (n < 0)
		return fail("read");
	if (lseek(fd, 0, SEEK_END) != total)
		return fail("lseek SEEK_END");
	if (fstat(fd, &st) || st.st_size != total || !S_ISREG(st.st_mode))
		return fail("fstat");
	close(fd);
	for (n = total; n; n >>= 8)
		crc = crc_add(crc, (unsigned char)n);
	printf("cksum %lu %ld\n", (unsigned long)(uint32_t)~crc, total);
	if (stat("out/data.txt", &st))
		return fail("stat");
	printf("stat size=%ld\n", (long)st.st_size);

	fd = open("out/data.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	printf("O_EXCL on an existing file: %s\n",
	       fd < 0 && errno == EEXIST ? "EEXIST" : "WRONG");
	printf("rmdir of a non-empty directory: %s\n",
	       rmdir("out") && errno == ENOTEMPTY ? "ENOTEMPTY" : "WRONG");
	f = fopen("out/gone.txt", "w");
	if (!f || fputs("x\n", f) < 0 || fclose(f) || unlink("out/gone.txt"))
		return fail("out/gone.txt");
	printf("open of a removed file: %s\n",
	       open("out/gone.txt", O_RDONLY) < 0 && errno == ENOENT
		       ? "ENOENT"
		       : "WRONG");
	printf("newlib_file: done\n");
	return 0;
}
