/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel command line. Its first word is the image's name (Multiboot
 * loaders put it there) and is skipped, unless it contains '=' or is a
 * known option (a loader that leaves the name out). Words starting with
 * "lwk." are
 * kernel options; other words containing '=' become the program's
 * environment; anything else is reported and ignored.
 */
#ifndef LWK_CMDLINE_H
#define LWK_CMDLINE_H

#include <lwk/types.h>

#define CMDLINE_MAX_ENV 64
#define CMDLINE_MAX_ARGS 256

struct lwk_options {
	bool keep;      /* lwk.keep: halt instead of powering off at exit */
	bool showfiles; /* lwk.showfiles: print written files at exit */
	bool irqstats;  /* lwk.irqstats: print per-CPU interrupt counts */
	/* lwk.triplefault: triple-fault the CPU at boot, to test that a VMM
	 * survives its guest doing so */
	bool triplefault;
	/* lwk.ipi_outside, lwk.init_outside: send a fixed IPI (an INIT) to
	 * an APIC ID the MADT does not list, to test that a VMM stops it */
	bool ipi_outside;
	bool init_outside;
	/* lwk.level_ipi: a level-triggered IPI to self (see smp.h) */
	bool level_ipi;
	int envc;
	const char *envp[CMDLINE_MAX_ENV];
};

extern struct lwk_options lwk_options;

void cmdline_parse(const char *cmdline);

/*
 * Splits s into words at spaces/tabs; double quotes group words. The
 * words are copied into buf (of buf_size bytes). Returns the number of
 * words, at most max_words, or -1 if buf is too small.
 */
int cmdline_split(const char *s, char *buf, size_t buf_size,
		  const char **words, int max_words);

#endif
