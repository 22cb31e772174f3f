// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl stats NAME [--json]: everything VM_STATS returns, and every
 * per-vCPU statistic of every vCPU (VCPU_STATS, named by STAT_DESC), one
 * "key: value" per line (so that tests can grep it) or as one JSON object
 * with the same keys.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libv3vee.h"
#include "report.h"
#include "report_regs.h"
#include "sizes.h"
#include "v3ctl.h"

static void report_memory(struct report *r, const struct v3_vm_stats *st)
{
	char range[48];

	report_u64(r, "mem_mb", st->mem_bytes / MB);
	report_u64(r, "mem_bytes", st->mem_bytes);
	report_u64(r, "mem_blocks", v3_stats_nblocks(st));
	/* Inclusive ends, as in /proc/iomem. */
	report_array_begin(r, "mem_ranges");
	for (unsigned int i = 0; i < v3_stats_nblocks(st); i++) {
		snprintf(range, sizeof(range), "0x%llx-0x%llx",
			 (unsigned long long)st->block_phys[i],
			 (unsigned long long)(st->block_phys[i] +
					      st->block_bytes[i] - 1));
		report_str(r, NULL, range);
	}
	report_array_end(r);
}

/* Host CPUs and seconds in guest mode of every vCPU. */
static void report_cores(struct report *r, const struct v3_vm_stats *st,
			 const struct v3_vcpu_stat_table *t)
{
	int run_ns = v3_stat_find(t, "guest_run_ns");
	char vcpu[24];

	report_u64(r, "ncores", t->ncores);
	report_array_begin(r, "cores");
	for (uint32_t c = 0; c < t->ncores; c++)
		report_s64(r, NULL, t->cpu[c]);
	report_array_end(r);
	if (st->ncores != t->ncores)
		report_u64(r, "ncores_vm", st->ncores); /* never, but say so */
	if (run_ns < 0)
		return;
	report_seconds(r, "guest_run_s", v3_stat_sum(t, run_ns));
	report_object_begin(r, "vcpu_run_s");
	for (uint32_t c = 0; c < t->ncores; c++) {
		snprintf(vcpu, sizeof(vcpu), "vcpu%u", c);
		report_seconds(r, vcpu, v3_stat_get(t, c, run_ns));
	}
	report_object_end(r);
}

/* exits.vcpuN.REASON: every "exit_REASON" statistic, and their sum. */
static void report_exits(struct report *r, const struct v3_vcpu_stat_table *t)
{
	char vcpu[24];

	report_u64(r, "exits_total", v3_stat_exits_total(t));
	report_object_begin(r, "exits");
	for (uint32_t c = 0; c < t->ncores; c++) {
		snprintf(vcpu, sizeof(vcpu), "vcpu%u", c);
		report_object_begin(r, vcpu);
		for (uint32_t i = 0; i < t->nstats; i++) {
			const char *reason = v3_stat_exit_reason(t->names[i]);

			if (reason)
				report_u64(r, reason, v3_stat_get(t, c, (int)i));
		}
		report_object_end(r);
	}
	report_object_end(r);
}

/*
 * Every other statistic as NAME.vcpuN (run_exits, guest_timer_irqs,
 * guest_irqs, and any a newer module adds).
 */
static void report_other_stats(struct report *r,
			       const struct v3_vcpu_stat_table *t)
{
	char vcpu[24];

	for (uint32_t i = 0; i < t->nstats; i++) {
		if (v3_stat_exit_reason(t->names[i]) ||
		    strcmp(t->names[i], "guest_run_ns") == 0)
			continue;
		report_object_begin(r, t->names[i]);
		for (uint32_t c = 0; c < t->ncores; c++) {
			snprintf(vcpu, sizeof(vcpu), "vcpu%u", c);
			report_u64(r, vcpu, v3_stat_get(t, c, (int)i));
		}
		report_object_end(r);
	}
}

/* What the guest's last program run cost, and its APIC use. */
static void report_guest(struct report *r, const struct v3_vm_stats *st,
			 const struct v3_vcpu_stat_table *t)
{
	report_array_begin(r, "apic_ids");
	for (uint32_t c = 0; c < t->ncores; c++)
		report_u64(r, NULL, t->apic_id[c]);
	report_array_end(r);
	report_u64(r, "vcpus_started", st->vcpus_started);
	report_u64(r, "program_runs", st->program_runs);
	report_other_stats(r, t);
	report_u64(r, "apic_denied", st->apic_denied);
	if (st->apic_denied)
		report_hex(r, "apic_denied_last_reg", st->apic_denied_last_reg);
	report_u64(r, "ipi_denied", st->ipi_denied);
	if (st->ipi_denied)
		report_hex(r, "ipi_denied_last_icr", st->ipi_denied_last_icr);
}

static void report_npt(struct report *r, const struct v3_vm_stats *st)
{
	char line[160];

	report_u64(r, "npt_ram_1g", st->npt_ram_1g);
	report_u64(r, "npt_ram_2m", st->npt_ram_2m);
	report_u64(r, "npt_ram_4k", st->npt_ram_4k);
	report_u64(r, "npt_mmio_4k", st->npt_mmio_4k);
	snprintf(line, sizeof(line),
		 "1G pages %llu, 2M pages %llu, 4K pages (RAM) %llu, 4K pages "
		 "(devices) %llu",
		 (unsigned long long)st->npt_ram_1g,
		 (unsigned long long)st->npt_ram_2m,
		 (unsigned long long)st->npt_ram_4k,
		 (unsigned long long)st->npt_mmio_4k);
	report_str(r, "npt", line);
}

static void report_failure(struct report *r, const struct v3_vm_stats *st)
{
	report_str(r, "fail_reason", st->fail_reason);
	report_regs(r, "regs", &st->regs);
}

static void report_stats(const struct v3_vm_stats *st,
			 const struct v3_vcpu_stat_table *t,
			 enum report_format format)
{
	struct report r;

	report_begin(&r, stdout, format);
	report_str(&r, "name", st->name);
	report_str(&r, "state", v3_state_name(st->state));
	report_s64(&r, "exit_status", st->exit_status);
	report_memory(&r, st);
	report_cores(&r, st, t);
	report_exits(&r, t);
	report_guest(&r, st, t);
	report_npt(&r, st);
	report_u64(&r, "console_bytes", st->console_bytes);
	report_u64(&r, "msr_denied", st->msr_denied);
	if (st->msr_denied) {
		report_hex(&r, "msr_denied_last", st->msr_denied_last);
		report_str(&r, "msr_denied_last_access",
			   st->msr_denied_write ? "write" : "read");
	}
	if (st->state == V3_VM_FAILED)
		report_failure(&r, st);
	report_end(&r);
}

static int stats_run(const struct command *cmd, int argc, char **argv)
{
	static const char *const json_flag[] = { "--json", NULL };
	struct v3_vcpu_stat_table t = { 0 };
	struct v3_vm_stats st;
	const char *name;
	int json = 0, fd, ret;

	ret = arg_vm_name(cmd, argc, argv, json_flag, &json, &name);
	if (ret != ARG_GO_ON)
		return ret;
	fd = ctl_open_device();
	if (fd < 0)
		return CTL_EXIT_ERROR;
	ret = v3_vm_stats(fd, name, &st);
	/* Per vCPU; a VM still being built has none to show yet. */
	if (!ret) {
		ret = v3_vcpu_stats_read(fd, name, &t);
		if (ret == -EBUSY)
			ret = 0;
	}
	v3_close(fd);
	if (ret == -EPROTO) {
		ctl_error("v3vmm.ko gave per-vCPU statistics this v3ctl cannot "
			  "read (use the v3ctl built with the module)");
		return CTL_EXIT_ERROR;
	}
	if (ret)
		return ctl_vm_error(name, ret, "read the statistics of");
	report_stats(&st, &t, json ? REPORT_JSON : REPORT_TEXT);
	v3_vcpu_stats_free(&t);
	return CTL_EXIT_OK;
}

const struct command cmd_stats = {
	.name = "stats",
	.summary = "print a VM's state, memory, cores, exits and page sizes",
	.help = "usage: v3ctl stats NAME [--json]\n"
		"\n"
		"Prints one \"key: value\" per line: name, state, "
		"exit_status,\n"
		"mem_mb, mem_bytes, mem_blocks, mem_ranges (host physical,\n"
		"inclusive), ncores, cores (host CPUs), guest_run_s and\n"
		"vcpu_run_s.vcpuN (seconds in guest mode), exits_total,\n"
		"exits.vcpuN.REASON (cpuid vmmcall ioio msr npf nmi intr\n"
		"exception shutdown other apic), apic_ids (the guest's and\n"
		"the host's APIC ID of each vCPU), vcpus_started,\n"
		"program_runs, run_exits.vcpuN (exits during the guest's last\n"
		"program run), guest_timer_irqs.vcpuN and guest_irqs.vcpuN\n"
		"(the interrupts the LWK counted, reported at program end),\n"
		"and STAT.vcpuN for any other per-vCPU statistic the module\n"
		"has; every vCPU is shown,\n"
		"apic_denied and ipi_denied (APIC writes and IPIs refused,\n"
		"with the last one), npt_ram_1g, npt_ram_2m,\n"
		"npt_ram_4k, npt_mmio_4k, npt (the nested page table's\n"
		"pages), console_bytes and msr_denied (MSR accesses the guest\n"
		"got #GP for, with the last one); for a failed VM also fail_reason\n"
		"and regs.REG.\n"
		"\n"
		"  --json      the same keys as one JSON object, nested\n"
		"              where the text keys have dots\n"
		"  -h, --help  this help\n",
	.run = stats_run,
};
