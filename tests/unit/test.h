/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny host-side unit-test harness. Each test_*.c defines TEST(name)
 * functions and ends with RUN_TESTS(...). Each check that fails prints the
 * file, line and expression; the binary prints "N passed, N failed" and
 * exits non-zero when anything failed.
 */
#ifndef V3VEE_UNIT_TEST_H
#define V3VEE_UNIT_TEST_H

#include <stdio.h>
#include <string.h>

static int test_checks_failed;
static int test_current_failed;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n",         \
				__FILE__, __LINE__, #cond);                  \
			test_current_failed = 1;                             \
			test_checks_failed++;                                \
		}                                                            \
	} while (0)

#define CHECK_EQ(a, b)                                                       \
	do {                                                                 \
		long long _a = (long long)(a), _b = (long long)(b);          \
		if (_a != _b) {                                              \
			fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
				__FILE__, __LINE__, #a, #b, _a, _b);         \
			test_current_failed = 1;                             \
			test_checks_failed++;                                \
		}                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                      \
	do {                                                                 \
		const char *_a = (a), *_b = (b);                             \
		if (!_a || !_b || strcmp(_a, _b) != 0) {                     \
			fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", \
				__FILE__, __LINE__, #a, #b, _a ? _a : "(null)", \
				_b ? _b : "(null)");                         \
			test_current_failed = 1;                             \
			test_checks_failed++;                                \
		}                                                            \
	} while (0)

#define TEST(name) static void name(void)

#define RUN_TESTS(...)                                                       \
	int main(void)                                                       \
	{                                                                    \
		void (*tests[])(void) = { __VA_ARGS__ };                     \
		const char *names = #__VA_ARGS__;                            \
		int passed = 0, failed = 0;                                  \
		for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) { \
			test_current_failed = 0;                             \
			tests[i]();                                          \
			if (test_current_failed)                             \
				failed++;                                    \
			else                                                 \
				passed++;                                    \
		}                                                            \
		if (failed)                                                  \
			fprintf(stderr, "failing suite: %s\n", names);       \
		printf("%d passed, %d failed\n", passed, failed);            \
		return failed ? 1 : 0;                                       \
	}

#endif
