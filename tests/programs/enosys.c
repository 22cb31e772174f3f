// SPDX-License-Identifier: GPL-2.0
/*
 * enosys: calls a real Linux syscall the LWK does not implement (acct)
 * and a number Linux does not have (999), each twice. All must fail with
 * ENOSYS, the program must keep running, and the kernel logs each number
 * once. (On a Linux host acct(NULL) is implemented and reports
 * UNEXPECTED; the program is meant for the LWK.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int try(long nr, const char *name)
{
	long ret;

	errno = 0;
	ret = syscall(nr, 0L, 0L, 0L);
	printf("syscall %ld (%s) returned %ld errno=%d (%s)%s\n", nr, name,
	       ret, errno, errno == ENOSYS ? "ENOSYS" : strerror(errno),
	       ret == -1 && errno == ENOSYS ? "" : " UNEXPECTED");
	return ret == -1 && errno == ENOSYS;
}

int main(void)
{
	int ok = 1;

	ok &= try(SYS_acct, "acct");
	ok &= try(999, "unknown");
	ok &= try(SYS_acct, "acct");
	ok &= try(999, "unknown");
	printf("still running\n");
	return ok ? 0 : 1;
}
