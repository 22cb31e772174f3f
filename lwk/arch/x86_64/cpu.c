// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU processor setup: GDT and TSS, the IDT, SYSCALL MSRs, and the
 * control-register features user programs expect (SSE/AVX state, NX).
 */
#include <lwk/printk.h>
#include <lwk/string.h>
#include <arch/cpu.h>
#include <arch/cpu_setup.h>
#include <arch/percpu.h>
#include <arch/trapframe.h>

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __packed;

#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_STACK_SIZE 8192

struct cpu_tables {
	uint64_t gdt[7]; /* null, kcode, kdata, udata, ucode, tss (2 slots) */
	struct tss tss;
	uint8_t ist_stacks[2][IST_STACK_SIZE] __aligned(16);
};

static struct cpu_tables cpu_tables[MAX_CPUS] __aligned(64);
static struct percpu percpu_area[MAX_CPUS] __aligned(64);
static struct idt_gate idt[256] __aligned(16);
static bool cpu_has_xsave;
uint64_t cpu_xcr0;
bool cpu_has_nx;

extern char trap_stubs[];
extern char syscall_entry[];

static void idt_build(void)
{
	for (int v = 0; v < 256; v++) {
		uint64_t addr = (uint64_t)trap_stubs + 16 * v;
		struct idt_gate *g = &idt[v];

		g->offset_low = addr & 0xffff;
		g->offset_mid = (addr >> 16) & 0xffff;
		g->offset_high = addr >> 32;
		g->selector = KERNEL_CS;
		g->type_attr = 0x8e; /* present, DPL 0, interrupt gate */
		g->ist = 0;
	}
	idt[2].ist = IST_NMI;
	idt[8].ist = IST_DOUBLE_FAULT;
}

static void gdt_load(unsigned int cpu)
{
	struct cpu_tables *t = &cpu_tables[cpu];
	uint64_t tss = (uint64_t)&t->tss;
	uint64_t limit = sizeof(t->tss) - 1;
	struct gdt_ptr gp = { sizeof(t->gdt) - 1, (uint64_t)t->gdt };

	t->gdt[0] = 0;
	t->gdt[1] = 0x00af9a000000ffff; /* KERNEL_CS: 64-bit code, DPL 0 */
	t->gdt[2] = 0x00cf92000000ffff; /* KERNEL_DS */
	t->gdt[3] = 0x00cff2000000ffff; /* USER_DS: DPL 3 */
	t->gdt[4] = 0x00affa000000ffff; /* USER_CS: 64-bit code, DPL 3 */
	t->gdt[5] = (limit & 0xffff) | ((tss & 0xffffff) << 16) |
		    (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
		    (((tss >> 24) & 0xff) << 56);
	t->gdt[6] = tss >> 32;
	t->tss.ist[IST_DOUBLE_FAULT - 1] =
		(uint64_t)t->ist_stacks[0] + IST_STACK_SIZE;
	t->tss.ist[IST_NMI - 1] = (uint64_t)t->ist_stacks[1] + IST_STACK_SIZE;
	t->tss.iomap_base = sizeof(t->tss); /* no I/O bitmap: user gets no ports */

	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "mov %2, %%ds\n\t"
		     "mov %2, %%es\n\t"
		     "mov %2, %%ss\n\t"
		     "ltr %w3"
		     :
		     : "m"(gp), "i"((uint64_t)KERNEL_CS), "r"(KERNEL_DS),
		       "r"(TSS_SEL)
		     : "rax", "memory");
}

void cpu_set_kernel_stack(uint64_t top)
{
	struct percpu *pc = this_cpu();

	pc->kstack_top = top;
	cpu_tables[pc->cpu_id].tss.rsp[0] = top;
}

/* SSE is mandatory on x86-64; AVX state is enabled when XSAVE has it. */
static void fpu_enable(void)
{
	struct cpuid_regs r1 = cpuid(1, 0);
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();

	cr0 &= ~(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE;
	write_cr0(cr0);
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_PGE;
	cpu_has_xsave = r1.ecx & (1u << 26);
	if (cpu_has_xsave)
		cr4 |= CR4_OSXSAVE;
	write_cr4(cr4);
	if (cpu_has_xsave) {
		struct cpuid_regs rd = cpuid(0xd, 0);
		/* x87, SSE, and AVX when present; AVX-512 stays off so the
		 * saved state stays small and glibc does not pick it. */
		cpu_xcr0 = rd.eax & 0x7;
		xsetbv(0, cpu_xcr0);
	}
	asm volatile("fninit");
}

void cpu_init(unsigned int cpu_id)
{
	struct percpu *pc = &percpu_area[cpu_id];
	struct cpuid_regs ext = cpuid(0x80000001, 0);

	pc->self = pc;
	pc->cpu_id = cpu_id;
	pc->apic_id = cpuid(1, 0).ebx >> 24;
	wrmsr(MSR_GS_BASE, (uint64_t)pc);
	wrmsr(MSR_KERNEL_GS_BASE, 0);

	gdt_load(cpu_id);
	if (cpu_id == 0)
		idt_build();
	struct gdt_ptr ip = { sizeof(idt) - 1, (uint64_t)idt };
	asm volatile("lidt %0" ::"m"(ip));

	cpu_has_nx = ext.edx & (1u << 20);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | (cpu_has_nx ? EFER_NXE : 0));
	/* SYSCALL loads CS=0x08/SS=0x10; SYSRET would use 0x20+3/0x18+3. */
	wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Clear IF, TF, DF, AC on entry. */
	wrmsr(MSR_FMASK, RFLAGS_IF | (1 << 8) | (1 << 10) | (1 << 18));

	fpu_enable();
}

struct percpu *cpu_percpu(unsigned int cpu_id)
{
	return &percpu_area[cpu_id];
}

void cpu_triple_fault(void)
{
	/*
	 * With an IDT limit of 0 no gate can be read: int3 raises #GP, the
	 * #GP cannot be delivered either and becomes a double fault, and a
	 * double fault that cannot be delivered shuts the CPU down. ud2 is
	 * there in case int3 were somehow skipped.
	 */
	struct gdt_ptr no_idt = { 0, 0 };

	irq_disable();
	asm volatile("lidt %0\n\t"
		     "int3\n\t"
		     "ud2" ::"m"(no_idt)
		     : "memory");
	__builtin_unreachable();
}
