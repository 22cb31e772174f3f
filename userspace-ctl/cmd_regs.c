// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl regs NAME [--json]: each vCPU's registers now, where it was
 * (in guest code, idle, waiting for its SIPI) — what a stuck guest is
 * doing. Every core of the VM gets an NMI, so each running vCPU takes
 * one NMI exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

static void report_vm_regs(const char *name, const struct v3_vcpu_regs *v,
			   uint32_t n, enum report_format format)
{
	struct report r;
	char key[24];

	report_begin(&r, stdout, format);
	report_str(&r, "name", name);
	report_u64(&r, "ncores", n);
	report_object_begin(&r, "where");
	for (uint32_t c = 0; c < n; c++) {
		snprintf(key, sizeof(key), "vcpu%u", c);
		report_str(&r, key, where_name(v[c].where));
	}
	report_object_end(&r);
	report_object_begin(&r, "regs");
	for (uint32_t c = 0; c < n; c++) {
		if (v[c].where == V3_VCPU_NO_ANSWER)
			continue;
		snprintf(key, sizeof(key), "vcpu%u", c);
		report_regs(&r, key, &v[c].regs);
	}
	report_object_end(&r);
	report_end(&r);
}

static int regs_run(const struct command *cmd, int argc, char **argv)
{
	static const char *const json_flag[] = { "--json", NULL };
	struct v3_vcpu_regs *vcpus;
	const char *name;
	uint32_t n;
	int json = 0, fd, ret;

	ret = arg_vm_name(cmd, argc, argv, json_flag, &json, &name);
	if (ret != ARG_GO_ON)
		return ret;
	fd = ctl_open_device();
	if (fd < 0)
		return CTL_EXIT_ERROR;
	ret = v3_vm_regs(fd, name, &vcpus, &n);
	v3_close(fd);
	if (ret == -EBUSY) {
		ctl_error("%s is still being created", name);
		return CTL_EXIT_ERROR;
	}
	if (ret == -EPROTO || ret == -EAGAIN) {
		ctl_error("v3vmm.ko gave a vCPU count this v3ctl cannot use");
		return CTL_EXIT_ERROR;
	}
	if (ret)
		return ctl_vm_error(name, ret, "read the registers of");
	report_vm_regs(name, vcpus, n, json ? REPORT_JSON : REPORT_TEXT);
	free(vcpus);
	return CTL_EXIT_OK;
}

const struct command cmd_regs = {
	.name = "regs",
	.summary = "snapshot each vCPU's registers (where a guest is now)",
	.help = "usage: v3ctl regs NAME [--json]\n"
		"\n"
		"Sends an NMI to each of the VM's cores; each saves its\n"
		"vCPU's registers as it leaves guest mode (one NMI exit per\n"
		"running vCPU) or at once if idle. Prints, for every vCPU,\n"
		"where.vcpuN (guest,\n"
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
