// SPDX-License-Identifier: GPL-2.0
/*
 * The file system calls `v3ctl run` forwards, each with its result or
 * errno name, on relative paths in the current directory. Run on Linux
 * and under `v3ctl run` in the same kind of directory, the output must
 * be the same: same results, same errno values. The directory must hold
 * a symlink "link" to "target" (the LWK does not make symlinks).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void say(const char *what, long ret)
{
	if (ret < 0)
		printf("%s: %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %ld\n", what, ret);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	char buf[256], cwd[4096], *names[64];
	struct stat st;
	struct dirent *e;
	DIR *d;
	int fd, n = 0;
	FILE *f;

	say("open missing", open("missing", O_RDONLY));
	say("mkdir d", mkdir("d", 0755));
	say("mkdir d again", mkdir("d", 0755));
	fd = open("d/f", O_RDWR | O_CREAT | O_EXCL, 0640);
	say("open d/f excl", fd);
	say("open d/f excl again", open("d/f", O_RDWR | O_CREAT | O_EXCL, 0640));
	say("write", write(fd, "hello world", 11));
	say("lseek", lseek(fd, 6, SEEK_SET));
	memset(buf, 0, sizeof(buf));
	say("read", read(fd, buf, sizeof(buf)));
	printf("read got: %s\n", buf);
	say("pread", pread(fd, buf, 5, 0));
	say("pwrite", pwrite(fd, "HELLO", 5, 0));
	say("fstat", fstat(fd, &st));
	printf("size %ld mode %o\n", (long)st.st_size, st.st_mode & 07777);
	say("ftruncate", ftruncate(fd, 4));
	say("fsync", fsync(fd));
	say("close", close(fd));
	say("close again", close(fd));
	say("stat d/f", stat("d/f", &st));
	printf("size %ld\n", (long)st.st_size);
	say("access d/f W", access("d/f", W_OK));
	say("access missing", access("missing", F_OK));
	say("open d for write", open("d", O_WRONLY));
	say("rmdir d (not empty)", rmdir("d"));
	say("rename", rename("d/f", "d/g"));
	say("rename missing", rename("d/nothing", "d/h"));
	say("readlink", readlink("link", buf, sizeof(buf) - 1));
	buf[6] = '\0';
	printf("link -> %s\n", buf);
	say("lstat link", lstat("link", &st));
	printf("is link %d\n", S_ISLNK(st.st_mode));
	f = fopen("d/stdio.txt", "w");
	fprintf(f, "line %d\n", 42);
	say("fclose", fclose(f));
	f = fopen("d/stdio.txt", "r");
	if (f && fgets(buf, sizeof(buf), f))
		printf("fgets: %s", buf);
	if (f)
		fclose(f);
	d = opendir("d");
	while (d && (e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (int i = 0; i < n; i++)
		printf("entry %s\n", names[i]);
	say("chdir d", chdir("d"));
	if (getcwd(cwd, sizeof(cwd)))
		printf("cwd ends in /d: %d\n", !strcmp(strrchr(cwd, '/'), "/d"));
	say("unlink g", unlink("g"));
	say("unlink g again", unlink("g"));
	say("unlink stdio.txt", unlink("stdio.txt"));
	say("chdir ..", chdir(".."));
	say("rmdir d", rmdir("d"));
	say("open /etc/hostname-not-there", open("/nonexistent/x", O_RDONLY));
	return 0;
}
