// SPDX-License-Identifier: GPL-2.0
/*
 * For `v3ctl run` tests: prints its arguments, some environment, its
 * pid, and what a fresh process should see (a clean heap break, signal
 * actions at their defaults), then exits with argv[1] (default 0).
 * With "loop" as argv[1] it spins forever; "ignore" first ignores
 * SIGINT, SIGTERM and SIGHUP; "read" copies stdin to stdout; "cat
 * FILE" prints FILE or the errno name of its open; "write FILE" creates
 * FILE holding "written\n".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile unsigned long spins;

int main(int argc, char **argv)
{
	struct sigaction old;
	const char *omp = getenv("OMP_NUM_THREADS");
	const char *what = argc > 1 ? argv[1] : "0";
	char buf[4096];
	ssize_t n;

	printf("argc=%d argv0=%s\n", argc, argv[0]);
	for (int i = 1; i < argc; i++)
		printf("arg%d=%s\n", i, argv[i]);
	printf("OMP_NUM_THREADS=%s\n", omp ? omp : "(unset)");
	printf("RUN_TEST=%s\n", getenv("RUN_TEST") ? getenv("RUN_TEST") : "(unset)");
	sigaction(SIGINT, NULL, &old);
	printf("sigint=%s pid=%d\n",
	       old.sa_handler == SIG_DFL ? "default" : "changed", getpid());
	fflush(stdout);
	if (!strcmp(what, "read")) {
		while ((n = read(0, buf, sizeof(buf))) > 0)
			if (write(1, buf, n) != n)
				return 1;
		return n < 0 ? 2 : 0;
	}
	if (argc > 2 && !strcmp(what, "cat")) {
		int fd = open(argv[2], O_RDONLY);

		if (fd < 0) {
			printf("open %s: %s\n", argv[2], strerrorname_np(errno));
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, n, stdout);
		return 0;
	}
	if (argc > 2 && !strcmp(what, "write")) {
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || write(fd, "written\n", 8) != 8 || close(fd)) {
			printf("write %s: %s\n", argv[2], strerrorname_np(errno));
			return 1;
		}
		printf("wrote %s\n", argv[2]);
		return 0;
	}
	if (!strcmp(what, "ignore")) {
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		what = "loop";
	}
	if (!strcmp(what, "loop")) {
		printf("looping\n");
		fflush(stdout);
		for (;;)
			spins++;
	}
	return atoi(what);
}
