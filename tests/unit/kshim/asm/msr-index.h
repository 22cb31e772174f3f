/* SPDX-License-Identifier: GPL-2.0 */
/* The EFER bits guest_walk.c tests, for its host build. */
#ifndef KSHIM_MSR_INDEX_H
#define KSHIM_MSR_INDEX_H
#define EFER_LMA (1 << 10)
#endif
