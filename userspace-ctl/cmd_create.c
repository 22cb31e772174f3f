// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl create IMAGE --mem SIZE (--cores N | --cpus LIST) [--name NAME]
 *              [--cmdline STR] [-- PROGRAM [ARGS...]]
 *
 * Everything that can be checked is checked before anything is taken from
 * Linux: the arguments, the image's Multiboot header, the program, the
 * size against the host's memory blocks and movable memory, the cores
 * against the online CPUs, the module's ABI version. Then, on one open
 * file: CREATE, ADD_MEMORY once per block (with progress), ADD_CORE N
 * times, LOAD, START. Until START the VM belongs to that file, so on any
 * failure closing it makes the module give everything back.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv_join.h"
#include "cpulist.h"
#include "fileio.h"
#include "hostcpus.h"
#include "hostmem.h"
#include "libv3vee.h"
#include "multiboot_check.h"
#include "program_check.h"
#include "sizes.h"
#include "smt.h"
#include "v3ctl.h"

struct create_args {
	const char *image;
	const char *mem_arg;
	const char *cores_arg;
	const char *cpus_arg;
	const char *name; /* NULL: the module picks vmN */
	const char *cmdline;
	const char *program; /* NULL: no program */
	char **args; /* the program's arguments after argv[0] */
	int nargs;
	uint64_t mem;
	long cores;
	int *cpus;  /* --cpus: vCPU i runs on host CPU cpus[i] */
	int ncpus;  /* 0: the module picks the CPUs */
	int *taken; /* cores entries: the host CPUs the VM got */
	int help;
	char module_cmdline[V3_CMDLINE_MAX];
	char vm_name[V3_NAME_MAX]; /* set by CREATE */
};

static int parse_options(const struct command *cmd, int argc, char **argv,
			 struct create_args *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *value;
		int got = 0;

		if (strcmp(arg, "--") == 0)
			break;
		if (arg_is_help(arg)) {
			a->help = 1;
			return 0;
		}
		if ((got = arg_option(argc, argv, &i, "--mem", &value)) > 0)
			a->mem_arg = value;
		else if (!got && (got = arg_option(argc, argv, &i, "--cores",
						   &value)) > 0)
			a->cores_arg = value;
		else if (!got && (got = arg_option(argc, argv, &i, "--cpus",
						   &value)) > 0)
			a->cpus_arg = value;
		else if (!got && (got = arg_option(argc, argv, &i, "--name",
						   &value)) > 0)
			a->name = value;
		else if (!got && (got = arg_option(argc, argv, &i, "--cmdline",
						   &value)) > 0)
			a->cmdline = value;
		if (got < 0)
			return ctl_usage(cmd, "%s needs a value", arg);
		if (got > 0)
			continue;
		if (arg[0] == '-' && arg[1] != '\0')
			return ctl_usage(cmd, "unknown option %s", arg);
		if (a->image)
			return ctl_usage(cmd,
					 "one IMAGE only (the program goes "
					 "after --): %s",
					 arg);
		a->image = arg;
	}
	if (i < argc) {
		if (i + 1 == argc)
			return ctl_usage(cmd,
					 "-- must be followed by a PROGRAM");
		a->program = argv[i + 1];
		a->args = argv + i + 2;
		a->nargs = argc - i - 2;
	}
	return 0;
}

/* --cpus LIST: which host CPUs, in vCPU order; it also sets the count. */
static int check_cpus(const struct command *cmd, struct create_args *a)
{
	int dup, ret;

	/* A list without repeats holds each CPU number at most once. */
	a->cpus = calloc(CPULIST_CPU_MAX + 1, sizeof(*a->cpus));
	if (!a->cpus) {
		ctl_error("out of memory");
		return CTL_EXIT_ERROR;
	}
	ret = cpulist_parse(a->cpus_arg, a->cpus, CPULIST_CPU_MAX + 1,
			    &a->ncpus, &dup);
	if (ret == -EEXIST)
		return ctl_usage(cmd, "--cpus %s lists CPU %d twice",
				 a->cpus_arg, dup);
	if (ret == -ERANGE)
		return ctl_usage(cmd, "--cpus %s: CPU numbers go up to %d",
				 a->cpus_arg, CPULIST_CPU_MAX);
	if (ret)
		return ctl_usage(cmd,
				 "--cpus %s is not a CPU list (e.g. 3, 1,3 or "
				 "1-3)",
				 a->cpus_arg);
	a->cores = a->ncpus;
	return 0;
}

/* --cores N and/or --cpus LIST: how many cores, and maybe which. */
static int check_cores(const struct command *cmd, struct create_args *a)
{
	int ret;

	if (!a->cores_arg && !a->cpus_arg)
		return ctl_usage(cmd, "--cores N (or --cpus LIST) is required");
	if (a->cpus_arg) {
		ret = check_cpus(cmd, a);
		if (ret || !a->cores_arg)
			return ret;
	}
	ret = arg_int(a->cores_arg, LONG_MIN, LONG_MAX, &a->cores);
	if (ret == -ERANGE)
		return ctl_usage(cmd, "--cores %s is out of range",
				 a->cores_arg);
	if (ret)
		return ctl_usage(cmd, "--cores %s is not a number",
				 a->cores_arg);
	if (a->cores < 1)
		return ctl_usage(cmd, "--cores must be at least 1");
	if (a->ncpus && a->cores != a->ncpus)
		return ctl_usage(cmd,
				 "--cores %ld and --cpus %s (%d CPU%s) disagree; "
				 "--cpus alone is enough",
				 a->cores, a->cpus_arg, a->ncpus,
				 a->ncpus == 1 ? "" : "s");
	return 0;
}

/* --name, --cmdline, and PROGRAM with its arguments. */
static int check_name_and_program(const struct command *cmd,
				  struct create_args *a)
{
	const char *bad;
	int ret;

	if (a->name && !v3_name_valid(a->name))
		return ctl_usage(cmd,
				 "bad name %s: use letters, digits, '_', '.', "
				 "'-' (at most %d)",
				 a->name, V3_NAME_MAX - 1);
	if (!a->cmdline)
		a->cmdline = "";
	if (strlen(a->cmdline) >= V3_CMDLINE_MAX)
		return ctl_usage(cmd, "--cmdline is longer than %d bytes",
				 V3_CMDLINE_MAX - 1);
	if (!a->program)
		return 0;
	ret = argv_join(a->program, a->args, a->nargs, a->module_cmdline,
			sizeof(a->module_cmdline), &bad);
	if (ret == -EINVAL)
		return ctl_usage(cmd,
				 "the argument %s holds a '\"', which the LWK "
				 "cannot pass on",
				 bad);
	if (ret)
		return ctl_usage(cmd,
				 "PROGRAM and its arguments are more than %d "
				 "words or longer than %d bytes",
				 ARGV_JOIN_MAX_WORDS, V3_CMDLINE_MAX - 1);
	return 0;
}

static int check_values(const struct command *cmd, struct create_args *a)
{
	int ret;

	if (!a->image)
		return ctl_usage(cmd, "no IMAGE given");
	if (!a->mem_arg)
		return ctl_usage(cmd, "--mem SIZE is required");
	ret = size_parse(a->mem_arg, &a->mem);
	if (ret == -ERANGE)
		return ctl_usage(cmd, "--mem %s is too large", a->mem_arg);
	if (ret)
		return ctl_usage(cmd,
				 "--mem %s is not a size (bytes, or a number "
				 "with K, M, G or T, e.g. 512M or 4G)",
				 a->mem_arg);
	ret = check_cores(cmd, a);
	if (!ret)
		ret = check_name_and_program(cmd, a);
	return ret;
}

static int read_inputs(const struct create_args *a, struct file_data *image,
		       struct file_data *program)
{
	struct mb_layout mb;
	char msg[512];
	int ret;

	ret = file_read_all(a->image, image);
	if (ret) {
		ctl_error("%s: %s", a->image, strerror(-ret));
		return CTL_EXIT_ERROR;
	}
	if (mb_check(image->data, image->len, &mb, a->image, msg,
		     sizeof(msg)) != MB_OK) {
		ctl_error("%s", msg);
		return CTL_EXIT_ERROR;
	}
	if (!a->program)
		return 0;
	ret = file_read_all(a->program, program);
	if (ret) {
		ctl_error("%s: %s", a->program, strerror(-ret));
		return CTL_EXIT_ERROR;
	}
	if (program_check(program->data, program->len, msg, sizeof(msg))) {
		ctl_error("%s is not a program the LWK can run: %s",
			  a->program, msg);
		return CTL_EXIT_ERROR;
	}
	return 0;
}

/* --cpus: each one online and not CPU 0. */
static int check_host_cpus(const struct create_args *a)
{
	static int online[HOSTCPUS_MAX];
	int nonline, ret;

	ret = hostcpus_online(HOSTCPUS_SYSFS, online, HOSTCPUS_MAX, &nonline);
	if (ret) {
		ctl_error("cannot read %s/online: %s", HOSTCPUS_SYSFS,
			  strerror(-ret));
		return CTL_EXIT_ERROR;
	}
	for (int i = 0; i < a->ncpus; i++) {
		int cpu = a->cpus[i];

		if (cpu == 0) {
			ctl_error("--cpus %s: CPU 0 stays with Linux",
				  a->cpus_arg);
			return CTL_EXIT_ERROR;
		}
		if (!cpulist_has(online, nonline, cpu)) {
			ctl_error("--cpus %s: CPU %d is not online (a VM's "
				  "CPUs are offline; see %s/online)",
				  a->cpus_arg, cpu, HOSTCPUS_SYSFS);
			return CTL_EXIT_ERROR;
		}
	}
	return 0;
}

/* What the host can give: memory blocks, movable memory, CPUs. */
static int check_host(const struct create_args *a)
{
	uint64_t block, movable;
	char msg[256];
	long online, takeable;
	int ret;

	ret = hostmem_block_size(HOSTMEM_SYSFS, &block);
	if (ret) {
		ctl_error("cannot read %s/block_size_bytes: %s (this Linux has "
			  "no memory hotplug)",
			  HOSTMEM_SYSFS, strerror(-ret));
		return CTL_EXIT_ERROR;
	}
	if (size_check_multiple("--mem", a->mem_arg, a->mem, block, msg,
				sizeof(msg))) {
		ctl_error("%s", msg);
		return CTL_EXIT_ERROR;
	}
	/* The module takes one block per call and holds at most this many. */
	if (a->mem / block > V3_MAX_BLOCKS) {
		ctl_error("--mem %s is more than a VM can hold: %d memory "
			  "blocks of %llu MB (%lluM)",
			  a->mem_arg, V3_MAX_BLOCKS,
			  (unsigned long long)(block / MB),
			  (unsigned long long)(V3_MAX_BLOCKS * block / MB));
		return CTL_EXIT_ERROR;
	}
	ret = hostmem_movable_bytes(HOSTMEM_SYSFS, block, &movable);
	if (ret) {
		ctl_error("cannot read %s: %s", HOSTMEM_SYSFS, strerror(-ret));
		return CTL_EXIT_ERROR;
	}
	if (a->mem > movable) {
		ctl_error("--mem %s is more than the %llu MB of movable memory "
			  "this host can give (boot Linux with movablecore= or "
			  "movable_node)",
			  a->mem_arg, (unsigned long long)(movable / MB));
		return CTL_EXIT_ERROR;
	}
	if (a->ncpus)
		return check_host_cpus(a);
	/* CPU 0 always stays with Linux. */
	online = sysconf(_SC_NPROCESSORS_ONLN);
	if (online < 1) {
		ctl_error("cannot count the online CPUs: %s", strerror(errno));
		return CTL_EXIT_ERROR;
	}
	takeable = online - 1;
	if (a->cores > takeable) {
		ctl_error("--cores %ld: %ld CPU%s can be taken now (every online "
			  "CPU but CPU 0, which stays with Linux: this host has "
			  "%ld online); nothing was taken",
			  a->cores, takeable, takeable == 1 ? "" : "s", online);
		return CTL_EXIT_ERROR;
	}
	return 0;
}

/* After a refusal: how many CPUs Linux has now, but CPU 0. */
static long takeable_now(void)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	return online > 1 ? online - 1 : 0;
}

static int create_vm(int fd, struct create_args *a)
{
	int ret = v3_vm_create(fd, a->name, a->vm_name);

	if (ret == -EEXIST)
		ctl_error("a VM named %s exists already", a->name);
	else if (ret == -EINVAL && a->name)
		ctl_error("bad name %s: use letters, digits, '_', '.', '-' (at "
			  "most %d)",
			  a->name, V3_NAME_MAX - 1);
	else if (ret)
		ctl_error("cannot create the VM: %s", strerror(-ret));
	return ret ? CTL_EXIT_ERROR : 0;
}

/* Progress on stderr: one line redrawn on a terminal, else every 25%. */
struct progress {
	int tty;
	int line_open;
	unsigned int quarters; /* quarters printed so far */
};

static void progress_show(struct progress *p, uint64_t total, uint64_t want)
{
	unsigned int quarters = total >= want ? 4 : total * 4 / want;

	if (p->tty) {
		fprintf(stderr, "\rv3ctl: taking memory: %llu MB of %llu MB",
			(unsigned long long)(total / MB),
			(unsigned long long)(want / MB));
		p->line_open = 1;
	} else if (quarters > p->quarters) {
		fprintf(stderr, "v3ctl: taking memory: %llu MB of %llu MB\n",
			(unsigned long long)(total / MB),
			(unsigned long long)(want / MB));
		p->quarters = quarters;
	}
}

static void progress_done(struct progress *p)
{
	if (p->line_open)
		fputc('\n', stderr);
	p->line_open = 0;
}

/*
 * Test only (tests/integration/emuhost_vmm_kill.sh): with
 * V3CTL_TEST_PAUSE=memory, core or load in the environment, create stops
 * for good after its first memory block, after its cores, or after
 * loading, saying so on stderr, so that a test can kill it there.
 */
static void test_pause(const char *step)
{
	const char *want = getenv("V3CTL_TEST_PAUSE");

	if (!want || strcmp(want, step) != 0)
		return;
	fprintf(stderr, "v3ctl: test pause after %s\n", step);
	for (;;)
		pause();
}

/* Closing the file is what gives everything back: do it before saying so. */
static int give_back(int *fd)
{
	v3_close(*fd);
	*fd = -1;
	return CTL_EXIT_ERROR;
}

/* What the module's refusals mean for the user (vmm-module/guest_mem.c). */
static void memory_hint(int err, uint64_t got)
{
	if (err == -ENOSPC || err == -EOPNOTSUPP)
		ctl_note("this host can give %llu MB now (--mem %lluM)",
			 (unsigned long long)(got / MB),
			 (unsigned long long)(got / MB));
	if (err == -ENOSPC)
		ctl_note("Linux has no more memory it can give: boot it with "
			 "movablecore= or movable_node");
	else if (err == -EOPNOTSUPP)
		ctl_note("the rest of the free memory is under 1 GB pages "
			 "of Linux's direct map that could not be split (dmesg "
			 "says why); only whole free gigabytes of it can be "
			 "taken");
}

static int take_memory(int *fd, const struct create_args *a, uint64_t *total)
{
	struct progress p = { .tty = isatty(STDERR_FILENO) };
	struct v3_mem_add add;
	uint64_t piece = 0;

	*total = 0;
	while (*total < a->mem) {
		int ret = v3_vm_add_memory(*fd, &add);

		if (!ret && add.total_bytes <= *total)
			ret = -EPROTO; /* the module gave nothing: stop */
		if (ret) {
			progress_done(&p);
			give_back(fd);
			ctl_error("cannot take memory after %llu MB of %llu "
				  "MB: %s (all of it was given back)",
				  (unsigned long long)(*total / MB),
				  (unsigned long long)(a->mem / MB),
				  strerror(-ret));
			memory_hint(ret, *total);
			return CTL_EXIT_ERROR;
		}
		*total = add.total_bytes;
		piece = add.bytes;
		progress_show(&p, *total, a->mem);
		test_pause("memory");
	}
	progress_done(&p);
	if (*total > a->mem)
		ctl_note("%s holds %llu MB, not %llu MB: v3vmm.ko takes memory "
			 "in %llu MB pieces on this host",
			 a->vm_name, (unsigned long long)(*total / MB),
			 (unsigned long long)(a->mem / MB),
			 (unsigned long long)(piece / MB));
	return 0;
}

static int take_cores(int *fd, struct create_args *a)
{
	for (long n = 0; n < a->cores; n++) {
		int want = a->ncpus ? a->cpus[n] : -1;
		int ret = v3_vm_add_core(*fd, want, &a->taken[n]);

		if (ret == -ENOSPC) {
			give_back(fd);
			ctl_error("--cores %ld: no CPU was left to take after "
				  "%ld (another VM took some meanwhile?); "
				  "everything was given back, and %ld can be "
				  "taken now",
				  a->cores, n, takeable_now());
			return CTL_EXIT_ERROR;
		}
		if (ret == -EBUSY && want >= 0) {
			give_back(fd);
			ctl_error("cannot take CPU %d (%ld of %ld taken): it "
				  "went offline, another VM took it, or Linux "
				  "would not offline it (see dmesg); everything "
				  "was given back",
				  want, n, a->cores);
			return CTL_EXIT_ERROR;
		}
		if (ret) {
			give_back(fd);
			ctl_error("cannot take a core (%ld of %ld taken): %s "
				  "(everything was given back)",
				  n, a->cores, strerror(-ret));
			return CTL_EXIT_ERROR;
		}
	}
	return 0;
}

static int load_vm(int *fd, const struct create_args *a,
		   const struct file_data *image,
		   const struct file_data *program, uint64_t total)
{
	int ret = v3_vm_load(*fd, image->data, image->len, a->cmdline,
			     a->program ? program->data : NULL, program->len,
			     a->program ? a->module_cmdline : NULL);

	if (!ret)
		return 0;
	give_back(fd);
	if (ret == -ENOEXEC && !a->program)
		ctl_error("%s is not a Multiboot kernel v3vmm.ko can load (it "
			  "refused the image)",
			  a->image);
	else if (ret == -ENOEXEC)
		ctl_error("%s is not a Multiboot kernel v3vmm.ko can load (it "
			  "refused the image; %s was not looked at)",
			  a->image, a->program);
	else if (ret == -EADDRINUSE)
		ctl_error("%s asks for guest memory the loader uses (below "
			  "0x7000 or at 0x9f000-0xfffff) or above 4 GB",
			  a->image);
	else if (ret == -EFBIG && a->program)
		ctl_error("%s and %s do not fit in the VM's %llu MB", a->image,
			  a->program, (unsigned long long)(total / MB));
	else if (ret == -EFBIG)
		ctl_error("%s does not fit in the VM's %llu MB", a->image,
			  (unsigned long long)(total / MB));
	else
		ctl_error("cannot load %s into %s: %s", a->image, a->vm_name,
			  strerror(-ret));
	return CTL_EXIT_ERROR;
}

/* The VM's cores whose SMT sibling stayed with Linux. */
static void warn_split_cores(const struct smt_view *smt,
			     const struct create_args *a)
{
	int max = (int)a->cores * HOSTCPUS_SIBLINGS_MAX;
	int (*pairs)[2] = calloc(max, sizeof(*pairs));
	int n = pairs ? smt_split(smt, a->taken, (int)a->cores, pairs, max) : 0;

	for (int i = 0; i < n; i++) {
		char hint[64] = "";

		/* CPU 0 cannot be taken: then only nosmt helps. */
		if (pairs[i][1] != 0)
			snprintf(hint, sizeof(hint), "take both, e.g. --cpus "
				 "%d,%d, or ", pairs[i][0], pairs[i][1]);
		ctl_warn("%s's CPU %d shares a physical core with CPU %d, "
			 "which stays with Linux: Linux's work there slows "
			 "the VM, and each can observe the other's timing "
			 "(%sboot Linux with nosmt)",
			 a->vm_name, pairs[i][0], pairs[i][1], hint);
	}
	free(pairs);
}

static int build_and_start(struct create_args *a, const struct file_data *image,
			   const struct file_data *program)
{
	/* Read while every CPU is online: sysfs hides an offline one's. */
	static struct smt_view smt;
	int have_smt = smt_read(HOSTCPUS_SYSFS, &smt) == 0;
	uint64_t total = 0;
	int ret, fd = ctl_open_device();

	if (fd < 0)
		return CTL_EXIT_ERROR;
	ret = create_vm(fd, a);
	if (!ret)
		ret = take_memory(&fd, a, &total);
	if (!ret)
		ret = take_cores(&fd, a);
	if (!ret) {
		test_pause("core");
		ret = load_vm(&fd, a, image, program, total);
	}
	if (!ret) {
		test_pause("load");
		ret = v3_vm_start(fd);
		if (ret) {
			give_back(&fd);
			ctl_error("cannot start %s: %s (everything was given "
				  "back)",
				  a->vm_name, strerror(-ret));
			ret = CTL_EXIT_ERROR;
		}
	}
	v3_close(fd);
	if (!ret && have_smt)
		warn_split_cores(&smt, a);
	if (!ret)
		printf("%s\n", a->vm_name);
	return ret;
}

static int create_run(const struct command *cmd, int argc, char **argv)
{
	struct create_args a = { 0 };
	struct file_data image = { 0 }, program = { 0 };
	int ret;

	ret = parse_options(cmd, argc, argv, &a);
	if (ret)
		return ret;
	if (a.help)
		return ctl_help(cmd);
	ret = check_values(cmd, &a);
	if (!ret)
		ret = read_inputs(&a, &image, &program);
	if (!ret)
		ret = check_host(&a);
	/* --cores is at most the online CPUs now: a sane size. */
	if (!ret) {
		a.taken = calloc(a.cores, sizeof(*a.taken));
		if (!a.taken) {
			ctl_error("out of memory");
			ret = CTL_EXIT_ERROR;
		}
	}
	if (!ret)
		ret = build_and_start(&a, &image, &program);
	file_data_free(&image);
	file_data_free(&program);
	free(a.cpus);
	free(a.taken);
	return ret;
}

const struct command cmd_create = {
	.name = "create",
	.summary =
		"take memory and cores from Linux and boot an LWK VM on them",
	.help = "usage: v3ctl create IMAGE --mem SIZE (--cores N | --cpus LIST)\n"
		"           [--name NAME] [--cmdline STR] [-- PROGRAM [ARGS...]]\n"
		"\n"
		"Takes SIZE of memory and N cores from Linux, loads the\n"
		"Multiboot kernel IMAGE (build/lwk.img) and PROGRAM into a\n"
		"new VM and starts it, then prints the VM's name on stdout.\n"
		"Everything is checked before anything is taken; if a step\n"
		"fails, all that was taken goes back to Linux.\n"
		"\n"
		"  --mem SIZE     guest memory: bytes, or a number with K,\n"
		"                 M, G or T (powers of 1024); a multiple of\n"
		"                 the host's memory block size\n"
		"  --cores N      cores to take: 1 up to every online CPU\n"
		"                 but CPU 0, which stays with Linux (the\n"
		"                 highest free CPUs are taken)\n"
		"  --cpus LIST    which host CPUs to take, e.g. 3, 1,3 or\n"
		"                 1-3; vCPU i runs on the i-th (vCPU 0 boots)\n"
		"  --name NAME    the VM's name: letters, digits, '_', '.',\n"
		"                 '-', at most 31 (default: vm0, vm1, ...)\n"
		"  --cmdline STR  the LWK's command line (e.g. lwk.irqstats)\n"
		"  -- PROGRAM [ARGS...]\n"
		"                 the static Linux program the LWK runs and\n"
		"                 its arguments (argv[0] is PROGRAM's base\n"
		"                 name); without it the VM waits for\n"
		"                 programs from 'v3ctl run'\n"
		"  -h, --help     this help\n",
	.run = create_run,
};
