/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The initial user stack of a program, laid out as Linux does on x86-64:
 * from RSP upwards argc, argv[0..argc-1], NULL, envp[0..], NULL, auxv
 * (type, value) pairs ending with AT_NULL; above them, the argument and
 * environment strings, the AT_PLATFORM and AT_EXECFN strings and the 16
 * AT_RANDOM bytes. Pure computation, unit-tested on the host.
 */
#ifndef LWK_USTACK_H
#define LWK_USTACK_H

#include <lwk/types.h>

struct ustack_args {
	int argc;
	const char *const *argv;
	int envc;
	const char *const *envp;
	/* Numeric auxv entries (AT_PHDR, AT_PAGESZ, ...), type/value pairs.
	 * AT_RANDOM, AT_PLATFORM, AT_EXECFN and AT_NULL are added by
	 * ustack_build() itself. */
	int auxc;
	const uint64_t (*auxv)[2];
	uint8_t random[16];
	const char *platform; /* "x86_64" */
	const char *execfn;   /* the program's path */
};

/*
 * Builds the stack image in buf, which the program will see at user
 * addresses [user_top - size, user_top). Returns the initial RSP (a user
 * address, 16-byte aligned, pointing at argc), or 0 if it does not fit.
 */
uint64_t ustack_build(void *buf, size_t size, uint64_t user_top,
		      const struct ustack_args *args);

#endif
