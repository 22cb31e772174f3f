// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the program: the first Multiboot module is a static x86-64
 * ELF, its module command line is argv. Anything wrong with it ends the
 * boot with one "lwk: error:" line and LWK_STATUS_BAD_INPUT.
 */
#include <arch/v3vee.h>
#include <lwk/cmdline.h>
#include <lwk/elf_loader.h>
#include <lwk/fpu.h>
#include <lwk/fs.h>
#include <lwk/kmalloc.h>
#include <lwk/multiboot.h>
#include <lwk/pmem.h>
#include <lwk/power.h>
#include <lwk/printk.h>
#include <lwk/run.h>
#include <lwk/sched.h>
#include <lwk/string.h>
#include <lwk/task.h>
#include <lwk/time.h>
#include <lwk/uaccess.h>
#include <lwk/ustack.h>
#include <lwk/uvm.h>
#include <linux/auxvec.h>
#include <linux/mman.h>
#include <arch/cpu.h>
#include <arch/cpu_setup.h>
#include <arch/paging.h>

#define MAX_ARGS 256
#define ARGS_BUF 8192
#define STACK_IMAGE_SIZE (64 * 1024)

void lwk_random_bytes(void *buf, size_t len);

static char args_buf[ARGS_BUF];

static __noreturn void bad_input(const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("lwk: error: %s\n", msg);
	if (run_serving) /* only this job ends */
		run_program_ended(LWK_STATUS_BAD_INPUT);
	power_off(LWK_STATUS_BAD_INPUT);
}

static void load_segments(const struct elf_image *img, const uint8_t *file)
{
	uint64_t need = 0;

	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];

		need += ALIGN_UP(s->vaddr + s->memsz, FRAME_SIZE) -
			ALIGN_DOWN(s->vaddr, FRAME_SIZE);
	}
	need += USER_STACK_SIZE;
	if (need > pmem_free_bytes())
		bad_input("program too big: needs %lu MB of memory, %lu MB free",
			  need >> 20, pmem_free_bytes() >> 20);

	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];
		uint64_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
		uint64_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);

		/* Writable while loading; final protection below. */
		if (uvm_map(start, end - start, PROT_READ | PROT_WRITE))
			bad_input("program too big: no memory for segment %d (%lu MB)",
				  i, (end - start) >> 20);
		if (copy_to_user((void __user *)s->vaddr, file + s->file_offset,
				 s->filesz))
			panic("cannot copy segment %d into place", i);
	}
	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];
		uint64_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
		uint64_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);

		uvm_protect(start, end - start, s->prot);
	}
}

static uint64_t build_stack(const struct elf_image *img, int argc,
			    const char **argv, int envc, const char **envp)
{
	uint8_t *image = kzalloc(STACK_IMAGE_SIZE);
	uint64_t hwcap = cpuid(1, 0).edx;
	const uint64_t auxv[][2] = {
		{ AT_PHDR, img->phdr_vaddr },  { AT_PHENT, img->phentsize },
		{ AT_PHNUM, img->phnum },      { AT_PAGESZ, PAGE_SIZE },
		{ AT_BASE, 0 },                { AT_FLAGS, 0 },
		{ AT_ENTRY, img->entry },      { AT_UID, 0 },
		{ AT_EUID, 0 },                { AT_GID, 0 },
		{ AT_EGID, 0 },                { AT_SECURE, 0 },
		{ AT_CLKTCK, 100 },            { AT_HWCAP, hwcap },
		{ AT_HWCAP2, 0 },
	};
	struct ustack_args a = {
		.argc = argc,
		.argv = argv,
		.envc = envc,
		.envp = envp,
		.auxc = ARRAY_SIZE(auxv),
		.auxv = auxv,
		.platform = "x86_64",
		.execfn = argv[0],
	};
	uint64_t sp;

	if (!image)
		bad_input("out of memory building the program's stack");
	lwk_random_bytes(a.random, sizeof(a.random));
	sp = ustack_build(image, STACK_IMAGE_SIZE, USER_STACK_TOP, &a);
	if (!sp)
		bad_input("arguments and environment too large (%d KB at most)",
			  STACK_IMAGE_SIZE / 1024);
	if (copy_to_user((void __user *)(USER_STACK_TOP - STACK_IMAGE_SIZE),
			 image, STACK_IMAGE_SIZE))
		panic("cannot write the program's stack");
	kfree(image);
	return sp;
}

/* The program file appears as /bin/NAME, and /proc/self/exe points there. */
static void publish_program(const char *argv0, const void *file, size_t size)
{
	const char *base = strrchr(argv0, '/');
	char path[128];

	snprintf(path, sizeof(path), "/bin/%s", base ? base + 1 : argv0);
	if (fs_add_file(path, file, size) || fs_add_symlink("/proc/self/exe", path))
		printk("lwk: warning: cannot publish %s\n", path);
}

/* The initial FPU state, for every program's main thread. */
static void *fpu_initial;

void exec_first_program(void)
{
	const struct boot_module *m = &boot_info.module[0];
	const char *argv[MAX_ARGS + 1];
	int argc;

	if (!boot_info.nmodules)
		bad_input("no program: pass one as the first Multiboot module (QEMU -initrd \"prog args\", GRUB \"module /prog prog args\")");
	argc = cmdline_split(m->cmdline, args_buf, sizeof(args_buf), argv,
			     MAX_ARGS);
	if (argc < 0)
		bad_input("program command line longer than %d bytes", ARGS_BUF);
	if (argc == 0)
		argv[argc++] = "program";
	argv[argc] = NULL;
	exec_image(phys_to_virt(m->start), m->end - m->start, argc, argv,
		   lwk_options.envc, lwk_options.envp, true);
}

void exec_image(const void *file, size_t size, int argc, const char **argv,
		int envc, const char **envp, bool publish)
{
	struct elf_image img;
	char why[256];

	if (!fpu_initial) {
		/* The registers hold the initial FPU state (cpu_init): the
		 * first program is started before any ran. */
		fpu_initial = kzalloc(fpu_state_size() + 64);
		if (!fpu_initial)
			bad_input("out of memory for the FPU state");
		fpu_initial = (void *)ALIGN_UP((uint64_t)fpu_initial, 64);
		fpu_save(fpu_initial);
	}
	if (elf_inspect(file, size, USER_PIE_BASE, &img, why, sizeof(why)))
		bad_input("cannot run %s: %s", argv[0], why);

	the_process.exe_path = argv[0];
	load_segments(&img, file);
	if (uvm_map(USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE,
		    PROT_READ | PROT_WRITE))
		bad_input("program too big: no memory left for its stack");
	the_process.stack_bottom = USER_STACK_TOP - USER_STACK_SIZE;
	the_process.brk_start = ALIGN_UP(img.highest_vaddr, FRAME_SIZE);
	the_process.brk = the_process.brk_mapped = the_process.brk_start;
	the_process.mmap_next = USER_MMAP_TOP;
	if (publish)
		publish_program(argv[0], file, size);

	uint64_t sp = build_stack(&img, argc, argv, envc, envp);
	struct thread *t = thread_create();
	struct trap_frame tf;

	if (!t)
		bad_input("out of memory for the program's main thread");
	memset(&tf, 0, sizeof(tf));
	tf.rip = img.entry;
	tf.rsp = sp;
	tf.cs = USER_CS;
	tf.ss = USER_DS;
	tf.rflags = RFLAGS_IF | 0x2;
	thread_set_user_frame(t, &tf);
	memcpy(t->fpu, fpu_initial, fpu_state_size());
	the_process.start_ns = clock_monotonic_ns();
	v3vee_program_mark(true);
	thread_start(t);
}
