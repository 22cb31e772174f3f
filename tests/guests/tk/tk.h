/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tk: a small freestanding test kernel for the VMM tests. It boots as a
 * Multiboot v1 kernel in 32-bit protected mode (paging off, so virtual =
 * physical), natively under QEMU or as a v3vee guest, prints on COM1 and
 * ends through the debug-exit port. The first word of its command line
 * names the mode to run (a TK_MODE defined in one of the tk_*.c files);
 * the rest are the mode's KEY=VALUE arguments (tk_arg()).
 *
 * Every mode prints "tk: MODE: ..." lines and returns 0 for pass; tk
 * exits with that status (a mode may also call tk_exit()).
 */
#ifndef TK_H
#define TK_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#define COM1 0x3f8
#define DEBUG_EXIT 0xf4
#define TK_APIC_BASE 0xfee00000u
#define EFLAGS_TF (1u << 8)
#define EFLAGS_IF (1u << 9)

/* What an exception or interrupt stub saved (tk_entry.S builds it). */
struct tk_frame {
	u32 edi, esi, ebp, esp0, ebx, edx, ecx, eax; /* pusha */
	u32 vector, error;
	u32 eip, cs, eflags;
};

/*
 * A handler for one vector (tk_set_handler). Without one, an exception
 * (vector < 32) ends tk with status 99 and a report, unless an exception
 * fixup covers the faulting EIP (TK_SAFE); an interrupt (>= 32) is
 * counted in tk_irq_count[] and acknowledged with an EOI.
 */
typedef void (*tk_handler)(struct tk_frame *f);

struct tk_mode {
	const char *name;
	int (*run)(void);
};

/* TK_MODE(name) { ... return 0; } defines the mode "name". */
#define TK_MODE(nm)                                                        \
	static int tk_mode_##nm(void);                                     \
	static const struct tk_mode tk_mode_desc_##nm                      \
		__attribute__((used, section(".tk_modes"), aligned(4))) = { \
			#nm, tk_mode_##nm                                  \
		};                                                         \
	static int tk_mode_##nm(void)

/* console and exit */
void tk_putc(char c);
void tk_puts(const char *s);
void tk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __attribute__((noreturn)) tk_exit(int status);

/* the command line */
const char *tk_arg(const char *key); /* KEY=VALUE, or NULL */
u32 tk_arg_u32(const char *key, u32 def);
extern u32 tk_mbi;                   /* Multiboot info (physical) */

/* string helpers */
int tk_strcmp(const char *a, const char *b);
int tk_strncmp(const char *a, const char *b, u32 n);
u32 tk_strlen(const char *s);
void *memset(void *d, int c, u32 n);
void *memcpy(void *d, const void *s, u32 n);

/* traps */
void tk_set_handler(u8 vector, tk_handler h);
extern volatile u32 tk_irq_count[256];
extern volatile int tk_fault;        /* vector of the last fixed-up fault */
extern volatile u32 tk_fault_error;

/*
 * TK_SAFE(insn): an instruction that may fault. If it does, the
 * exception handler resumes after it and tk_fault holds the vector
 * (else -1). Example: TK_SAFE("rdmsr") with the operands of an asm.
 */
#define TK_SAFE(insn)                                                  \
	"1: " insn "\n2:\n"                                            \
	".pushsection .tk_fixup, \"a\"\n.long 1b, 2b\n.popsection\n"

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpuid(u32 leaf, u32 sub, u32 r[4])
{
	asm volatile("cpuid"
		     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (u64)hi << 32;
}

/* rdmsr/wrmsr that report a fault: 0, or the exception vector. */
int tk_rdmsr(u32 msr, u64 *val);
int tk_wrmsr(u32 msr, u64 val);

/* Set by a mode that put the APIC in x2APIC mode: interrupts without a
 * handler are then ended through the EOI MSR (0x80b). */
extern bool tk_x2apic;

/*
 * The local APIC. tk_apic_write() stores with MOV r/m32, r32 (89 /r)
 * through a base register, the form every VMM decodes; tests of other
 * store forms write their own assembly.
 */
static inline u32 tk_apic_read(u32 reg)
{
	return *(volatile u32 *)(TK_APIC_BASE + reg);
}

static inline void tk_apic_write(u32 reg, u32 val)
{
	asm volatile("movl %0, (%1)" ::"r"(val), "r"(TK_APIC_BASE + reg)
		     : "memory");
}

static inline void tk_sti(void)
{
	asm volatile("sti" ::: "memory");
}

static inline void tk_cli(void)
{
	asm volatile("cli" ::: "memory");
}

#endif
