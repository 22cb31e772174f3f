// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's vsnprintf (lwk/lib/vsnprintf.c), checked against the C
 * library's for the same formats, and the command-line splitter.
 */
/* unit.mk renames the kernel's functions for this test; here we want the
 * C library's under the standard names. */
#undef vsnprintf
#undef snprintf

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host_shim.h"
#include "test.h"
#include <lwk/cmdline.h>

/* The kernel's version is compiled in under its own name. */
int lwk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

static char got[256], want[256];

static void both(const char *fmt, ...)
{
	va_list ap, ap2;
	int n1, n2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n1 = lwk_vsnprintf(got, sizeof(got), fmt, ap);
	n2 = vsnprintf(want, sizeof(want), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	CHECK_STR(got, want);
	CHECK_EQ(n1, n2);
}

TEST(integers)
{
	both("%d %i %u", -42, 7, 3000000000u);
	both("%ld %lu %lld %llu", -1L, 18446744073709551615UL, -9LL, 5ULL);
	both("%zu %x %X %lx %o", (size_t)123, 0xbeef, 0xbeef, 0xdeadbeefcafeUL, 8);
	both("[%5d] [%-5d] [%05d] [%-05d] [%05d]", 42, 42, 42, 42, -42);
	both("[%.3d] [%8.3d] [%016lx]", 7, -7, 0x1234UL);
	both("%d %d", 0, -2147483647 - 1);
	both("%ld", (long)(-9223372036854775807L - 1));
}

TEST(strings_and_chars)
{
	both("[%s] [%10s] [%-10s] [%.2s]", "abc", "abc", "abc", "abc");
	both("%c%c%c %%", 'a', 'b', 'c');
	both("%*d|%-*d|%.*s", 6, 1, 6, 2, 2, "xyz");
}

TEST(pointers)
{
	both("%p", (void *)0x1234);
}

TEST(truncation)
{
	va_list dummy;
	char small[5];
	int n = snprintf(want, sizeof(want), "%s", "hello world");

	(void)dummy;
	memset(small, 'x', sizeof(small));
	CHECK_EQ(n, 11);
	/* Through the kernel's implementation: */
	extern int lwk_snprintf(char *, size_t, const char *, ...);
	CHECK_EQ(lwk_snprintf(small, sizeof(small), "%s", "hello world"), 11);
	CHECK_STR(small, "hell");
	CHECK_EQ(lwk_snprintf(NULL, 0, "%d", 12345), 5);
}

TEST(cmdline_words)
{
	char buf[128];
	const char *w[8];
	int n = cmdline_split("  prog  a \"b c\"\td ", buf, sizeof(buf), w, 8);

	CHECK_EQ(n, 4);
	CHECK_STR(w[0], "prog");
	CHECK_STR(w[1], "a");
	CHECK_STR(w[2], "b c");
	CHECK_STR(w[3], "d");
	CHECK_EQ(cmdline_split("", buf, sizeof(buf), w, 8), 0);
	CHECK_EQ(cmdline_split("aaaaaaaaaa", buf, 5, w, 8), -1);
	CHECK_EQ(cmdline_split("a b c", buf, sizeof(buf), w, 2), 2);
}

TEST(cmdline_options_and_env)
{
	cmdline_parse("/boot/lwk.img lwk.keep FOO=bar lwk.nosuch stray X=1");
	CHECK(lwk_options.keep);
	CHECK(!lwk_options.showfiles);
	CHECK_EQ(lwk_options.envc, 2);
	CHECK_STR(lwk_options.envp[0], "FOO=bar");
	CHECK_STR(lwk_options.envp[1], "X=1");
	CHECK(strstr(shim_console, "unknown option 'lwk.nosuch'") != NULL);
	CHECK(strstr(shim_console, "'stray'") != NULL);
}

TEST(cmdline_without_image_name)
{
	memset(&lwk_options, 0, sizeof(lwk_options));
	cmdline_parse("lwk.showfiles A=b");
	CHECK(lwk_options.showfiles);
	CHECK_EQ(lwk_options.envc, 1);
}

TEST(cmdline_triplefault)
{
	memset(&lwk_options, 0, sizeof(lwk_options));
	cmdline_parse("/boot/lwk.img");
	CHECK(!lwk_options.triplefault);
	cmdline_parse("lwk.triplefault");
	CHECK(lwk_options.triplefault);
}

RUN_TESTS(integers, strings_and_chars, pointers, truncation, cmdline_words,
	  cmdline_options_and_env, cmdline_without_image_name,
	  cmdline_triplefault)
