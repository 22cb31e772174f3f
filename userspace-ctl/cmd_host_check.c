// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl host-check: one line per thing v3vee needs, what this host has,
 * and for each problem how to fix it (hostcheck.c does the checks).
 */
#include <stdio.h>
#include <string.h>

#include "hostcheck.h"
#include "libv3vee.h"
#include "v3ctl.h"

static int device_abi_version(uint32_t *version)
{
	int ret, fd = v3_open(V3_DEVICE);

	if (fd < 0)
		return fd;
	ret = v3_abi_version(fd, version);
	v3_close(fd);
	return ret;
}

static int host_check_run(const struct command *cmd, int argc, char **argv)
{
	static const char *const tag[] = { "ok", "warn", "FAIL" };
	struct hostcheck hc = { .abi_version = device_abi_version };
	const char *root = "";

	for (int i = 1; i < argc; i++) {
		if (arg_is_help(argv[i]))
			return ctl_help(cmd);
		if (arg_option(argc, argv, &i, "--root", &root) == 1)
			continue;
		return ctl_usage(cmd, "unexpected argument '%s'", argv[i]);
	}
	if (root[0])
		hc.abi_version = NULL; /* another tree: no device to ask */
	hostcheck_run(root, &hc);
	for (int i = 0; i < hc.n; i++)
		printf("%-4s  %s: %s\n", tag[hc.line[i].verdict],
		       hc.line[i].what, hc.line[i].text);
	if (hc.fails)
		printf("verdict: a VM cannot be created now (%d problem%s "
		       "above)\n",
		       hc.fails, hc.fails == 1 ? "" : "s");
	else
		printf("verdict: a VM can be created now\n");
	return hc.fails ? CTL_EXIT_ERROR : CTL_EXIT_OK;
}

const struct command cmd_host_check = {
	.name = "host-check",
	.summary = "say whether this host can run a VM, and what to fix",
	.help = "usage: v3ctl host-check [--root DIR]\n"
		"\n"
		"Checks what v3vee needs of the host and prints one line per "
		"check:\n"
		"'ok', 'warn' (unknown, or worth knowing) or 'FAIL' (a VM "
		"cannot be\n"
		"created until it is fixed; the line says how). Checks: the "
		"kernel\n"
		"release, AMD SVM and nested paging, SVM not disabled by the "
		"firmware\n"
		"and the APIC mode (MSRs read through /dev/cpu/0/msr: "
		"'modprobe msr'),\n"
		"memory encryption, no_ipi_broadcast=1, a direct map without "
		"1 GB\n"
		"pages, movable memory that can be taken now, the CPUs that "
		"can be\n"
		"taken, and the module (loaded, its ABI). Runs as any user; "
		"some facts\n"
		"need root.\n"
		"\n"
		"Exit status: 0 when a VM can be created now, 1 otherwise.\n"
		"\n"
		"options:\n"
		"  --root DIR  read proc/, sys/ and dev/ under DIR instead of "
		"/ (tests)\n",
	.run = host_check_run,
};
