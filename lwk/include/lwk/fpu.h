/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program threads' x87/SSE/AVX state. The kernel itself never
 * touches these registers (it is built without SSE), so a thread's state
 * is live in the CPU while it runs and is saved only when it is switched
 * out. Areas are 64-byte aligned, fpu_state_size() bytes.
 */
#ifndef LWK_FPU_H
#define LWK_FPU_H

#include <lwk/types.h>

size_t fpu_state_size(void);
void fpu_save(void *area);
void fpu_restore(const void *area);

#endif
