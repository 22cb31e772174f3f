/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every fuzz target includes. A target defines
 * LLVMFuzzerTestOneInput() and checks its results with FUZZ_ASSERT, which
 * aborts (libFuzzer then saves the input as a crash) naming the check.
 */
#ifndef V3VEE_FUZZ_H
#define V3VEE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                  \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: check failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

#endif
