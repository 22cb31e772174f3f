/* SPDX-License-Identifier: GPL-2.0 */
/* Interrupt controllers. */
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

/* Remaps the legacy PICs above the exception vectors and masks them. */
void pic_disable(void);

#endif
