/* SPDX-License-Identifier: GPL-2.0 */
/* Synthesized /proc and /sys files (lwk/kernel/sysfiles.c). */
#ifndef LWK_SYSFILES_H
#define LWK_SYSFILES_H

void sysfiles_init(unsigned int ncpus);

#endif
