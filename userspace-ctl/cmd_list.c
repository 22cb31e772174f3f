// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl list: one line per VM (VM_LIST by index until ENOENT, then
 * VM_STATS and every vCPU's VCPU_STATS for each), and for a failed VM a second line with why and
 * where it stopped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libv3vee.h"
#include "sizes.h"
#include "v3ctl.h"

struct listed {
	struct v3_vm_stats st;
	uint64_t exits; /* of all its vCPUs */
};

/* Every vCPU's exits; 0 for a VM still being built. */
static int count_exits(int fd, const char *name, uint64_t *exits)
{
	struct v3_vcpu_stat_table t;
	int ret = v3_vcpu_stats_read(fd, name, &t);

	*exits = 0;
	if (ret == -EBUSY)
		return 0;
	if (ret)
		return ret;
	*exits = v3_stat_exits_total(&t);
	v3_vcpu_stats_free(&t);
	return 0;
}

/* The VMs as listed; one that vanished between the calls is skipped. */
static int collect(int fd, struct listed **vms, unsigned int *n)
{
	char name[V3_NAME_MAX];
	unsigned int cap = 0;

	*vms = NULL;
	*n = 0;
	for (uint32_t index = 0;; index++) {
		int ret = v3_vm_list(fd, index, name);

		if (ret == -ENOENT)
			return 0;
		if (ret) {
			ctl_error("cannot list the VMs: %s", strerror(-ret));
			return -1;
		}
		if (*n == cap) {
			struct listed *bigger;

			cap = cap ? cap * 2 : 8;
			bigger = realloc(*vms, cap * sizeof(**vms));
			if (!bigger) {
				ctl_error("out of memory");
				return -1;
			}
			*vms = bigger;
		}
		ret = v3_vm_stats(fd, name, &(*vms)[*n].st);
		if (!ret)
			ret = count_exits(fd, name, &(*vms)[*n].exits);
		if (ret == -ENOENT)
			continue;
		if (ret) {
			ctl_error("cannot read the statistics of %s: %s", name,
				  strerror(-ret));
			return -1;
		}
		(*n)++;
	}
}

static void print_vm(const struct listed *vm, int name_width)
{
	const struct v3_vm_stats *st = &vm->st;
	char state[32], mem[32];
	const struct v3_guest_regs *r = &st->regs;

	if (st->state == V3_VM_EXITED)
		snprintf(state, sizeof(state), "exited(%d)", st->exit_status);
	else
		snprintf(state, sizeof(state), "%s", v3_state_name(st->state));
	snprintf(mem, sizeof(mem), "%llu MB",
		 (unsigned long long)(st->mem_bytes / MB));
	printf("%-*s  %-12s  %9s  %5u  %12llu\n", name_width, st->name, state,
	       mem, st->ncores, (unsigned long long)vm->exits);
	if (st->state != V3_VM_FAILED)
		return;
	printf("%*s  %s: rip=0x%llx rsp=0x%llx cr0=0x%llx cr3=0x%llx "
	       "exit_code=0x%llx\n",
	       name_width, "", st->fail_reason[0] ? st->fail_reason : "failed",
	       (unsigned long long)r->rip, (unsigned long long)r->rsp,
	       (unsigned long long)r->cr0, (unsigned long long)r->cr3,
	       (unsigned long long)r->exit_code);
}

static int list_run(const struct command *cmd, int argc, char **argv)
{
	struct listed *vms;
	unsigned int n;
	int fd, name_width = 4;

	if (argc > 1 && arg_is_help(argv[1]))
		return ctl_help(cmd);
	if (argc > 1)
		return ctl_usage(cmd, "list takes no arguments: %s", argv[1]);
	fd = ctl_open_device();
	if (fd < 0)
		return CTL_EXIT_ERROR;
	if (collect(fd, &vms, &n)) {
		free(vms);
		v3_close(fd);
		return CTL_EXIT_ERROR;
	}
	v3_close(fd);
	for (unsigned int i = 0; i < n; i++) {
		int len = strlen(vms[i].st.name);

		if (len > name_width)
			name_width = len;
	}
	printf("%-*s  %-12s  %9s  %5s  %12s\n", name_width, "NAME", "STATE",
	       "MEM", "CORES", "EXITS");
	for (unsigned int i = 0; i < n; i++)
		print_vm(&vms[i], name_width);
	free(vms);
	return CTL_EXIT_OK;
}

const struct command cmd_list = {
	.name = "list",
	.summary = "list the VMs with their state, memory, cores and exits",
	.help = "usage: v3ctl list\n"
		"\n"
		"Prints one line per VM: NAME, STATE (created, running,\n"
		"exited(STATUS) or failed), MEM, CORES and EXITS (VM exits\n"
		"of all its vCPUs). A failed VM gets a second line: why it\n"
		"failed, and its rip, rsp, cr0, cr3 and exit code then.\n"
		"\n"
		"  -h, --help  this help\n",
	.run = list_run,
};
