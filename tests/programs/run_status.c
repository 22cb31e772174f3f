// SPDX-License-Identifier: GPL-2.0
/*
 * For `v3ctl run` tests: prints its arguments, some environment, its
 * pid, and what a fresh process should see (a clean heap break, signal
 * actions at their defaults), then exits with argv[1] (default 0).
 * With "loop" as argv[1] it spins forever; "ignore" first ignores
 * SIGINT, SIGTERM and SIGHUP; "read" copies stdin to stdout (or prints
 * the errno name of a failed read and exits 2); "cat
 * FILE" prints FILE or the errno name of its open; "write FILE" creates
 * FILE holding "written\n"; "handler" installs a SIGINT handler and
 * spins until it ran twice, checking that the floating-point state it
 * interrupted comes back, then exits 42.
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
static volatile sig_atomic_t handled;

static void on_sigint(int sig)
{
	char msg[] = "handler ran for signal 0\n";

	/* Zeroes every SSE register: the state it interrupted must come
	 * back from the kernel at rt_sigreturn. */
	asm volatile("xorps %%xmm0, %%xmm0\n\txorps %%xmm1, %%xmm1\n\t"
		     "xorps %%xmm2, %%xmm2\n\txorps %%xmm3, %%xmm3\n\t"
		     "xorps %%xmm4, %%xmm4\n\txorps %%xmm5, %%xmm5\n\t"
		     "xorps %%xmm6, %%xmm6\n\txorps %%xmm7, %%xmm7\n\t"
		     "xorps %%xmm8, %%xmm8\n\txorps %%xmm9, %%xmm9\n\t"
		     "xorps %%xmm10, %%xmm10\n\txorps %%xmm11, %%xmm11\n\t"
		     "xorps %%xmm12, %%xmm12\n\txorps %%xmm13, %%xmm13\n\t"
		     "xorps %%xmm14, %%xmm14\n\txorps %%xmm15, %%xmm15"
		     ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		     "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
		     "xmm12", "xmm13", "xmm14", "xmm15");
	msg[sizeof(msg) - 3] = '0' + sig % 10;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	handled++;
}

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
		if (n < 0) {
			printf("read: %s\n", strerrorname_np(errno));
			return 2;
		}
		return 0;
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
	if (!strcmp(what, "handler")) {
		struct sigaction sa = { .sa_handler = on_sigint };
		double d = argc * 1.25;

		sigaction(SIGINT, &sa, NULL);
		printf("waiting\n");
		fflush(stdout);
		asm volatile("" : "+x"(d)); /* d lives in an SSE register */
		while (handled < 2)
			spins++;
		asm volatile("" : "+x"(d));
		/* The expected value anew, from memory (not a register the
		 * handler may also have zeroed). */
		spins = argc;
		printf("handled=%d fpu=%s\n", (int)handled,
		       d == spins * 1.25 ? "ok" : "lost");
		return 42;
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
