// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl destroy NAME: VM_STATS first, to learn which memory the VM holds,
 * then VM_DESTROY, which stops the VM, returns its cores with add_cpu()
 * and re-adds its memory with add_memory(), onlined as movable by the
 * module itself (the same path a failed or killed create takes). v3ctl
 * then checks that each block of the VM is online and says which is not.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostmem.h"
#include "libv3vee.h"
#include "sizes.h"
#include "v3ctl.h"

/* The bytes of one range whose blocks are not online and movable. */
static uint64_t offline_in_range(uint64_t phys, uint64_t bytes, uint64_t block)
{
	uint64_t offline = 0;

	if (!bytes)
		return 0;
	for (uint64_t b = phys / block; b <= (phys + bytes - 1) / block; b++) {
		char state[64], zone[64];
		int ret = hostmem_block_state(HOSTMEM_SYSFS, b, state,
					      sizeof(state));

		if (!ret && strcmp(state, "online") == 0) {
			ret = hostmem_block_zone(HOSTMEM_SYSFS, b, zone,
						 sizeof(zone));
			if (!ret && strcmp(zone, "Movable") == 0)
				continue;
			ctl_warn("memory block %" PRIu64 " (0x%" PRIx64 ") is "
				 "online but not movable (%s/memory%" PRIu64
				 "/valid_zones: %s): v3vee cannot take it "
				 "again (see dmesg)",
				 b, b * block, HOSTMEM_SYSFS, b,
				 ret ? strerror(-ret) : zone);
		} else {
			ctl_warn("memory block %" PRIu64 " (0x%" PRIx64
				 ") is not online: %s/memory%" PRIu64
				 "/state: %s (see dmesg)",
				 b, b * block, HOSTMEM_SYSFS, b,
				 ret ? strerror(-ret) : state);
		}
		offline += block;
	}
	return offline;
}

/* Returns the bytes of the VM's memory not online and movable again. */
static uint64_t offline_memory(const struct v3_vm_stats *st)
{
	uint64_t block, offline = 0;
	int ret = hostmem_block_size(HOSTMEM_SYSFS, &block);

	if (ret) {
		ctl_warn("cannot read %s/block_size_bytes (%s): cannot tell "
			 "whether the memory of %s is online",
			 HOSTMEM_SYSFS, strerror(-ret), st->name);
		return 0;
	}
	for (unsigned int i = 0; i < v3_stats_nblocks(st); i++)
		offline += offline_in_range(st->block_phys[i],
					    st->block_bytes[i], block);
	return offline;
}

/* "CPU 3" or "CPUs 2,3" (malloc'd; NULL if out of memory). */
static char *format_cpus(const int32_t *cpus, uint32_t n)
{
	size_t size = 8 + (size_t)n * 12, used;
	char *buf = malloc(size);

	if (!buf)
		return NULL;
	used = snprintf(buf, size, "%s", n == 1 ? "CPU " : "CPUs ");
	for (uint32_t c = 0; c < n && used < size; c++)
		used += snprintf(buf + used, size - used, "%s%d", c ? "," : "",
				 cpus[c]);
	return buf;
}

static int destroy_run(const struct command *cmd, int argc, char **argv)
{
	struct v3_vm_stats st;
	int32_t *cpus = NULL;
	uint32_t ncpus = 0;
	uint64_t offline;
	const char *name;
	char *text;
	int fd, ret;

	ret = arg_vm_name(cmd, argc, argv, NULL, NULL, &name);
	if (ret != ARG_GO_ON)
		return ret;
	fd = ctl_open_device();
	if (fd < 0)
		return CTL_EXIT_ERROR;
	ret = v3_vm_stats(fd, name, &st);
	/* Which host CPUs it has, to say so once they are back (a VM
	 * still being built has none to show: EBUSY). */
	if (!ret && v3_vm_vcpu_cpus(fd, name, &cpus, &ncpus))
		ncpus = 0;
	if (!ret)
		ret = v3_vm_destroy(fd, name);
	v3_close(fd);
	if (ret)
		free(cpus); /* not needed on the paths below */
	if (ret == -EBUSY && st.state == V3_VM_CREATED) {
		ctl_error("cannot destroy %s: it is still being created (its "
			  "v3ctl create has not finished)",
			  name);
		return CTL_EXIT_ERROR;
	}
	if (ret == -EBUSY) {
		ctl_error("cannot destroy %s: a v3ctl run is using it; end that "
			  "run first (Ctrl-C it, or kill -KILL its v3ctl run, "
			  "which always ends it)",
			  name);
		return CTL_EXIT_ERROR;
	}
	if (ret == -EIO) {
		/* Names each block that is not online (warnings). */
		offline = offline_memory(&st);
		ctl_error("%s destroyed, but a core or some of its memory did "
			  "not come back to Linux as it was (a core offline, "
			  "or memory not online and movable; %llu MB not "
			  "online and movable): see dmesg",
			  name, (unsigned long long)(offline / MB));
		return CTL_EXIT_ERROR;
	}
	if (ret)
		return ctl_vm_error(name, ret, "destroy");
	offline = offline_memory(&st);
	text = ncpus ? format_cpus(cpus, ncpus) : NULL;
	if (offline)
		ctl_note("%s destroyed: %s returned to Linux, but %llu of its "
			 "%llu MB are not online and movable (see the warnings "
			 "above)",
			 st.name, text ? text : "no cores",
			 (unsigned long long)(offline / MB),
			 (unsigned long long)(st.mem_bytes / MB));
	else if (text)
		ctl_note("%s destroyed: %llu MB and %s returned to Linux",
			 st.name, (unsigned long long)(st.mem_bytes / MB),
			 text);
	else
		ctl_note("%s destroyed: %llu MB returned to Linux", st.name,
			 (unsigned long long)(st.mem_bytes / MB));
	free(text);
	free(cpus);
	return CTL_EXIT_OK;
}

const struct command cmd_destroy = {
	.name = "destroy",
	.summary = "stop a VM and give its memory and cores back to Linux",
	.help = "usage: v3ctl destroy NAME\n"
		"\n"
		"Stops the VM, whatever its state, and gives its cores and\n"
		"memory back to Linux; the module onlines the memory as\n"
		"movable. A memory block that is not online afterwards is\n"
		"reported in a warning. Says on stderr what came back.\n"
		"\n"
		"  -h, --help  this help\n",
	.run = destroy_run,
};
