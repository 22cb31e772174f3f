// SPDX-License-Identifier: GPL-2.0
/* creat() and rmdir(), which glibc issues as their own syscalls. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	struct stat st;
	int fd;

	if (mkdir("d", 0755) || rmdir("d") || stat("d", &st) == 0) {
		printf("FAILED: mkdir/rmdir\n");
		return 1;
	}
	fd = creat("c.txt", 0644);
	if (fd < 0 || write(fd, "xyz", 3) != 3 || close(fd) ||
	    stat("c.txt", &st) || st.st_size != 3) {
		printf("FAILED: creat\n");
		return 1;
	}
	printf("OK\n");
	return 0;
}
