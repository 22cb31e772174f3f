// SPDX-License-Identifier: GPL-2.0
/*
 * file_rw: creates out/result.txt with stdio, reads it back, lists out/
 * and stat()s the file. Exits 0 only if every step saw what it expected,
 * so a kernel file system that loses or mangles data makes it fail.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define DIR_NAME "out"
#define FILE_NAME DIR_NAME "/result.txt"
#define LINES 100

static int fail(const char *what)
{
	printf("file_rw: FAILED: %s (errno %d: %s)\n", what, errno,
	       strerror(errno));
	return 1;
}

/* The expected file content, line by line. */
static void make_line(char *buf, size_t len, int i)
{
	snprintf(buf, len, "line %d: %d squared is %d\n", i, i, i * i);
}

int main(void)
{
	char want[64], got[64];
	long expected_size = 0;
	int found = 0;
	struct dirent *de;
	struct stat st;
	FILE *f;
	DIR *d;
	int i;

	if (mkdir(DIR_NAME, 0755) != 0 && errno != EEXIST)
		return fail("mkdir " DIR_NAME);

	f = fopen(FILE_NAME, "w");
	if (!f)
		return fail("fopen " FILE_NAME " for writing");
	for (i = 0; i < LINES; i++) {
		make_line(want, sizeof(want), i);
		expected_size += strlen(want);
		if (fprintf(f, "%s", want) < 0)
			return fail("fprintf");
	}
	if (fclose(f) != 0)
		return fail("fclose after writing");
	printf("wrote %d lines, %ld bytes to %s\n", LINES, expected_size,
	       FILE_NAME);

	f = fopen(FILE_NAME, "r");
	if (!f)
		return fail("fopen " FILE_NAME " for reading");
	for (i = 0; i < LINES; i++) {
		make_line(want, sizeof(want), i);
		if (!fgets(got, sizeof(got), f)) {
			printf("file_rw: FAILED: file ends at line %d\n", i);
			return 1;
		}
		if (strcmp(got, want) != 0) {
			printf("file_rw: FAILED: line %d is \"%s\", expected \"%s\"\n",
			       i, got, want);
			return 1;
		}
	}
	if (fgets(got, sizeof(got), f)) {
		printf("file_rw: FAILED: extra data after line %d\n", LINES);
		return 1;
	}
	fclose(f);
	printf("read back %d lines: all match\n", LINES);

	d = opendir(DIR_NAME);
	if (!d)
		return fail("opendir " DIR_NAME);
	errno = 0;
	while ((de = readdir(d))) {
		printf("dir entry: %s\n", de->d_name);
		if (strcmp(de->d_name, "result.txt") == 0)
			found = 1;
	}
	if (errno)
		return fail("readdir");
	closedir(d);
	if (!found) {
		printf("file_rw: FAILED: result.txt not listed in %s\n",
		       DIR_NAME);
		return 1;
	}

	if (stat(FILE_NAME, &st) != 0)
		return fail("stat " FILE_NAME);
	printf("stat size=%lld\n", (long long)st.st_size);
	if (st.st_size != expected_size) {
		printf("file_rw: FAILED: stat size %lld, expected %ld\n",
		       (long long)st.st_size, expected_size);
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		printf("file_rw: FAILED: %s is not a regular file\n",
		       FILE_NAME);
		return 1;
	}

	printf("file_rw: OK\n");
	return 0;
}
