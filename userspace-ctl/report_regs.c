// SPDX-License-Identifier: GPL-2.0
/* A guest's registers as one report object (stats of a failed VM, regs). */
#include "report_regs.h"

void report_regs(struct report *r, const char *key,
		 const struct v3_guest_regs *g)
{
	const struct {
		const char *name;
		__u64 value;
	} regs[] = {
		{ "rax", g->rax },
		{ "rbx", g->rbx },
		{ "rcx", g->rcx },
		{ "rdx", g->rdx },
		{ "rsi", g->rsi },
		{ "rdi", g->rdi },
		{ "rbp", g->rbp },
		{ "rsp", g->rsp },
		{ "r8", g->r8 },
		{ "r9", g->r9 },
		{ "r10", g->r10 },
		{ "r11", g->r11 },
		{ "r12", g->r12 },
		{ "r13", g->r13 },
		{ "r14", g->r14 },
		{ "r15", g->r15 },
		{ "rip", g->rip },
		{ "rflags", g->rflags },
		{ "cr0", g->cr0 },
		{ "cr2", g->cr2 },
		{ "cr3", g->cr3 },
		{ "cr4", g->cr4 },
		{ "efer", g->efer },
		{ "exit_code", g->exit_code },
		{ "exit_info1", g->exit_info1 },
		{ "exit_info2", g->exit_info2 },
	};

	report_object_begin(r, key);
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		report_hex(r, regs[i].name, regs[i].value);
	report_object_end(r);
}
