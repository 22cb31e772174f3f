// SPDX-License-Identifier: GPL-2.0
/*
 * tk's own modes: "hello" (prints and passes) and "selftest" (the trap
 * machinery: a fixed-up #UD, an INT3 caught by a handler). (QEMU TCG
 * gives no #GP for unknown MSRs, so the fixup is tried with UD2.) Checks the framework on plain QEMU and as a VM.
 */
#include "tk.h"

TK_MODE(hello)
{
	tk_printf("tk: hello: multiboot info at 0x%x\n", tk_mbi);
	return 0;
}

static volatile int bp_hits;

static void on_bp(struct tk_frame *f)
{
	(void)f;
	bp_hits++;
}

TK_MODE(selftest)
{
	int bad = 0;

	tk_fault = -1;
	asm volatile(TK_SAFE("ud2"));
	if (tk_fault != 6) {
		tk_printf("tk: selftest: ud2 was not fixed up (%d)\n", tk_fault);
		bad++;
	}
	tk_set_handler(3, on_bp);
	asm volatile("int3");
	if (bp_hits != 1) {
		tk_printf("tk: selftest: int3 handler ran %d times\n", bp_hits);
		bad++;
	}
	tk_printf("tk: selftest: %d failures\n", bad);
	return bad;
}
