/* SPDX-License-Identifier: GPL-2.0 */
#ifndef V3CTL_REPORT_REGS_H
#define V3CTL_REPORT_REGS_H

#include "v3vee.h"
#include "report.h"

/* KEY.rax ... KEY.exit_info2, in hex. */
void report_regs(struct report *r, const char *key,
		 const struct v3_guest_regs *regs);

#endif
