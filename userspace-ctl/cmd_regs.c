// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl regs NAME [--json]: each vCPU's registers now, where it was
 * (in guest code, idle, waiting for its SIPI) — what a stuck guest is
 * doing. Every core of the VM gets an NMI, so each running vCPU takes
 * one NMI exit.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libv3vee.h"
#include "report.h"
#include "report_regs.h"
#include "v3ctl.h"

static const char *where_name(uint32_t where)
{
	switch (where) {
	case V3_VCPU_IN_GUEST:
		return "guest";
	case V3_VCPU_IDLE:
		return "idle";
	case V3_VCPU_WAIT_SIPI:
		return "wait-for-sipi";
	default:
		return "no-answer";
	}
}

static void report_vm_regs(const struct v3_vm_regs *rg,
			   enum report_format format)
{
	unsigned int n = rg->ncores > V3_MAX_CORES ? V3_MAX_CORES : rg->ncores;
	struct report r;
	char key[16];

	report_begin(&r, stdout, format);
	report_str(&r, "name", rg->name);
	report_u64(&r, "ncores", n);
	report_object_begin(&r, "where");
	for (unsigned int c = 0; c < n; c++) {
		snprintf(key, sizeof(key), "vcpu%u", c);
		report_str(&r, key, where_name(rg->where[c]));
	}
	report_object_end(&r);
	report_object_begin(&r, "regs");
	for (unsigned int c = 0; c < n; c++) {
		if (rg->where[c] == V3_VCPU_NO_ANSWER)
			continue;
		snprintf(key, sizeof(key), "vcpu%u", c);
		report_regs(&r, key, &rg->regs[c]);
	}
	report_object_end(&r);
	report_end(&r);
}

static int regs_run(const struct command *cmd, int argc, char **argv)
{
	static const char *const json_flag[] = { "--json", NULL };
	static struct v3_vm_regs rg;
	const char *name;
	int json = 0, fd, ret;

	ret = arg_vm_name(cmd, argc, argv, json_flag, &json, &name);
	if (ret != ARG_GO_ON)
		return ret;
	fd = ctl_open_device();
	if (fd < 0)
		return CTL_EXIT_ERROR;
	ret = v3_vm_regs(fd, name, &rg);
	v3_close(fd);
	if (ret == -EBUSY) {
		ctl_error("%s is still being created", name);
		return CTL_EXIT_ERROR;
	}
	if (ret)
		return ctl_vm_error(name, ret, "read the registers of");
	report_vm_regs(&rg, json ? REPORT_JSON : REPORT_TEXT);
	return CTL_EXIT_OK;
}

const struct command cmd_regs = {
	.name = "regs",
	.summary = "snapshot each vCPU's registers (where a guest is now)",
	.help = "usage: v3ctl regs NAME [--json]\n"
		"\n"
		"Sends an NMI to each of the VM's cores; each saves its\n"
		"vCPU's registers as it leaves guest mode (one NMI exit per\n"
		"running vCPU) or at once if idle. Prints where.vcpuN (guest,\n"
		"idle, wait-for-sipi, or no-answer) and regs.vcpuN.REG (rax "
		"...\n"
		"r15, rip, rflags, cr0, cr2, cr3, cr4, efer, and the last "
		"exit's\n"
		"exit_code, exit_info1, exit_info2), in hex.\n"
		"\n"
		"  --json      the same keys as one JSON object\n"
		"  -h, --help  this help\n",
	.run = regs_run,
};
