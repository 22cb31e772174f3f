/* SPDX-License-Identifier: GPL-2.0 */
/* Ending the machine when the program is done (lwk/arch/x86_64/power.c). */
#ifndef LWK_POWER_H
#define LWK_POWER_H

#include <lwk/types.h>

/* Exit statuses of the machine itself, beside the program's own. */
#define LWK_STATUS_PANIC 125    /* kernel bug or unexpected kernel fault */
#define LWK_STATUS_BAD_INPUT 126 /* no program, or one it cannot run */

/*
 * Reports status to the emulator (isa-debug-exit, port 0xf4) and powers
 * off through ACPI; with the lwk.keep option, halts instead so the
 * console stays readable. Never returns.
 */
__noreturn void power_off(int status);

#endif
