/* SPDX-License-Identifier: GPL-2.0 */
/* Just enough of the kernel's headers to build vmm-module/console.c for
 * a unit test (tests/unit/test_console.c). */
#ifndef KSHIM_TYPES_H
#define KSHIM_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef int32_t __s32;
typedef int64_t __s64;
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
/* Ordering as the kernel gives it on x86 (TSO); the fences keep the
 * compiler from moving accesses across them. */
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
