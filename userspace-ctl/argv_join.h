/* SPDX-License-Identifier: GPL-2.0 */
/* The program's command line for the LWK: argv joined into one string. */
#ifndef V3CTL_ARGV_JOIN_H
#define V3CTL_ARGV_JOIN_H

#include <stddef.h>

#define ARGV_JOIN_MAX_WORDS 256 /* the LWK reads at most this many */

int argv_join(const char *program, char *const args[], int nargs, char *buf,
	      size_t size, const char **bad);

#endif
