// SPDX-License-Identifier: GPL-2.0
/*
 * For `v3ctl run` tests: prints its arguments, some environment, its
 * pid, and what a fresh process should see (a clean heap break, signal
 * actions at their defaults), then exits with argv[1] (default 0).
 * With "loop" as argv[1] it spins forever; "ignore" first ignores
 * SIGINT, SIGTERM and SIGHUP; "read" copies stdin to stdout.
 */
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
