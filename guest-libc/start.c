// SPDX-License-Identifier: GPL-2.0
/*
 * The C half of the start code (crt0.S jumps here): find argc, argv, the
 * environment and the auxiliary vector on the initial stack the LWK built
 * (Documentation/boot-protocol.md, "The initial stack and registers"), set
 * up the thread pointer, run the constructors, call main and exit with its
 * result.
 */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "v3vee_sys.h"

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHNUM 5
#define AT_RANDOM 25
#define ARCH_SET_FS 0x1002

extern char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);

/*
 * The thread control block FS points at. Code built with
 * -fstack-protector reads its canary at %fs:0x28, as on Linux; word 0
 * points at the block itself (the x86-64 TLS ABI). newlib keeps errno
 * and its other state in its own struct _reent, not in TLS.
 */
static struct {
	void *self;
	uint64_t pad[4];
	uint64_t stack_guard; /* offset 0x28 */
	uint64_t pad2[2];
} tcb;

static void die(const char *msg)
{
	v3_syscall(V3_NR_write, 2, (long)msg, (long)strlen(msg), 0);
	v3_syscall(V3_NR_exit_group, 127, 0, 0, 0);
	for (;;)
		;
}

/*
 * Thread-local variables (__thread) would need a TLS block set up from
 * PT_TLS; guest-libc has no threads and does not provide one, so refuse
 * such a program clearly rather than let it write below the TCB.
 */
static void check_no_tls(const Elf64_Phdr *phdr, unsigned long phnum)
{
	unsigned long i;

	for (i = 0; phdr && i < phnum; i++)
		if (phdr[i].p_type == PT_TLS && phdr[i].p_memsz)
			die("v3vee-cc: this program uses thread-local storage, "
			    "which guest-libc does not support\n");
}

void __attribute__((noreturn, used)) __v3vee_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;
	const unsigned long *aux;
	const Elf64_Phdr *phdr = NULL;
	unsigned long phnum = 0;

	while (*p)
		p++;
	for (aux = (const unsigned long *)(p + 1); aux[0] != AT_NULL;
	     aux += 2) {
		if (aux[0] == AT_PHDR)
			phdr = (const Elf64_Phdr *)aux[1];
		else if (aux[0] == AT_PHNUM)
			phnum = aux[1];
		else if (aux[0] == AT_RANDOM)
			memcpy(&tcb.stack_guard, (const void *)aux[1],
			       sizeof(tcb.stack_guard));
	}
	check_no_tls(phdr, phnum);

	/* As glibc does: a zero byte first stops string overflows. */
	tcb.stack_guard &= ~(uint64_t)0xff;
	tcb.self = &tcb;
	if (v3_syscall(V3_NR_arch_prctl, ARCH_SET_FS, (long)&tcb, 0, 0))
		die("v3vee-cc: arch_prctl(ARCH_SET_FS) failed\n");

	environ = envp;
	/* Constructors; newlib registered the destructors with atexit
	 * (--enable-newlib-register-fini), so exit() runs them. */
	__libc_init_array();
	exit(main(argc, argv, envp));
}
