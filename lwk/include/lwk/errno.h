/* SPDX-License-Identifier: GPL-2.0 */
/* Linux errno values: the LWK speaks the Linux syscall ABI. */
#ifndef LWK_ERRNO_H
#define LWK_ERRNO_H

#include <asm-generic/errno.h>

#endif
