/* SPDX-License-Identifier: GPL-2.0 */
/*
 * v3ctl host-check: what v3vee needs of a host, and what this one has.
 * Every file is read under a root directory ("" on a real host), so that
 * the unit tests can run the checks against a tree of their own.
 */
#ifndef V3CTL_HOSTCHECK_H
#define V3CTL_HOSTCHECK_H

#include <stdint.h>

enum hc_verdict { HC_OK, HC_WARN, HC_FAIL };

#define HC_LINES_MAX 16

struct hc_line {
	enum hc_verdict verdict;
	char what[32];  /* "nested paging", "movable memory", ... */
	char text[320]; /* what the host has; for a failure, how to fix it */
};

struct hostcheck {
	struct hc_line line[HC_LINES_MAX];
	int n;
	int fails;
	/* Asks the loaded module for its ABI version (0, or -errno); NULL
	 * where there is no device to ask (the unit tests). */
	int (*abi_version)(uint32_t *version);
};

/**
 * hostcheck_run() - run every check against the host under @root
 * @root: "" for this host, or a directory holding proc/, sys/, dev/
 * @hc:   results; hc->abi_version set (or NULL) by the caller
 *
 * Never fails as a whole: a fact that cannot be read is a line of its
 * own (a warning, or a failure where v3vee cannot do without it).
 */
void hostcheck_run(const char *root, struct hostcheck *hc);

/**
 * hostcheck_ipi_broadcast_off() - the value Linux took for
 * no_ipi_broadcast= on @cmdline: the last word wins, '-' and '_' are the
 * same in names, words after "--" are init's, double quotes group, and
 * the value is read as Linux's get_option() reads it (a number with
 * base prefix; what follows the digits is ignored). 0 when absent.
 */
long hostcheck_ipi_broadcast_off(const char *cmdline);

#endif
